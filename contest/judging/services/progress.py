"""How far the jury of a round has got: per judge and per entry. Read-only.

Only judges' sheets count (``SheetKind.JURY``); the secretariat's sheet of multiple-choice answers
is not something a judge can be reminded about.

An assignment that a conflict of interest now forbids (a unit moved in the hierarchy, a recusal
declared after assignment) is *withdrawn*: the judge cannot open it, so it is neither assigned nor
pending, and it is counted apart so that the organisers see it.

Seven queries whatever the size of the round (the jury, the entries, the assignments, the sheets,
and the three of ``conflicts.conflict_reasons``), joined in Python as the jury page does.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from contest.core.models import User
from contest.core.text import fold
from contest.judging import conflicts
from contest.judging.enums import SheetKind, SheetStatus
from contest.judging.models import Assignment, JuryMembership, RoundEntry, ScoreSheet

NOT_STARTED = "not_started"
DRAFT = SheetStatus.DRAFT.value
SUBMITTED = SheetStatus.SUBMITTED.value


@dataclass
class JudgeSheet:
    """One judge's sheet on one entry, as far as progress goes."""

    judge: User
    status: str  # NOT_STARTED, DRAFT or SUBMITTED
    sheet_id: int | None = None
    updated_at: datetime | None = None


@dataclass
class JudgeProgress:
    membership: JuryMembership
    assigned: int = 0
    not_started: int = 0
    draft: int = 0
    submitted: int = 0
    withdrawn: int = 0
    last_activity: datetime | None = None
    # The entries still to be submitted, in the judge's order: what a reminder lists.
    pending: list[RoundEntry] = field(default_factory=list)

    @property
    def judge(self) -> User:
        return self.membership.judge

    @property
    def pending_count(self) -> int:
        return self.not_started + self.draft


@dataclass
class EntryProgress:
    round_entry: RoundEntry
    needed: int
    sheets: list[JudgeSheet] = field(default_factory=list)
    conflicted: int = 0

    @property
    def assigned(self) -> int:
        return len(self.sheets)

    @property
    def submitted(self) -> int:
        return sum(1 for s in self.sheets if s.status == SUBMITTED)

    @property
    def short(self) -> bool:
        """Fewer submitted sheets than the round needs ("chưa đủ phiếu")."""
        return self.submitted < self.needed

    @property
    def under_assigned(self) -> bool:
        return self.assigned < self.needed


@dataclass
class RoundProgress:
    round: object
    judges: list[JudgeProgress]
    entries: list[EntryProgress]

    @property
    def assigned(self) -> int:
        return sum(j.assigned for j in self.judges)

    @property
    def submitted(self) -> int:
        return sum(j.submitted for j in self.judges)

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.assigned) if self.assigned else 0

    @property
    def short_entries(self) -> int:
        return sum(1 for e in self.entries if e.short)

    def judge(self, judge_id) -> JudgeProgress | None:
        return next((j for j in self.judges if j.membership.judge_id == judge_id), None)


def _by_name(user):
    # Folded, so that "Đỗ" sorts with D as in a Vietnamese list, not after Z as in Unicode.
    return (fold(user.display_name), user.pk)


def round_progress(round) -> RoundProgress:
    memberships = sorted(
        JuryMembership.objects.filter(round=round).select_related("judge"), key=lambda m: _by_name(m.judge)
    )
    round_entries = list(RoundEntry.objects.filter(round=round).select_related("entry__unit").order_by("code"))
    assignments = list(
        Assignment.objects.filter(round=round).order_by("judge_id", "position").values_list("judge_id", "entry_id")
    )
    sheets = {
        (judge_id, entry_id): (pk, status, updated_at)
        for pk, judge_id, entry_id, status, updated_at in ScoreSheet.objects.filter(
            round=round, kind=SheetKind.JURY
        ).values_list("pk", "judge_id", "entry_id", "status", "updated_at")
    }
    forbidden = conflicts.conflict_reasons(round)

    judges = {m.judge_id: JudgeProgress(membership=m) for m in memberships}
    by_entry = {r.entry_id: r for r in round_entries}
    members = len(memberships)
    conflicted_of: defaultdict[int, int] = defaultdict(int)
    for judge_id, entry_id in forbidden:
        if judge_id in judges:
            conflicted_of[entry_id] += 1
    entries = {
        r.entry_id: EntryProgress(
            round_entry=r,
            # Everyone scores everything, except the judges a conflict keeps away from this entry.
            needed=(members - conflicted_of[r.entry_id]) if round.all_judges_score_all else round.judges_per_entry,
            conflicted=conflicted_of[r.entry_id],
        )
        for r in round_entries
    }

    for judge_id, entry_id in assignments:
        progress = judges.get(judge_id)
        if progress is None or entry_id not in entries:
            continue  # a judge removed from the jury, an entry taken out of the round
        if (judge_id, entry_id) in forbidden:
            progress.withdrawn += 1
            continue
        sheet_id, status, updated_at = sheets.get((judge_id, entry_id), (None, NOT_STARTED, None))
        progress.assigned += 1
        if status == SUBMITTED:
            progress.submitted += 1
        elif status == DRAFT:
            progress.draft += 1
        else:
            progress.not_started += 1
        if status != SUBMITTED:
            progress.pending.append(by_entry[entry_id])
        if updated_at and (progress.last_activity is None or updated_at > progress.last_activity):
            progress.last_activity = updated_at
        entries[entry_id].sheets.append(JudgeSheet(progress.judge, status, sheet_id, updated_at))

    for entry in entries.values():
        entry.sheets.sort(key=lambda s: _by_name(s.judge))
    return RoundProgress(round=round, judges=list(judges.values()), entries=list(entries.values()))
