"""Vietnam's working-day calendar as the app uses it: the ``holidays`` library's public holidays
(Tết Nguyên đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9 and the substituted days it knows) plus the
compensatory days off and make-up working days the organisers add (CalendarDay), which win.
"""

from datetime import date

import holidays
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core import audit
from contest.core.errors import DomainError
from contest.core.text import nfc
from contest.notices.enums import CalendarDayKind
from contest.notices.models import CalendarDay
from contest.notices.workdays import WorkingCalendar

MANAGE_PERMISSION = "notices.manage"
# Enough for a notice period published late in a year and a complaint answered early the next.
YEARS_AHEAD = 2


def library_calendar(years) -> tuple[frozenset, frozenset]:
    """(holidays, make-up working days) of the given years as the library knows them."""
    vietnam = holidays.country_holidays("VN", years=list(years))
    return frozenset(vietnam.keys()), frozenset(getattr(vietnam, "weekend_workdays", ()) or ())


def working_calendar(around: date | None = None) -> WorkingCalendar:
    around = around or timezone.localdate()
    years = range(around.year - 1, around.year + YEARS_AHEAD + 1)
    official, made_up = library_calendar(years)
    days_off, working = set(), set(made_up)
    for day, kind in CalendarDay.objects.values_list("day", "kind"):
        if kind == CalendarDayKind.WORKING_DAY:
            working.add(day)
            days_off.discard(day)
        else:
            days_off.add(day)
            working.discard(day)
    return WorkingCalendar(holidays=official, days_off=frozenset(days_off), working_days=frozenset(working))


def holiday_names(start: date, end: date) -> list[tuple[date, str]]:
    """The library's holidays between two dates with their Vietnamese names (for the back office)."""
    vietnam = holidays.country_holidays("VN", years=list(range(start.year, end.year + 1)), language="vi")
    return sorted((day, name) for day, name in vietnam.items() if start <= day <= end)


def add_day(*, day, kind, note, by, ip=None) -> CalendarDay:
    if not by.has_perm(MANAGE_PERMISSION):
        raise DomainError(_("Chỉ Ban Tổ chức được sửa lịch ngày làm việc."))
    if kind not in CalendarDayKind.values:
        raise DomainError(_("Hãy chọn ngày nghỉ bù hay ngày làm việc bù."), field="kind")
    try:
        with transaction.atomic():
            added = CalendarDay.objects.create(day=day, kind=kind, note=nfc(note or "").strip()[:255], created_by=by)
            audit.append(actor=by, action="calendar.add", obj=added, new={"day": day, "kind": kind}, ip=ip)
    except IntegrityError:
        raise DomainError(
            _("Ngày %(day)s đã có trong lịch; hãy xóa dòng cũ trước.") % {"day": f"{day:%d/%m/%Y}"}, field="day"
        ) from None
    return added


def remove_day(*, calendar_day, by, ip=None) -> None:
    if not by.has_perm(MANAGE_PERMISSION):
        raise DomainError(_("Chỉ Ban Tổ chức được sửa lịch ngày làm việc."))
    with transaction.atomic():
        audit.append(
            actor=by,
            action="calendar.remove",
            obj=calendar_day,
            old={"day": calendar_day.day, "kind": calendar_day.kind},
            ip=ip,
        )
        CalendarDay.objects.filter(pk=calendar_day.pk).delete()
