"""The public sections in the site header, and the address that leads to the newest results.

The header is on every page of the site (unit portal and judging included), so it asks the
database nothing: "Kết quả" points to a fixed address that looks the newest results page up only
when someone follows it.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.models import ResultsIndexPage, ResultsPage
from cms.models.results import results_pages_newest_first

ANNOUNCEMENTS_PATH = "/thong-bao/"
GALLERY_PATH = "/mo-hinh/"
# The contest's own results tables (contest/urls.py) live under this prefix too.
RESULTS_PREFIX = "/ket-qua/"


def newest_results(request):
    """Redirect to the results page of the contest whose results came out last; without one, to
    the list of results (/ket-qua/), or to the announcements of results if that list is gone."""
    page = results_pages_newest_first().first() or ResultsIndexPage.objects.live().public().first()
    url = page.get_url(request) if page else None
    return redirect(url or f"{ANNOUNCEMENTS_PATH}?loai=ket-qua")


def public_sections(request, page=None):
    """[(label, url, aria_current)] of the public sections: "page" on the section's own address,
    "true" inside it (a single announcement is in "Thông báo"), "" elsewhere."""
    path = request.path if request else ""
    results_url = reverse("newest-results")
    in_results = isinstance(page, ResultsPage) or path.startswith(RESULTS_PREFIX)
    return [
        (_("Thông báo"), ANNOUNCEMENTS_PATH, _aria_current(path, ANNOUNCEMENTS_PATH)),
        (_("Mô hình tiêu biểu"), GALLERY_PATH, _aria_current(path, GALLERY_PATH)),
        (_("Kết quả"), results_url, "true" if in_results else ""),
    ]


def _aria_current(path, url):
    if path == url:
        return "page"
    return "true" if path.startswith(url) else ""
