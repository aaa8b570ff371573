"""Pure scoring arithmetic: parsing a typed value, checking it against a criterion, totals.

No ORM here, so that every rule can be tested (and property-tested) without a database. A
"criterion" is anything with ``code``, ``max_points``, ``step``, ``weight`` and
``counts_toward_total`` attributes: a ``contest.models.Criterion`` or a library entry alike.

Money-like arithmetic: everything is :class:`~decimal.Decimal`, never float, because 0.1 + 0.2
must equal 0.3 on a score sheet that a jury signs.
"""

from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from operator import attrgetter

from django.utils.translation import gettext as _

CENT = Decimal("0.01")


def parse_value(raw) -> Decimal:
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


def validate_value(value, *, max_points, step) -> list[str]:
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


def round_score(value) -> Decimal:
    """Two decimals, half up (86.505 → 86.51), as organisers round by hand."""
    return parse_value(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_score(value, *, trim=False) -> str:
    """Vietnamese display: ``86,50``; with ``trim``, ``0,5`` and ``20`` (for limits in messages)."""
    number = round_score(value)
    text = f"{number:.2f}"
    if trim:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def counting(criteria: Iterable) -> list:
    return [c for c in criteria if c.counts_toward_total]


def max_total(criteria: Iterable) -> Decimal:
    """The highest total a sheet can reach: Σ max × weight over the criteria that count."""
    return round_score(sum((parse_value(c.max_points) * parse_value(c.weight) for c in counting(criteria)), Decimal(0)))


def missing_criteria(values: Mapping, criteria: Iterable, *, key: Callable = attrgetter("code")) -> list:
    """The counting criteria that have no value yet (a sheet cannot be submitted with any)."""
    return [c for c in counting(criteria) if values.get(key(c)) in (None, "")]


def sheet_total(values: Mapping, criteria: Iterable, *, key: Callable = attrgetter("code")) -> Decimal:
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
