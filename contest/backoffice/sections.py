"""Registering a back-office section: its URLs under /quan-tri/<prefix> and, if it has a menu
label, its item in the "Cuộc thi" menu, shown to whoever holds one of its permissions (the pages
themselves check again: a hidden menu item is not a permission)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from contest.backoffice.viewsets import CONTEST_MENU_HOOK


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.permissions = tuple(permissions)

    def is_shown(self, request):
        return any(request.user.has_perm(permission) for permission in self.permissions)


def register_section(*, prefix, namespace, urlpatterns, menu_label=None, icon="", order=0, permissions=()):
    """``prefix`` ("ket-qua/") also names the menu item; the menu links to ``<namespace>:index``."""

    @hooks.register("register_admin_urls")
    def register_urls():
        return [path(prefix, include((urlpatterns, namespace), namespace=namespace))]

    if menu_label is not None:

        @hooks.register(CONTEST_MENU_HOOK)
        def register_menu_item():
            return PermissionMenuItem(
                menu_label,
                reverse(f"{namespace}:index"),
                name=prefix.strip("/"),
                icon_name=icon,
                order=order,
                permissions=permissions,
            )
