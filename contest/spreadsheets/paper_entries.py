"""Importing paper dossiers from Excel/CSV: many units' dossiers handed in on paper, keyed in by the
secretariat as one file (docs/import-format.md §8).

Each row becomes the draft that "Nhập hồ sơ giấy" (contest/dossiers/backoffice/paper.py) would
make: the same model validation, the same receipt-date and quota rules
(contest/dossiers/services/entries.py), the same history line, marked as a paper dossier with its
receipt date. All or nothing, with errors by line and column, like the unit and account imports.
Files are attached afterwards on each dossier's page, which then records it as submitted.

A row is identified by contest, unit and title: importing the same file again changes nothing,
and a corrected file updates the paper drafts it created, never a dossier a unit entered online.
"""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from contest.core.errors import DomainError
from contest.core.models import Contest, Unit
from contest.core.text import fold
from contest.dossiers.enums import EntryAction, EntryKind, EntryState
from contest.dossiers.models import Entry
from contest.dossiers.services.entries import ensure_received_in_time
from contest.dossiers.services.history import record
from contest.spreadsheets.resources import TabularResource
from contest.spreadsheets.tabular import ChoiceWidget, DateWidget, LookupWidget, TextWidget, as_text, shorten


class ContestFieldField(Field):
    """The lĩnh vực, by code or name, among the fields of the row's contest."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        text = self.clean(row, **kwargs)
        if not text or instance.contest_id is None:
            instance.field = None
            return
        fields = list(instance.contest.fields.all())
        for candidate in fields:
            if fold(text) in (fold(candidate.code), fold(candidate.name)):
                instance.field = candidate
                return
        raise ValueError(
            _("Cuộc thi không có lĩnh vực «%(value)s». Dùng tên hoặc mã: %(choices)s.")
            % {"value": shorten(text), "choices": ", ".join(f.name for f in fields)}
        )

    def export(self, instance, **kwargs):
        return instance.field.name if instance.field_id else ""


def _text(attribute, column):
    return Field(attribute=attribute, column_name=column, widget=TextWidget())


class PaperEntryResource(TabularResource):
    # The contest first: the field column is looked up among its fields.
    contest = Field(
        attribute="contest",
        column_name="cuoc_thi",
        widget=LookupWidget(
            Contest,
            code_field="slug",
            shown_field="name",
            unknown_message=gettext_lazy("Không có cuộc thi «%(value)s». Dùng tên cuộc thi: %(choices)s."),
        ),
    )
    unit = Field(
        attribute="unit",
        column_name="ma_don_vi",
        widget=LookupWidget(Unit, by_name=False, unknown_message=gettext_lazy("Không có đơn vị mã «%(value)s».")),
    )
    paper_received_on = Field(attribute="paper_received_on", column_name="ngay_nhan", widget=DateWidget())
    kind = Field(
        attribute="kind",
        column_name="loai_ho_so",
        widget=ChoiceWidget(
            EntryKind, unknown_message=gettext_lazy("Không có loại hồ sơ «%(value)s». Dùng: %(choices)s.")
        ),
    )
    field = ContestFieldField(attribute="field", column_name="linh_vuc", widget=TextWidget())
    title = _text("title", "ten_ho_so")
    exemplar_name = _text("exemplar_name", "ten_dien_hinh")
    situation = _text("situation", "su_can_thiet")
    goals = _text("goals", "muc_tieu")
    content_methods = _text("content_methods", "noi_dung_cach_lam")
    scope_beneficiaries = _text("scope_beneficiaries", "pham_vi_doi_tuong")
    forces = _text("forces", "luc_luong")
    resources = _text("resources", "nguon_luc")
    started_on = Field(attribute="started_on", column_name="ngay_bat_dau", widget=DateWidget())
    milestones = _text("milestones", "cac_moc")
    evaluation_on = Field(attribute="evaluation_on", column_name="ngay_danh_gia", widget=DateWidget())
    outputs = _text("outputs", "ket_qua")
    sustainability = _text("sustainability", "ben_vung_nhan_rong")
    video_url = _text("video_url", "duong_dan_video")
    contact_name = _text("contact_name", "nguoi_lien_he")
    contact_phone = _text("contact_phone", "dien_thoai_lien_he")

    required_columns = ("cuoc_thi", "ma_don_vi", "ngay_nhan", "ten_ho_so")
    column_aliases = {
        "cuoc_thi_ma": "cuoc_thi",
        "contest": "cuoc_thi",
        "unit": "ma_don_vi",
        "unit_code": "ma_don_vi",
        "ngay_nhan_ho_so": "ngay_nhan",
        "ngay_nhan_ho_so_giay": "ngay_nhan",
        "received_on": "ngay_nhan",
        "title": "ten_ho_so",
        "ten_mo_hinh": "ten_ho_so",
        "field": "linh_vuc",
        "kind": "loai_ho_so",
    }
    column_help = {
        "cuoc_thi": gettext_lazy("Bắt buộc. Mã (đường dẫn) hoặc tên đầy đủ của cuộc thi; xem trang «Hướng dẫn»."),
        "ma_don_vi": gettext_lazy("Bắt buộc. Mã của đơn vị nộp hồ sơ (đơn vị phải có sẵn)."),
        "ngay_nhan": gettext_lazy(
            "Bắt buộc. Ngày Tổ Thư ký nhận bản giấy, dd/mm/yyyy; hạn nộp của đơn vị được xét theo ngày này."
        ),
        "loai_ho_so": gettext_lazy("Mô hình (mặc định), Điển hình tập thể, Điển hình cá nhân hoặc Đội thi."),
        "linh_vuc": gettext_lazy("Tên hoặc mã lĩnh vực của cuộc thi, ví dụ Kinh tế."),
        "ten_ho_so": gettext_lazy(
            "Bắt buộc. 1. Tên mô hình / điển hình. Nhập lại cùng cuộc thi, đơn vị và tên thì cập nhật hồ sơ đó."
        ),
        "ten_dien_hinh": gettext_lazy("Tên tập thể / cá nhân điển hình (chỉ với hồ sơ điển hình)."),
        "su_can_thiet": gettext_lazy("2. Sự cần thiết, lý do xây dựng."),
        "muc_tieu": gettext_lazy("3. Mục tiêu, tiêu chí đo lường."),
        "noi_dung_cach_lam": gettext_lazy("4. Nội dung, cách làm."),
        "pham_vi_doi_tuong": gettext_lazy("5. Phạm vi, đối tượng thụ hưởng."),
        "luc_luong": gettext_lazy("6. Lực lượng chủ trì, phối hợp, tham gia."),
        "nguon_luc": gettext_lazy("7. Nguồn lực (kinh phí, ngày công, xã hội hóa)."),
        "ngay_bat_dau": gettext_lazy("8a. Ngày bắt đầu triển khai, dd/mm/yyyy."),
        "cac_moc": gettext_lazy("8b. Các mốc thực hiện."),
        "ngay_danh_gia": gettext_lazy("8c. Ngày đánh giá, sơ kết, dd/mm/yyyy."),
        "ket_qua": gettext_lazy("9. Kết quả, sản phẩm kiểm chứng được."),
        "ben_vung_nhan_rong": gettext_lazy("10. Tính bền vững, khả năng nhân rộng."),
        "duong_dan_video": gettext_lazy("Đường dẫn video (https://…), nếu có."),
        "nguoi_lien_he": gettext_lazy("Người liên hệ (không công khai)."),
        "dien_thoai_lien_he": gettext_lazy("Điện thoại liên hệ (không công khai)."),
    }
    sheet_title = gettext_lazy("Hồ sơ giấy")

    class Meta:
        model = Entry
        fields = (
            "contest",
            "unit",
            "paper_received_on",
            "kind",
            "field",
            "title",
            "exemplar_name",
            "situation",
            "goals",
            "content_methods",
            "scope_beneficiaries",
            "forces",
            "resources",
            "started_on",
            "milestones",
            "evaluation_on",
            "outputs",
            "sustainability",
            "video_url",
            "contact_name",
            "contact_phone",
        )
        import_id_fields = ("contest", "unit", "title")

    @classmethod
    def guide_tables(cls):
        """Extra tables of the template's "Hướng dẫn" sheet: the contests and the kinds."""
        # Names only: the import reads them; slugs and kind codes are internal keys.
        contests = [(c.name,) for c in Contest.objects.order_by("-year", "name")]
        kinds = [(str(label),) for _code, label in EntryKind.choices]
        return [(_("Cuộc thi (cột cuoc_thi)"), contests), (_("Loại hồ sơ (cột loai_ho_so)"), kinds)]

    def get_queryset(self):
        return Entry.objects.select_related("contest", "unit", "field")

    def check_file(self, dataset):
        # A row is found again by contest, unit and title: two such rows would silently become
        # one dossier (the second updating the first).
        if not {"cuoc_thi", "ma_don_vi", "ten_ho_so"} <= set(dataset.headers):
            return
        # A contest may be named by its code on one line and by its name on another.
        contests = {}
        for pk, slug, name in Contest.objects.values_list("pk", "slug", "name"):
            contests[fold(slug)] = contests[fold(name)] = pk
        keys = zip(dataset["cuoc_thi"], dataset["ma_don_vi"], dataset["ten_ho_so"], strict=True)
        folded = [
            (contests.get(fold(as_text(c)), fold(as_text(c))), as_text(u).casefold(), fold(as_text(t)))
            for c, u, t in keys
        ]
        lines = defaultdict(list)
        for row_number, key in enumerate(folded, start=1):
            if all(key):
                lines[key].append(row_number)
        for row_numbers in lines.values():
            for row_number in row_numbers if len(row_numbers) > 1 else ():
                others = ", ".join(str(self.line_for(n)) for n in row_numbers if n != row_number)
                self.add_error(
                    row_number,
                    "ten_ho_so",
                    _("đơn vị này đã có hồ sơ cùng tên ở dòng %(lines)s của tệp; mỗi hồ sơ chỉ ghi một dòng.")
                    % {"lines": others},
                )

    def get_instance(self, instance_loader, row):
        # An unknown contest or unit is reported on its own cell by import_instance, not as an
        # error of the whole row while looking for an existing dossier.
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def export_queryset(self):
        return self.get_queryset().filter(paper_received_on__isnull=False).order_by("contest__name", "unit__code")

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._dvk_new = new
        # As stored, before the row's values land on it (the row always carries a receipt date).
        instance._dvk_paper_draft = not new and instance.is_paper and instance.state in EntryState.editable_by_unit()
        if new:
            instance.created_by = kwargs.get("user")
            instance.kind = instance.kind or EntryKind.MODEL

    def check_row(self, instance, row, errors):
        if not instance.kind:
            instance.kind = EntryKind.MODEL
        if instance.pk and not getattr(instance, "_dvk_paper_draft", False):
            errors.setdefault("title", []).append(
                _("Đơn vị đã có hồ sơ «%(title)s» (nộp trực tuyến hoặc đã nộp); tệp không sửa được hồ sơ này.")
                % {"title": shorten(instance.title)}
            )
            return
        if instance.contest_id is None or instance.unit_id is None or "paper_received_on" in errors:
            return
        try:
            ensure_received_in_time(
                contest=instance.contest, unit=instance.unit, received_on=instance.paper_received_on
            )
        except DomainError as error:
            errors.setdefault(error.field if error.field in ("unit",) else "paper_received_on", []).append(
                str(error.message)
            )
        if instance.pk is None:
            used = (
                Entry.objects.filter(contest=instance.contest, unit=instance.unit)
                .exclude(state=EntryState.REJECTED)
                .count()
            )
            quota = instance.contest.entry_quota_per_unit
            if used >= quota:
                errors.setdefault("unit", []).append(
                    _("Đơn vị đã có %(used)d/%(quota)d hồ sơ trong cuộc thi này (kể cả các dòng trên), không thể thêm.")
                    % {"used": used, "quota": quota}
                )

    def after_save_instance(self, instance, row, **kwargs):
        details = {"paper": True, "received_on": instance.paper_received_on.strftime("%d/%m/%Y"), "source": "import"}
        if getattr(instance, "_dvk_new", False):
            record(
                entry=instance,
                action=EntryAction.CREATED,
                by=kwargs.get("user"),
                to_state=instance.state,
                details=details,
            )
        else:
            record(entry=instance, action=EntryAction.EDITED, by=kwargs.get("user"), details=details)
