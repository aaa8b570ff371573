"""Registers the back office in the Wagtail admin; each part lives in contest/backoffice/."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

import contest.certificates.backoffice.batches  # noqa: F401
import contest.core.backoffice.audit  # noqa: F401
import contest.core.backoffice.chrome  # noqa: F401
import contest.judging.backoffice.jury  # noqa: F401
import contest.judging.backoffice.paper_sheets  # noqa: F401
import contest.judging.backoffice.progress  # noqa: F401
import contest.judging.backoffice.rubrics  # noqa: F401
import contest.judging.backoffice.score_imports  # noqa: F401
import contest.judging.backoffice.secretariat_scores  # noqa: F401
import contest.results.backoffice.documents  # noqa: F401
import contest.results.backoffice.downloads  # noqa: F401
import contest.results.backoffice.results  # noqa: F401
from contest.spreadsheets.backoffice import imports  # noqa: F401  (registration happens on import)


@hooks.register("insert_global_admin_css")
def backoffice_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/backoffice.css"))
