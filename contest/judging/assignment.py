"""Who scores what: a pure planner for the assignment of judges to entries (no ORM, no I/O).

Given the round's entries and judges, the number of judges each entry needs, the forbidden
(conflicted) pairs and the assignments already made, :func:`plan` returns the pairs to add and
each judge's randomised order of entries. The service (contest/services/jury.py) reads the data,
calls it, and writes the result in one transaction.

The method is deliberately simple, so that a secretariat can be told how it works:

1. Every entry must be able to reach its quota among the judges it does not conflict with;
   otherwise nothing is assigned and every short entry is reported (:class:`Impossible`).
2. Entries are served fewest-eligible-judges first (the hardest ones while all judges are free),
   each taking the least-loaded eligible judges; ties are broken by the seeded random generator.
   With no conflicts this keeps every judge's load within one of every other's.
3. A repair pass moves new assignments from the most loaded judge to a less loaded eligible one
   while that narrows the gap, which restores the "within one" balance where conflicts allow it.

Inputs are sorted before use, so the same data and seed always give the same plan.
"""

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

# (judge_id, entry_id)
Pair: TypeAlias = tuple[int, int]


@dataclass(frozen=True)
class Shortfall:
    """An entry that cannot get the judges it needs."""

    entry_id: int
    needed: int  # judges still to add
    eligible: int  # judges free of conflict and not yet assigned to it
    conflicted: int  # judges of the jury who conflict with it


class Impossible(Exception):
    """No assignment satisfies the constraints; ``shortfalls`` names every entry at fault."""

    def __init__(self, shortfalls: Iterable[Shortfall]) -> None:
        self.shortfalls = list(shortfalls)
        super().__init__(f"{len(self.shortfalls)} entries cannot get enough judges")


@dataclass
class Plan:
    pairs: list[Pair]  # (judge_id, entry_id) to add, sorted
    positions: dict[Pair, int]  # (judge_id, entry_id) -> the judge's order number for that entry
    loads: dict[int, int] = field(default_factory=dict)  # judge_id -> total assignments after the plan
    seed: int | None = None

    @property
    def spread(self) -> int:
        """Difference between the most and the least loaded judge."""
        return max(self.loads.values()) - min(self.loads.values()) if self.loads else 0


def plan(
    *,
    entry_ids: Iterable[int],
    judge_ids: Iterable[int],
    k: int,
    forbidden: Iterable[Pair] = (),
    existing: Iterable[Pair] = (),
    seed: int = 0,
    all_judges: bool = False,
    positions_taken: Mapping[int, int] | None = None,
) -> Plan:
    """Plan the missing assignments.

    ``existing`` pairs count toward each entry's quota and each judge's load and are never moved.
    ``all_judges`` asks for every non-conflicted judge on every entry (small juries), in which
    case ``k`` is ignored. ``positions_taken`` maps a judge to the highest order number already
    used, so that new entries are appended after the judge's existing ones.
    Raises :class:`Impossible` when some entry has fewer eligible judges than it needs.
    """
    entries = sorted(set(entry_ids))
    judges = sorted(set(judge_ids))
    forbidden_pairs = set(forbidden)
    entry_set, judge_set = set(entries), set(judges)
    existing_pairs = {(j, e) for j, e in existing if j in judge_set and e in entry_set}
    rng = random.Random(seed)

    load = dict.fromkeys(judges, 0)
    have: defaultdict[int, int] = defaultdict(int)
    for j, e in existing_pairs:
        load[j] += 1
        have[e] += 1

    eligible: dict[int, list[int]] = {}
    need: dict[int, int] = {}
    shortfalls: list[Shortfall] = []
    for e in entries:
        candidates = [j for j in judges if (j, e) not in forbidden_pairs and (j, e) not in existing_pairs]
        wanted = len(candidates) if all_judges else max(0, k - have[e])
        # With all_judges an entry nobody may score is still an entry nobody scores.
        short = (all_judges and have[e] + len(candidates) == 0) or len(candidates) < wanted
        if short:
            conflicted = sum(1 for j in judges if (j, e) in forbidden_pairs)
            shortfalls.append(Shortfall(e, max(wanted, 1) if all_judges else wanted, len(candidates), conflicted))
        eligible[e], need[e] = candidates, wanted
    if shortfalls:
        raise Impossible(shortfalls)

    # One random key per entry and per judge decision: ties are broken by chance, not by id.
    entry_key = {e: rng.random() for e in entries}
    added: defaultdict[int, set[int]] = defaultdict(set)  # judge -> entries newly given to them
    for e in sorted(entries, key=lambda e: (len(eligible[e]), entry_key[e])):
        if not need[e]:
            continue
        ranked = sorted(eligible[e], key=lambda j: (load[j], rng.random()))
        for j in ranked[: need[e]]:
            load[j] += 1
            added[j].add(e)

    _rebalance(added, load, forbidden_pairs, existing_pairs, judges)

    pairs = sorted((j, e) for j, es in added.items() for e in es)
    positions = order_positions(added, seed=seed, start=positions_taken or {})
    return Plan(pairs=pairs, positions=positions, loads=load, seed=seed)


def _rebalance(
    added: defaultdict[int, set[int]],
    load: dict[int, int],
    forbidden: set[Pair],
    existing: set[Pair],
    judges: list[int],
) -> None:
    """Move new assignments from the busiest judge to a lighter one while the gap exceeds one.

    Each move lowers the sum of squared loads, so the loop ends; it stops as soon as no move is
    possible (conflicts, or the only candidates are existing assignments, which stay put).
    """
    while True:
        moved = False
        for heavy in sorted(judges, key=lambda j: -load[j]):
            for light in sorted(judges, key=lambda j: load[j]):
                if load[heavy] - load[light] < 2:
                    break
                entry = next(
                    (
                        e
                        for e in sorted(added[heavy])
                        if (light, e) not in forbidden and e not in added[light] and (light, e) not in existing
                    ),
                    None,
                )
                if entry is not None:
                    added[heavy].discard(entry)
                    added[light].add(entry)
                    load[heavy] -= 1
                    load[light] += 1
                    moved = True
                    break
            if moved:
                break
        if not moved:
            return


def order_positions(
    entries_by_judge: Mapping[int, Iterable[int]], *, seed: int, start: Mapping[int, int] | None = None
) -> dict[Pair, int]:
    """A randomised scoring order per judge (against order bias): (judge, entry) -> position.

    Each judge's new entries are shuffled with a generator derived from the seed and the judge,
    and numbered after ``start[judge]`` (the judge's highest position already used).
    """
    start = start or {}
    positions: dict[Pair, int] = {}
    for judge in sorted(entries_by_judge):
        entries = sorted(entries_by_judge[judge])
        random.Random(f"{seed}:{judge}").shuffle(entries)
        first = start.get(judge, 0) + 1
        for offset, entry in enumerate(entries):
            positions[(judge, entry)] = first + offset
    return positions
