"""The working-day calendar (contest/notices/workdays.py) with Vietnam's real calendar from the
``holidays`` library: Tết, 2/9, substituted days, make-up Saturdays, organisers' additions."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contest.notices.services.calendar import library_calendar
from contest.notices.workdays import CalendarError, WorkingCalendar

HOLIDAYS, MADE_UP = library_calendar(range(2025, 2029))
VIETNAM = WorkingCalendar(holidays=HOLIDAYS, working_days=MADE_UP)


def test_tet_2027_is_skipped_whole():
    # Tết Đinh Mùi: 29 Tết (04/02/2027, Thursday) to mùng năm (10/02, Wednesday), all days off.
    for day in range(4, 11):
        assert not VIETNAM.is_working_day(date(2027, 2, day))
    assert VIETNAM.add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)
    # 10 working days of a notice posted on 01/02/2027 (Monday): 01–03/02, then 11/02 onwards.
    assert VIETNAM.period_end(date(2027, 2, 1), 10) == date(2027, 2, 19)


def test_national_day_2027_and_its_second_day():
    # 02/09/2027 is a Thursday and 03/09 the second day off: the next working day is Monday 06/09.
    assert VIETNAM.add_working_days(date(2027, 9, 1), 1) == date(2027, 9, 6)
    assert VIETNAM.count_working_days(date(2027, 8, 30), date(2027, 9, 5)) == 3


def test_a_make_up_saturday_counts_and_its_substituted_monday_does_not():
    # 2026: Saturday 22/08 is worked in exchange for Monday 31/08 (before 01–02/09).
    assert VIETNAM.is_working_day(date(2026, 8, 22))
    assert VIETNAM.add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)
    assert not VIETNAM.is_working_day(date(2026, 8, 31))
    assert VIETNAM.add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)


def test_a_plain_notice_of_ten_working_days_ends_two_weeks_later():
    assert VIETNAM.period_end(date(2026, 10, 5), 10) == date(2026, 10, 16)
    # Starting on a Saturday: the period starts on Monday.
    assert VIETNAM.period_end(date(2026, 10, 3), 1) == date(2026, 10, 5)


def test_organisers_additions_win_over_the_library():
    extra = WorkingCalendar(
        holidays=HOLIDAYS,
        working_days=MADE_UP | {date(2026, 10, 10)},  # a Saturday made a working day
        days_off=frozenset({date(2026, 10, 12)}),  # a Monday given off
    )
    assert extra.add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)
    assert extra.add_working_days(date(2026, 10, 10), 1) == date(2026, 10, 13)


def test_nonsense_lengths_are_refused():
    with pytest.raises(CalendarError):
        VIETNAM.add_working_days(date(2026, 1, 1), 0)
    with pytest.raises(CalendarError):
        VIETNAM.period_end(date(2026, 1, 1), 0)


@settings(max_examples=300, deadline=None)
@given(start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)), n=st.integers(1, 40))
def test_adding_working_days_never_lands_on_a_day_off(start, n):
    end = VIETNAM.add_working_days(start, n)
    assert end > start
    assert end not in HOLIDAYS
    assert end.weekday() < 5 or end in MADE_UP
    # Exactly n working days after the start, the last of them being the end.
    assert VIETNAM.count_working_days(start + timedelta(days=1), end) == n
    assert VIETNAM.count_working_days(start + timedelta(days=1), end - timedelta(days=1)) == n - 1


@settings(max_examples=200, deadline=None)
@given(start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)), n=st.integers(1, 40))
def test_a_period_counts_its_first_day_when_it_is_a_working_day(start, n):
    end = VIETNAM.period_end(start, n)
    assert VIETNAM.is_working_day(end)
    assert VIETNAM.count_working_days(start, end) == n
