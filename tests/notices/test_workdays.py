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


# -- Against dates checked by hand -------------------------------------------------------------
# Each line was checked against the weekday and the announced (2025, 2026) or Labour-Code (2027:
# Tết 5 days, 2/9 with one adjacent day, a holiday on a weekend moved to the next working day)
# calendar, not read back from the library: if the library changes, these say so.
HAND_CHECKED = {
    # 2025: Tết Ất Tỵ Mon 27/01–Fri 31/01; Giỗ Tổ Mon 07/04; Sat 26/04 worked for Fri 02/05;
    # Quốc khánh Mon 01/09–Tue 02/09.
    date(2025, 1, 24): True,
    date(2025, 1, 27): False,
    date(2025, 1, 31): False,
    date(2025, 2, 3): True,
    date(2025, 4, 7): False,
    date(2025, 4, 26): True,
    date(2025, 4, 30): False,
    date(2025, 5, 1): False,
    date(2025, 5, 2): False,
    date(2025, 9, 1): False,
    date(2025, 9, 2): False,
    date(2025, 9, 3): True,
    # 2026: Tết Bính Ngọ Mon 16/02–Fri 20/02; Giỗ Tổ on Sunday 26/04, off on Monday 27/04; Sat
    # 22/08 worked for Mon 31/08; Quốc khánh Tue 01/09–Wed 02/09; Ngày Văn hóa Việt Nam Tue 24/11.
    date(2026, 2, 13): True,
    date(2026, 2, 16): False,
    date(2026, 2, 20): False,
    date(2026, 2, 23): True,
    date(2026, 4, 27): False,
    date(2026, 4, 28): True,
    date(2026, 8, 22): True,
    date(2026, 8, 31): False,
    date(2026, 9, 1): False,
    date(2026, 9, 2): False,
    date(2026, 9, 3): True,
    date(2026, 11, 24): False,
    # 2027: Tết Đinh Mùi (mùng 1 on Saturday 06/02): Thu 04/02–Wed 10/02; Giỗ Tổ Fri 16/04; 1/5 on
    # a Saturday, off on Monday 03/05; Quốc khánh Thu 02/09–Fri 03/09.
    date(2027, 2, 3): True,
    date(2027, 2, 4): False,
    date(2027, 2, 8): False,
    date(2027, 2, 10): False,
    date(2027, 2, 11): True,
    date(2027, 4, 16): False,
    date(2027, 5, 3): False,
    date(2027, 5, 4): True,
    date(2027, 9, 2): False,
    date(2027, 9, 3): False,
    date(2027, 9, 6): True,
}


def test_the_calendar_agrees_with_the_days_checked_by_hand():
    wrong = {day: expected for day, expected in HAND_CHECKED.items() if VIETNAM.is_working_day(day) != expected}
    assert wrong == {}


@pytest.mark.parametrize(
    ("start", "n", "end"),
    [
        # Posted the last working day before Tết 2027: the next working day is after mùng năm.
        (date(2027, 2, 3), 1, date(2027, 2, 11)),
        (date(2027, 1, 29), 4, date(2027, 2, 11)),
        (date(2027, 1, 29), 5, date(2027, 2, 12)),
        # Around 2/9: 2025 (Mon–Tue off), 2026 (Mon 31/08 to Wed 02/09 off), 2027 (Thu–Fri off).
        (date(2025, 8, 29), 1, date(2025, 9, 3)),
        (date(2026, 8, 28), 2, date(2026, 9, 4)),
        (date(2027, 9, 1), 2, date(2027, 9, 7)),
        # The make-up Saturdays count: 22/08/2026 and 26/04/2025.
        (date(2026, 8, 20), 2, date(2026, 8, 22)),
        (date(2025, 4, 25), 1, date(2025, 4, 26)),
    ],
)
def test_deadlines_checked_by_hand(start, n, end):
    assert VIETNAM.add_working_days(start, n) == end


# -- Properties with the organisers' own additions ---------------------------------------------

SPAN = (date(2026, 7, 1), date(2026, 10, 31))
additions = st.frozensets(st.dates(min_value=SPAN[0], max_value=SPAN[1]), max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=SPAN[0], max_value=date(2026, 9, 30)),
    n=st.integers(1, 25),
    days_off=additions,
    working=additions,
)
def test_with_any_additions_a_deadline_is_a_working_day_and_counts_exactly(start, n, days_off, working):
    calendar = WorkingCalendar(holidays=HOLIDAYS, days_off=days_off - working, working_days=MADE_UP | working)
    end = calendar.add_working_days(start, n)
    assert end not in (HOLIDAYS | days_off) - (MADE_UP | working)
    assert end.weekday() < 5 or end in MADE_UP | working
    assert calendar.count_working_days(start + timedelta(days=1), end) == n


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 1)), a=st.integers(1, 20), b=st.integers(1, 20)
)
def test_adding_in_two_steps_is_adding_at_once(start, a, b):
    assert VIETNAM.add_working_days(VIETNAM.add_working_days(start, a), b) == VIETNAM.add_working_days(start, a + b)
    assert VIETNAM.add_working_days(start, a + 1) > VIETNAM.add_working_days(start, a)


@settings(max_examples=200, deadline=None)
@given(start=st.dates(min_value=date(2026, 7, 1), max_value=date(2026, 8, 21)), n=st.integers(1, 30))
def test_a_make_up_saturday_shortens_every_period_that_spans_it(start, n):
    saturday = date(2026, 8, 22)
    without = WorkingCalendar(holidays=HOLIDAYS, working_days=MADE_UP - {saturday})
    end = VIETNAM.add_working_days(start, n)
    assert end <= without.add_working_days(start, n)
    if end >= saturday:
        # The Saturday is one of the n days: without it the same span holds one working day less.
        assert without.count_working_days(start + timedelta(days=1), end) == n - 1
