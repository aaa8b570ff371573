"""Dates as Vietnamese official documents write them (Decree 30/2020/NĐ-CP, Appendix I).

"Hà Tĩnh, ngày 05 tháng 01 năm 2026": the day takes a leading zero below 10; the month only for
January and February ("tháng 01", "tháng 02", but "tháng 3" … "tháng 12"), so that a month
cannot be altered by adding a digit in front of it.
"""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


def _as_date(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def ngay_thang(value) -> str:
    """``date(2026, 1, 5)`` → "ngày 05 tháng 01 năm 2026"; an empty value gives ""."""
    value = _as_date(value)
    if not value:
        return ""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return _("ngày %(day)s tháng %(month)s năm %(year)s") % {
        "day": f"{value.day:02d}",
        "month": month,
        "year": value.year,
    }


@register.simple_tag
def noi_ngay(place, value) -> str:
    """The place-and-date line: "Hà Tĩnh, ngày 05 tháng 01 năm 2026"."""
    return f"{place}, {ngay_thang(value)}" if place else ngay_thang(value)
