"""Results: how a round's results are computed (its policy, prize tiers and the jury's recorded
tie decisions) and the frozen snapshots that rankings, minutes, decisions, certificates and the
public site read.

A snapshot is immutable once written: correcting a result means reopening a sheet (organisers,
with a reason), which invalidates the snapshot, and freezing again, which writes a new version.
At most one snapshot per round is in force at a time (a database constraint).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contest.results.enums import (
    AggregationMethod,
    RankingScope,
    RevocationGround,
    RevokedShowcase,
    SnapshotStatus,
)

# Hiệu quả, then nhân dân tham gia, then sáng tạo (DOMAIN.md §7).
DEFAULT_TIE_BREAK = ["hieu_qua", "nhan_dan_tham_gia", "sang_tao"]


def default_tie_break():
    return list(DEFAULT_TIE_BREAK)


class ResultsPolicy(models.Model):
    """The rules of a round's results, set by the organisers before they freeze it."""

    round = models.OneToOneField("contest.Round", on_delete=models.CASCADE, related_name="policy")
    method = models.CharField(
        _("cách tổng hợp điểm"), max_length=20, choices=AggregationMethod.choices, default=AggregationMethod.MEAN
    )
    trim_min_sheets = models.PositiveSmallIntegerField(
        _("số phiếu tối thiểu để bỏ điểm cao nhất, thấp nhất"),
        default=5,
        validators=[MinValueValidator(3)],
        help_text=_("Số phiếu tối thiểu để áp dụng cách bỏ điểm cao nhất và thấp nhất."),
    )
    discrepancy_threshold = models.DecimalField(
        _("ngưỡng chênh lệch điểm"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(20),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Tổng điểm của các giám khảo chênh nhau từ mức này trở lên thì Trưởng Ban Giám khảo xem lại."),
    )
    part_methods = models.JSONField(
        _("cách tổng hợp riêng cho từng phần thi"),
        default=dict,
        blank=True,
        help_text=_('Ví dụ {"tiểu phẩm": "trimmed_mean"}; phần thi không ghi dùng cách chung.'),
    )
    scope = models.CharField(
        _("phạm vi xếp hạng"), max_length=20, choices=RankingScope.choices, default=RankingScope.OVERALL
    )
    tie_break_criteria = models.JSONField(
        _("tiêu chí phân định khi bằng điểm"),
        default=default_tie_break,
        blank=True,
        help_text=_("Mã tiêu chí theo thứ tự ưu tiên."),
    )
    tie_break_by_judges = models.BooleanField(_("sau đó xét số giám khảo xếp cao hơn"), default=True)
    min_prize_score = models.DecimalField(
        _("điểm tối thiểu để được xét giải"), max_digits=6, decimal_places=2, default=Decimal(70)
    )
    prize_cap_share = models.DecimalField(
        _("tỷ lệ giải tối đa"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text=_("Ví dụ 0,3: không quá 30 phần trăm số hồ sơ được giải. Để trống: không giới hạn."),
    )
    shared_prizes = models.BooleanField(_("cho phép đồng giải"), default=True)
    advance_top = models.PositiveSmallIntegerField(
        _("chọn vào vòng sau: số hồ sơ đứng đầu mỗi cụm"), null=True, blank=True
    )
    advance_threshold = models.DecimalField(
        _("chọn vào vòng sau: điểm tối thiểu"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("cách tính kết quả")
        verbose_name_plural = pgettext_lazy("plural", "cách tính kết quả")
        constraints = [
            models.CheckConstraint(condition=Q(trim_min_sheets__gte=3), name="policy_trim_min_sheets"),
            models.CheckConstraint(condition=Q(method__in=AggregationMethod.values), name="policy_method_known"),
        ]

    def __str__(self):
        return str(self.round)


class PrizeTier(models.Model):
    """A prize of a round: "Giải Nhất", quota 1. A part prize (best greeting) names its part."""

    round = models.ForeignKey("contest.Round", on_delete=models.CASCADE, related_name="prize_tiers")
    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("tên giải"), max_length=150)
    quota = models.PositiveSmallIntegerField(_("số giải"), validators=[MinValueValidator(1)])
    min_score = models.DecimalField(_("điểm tối thiểu riêng"), max_digits=6, decimal_places=2, null=True, blank=True)
    part = models.CharField(
        _("phần thi"), max_length=100, blank=True, help_text=_("Để trống: giải chung. Ghi tên phần thi: giải phần thi.")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["round", "part", "order", "id"]
        verbose_name = _("giải thưởng")
        verbose_name_plural = pgettext_lazy("plural", "giải thưởng")
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="prize_tier_code_unique_in_round")]

    def __str__(self):
        return self.name


class TieDecision(models.Model):
    """The jury's recorded order for entries that no rule could separate (printed in the minutes)."""

    round = models.ForeignKey("contest.Round", on_delete=models.CASCADE, related_name="tie_decisions")
    entry_order = models.JSONField(_("thứ tự do Ban Giám khảo quyết định"))  # entry ids, best first
    reason = models.TextField(_("căn cứ quyết định"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "decided_at", "id"]
        verbose_name = _("quyết định phân định bằng điểm")
        verbose_name_plural = pgettext_lazy("plural", "quyết định phân định bằng điểm")

    def __str__(self):
        return f"{self.round}: {self.entry_order}"


class ResultSnapshot(models.Model):
    round = models.ForeignKey("contest.Round", on_delete=models.PROTECT, related_name="snapshots")
    version = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=SnapshotStatus.choices, default=SnapshotStatus.FROZEN
    )
    method = models.CharField(_("cách tổng hợp điểm"), max_length=20, choices=AggregationMethod.choices)
    # The policy, tiers and tie decisions as they were, so a snapshot explains itself forever.
    parameters = models.JSONField(_("tham số"))
    audit_head = models.CharField(_("mã niêm phong nhật ký"), max_length=64)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    frozen_at = models.DateTimeField(_("chốt lúc"), auto_now_add=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    invalidated_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    invalidated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invalidated_reason = models.TextField(_("lý do hủy"), blank=True)

    class Meta:
        ordering = ["round", "-version"]
        verbose_name = _("kết quả đã chốt")
        verbose_name_plural = pgettext_lazy("plural", "kết quả đã chốt")
        constraints = [
            models.UniqueConstraint(fields=["round", "version"], name="snapshot_version_unique"),
            models.UniqueConstraint(
                fields=["round"], condition=~Q(status=SnapshotStatus.INVALIDATED), name="snapshot_one_in_force"
            ),
            models.CheckConstraint(condition=Q(status__in=SnapshotStatus.values), name="snapshot_status_known"),
            models.CheckConstraint(
                condition=~Q(status=SnapshotStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="snapshot_published_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.round} – v{self.version}"


class ResultRow(models.Model):
    """One entry's line in a frozen snapshot."""

    snapshot = models.ForeignKey(ResultSnapshot, on_delete=models.CASCADE, related_name="rows")
    entry = models.ForeignKey("contest.Entry", on_delete=models.PROTECT, related_name="result_rows")
    scope_label = models.CharField(_("bảng xếp hạng"), max_length=150, blank=True)
    code = models.PositiveIntegerField(_("số hiệu"))
    rank = models.PositiveIntegerField(_("hạng"), null=True, blank=True)  # None: no submitted sheet
    score = models.DecimalField(_("điểm"), max_digits=7, decimal_places=2, null=True, blank=True)
    band = models.CharField(_("xếp loại"), max_length=20, blank=True)
    prize_code = models.SlugField(_("mã giải"), max_length=40, blank=True)
    prize_name = models.CharField(_("giải"), max_length=150, blank=True)
    part_prizes = models.JSONField(_("giải phần thi"), default=list, blank=True)  # [name, …]
    part_scores = models.JSONField(_("điểm từng phần"), default=dict, blank=True)
    criterion_means = models.JSONField(_("điểm trung bình từng tiêu chí"), default=dict, blank=True)
    judge_totals = models.JSONField(_("tổng điểm của từng giám khảo"), default=dict, blank=True)  # judge id → total
    # When the public vote is a share of the score (contest/results/vote_share.py): ``score`` is the
    # final score and these keep the jury's own score and rank and the vote beside it.
    jury_score = models.DecimalField(_("điểm Ban Giám khảo"), max_digits=7, decimal_places=2, null=True, blank=True)
    jury_rank = models.PositiveIntegerField(_("hạng theo Ban Giám khảo"), null=True, blank=True)
    vote_count = models.PositiveIntegerField(_("lượt bình chọn hợp lệ"), null=True, blank=True)
    vote_score = models.DecimalField(_("điểm bình chọn"), max_digits=7, decimal_places=2, null=True, blank=True)
    sheet_count = models.PositiveSmallIntegerField(_("số phiếu"), default=0)
    discrepant = models.BooleanField(_("chênh lệch lớn"), default=False)
    decided_by = models.CharField(_("phân định bằng"), max_length=40, blank=True)
    shared_rank = models.BooleanField(_("đồng hạng"), default=False)
    advances = models.BooleanField(_("vào vòng sau"), default=False)

    class Meta:
        ordering = ["snapshot", "scope_label", "rank", "code"]
        verbose_name = _("dòng kết quả")
        verbose_name_plural = pgettext_lazy("plural", "dòng kết quả")
        constraints = [models.UniqueConstraint(fields=["snapshot", "entry"], name="result_row_once")]

    def __str__(self):
        return f"{self.snapshot}: {self.entry_id} #{self.rank}"


DEFAULT_REVOCATION_BASIS = "Điều 93 Luật Thi đua, khen thưởng năm 2022"


class AwardRevocation(models.Model):
    """An award withdrawn after the decision, by a revoking decision (number, date, legal ground).

    Nothing is deleted: the published result it came from stays as it was (or, when the next entry
    is promoted, is replaced by a new frozen version and kept as history); the certificates are
    revoked through their own path; the public pages read this row to say so.
    """

    round = models.ForeignKey("contest.Round", on_delete=models.PROTECT, related_name="award_revocations")
    entry = models.ForeignKey("contest.Entry", on_delete=models.PROTECT, related_name="award_revocations")
    snapshot = models.ForeignKey(ResultSnapshot, on_delete=models.PROTECT, related_name="revocations")
    prize_names = models.JSONField(_("giải bị thu hồi"), default=list)
    ground = models.CharField(_("căn cứ thu hồi"), max_length=30, choices=RevocationGround.choices)
    ground_detail = models.TextField(_("nội dung vi phạm"), blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, default=DEFAULT_REVOCATION_BASIS)
    decision_number = models.CharField(_("số quyết định thu hồi"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định thu hồi"))
    showcase = models.CharField(
        _("trang mô hình"), max_length=10, choices=RevokedShowcase.choices, default=RevokedShowcase.MARK
    )
    promoted_entry = models.ForeignKey(
        "contest.Entry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    promoted_snapshot = models.ForeignKey(
        ResultSnapshot, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        ordering = ["round", "-revoked_at", "-id"]
        verbose_name = _("quyết định thu hồi giải")
        verbose_name_plural = pgettext_lazy("plural", "quyết định thu hồi giải")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry"], name="award_revoked_once"),
            models.CheckConstraint(condition=Q(ground__in=RevocationGround.values), name="revocation_ground_known"),
            models.CheckConstraint(condition=Q(showcase__in=RevokedShowcase.values), name="revocation_showcase_known"),
            models.CheckConstraint(
                condition=~Q(ground=RevocationGround.OTHER) | ~Q(ground_detail=""), name="revocation_other_explained"
            ),
            models.CheckConstraint(condition=~Q(decision_number=""), name="revocation_has_decision_number"),
        ]

    def __str__(self):
        return f"{self.round}: {self.entry_id} – {self.decision_number}"
