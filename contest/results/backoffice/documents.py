"""Back-office downloads of a snapshot's documents: the jury's minutes and the draft decision
(contest/documents.py lays them out).

Needs ``results.view`` (organisers and the secretariat); anyone else with admin access gets a
403, people without admin access are sent to the login page by Wagtail. An invalidated snapshot
stays downloadable, stamped "ĐÃ HỦY", so that what was once printed can be traced. The results
page links here; these URLs have no menu item of their own.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin import messages

from contest.core.backoffice.sections import register_section
from contest.core.errors import DomainError
from contest.core.http import permission_denied
from contest.core.text import fold
from contest.notices.enums import GateAction
from contest.notices.services import notices as notice_gate
from contest.results import documents
from contest.results.enums import SnapshotStatus
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


class FinalDecisionView(View):
    """The decision marked final (no "DỰ THẢO"), to take to signature: organisers only, and only
    when the notice period's gate allows it (contest/notices/services/notices.py) — otherwise the
    results page says why."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("results.manage"):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, snapshot_id):
        snapshot = get_object_or_404(ResultSnapshot.objects.select_related("round__contest"), pk=snapshot_id)
        try:
            if snapshot.status == SnapshotStatus.INVALIDATED:
                raise DomainError(_("Kết quả phiên bản này đã bị hủy; không thể lập quyết định từ phiên bản này."))
            notice_gate.ensure_allowed(snapshot.round, GateAction.DECISION)
        except DomainError as error:
            messages.error(request, _("Chưa thể hoàn thiện quyết định để trình ký: %(why)s") % {"why": error.message})
            return redirect("contest_results:round", snapshot.round_id)
        response = HttpResponse(documents.decision_pdf(snapshot, final=True), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename("quyet-dinh", snapshot)}"'
        return response


urlpatterns = [
    path("<int:snapshot_id>/bien-ban.pdf", MinutesView.as_view(), name="minutes"),
    path("<int:snapshot_id>/du-thao-quyet-dinh.pdf", DecisionView.as_view(), name="decision"),
    path("<int:snapshot_id>/quyet-dinh-trinh-ky.pdf", FinalDecisionView.as_view(), name="decision-final"),
]


register_section(prefix="van-ban-ket-qua/", namespace="contest_result_documents", urlpatterns=urlpatterns)
