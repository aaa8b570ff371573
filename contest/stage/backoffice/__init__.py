"""The Hội thi day in the Wagtail admin: a menu of its own ("Hội thi – ngày thi")."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from contest.stage.backoffice.programme import ProgrammeViewSet, QuestionViewSet

# Other pages of the day (draw, console) add items to this menu by registering with this hook.
STAGE_MENU_HOOK = "register_stage_menu_item"


class StageMenu(ViewSetGroup):
    menu_label = _("Hội thi – ngày thi")
    menu_name = "hoi-thi"
    menu_icon = "date"
    menu_order = 160
    submenu_hook = STAGE_MENU_HOOK
    items = (ProgrammeViewSet, QuestionViewSet)


@hooks.register("register_admin_viewset")
def register_stage_menu():
    return StageMenu()


@hooks.register(STAGE_MENU_HOOK)
def register_console_menu_item():
    # Imported here: the console registers its URLs on import, after the viewsets above.
    from contest.core.backoffice.sections import PermissionMenuItem

    return PermissionMenuItem(
        _("Điều hành ngày thi"),
        reverse("contest_stage:index"),
        name="dieu-hanh",
        icon_name="time",
        order=300,
        permissions=("stage.run",),
    )


import contest.stage.backoffice.console  # noqa: E402, F401  (registers the console's URLs)
