"""The notice period of a round's results: the contest's rules for it, the organisers' additions to
Vietnam's calendar, the notice itself (the provisional list made public for opinions), and the
organisers' written overrides of its gate.

Deadlines are dates: a period ends at the end of that day in Asia/Ho_Chi_Minh.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contest.core import storage
from contest.notices.enums import (
    CalendarDayKind,
    ComplaintKind,
    ComplaintOutcome,
    ComplaintStatus,
    GateAction,
    NoticeStatus,
    OpinionStatus,
)

DEFAULT_LEGAL_BASIS = (
    "Căn cứ Luật Thi đua, khen thưởng năm 2022;\n"
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành "
    "một số điều của Luật Thi đua, khen thưởng;\n"
    "Căn cứ Thể lệ {cuoc_thi};"
)


class NoticeRules(models.Model):
    """Per contest (its quy chế): whether a notice period applies, and its windows in working days."""

    contest = models.OneToOneField(
        "contest.Contest", verbose_name=_("cuộc thi"), on_delete=models.CASCADE, related_name="notice_rules"
    )
    enabled = models.BooleanField(
        _("áp dụng thời gian lấy ý kiến"),
        default=True,
        help_text=_("Khi áp dụng, kết quả chỉ được công bố chính thức sau khi hết thời gian lấy ý kiến."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("thời gian lấy ý kiến (ngày làm việc)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    complaint_days = models.PositiveSmallIntegerField(
        _("thời hạn khiếu nại, phúc khảo (ngày làm việc)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Tính từ ngày bắt đầu lấy ý kiến."),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("thời hạn trả lời khiếu nại (ngày làm việc)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Tính từ ngày sau ngày nhận đơn."),
    )
    opinion_address = models.TextField(
        _("nơi nhận ý kiến"),
        blank=True,
        help_text=_("Ví dụ: Văn phòng Ban Tổ chức, số 1 đường …; thư điện tử …. In trên Thông báo và trang kết quả."),
    )
    legal_basis = models.TextField(
        _("căn cứ pháp lý của Thông báo"),
        default=DEFAULT_LEGAL_BASIS,
        help_text=_("Mỗi dòng một căn cứ; {cuoc_thi} là tên cuộc thi. Sửa khi văn bản pháp luật thay đổi."),
    )
    signer_title = models.CharField(_("chức vụ người ký Thông báo"), max_length=100, default="TRƯỞNG BAN")
    signer_name = models.CharField(_("họ tên người ký Thông báo"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("quy định lấy ý kiến")
        verbose_name_plural = pgettext_lazy("plural", "quy định lấy ý kiến")

    def __str__(self):
        return str(self.contest)


class CalendarDay(models.Model):
    """A compensatory day off or a make-up working day the government announced, added by the
    organisers on top of the ``holidays`` library's calendar (which wins nothing over it)."""

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=CalendarDayKind.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("ngày nghỉ bù, làm bù")
        verbose_name_plural = pgettext_lazy("plural", "ngày nghỉ bù, làm bù")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CalendarDayKind.values), name="calendar_day_kind_known")
        ]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} – {self.get_kind_display()}"


class Notice(models.Model):
    """The provisional list of a round made public for opinions (one per round)."""

    round = models.OneToOneField("contest.Round", on_delete=models.PROTECT, related_name="notice")
    snapshot = models.ForeignKey(
        "contest.ResultSnapshot", on_delete=models.PROTECT, related_name="+", help_text=_("Phiên bản công bố dự kiến")
    )
    number = models.CharField(_("số Thông báo"), max_length=50, blank=True, help_text=_("Ví dụ: 12/TB-BTC"))
    starts_on = models.DateField(_("bắt đầu lấy ý kiến"))
    ends_on = models.DateField(_("hết hạn lấy ý kiến"))
    complaints_end = models.DateField(_("hết hạn khiếu nại, phúc khảo"))
    # The rules as they were at publication, so a later change of rules never moves a deadline.
    notice_days = models.PositiveSmallIntegerField()
    complaint_days = models.PositiveSmallIntegerField()
    answer_days = models.PositiveSmallIntegerField()
    opinion_address = models.TextField(blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.OPEN)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("đăng lúc"), auto_now_add=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    summary_audit_head = models.CharField(_("mã niêm phong báo cáo tổng hợp"), max_length=64, blank=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("thông báo lấy ý kiến")
        verbose_name_plural = pgettext_lazy("plural", "thông báo lấy ý kiến")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="notice_ends_after_start"),
            models.CheckConstraint(
                condition=Q(complaints_end__gte=models.F("starts_on")), name="notice_complaints_after_start"
            ),
            models.CheckConstraint(condition=Q(status__in=NoticeStatus.values), name="notice_status_known"),
        ]

    def __str__(self):
        return str(self.round)

    @property
    def last_day(self):
        """The last day anything may still arrive: the later of the two windows."""
        return max(self.ends_on, self.complaints_end)


class GateOverride(models.Model):
    """An organiser's written decision to go ahead before the notice period allows it."""

    round = models.ForeignKey("contest.Round", on_delete=models.PROTECT, related_name="gate_overrides")
    action = models.CharField(_("việc"), max_length=30, choices=GateAction.choices)
    reason = models.TextField(_("lý do"))
    blockers = models.JSONField(_("điều kiện chưa đủ lúc đó"), default=list)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "at"]
        verbose_name = _("quyết định vượt điều kiện")
        verbose_name_plural = pgettext_lazy("plural", "quyết định vượt điều kiện")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="gate_override_has_reason"),
            models.CheckConstraint(condition=Q(action__in=GateAction.values), name="gate_override_action_known"),
        ]

    def __str__(self):
        return f"{self.round}: {self.get_action_display()}"


def opinion_storage():
    # Opinions' files are private like dossier files: no URL, streamed by a permission-checked view.
    return storage.private


class Opinion(models.Model):
    """An opinion on the provisional list, from anyone. Private to the organisers and the
    secretariat: the contact details never appear on a public page."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="opinions")
    entry = models.ForeignKey(
        "contest.Entry",
        verbose_name=_("hồ sơ được góp ý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("họ tên"), max_length=150)
    contact = models.CharField(_("điện thoại hoặc thư điện tử"), max_length=150)
    content = models.TextField(_("nội dung"))
    receipt_code = models.CharField(_("mã tiếp nhận"), max_length=20, unique=True)
    # One per form shown: a second post of the same form finds the first opinion.
    form_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.RECEIVED
    )
    handling = models.TextField(_("kết quả xử lý"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)

    class Meta:
        ordering = ["notice", "created_at", "id"]
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = pgettext_lazy("plural", "ý kiến góp ý")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=OpinionStatus.values), name="opinion_status_known"),
            models.CheckConstraint(
                condition=~Q(status=OpinionStatus.HANDLED) | ~Q(handling=""), name="opinion_handled_has_text"
            ),
        ]

    def __str__(self):
        return self.receipt_code


class OpinionFile(models.Model):
    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(storage=opinion_storage, upload_to="opinions/%Y/%m/", max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["opinion", "id"]
        verbose_name = _("tệp kèm ý kiến")
        verbose_name_plural = pgettext_lazy("plural", "tệp kèm ý kiến")

    def __str__(self):
        return self.original_name


class Complaint(models.Model):
    """A unit's complaint or re-marking request (phúc khảo) about its own entry, filed in the portal
    inside the notice's complaint window. Private to the unit that filed it and to the staff (the
    round's head judge too, for a re-marking). Until it is answered it holds the gate."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="complaints")
    entry = models.ForeignKey(
        "contest.Entry", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="complaints"
    )
    kind = models.CharField(_("loại đơn"), max_length=10, choices=ComplaintKind.choices)
    grounds = models.TextField(_("nội dung, lý do"))
    number = models.CharField(_("số tiếp nhận"), max_length=20, unique=True)
    # One per form shown: a second post of the same form finds the first complaint.
    form_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    filed_on = models.DateField(_("ngày nhận"))
    due_on = models.DateField(_("hạn trả lời"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác minh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verification = models.TextField(_("kết quả xác minh"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("kết luận"), max_length=10, choices=ComplaintOutcome.choices, blank=True)
    reasons = models.TextField(_("lý do kết luận"), blank=True)
    answer_number = models.CharField(_("số Phiếu trả lời"), max_length=50, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    # A re-marking: the sheets reopened for it, the result version in force when they were reopened
    # and the one in force when it was answered (the public page shows what changed between them).
    reopened_sheets = models.ManyToManyField("contest.ScoreSheet", blank=True, related_name="+")
    snapshot_before = models.ForeignKey(
        "contest.ResultSnapshot", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    snapshot_after = models.ForeignKey(
        "contest.ResultSnapshot", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["notice", "filed_at", "id"]
        verbose_name = _("đơn khiếu nại, phúc khảo")
        verbose_name_plural = pgettext_lazy("plural", "đơn khiếu nại, phúc khảo")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ComplaintKind.values), name="complaint_kind_known"),
            models.CheckConstraint(condition=Q(status__in=ComplaintStatus.values), name="complaint_status_known"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=ComplaintOutcome.values), name="complaint_outcome_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=ComplaintStatus.ANSWERED) | (~Q(outcome="") & ~Q(reasons="")),
                name="complaint_answer_has_outcome_and_reasons",
            ),
            models.CheckConstraint(condition=~Q(grounds=""), name="complaint_has_grounds"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_pending(self) -> bool:
        return self.status != ComplaintStatus.ANSWERED


def complaint_storage():
    # Private like dossier files: no URL, streamed by a permission-checked view.
    return storage.private


class ComplaintFile(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(storage=complaint_storage, upload_to="complaints/%Y/%m/", max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["complaint", "id"]
        verbose_name = _("tệp kèm đơn")
        verbose_name_plural = pgettext_lazy("plural", "tệp kèm đơn")

    def __str__(self):
        return self.original_name
