from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contest.core.enums import StaffRole


class User(AbstractUser):
    """An account. Staff roles come from groups; a unit representative has ``unit`` set."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    unit = models.ForeignKey(
        "contest.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("Đơn vị mà người này đại diện khi nộp hồ sơ."),
    )

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = pgettext_lazy("plural", "tài khoản")

    def __str__(self):
        return self.display_name

    def get_full_name(self):
        # Wagtail shows this everywhere (sidebar, user list, history); AbstractUser would give
        # "first last", the wrong order for "Nguyễn Văn An".
        return self.full_name or super().get_full_name()

    @property
    def display_name(self):
        return self.full_name or self.get_full_name() or self.username

    def has_role(self, role: StaffRole) -> bool:
        # Cached per instance: templates ask several times per page.
        cache = self.__dict__.setdefault("_role_cache", None)
        if cache is None:
            cache = set(self.groups.values_list("name", flat=True)) if self.pk else set()
            self.__dict__["_role_cache"] = cache
        return role.value in cache
