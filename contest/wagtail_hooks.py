"""Registers the back office in the Wagtail admin; each part lives in contest/backoffice/."""

import contest.backoffice.audit  # noqa: F401
import contest.backoffice.certificates  # noqa: F401
import contest.backoffice.jury  # noqa: F401
import contest.backoffice.paper_sheets  # noqa: F401
import contest.backoffice.progress  # noqa: F401
import contest.backoffice.result_documents  # noqa: F401
import contest.backoffice.result_downloads  # noqa: F401
import contest.backoffice.results  # noqa: F401
import contest.backoffice.rubrics  # noqa: F401
import contest.backoffice.score_imports  # noqa: F401
import contest.backoffice.secretariat_scores  # noqa: F401
from contest.backoffice import imports, viewsets  # noqa: F401  (registration happens on import)
