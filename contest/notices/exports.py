"""A round's complaints and re-marking requests as a spreadsheet (the back office's "Tải Excel")."""

from django.utils.translation import gettext as _

from contest.spreadsheets.writer import Sheet


def complaints_sheet(complaints) -> Sheet:
    """One row per request; moments and dates are real date cells (local time)."""
    headers = [
        _("Số tiếp nhận"),
        _("Loại đơn"),
        _("Đơn vị"),
        _("Hồ sơ"),
        _("Nhận lúc"),
        _("Hạn trả lời"),
        _("Trạng thái"),
        _("Người xác minh"),
        _("Kết luận"),
        _("Trả lời lúc"),
        _("Nội dung, lý do"),
        _("Lý do kết luận"),
    ]
    rows = (
        (
            c.number,
            c.get_kind_display(),
            c.entry.unit.name,
            c.entry.title,
            c.filed_at,
            c.due_on,
            c.get_status_display(),
            c.assignee.display_name if c.assignee else "",
            c.get_outcome_display() if c.outcome else "",
            c.decided_at,
            c.grounds,
            c.reasons,
        )
        for c in complaints
    )
    return Sheet(_("Khiếu nại, phúc khảo"), headers, rows)
