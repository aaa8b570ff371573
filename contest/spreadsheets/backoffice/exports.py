"""Spreadsheet exports of the back-office lists, through the one writer.

Wagtail's ``SpreadsheetExportMixin`` picks the rows and headings (``list_export``,
``export_headings``); :mod:`contest.spreadsheets.writer` writes them, so a list exported here
follows the same rules as every other file: formula-safe text and headings (a unit could name a
model ``=HYPERLINK(...)``), a BOM in the CSV, and an XLSX with a named sheet, fitted columns, a
frozen header row, a filter and real dd/mm/yyyy dates in the site's time zone.
"""

from django.http import StreamingHttpResponse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import HeaderButton

from contest.spreadsheets import writer


def _plain(value):
    """Yes/no in words, lists joined; dates and numbers are left to the writer."""
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return value


class FormulaSafeExportMixin:
    """Mixin for an ``IndexView`` (put it first in the bases) whose list can be exported.
    ``export_sheet_title``: the worksheet's name (else the page's title)."""

    export_sheet_title = None

    @cached_property
    def header_buttons(self):
        # Users expect "Tải Excel" on every list (DOMAIN.md §10): a button in sight, not only an
        # item of the "…" menu. It exports what the list shows (its filters and search).
        buttons = list(super().header_buttons)  # type: ignore[misc]
        if self.show_export_buttons:  # type: ignore[attr-defined]
            url = self.xlsx_export_url  # type: ignore[attr-defined]
            buttons.append(HeaderButton(_("Tải Excel"), url=url, icon_name="download", priority=90))
        return buttons

    def to_row_dict(self, item):
        # Wagtail's multigetattr raises on a dotted path through an empty relation
        # (``field.name`` of an entry without a field); an empty cell is what a reader expects.
        return {field: _resolve(item, field) for field in self.list_export}

    def _export_table(self, queryset):
        headers = [self.get_heading(queryset, field) for field in self.list_export]
        rows = ([_plain(value) for value in self.to_row_dict(item).values()] for item in queryset)
        return headers, rows

    def write_csv_response(self, queryset):
        headers, rows = self._export_table(queryset)
        response = StreamingHttpResponse(writer.csv_lines(headers, rows), content_type=writer.CSV_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"{self.get_filename()}.csv")
        return response

    def write_xlsx_response(self, queryset):
        headers, rows = self._export_table(queryset)
        title = capfirst(str(self.export_sheet_title or self.get_page_title()))
        return writer.sheet_download("xlsx", writer.Sheet(title, headers, rows), filename=self.get_filename())


def _resolve(item, path):
    value = item
    for bit in path.split("."):
        if value is None:
            return None
        value = getattr(value, bit)
        if callable(value) and not getattr(value, "alters_data", False):
            value = value()
    return value
