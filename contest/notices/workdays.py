"""Working days in Vietnam: weekends, public holidays (lunar ones included) and the compensatory
days off and make-up working days the government announces each year. Pure: no ORM, no clock.

A :class:`WorkingCalendar` is built from sets of dates (services/calendar.py fills them from the
``holidays`` library and the organisers' own additions); every deadline of the notice period is
computed here.

Counting rule (Bộ luật Dân sự 2015, Điều 147): a period that follows an event starts on the day
after it. So ``add_working_days(d, n)`` is the n-th working day *after* d; a period that starts on
a given day and lasts n working days (a notice posted from 05/10) ends on
``period_end(start, n)``, the start counting as the first day when it is a working day.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

SATURDAY, SUNDAY = 5, 6
# A safety net: no real calendar has a year without working days, but a wrong organiser entry
# must not make a loop run for ever.
MAX_SCAN_DAYS = 3660


class CalendarError(ValueError):
    pass


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: frozenset[date] = field(default_factory=frozenset)
    days_off: frozenset[date] = field(default_factory=frozenset)  # compensatory days off (nghỉ bù) added by hand
    working_days: frozenset[date] = field(default_factory=frozenset)  # make-up working days (làm bù), often a Saturday
    weekend: frozenset[int] = frozenset({SATURDAY, SUNDAY})

    def is_working_day(self, day: date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off or day in self.holidays:
            return False
        return day.weekday() not in self.weekend

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        for offset in range(MAX_SCAN_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise CalendarError("no working day within ten years")

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after ``day`` (n ≥ 1); ``day`` itself never counts."""
        if n < 1:
            raise CalendarError("n must be at least 1")
        current = day
        for _step in range(n):
            current = self.next_working_day(current + timedelta(days=1))
        return current

    def period_end(self, start: date, n: int) -> date:
        """Last day of a period of n working days that starts on ``start`` (counted when working)."""
        if n < 1:
            raise CalendarError("n must be at least 1")
        first = self.next_working_day(start)
        return first if n == 1 else self.add_working_days(first, n - 1)

    def count_working_days(self, start: date, end: date) -> int:
        """Working days from ``start`` to ``end``, both included (0 when end < start)."""
        days = (end - start).days + 1
        return sum(1 for offset in range(max(days, 0)) if self.is_working_day(start + timedelta(days=offset)))
