"""Certificates: a contest's template, the certificates issued from frozen results, and the batches
that issue them in the background.

A certificate is never edited once issued. Correcting a typo issues a new one that replaces it
(same serial number, next edition); an award obtained by fraud is revoked with who, when and why.
The public verification page finds a certificate only by its unguessable token.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contest.certificates.enums import BatchStatus, CertificateKind, CertificateStatus
from contest.core import officialdom, storage
from contest.core.enums import DocumentFormat

VERIFICATION_CODE_LENGTH = 8
# Names the dossier, so that two prizes of one unit never read the same.
DEFAULT_BODY_TEXT = "Với {ho_so}\nđã đạt {giai} {cuoc_thi}"


def new_token() -> str:
    # 128 bits, URL-safe: serial numbers are sequential, the token is what cannot be guessed.
    return secrets.token_urlsafe(16)


def certificate_storage():
    # Certificates, seals and signatures live in the private storage: no URL, served only
    # through views that check permissions (a seal image must never be downloadable). A callable,
    # so that migrations record a reference rather than a machine's path.
    return storage.private


class CertificateTemplate(models.Model):
    """How a contest's certificates look and who signs them (one per contest and kind)."""

    contest = models.ForeignKey(
        "contest.Contest", verbose_name=_("cuộc thi"), on_delete=models.CASCADE, related_name="certificate_templates"
    )
    kind = models.CharField(
        _("loại"), max_length=20, choices=CertificateKind.choices, default=CertificateKind.CERTIFICATE
    )
    document_format = models.CharField(
        _("thể thức"), max_length=10, choices=DocumentFormat.choices, default=DocumentFormat.STATE
    )
    parent_body = models.CharField(
        _("cơ quan cấp trên"), max_length=255, blank=True, help_text=_("Ví dụ: TỈNH ỦY HÀ TĨNH")
    )
    issuing_body = models.CharField(_("cơ quan cấp"), max_length=255, help_text=_("Ví dụ: BAN DÂN VẬN"))
    title = models.CharField(_("tiêu đề"), max_length=100, default="GIẤY CHỨNG NHẬN")
    decision_number = models.CharField(
        _("số quyết định"), max_length=50, blank=True, help_text=_("Ví dụ: 24-QĐ/BDVTU hoặc 05/QĐ-UBND")
    )
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True, help_text=_("Ví dụ: Hà Tĩnh"))
    serial_suffix = models.CharField(
        _("ký hiệu số"), max_length=30, default="GCN-BTC", help_text=_("Số in ra: 0012/GCN-BTC")
    )
    body_text = models.TextField(
        _("lời văn"),
        default=DEFAULT_BODY_TEXT,
        help_text=_(
            "Dùng {ho_so} (“mô hình …”, “điển hình …” hoặc “đội thi …” kèm tên), {mo_hinh} (chỉ tên, trong ngoặc kép), "
            "{giai} (tên giải), {cuoc_thi} (tên cuộc thi)."
        ),
    )
    signer_authority = models.CharField(
        _("thẩm quyền ký"),
        max_length=200,
        default="TM. BAN TỔ CHỨC",
        blank=True,
        help_text=_(
            "Mỗi dòng một dòng in, ví dụ “TM. ỦY BAN NHÂN DÂN” rồi “KT. CHỦ TỊCH” (văn bản của Đảng: “T/M BAN "
            "THƯỜNG VỤ”, “K/T TRƯỞNG BAN”). Để trống khi người đứng đầu cơ quan ký trực tiếp."
        ),
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, default="TRƯỞNG BAN")
    signer_name = models.CharField(_("họ tên người ký"), max_length=100)
    seal_image = models.ImageField(
        _("ảnh con dấu (PNG nền trong suốt)"), storage=certificate_storage, upload_to="certificates/seals/", blank=True
    )
    signature_image = models.ImageField(
        _("ảnh chữ ký (PNG nền trong suốt)"),
        storage=certificate_storage,
        upload_to="certificates/signatures/",
        blank=True,
    )
    background_image = models.ImageField(
        _("ảnh nền / khung viền"), storage=certificate_storage, upload_to="certificates/backgrounds/", blank=True
    )
    landscape = models.BooleanField(_("khổ A4 ngang"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["contest", "kind"]
        verbose_name = _("mẫu giấy chứng nhận")
        verbose_name_plural = pgettext_lazy("plural", "mẫu giấy chứng nhận")
        constraints = [
            models.UniqueConstraint(fields=["contest", "kind"], name="certificate_template_once_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.contest}"

    @property
    def party(self) -> bool:
        return self.document_format == DocumentFormat.PARTY

    def authority_lines(self) -> list[str]:
        return [line.strip() for line in self.signer_authority.splitlines() if line.strip()]

    def clean(self):
        # The format follows the issuer, and the signing lines are those of that format: a clerk
        # would send back "T/M BAN THƯỜNG VỤ / TRƯỞNG BAN" before it reached the signer.
        errors = {}
        mismatch = officialdom.format_mismatch(
            officialdom.issuer_format(self.parent_body, self.issuing_body), self.document_format
        )
        if mismatch:
            errors["document_format"] = mismatch
        problems = officialdom.signature_problems(self.authority_lines(), self.signer_title, party=self.party)
        if problems:
            errors["signer_authority"] = problems
        if errors:
            raise ValidationError(errors)


class CertificateBatch(models.Model):
    """One "issue the certificates of this result" run: its progress bar and its resumption."""

    snapshot = models.ForeignKey("contest.ResultSnapshot", on_delete=models.PROTECT, related_name="certificate_batches")
    template = models.ForeignKey(CertificateTemplate, on_delete=models.PROTECT, related_name="batches")
    status = models.CharField(_("trạng thái"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    done = models.PositiveIntegerField(_("đã in"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The django-tasks job rendering the batch now, and when it was queued (a resumed batch gets a
    # new job): the page asks the job queue whether anything really prints (services/progress.py).
    task_id = models.CharField(max_length=64, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    # The organiser's choice for this batch: if the timestamp authority cannot be reached, sign
    # without a timestamp (PAdES B-B) instead of stopping the batch (contest/signing/levels.py).
    sign_without_timestamp = models.BooleanField(_("ký không dấu thời gian nếu TSA lỗi"), default=False)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("đợt cấp giấy chứng nhận")
        verbose_name_plural = pgettext_lazy("plural", "đợt cấp giấy chứng nhận")
        constraints = [
            models.CheckConstraint(condition=Q(done__lte=models.F("total")), name="batch_done_within_total"),
        ]

    def __str__(self):
        return f"{self.snapshot} – {self.done}/{self.total}"


class Certificate(models.Model):
    contest = models.ForeignKey("contest.Contest", on_delete=models.PROTECT, related_name="certificates")
    batch = models.ForeignKey(
        CertificateBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    template = models.ForeignKey(CertificateTemplate, on_delete=models.PROTECT, related_name="certificates")
    snapshot = models.ForeignKey("contest.ResultSnapshot", on_delete=models.PROTECT, related_name="certificates")
    entry = models.ForeignKey("contest.Entry", on_delete=models.PROTECT, related_name="certificates")
    unit = models.ForeignKey("contest.Unit", on_delete=models.PROTECT, related_name="certificates")
    # What the certificate is for, stable across editions: "prize:nhat", "part:chao_hoi_xuat_sac" …
    award_key = models.CharField(max_length=100)
    holder_name = models.CharField(_("người / tập thể được cấp"), max_length=255)
    prize_name = models.CharField(_("giải"), max_length=150)
    entry_title = models.CharField(_("tên mô hình, điển hình"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"), validators=[MinValueValidator(1)])
    serial = models.CharField(_("số hiệu"), max_length=60)
    edition = models.PositiveSmallIntegerField(_("lần cấp"), default=1)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=CertificateStatus.choices, default=CertificateStatus.PENDING
    )
    pdf = models.FileField(_("tệp PDF"), storage=certificate_storage, upload_to="certificates/", blank=True)
    sha256 = models.CharField(_("mã SHA-256"), max_length=64, blank=True)
    issued_at = models.DateTimeField(_("cấp lúc"), null=True, blank=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    reissue_reason = models.TextField(_("lý do cấp lại"), blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["contest", "year", "number", "edition"]
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = pgettext_lazy("plural", "giấy chứng nhận")
        constraints = [
            # A serial number belongs to one award; its editions are numbered.
            models.UniqueConstraint(fields=["contest", "year", "number", "edition"], name="certificate_serial_edition"),
            # Issuing twice (a double click, a resumed batch) never makes a second live certificate.
            models.UniqueConstraint(
                fields=["snapshot", "entry", "award_key"],
                condition=Q(status__in=[CertificateStatus.PENDING, CertificateStatus.VALID]),
                name="certificate_one_live_per_award",
            ),
            models.CheckConstraint(condition=Q(status__in=CertificateStatus.values), name="certificate_status_known"),
            models.CheckConstraint(
                condition=~Q(status=CertificateStatus.VALID) | (Q(issued_at__isnull=False) & ~Q(sha256="")),
                name="certificate_valid_is_rendered",
            ),
            models.CheckConstraint(
                condition=~Q(status=CertificateStatus.REVOKED) | (Q(revoked_at__isnull=False) & ~Q(revoked_reason="")),
                name="certificate_revocation_recorded",
            ),
        ]

    def __str__(self):
        return f"{self.serial} – {self.holder_name}"

    @property
    def verification_code(self) -> str:
        """Printed under the QR code; with the serial it finds the certificate on the lookup page."""
        return self.token[:VERIFICATION_CODE_LENGTH]
