"""Choices of certificates: kinds, states, batch states. Values are stable ASCII codes; labels are
translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CertificateKind(models.TextChoices):
    CERTIFICATE = "certificate", pgettext_lazy("certificate kind", "Giấy chứng nhận")
    MERIT = "merit", _("Giấy khen")
    HIGH_MERIT = "high_merit", _("Bằng khen")


class CertificateStatus(models.TextChoices):
    PENDING = "pending", _("Chờ in")
    VALID = "valid", _("Hợp lệ")
    REVOKED = "revoked", _("Đã thu hồi")
    REPLACED = "replaced", _("Đã thay thế")


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang in")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Lỗi")
