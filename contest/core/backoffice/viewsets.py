"""The "Cuộc thi" menu of the Wagtail admin: contests, entries, extensions, units and their
levels and types. Each part lives in its own module; this one only groups and registers them.

Who sees what follows the model permissions that contest/roles.py gives each group; the review
page checks ``review.review_entry`` (contest/rules.py) on top.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from contest.certificates.backoffice.certificate_templates import CertificateTemplateViewSet
from contest.core.backoffice.contests import ContestViewSet
from contest.core.backoffice.rounds import RoundGroupViewSet
from contest.core.backoffice.units import UnitLevelViewSet, UnitTypeViewSet, UnitViewSet
from contest.dossiers.backoffice.entries import EntryViewSet
from contest.dossiers.backoffice.extensions import ExtensionViewSet

# Other back-office parts (imports, reports …) can add entries to this menu by registering a
# MenuItem with this hook: @hooks.register(CONTEST_MENU_HOOK).
CONTEST_MENU_HOOK = "register_contest_menu_item"


class ContestMenu(ViewSetGroup):
    menu_label = _("Cuộc thi")
    menu_name = "cuoc-thi"
    menu_icon = "trophy"
    menu_order = 150
    submenu_hook = CONTEST_MENU_HOOK
    items = (
        ContestViewSet,
        EntryViewSet,
        ExtensionViewSet,
        RoundGroupViewSet,
        UnitViewSet,
        UnitLevelViewSet,
        UnitTypeViewSet,
        CertificateTemplateViewSet,
    )


@hooks.register("register_admin_viewset")
def register_contest_menu():
    return ContestMenu()
