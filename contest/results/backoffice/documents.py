"""Back-office downloads of a snapshot's documents: the jury's minutes and the draft decision
(contest/documents.py lays them out).

Needs ``results.view`` (organisers and the secretariat); anyone else with admin access gets a
403, people without admin access are sent to the login page by Wagtail. An invalidated snapshot
stays downloadable, stamped "ĐÃ HỦY", so that what was once printed can be traced. The results
page links here; these URLs have no menu item of their own.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.text import slugify
from django.views import View

from contest.core.backoffice.sections import register_section
from contest.core.http import permission_denied
from contest.core.text import fold
from contest.results import documents
from contest.results.models import ResultSnapshot

PERMISSION = "results.view"


def filename(kind: str, snapshot) -> str:
    """bien-ban-vong-chung-khao-v1.pdf: ASCII, so that every browser and mail client keeps it."""
    return f"{kind}-{slugify(fold(snapshot.round.name)) or 'vong'}-v{snapshot.version}.pdf"


class _DocumentView(View):
    kind = ""
    render = None

    def dispatch(self, request, *args, **kwargs):
        # A real 403, not Wagtail's silent bounce to the dashboard (see backoffice/review.py).
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, snapshot_id):
        snapshot = get_object_or_404(ResultSnapshot.objects.select_related("round__contest"), pk=snapshot_id)
        response = HttpResponse(self.render(snapshot), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename(self.kind, snapshot)}"'
        return response


class MinutesView(_DocumentView):
    kind = "bien-ban"
    render = staticmethod(documents.minutes_pdf)


class DecisionView(_DocumentView):
    kind = "du-thao-quyet-dinh"
    render = staticmethod(documents.decision_pdf)


urlpatterns = [
    path("<int:snapshot_id>/bien-ban.pdf", MinutesView.as_view(), name="minutes"),
    path("<int:snapshot_id>/du-thao-quyet-dinh.pdf", DecisionView.as_view(), name="decision"),
]


register_section(prefix="van-ban-ket-qua/", namespace="contest_result_documents", urlpatterns=urlpatterns)
