"""The steps around the import resources: read an uploaded file, preview it (dry run), keep it
server-side until the organiser confirms, import it all-or-nothing, and build templates and
exports. Views and the ``import_units`` command call these; rules live in contest/resources.py.
"""

import csv
import datetime as dt
import io
import logging
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.results import RowResult
from openpyxl import load_workbook

from contest.core.errors import DomainError
from contest.core.models import UnitLevel, UnitType, User
from contest.core.tasks import send_account_invitations
from contest.spreadsheets import writer
from contest.spreadsheets.paper_entries import PaperEntryResource
from contest.spreadsheets.resources import UnitAccountResource, UnitResource
from contest.spreadsheets.stage_questions import StageQuestionResource
from contest.spreadsheets.tabular import ImportFileError

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# About 13 ms a row (full model validation): 5,000 rows stay well inside a web worker's timeout.
# Bigger files go through ``manage.py import_units``, which has no such limit.
MAX_ROWS = 5_000
PENDING_DIR = "imports"
PENDING_MAX_AGE = dt.timedelta(hours=24)
SESSION_KEY = "contest_pending_imports"
TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")
XLSX_CONTENT_TYPE = writer.XLSX_CONTENT_TYPE


@dataclass(frozen=True)
class ImportKind:
    slug: str
    resource_class: type
    title: str
    noun: str
    filename: str


KINDS = {
    "don-vi": ImportKind(
        "don-vi", UnitResource, gettext_lazy("Nhập đơn vị từ Excel/CSV"), gettext_lazy("đơn vị"), "don-vi"
    ),
    "tai-khoan": ImportKind(
        "tai-khoan",
        UnitAccountResource,
        gettext_lazy("Nhập tài khoản đơn vị"),
        gettext_lazy("tài khoản"),
        "tai-khoan-don-vi",
    ),
    "ho-so-giay": ImportKind(
        "ho-so-giay",
        PaperEntryResource,
        gettext_lazy("Nhập hồ sơ giấy từ Excel"),
        gettext_lazy("hồ sơ"),
        "ho-so-giay",
    ),
    "cau-hoi-hoi-thi": ImportKind(
        "cau-hoi-hoi-thi",
        StageQuestionResource,
        gettext_lazy("Nhập ngân hàng câu hỏi hội thi"),
        gettext_lazy("câu hỏi"),
        "cau-hoi-hoi-thi",
    ),
}


# --- reading ------------------------------------------------------------------------------------


def read_table(
    content: bytes, filename: str, *, max_rows: int | None = MAX_ROWS, max_bytes: int | None = MAX_UPLOAD_BYTES
) -> tablib.Dataset:
    """The first sheet of an .xlsx file, or a UTF-8 .csv (with or without BOM, "," or ";")."""
    if max_bytes and len(content) > max_bytes:
        raise ImportFileError(_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)})
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(content, max_rows)
    elif suffix == ".csv":
        rows = _csv_rows(content, max_rows)
    else:
        raise ImportFileError(_("Chỉ nhận tệp Excel .xlsx hoặc .csv (UTF-8). Tệp .xls cũ: hãy lưu lại thành .xlsx."))
    if not rows:
        raise ImportFileError(_("Tệp trống: không có dòng tiêu đề."))
    width = max(len(r) for r in rows)
    rows = [list(r) + [None] * (width - len(r)) for r in rows]
    headers = ["" if h is None else str(h) for h in rows[0]]
    return tablib.Dataset(*rows[1:], headers=headers)


def _too_many_rows(max_rows):
    limit = f"{max_rows:,}".replace(",", ".")
    return ImportFileError(_("Tệp có quá %(n)s dòng; hãy chia thành nhiều tệp.") % {"n": limit})


def _xlsx_rows(content, max_rows):
    if not content.startswith(b"PK"):
        raise ImportFileError(_("Tệp không phải Excel .xlsx hợp lệ."))
    try:
        # data_only=False: a formula cell must arrive as "=…" to be refused, not as its cached
        # value (or as an empty cell, for files written by tools that never compute).
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # zip, XML and openpyxl errors alike: the file is unreadable
        logger.info("unreadable xlsx upload: %r", error)
        raise ImportFileError(_("Không đọc được tệp Excel; hãy mở và lưu lại bằng Excel dạng .xlsx.")) from error
    try:
        rows = []
        blank_run = 0
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                # Formatted but empty rows: counted (line numbers stay true), never stored,
                # and dropped for good if nothing follows them.
                blank_run += 1
                continue
            rows.extend([()] * blank_run)
            blank_run = 0
            rows.append(row)
            if max_rows and len(rows) > max_rows + 1:
                raise _too_many_rows(max_rows)
    finally:
        workbook.close()
    return rows


def _csv_rows(content, max_rows):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("Tệp CSV không ở mã UTF-8. Trong Excel chọn Lưu thành → «CSV UTF-8 (Comma delimited)».")
        ) from error
    first_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    rows = []
    # Only the delimiter is sniffed: from a header line without quotes the sniffer also guesses
    # doublequote=False, which breaks a quoted cell holding "" (Excel's escaped quote).
    for row in csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter):
        rows.append(row)
        if max_rows and len(rows) > max_rows + 1:
            raise _too_many_rows(max_rows)
    return rows


# --- importing ----------------------------------------------------------------------------------


@dataclass
class Problem:
    line: int | None
    column: str | None
    message: str

    def __str__(self):
        if self.line and self.column:
            return _("Dòng %(line)s, cột %(column)s: %(message)s") % vars(self)
        if self.line:
            return _("Dòng %(line)s: %(message)s") % vars(self)
        return self.message


@dataclass
class PreviewRow:
    line: int
    status: str
    values: list

    STATUS_LABELS = {
        RowResult.IMPORT_TYPE_NEW: gettext_lazy("Mới"),
        RowResult.IMPORT_TYPE_UPDATE: gettext_lazy("Cập nhật"),
        RowResult.IMPORT_TYPE_SKIP: gettext_lazy("Không đổi"),
        RowResult.IMPORT_TYPE_INVALID: gettext_lazy("Lỗi"),
        RowResult.IMPORT_TYPE_ERROR: gettext_lazy("Lỗi"),
    }

    @property
    def status_label(self):
        return self.STATUS_LABELS.get(self.status, self.status)

    @property
    def is_error(self):
        return self.status in (RowResult.IMPORT_TYPE_INVALID, RowResult.IMPORT_TYPE_ERROR)


@dataclass
class ImportReport:
    kind: ImportKind
    dry_run: bool
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    invitations: int = 0

    @property
    def ok(self):
        return not self.problems

    @property
    def total(self):
        return len(self.rows)

    @property
    def invalid(self):
        return sum(1 for row in self.rows if row.is_error)


def _message(error):
    if isinstance(error, DomainError):
        return str(error.message)
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("lỗi khi lưu: %(error)s") % {"error": error}


def _capitalised(text):
    text = str(text)
    return text[:1].upper() + text[1:]


def _display(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def run_import(kind: ImportKind, dataset: tablib.Dataset, *, dry_run: bool, by=None) -> ImportReport:
    """Import (or, with ``dry_run``, preview) a dataset all-or-nothing and describe the outcome.

    A confirmed import of accounts e-mails the new accounts a link to choose their password,
    after the transaction commits.
    """
    resource = kind.resource_class()
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
        user=by,
    )
    report = ImportReport(
        kind=kind,
        dry_run=dry_run,
        columns=list(dataset.headers or []),
        new=result.totals[RowResult.IMPORT_TYPE_NEW],
        updated=result.totals[RowResult.IMPORT_TYPE_UPDATE],
        unchanged=result.totals[RowResult.IMPORT_TYPE_SKIP],
    )
    for number, row_result in enumerate(result.rows, start=1):
        values = [_display(row_result.row_values.get(c)) for c in report.columns]
        report.rows.append(PreviewRow(resource.line_for(number), row_result.import_type, values))
    report.problems += [Problem(None, None, _capitalised(_message(e.error))) for e in result.base_errors]
    for invalid in result.invalid_rows:
        line = resource.line_for(invalid.number)
        for attribute, messages in invalid.error_dict.items():
            column = None if attribute == NON_FIELD_ERRORS else resource.attribute_to_column.get(attribute, attribute)
            report.problems += [Problem(line, column, _capitalised(m)) for m in messages]
    for error_row in result.error_rows:
        line = resource.line_for(error_row.number)
        report.problems += [Problem(line, None, _capitalised(_message(e.error))) for e in error_row.errors]
    position = {column: index for index, column in enumerate(report.columns)}
    report.problems.sort(key=lambda p: (p.line or 0, position.get(p.column, -1)))

    invite = list(getattr(resource, "invite_user_ids", []))
    report.invitations = len(invite)
    if report.ok and not dry_run:
        logger.info(
            "%s imported %s: %s new, %s updated, %s unchanged",
            by,
            kind.slug,
            report.new,
            report.updated,
            report.unchanged,
        )
        if invite:
            transaction.on_commit(lambda: send_account_invitations.enqueue(invite))
    return report


def accounts_awaiting_password():
    """Active unit accounts that never chose a password (their invitation expired or got lost)."""
    return User.objects.filter(
        unit__isnull=False, is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
    ).exclude(email="")


def resend_invitations() -> int:
    """Send a fresh invitation to every account in :func:`accounts_awaiting_password`."""
    user_ids = list(accounts_awaiting_password().values_list("pk", flat=True))
    if user_ids:
        transaction.on_commit(lambda: send_account_invitations.enqueue(user_ids))
    return len(user_ids)


# --- the file kept between preview and confirmation ---------------------------------------------


def _storage():
    return storages["private"]


def stash_upload(session, kind: ImportKind, filename: str, content: bytes) -> str:
    """Keep the previewed file under a random name; only its token goes to the browser, and
    only this session may use it."""
    _purge_stale()
    token = secrets.token_hex(16)
    suffix = Path(filename).suffix.lower()
    path = _storage().save(f"{PENDING_DIR}/{token}{suffix}", ContentFile(content))
    pending = session.get(SESSION_KEY, {})
    pending[token] = {"kind": kind.slug, "name": Path(filename).name, "path": path, "at": timezone.now().isoformat()}
    session[SESSION_KEY] = pending
    return token


def take_upload(session, kind: ImportKind, token: str) -> tuple[str, bytes]:
    """The stashed file's name and bytes; the file is deleted, so a token works once."""
    expired = ImportFileError(_("Phiên nhập đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại."))
    if not TOKEN_RE.match(token or ""):
        raise expired
    pending = session.get(SESSION_KEY, {})
    entry = pending.pop(token, None)
    session[SESSION_KEY] = pending
    if entry is None:
        raise expired
    storage = _storage()
    try:
        if entry["kind"] != kind.slug or not storage.exists(entry["path"]):
            raise expired
        if timezone.now() - dt.datetime.fromisoformat(entry["at"]) > PENDING_MAX_AGE:
            raise expired
        with storage.open(entry["path"], "rb") as handle:
            return entry["name"], handle.read()
    finally:
        if storage.exists(entry["path"]):
            storage.delete(entry["path"])


def discard_upload(session, token: str):
    pending = session.get(SESSION_KEY, {})
    entry = pending.pop(token, None)
    session[SESSION_KEY] = pending
    if entry and _storage().exists(entry["path"]):
        _storage().delete(entry["path"])


def _purge_stale():
    """Files of previews nobody confirmed (closed tab, expired session)."""
    storage = _storage()
    try:
        _dirs, files = storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - PENDING_MAX_AGE
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            if storage.get_modified_time(path) < cutoff:
                storage.delete(path)
        except FileNotFoundError:
            pass  # another request purged it first


# --- templates and exports ----------------------------------------------------------------------


@dataclass
class Download:
    content: bytes
    filename: str
    content_type: str


def _download(fmt, stem, *sheets: writer.Sheet) -> Download:
    fmt = "csv" if fmt == "csv" else "xlsx"
    return Download(writer.file_bytes(fmt, *sheets), f"{stem}.{fmt}", writer.CONTENT_TYPES[fmt])


def export_file(kind: ImportKind, fmt: str = "xlsx") -> Download:
    """Current data in the import layout (it imports back unchanged); formulas neutralised."""
    resource = kind.resource_class()
    dataset = resource.export(resource.export_queryset())
    stem = f"{kind.filename}-{timezone.localdate():%Y%m%d}"
    return _download(fmt, stem, writer.Sheet(resource.sheet_title, dataset.headers, list(dataset)))


def template_file(kind: ImportKind, fmt: str = "xlsx") -> Download:
    """An empty file with the headers; the .xlsx also has a "Hướng dẫn" sheet."""
    resource_class = kind.resource_class
    columns = resource_class.columns()
    # Text columns: Excel keeps leading zeros of codes and phone numbers, and does not turn
    # 01/07/2025 into 7 January on a computer set to US dates.
    data = writer.Sheet(resource_class.sheet_title, columns, [], text_columns=range(len(columns)))
    return _download(fmt, f"mau-{kind.filename}", data, writer.Sheet(_("Hướng dẫn"), *_guide(resource_class, columns)))


def _guide(resource_class, columns):
    rows = []
    for column in columns:
        required = _("có") if column in resource_class.required_columns else ""
        rows.append([column, required, str(resource_class.column_help.get(column, ""))])
    rows.append([])
    rows.append([_("Dữ liệu ở trang tính đầu tiên; dòng 1 là tiêu đề cột, giữ nguyên. Ngày ghi dd/mm/yyyy.")])
    tables = [
        (title, [_("Tên")] if all(len(row) == 1 for row in table) else [_("Mã"), _("Tên")], table)
        for title, table in getattr(resource_class, "guide_tables", list)()
    ]
    if resource_class is UnitResource:
        # Names only: types and levels are typed by name; their codes are internal keys.
        tables = [
            (title, [_("Tên")], model.objects.values_list("name"))
            for title, model in ((_("Loại đơn vị (cột loai)"), UnitType), (_("Cấp đơn vị (cột cap)"), UnitLevel))
        ] + tables
    for title, heading, table in tables:
        rows.append([])
        rows.append([title])
        rows.append(heading)
        rows.extend(list(row) for row in table)
    return [_("Cột"), _("Bắt buộc"), _("Cách ghi")], rows
