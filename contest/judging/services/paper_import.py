"""Paper score sheets typed into a spreadsheet: the file layout of a round's jury sheets, and its
all-or-nothing import.

One row per judge × entry. Every row is checked before anything is written (entry in the round,
judge assigned and not conflicted, values within range and step, a complete sheet, no repeated
pair, no silent overwrite of a submitted sheet); one problem anywhere and nothing is saved. A
confirmed import submits each new or changed sheet with ``from_paper`` set and appends one
``score.import`` record per sheet to the audit chain, in one transaction.

The scoring deadline does not apply: the paper was filled in at the session, in time; only its
typing happens later. A row identical to the sheet already stored changes nothing (a draft stays
a draft), so an exported file imports back as a no-op.

The rows do not fit django-import-export's one-row-one-model ``ModelResource`` (a row is a sheet
*and* its scores, plus locks and an audit record), so the reading side of contest/importing.py is
reused (``read_table``, ``Problem``) and the checks live here.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core import audit
from contest.core.errors import DomainError
from contest.core.models import Round, User
from contest.core.text import FORMULA_PREFIXES, nfc
from contest.judging import conflicts
from contest.judging.enums import SheetKind, SheetStatus
from contest.judging.models import Assignment, Criterion, JuryMembership, RoundEntry, Rubric, ScoreSheet
from contest.judging.services import sheets
from contest.results import scoring
from contest.results.services import snapshots as results
from contest.spreadsheets.importing import Problem
from contest.spreadsheets.resources import header_problem
from contest.spreadsheets.tabular import ImportFileError, as_text, canonical_header, is_formula, shorten

# The headers are a file format (documented in docs/import-format.md), like the criterion codes:
# they are matched loosely (case, diacritics, spacing) but never translated.
ENTRY_CODE = "Số hiệu hồ sơ"
ENTRY_TITLE = "Tên hồ sơ"
JUDGE = "Tài khoản giám khảo"
JUDGE_NAME = "Họ tên giám khảo"
STATUS = "Trạng thái"
COMMENT = "Nhận xét chung"
#: Shown in exports and templates for the person typing; ignored on import.
INFORMATIONAL = (ENTRY_TITLE, JUDGE_NAME, STATUS)

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


# ---------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------


@dataclass
class Layout:
    """The columns of a round's score file and which criterion each criterion column holds."""

    round: Round
    criterion_columns: list
    column_of: dict  # criterion id -> column header
    required_criterion_columns: list
    _criteria_by_field: dict = field(default_factory=dict)

    @property
    def columns(self):
        return [ENTRY_CODE, ENTRY_TITLE, JUDGE, JUDGE_NAME, STATUS, *self.criterion_columns, COMMENT]

    @property
    def required(self):
        return [ENTRY_CODE, JUDGE, *self.required_criterion_columns]

    def criteria_for(self, entry) -> list[Criterion]:
        """The jury criteria of this entry (field-specific rubrics), one lookup per field."""
        if entry.field_id not in self._criteria_by_field:
            self._criteria_by_field[entry.field_id] = sheets.sheet_criteria(round=self.round, entry=entry)
        return self._criteria_by_field[entry.field_id]


def build_layout(round) -> Layout:
    """One column per criterion code; a code that two parts of a Hội thi share is qualified
    "<part>/<code>", as in the audit log (services.sheets.audit_keys). Field-specific rubrics of
    the same part share the column of a code."""
    criteria = sheets.jury_criteria(Rubric.objects.filter(round=round))
    parts = defaultdict(set)
    for criterion in criteria:
        parts[criterion.code].add(criterion.rubric.part)
    columns, column_of, required = [], {}, []
    for criterion in criteria:
        code = criterion.code
        column = code if len(parts[code]) == 1 else f"{criterion.rubric.part or criterion.rubric_id}/{code}"
        column_of[criterion.pk] = column
        if column not in columns:
            columns.append(column)
        if criterion.counts_toward_total and column not in required:
            required.append(column)
    return Layout(round=round, criterion_columns=columns, column_of=column_of, required_criterion_columns=required)


# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------


@dataclass
class Change:
    column: str
    old: str
    new: str


@dataclass
class SheetRow:
    """One non-empty row of the file and what importing it does."""

    line: int
    round_entry: RoundEntry
    judge: User
    sheet: ScoreSheet | None
    criteria: list
    values: dict  # criterion id -> Decimal or None (a cleared value), for the columns in the file
    comment: str | None  # None: no comment column, keep the stored one
    invalid: set = field(default_factory=set)  # criterion ids whose cell is already reported
    status: str = UNCHANGED
    changes: list = field(default_factory=list)


@dataclass
class ScoreImportReport:
    round: Round
    filename: str
    dry_run: bool
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    skipped: int = 0

    @property
    def ok(self):
        return not self.problems

    def _count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new(self):
        return self._count(NEW)

    @property
    def changed(self):
        return self._count(CHANGED)

    @property
    def unchanged(self):
        return self._count(UNCHANGED)


def _capitalised(text):
    text = str(text)
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------------------------


class _Checker:
    """Reads the round once (entries, jury, assignments, conflicts, sheets) and checks each row."""

    def __init__(self, round, layout, report):
        self.round, self.layout, self.report = round, layout, report
        self.entries = {r.code: r for r in RoundEntry.objects.filter(round=round).select_related("entry")}
        members = [m.judge for m in JuryMembership.objects.filter(round=round).select_related("judge")]
        self.judges = {u.username: u for u in members}
        self.judges_folded = {u.username.casefold(): u for u in members}
        self.assigned = set(Assignment.objects.filter(round=round).values_list("judge_id", "entry_id"))
        self.conflicts = conflicts.conflict_reasons(round)
        self.sheets = {
            (s.judge_id, s.entry_id): s
            for s in ScoreSheet.objects.filter(round=round, kind=SheetKind.JURY).prefetch_related("scores")
        }
        self.seen = {}

    def error(self, line, column, message):
        self.report.problems.append(Problem(line, column, _capitalised(message)))

    def cell(self, line, column, value):
        """A cell as text; the apostrophe our exports put before "=", "+", "-", "@" marks text and is
        dropped; a real formula is refused (its cached value may be stale or missing)."""
        if not isinstance(value, str):
            return as_text(value)
        text = nfc(value)
        if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
            return text[1:]
        if is_formula(text):
            self.error(
                line,
                column,
                _("ô chứa công thức «%(value)s»; hãy dán dạng giá trị (Paste Special → Values).")
                % {"value": shorten(text)},
            )
            return None
        return text

    def round_entry(self, line, text):
        if not text:
            self.error(line, ENTRY_CODE, _("thiếu số hiệu hồ sơ."))
            return None
        code = int(text) if text.isdigit() else None
        found = self.entries.get(code) if code is not None else None
        if found is None:
            self.error(
                line, ENTRY_CODE, _("không có hồ sơ số «%(value)s» trong vòng thi này.") % {"value": shorten(text)}
            )
        return found

    def judge(self, line, text, round_entry):
        if not text:
            self.error(line, JUDGE, _("thiếu tài khoản giám khảo."))
            return None
        judge = self.judges.get(text) or self.judges_folded.get(text.casefold())
        if judge is None:
            self.error(
                line,
                JUDGE,
                _("«%(value)s» không phải thành viên Ban Giám khảo của vòng thi này.") % {"value": shorten(text)},
            )
            return None
        if round_entry is None:
            return judge
        names = {"judge": judge.username, "code": f"{round_entry.code:03d}"}
        pair = (judge.pk, round_entry.entry_id)
        if pair in self.conflicts:
            reason = conflicts.REASON_LABELS.get(self.conflicts[pair], "")
            self.error(
                line,
                JUDGE,
                _("giám khảo «%(judge)s» có xung đột lợi ích với hồ sơ số %(code)s (%(reason)s) nên không được chấm.")
                % {**names, "reason": reason},
            )
            return None
        if pair not in self.assigned:
            self.error(line, JUDGE, _("giám khảo «%(judge)s» không được phân công chấm hồ sơ số %(code)s.") % names)
            return None
        if pair in self.seen:
            self.error(
                line,
                JUDGE,
                _("giám khảo «%(judge)s» và hồ sơ số %(code)s đã có ở dòng %(other)s; mỗi phiếu chỉ một dòng.")
                % {**names, "other": self.seen[pair]},
            )
            return None
        self.seen[pair] = line
        return judge

    def values(self, line, texts, round_entry):
        """criterion id -> Decimal or None, for the criterion columns present in the file."""
        criteria = self.layout.criteria_for(round_entry.entry)
        applicable = {self.layout.column_of[c.pk]: c for c in criteria}
        values: dict[int, Decimal | None] = {}
        invalid: set[int] = set()
        for column, text in texts.items():
            criterion = applicable.get(column)
            if criterion is None:
                if text:
                    self.error(
                        line,
                        column,
                        _("tiêu chí này không áp dụng cho hồ sơ số %(code)03d (lĩnh vực khác); hãy để trống.")
                        % {"code": round_entry.code},
                    )
                continue
            if text is None:  # a formula, already reported
                invalid.add(criterion.pk)
                continue
            if not text:
                values[criterion.pk] = None
                continue
            problems = scoring.validate_value(text, max_points=criterion.max_points, step=criterion.step)
            for problem in problems:
                self.error(line, column, problem)
            if problems:
                invalid.add(criterion.pk)
            else:
                values[criterion.pk] = scoring.parse_value(text).quantize(scoring.CENT)
        return criteria, values, invalid

    def compare(self, row):
        """Fill ``status`` and ``changes``; refuse a different submitted sheet or an incomplete one."""
        sheet = row.sheet
        stored = {s.criterion_id: s.value for s in sheet.scores.all()} if sheet else {}
        for criterion in row.criteria:
            if criterion.pk in row.values and row.values[criterion.pk] != stored.get(criterion.pk):
                column = self.layout.column_of[criterion.pk]
                row.changes.append(
                    Change(
                        column,
                        scoring.format_score(stored.get(criterion.pk), trim=True),
                        scoring.format_score(row.values[criterion.pk], trim=True),
                    )
                )
        if row.comment is not None and row.comment != (sheet.comment if sheet else ""):
            row.changes.append(Change(COMMENT, (sheet.comment if sheet else "") or "—", row.comment or "—"))
        if sheet is not None and not row.changes:
            row.status = UNCHANGED
            return
        row.status = NEW if sheet is None else CHANGED
        names = {"judge": row.judge.username, "code": f"{row.round_entry.code:03d}"}
        if sheet is not None and sheet.status == SheetStatus.SUBMITTED:
            message = (
                _("phiếu của giám khảo «%(judge)s» cho hồ sơ số %(code)s đã được nhập từ phiếu giấy và đã nộp")
                if sheet.from_paper
                else _("phiếu của giám khảo «%(judge)s» cho hồ sơ số %(code)s đã nộp trực tuyến")
            )
            self.error(
                row.line,
                row.changes[0].column,
                (message + _("; Ban Tổ chức phải mở lại trước khi nhập điểm khác.")) % names,
            )
            return
        final = {**stored, **row.values}
        for criterion in scoring.missing_criteria(final, row.criteria, key=lambda c: c.pk):
            if criterion.pk in row.invalid:
                continue
            self.error(
                row.line,
                self.layout.column_of[criterion.pk],
                _("chưa có điểm; phiếu chấm giấy phải có điểm mọi tiêu chí."),
            )


def _headers(dataset, layout):
    known = {canonical_header(c): c for c in layout.columns}
    return [known.get(canonical_header(h), nfc(as_text(h))) for h in (dataset.headers or [])]


def check(round, dataset, *, filename="", dry_run=True, layout=None) -> ScoreImportReport:
    """Read and check every row against the current data; nothing is written."""
    layout = layout or build_layout(round)
    report = ScoreImportReport(round=round, filename=filename, dry_run=dry_run)
    headers = _headers(dataset, layout)
    rows = [list(r) for r in dataset]
    problem = header_problem(headers, rows, expected=layout.columns, required=layout.required)
    if problem:
        raise ImportFileError(problem)
    checker = _Checker(round, layout, report)
    criterion_columns = [h for h in headers if h in layout.criterion_columns]
    for line, raw in enumerate(rows, start=2):
        cells = {h: v for h, v in zip(headers, raw, strict=False) if h and h not in INFORMATIONAL}
        if all(as_text(v) == "" for v in raw):
            continue
        texts = {h: checker.cell(line, h, v) for h, v in cells.items()}
        scores = {h: texts[h] for h in criterion_columns}
        if not any(scores.values()) and not texts.get(COMMENT) and None not in texts.values():
            # An empty template row (or a sheet exported before any score): nothing to import.
            report.skipped += 1
            continue
        round_entry = checker.round_entry(line, texts.get(ENTRY_CODE) or "")
        judge = checker.judge(line, texts.get(JUDGE) or "", round_entry)
        comment = texts.get(COMMENT) if COMMENT in headers else None
        if comment is not None and len(comment) > sheets.SHEET_COMMENT_MAX_LENGTH:
            checker.error(
                line, COMMENT, _("nhận xét chung dài quá %(n)d ký tự.") % {"n": sheets.SHEET_COMMENT_MAX_LENGTH}
            )
        if round_entry is None or judge is None:
            continue
        criteria, values, invalid = checker.values(line, scores, round_entry)
        row = SheetRow(
            line=line,
            round_entry=round_entry,
            judge=judge,
            sheet=checker.sheets.get((judge.pk, round_entry.entry_id)),
            criteria=criteria,
            values=values,
            comment=comment,
            invalid=invalid,
        )
        checker.compare(row)
        report.rows.append(row)
    position = {column: index for index, column in enumerate(layout.columns)}
    report.problems.sort(key=lambda p: (p.line or 0, position.get(p.column, -1)))
    return report


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


class ImportConflict(DomainError):
    """The round's sheets changed between the check and the write (a judge saved meanwhile)."""


def import_scores(*, round, dataset, by, filename, dry_run=False, ip=None) -> ScoreImportReport:
    """Check the file and, unless ``dry_run`` or a problem was found, write every new or changed
    sheet as submitted from paper, with one audit record each. All or nothing.

    The rubrics of the round and its existing jury sheets are locked before the check, with the
    same locks as the online sheet services (services/sheets.py), so the check sees what is
    written; a sheet created meanwhile loses the race on the unique constraint and aborts.
    """
    with transaction.atomic():
        if not dry_run:
            list(Rubric.objects.select_for_update(no_key=True).filter(round=round).values_list("pk", flat=True))
            list(
                ScoreSheet.objects.select_for_update()
                .filter(round=round, kind=SheetKind.JURY)
                .values_list("pk", flat=True)
            )
        results.ensure_scores_open(round)
        report = check(round, dataset, filename=filename, dry_run=dry_run)
        if dry_run or not report.ok:
            return report
        now = timezone.now()
        reason = _("nhập từ tệp %(file)s") % {"file": filename}
        for row in report.rows:
            if row.status != UNCHANGED:
                _write(row, round=round, by=by, now=now, reason=reason, ip=ip)
    return report


def _write(row, *, round, by, now, reason, ip):
    sheet, created = ScoreSheet.objects.get_or_create(
        round=round, judge=row.judge, entry=row.round_entry.entry, kind=SheetKind.JURY
    )
    if created != (row.sheet is None):
        raise ImportConflict(_("Phiếu chấm vừa được tạo hoặc xóa trong lúc nhập; hãy tải tệp lên lại."))
    keys = sheets.audit_keys(row.criteria)
    existing = {s.criterion_id: s for s in row.sheet.scores.all()} if row.sheet else {}
    old_values = {keys[cid]: s.value for cid, s in existing.items() if cid in keys}
    old = None if created else {**old_values, "_status": sheet.status, "_comment": sheet.comment}
    final = {cid: s.value for cid, s in existing.items()}
    for criterion_id, value in row.values.items():
        score = existing.get(criterion_id)
        if value is None:
            if score is not None:
                score.delete()
            final.pop(criterion_id, None)
        elif score is None:
            sheet.scores.create(criterion_id=criterion_id, value=value)
        elif score.value != value:
            score.value = value
            score.save(update_fields=["value"])
        if value is not None:
            final[criterion_id] = value
    if row.comment is not None:
        sheet.comment = row.comment
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = now
    sheet.from_paper = True
    sheet.save()
    new_values = {keys[cid]: value for cid, value in final.items() if cid in keys}
    total = scoring.sheet_total(final, row.criteria, key=lambda c: c.pk)
    audit.append(
        actor=by,
        action=audit.AuditAction.SCORE_IMPORT,
        obj=sheet,
        round=round,
        old=old,
        new={**new_values, "_status": SheetStatus.SUBMITTED.value, "_comment": sheet.comment, "_total": total},
        reason=reason,
        ip=ip,
    )
