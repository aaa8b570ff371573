"""Excel exports of lists, formula-safe (a cell never starts a formula)."""

from io import BytesIO

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from contest.core.text import neutralise_formula


def workbook_response(*, headers, rows, filename, sheet_title):
    """Stream an .xlsx built from header labels and row tuples; every string is neutralised."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append([str(h) for h in headers])
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=neutralise_formula(value))
            if cell.data_type == "f":
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    output = BytesIO()
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def entries_workbook_response(entries, *, filename):
    headers = [
        _("Mã biên nhận"),
        _("Cuộc thi"),
        _("Đơn vị"),
        _("Tên hồ sơ"),
        _("Loại"),
        _("Lĩnh vực"),
        _("Trạng thái"),
        _("Nộp lúc"),
        _("Tạo lúc"),
    ]

    def fmt(dt):
        return timezone.localtime(dt).strftime("%d/%m/%Y %H:%M") if dt else ""

    rows = (
        (
            e.receipt_code or "",
            e.contest.name,
            e.unit.name,
            e.title,
            e.get_kind_display(),
            e.field.name if e.field else "",
            e.get_state_display(),
            fmt(e.submitted_at),
            fmt(e.created_at),
        )
        for e in entries
    )
    return workbook_response(headers=headers, rows=rows, filename=filename, sheet_title=_("Hồ sơ"))
