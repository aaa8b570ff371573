"""The unit's own list of dossiers as a spreadsheet (the portal's "Tải Excel")."""

from django.utils.translation import gettext as _

from contest.spreadsheets.writer import Sheet


def entries_sheet(entries) -> Sheet:
    """One row per dossier; the moments are real date cells (dd/mm/yyyy hh:mm, local time)."""
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
    rows = (
        (
            e.receipt_code or "",
            e.contest.name,
            e.unit.name,
            e.title,
            e.get_kind_display(),
            e.field.name if e.field else "",
            e.get_state_display(),
            e.submitted_at,
            e.created_at,
        )
        for e in entries
    )
    return Sheet(_("Hồ sơ"), headers, rows)
