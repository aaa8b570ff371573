"""A judge's own work list: what is still to score comes first, what is done or closed after.

Read-only. The judge's page (``judging:home``) shows it, and the score sheet asks it for the next
dossier to open once a sheet is submitted ("Hồ sơ tiếp theo"), so both agree on what "next" is.

Within a round the unfinished dossiers keep the judge's recorded random order (``position``):
that order is there to spread the order bias across judges, so it is never re-sorted; submitted
sheets move below them. Rounds are ordered: open rounds with work left (soonest deadline first),
then open rounds the judge has finished, then rounds whose scoring is over (deadline passed or
results frozen). An assignment a conflict of interest now forbids is left out and only counted.

Everything is counted and ordered in SQL, and the dossiers come one page of one round at a time:
a judge of a 2,000-entry round has hundreds of dossiers, and the page must not grow with them
(issue 19). The number of queries is fixed, whatever the rounds and dossiers.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.core.models import Round, User
from contest.judging.enums import SheetKind, SheetStatus
from contest.judging.models import Assignment, Conflict, RoundEntry, ScoreSheet
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultSnapshot

NOT_STARTED = "not_started"
DRAFT = SheetStatus.DRAFT.value
SUBMITTED = SheetStatus.SUBMITTED.value
PROGRESS_LABELS = {
    NOT_STARTED: _("Chưa chấm"),
    DRAFT: SheetStatus.DRAFT.label,
    SUBMITTED: SheetStatus.SUBMITTED.label,
}
# The list's filters: every dossier (unfinished first), or one progress state.
ALL = "all"
FILTERS = (ALL, NOT_STARTED, DRAFT, SUBMITTED)
PER_PAGE = 25

# The three kinds of round on the list, in the order they are shown.
CURRENT, FINISHED, CLOSED = "current", "finished", "closed"
STAGE_LABELS = {
    CURRENT: _("Cần chấm"),
    FINISHED: _("Đã chấm xong"),
    CLOSED: _("Đã kết thúc chấm"),
}


@dataclass
class WorkRow:
    assignment: Assignment
    progress: str

    @property
    def progress_label(self):
        return PROGRESS_LABELS[self.progress]

    @property
    def unfinished(self) -> bool:
        return self.progress != SUBMITTED


@dataclass
class RoundWork:
    round: Round
    closed: bool
    counts: dict[str, int] = field(default_factory=dict)  # progress → dossiers (conflicts left out)
    withdrawn: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def unfinished(self) -> int:
        return self.counts.get(NOT_STARTED, 0) + self.counts.get(DRAFT, 0)

    @property
    def stage(self) -> str:
        if self.closed:
            return CLOSED
        return CURRENT if self.unfinished else FINISHED

    @property
    def stage_label(self):
        return STAGE_LABELS[self.stage]

    @property
    def count_list(self) -> list[tuple[Any, int, str]]:
        """(label, count, progress key) for every progress state, zeros included."""
        return [(label, self.counts.get(key, 0), key) for key, label in PROGRESS_LABELS.items()]


def declared_conflicts(judge):
    """The judge's declared conflicts (round, entry, unit): read once per request and passed on."""
    return list(Conflict.objects.filter(judge=judge).order_by().values_list("round_id", "entry_id", "unit_id"))


def conflict_q(judge, declared) -> Q:
    """The judge's assignments that a conflict of interest forbids (contest/judging/conflicts.py's
    rule as a filter): the entry's unit is the judge's, its parent or its child, or a declared
    conflict names the entry or its unit in that round. ``declared``: the judge's Conflict rows."""
    q = Q(pk__isnull=True)  # never true: the start of the OR
    unit = judge.unit if judge.unit_id else None
    if unit is not None:
        q |= Q(entry__unit_id=unit.pk) | Q(entry__unit__parent_id=unit.pk)
        if unit.parent_id is not None:
            q |= Q(entry__unit_id=unit.parent_id)
    for round_id, entry_id, unit_id in declared:
        if entry_id is not None:
            q |= Q(round_id=round_id, entry_id=entry_id)
        elif unit_id is not None:
            q |= Q(round_id=round_id, entry__unit_id=unit_id)
    return q


def _with_status(assignments, judge):
    # order_by(): the models' default orderings would join the round and the contest into every
    # correlated subquery (one sheet at most matches: the unique constraint).
    sheet = ScoreSheet.objects.filter(
        round=OuterRef("round_id"), judge=judge, entry=OuterRef("entry_id"), kind=SheetKind.JURY
    ).order_by()
    return assignments.annotate(sheet_status=Subquery(sheet.values("status")[:1]))


def _is_closed(round, now) -> bool:
    return round.results_frozen or (round.scoring_deadline is not None and now > round.scoring_deadline)


def judge_rounds(judge: User, *, now: datetime | None = None, declared=None) -> list[RoundWork]:
    """The judge's rounds with the count of dossiers in each progress state, current work first.

    Three queries whatever the number of rounds and dossiers: the declared conflicts, the counts
    per round, state and conflict (one GROUP BY), and the rounds themselves."""
    now = now or timezone.now()
    declared = declared_conflicts(judge) if declared is None else declared
    grouped = (
        _with_status(Assignment.objects.filter(judge=judge), judge)
        .annotate(conflicted=ExpressionWrapper(conflict_q(judge, declared), output_field=BooleanField()))
        .order_by()
        .values_list("round_id", "sheet_status", "conflicted")
        .annotate(n=Count("id"))
    )
    works: dict[int, RoundWork] = {}
    counts: dict[int, dict[str, int]] = {}
    withdrawn: dict[int, int] = {}
    for round_id, status, conflicted, n in grouped:
        if conflicted:
            withdrawn[round_id] = withdrawn.get(round_id, 0) + n
        else:
            per_round = counts.setdefault(round_id, {})
            per_round[status or NOT_STARTED] = per_round.get(status or NOT_STARTED, 0) + n
    frozen = ResultSnapshot.objects.filter(round=OuterRef("pk")).exclude(status=SnapshotStatus.INVALIDATED).order_by()
    rounds = (
        Round.objects.filter(pk__in={*counts, *withdrawn})
        .select_related("contest")
        .annotate(results_frozen=Exists(frozen))
        .order_by("contest__year", "contest_id", "order", "id")
    )
    for round in rounds:
        works[round.pk] = RoundWork(
            round=round,
            closed=_is_closed(round, now),
            counts=counts.get(round.pk, {}),
            withdrawn=withdrawn.get(round.pk, 0),
        )
    return sorted(works.values(), key=_round_order)


def _round_order(work: RoundWork) -> tuple:
    if work.stage != CURRENT:
        return (1 if work.stage == FINISHED else 2, 0.0)
    # Current work: the soonest deadline first, a round without a deadline after those with one.
    deadline = work.round.scoring_deadline
    return (0, deadline.timestamp() if deadline else float("inf"))


def filter_chips(work: RoundWork, progress: str) -> list[tuple[Any, int, str, bool]]:
    """(label, count, filter key, chosen) for the list's filters: every dossier, then each state."""
    chips: list[tuple[Any, int, str, bool]] = [(_("Tất cả"), work.total, ALL, progress == ALL)]
    return chips + [(label, n, key, progress == key) for label, n, key in work.count_list]


def _unfinished_first():
    return Case(When(sheet_status=SUBMITTED, then=Value(1)), default=Value(0), output_field=IntegerField())


def round_page(judge: User, work: RoundWork, *, progress: str = ALL, page=None, declared=None) -> Page:
    """One page of the judge's dossiers in ``work``'s round: unfinished first in the recorded order,
    then the submitted ones (``progress``: only one state). Its rows are :class:`WorkRow`.
    One query: the page's count is known from ``work``'s counts."""
    declared = declared_conflicts(judge) if declared is None else declared
    code = RoundEntry.objects.filter(round=OuterRef("round_id"), entry=OuterRef("entry_id")).order_by().values("code")
    rows = (
        _with_status(Assignment.objects.filter(judge=judge, round=work.round), judge)
        .exclude(conflict_q(judge, declared))
        .select_related("entry__unit")
        .annotate(code=Subquery(code[:1]), done=_unfinished_first())
    )
    if progress == NOT_STARTED:
        rows = rows.filter(sheet_status__isnull=True)
    elif progress in (DRAFT, SUBMITTED):
        rows = rows.filter(sheet_status=progress)
    paginator = Paginator(rows.order_by("done", "position"), PER_PAGE)
    # Spares the paginator a COUNT of its own (the grouped counts already hold it).
    paginator.count = work.total if progress == ALL else work.counts.get(progress, 0)
    result = paginator.get_page(page)
    result.object_list = [WorkRow(assignment=a, progress=a.sheet_status or NOT_STARTED) for a in result.object_list]
    for row in result.object_list:
        row.assignment.round = work.round  # the template names the round (blind or not)
    return result


def _open_rows(judge, round_ids, declared):
    """The judge's unfinished, unconflicted assignments in ``round_ids``, in the list's order."""
    order = Case(*(When(round_id=r, then=Value(i)) for i, r in enumerate(round_ids)), output_field=IntegerField())
    code = RoundEntry.objects.filter(round=OuterRef("round_id"), entry=OuterRef("entry_id")).order_by().values("code")
    return (
        _with_status(Assignment.objects.filter(judge=judge, round_id__in=round_ids), judge)
        .exclude(conflict_q(judge, declared))
        .filter(Q(sheet_status__isnull=True) | ~Q(sheet_status=SUBMITTED))
        .select_related("round__contest", "entry__unit")
        .annotate(code=Subquery(code[:1]), round_rank=order)
        .order_by("round_rank", "position")
    )


def first_unfinished(judge: User, rounds: list[RoundWork], *, declared=None) -> Assignment | None:
    """The first dossier still to score on the list (the "Tiếp tục chấm" button). One query."""
    current = [w.round.pk for w in rounds if w.stage == CURRENT]
    if not current:
        return None
    declared = declared_conflicts(judge) if declared is None else declared
    return _open_rows(judge, current, declared).first()


def next_assignment(judge: User, *, after: Assignment) -> Assignment | None:
    """The dossier to open after ``after`` ("Hồ sơ tiếp theo"): the next unfinished one of the
    same round in the judge's order (wrapping around), else the first unfinished one of the
    other current rounds; None when nothing is left to score."""
    declared = declared_conflicts(judge)
    rounds = judge_rounds(judge, declared=declared)
    current = [w.round.pk for w in rounds if w.stage == CURRENT]
    if after.round_id in current:
        same = _open_rows(judge, [after.round_id], declared).exclude(pk=after.pk)
        found = same.filter(position__gt=after.position).first() or same.first()
        if found is not None:
            return found
    others = [r for r in current if r != after.round_id]
    return _open_rows(judge, others, declared).exclude(pk=after.pk).first() if others else None
