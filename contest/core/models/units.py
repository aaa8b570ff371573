from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contest.core.text import fold, nfc


def unit_code(text: str) -> str:
    """A unit code as typed, made comparable: NFC, no surrounding spaces (case is kept; codes
    are compared ignoring it)."""
    return nfc(text or "").strip()


def _unique_code(model, name):
    """An internal key for a row the back office creates by its name alone."""
    base = slugify(fold(name))[:36] or "muc"
    code, n = base, 1
    while model.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


class _NamedCodeList(models.Model):
    code = models.SlugField(_("mã"), max_length=40, unique=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = _unique_code(type(self), getattr(self, "name"))  # noqa: B009 - declared by subclasses
        super().save(*args, **kwargs)


class UnitLevel(_NamedCodeList):
    """A level of the hierarchy (tỉnh, xã/phường/đặc khu, …). Data, because reforms change it."""

    name = models.CharField(_("tên cấp"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("cấp đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "cấp đơn vị")

    def __str__(self):
        return self.name


class UnitType(_NamedCodeList):
    """A kind of body: Đảng ủy, UBND, MTTQ, Công an, Quân sự, Sở/ngành, trường học…"""

    name = models.CharField(_("loại đơn vị"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("loại đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "loại đơn vị")

    def __str__(self):
        return self.name


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day=None):
        day = day or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def by_code(self, code):
        """Units with this code, ignoring case ("du-thanhkhe" finds "DU-THANHKHE")."""
        return self.filter(code__iexact=unit_code(code))


class Unit(models.Model):
    """An entrant body. Units have a parent and a validity period so that a reorganisation
    (such as the 2025 abolition of districts) never rewrites an old contest's history."""

    code = models.SlugField(
        _("mã đơn vị"), max_length=40, unique=True, help_text=_("Mã duy nhất, dùng khi nhập Excel.")
    )
    name = models.CharField(_("tên đơn vị"), max_length=255)
    unit_type = models.ForeignKey(UnitType, verbose_name=_("loại"), on_delete=models.PROTECT, related_name="units")
    level = models.ForeignKey(UnitLevel, verbose_name=_("cấp"), on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0, help_text=_("Thứ tự hiển thị do Ban Tổ chức quy định."))

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="unit_not_own_parent"),
            # People type codes in any case: two units must not differ only by it.
            models.UniqueConstraint(
                Upper("code"),
                name="unit_code_unique_ignoring_case",
                violation_error_message=_("Đã có đơn vị mang mã này (mã đơn vị không phân biệt chữ hoa, chữ thường)."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.code = unit_code(self.code)
        super().save(*args, **kwargs)

    def is_valid_on(self, day=None):
        day = day or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)
