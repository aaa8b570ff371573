from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditRecord(models.Model):
    """An append-only, hash-chained log of every score change.

    ``digest`` is the SHA-256 of this record's canonical content and the previous record's
    digest, so editing or deleting any earlier row breaks every later link
    (`manage.py verify_audit`).
    """

    seq = models.PositiveBigIntegerField(_("số thứ tự"), unique=True)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    action = models.CharField(_("thao tác"), max_length=40)
    round = models.ForeignKey("contest.Round", null=True, on_delete=models.PROTECT, related_name="+")
    object_type = models.CharField(_("loại đối tượng"), max_length=40)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    old = models.JSONField(_("giá trị cũ"), null=True, blank=True)
    new = models.JSONField(_("giá trị mới"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    previous_digest = models.CharField(_("mã băm của dòng trước"), max_length=64)
    digest = models.CharField(_("mã băm"), max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("nhật ký chấm điểm")
        verbose_name_plural = pgettext_lazy("plural", "nhật ký chấm điểm")

    def __str__(self):
        return f"#{self.seq} {self.action}"
