"""Vietnamese mobile numbers, reduced to one form per subscriber (pure: no database).

Since the 2018 renumbering every mobile number has ten digits: 0 and nine digits, the first two of
which name the network (Viettel 03x/086/096–098, Vinaphone 081–085/088/091/094, MobiFone
070/076–079/089/090/093, Vietnamobile 052/056/058/092, Gmobile 059/099, Reddi 055, Itel 087).
People write them as 0912 345 678, +84 912 345 678, 84912345678 or (+84) 912.345.678; all are the
same subscriber, and gateways (SMS brandname, Zalo ZNS) want the international form without "+":
``84912345678``. That form is what :func:`normalise_phone` returns and what the identity hash is
taken of.

An eleven-digit 01xx number is one of the old series converted in 2018 (0168… became 038…): it
is refused with that explanation rather than guessed. Landlines (02x) cannot receive a code.
"""

import re
import unicodedata

COUNTRY = "84"
# The two digits after the leading 0 of a current mobile number, per network (list of 2024).
MOBILE_PREFIXES = frozenset(
    ["32", "33", "34", "35", "36", "37", "38", "39", "86", "96", "97", "98"]  # Viettel
    + ["81", "82", "83", "84", "85", "88", "91", "94"]  # Vinaphone
    + ["70", "76", "77", "78", "79", "89", "90", "93"]  # MobiFone
    + ["52", "56", "58", "92"]  # Vietnamobile
    + ["59", "99"]  # Gmobile
    + ["55"]  # Reddi
    + ["87"]  # Itel
)
_SEPARATORS = re.compile(r"[\s.\-()/]")


class NotAPhone(ValueError):
    """``reason`` is one of "shape", "old", "landline", "prefix"."""

    def __init__(self, text: str, reason: str):
        super().__init__(text)
        self.reason = reason


def normalise_phone(text: str) -> str:
    """``84`` and the nine digits after the trunk 0 (``84912345678``), or :class:`NotAPhone`."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    compact = _SEPARATORS.sub("", text)
    if compact.startswith("+"):
        compact = compact[1:]
        if not compact.startswith(COUNTRY):
            raise NotAPhone(text, "shape")
    if not compact.isascii() or not compact.isdigit():
        raise NotAPhone(text, "shape")
    if compact.startswith(COUNTRY) and len(compact) in (11, 12):
        national = compact[len(COUNTRY) :]
        # "+84 0912…" is a common slip: the trunk 0 written after the country code.
        if national.startswith("0"):
            national = national[1:]
    elif compact.startswith("0"):
        national = compact[1:]
    else:
        raise NotAPhone(text, "shape")
    if len(national) == 10 and national.startswith("1"):
        raise NotAPhone(text, "old")
    if national.startswith("2"):
        raise NotAPhone(text, "landline")
    if len(national) != 9:
        raise NotAPhone(text, "shape")
    if national[:2] not in MOBILE_PREFIXES:
        raise NotAPhone(text, "prefix")
    return COUNTRY + national


def national_form(normalised: str) -> str:
    """``0912 345 678``: how a Vietnamese reader expects to see a number written."""
    digits = "0" + normalised[len(COUNTRY) :]
    return f"{digits[:4]} {digits[4:7]} {digits[7:]}"


def masked(normalised: str) -> str:
    """``0912 *** 678``: enough for the voter to recognise the number a code went to."""
    shown = national_form(normalised)
    return f"{shown[:4]} *** {shown[-3:]}"


def stem_of(normalised: str) -> str:
    """The number without its last three digits: numbers bought or generated in a row share it,
    which is how the review's "sequence" sign finds them (as lan1@, lan2@ for mailboxes)."""
    return "tel:" + normalised[:-3]
