"""Conflicts of interest between judges and entries (DOMAIN.md §3).

A pair (judge, entry) is forbidden when

- the entry's unit is the judge's own unit, its parent or one of its children (automatic), or
- a Conflict row names the entry, or the entry's unit, for that judge in that round (declared by
  the organisers, or the judge's own recusal).

Why one level each way: the rule organisers quote is "a judge must not score entries of his or
her own unit, nor of a parent or child unit". Since the 2025 reform the hierarchy is shallow
(province → commune, with Party committees and departments directly under the province), so
going further up would make every judge of a provincial body conflict with every commune of the
province: the whole contest. Wider ties (a sister commune, a former unit) are declared by hand.

Automatic conflicts are computed, never stored: a unit moved in the hierarchy changes them at
once, and there is nothing to keep in sync.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contest.judging.models import Conflict, JuryMembership, RoundEntry

OWN_UNIT = "own_unit"
PARENT_UNIT = "parent_unit"
CHILD_UNIT = "child_unit"
DECLARED = "declared"

REASON_LABELS = {
    OWN_UNIT: _("Cùng đơn vị"),
    PARENT_UNIT: _("Hồ sơ của đơn vị cấp trên"),
    CHILD_UNIT: _("Hồ sơ của đơn vị trực thuộc"),
    DECLARED: _("Đã khai báo / xin rút"),
}


@dataclass(frozen=True)
class _Side:
    unit_id: int | None
    parent_id: int | None


def automatic_reason(judge: _Side, entry: _Side):
    """Why a judge's unit conflicts with an entry's unit, or None."""
    if judge.unit_id is None or entry.unit_id is None:
        return None
    if entry.unit_id == judge.unit_id:
        return OWN_UNIT
    if entry.unit_id == judge.parent_id:
        return PARENT_UNIT
    if entry.parent_id == judge.unit_id:
        return CHILD_UNIT
    return None


def conflict_reasons(round) -> dict:
    """Every conflicted pair of the round's jury × the round's entries: {(judge_id, entry_id): reason}.

    Three queries whatever the size of the round: the jury with their units, the entries with
    theirs, and the declared conflicts.
    """
    judges = {
        judge_id: _Side(unit_id, parent_id)
        for judge_id, unit_id, parent_id in JuryMembership.objects.filter(round=round).values_list(
            "judge_id", "judge__unit_id", "judge__unit__parent_id"
        )
    }
    entries = {
        entry_id: _Side(unit_id, parent_id)
        for entry_id, unit_id, parent_id in RoundEntry.objects.filter(round=round).values_list(
            "entry_id", "entry__unit_id", "entry__unit__parent_id"
        )
    }
    # Entries by unit, so that a conflict with a unit or a unit's family costs a lookup, not a scan.
    by_unit, by_parent = defaultdict(list), defaultdict(list)
    for entry_id, side in entries.items():
        by_unit[side.unit_id].append(entry_id)
        by_parent[side.parent_id].append(entry_id)

    reasons = {}
    for judge_id, side in judges.items():
        if side.unit_id is None:
            continue
        for entry_id in by_parent.get(side.unit_id, ()):
            reasons[(judge_id, entry_id)] = CHILD_UNIT
        if side.parent_id is not None:
            for entry_id in by_unit.get(side.parent_id, ()):
                reasons[(judge_id, entry_id)] = PARENT_UNIT
        for entry_id in by_unit.get(side.unit_id, ()):
            reasons[(judge_id, entry_id)] = OWN_UNIT

    for judge_id, entry_id, unit_id in Conflict.objects.filter(round=round).values_list(
        "judge_id", "entry_id", "unit_id"
    ):
        targets = [entry_id] if entry_id is not None else by_unit.get(unit_id, ())
        for target in targets:
            if target in entries:
                reasons.setdefault((judge_id, target), DECLARED)
    return reasons


def forbidden_pairs(round) -> set:
    """The (judge_id, entry_id) pairs of the round that must never be assigned (three queries)."""
    return set(conflict_reasons(round))


def pair_reason(*, round, judge, entry):
    """Why this judge may not score this entry in this round, or None (two or three queries).

    For single checks (a permission, a manual assignment); lists use :func:`conflict_reasons`.
    """
    judge_unit = judge.unit
    entry_unit = entry.unit
    reason = automatic_reason(
        _Side(judge.unit_id, judge_unit.parent_id if judge_unit else None),
        _Side(entry.unit_id, entry_unit.parent_id if entry_unit else None),
    )
    if reason:
        return reason
    declared = Conflict.objects.filter(Q(entry=entry) | Q(entry__isnull=True, unit_id=entry.unit_id))
    if declared.filter(round=round, judge=judge).exists():
        return DECLARED
    return None


def conflicted_assignments(*, judge, assignments) -> set:
    """The (round_id, entry_id) pairs among one judge's ``assignments`` that are conflicted.

    For the judge's own list: the assignments come with ``entry__unit`` loaded, so the automatic
    rule costs nothing more, and the judge's declared conflicts are read in one query.
    """
    declared = list(Conflict.objects.filter(judge=judge).values_list("round_id", "entry_id", "unit_id"))
    judge_unit = judge.unit if judge.unit_id else None
    judge_side = _Side(judge.unit_id, judge_unit.parent_id if judge_unit else None)
    conflicted = set()
    for a in assignments:
        entry_side = _Side(a.entry.unit_id, a.entry.unit.parent_id if a.entry.unit_id else None)
        if automatic_reason(judge_side, entry_side) or any(
            r == a.round_id and (e == a.entry_id or (e is None and u == a.entry.unit_id)) for r, e, u in declared
        ):
            conflicted.add((a.round_id, a.entry_id))
    return conflicted


def is_conflicted(*, round, judge, entry) -> bool:
    return pair_reason(round=round, judge=judge, entry=entry) is not None
