"""The secretariat's work queue on the back office's home page ("Việc đang chờ"): what is waiting
for the organisers and the secretariat, each line a count and a link to where the work is done.

Dossiers to check (submitted, resubmitted), paper dossiers not yet submitted, points the
secretariat enters itself (a Hội thi's multiple choice) and jury sheets not yet in (paper sheets
to key in among them), in the rounds whose results are not frozen, and opinions on a public
notice not yet handled. A fixed number of queries, whatever the size of the contests.
"""

from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.components import Component

from contest.core.models import Round
from contest.dossiers.enums import EntryState
from contest.dossiers.models import Entry
from contest.judging.enums import CriterionScorer, SheetKind, SheetStatus
from contest.judging.models import Assignment, Criterion, RoundEntry, ScoreSheet
from contest.notices.enums import OpinionStatus
from contest.notices.models import Opinion
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultSnapshot

PERMISSION = "review.review_entry"


def _entries_url(**filters):
    return f"{reverse('entries:index')}?{urlencode(filters)}"


def _open_rounds():
    """Rounds whose results are not frozen: only there can points and sheets still come in."""
    frozen = ResultSnapshot.objects.filter(round=OuterRef("pk")).exclude(status=SnapshotStatus.INVALIDATED)
    return Round.objects.select_related("contest").exclude(Exists(frozen))


def _dossier_lines():
    counts = Entry.objects.aggregate(
        submitted=Count("pk", filter=Q(state=EntryState.SUBMITTED)),
        resubmitted=Count("pk", filter=Q(state=EntryState.RESUBMITTED)),
        paper=Count("pk", filter=Q(state=EntryState.DRAFT, paper_received_on__isnull=False)),
    )
    lines = []
    if n := counts["submitted"]:
        text = ngettext("%(n)s hồ sơ chờ kiểm tra", "%(n)s hồ sơ chờ kiểm tra", n) % {"n": n}
        lines.append((text, _entries_url(state=EntryState.SUBMITTED)))
    if n := counts["resubmitted"]:
        text = ngettext("%(n)s hồ sơ đã nộp lại, chờ kiểm tra lại", "%(n)s hồ sơ đã nộp lại, chờ kiểm tra lại", n) % {
            "n": n
        }
        lines.append((text, _entries_url(state=EntryState.RESUBMITTED)))
    if n := counts["paper"]:
        text = ngettext(
            "%(n)s hồ sơ giấy đang nhập dở (chưa ghi nộp)", "%(n)s hồ sơ giấy đang nhập dở (chưa ghi nộp)", n
        ) % {"n": n}
        lines.append((text, _entries_url(state=EntryState.DRAFT, paper="1")))
    return lines


def _score_lines():
    rounds = {r.pk: r for r in _open_rounds()}
    if not rounds:
        return []
    lines = []
    secretariat_rounds = set(
        Criterion.objects.filter(rubric__round__in=rounds, scored_by=CriterionScorer.SECRETARIAT).values_list(
            "rubric__round", flat=True
        )
    )
    if secretariat_rounds:
        entered = ScoreSheet.objects.filter(
            round=OuterRef("round"), entry=OuterRef("entry"), kind=SheetKind.SECRETARIAT, status=SheetStatus.SUBMITTED
        )
        missing = (
            RoundEntry.objects.filter(round__in=secretariat_rounds)
            .exclude(Exists(entered))
            .values("round")
            .annotate(n=Count("pk"))
        )
        for row in missing:
            text = ngettext(
                "%(round)s: %(n)s hồ sơ chưa có điểm do Tổ Thư ký nhập",
                "%(round)s: %(n)s hồ sơ chưa có điểm do Tổ Thư ký nhập",
                row["n"],
            ) % {"round": rounds[row["round"]], "n": row["n"]}
            lines.append((text, reverse("contest_secretariat_scores:round", args=[row["round"]])))
    submitted = ScoreSheet.objects.filter(
        round=OuterRef("round"),
        judge=OuterRef("judge"),
        entry=OuterRef("entry"),
        kind=SheetKind.JURY,
        status=SheetStatus.SUBMITTED,
    )
    pending = (
        Assignment.objects.filter(round__in=rounds).exclude(Exists(submitted)).values("round").annotate(n=Count("pk"))
    )
    for row in pending:
        text = ngettext(
            "%(round)s: %(n)s phiếu chấm chưa nộp (kể cả phiếu chấm giấy chờ nhập)",
            "%(round)s: %(n)s phiếu chấm chưa nộp (kể cả phiếu chấm giấy chờ nhập)",
            row["n"],
        ) % {"round": rounds[row["round"]], "n": row["n"]}
        lines.append((text, reverse("contest_progress:round", args=[row["round"]])))
    return lines


def _opinion_lines():
    lines = []
    waiting = (
        Opinion.objects.filter(status=OpinionStatus.RECEIVED)
        .values("notice__round", "notice__round__name", "notice__round__contest__name")
        .annotate(n=Count("pk"))
        .order_by("notice__round")
    )
    for row in waiting:
        text = ngettext(
            "%(contest)s – %(round)s: %(n)s ý kiến, khiếu nại chưa xử lý",
            "%(contest)s – %(round)s: %(n)s ý kiến, khiếu nại chưa xử lý",
            row["n"],
        ) % {"contest": row["notice__round__contest__name"], "round": row["notice__round__name"], "n": row["n"]}
        lines.append((text, reverse("contest_notices:round", args=[row["notice__round"]])))
    return lines


def work_queue() -> list[tuple[str, str]]:
    """(what waits, where to do it), most urgent kind first."""
    return _dossier_lines() + _score_lines() + _opinion_lines()


class WorkQueuePanel(Component):
    name = "work_queue"
    template_name = "contest/dossiers/backoffice/work_queue.html"
    order = 50  # above Wagtail's own panels

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["lines"] = work_queue()
        return context


@hooks.register("construct_homepage_panels")
def add_work_queue(request, panels):
    if request.user.has_perm(PERMISSION):
        panels.insert(0, WorkQueuePanel())
