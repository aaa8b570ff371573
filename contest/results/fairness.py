"""The fairness report of a round (issue 4): how lenient each judge is, how much the judges agree,
and which prizes depend on the aggregation method chosen. Pure functions, no ORM.

Input is the round's sheet totals ``{(judge, entry): total}``; judges and entries are any hashable
keys (ids or objects), totals anything :func:`contest.results.scoring.parse_value` reads.

Arithmetic:

- Leniency and differences of totals are computed exactly with :class:`~fractions.Fraction` and
  rounded once, half up to 2 decimals, like every score the jury signs.
- Spearman's correlation is a float: it is shown with 2 decimals and is never added to a score,
  but the ranks and the sums behind it are exact, so a judge agrees with a copy of themselves
  with a correlation of exactly 1.0.
"""

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import combinations
from typing import Any, TypeAlias

from contest.results import ranking, scoring
from contest.results.scoring import Number, parse_value

# Judges, entries and criteria are whatever the caller keys them by (ids in the app).
Key: TypeAlias = Any
# {(judge, entry): a judge's total for the entry}
Totals: TypeAlias = Mapping[tuple[Key, Key], Number]

# Below this many common entries a rank correlation says nothing (2 points always correlate ±1).
MIN_COMMON_ENTRIES = 3


def _sorted(keys: Iterable[Key]) -> list[Key]:
    """A stable order for judges or entries whatever their type, so results never depend on the
    order of the input."""
    keys = list(keys)
    try:
        return sorted(keys)
    except TypeError:
        return sorted(keys, key=repr)


def _exact_round(value: Fraction) -> Decimal:
    """Round an exact fraction half up (away from zero) to 2 decimals, as scoring.round_score does,
    with integers only so that no intermediate rounding can move a half cent."""
    cents = math.floor(abs(value) * 100 + Fraction(1, 2))
    return Decimal(-cents if value < 0 else cents).scaleb(-2)


def _by_entry(totals: Totals) -> dict[Key, dict[Key, Fraction]]:
    """{entry: {judge: Fraction total}}."""
    grouped: dict[Key, dict[Key, Fraction]] = {}
    for (judge, entry), total in totals.items():
        grouped.setdefault(entry, {})[judge] = Fraction(parse_value(total))
    return grouped


def _by_judge(totals: Totals) -> dict[Key, dict[Key, Fraction]]:
    """{judge: {entry: Fraction total}}."""
    grouped: dict[Key, dict[Key, Fraction]] = {}
    for (judge, entry), total in totals.items():
        grouped.setdefault(judge, {})[entry] = Fraction(parse_value(total))
    return grouped


# ---------------------------------------------------------------------------------------------
# Leniency
# ---------------------------------------------------------------------------------------------


def exact_leniency(totals: Totals) -> dict[Key, Fraction | None]:
    """:func:`leniency` before rounding, as fractions (for property tests and further sums)."""
    deviations: dict[Key, list[Fraction]] = {}
    judges: set[Key] = set()
    for scores in _by_entry(totals).values():
        judges.update(scores)
        if len(scores) < 2:
            continue
        everyone = sum(scores.values(), Fraction(0))
        others = len(scores) - 1
        for judge, total in scores.items():
            deviations.setdefault(judge, []).append(total - (everyone - total) / others)
    return {
        judge: (sum(deviations[judge], Fraction(0)) / len(deviations[judge]) if judge in deviations else None)
        for judge in _sorted(judges)
    }


def leniency(totals: Totals) -> dict[Key, Decimal | None]:
    """Each judge's mean deviation from the other judges, ``{judge: Decimal or None}``.

    For every entry the judge scored together with at least one other judge: the judge's total
    minus the mean of the others' totals on that entry; then the mean over those entries, rounded
    half up to 2 decimals. Positive means lenient, negative harsh. A judge who shares no entry
    with another judge gets ``None``: there is nobody to compare with.
    """
    return {judge: None if value is None else _exact_round(value) for judge, value in exact_leniency(totals).items()}


def leniency_by_criterion(values: Mapping[tuple[Key, Key, Key], Number]) -> dict[Key, dict[Key, Decimal | None]]:
    """Leniency per criterion, ``{criterion: {judge: Decimal or None}}``, from per-criterion
    values ``{(judge, entry, criterion): value}``: shows *where* a judge is lenient."""
    per_criterion: dict[Key, dict[tuple[Key, Key], Number]] = {}
    for (judge, entry, criterion), value in values.items():
        per_criterion.setdefault(criterion, {})[(judge, entry)] = value
    return {criterion: leniency(per_criterion[criterion]) for criterion in _sorted(per_criterion)}


# ---------------------------------------------------------------------------------------------
# Agreement
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairAgreement:
    judge_a: Hashable
    judge_b: Hashable
    common: int  # entries both judges scored
    # Spearman's rank correlation of their totals on the common entries, -1..1; None when one of
    # them gave every common entry the same total (a correlation is undefined then).
    spearman: float | None
    mean_abs_difference: Decimal  # mean |total_a - total_b| over the common entries, 2 decimals


@dataclass(frozen=True)
class Agreement:
    pairs: list[PairAgreement]  # judges in a stable order
    spearman: float | None  # mean over the pairs whose correlation is defined
    mean_abs_difference: Decimal | None  # mean over the pairs, 2 decimals


def average_ranks(values: Sequence[Fraction | Decimal | int]) -> list[Fraction]:
    """Ranks 1..n (lowest value first), tied values sharing the mean of their positions."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [Fraction(0)] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        shared = Fraction(start + end + 2, 2)
        for position in range(start, end + 1):
            ranks[order[position]] = shared
        start = end + 1
    return ranks


def spearman(a: Sequence[Fraction | Decimal | int], b: Sequence[Fraction | Decimal | int]) -> float | None:
    """Spearman's rho with average ranks for ties (Pearson's correlation of the ranks)."""
    if len(a) != len(b):
        raise ValueError("both series must have the same length")
    if len(a) < 2:
        return None
    rank_a, rank_b = average_ranks(a), average_ranks(b)
    centre = Fraction(len(a) + 1, 2)  # the mean rank, whatever the ties
    da = [r - centre for r in rank_a]
    db = [r - centre for r in rank_b]
    covariance = sum((x * y for x, y in zip(da, db, strict=True)), Fraction(0))
    var_a = sum((x * x for x in da), Fraction(0))
    var_b = sum((y * y for y in db), Fraction(0))
    if not var_a or not var_b:
        return None
    # rho² is exact, so identical rankings give exactly 1.0 rather than 0.9999999999999998.
    squared = covariance * covariance / (var_a * var_b)
    return math.copysign(math.sqrt(squared), covariance) if covariance else 0.0


def agreement(totals: Totals, *, min_common: int = MIN_COMMON_ENTRIES) -> Agreement:
    """Pairwise agreement of the judges who scored at least ``min_common`` entries in common."""
    by_judge = _by_judge(totals)
    pairs = []
    for judge_a, judge_b in combinations(_sorted(by_judge), 2):
        common = _sorted(by_judge[judge_a].keys() & by_judge[judge_b].keys())
        if len(common) < min_common:
            continue
        a = [by_judge[judge_a][entry] for entry in common]
        b = [by_judge[judge_b][entry] for entry in common]
        difference = sum((abs(x - y) for x, y in zip(a, b, strict=True)), Fraction(0)) / len(common)
        pairs.append(PairAgreement(judge_a, judge_b, len(common), spearman(a, b), _exact_round(difference)))
    correlations = [pair.spearman for pair in pairs if pair.spearman is not None]
    overall_rho = math.fsum(correlations) / len(correlations) if correlations else None
    overall_difference = None
    if pairs:
        overall_difference = _exact_round(
            sum((Fraction(pair.mean_abs_difference) for pair in pairs), Fraction(0)) / len(pairs)
        )
    return Agreement(pairs=pairs, spearman=overall_rho, mean_abs_difference=overall_difference)


# ---------------------------------------------------------------------------------------------
# Sensitivity to the aggregation method
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrizeChange:
    entry: Hashable
    current: str | None  # tier code under the round's method (None: no prize)
    other: str | None  # tier code under the other method
    current_rank: int | None
    other_rank: int | None


def _entry_scores(totals: Totals, method: str, *, max_total: Number, trim_min_sheets: int) -> dict[Key, Decimal]:
    source: Mapping[tuple[Key, Key], object] = (
        scoring.normalise_by_judge(totals, max_total=max_total) if method == scoring.NORMALISED else totals
    )
    per_entry: dict[Key, list[object]] = {}
    for (_judge, entry), total in source.items():
        per_entry.setdefault(entry, []).append(total)
    return {
        entry: scoring.aggregate(values, method, trim_min_sheets=trim_min_sheets) for entry, values in per_entry.items()
    }


def prizes_under(
    totals: Totals,
    method: str,
    *,
    max_total: Number,
    tiers: Sequence[ranking.Tier],
    tie_values: Mapping[Key, tuple[Number, ...]] | None = None,
    trim_min_sheets: int = scoring.DEFAULT_TRIM_MIN_SHEETS,
    use_judges: bool = True,
    jury_order: Sequence[Key] = (),
    min_score: Number | None = Decimal(70),
    cap_share: Number | None = None,
    shared: bool = True,
) -> tuple[dict[Key, int], dict[Key, str]]:
    """The round's ({entry: rank}, {entry: tier code}) had it been aggregated with ``method``.

    The tie-break chain is the round's: ``tie_values`` ({entry: tuple of tie-break criterion
    means}), the judges' raw totals, ``jury_order``. Entries caught in an unresolved tie get no
    prize here, as in :func:`contest.results.ranking.allocate`.
    """
    tie_values = tie_values or {}
    judge_totals: dict[Key, dict[Key, Number]] = {}
    for (judge, entry), total in totals.items():
        judge_totals.setdefault(entry, {})[judge] = total
    scores = _entry_scores(totals, method, max_total=max_total, trim_min_sheets=trim_min_sheets)
    candidates = [
        ranking.Candidate(entry, score, tuple(tie_values.get(entry, ())), judge_totals[entry])
        for entry, score in scores.items()
    ]
    ranked = ranking.rank(candidates, use_judges=use_judges, jury_order=jury_order)
    allocation = ranking.allocate(ranked, tiers, min_score=min_score, cap_share=cap_share, shared=shared)
    return {r.key: r.rank for r in ranked}, allocation.awards


def sensitivity(
    totals: Totals,
    *,
    current_method: str,
    max_total: Number,
    tiers: Sequence[ranking.Tier],
    methods: Sequence[str] = scoring.AGGREGATION_METHODS,
    **params: Any,
) -> dict[str, list[PrizeChange]]:
    """Which prizes would change under each other aggregation method.

    ``totals`` is the round's ``{(judge, entry): total}`` (raw, not normalised: the normalised
    method normalises them with ``max_total`` itself); ``params`` are those of
    :func:`prizes_under` (tie-break inputs, ``trim_min_sheets`` and the allocation rules), the
    same for every method so that only the method varies.

    Returns ``{method: [PrizeChange]}`` for every method of ``methods`` but ``current_method``,
    in that order; an empty list means that method gives exactly the same prizes. Entries are
    listed in a stable order (by key).
    """
    current_ranks, current_awards = prizes_under(totals, current_method, max_total=max_total, tiers=tiers, **params)
    result: dict[str, list[PrizeChange]] = {}
    for method in methods:
        if method == current_method:
            continue
        ranks, awards = prizes_under(totals, method, max_total=max_total, tiers=tiers, **params)
        result[method] = [
            PrizeChange(entry, current_awards.get(entry), awards.get(entry), current_ranks.get(entry), ranks.get(entry))
            for entry in _sorted(current_ranks)
            if current_awards.get(entry) != awards.get(entry)
        ]
    return result
