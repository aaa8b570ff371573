"""The one spreadsheet writer (contest/spreadsheets/writer.py), read back as Excel would."""

import datetime as dt
import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import load_workbook

from contest.spreadsheets import writer

HEADERS = ["Tên", "Điểm", "Ngày", "Lúc", "Đạt"]


def rows():
    moment = timezone.make_aware(dt.datetime(2026, 1, 5, 8, 30))
    return [
        ["=1+2", Decimal("86.505"), dt.date(2026, 7, 1), moment, True],
        ["Mô hình dài " * 3, None, None, None, False],
    ]


def test_xlsx_has_a_named_sheet_a_frozen_bold_header_a_filter_and_fitted_columns():
    book = load_workbook(io.BytesIO(writer.xlsx_bytes(writer.Sheet("Xếp hạng: vòng 1/2", HEADERS, rows()))))
    sheet = book.active
    assert sheet.title == "Xếp hạng  vòng 1 2"  # characters Excel refuses in a name are replaced
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E3"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["A"].width == len("Mô hình dài " * 3) + 2
    assert sheet.column_dimensions["B"].width == writer.MIN_WIDTH


def test_xlsx_cells_are_typed_and_formula_safe():
    sheet = load_workbook(io.BytesIO(writer.xlsx_bytes(writer.Sheet("Kết quả", HEADERS, rows())))).active
    name, score, day, moment, passed = sheet[2]
    assert name.value == "'=1+2" and name.data_type == "s"
    assert score.value == 86.505 and score.data_type == "n"
    assert day.is_date and day.number_format == "dd/mm/yyyy" and day.value == dt.datetime(2026, 7, 1)
    assert moment.is_date and moment.number_format == "dd/mm/yyyy hh:mm"
    assert moment.value == dt.datetime(2026, 1, 5, 8, 30)  # the site's time, not UTC
    assert passed.value == "có" and sheet["E3"].value is None


def test_xlsx_text_columns_keep_what_people_type_as_text():
    content = writer.xlsx_bytes(writer.Sheet("Mẫu", ["ma", "ten"], [], text_columns=[0]))
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.column_dimensions["A"].number_format == "@"
    assert sheet.max_row == 1 and sheet.auto_filter.ref == "A1:B1"


def test_xlsx_holds_several_sheets_in_order():
    content = writer.xlsx_bytes(writer.Sheet("Xếp hạng", ["a"], [[1]]), writer.Sheet("Cách tính", ["b"], [[2]]))
    assert load_workbook(io.BytesIO(content)).sheetnames == ["Xếp hạng", "Cách tính"]


def test_csv_has_a_bom_dot_decimals_dd_mm_yyyy_dates_and_no_formula():
    text = writer.csv_bytes(HEADERS, rows()).decode()
    assert text.startswith("\ufeffTên,Điểm,Ngày,Lúc,Đạt\r\n")
    assert "'=1+2,86.51,01/07/2026,05/01/2026 08:30,1\r\n" in text
    assert text.endswith(",,,,0\r\n")


def test_csv_for_a_pipe_has_no_bom():
    assert writer.csv_bytes(["a"], [["x"]], bom=False) == b"a\r\nx\r\n"


def test_download_names_the_file():
    response = writer.sheet_download("csv", writer.Sheet("Hồ sơ", ["a"], [["x"]]), filename="ho-so-01")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ho-so-01.csv"'
