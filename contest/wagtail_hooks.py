"""Registers the back office in the Wagtail admin; each part lives in contest/backoffice/."""

import contest.backoffice.audit  # noqa: F401
import contest.backoffice.jury  # noqa: F401
import contest.backoffice.rubrics  # noqa: F401
from contest.backoffice import imports, viewsets  # noqa: F401  (registration happens on import)
