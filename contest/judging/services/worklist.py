"""A judge's own work list: what is still to score comes first, what is done or closed after.

Read-only. The judge's page (``judging:home``) shows it, and the score sheet asks it for the next
dossier to open once a sheet is submitted ("Hồ sơ tiếp theo"), so both agree on what "next" is.

Within a round the unfinished dossiers keep the judge's recorded random order (``position``):
that order is there to spread the order bias across judges, so it is never re-sorted; submitted
sheets move below them. Rounds are ordered: open rounds with work left (soonest deadline first),
then open rounds the judge has finished, then rounds whose scoring is over (deadline passed or
results frozen). An assignment a conflict of interest now forbids is left out and only counted.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.core.models import Round, User
from contest.judging import conflicts
from contest.judging.enums import SheetKind, SheetStatus
from contest.judging.models import Assignment, RoundEntry, ScoreSheet
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
    rows: list[WorkRow] = field(default_factory=list)
    withdrawn: int = 0

    @property
    def stage(self) -> str:
        if self.closed:
            return CLOSED
        return CURRENT if any(row.unfinished for row in self.rows) else FINISHED

    @property
    def stage_label(self):
        return STAGE_LABELS[self.stage]

    @property
    def count_list(self) -> list[tuple[Any, int, str]]:
        """(label, count, progress key) for every progress state, zeros included."""
        return [(label, sum(row.progress == key for row in self.rows), key) for key, label in PROGRESS_LABELS.items()]

    @property
    def open_rows(self) -> list[WorkRow]:
        return [row for row in self.rows if row.unfinished]


def judge_worklist(judge: User, *, now: datetime | None = None) -> list[RoundWork]:
    """The judge's rounds and dossiers, current work first (see the module docstring).

    Four queries whatever the number of rounds and dossiers: the assignments with their sheet
    status, entry number and frozen flag, and the declared conflicts (``conflicts``)."""
    now = now or timezone.now()
    sheet = ScoreSheet.objects.filter(
        round=OuterRef("round_id"), judge=judge, entry=OuterRef("entry_id"), kind=SheetKind.JURY
    )
    code = RoundEntry.objects.filter(round=OuterRef("round_id"), entry=OuterRef("entry_id")).values("code")
    frozen = ResultSnapshot.objects.filter(round=OuterRef("round_id")).exclude(status=SnapshotStatus.INVALIDATED)
    assignments = list(
        Assignment.objects.filter(judge=judge)
        .select_related("round__contest", "entry__unit")
        .annotate(
            sheet_status=Subquery(sheet.values("status")[:1]),
            code=Subquery(code[:1]),
            results_frozen=Exists(frozen),
        )
        .order_by("round__contest__year", "round__contest_id", "round__order", "position")
    )
    conflicted = conflicts.conflicted_assignments(judge=judge, assignments=assignments)

    rounds: dict[int, RoundWork] = {}
    for a in assignments:
        work = rounds.get(a.round_id)
        if work is None:
            closed = a.results_frozen or (a.round.scoring_deadline is not None and now > a.round.scoring_deadline)
            work = rounds[a.round_id] = RoundWork(round=a.round, closed=closed)
        if (a.round_id, a.entry_id) in conflicted:
            work.withdrawn += 1
            continue
        work.rows.append(WorkRow(assignment=a, progress=a.sheet_status or NOT_STARTED))

    for work in rounds.values():
        # Stable sort: the recorded random order is kept among the unfinished and among the done.
        work.rows.sort(key=lambda row: not row.unfinished)
    return sorted(rounds.values(), key=_round_order)


def _round_order(work: RoundWork) -> tuple:
    if work.stage != CURRENT:
        return (1 if work.stage == FINISHED else 2, 0.0)
    # Current work: the soonest deadline first, a round without a deadline after those with one.
    deadline = work.round.scoring_deadline
    return (0, deadline.timestamp() if deadline else float("inf"))


def first_unfinished(worklist: list[RoundWork], *, skip: Assignment | None = None) -> Assignment | None:
    """The first dossier still to score on the list (the "Tiếp tục chấm" button), ``skip`` aside."""
    for work in worklist:
        if work.stage != CURRENT:
            break
        for row in work.open_rows:
            if skip is None or row.assignment.pk != skip.pk:
                return row.assignment
    return None


def next_assignment(judge: User, *, after: Assignment) -> Assignment | None:
    """The dossier to open after ``after`` ("Hồ sơ tiếp theo"): the next unfinished one of the
    same round in the judge's order (wrapping around), else the first unfinished one of the
    other current rounds; None when nothing is left to score."""
    worklist = judge_worklist(judge)
    same = next((w for w in worklist if w.round.pk == after.round_id and w.stage == CURRENT), None)
    if same is not None:
        pending = [row.assignment for row in same.open_rows if row.assignment.pk != after.pk]
        later = [a for a in pending if a.position > after.position]
        if pending:
            return (later or pending)[0]
    return first_unfinished(worklist, skip=after)
