"""Registers the back office in the Wagtail admin: the "Cuộc thi" menu, and every domain's pages
(each lives in contest/<domain>/backoffice/ and registers itself when imported here)."""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

import contest.certificates.backoffice.batches  # noqa: F401
import contest.core.backoffice.audit  # noqa: F401
import contest.core.backoffice.chrome  # noqa: F401
import contest.dossiers.backoffice.work_queue  # noqa: F401
import contest.judging.backoffice.jury  # noqa: F401
import contest.judging.backoffice.paper_sheets  # noqa: F401
import contest.judging.backoffice.progress  # noqa: F401
import contest.judging.backoffice.rubrics  # noqa: F401
import contest.judging.backoffice.score_imports  # noqa: F401
import contest.judging.backoffice.secretariat_scores  # noqa: F401
import contest.notices.backoffice.complaints  # noqa: F401
import contest.notices.backoffice.notices  # noqa: F401
import contest.results.backoffice.documents  # noqa: F401
import contest.results.backoffice.downloads  # noqa: F401
import contest.results.backoffice.results  # noqa: F401
import contest.stage.backoffice  # noqa: F401
import contest.voting.backoffice.voting  # noqa: F401
from contest.certificates.backoffice.certificate_templates import CertificateTemplateViewSet
from contest.core.backoffice.contests import ContestViewSet
from contest.core.backoffice.rounds import RoundGroupViewSet
from contest.core.backoffice.units import UnitLevelViewSet, UnitTypeViewSet, UnitViewSet
from contest.core.backoffice.viewsets import CONTEST_MENU_HOOK
from contest.dossiers.backoffice.entries import EntryViewSet
from contest.dossiers.backoffice.extensions import ExtensionViewSet
from contest.spreadsheets.backoffice import imports  # noqa: F401  (registration happens on import)


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


@hooks.register("insert_global_admin_css")
def backoffice_css():
    return format_html(
        '<link rel="stylesheet" href="{}"><link rel="stylesheet" href="{}">',
        static("css/backoffice.css"),
        static("css/file-inputs.css"),
    )


@hooks.register("insert_global_admin_js")
def backoffice_file_inputs():
    """File inputs in Vietnamese whatever the browser's language (static/js/file-inputs.js)."""
    return render_to_string("includes/file_inputs_script.html")
