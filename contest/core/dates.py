"""Dates people type: dd/mm/yyyy (a single-digit day or month is fine), parsed strictly.

Nothing is guessed: 2026-12-05, 15032025, 5.12.26 and 31/02/2026 are refused, never replaced by
another date. Pure functions; the form fields in contest/core/forms.py give the messages.
"""

import datetime as dt
import re

DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
DATE_PLACEHOLDER = "dd/mm/yyyy"
DATETIME_PLACEHOLDER = "dd/mm/yyyy hh:mm"

_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# 17:00, and the way it is often written by hand in Vietnamese: 17h00, 17g00, 17h.
_TIME = re.compile(r"(\d{1,2})(?::(\d{2})|[hHgG](\d{2})?)")
FIRST_YEAR = 1900


class DateTextError(ValueError):
    """``code`` is "format" (not dd/mm/yyyy), "calendar" (no such day) or "time"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_date(text: str) -> dt.date:
    match = _DATE.fullmatch((text or "").strip())
    if not match:
        raise DateTextError("format")
    day, month, year = (int(part) for part in match.groups())
    if year < FIRST_YEAR:
        raise DateTextError("calendar")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateTextError("calendar") from None


def parse_datetime(text: str) -> dt.datetime:
    """A naive datetime from "dd/mm/yyyy hh:mm"; the time is required (a deadline without an
    hour would be a guess)."""
    parts = (text or "").split()
    if len(parts) != 2:
        raise DateTextError("format" if len(parts) != 1 or not _DATE.fullmatch(parts[0]) else "time")
    day = parse_date(parts[0])
    match = _TIME.fullmatch(parts[1])
    if not match:
        raise DateTextError("time")
    hour, minute = int(match.group(1)), int(match.group(2) or match.group(3) or 0)
    if hour > 23 or minute > 59:
        raise DateTextError("time")
    return dt.datetime.combine(day, dt.time(hour, minute))
