"""django-import-export resources: units and unit representative accounts, from Excel or CSV.

Every import is all-or-nothing: one bad row rolls back the whole file, so an organiser fixes the
file and uploads it again instead of hunting for half-imported rows. Column headers are
Vietnamese snake-case codes (``ma_don_vi``); headers typed with diacritics ("Mã đơn vị") or in
English (``code``) are accepted too. Row errors are keyed by model attribute and carry the
spreadsheet line number through :attr:`TabularResource.line_numbers` (blank lines are dropped, so
the dataset index alone would point at the wrong line).

Exports neutralise formula-looking text themselves (``after_export``) rather than relying on
``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``: in django-import-export 4.4 that setting only
strips a leading "=" (changing the value, and leaving "+", "-", "@" alone in CSV).
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.fields import Field

from contest.core.models import Unit, UnitLevel, UnitType, User
from contest.core.text import neutralise_formula, nfc
from contest.spreadsheets import cell_messages
from contest.spreadsheets.tabular import (
    DateWidget,
    ImportFileError,
    LookupWidget,
    OrderWidget,
    TextWidget,
    as_text,
    canonical_header,
    is_formula,
    shorten,
    unquote,
)


def header_problem(headers, rows, *, expected, required):
    """Why a file's header row cannot be read (missing, unknown, repeated or unnamed columns), or None.

    Shared with the score sheet import (contest/services/paper_import.py)."""
    missing = [c for c in required if c not in headers]
    unknown = [h for h in headers if h and h not in expected]
    repeated = sorted({h for h in headers if h and headers.count(h) > 1})
    unnamed = [str(i + 1) for i, h in enumerate(headers) if not h and any(as_text(r[i]) for r in rows)]
    parts = []
    if missing:
        parts.append(_("thiếu cột %(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        parts.append(_("có cột không nhận ra %(columns)s") % {"columns": ", ".join(unknown)})
    if repeated:
        parts.append(_("cột %(columns)s lặp lại") % {"columns": ", ".join(repeated)})
    if unnamed:
        parts.append(_("cột thứ %(numbers)s có dữ liệu nhưng không có tiêu đề") % {"numbers": ", ".join(unnamed)})
    if not parts:
        return None
    return _(
        "Tệp không đúng mẫu: %(problems)s. Dòng đầu tiên phải là tiêu đề cột: %(expected)s "
        "(bắt buộc: %(required)s). Hãy dùng «Tải mẫu» để lấy tệp mẫu."
    ) % {
        "problems": "; ".join(parts),
        "expected": ", ".join(expected),
        "required": ", ".join(required),
    }


class ParentField(Field):
    """The parent unit by code. A parent that appears further down the same file does not exist
    yet when its child is saved; it is remembered and attached in ``after_import``."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        code = self.clean(row, **kwargs)
        instance._pending_parent_code = None
        if not code:
            instance.parent = None
            return
        parent = Unit.objects.by_code(code).first()
        if parent is None:
            instance._pending_parent_code = code
        else:
            instance.parent = parent

    def export(self, instance, **kwargs):
        return instance.parent.code if instance.parent_id else ""


class TabularResource(resources.ModelResource):
    """Shared behaviour: header checking, cell hygiene, line numbers, all-or-nothing."""

    #: Columns a file must have; the others may be left out (they are then left unchanged).
    required_columns = ()
    #: English (or older) header -> our column name.
    column_aliases = {}
    #: Column -> help text, shown in the template's "Hướng dẫn" sheet and the upload page.
    column_help = {}
    #: Title of the exported / template sheet.
    sheet_title = ""

    class Meta:
        # Inherited by every subclass's Meta (django-import-export merges parent options).
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True
        skip_html_diff = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.line_numbers = []
        self.cell_errors = defaultdict(lambda: defaultdict(list))
        self.column_to_attribute = {f.column_name: f.attribute for f in self.get_import_fields()}
        self.attribute_to_column = {f.attribute: f.column_name for f in self.get_import_fields()}

    @classmethod
    def columns(cls):
        return [f.column_name for f in cls().get_import_fields()]

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=True,
        **kwargs,
    ):
        # All-or-nothing by default, also for ``manage.py import`` which does not ask for it.
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=use_transactions,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=rollback_on_validation_errors,
            **kwargs,
        )

    def line_for(self, row_number):
        """Spreadsheet line (the header is line 1) of the ``row_number``-th imported row."""
        if row_number and 0 < row_number <= len(self.line_numbers):
            return self.line_numbers[row_number - 1]
        return row_number + 1 if row_number else None

    def add_error(self, row_number, column, message):
        self.cell_errors[row_number][self.column_to_attribute[column]].append(message)

    # --- before_import: headers, cells, file-wide checks -------------------------------------

    def _header_problem(self, headers, rows):
        return header_problem(headers, rows, expected=self.columns(), required=self.required_columns)

    def before_import(self, dataset, **kwargs):
        raw_rows = [list(r) for r in dataset]
        headers = [canonical_header(h) for h in (dataset.headers or [])]
        headers = [self.column_aliases.get(h, h) for h in headers]
        problem = None if headers else _("Tệp trống: không có dòng tiêu đề.")
        problem = problem or self._header_problem(headers, raw_rows)
        if problem:
            # Nothing below the header can be read reliably: drop the rows, report once.
            dataset.wipe()
            raise ImportFileError(problem)

        keep = [i for i, h in enumerate(headers) if h]
        kept_headers = [headers[i] for i in keep]
        rows = []
        self.line_numbers = []
        for line, raw in enumerate(raw_rows, start=2):
            cells = [raw[i] if i < len(raw) else None for i in keep]
            cells = [unquote(nfc(v)) if isinstance(v, str) else ("" if v is None else v) for v in cells]
            if all(c == "" for c in cells):
                continue
            rows.append(cells)
            self.line_numbers.append(line)
            row_number = len(rows)
            for index, (column, value) in enumerate(zip(kept_headers, cells, strict=True)):
                if is_formula(value):
                    self.add_error(
                        row_number,
                        column,
                        _(
                            "ô chứa công thức «%(value)s»; hãy dán dạng giá trị (Paste Special → Values) "
                            "hoặc xóa dấu «=» ở đầu."
                        )
                        % {"value": shorten(value)},
                    )
                    # Never stored, even by a caller that ignores the error.
                    cells[index] = ""
        dataset.wipe()
        dataset.headers = kept_headers
        dataset.extend(rows)
        self.check_file(dataset)

    def check_file(self, dataset):
        """File-wide rules (duplicates, references between rows); add errors with add_error."""

    def _flag_duplicates(self, dataset, column, message, *, key=lambda v: v):
        if column not in dataset.headers:
            return
        values = [as_text(v) for v in dataset[column]]
        seen = defaultdict(list)
        for row_number, value in enumerate(values, start=1):
            if value:
                seen[key(value)].append(row_number)
        for row_numbers in seen.values():
            if len(row_numbers) < 2:
                continue
            for row_number in row_numbers:
                value = values[row_number - 1]
                others = ", ".join(str(self.line_for(n)) for n in row_numbers if n != row_number)
                self.add_error(row_number, column, message % {"value": value, "lines": others})

    # --- per row -----------------------------------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        errors = {attr: list(messages) for attr, messages in self.cell_errors[kwargs.get("row_number")].items()}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            error.update_error_dict(errors)
        self.check_row(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row, errors):
        """Rules on one row after its values are set; add to ``errors`` (attribute -> list)."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The model's own validation speaks Django's generic words: say it of the cell instead.
        keep = set(import_validation_errors or {})
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise cell_messages.rewrite(error, instance, keep=keep) from None

    # --- export ------------------------------------------------------------------------------

    def after_export(self, queryset, dataset, **kwargs):
        rows = [[neutralise_formula(v) for v in row] for row in dataset]
        headers = dataset.headers
        dataset.wipe()
        dataset.headers = headers
        dataset.extend(rows)
        dataset.title = str(self.sheet_title)


class UnitResource(TabularResource):
    code = Field(attribute="code", column_name="ma_don_vi", widget=TextWidget())
    name = Field(attribute="name", column_name="ten_don_vi", widget=TextWidget())
    unit_type = Field(
        attribute="unit_type",
        column_name="loai",
        widget=LookupWidget(
            UnitType,
            shown_field="name",
            unknown_message=gettext_lazy("Không có loại đơn vị «%(value)s». Dùng tên trong danh mục: %(choices)s."),
        ),
    )
    level = Field(
        attribute="level",
        column_name="cap",
        widget=LookupWidget(
            UnitLevel,
            shown_field="name",
            unknown_message=gettext_lazy("Không có cấp đơn vị «%(value)s». Dùng tên trong danh mục: %(choices)s."),
        ),
    )
    parent = ParentField(attribute="parent", column_name="ma_don_vi_cap_tren", widget=TextWidget())
    address = Field(attribute="address", column_name="dia_chi", widget=TextWidget())
    email = Field(attribute="email", column_name="email", widget=TextWidget())
    valid_from = Field(attribute="valid_from", column_name="hieu_luc_tu", widget=DateWidget())
    valid_to = Field(attribute="valid_to", column_name="hieu_luc_den", widget=DateWidget())
    order = Field(attribute="order", column_name="thu_tu", widget=OrderWidget())

    required_columns = ("ma_don_vi", "ten_don_vi", "loai", "cap")
    column_aliases = {
        "code": "ma_don_vi",
        "name": "ten_don_vi",
        "type": "loai",
        "unit_type": "loai",
        "level": "cap",
        "parent": "ma_don_vi_cap_tren",
        "parent_code": "ma_don_vi_cap_tren",
        "address": "dia_chi",
        "thu_dien_tu": "email",
        "e_mail": "email",
        "valid_from": "hieu_luc_tu",
        "valid_to": "hieu_luc_den",
        "order": "thu_tu",
    }
    column_help = {
        "ma_don_vi": gettext_lazy(
            "Bắt buộc. Mã duy nhất (chữ không dấu, số, gạch nối), ví dụ DU-THANHKHE. "
            "Nhập lại cùng mã thì cập nhật đơn vị đó."
        ),
        "ten_don_vi": gettext_lazy("Bắt buộc. Tên đầy đủ, ví dụ Đảng ủy phường Thanh Khê."),
        "loai": gettext_lazy("Bắt buộc. Tên loại đơn vị trong danh mục (xem cuối trang này)."),
        "cap": gettext_lazy("Bắt buộc. Tên cấp đơn vị trong danh mục (xem cuối trang này)."),
        "ma_don_vi_cap_tren": gettext_lazy(
            "Mã của đơn vị cấp trên (đã có hoặc nằm trong cùng tệp); để trống nếu không có."
        ),
        "dia_chi": gettext_lazy("Địa chỉ."),
        "email": gettext_lazy("Thư điện tử của đơn vị."),
        "hieu_luc_tu": gettext_lazy("Ngày bắt đầu hiệu lực, dạng dd/mm/yyyy."),
        "hieu_luc_den": gettext_lazy("Ngày hết hiệu lực (sáp nhập, giải thể), dạng dd/mm/yyyy."),
        "thu_tu": gettext_lazy("Số thứ tự hiển thị do Ban Tổ chức quy định; để trống là 0."),
    }
    sheet_title = gettext_lazy("Đơn vị")

    class Meta:
        model = Unit
        fields = ("code", "name", "unit_type", "level", "parent", "address", "email", "valid_from", "valid_to", "order")
        import_id_fields = ("code",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.pending_parents = []

    def get_queryset(self):
        return Unit.objects.select_related("unit_type", "level", "parent")

    def get_instance(self, instance_loader, row):
        code = as_text(row.get("ma_don_vi"))
        return self.get_queryset().by_code(code).first() if code else None

    def import_instance(self, instance, row, **kwargs):
        # "du-thanhkhe" updates DU-THANHKHE and leaves its code as it was.
        stored = instance.code if instance.pk else None
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            if stored and instance.code.casefold() == stored.casefold():
                instance.code = stored

    def export_queryset(self):
        return self.get_queryset().order_by("order", "name", "code")

    def check_file(self, dataset):
        self._flag_duplicates(
            dataset,
            "ma_don_vi",
            _("mã đơn vị «%(value)s» xuất hiện nhiều lần trong tệp (cũng ở dòng %(lines)s)."),
            key=str.casefold,
        )
        if "ma_don_vi_cap_tren" not in dataset.headers:
            return
        # Codes compared ignoring case: each is spelt as stored (else as first typed in the file).
        db_parent = dict(Unit.objects.values_list("code", "parent__code"))
        spelling = {c.casefold(): c for c in db_parent}
        for value in [*dataset["ma_don_vi"], *dataset["ma_don_vi_cap_tren"]]:
            spelling.setdefault(as_text(value).casefold(), as_text(value))
        codes = [spelling[as_text(v).casefold()] for v in dataset["ma_don_vi"]]
        parents = [spelling[as_text(v).casefold()] for v in dataset["ma_don_vi_cap_tren"]]
        file_parent = {c: p or None for c, p in zip(codes, parents, strict=True) if c}
        for row_number, (code, parent) in enumerate(zip(codes, parents, strict=True), start=1):
            if not parent:
                continue
            if parent == code:
                self.add_error(row_number, "ma_don_vi_cap_tren", _("đơn vị không thể là cấp trên của chính nó."))
            elif parent not in file_parent and parent not in db_parent:
                self.add_error(
                    row_number,
                    "ma_don_vi_cap_tren",
                    _("không có đơn vị cấp trên mã «%(value)s» (trong tệp hay trong hệ thống).")
                    % {"value": shorten(parent)},
                )
            elif cycle := self._cycle(code, file_parent, db_parent):
                self.add_error(
                    row_number,
                    "ma_don_vi_cap_tren",
                    _("quan hệ cấp trên tạo thành vòng lặp: %(chain)s.") % {"chain": " → ".join(cycle)},
                )

    @staticmethod
    def _cycle(code, file_parent, db_parent):
        chain = [code]
        current = file_parent[code] if code in file_parent else db_parent.get(code)
        while current:
            if current == code:
                return [*chain, code]
            if current in chain:
                return None  # a loop above us; reported on its own rows
            chain.append(current)
            current = file_parent[current] if current in file_parent else db_parent.get(current)
        return None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if getattr(instance, "_pending_parent_code", None):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        if getattr(instance, "_pending_parent_code", None):
            self.pending_parents.append((instance.pk, instance._pending_parent_code))

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if result.has_errors() or result.has_validation_errors():
            return  # rolled back anyway; a parent may be missing only because its row failed
        for pk, code in self.pending_parents:
            parent = Unit.objects.by_code(code).first()
            if parent is None:
                raise ImportFileError(_("Không tìm thấy đơn vị cấp trên mã «%(value)s».") % {"value": code})
            Unit.objects.filter(pk=pk).update(parent=parent)


class UnitAccountResource(TabularResource):
    """Unit representatives' accounts. New accounts get an unusable password; the importer then
    e-mails each of them a link to choose one (see ``invite_user_ids``)."""

    username = Field(attribute="username", column_name="ten_dang_nhap", widget=TextWidget())
    full_name = Field(attribute="full_name", column_name="ho_ten", widget=TextWidget())
    email = Field(attribute="email", column_name="email", widget=TextWidget())
    phone = Field(attribute="phone", column_name="dien_thoai", widget=TextWidget())
    position = Field(attribute="position", column_name="chuc_vu", widget=TextWidget())
    unit = Field(
        attribute="unit",
        column_name="ma_don_vi",
        widget=LookupWidget(
            Unit,
            by_name=False,
            unknown_message=gettext_lazy("Không có đơn vị mã «%(value)s»; hãy nhập danh sách đơn vị trước."),
        ),
    )

    required_columns = ("ten_dang_nhap", "ho_ten", "email", "ma_don_vi")
    column_aliases = {
        "username": "ten_dang_nhap",
        "full_name": "ho_ten",
        "name": "ho_ten",
        "thu_dien_tu": "email",
        "e_mail": "email",
        "phone": "dien_thoai",
        "so_dien_thoai": "dien_thoai",
        "position": "chuc_vu",
        "unit": "ma_don_vi",
        "unit_code": "ma_don_vi",
    }
    column_help = {
        "ten_dang_nhap": gettext_lazy(
            "Bắt buộc. Tên đăng nhập (chữ, số và @ . + - _), không trùng. Nhập lại cùng tên thì cập nhật tài khoản đó."
        ),
        "ho_ten": gettext_lazy("Bắt buộc. Họ và tên người đại diện, họ trước tên sau."),
        "email": gettext_lazy("Bắt buộc. Thư điện tử nhận đường dẫn đặt mật khẩu."),
        "dien_thoai": gettext_lazy("Số điện thoại (không công khai)."),
        "chuc_vu": gettext_lazy("Chức vụ."),
        "ma_don_vi": gettext_lazy("Bắt buộc. Mã của đơn vị mà người này đại diện (đơn vị phải có sẵn)."),
    }
    sheet_title = gettext_lazy("Tài khoản đơn vị")

    class Meta:
        model = User
        fields = ("username", "full_name", "email", "phone", "position", "unit")
        import_id_fields = ("username",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.invite_user_ids = []

    def get_queryset(self):
        # Every account, so that an existing staff username is found (and refused), never
        # duplicated into an IntegrityError.
        return User.objects.select_related("unit")

    def export_queryset(self):
        return (
            User.objects.filter(unit__isnull=False)
            .select_related("unit")
            .order_by("unit__order", "unit__name", "username")
        )

    def check_file(self, dataset):
        self._flag_duplicates(
            dataset,
            "ten_dang_nhap",
            _("tên đăng nhập «%(value)s» xuất hiện nhiều lần trong tệp (cũng ở dòng %(lines)s)."),
            key=str.casefold,
        )

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            instance.set_unusable_password()
        instance._email_before = instance.email

    def check_row(self, instance, row, errors):
        if "full_name" not in errors and "ho_ten" in row and not instance.full_name:
            errors.setdefault("full_name", []).append(_("ô này bắt buộc, không được để trống."))
        if "email" not in errors and "email" in row and not instance.email:
            errors.setdefault("email", []).append(_("cần thư điện tử để gửi đường dẫn đặt mật khẩu."))
        if "unit" not in errors and "ma_don_vi" in row and instance.unit_id is None:
            errors.setdefault("unit", []).append(_("tài khoản đơn vị phải có mã đơn vị."))
        if instance.pk and (instance.is_superuser or instance.is_staff or instance.groups.exists()):
            # Organiser, secretariat and jury may not enter (conflict of interest).
            errors.setdefault("username", []).append(
                _(
                    "«%(value)s» là tài khoản cán bộ (Ban Tổ chức, Tổ Thư ký, Giám khảo hoặc quản trị), "
                    "không thể gắn vào đơn vị."
                )
                % {"value": instance.username}
            )

    def after_save_instance(self, instance, row, **kwargs):
        # Invite new accounts, and accounts that never chose a password when their address
        # changes (the first invitation went to a wrong address). Unchanged rows never re-send.
        before = (getattr(instance, "_email_before", "") or "").casefold()
        if instance.email and not instance.has_usable_password() and instance.email.casefold() != before:
            self.invite_user_ids.append(instance.pk)
