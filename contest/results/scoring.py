"""Pure scoring arithmetic: parsing a typed value, checking it against a criterion, totals.

No ORM here, so that every rule can be tested (and property-tested) without a database. A
"criterion" is anything with ``code``, ``max_points``, ``step``, ``weight`` and
``counts_toward_total`` attributes: a ``contest.judging.models.Criterion`` or a library entry alike.

Money-like arithmetic: everything is :class:`~decimal.Decimal`, never float, because 0.1 + 0.2
must equal 0.3 on a score sheet that a jury signs.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from operator import attrgetter
from typing import Any, Protocol, TypeAlias, TypeVar

from django.utils.translation import gettext as _

from contest.core.numbers import EMPTY, format_number

CENT = Decimal("0.01")

# What a score may arrive as: typed text ("8,5"), a number, or a Decimal from the database.
Number: TypeAlias = Decimal | int | float | str


class CriterionLike(Protocol):
    """A Criterion row or a rubric-library entry: what the arithmetic reads of a criterion."""

    @property
    def max_points(self) -> Number: ...
    @property
    def weight(self) -> Number: ...
    @property
    def counts_toward_total(self) -> bool: ...


C = TypeVar("C", bound=CriterionLike)
K = TypeVar("K", bound=Hashable)


def parse_value(raw: object) -> Decimal:
    """Read a typed score: ``"8,5"`` (Vietnamese decimal comma), ``"8.5"``, a Decimal or an int.

    Raises ``ValueError`` for anything else, including NaN and infinity. Floats go through
    ``str`` so that 0.1 stays 0.1 instead of its binary approximation.
    """
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int | float):
        value = Decimal(str(raw))
    elif isinstance(raw, str):
        text = raw.strip().replace(" ", "").replace(",", ".")
        if not text:
            raise ValueError(raw)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(raw) from None
    else:
        raise ValueError(raw)
    if not value.is_finite():
        raise ValueError(raw)
    return value


def validate_value(value: object, *, max_points: Number, step: Number) -> list[str]:
    """Every reason why ``value`` is not a valid score for a criterion (empty list: valid).

    Valid means a number within 0..max_points and a whole multiple of ``step`` (DOMAIN.md §7:
    half points are common, step 0,5).
    """
    try:
        number = parse_value(value)
    except ValueError:
        return [_("Điểm phải là một số, ví dụ 8 hoặc 8,5.")]
    max_points, step = parse_value(max_points), parse_value(step)
    errors = []
    if number < 0:
        errors.append(_("Điểm không được âm."))
    if number > max_points:
        errors.append(_("Điểm không được vượt quá %(max)s.") % {"max": format_score(max_points, trim=True)})
    if step > 0 and not _is_multiple(number, step):
        errors.append(_("Điểm phải là bội số của %(step)s.") % {"step": format_score(step, trim=True)})
    return errors


def _is_multiple(number: Decimal, step: Decimal) -> bool:
    try:
        return number % step == 0
    except InvalidOperation:
        # The quotient has more digits than the context holds (1E+40 % 0.5): far out of range anyway.
        return False


def round_score(value: object) -> Decimal:
    """Two decimals, half up (86.505 → 86.51), as organisers round by hand."""
    return parse_value(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_score(value: object, *, trim: bool = False, empty: str = EMPTY) -> str:
    """Vietnamese display: ``86,50``; with ``trim``, ``0,5`` and ``20`` (for limits in messages);
    a blank value shows ``empty`` ("—"). The one score formatter (the ``|score`` filter calls it)."""
    if value is None or value == "":
        return empty
    return format_number(round_score(value), trim=trim)


def counting(criteria: Iterable[C]) -> list[C]:
    return [c for c in criteria if c.counts_toward_total]


def max_total(criteria: Iterable[CriterionLike]) -> Decimal:
    """The highest total a sheet can reach: Σ max × weight over the criteria that count."""
    return round_score(sum((parse_value(c.max_points) * parse_value(c.weight) for c in counting(criteria)), Decimal(0)))


def missing_criteria(
    values: Mapping[Any, object], criteria: Iterable[C], *, key: Callable[[C], object] = attrgetter("code")
) -> list[C]:
    """The counting criteria that have no value yet (a sheet cannot be submitted with any)."""
    return [c for c in counting(criteria) if values.get(key(c)) in (None, "")]


def sheet_total(
    values: Mapping[Any, object], criteria: Iterable[C], *, key: Callable[[C], object] = attrgetter("code")
) -> Decimal:
    """Weighted total of one sheet: Σ value × weight over the criteria that count, rounded half up
    to 2 decimals. ``values`` maps ``key(criterion)`` (the code by default; pass ``key`` with the
    primary key when a sheet spans several rubrics whose codes may repeat) to a typed value.

    A missing value counts as 0, so that a draft shows a running total; completeness is
    :func:`missing_criteria`'s job and validity :func:`validate_value`'s.
    """
    total = Decimal(0)
    for criterion in counting(criteria):
        raw = values.get(key(criterion))
        if raw in (None, ""):
            continue
        total += parse_value(raw) * parse_value(criterion.weight)
    return round_score(total)


# ---------------------------------------------------------------------------------------------
# Aggregating the judges' totals of one entry (DOMAIN.md §7).
# ---------------------------------------------------------------------------------------------

MEAN, TRIMMED_MEAN, MEDIAN, NORMALISED = "mean", "trimmed_mean", "median", "normalised"
AGGREGATION_METHODS = (MEAN, TRIMMED_MEAN, MEDIAN, NORMALISED)
# Drop the highest and the lowest total only when at least this many judges scored (DOMAIN.md §7).
DEFAULT_TRIM_MIN_SHEETS = 5
DEFAULT_DISCREPANCY = Decimal(20)
# Intermediate precision: far more digits than a score needs, so that only the final, stated
# rounding (2 decimals, half up) ever shows.
_PRECISION = 34


def _exact(values: Iterable[object]) -> list[Decimal]:
    return [parse_value(v) for v in values]


def mean(values: Iterable[object]) -> Decimal:
    numbers = _exact(values)
    if not numbers:
        raise ValueError("mean of no values")
    return sum(numbers, Decimal(0)) / len(numbers)


def median(values: Iterable[object]) -> Decimal:
    numbers = sorted(_exact(values))
    if not numbers:
        raise ValueError("median of no values")
    middle = len(numbers) // 2
    if len(numbers) % 2:
        return numbers[middle]
    return (numbers[middle - 1] + numbers[middle]) / 2


def trimmed_mean(values: Iterable[object], *, min_count: int = DEFAULT_TRIM_MIN_SHEETS) -> Decimal:
    """The mean without the single highest and lowest value, once there are ``min_count`` values
    (below that, the plain mean: dropping two of three judges would leave one opinion)."""
    numbers = sorted(_exact(values))
    if len(numbers) >= max(min_count, 3):
        numbers = numbers[1:-1]
    return mean(numbers)


def aggregate(
    values: Iterable[object], method: str = MEAN, *, trim_min_sheets: int = DEFAULT_TRIM_MIN_SHEETS
) -> Decimal:
    """One entry's score from its judges' totals, rounded half up to 2 decimals.

    ``normalised`` aggregates already-normalised totals (:func:`normalise_by_judge`) by their mean.
    """
    with localcontext() as context:
        context.prec = _PRECISION
        if method in (MEAN, NORMALISED):
            result = mean(values)
        elif method == MEDIAN:
            result = median(values)
        elif method == TRIMMED_MEAN:
            result = trimmed_mean(values, min_count=trim_min_sheets)
        else:
            raise ValueError(f"unknown aggregation method {method!r}")
    return round_score(result)


def spread(values: Iterable[object]) -> Decimal:
    numbers = _exact(values)
    return max(numbers) - min(numbers) if numbers else Decimal(0)


def is_discrepant(values: Sequence[object], *, threshold: Number = DEFAULT_DISCREPANCY) -> bool:
    """Judges' totals spread by at least ``threshold``: the head judge must re-check the entry."""
    return len(values) > 1 and spread(values) >= parse_value(threshold)


def _population_sd(numbers: list[Decimal], centre: Decimal) -> Decimal:
    return (sum(((n - centre) ** 2 for n in numbers), Decimal(0)) / len(numbers)).sqrt()


def normalise_by_judge(totals: Mapping[tuple[K, Any], object], *, max_total: Number) -> dict[tuple[K, Any], Decimal]:
    """Remove each judge's leniency or harshness: z-score per judge, rescaled to the rubric's range.

    ``totals`` maps ``(judge, entry)`` to that judge's sheet total. Each judge's totals become
    z-scores (their own mean 0, spread 1), so a judge who adds the same constant to every sheet, or
    scores on a stretched scale, ends with exactly the same z-scores. They are put back on the
    rubric's scale with the mean of the judges' means and the root-mean-square of their spreads,
    and clamped to 0..``max_total``, so that thresholds such as "prizes from 70 points" keep their
    meaning. A judge who shifts every sheet by c moves that common mean by c / (number of judges):
    every normalised total moves by the same amount, so no gap and no order changes (only the
    final rounding to the cent can meet a different edge). A judge whose totals are all equal (or
    who scored one entry) expresses no preference: every such sheet sits at the common mean.

    Values stay unrounded: :func:`aggregate` rounds once, at the end.
    """
    by_judge: dict[K, dict[Any, Decimal]] = {}
    for (judge, entry), total in totals.items():
        by_judge.setdefault(judge, {})[entry] = parse_value(total)
    if not by_judge:
        return {}
    ceiling = parse_value(max_total)
    with localcontext() as context:
        context.prec = _PRECISION
        stats: dict[K, tuple[Decimal, Decimal]] = {}
        for judge, scores in by_judge.items():
            numbers = list(scores.values())
            centre = sum(numbers, Decimal(0)) / len(numbers)
            stats[judge] = (centre, _population_sd(numbers, centre))
        target_mean = sum((c for c, _sd in stats.values()), Decimal(0)) / len(stats)
        target_sd = (sum((sd * sd for _c, sd in stats.values()), Decimal(0)) / len(stats)).sqrt()
        result: dict[tuple[K, Any], Decimal] = {}
        for judge, scores in by_judge.items():
            centre, sd = stats[judge]
            for entry, value in scores.items():
                z = (value - centre) / sd if sd else Decimal(0)
                result[(judge, entry)] = min(max(target_mean + z * target_sd, Decimal(0)), ceiling)
    return result
