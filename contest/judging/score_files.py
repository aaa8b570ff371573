"""A round's jury score sheets as spreadsheet rows, in the layout the paper import reads
(contest/services/paper_import.py): an export of every sheet, and an empty template with one row
per assignment for typing paper sheets in.

Queries do not grow with the round: the layout (rubrics, criteria, one lookup per field), the
entries' numbers, the sheets with their scores, or the assignments and conflicts, each read once.
Cells are made formula-safe by the one writer (contest/spreadsheets/writer.py).
"""

from django.utils.translation import gettext as _

from contest.judging import conflicts
from contest.judging.enums import SheetKind
from contest.judging.models import Assignment, RoundEntry, ScoreSheet
from contest.judging.services.paper_import import build_layout
from contest.results import scoring


def _status(sheet):
    label = str(sheet.get_status_display())
    if sheet.from_paper:
        label += " " + _("(phiếu giấy)")
    return label


def _number(value, *, as_text):
    if as_text:
        return scoring.format_score(value, trim=True)
    # A whole number stays an integer cell (20, not 20.00); halves keep their Decimal.
    return int(value) if value == value.to_integral_value() else value


def export_rows(round, *, layout=None, numbers_as_text=False):
    """(headers, rows) of every jury sheet of the round, drafts included, by entry number then
    judge. Scores are numbers (or "8,5" text with ``numbers_as_text``, for CSV)."""
    layout = layout or build_layout(round)
    codes = dict(RoundEntry.objects.filter(round=round).values_list("entry_id", "code"))
    sheets = (
        ScoreSheet.objects.filter(round=round, kind=SheetKind.JURY)
        .select_related("judge", "entry")
        .prefetch_related("scores")
    )
    sheets = sorted(sheets, key=lambda s: (codes.get(s.entry_id, 0), s.judge.username))
    position = {column: index for index, column in enumerate(layout.criterion_columns)}
    rows = []
    for sheet in sheets:
        cells = [""] * len(layout.criterion_columns)
        for score in sheet.scores.all():
            column = layout.column_of.get(score.criterion_id)
            if column is not None:
                cells[position[column]] = _number(score.value, as_text=numbers_as_text)
        rows.append(
            [
                codes.get(sheet.entry_id, ""),
                sheet.entry.title,
                sheet.judge.username,
                sheet.judge.display_name,
                _status(sheet),
                *cells,
                sheet.comment,
            ]
        )
    return layout.columns, rows


def template_rows(round, *, layout=None):
    """(headers, rows): one empty row per assignment, judge by judge in each judge's order;
    pairs that a conflict now forbids are left out."""
    layout = layout or build_layout(round)
    codes = dict(RoundEntry.objects.filter(round=round).values_list("entry_id", "code"))
    forbidden = conflicts.forbidden_pairs(round)
    assignments = (
        Assignment.objects.filter(round=round).select_related("judge", "entry").order_by("judge__username", "position")
    )
    empty = [""] * len(layout.criterion_columns)
    rows = [
        [
            codes.get(a.entry_id, ""),
            a.entry.title,
            a.judge.username,
            a.judge.display_name,
            "",
            *empty,
            "",
        ]
        for a in assignments
        if (a.judge_id, a.entry_id) not in forbidden
    ]
    return layout.columns, rows
