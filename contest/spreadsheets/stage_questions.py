"""Importing a Hội thi's question bank from Excel/CSV (docs/import-format.md §9).

Each row is one question of one part of a programme of the day, identified by the part's code
(its number, listed on the template's «Hướng dẫn» sheet), the question set and the question
number: importing the same file again changes nothing, a corrected file updates the questions —
except those already shown on stage, which stay as the hall saw them.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets
from import_export.fields import Field

from contest.spreadsheets.resources import TabularResource
from contest.spreadsheets.tabular import OrderWidget, TextWidget, as_text, shorten
from contest.stage.enums import ANSWER_LETTERS
from contest.stage.models import StagePart, StageQuestion


class PartWidget(widgets.Widget):
    """A part of a programme of the day, by its code (the number in the back office)."""

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if not text:
            return None
        part = StagePart.objects.filter(pk=int(text)).first() if text.isdigit() else None
        if part is None:
            raise ValueError(
                _("Không có phần thi mã «%(value)s»; xem danh sách mã ở trang «Hướng dẫn» của tệp mẫu.")
                % {"value": shorten(text)}
            )
        return part

    def render(self, value, obj=None, **kwargs):
        return str(value.pk) if value else ""


class LetterWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = as_text(value).strip().upper()
        if text and text not in ANSWER_LETTERS:
            raise ValueError(_("Đáp án «%(value)s» không hợp lệ; ghi A, B, C hoặc D.") % {"value": shorten(text)})
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


class PositiveWidget(OrderWidget):
    def clean(self, value, row=None, **kwargs):
        number = super().clean(value, row, **kwargs)
        if number < 1:
            raise ValueError(_("Phải là số nguyên từ 1 trở lên."))
        return number


def _text(attribute, column):
    return Field(attribute=attribute, column_name=column, widget=TextWidget())


class StageQuestionResource(TabularResource):
    part = Field(attribute="part", column_name="ma_phan_thi", widget=PartWidget())
    set_number = Field(attribute="set_number", column_name="bo_cau_hoi", widget=PositiveWidget())
    number = Field(attribute="number", column_name="cau_so", widget=PositiveWidget())
    text = _text("text", "noi_dung")
    option_a = _text("option_a", "a")
    option_b = _text("option_b", "b")
    option_c = _text("option_c", "c")
    option_d = _text("option_d", "d")
    answer = Field(attribute="answer", column_name="dap_an", widget=LetterWidget())
    model_answer = _text("model_answer", "dap_an_goi_y")

    required_columns = ("ma_phan_thi", "bo_cau_hoi", "cau_so", "noi_dung")
    column_aliases = {
        "part": "ma_phan_thi",
        "phan_thi": "ma_phan_thi",
        "bo_de": "bo_cau_hoi",
        "set": "bo_cau_hoi",
        "cau": "cau_so",
        "number": "cau_so",
        "cau_hoi": "noi_dung",
        "question": "noi_dung",
        "phuong_an_a": "a",
        "phuong_an_b": "b",
        "phuong_an_c": "c",
        "phuong_an_d": "d",
        "answer": "dap_an",
        "dap_an_dung": "dap_an",
        "goi_y": "dap_an_goi_y",
    }
    column_help = {
        "ma_phan_thi": gettext_lazy("Bắt buộc. Mã phần thi (số), xem bảng «Phần thi» bên dưới."),
        "bo_cau_hoi": gettext_lazy("Bắt buộc. Số của bộ câu hỏi (1, 2, …); phần trắc nghiệm thường chỉ có bộ 1."),
        "cau_so": gettext_lazy("Bắt buộc. Số thứ tự câu trong bộ. Nhập lại cùng phần, bộ và câu thì cập nhật câu đó."),
        "noi_dung": gettext_lazy("Bắt buộc. Nội dung câu hỏi hoặc tình huống."),
        "a": gettext_lazy("Phương án A (trắc nghiệm)."),
        "b": gettext_lazy("Phương án B."),
        "c": gettext_lazy("Phương án C."),
        "d": gettext_lazy("Phương án D."),
        "dap_an": gettext_lazy("Đáp án đúng: A, B, C hoặc D (bắt buộc với phần trắc nghiệm)."),
        "dap_an_goi_y": gettext_lazy("Đáp án gợi ý cho giám khảo (tình huống)."),
    }
    sheet_title = gettext_lazy("Câu hỏi")

    class Meta:
        model = StageQuestion
        fields = (
            "part",
            "set_number",
            "number",
            "text",
            "option_a",
            "option_b",
            "option_c",
            "option_d",
            "answer",
            "model_answer",
        )
        import_id_fields = ("part", "set_number", "number")

    @classmethod
    def guide_tables(cls):
        parts = StagePart.objects.select_related("programme__round__contest").order_by("programme_id", "order")
        rows = [(p.pk, f"{p.programme.round} – {p.name} ({p.get_kind_display()})") for p in parts]
        return [(_("Phần thi (cột ma_phan_thi)"), rows)]

    def get_queryset(self):
        return StageQuestion.objects.select_related("part")

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def export_queryset(self):
        return self.get_queryset().order_by("part__programme_id", "part__order", "set_number", "number")

    def check_file(self, dataset):
        if not {"ma_phan_thi", "bo_cau_hoi", "cau_so"} <= set(dataset.headers):
            return
        keys = [
            "/".join(as_text(v) for v in values)
            for values in zip(dataset["ma_phan_thi"], dataset["bo_cau_hoi"], dataset["cau_so"], strict=True)
        ]
        seen = {}
        for row_number, key in enumerate(keys, start=1):
            if key in seen:
                self.add_error(
                    row_number,
                    "cau_so",
                    _("câu này đã có ở dòng %(line)s (cùng phần thi, bộ và số câu).")
                    % {"line": self.line_for(seen[key])},
                )
            else:
                seen[key] = row_number

    def after_init_instance(self, instance, new, row, **kwargs):
        # What the question was before the row lands on it: a shown question may be re-imported
        # unchanged (the same file again), never changed.
        instance._dvk_before = None if new else [getattr(instance, f) for f in self.Meta.fields[3:]]

    def check_row(self, instance, row, errors):
        before = getattr(instance, "_dvk_before", None)
        changed = before is not None and before != [getattr(instance, f) for f in self.Meta.fields[3:]]
        if changed and instance.shown_at is not None:
            errors.setdefault("text", []).append(
                _("Câu hỏi này đã được chiếu trong ngày thi nên không sửa được bằng tệp.")
            )
