"""Numbers as Vietnamese readers see them: a decimal comma ("86,50"), rounded half up.

The one formatter behind every page, PDF and message (the ``|score`` and ``|number`` template
filters in contest/templatetags/numbers.py call it, and so does contest.results.scoring's
``format_score``). Machines get the other form, :func:`plain_number` ("8.5"), for data attributes
and input limits; CSV files keep dot decimals (contest/spreadsheets/writer.py).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

EMPTY = "—"


def as_decimal(value: object) -> Decimal:
    """A Decimal from a Decimal, an int, a float (through ``str``: 0.1 stays 0.1) or typed text
    ("8,5" or "8.5"); ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, Decimal):
        return value
    text = str(value).strip().replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def format_number(value: object, *, places: int = 2, trim: bool = False, empty: str = EMPTY) -> str:
    """``86.505`` → "86,51"; with ``trim`` the trailing zeros go ("0,5", "20"). A blank value
    (None or "") gives ``empty``."""
    if value is None or value == "":
        return empty
    number = as_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{number:.{places}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def plain_number(value: object) -> str:
    """For machines (a data attribute, an input's limits): "8.5", never "8.50"; "" when blank."""
    if value is None or value == "":
        return ""
    return f"{as_decimal(value).normalize():f}"


def typed_number(value: object) -> str:
    """A stored value as a Vietnamese user types it back into a form: "8,5", "20"."""
    return plain_number(value).replace(".", ",")
