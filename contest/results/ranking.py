"""Pure ranking rules: ranks with ties, the tie-break chain, classification bands, prizes and
advancement to the next round (DOMAIN.md §7–8). No ORM, so hypothesis can test every rule.

Conventions a jury can defend in public:

- Equal scores share a rank and the next rank skips (1, 2, 2, 4: "standard competition ranking").
- A tie is split only by a rule set in advance, in this order: the tie-break criteria (the
  entry's mean on each, in the configured order), then the number of judges who ranked it above
  the others of the tie, then an order the jury decided and recorded. Whatever the rules leave
  equal stays shared; nothing is ever split by the order rows happened to arrive in.
- Every input is a plain value; the result never depends on the order of the input.
"""

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any, TypeAlias

from contest.results.scoring import Number, parse_value

# What identifies a candidate: an entry's id in the app, anything hashable and sortable in tests.
Key: TypeAlias = Any

BY_CRITERION, BY_JUDGES, BY_JURY = "criterion", "judges", "jury"


@dataclass(frozen=True)
class Candidate:
    """One entry to rank.

    ``tie_values`` holds, in the order of the tie-break chain, the entry's mean on each tie-break
    criterion; ``judge_totals`` maps a judge to that judge's total for the entry.
    """

    key: Key
    score: Decimal
    tie_values: tuple[Number, ...] = ()
    judge_totals: Mapping[Any, Number] = field(default_factory=dict)


@dataclass(frozen=True)
class Ranked:
    key: Key
    score: Decimal
    rank: int
    # How this entry was separated from the entries with the same score: None when it was not
    # tied, else "criterion:<index>", "judges" or "jury"; ``shared`` when a tie remains.
    decided_by: str | None
    shared: bool


def _judges_preferring(group: Sequence[Candidate]) -> dict[Key, int]:
    """For each candidate of a tie, how many (judge, other candidate) pairs put it above.

    Per judge, the totals of the tied entries that judge scored are sorted once and each entry
    counts the ones strictly below it: O(judges × n log n), not a comparison of every pair (a
    round scored in whole points can tie hundreds of entries).
    """
    by_judge: defaultdict[Any, list[tuple[Key, Decimal]]] = defaultdict(list)
    for candidate in group:
        for judge, total in candidate.judge_totals.items():
            by_judge[judge].append((candidate.key, parse_value(total)))
    wins = dict.fromkeys((c.key for c in group), 0)
    for scored in by_judge.values():
        ordered = sorted(total for _key, total in scored)
        for key, total in scored:
            wins[key] += bisect_left(ordered, total)
    return wins


def _split(
    group: Sequence[Candidate], value_of: Callable[[Candidate], Decimal | int], label: str
) -> list[tuple[list[Candidate], str | None]]:
    """Split a tied group into ordered subgroups by ``value_of`` (highest first)."""
    buckets: dict[Decimal | int, list[Candidate]] = {}
    for candidate in group:
        buckets.setdefault(value_of(candidate), []).append(candidate)
    ordered = [buckets[value] for value in sorted(buckets, reverse=True)]
    return [(sub, label if len(ordered) > 1 else None) for sub in ordered]


def _tie_value(candidate: Candidate, *, index: int) -> Decimal:
    """The candidate's value on the index-th tie-break criterion; lowest when it has none."""
    values = candidate.tie_values
    return parse_value(values[index]) if index < len(values) else Decimal(-1)


def _wins_of(candidate: Candidate, *, wins: Mapping[Key, int]) -> int:
    return wins[candidate.key]


def _break_tie(
    group: Sequence[Candidate], *, use_judges: bool, jury_order: Sequence[Key]
) -> list[tuple[list[Candidate], str | None]]:
    """Order a group of equal scores into subgroups, each still tied within itself."""
    steps: list[tuple[Callable[[Candidate], Decimal | int] | None, str]] = []
    width = max((len(c.tie_values) for c in group), default=0)
    for index in range(width):
        steps.append((partial(_tie_value, index=index), f"{BY_CRITERION}:{index}"))
    if use_judges:
        steps.append((None, BY_JUDGES))
    if jury_order:
        position = {key: i for i, key in enumerate(jury_order)}
        # Higher is better in _split; entries the jury did not place stay tied at the bottom.
        steps.append((lambda c: -position.get(c.key, len(position)), BY_JURY))

    pending: list[tuple[list[Candidate], str | None]] = [(list(group), None)]
    for value_of, label in steps:
        next_round: list[tuple[list[Candidate], str | None]] = []
        for sub, decided in pending:
            if len(sub) == 1:
                next_round.append((sub, decided))
                continue
            if label == BY_JUDGES:
                wins = _judges_preferring(sub)
                parts = _split(sub, partial(_wins_of, wins=wins), label)
            else:
                assert value_of is not None  # only the judges' step has none
                parts = _split(sub, value_of, label)
            next_round.extend((part, split or decided) for part, split in parts)
        pending = next_round
    return pending


def rank(candidates: Sequence[Candidate], *, use_judges: bool = True, jury_order: Sequence[Key] = ()) -> list[Ranked]:
    """Rank by score (highest first), splitting equal scores only by the tie-break chain.

    ``jury_order`` lists keys in the order the jury decided for a tie that nothing else broke.
    """
    keys = [c.key for c in candidates]
    if len(set(keys)) != len(keys):
        raise ValueError("each candidate must have a distinct key")
    by_score: dict[Decimal, list[Candidate]] = {}
    for candidate in candidates:
        by_score.setdefault(parse_value(candidate.score), []).append(candidate)

    result: list[Ranked] = []
    ahead = 0
    for score in sorted(by_score, reverse=True):
        group = by_score[score]
        if len(group) == 1:
            result.append(Ranked(group[0].key, score, ahead + 1, None, False))
            ahead += 1
            continue
        for sub, decided in _break_tie(group, use_judges=use_judges, jury_order=jury_order):
            for candidate in sorted(sub, key=lambda c: c.key):
                result.append(Ranked(candidate.key, score, ahead + 1, decided, len(sub) > 1))
            ahead += len(sub)
    return result


# ---------------------------------------------------------------------------------------------
# Classification and prizes
# ---------------------------------------------------------------------------------------------

# (lowest score of the band, code), highest band first (DOMAIN.md §7).
DEFAULT_BANDS = ((Decimal(85), "xuat_sac"), (Decimal(70), "tot"), (Decimal(50), "kha"), (Decimal(0), "chua_dat"))


def classify(score: Number, bands: Iterable[tuple[Number, str]] = DEFAULT_BANDS) -> str | None:
    """The band of a score: the first whose minimum it reaches (bands are highest first)."""
    value = parse_value(score)
    for minimum, code in sorted(bands, key=lambda band: parse_value(band[0]), reverse=True):
        if value >= parse_value(minimum):
            return code
    return None


@dataclass(frozen=True)
class Tier:
    """A prize level: ``quota`` places, optionally its own minimum score."""

    code: str
    quota: int
    min_score: Decimal | None = None


@dataclass(frozen=True)
class Allocation:
    awards: dict[Key, str]  # key → tier code
    # Ties that a quota or the cap would have to split and that no rule broke: (tier code, keys).
    # They need a recorded jury decision (or shared prizes) before the results can be frozen.
    unresolved: list[tuple[str, list[Key]]]
    unawarded: list[str]  # tier codes nobody qualified for


def allocate(
    ranking: Sequence[Ranked],
    tiers: Sequence[Tier],
    *,
    min_score: Number | None = Decimal(70),
    cap_share: Number | None = None,
    shared: bool = True,
) -> Allocation:
    """Give prizes down the ranking, tier by tier.

    - Nobody below ``min_score`` (or the tier's own minimum) gets a prize; a tier with no one
      qualified stays unawarded rather than going to a weaker entry.
    - ``cap_share`` (e.g. 0.3) caps prize winners at that share of the entrants, rounded down.
    - Entries tied at a quota's edge: with ``shared`` prizes they all get the tier (đồng giải) and
      the next tier keeps its full quota; without, the tie is reported as unresolved and the tier
      gives only the places above it. A tie at the cap's edge is always unresolved: a cap is a
      limit the organisers may not exceed.
    """
    floor = parse_value(min_score) if min_score is not None else None
    cap = None
    if cap_share is not None:
        cap = int(parse_value(cap_share) * len(ranking))

    groups: list[list[Ranked]] = []
    for ranked in sorted(ranking, key=lambda r: (r.rank, r.key)):
        if groups and groups[-1][0].rank == ranked.rank:
            groups[-1].append(ranked)
        else:
            groups.append([ranked])

    awards: dict[Key, str] = {}
    unresolved: list[tuple[str, list[Key]]] = []
    unawarded: list[str] = []
    index, stopped = 0, False
    for tier in tiers:
        if stopped:
            break
        given = 0
        minimum = max(m for m in (floor, tier.min_score, Decimal(0)) if m is not None)
        while index < len(groups) and given < tier.quota:
            group = groups[index]
            if parse_value(group[0].score) < minimum:
                break
            room = tier.quota - given
            if cap is not None and cap - len(awards) <= 0:
                break
            over_cap = cap is not None and len(group) > cap - len(awards)
            if over_cap or (len(group) > room and not shared):
                # Everything below waits for the jury: giving the next tier to weaker entries
                # while this tie is open would decide the tie by default.
                unresolved.append((tier.code, [r.key for r in group]))
                stopped = True
                break
            for ranked in group:
                awards[ranked.key] = tier.code
            given += len(group)
            index += 1
        if given == 0 and not stopped:
            unawarded.append(tier.code)
    return Allocation(awards=awards, unresolved=unresolved, unawarded=unawarded)


def advance(ranking: Sequence[Ranked], *, top: int | None = None, threshold: Number | None = None) -> list[Key]:
    """The keys that go on to the next round: the best ``top`` (everyone tied with the last
    place goes too: a cluster cannot send half a tie), and/or everyone at ``threshold`` or above."""
    if top is None and threshold is None:
        raise ValueError("give top, threshold or both")
    chosen: list[Key] = []
    for ranked in sorted(ranking, key=lambda r: (r.rank, r.key)):
        if top is not None and ranked.rank > top:
            continue
        if threshold is not None and parse_value(ranked.score) < parse_value(threshold):
            continue
        chosen.append(ranked.key)
    return chosen
