"""The one spreadsheet writer: every CSV and XLSX file the app hands out is written here.

The rules, in one place:

- **Formula-safe.** Every text cell and header goes through
  :func:`contest.core.text.neutralise_formula` (a unit may name its model ``=HYPERLINK(…)``), and
  an XLSX cell openpyxl still takes for a formula is stored as text.
- **CSV** is UTF-8 with a byte-order mark when it is a file (without it Excel reads the local ANSI
  code page and Vietnamese turns into mojibake), comma separated. Decimals are written with a
  **dot** and two places ("86.50"): the CSV is for machines and for anyone recomputing a ranking,
  and "86,50" would collide with the separator. Yes/no is 1 / 0; dates are dd/mm/yyyy (and
  HH:MM in the site's time zone for a moment).
- **XLSX** has named sheets (Vietnamese titles, ≤ 31 characters), a bold frozen header row, an
  autofilter over the data, column widths fitted to the first rows, numbers as numeric cells
  (Excel sums and sorts them) and dates as real date cells shown dd/mm/yyyy, whatever the
  reader's Excel locale. Rows are streamed (openpyxl's write-only mode keeps them in a temporary
  file), so a 700,000-score matrix never sits in memory.

Pure apart from the time zone: no ORM; callers build (headers, rows) and pick a format.
"""

import csv
import datetime as dt
import io
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from contest.core.text import neutralise_formula

BOM = "\ufeff"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
CONTENT_TYPES = {"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE}
FORMATS = tuple(CONTENT_TYPES)

# Excel number formats: shown the Vietnamese way in every locale of Excel and LibreOffice.
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Widths are measured on this many rows (the rest streams through untouched).
WIDTH_SAMPLE = 200
MIN_WIDTH, MAX_WIDTH = 8, 60
SHEET_TITLE_MAX = 31
_CENT = Decimal("0.01")
_BOLD = Font(bold=True)


@dataclass
class Sheet:
    """One worksheet: its title (shown on the tab), header labels and rows of plain values.
    ``text_columns``: 0-based columns kept as text (codes with leading zeros, phone numbers)."""

    title: str
    headers: Sequence
    rows: Iterable[Sequence] = ()
    text_columns: Sequence[int] = field(default_factory=tuple)


def _local(value: dt.datetime) -> dt.datetime:
    # openpyxl cannot store an aware datetime; a naive UTC one would show the secretariat times
    # seven hours off. The site's time zone is what people read.
    return timezone.make_naive(value) if timezone.is_aware(value) else value


# --- CSV ------------------------------------------------------------------------------------


def csv_cell(value):
    """A value as CSV text: dot decimals with 2 places, 1/0 for yes/no, dd/mm/yyyy dates, text
    formula-safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return f"{value.quantize(_CENT, rounding=ROUND_HALF_UP):.2f}"
    if isinstance(value, dt.datetime):
        return f"{_local(value):%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, str):
        return neutralise_formula(value)
    return value


class _Echo:
    def write(self, value):
        return value


def csv_lines(headers, rows, *, bom=True):
    """The CSV line by line (for a streaming response); the BOM opens the first line."""
    writer = csv.writer(_Echo())
    first = writer.writerow([csv_cell(str(h)) for h in headers])
    yield (BOM + first) if bom else first
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row])


def write_csv(out, headers, rows, *, bom=True):
    """Write to a text stream (opened with newline=""); ``bom`` for files, not for pipes."""
    for line in csv_lines(headers, rows, bom=bom):
        out.write(line)


def csv_bytes(headers, rows, *, bom=True) -> bytes:
    out = io.StringIO(newline="")
    write_csv(out, headers, rows, bom=bom)
    return out.getvalue().encode()


# --- XLSX -----------------------------------------------------------------------------------


def xlsx_value(value):
    """A value as an XLSX cell value: dates stay dates (local time), yes is "có", text is
    formula-safe; numbers stay numbers."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("có") if value else ""
    if isinstance(value, dt.datetime):
        return _local(value)
    return neutralise_formula(value)


def _cell(sheet, value, *, text=False):
    value = xlsx_value(value)
    cell = WriteOnlyCell(sheet, value=value)
    if cell.data_type == "f":  # belt and braces: neutralise_formula already prefixed it
        cell.data_type = "s"
    if isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif text:
        cell.number_format = "@"
    return cell


def _shown_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _widths(headers, sample) -> list[int]:
    widths = []
    for index, header in enumerate(headers):
        longest = max([_shown_length(header), *(_shown_length(row[index]) for row in sample if index < len(row))])
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
    return widths


def sheet_title(title) -> str:
    """A valid worksheet name: at most 31 characters, none of : \\ / ? * [ ]."""
    text = str(title)
    for bad in ":\\/?*[]":
        text = text.replace(bad, " ")
    return text.strip()[:SHEET_TITLE_MAX] or _("Trang 1")


def _write_sheet(workbook, spec: Sheet):
    sheet = workbook.create_sheet(title=sheet_title(spec.title))
    headers = [str(h) for h in spec.headers]
    rows = iter(spec.rows)
    sample = [list(row) for row in itertools.islice(rows, WIDTH_SAMPLE)]
    # Views and column widths are written with the first row (write-only mode), the autofilter
    # at the end: set the first two before appending anything.
    text_columns = set(spec.text_columns)
    for index, width in enumerate(_widths(headers, sample), start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = width
        if index - 1 in text_columns:
            # What people type later stays text too: codes keep their leading zeros and 01/07/2025
            # is not turned into 7 January by an Excel set to US dates.
            dimension.number_format = "@"
    sheet.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = _cell(sheet, header)
        cell.font = _BOLD
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in itertools.chain(sample, rows):
        sheet.append([_cell(sheet, value, text=i in text_columns) for i, value in enumerate(row)])
        count += 1
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"


def write_xlsx(out, sheets: Iterable[Sheet]):
    """Write a workbook of one or more sheets to a binary stream."""
    workbook = Workbook(write_only=True)
    for spec in sheets:
        _write_sheet(workbook, spec)
    workbook.save(out)


def xlsx_bytes(*sheets: Sheet) -> bytes:
    out = io.BytesIO()
    write_xlsx(out, sheets)
    return out.getvalue()


def file_bytes(fmt: str, *sheets: Sheet) -> bytes:
    """The file in ``fmt`` ("xlsx" or "csv"); a CSV holds the first sheet only."""
    if fmt == "csv":
        first = sheets[0]
        return csv_bytes(first.headers, first.rows)
    return xlsx_bytes(*sheets)


def download(content: bytes, *, filename: str, fmt: str) -> HttpResponse:
    """An attachment response; ``filename`` without its extension."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    return response


def sheet_download(fmt: str, *sheets: Sheet, filename: str) -> HttpResponse:
    return download(file_bytes(fmt, *sheets), filename=filename, fmt=fmt)
