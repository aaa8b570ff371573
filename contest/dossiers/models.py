import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contest.core import storage
from contest.dossiers.enums import AttachmentKind, EntryAction, EntryKind, EntryState, TeamRole

TITLE_MAX_LENGTH = 300
TEXT_MAX_LENGTH = 20_000


def private_storage():
    """Storage for dossier files: outside MEDIA_ROOT and with no URL, served by a view.

    A callable, so that migrations record a reference instead of a machine's absolute path.
    """
    return storage.private


def attachment_path(instance, filename):
    # The user's file name is kept only as metadata; the stored name reveals nothing.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"entries/{instance.entry.contest_id}/{instance.entry_id}/{uuid.uuid4().hex}.{ext}"


def thumbnail_path(instance, filename):
    return f"entries/{instance.entry.contest_id}/{instance.entry_id}/thumb-{uuid.uuid4().hex}.jpg"


class Entry(models.Model):
    """A unit's dossier (hồ sơ) in a contest: the ten items of DOMAIN.md §6 plus attachments."""

    contest = models.ForeignKey(
        "contest.Contest", verbose_name=_("cuộc thi"), on_delete=models.PROTECT, related_name="entries"
    )
    unit = models.ForeignKey("contest.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("loại hồ sơ"), max_length=30, choices=EntryKind.choices, default=EntryKind.MODEL)
    field = models.ForeignKey(
        "contest.Field",
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=EntryState.choices, default=EntryState.DRAFT, db_index=True
    )

    # The ten dossier items.
    title = models.CharField(_("1. Tên mô hình / điển hình"), max_length=TITLE_MAX_LENGTH)
    exemplar_name = models.CharField(
        _("tên tập thể / cá nhân điển hình"),
        max_length=255,
        blank=True,
        help_text=_("Chỉ với hồ sơ điển hình."),
    )
    situation = models.TextField(_("2. Sự cần thiết, lý do xây dựng"), max_length=TEXT_MAX_LENGTH, blank=True)
    goals = models.TextField(_("3. Mục tiêu, tiêu chí đo lường"), max_length=TEXT_MAX_LENGTH, blank=True)
    content_methods = models.TextField(_("4. Nội dung, cách làm"), max_length=TEXT_MAX_LENGTH, blank=True)
    scope_beneficiaries = models.TextField(_("5. Phạm vi, đối tượng thụ hưởng"), max_length=TEXT_MAX_LENGTH, blank=True)
    forces = models.TextField(_("6. Lực lượng chủ trì, phối hợp, tham gia"), max_length=TEXT_MAX_LENGTH, blank=True)
    resources = models.TextField(
        _("7. Nguồn lực (kinh phí, ngày công, xã hội hóa)"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    started_on = models.DateField(_("8a. Ngày bắt đầu triển khai"), null=True, blank=True)
    milestones = models.TextField(_("8b. Các mốc thực hiện"), max_length=TEXT_MAX_LENGTH, blank=True)
    evaluation_on = models.DateField(_("8c. Ngày đánh giá, sơ kết"), null=True, blank=True)
    outputs = models.TextField(_("9. Kết quả, sản phẩm kiểm chứng được"), max_length=TEXT_MAX_LENGTH, blank=True)
    sustainability = models.TextField(
        _("10. Tính bền vững, khả năng nhân rộng"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    video_url = models.URLField(_("đường dẫn video"), max_length=500, blank=True)

    contact_name = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=20, blank=True)

    # A dossier handed in on paper and keyed in by the secretariat: the day the paper arrived, which
    # is what the deadline is checked against (the typing may come days later).
    paper_received_on = models.DateField(
        _("ngày nhận hồ sơ giấy"),
        null=True,
        blank=True,
        help_text=_("Chỉ với hồ sơ giấy do Tổ Thư ký nhập thay đơn vị."),
    )
    receipt_code = models.CharField(_("mã biên nhận"), max_length=32, null=True, blank=True, unique=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    # A form token: the same create form posted twice yields one entry, not two.
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hồ sơ dự thi")
        verbose_name_plural = pgettext_lazy("plural", "hồ sơ dự thi")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=EntryState.values), name="entry_state_known"),
            models.CheckConstraint(
                condition=Q(state=EntryState.DRAFT) | Q(receipt_code__isnull=False),
                name="entry_submitted_has_receipt",
            ),
        ]
        indexes = [models.Index(fields=["contest", "unit"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:entry-detail", args=[self.pk])

    @property
    def is_editable_state(self):
        return self.state in EntryState.editable_by_unit()

    @property
    def is_paper(self):
        """Entered by the secretariat from a paper dossier."""
        return self.paper_received_on is not None

    @property
    def is_team(self):
        return self.kind == EntryKind.TEAM


class TeamMember(models.Model):
    """A member of a team entry (đội thi: usually 5 contestants and 2 helpers)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    role = models.CharField(_("vai trò"), max_length=20, choices=TeamRole.choices, default=TeamRole.CONTESTANT)
    position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("thành viên đội thi")
        verbose_name_plural = pgettext_lazy("plural", "thành viên đội thi")

    def __str__(self):
        return self.full_name


class Attachment(models.Model):
    """A private file of a dossier. Stored under a generated name; served by a permission view."""

    SINGLE_KINDS = (AttachmentKind.REPORT, AttachmentKind.VIDEO, AttachmentKind.ENDORSEMENT)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tệp"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("tệp"), storage=private_storage, upload_to=attachment_path, max_length=255)
    thumbnail = models.FileField(storage=private_storage, upload_to=thumbnail_path, max_length=255, blank=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "uploaded_at"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = pgettext_lazy("plural", "tệp đính kèm")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "kind"],
                condition=Q(kind__in=["report", "video", "endorsement"]),
                name="attachment_single_per_kind",
            ),
        ]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("attachment-file", args=[self.pk])

    @property
    def is_image(self):
        return self.kind == AttachmentKind.PHOTO


class EntryEvent(models.Model):
    """One line of an entry's history: every state transition and notable change."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=30, choices=EntryAction.choices)
    from_state = models.CharField(_("từ trạng thái"), max_length=20, choices=EntryState.choices, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=20, choices=EntryState.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    reason = models.TextField(_("lý do / ghi chú"), blank=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("lịch sử hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "lịch sử hồ sơ")

    def __str__(self):
        return f"{self.get_action_display()} – {self.entry}"


class Extension(models.Model):
    """A later deadline granted by the secretariat to one unit in one contest (recorded)."""

    contest = models.ForeignKey(
        "contest.Contest", verbose_name=_("cuộc thi"), on_delete=models.CASCADE, related_name="extensions"
    )
    unit = models.ForeignKey(
        "contest.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="extensions"
    )
    until = models.DateTimeField(_("gia hạn đến"))
    reason = models.TextField(_("lý do"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cho phép"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("cho phép lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("gia hạn")
        verbose_name_plural = pgettext_lazy("plural", "gia hạn")

    def __str__(self):
        return f"{self.unit} – {self.until:%d/%m/%Y %H:%M}"


class EntryIndicator(models.Model):
    """A measurable result of a model, before and after (DOMAIN.md §9): "Hộ tham gia: 40 → 312 hộ".

    Values are text so that "5.000.000" or "≈ 1.200" stay as the unit wrote them; the public
    model page prints them in a table.
    """

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("chỉ số"), max_length=200)
    unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    before = models.CharField(_("trước khi thực hiện"), max_length=50, blank=True)
    after = models.CharField(_("sau khi thực hiện"), max_length=50)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("chỉ số kết quả")
        verbose_name_plural = pgettext_lazy("plural", "chỉ số kết quả")

    def __str__(self):
        return self.name
