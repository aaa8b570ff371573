"""Spreadsheet exports of the back-office lists: formula-safe, local time, Excel-friendly CSV.

Wagtail's ``SpreadsheetExportMixin`` already stops openpyxl from writing a formula cell, but its
CSV writer passes text through untouched: a unit could name a model ``=HYPERLINK(...)`` and the
secretariat's spreadsheet would run it. Every value and heading goes through
:func:`contest.core.text.neutralise_formula` here, in both formats, so the two files agree.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from contest.core.text import neutralise_formula

# Excel reads a CSV as the local ANSI code page unless it starts with a byte-order mark, and
# Vietnamese then turns into mojibake.
UTF8_BOM = "\ufeff"


def _local_naive(value):
    # openpyxl cannot store an aware datetime; Wagtail converts to naive UTC, which shows the
    # secretariat times seven hours off. Convert to the site's time zone instead.
    return timezone.make_naive(value) if timezone.is_aware(value) else value


def _local_text(value):
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "SHORT_DATETIME_FORMAT")


class FormulaSafeExportMixin:
    """Mixin for an ``IndexView`` (put it first in the bases) whose list can be exported."""

    custom_value_preprocess = {
        datetime.datetime: {"xlsx": _local_naive, "csv": _local_text},
        datetime.date: {"xlsx": None, "csv": lambda value: date_format(value, "SHORT_DATE_FORMAT")},
        datetime.time: {"xlsx": None},
        bool: {"xlsx": None, "csv": lambda value: str(_("Có") if value else _("Không"))},
        list: {"xlsx": lambda value: ", ".join(map(str, value)), "csv": lambda value: ", ".join(map(str, value))},
    }

    def to_row_dict(self, item):
        # Wagtail's multigetattr raises on a dotted path through an empty relation
        # (``field.name`` of an entry without a field); an empty cell is what a reader expects.
        return {field: _resolve(item, field) for field in self.list_export}

    def preprocess_field_value(self, field, value, export_format):
        if value is None:
            return ""
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(value)

    def get_heading(self, queryset, field):
        return neutralise_formula(super().get_heading(queryset, field))

    def stream_csv(self, queryset):
        yield UTF8_BOM
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


def _resolve(item, path):
    value = item
    for bit in path.split("."):
        if value is None:
            return None
        value = getattr(value, bit)
        if callable(value) and not getattr(value, "alters_data", False):
            value = value()
    return value
