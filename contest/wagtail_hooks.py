"""Registers the back office in the Wagtail admin; each part lives in contest/backoffice/."""

from contest.backoffice import imports, viewsets  # noqa: F401  (registration happens on import)
