import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from contest.core import officialdom
from contest.core.enums import ContestKind, DocumentFormat, RoundKind, ScoreDisclosure


class Contest(ClusterableModel):
    """One contest (a model review or a Hội thi) with its calendar, quota and file limits.

    Every limit is data an organiser can change; the defaults follow DOMAIN.md §6.
    """

    kind = models.CharField(
        _("loại cuộc thi"), max_length=20, choices=ContestKind.choices, default=ContestKind.MODEL_REVIEW
    )
    name = models.CharField(_("tên cuộc thi"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    organiser_body = models.CharField(_("cơ quan tổ chức"), max_length=255)
    document_format = models.CharField(
        _("thể thức văn bản"),
        max_length=10,
        choices=DocumentFormat.choices,
        default=DocumentFormat.STATE,
        help_text=_("Cơ quan Đảng (như Ban Dân vận) ban hành văn bản theo thể thức của Đảng."),
    )
    document_place = models.CharField(
        _("địa danh ghi trên văn bản"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: Hà Tĩnh — dòng “Hà Tĩnh, ngày … tháng … năm …” của biên bản, quyết định, giấy chứng nhận."),
    )
    rules_text = models.TextField(_("thể lệ"), blank=True)
    rules_document = models.FileField(_("văn bản thể lệ / kế hoạch"), upload_to="contest-rules/", blank=True)

    registration_opens = models.DateTimeField(_("mở đăng ký"))
    registration_deadline = models.DateTimeField(
        _("hạn đăng ký"),
        null=True,
        blank=True,
        help_text=_("Sau hạn này không tạo được hồ sơ mới. Để trống: bằng hạn nộp hồ sơ."),
    )
    submission_deadline = models.DateTimeField(_("hạn nộp hồ sơ"))
    judging_starts = models.DateField(_("bắt đầu chấm"), null=True, blank=True)
    judging_ends = models.DateField(_("kết thúc chấm"), null=True, blank=True)
    results_date = models.DateField(_("ngày công bố kết quả"), null=True, blank=True)
    score_disclosure = models.CharField(
        _("điểm trên trang kết quả công khai"),
        max_length=10,
        choices=ScoreDisclosure.choices,
        default=ScoreDisclosure.ALL,
        help_text=_(
            "Chọn “chỉ hồ sơ đạt giải” để hồ sơ không đạt giải chỉ hiện tên, không hiện hạng, điểm, xếp loại "
            "(cả trong tệp CSV tải về). Biên bản và quyết định vẫn ghi đủ."
        ),
    )

    entry_quota_per_unit = models.PositiveSmallIntegerField(
        _("số hồ sơ tối đa mỗi đơn vị"), default=3, validators=[MinValueValidator(1)]
    )
    require_endorsement = models.BooleanField(_("bắt buộc xác nhận của cấp ủy"), default=True)
    min_running_months = models.PositiveSmallIntegerField(_("thời gian triển khai tối thiểu (tháng)"), default=12)
    # The rules' ceiling on the public vote's share of the final score (contest/results/vote_share.py);
    # 0: the rules do not let the vote count toward the score (a separate prize only).
    vote_share_cap = models.DecimalField(
        _("bình chọn của công chúng chiếm tối đa (% điểm chung cuộc)"),
        max_digits=3,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(50))],
        help_text=_(
            "Theo thể lệ: 0 nếu bình chọn chỉ dùng để trao giải riêng; tối đa 50 (điểm của Ban Giám khảo luôn "
            "chiếm ít nhất một nửa)."
        ),
    )

    max_report_mb = models.PositiveSmallIntegerField(_("dung lượng báo cáo tối đa (MB)"), default=10)
    max_report_pages = models.PositiveSmallIntegerField(_("số trang báo cáo tối đa"), default=10)
    max_photos = models.PositiveSmallIntegerField(_("số ảnh tối đa"), default=10)
    max_photo_mb = models.PositiveSmallIntegerField(_("dung lượng mỗi ảnh tối đa (MB)"), default=5)
    max_video_mb = models.PositiveSmallIntegerField(_("dung lượng video tối đa (MB)"), default=200)
    max_video_minutes = models.PositiveSmallIntegerField(_("thời lượng video tối đa (phút)"), default=10)
    max_evidence_files = models.PositiveSmallIntegerField(_("số tệp minh chứng tối đa"), default=10)
    max_evidence_mb = models.PositiveSmallIntegerField(_("dung lượng mỗi minh chứng (MB)"), default=10)
    allowed_report_types = models.CharField(
        _("định dạng báo cáo"),
        max_length=100,
        default="pdf,docx",
        help_text=_("Phân cách bằng dấu phẩy, ví dụ: pdf,docx"),
    )
    allowed_photo_types = models.CharField(_("định dạng ảnh"), max_length=100, default="jpeg,png,webp")
    allowed_video_types = models.CharField(_("định dạng video"), max_length=100, default="mp4,webm,mov")
    allowed_evidence_types = models.CharField(_("định dạng minh chứng"), max_length=100, default="pdf,docx,jpeg,png")

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("cuộc thi")
        verbose_name_plural = pgettext_lazy("plural", "cuộc thi")
        constraints = [
            models.CheckConstraint(
                condition=Q(vote_share_cap__gte=0) & Q(vote_share_cap__lte=50), name="contest_vote_share_cap_range"
            ),
            models.CheckConstraint(
                condition=Q(submission_deadline__gt=F("registration_opens")),
                name="contest_deadline_after_opening",
                violation_error_message=_("Hạn nộp hồ sơ phải sau thời điểm mở đăng ký."),
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lte=F("submission_deadline")),
                name="contest_registration_before_submission",
                violation_error_message=_("Hạn đăng ký không được sau hạn nộp hồ sơ."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        mismatch = officialdom.format_mismatch(officialdom.issuer_format(self.organiser_body), self.document_format)
        if mismatch:
            raise ValidationError({"document_format": mismatch})

    @property
    def effective_document_format(self) -> str:
        """The format the documents are laid out in: the issuer's when its name tells (a Party body
        never gets a state heading), else the organisers' choice."""
        return officialdom.issuer_format(self.organiser_body) or self.document_format

    def get_absolute_url(self):
        return reverse("portal:home")

    @property
    def last_registration_moment(self):
        return self.registration_deadline or self.submission_deadline

    def is_registration_open(self, now=None):
        now = now or timezone.now()
        return self.registration_opens <= now <= self.last_registration_moment

    def allowed_types(self, kind) -> list[str]:
        raw = getattr(self, f"allowed_{kind}_types", "")
        return [t.strip().lower() for t in raw.split(",") if t.strip()]


# Rubric.field (contest/judging/models.py) is a modelcluster ParentalKey, whose reverse manager
# django-stubs cannot resolve.
class Field(models.Model):  # type: ignore[django-manager-missing]
    """A lĩnh vực, editable per contest; prizes are often given per field."""

    contest = ParentalKey(Contest, related_name="fields", on_delete=models.CASCADE)
    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("lĩnh vực"), max_length=150)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = pgettext_lazy("plural", "lĩnh vực")
        constraints = [
            models.UniqueConstraint(fields=["contest", "code"], name="field_code_unique_in_contest"),
            models.UniqueConstraint(fields=["contest", "name"], name="field_name_unique_in_contest"),
        ]

    def __str__(self):
        return self.name


# Names the set-up gives a round before anyone names it: never printed for the public.
INTERNAL_ROUND_NAMES = {"vòng chấm", "vòng duy nhất", "vòng thi", "vòng 1"}
PUBLIC_ROUND_NAMES: dict[str, object] = {
    RoundKind.PRELIMINARY.value: _("Vòng sơ khảo"),
    RoundKind.FINAL.value: _("Vòng chung khảo"),
}


class Round(ClusterableModel):
    """A stage of judging: sơ khảo (possibly in clusters) or chung khảo."""

    contest = ParentalKey(Contest, related_name="rounds", on_delete=models.CASCADE)
    name = models.CharField(_("tên vòng"), max_length=150)
    kind = models.CharField(_("loại vòng"), max_length=20, choices=RoundKind.choices, default=RoundKind.SINGLE)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    starts_on = models.DateField(_("bắt đầu"), null=True, blank=True)
    ends_on = models.DateField(_("kết thúc"), null=True, blank=True)

    # Judging settings (DOMAIN.md §7): all data an organiser can change per round.
    judges_per_entry = models.PositiveSmallIntegerField(
        _("số giám khảo chấm mỗi hồ sơ"), default=3, validators=[MinValueValidator(1)]
    )
    all_judges_score_all = models.BooleanField(
        _("mọi giám khảo chấm mọi hồ sơ"), default=False, help_text=_("Thường dùng khi Ban Giám khảo ít người.")
    )
    blind = models.BooleanField(
        _("chấm ẩn danh"), default=False, help_text=_("Giám khảo không thấy tên đơn vị và thông tin nhận diện.")
    )
    scoring_deadline = models.DateTimeField(_("hạn chấm"), null=True, blank=True)

    class Meta:
        ordering = ["contest", "order"]
        verbose_name = _("vòng thi")
        verbose_name_plural = pgettext_lazy("plural", "vòng thi")
        constraints = [
            models.UniqueConstraint(fields=["contest", "order"], name="round_order_unique_in_contest"),
        ]

    def __str__(self):
        return f"{self.contest} – {self.name}"

    @property
    def public_name(self) -> str:
        """The round as people name it in a public page or a document: its own name, unless that
        is a placeholder of the set-up ("Vòng chấm"), then by its kind ("Vòng sơ khảo",
        "Vòng chung khảo"); "" for the only round of a contest (the contest's name says it all)."""
        name = " ".join(self.name.split())
        if name and unicodedata.normalize("NFC", name).casefold() not in INTERNAL_ROUND_NAMES:
            return name
        return str(PUBLIC_ROUND_NAMES.get(self.kind, ""))


class RoundGroup(models.Model):
    """A cluster (cụm) or group within a round."""

    round = ParentalKey(Round, related_name="groups", on_delete=models.CASCADE)
    name = models.CharField(_("tên cụm / bảng"), max_length=150)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("cụm / bảng")
        verbose_name_plural = pgettext_lazy("plural", "cụm / bảng")
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="group_name_unique_in_round"),
        ]

    def __str__(self):
        return self.name
