"""Back-office spreadsheets of a round's results: the ranking (the frozen one while a snapshot is
in force, else the live table) and the score matrix (entry × judge × criterion), as XLSX or CSV,
formula-safe (contest/results/exports.py builds them, contest/spreadsheets/writer.py writes them).

Needs ``results.view``; judges are named only for ``results.see_judge_names`` (organisers),
"GK 1", "GK 2" … for everyone else. The results page links here.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from contest.core.backoffice.sections import register_section
from contest.core.http import permission_denied
from contest.core.models import Round
from contest.core.text import fold
from contest.results import exports as result_exports
from contest.results import tabulation
from contest.results.services import snapshots as results
from contest.spreadsheets import writer

PERMISSION = "results.view"
NAMES_PERMISSION = "results.see_judge_names"


def _ranking(round):
    snapshot = results.snapshot_in_force(round)
    if snapshot is not None:
        return result_exports.ranking_from_snapshot(snapshot), f"v{snapshot.version}"
    return result_exports.ranking_from_table(tabulation.tabulate(round)), "tam-tinh"


class _Download(View):
    kind = ""

    def dispatch(self, request, *args, **kwargs):
        # A real 403, not Wagtail's silent bounce to the dashboard (see backoffice/review.py).
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk, fmt):
        if fmt not in writer.FORMATS:
            raise Http404
        round = get_object_or_404(Round.objects.select_related("contest"), pk=pk)
        (headers, rows), suffix = self.table(request, round)
        name = f"{self.kind}-{slugify(fold(round.name)) or 'vong'}-{suffix}"
        return writer.sheet_download(fmt, writer.Sheet(self.sheet_title(), headers, rows), filename=name)


class RankingDownload(_Download):
    kind = "xep-hang"

    def table(self, request, round):
        return _ranking(round)

    def sheet_title(self):
        return _("Xếp hạng")


class MatrixDownload(_Download):
    kind = "ma-tran-diem"

    def table(self, request, round):
        names = request.user.has_perm(NAMES_PERMISSION)
        return result_exports.matrix_rows(round, names=names), "ten" if names else "bi-danh"

    def sheet_title(self):
        return _("Ma trận điểm")


urlpatterns = [
    path("<int:pk>/xep-hang.<str:fmt>", RankingDownload.as_view(), name="ranking"),
    path("<int:pk>/ma-tran-diem.<str:fmt>", MatrixDownload.as_view(), name="matrix"),
]


register_section(prefix="tai-ket-qua/", namespace="contest_result_downloads", urlpatterns=urlpatterns)
