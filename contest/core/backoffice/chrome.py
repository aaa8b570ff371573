"""The back office's frame around our pages: what Wagtail shows every staff member by default but
an organiser, the secretariat or an editor cannot use.

- The "Báo cáo" (Reports) and "Trợ giúp" (Help: Wagtail's editor guide and release notes, in
  English, on an outside site) menus are for the site's administrators (superusers) only. Their
  pages still check their own permissions; hiding is about not offering dead ends.
- The settings menu's footer ("Wagtail v8.0.1") is the software's version, for administrators.
- The dashboard's account panel (templates/wagtailadmin/home/account_summary.html) drops the
  editor-guide link for the same reason, and the "what's new" banner is off in the settings.
"""

from wagtail import hooks
from wagtail.admin.menu import SubmenuMenuItem
from wagtail.admin.wagtail_hooks import SettingsMenuItem

ADMINISTRATORS_ONLY = {"reports", "help"}


@hooks.register("construct_main_menu")
def hide_administrators_menus(request, menu_items):
    if request.user.is_superuser:
        return
    menu_items[:] = [item for item in menu_items if item.name not in ADMINISTRATORS_ONLY]
    for index, item in enumerate(menu_items):
        if isinstance(item, SettingsMenuItem):
            # The same submenu without the footer its class writes in (the registered item is
            # shared by every request, so it is replaced, not changed).
            menu_items[index] = SubmenuMenuItem(
                item.label,
                item.menu,
                name=item.name,
                icon_name=item.icon_name,
                classname=item.classname,
                order=item.order,
                attrs=item.attrs,
            )
