"""Forms of the notice period (shape and length; the services check the rules again). Every date
people type is dd/mm/yyyy text, parsed strictly."""

from django import forms
from django.utils.translation import gettext_lazy

from contest.core.challenge import ChallengeField
from contest.notices.enums import CalendarDayKind, ComplaintKind, ComplaintOutcome, GateAction
from contest.notices.models import NoticeRules

DATE_ERRORS = {
    "required": gettext_lazy("Hãy ghi ngày (dd/mm/yyyy)."),
    "invalid": gettext_lazy("Ngày phải ở dạng dd/mm/yyyy, ví dụ 05/10/2026."),
}


class VietnameseDateField(forms.DateField):
    """A dd/mm/yyyy text box (never a browser date picker, which shows the browser's locale)."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%d/%m/%Y"])
        kwargs.setdefault("error_messages", DATE_ERRORS)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)
        self.widget.format = "%d/%m/%Y"


class RulesForm(forms.ModelForm):
    class Meta:
        model = NoticeRules
        fields = [
            "enabled",
            "notice_days",
            "complaint_days",
            "answer_days",
            "opinion_address",
            "legal_basis",
            "signer_title",
            "signer_name",
        ]
        widgets = {
            "opinion_address": forms.Textarea(attrs={"rows": 2}),
            "legal_basis": forms.Textarea(attrs={"rows": 4}),
        }


class ProvisionalForm(forms.Form):
    starts_on = VietnameseDateField(
        label=gettext_lazy("Bắt đầu lấy ý kiến"),
        help_text=gettext_lazy("Nếu không phải ngày làm việc, thời gian lấy ý kiến bắt đầu từ ngày làm việc kế tiếp."),
    )
    number = forms.CharField(
        label=gettext_lazy("Số Thông báo"), max_length=50, required=False, help_text=gettext_lazy("Ví dụ: 12/TB-BTC")
    )


class OverrideForm(forms.Form):
    gate = forms.ChoiceField(label=gettext_lazy("Việc"), choices=GateAction.choices)
    reason = forms.CharField(
        label=gettext_lazy("Lý do (in trong biên bản)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Hãy ghi rõ lý do quyết định vượt điều kiện.")},
    )


class CalendarDayForm(forms.Form):
    day = VietnameseDateField(label=gettext_lazy("Ngày"))
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=CalendarDayKind.choices)
    note = forms.CharField(
        label=gettext_lazy("Ghi chú"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Ví dụ: nghỉ bù theo Thông báo số …/TB-BNV."),
    )


class RefForm(forms.Form):
    ref = forms.IntegerField()


class OpinionForm(forms.Form):
    """A visitor's opinion. ``website`` is a honeypot: hidden from people, filled by bots;
    ``challenge`` a proof of work solved by the visitor's browser (contest/core/challenge.py)."""

    name = forms.CharField(
        label=gettext_lazy("Họ và tên"),
        max_length=150,
        error_messages={"required": gettext_lazy("Hãy ghi họ tên người góp ý.")},
    )
    contact = forms.CharField(
        label=gettext_lazy("Điện thoại hoặc thư điện tử"),
        max_length=150,
        help_text=gettext_lazy("Để Ban Tổ chức liên hệ khi cần; không công khai."),
        error_messages={"required": gettext_lazy("Hãy ghi số điện thoại hoặc địa chỉ thư điện tử.")},
    )
    entry = forms.TypedChoiceField(label=gettext_lazy("Hồ sơ được góp ý"), coerce=int, required=False, empty_value=None)
    # The service gives the readable message for an over-long text; the form only stops absurd posts.
    content = forms.CharField(
        label=gettext_lazy("Nội dung góp ý"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": gettext_lazy("Hãy ghi nội dung góp ý.")},
    )
    website = forms.CharField(required=False, label=gettext_lazy("Để trống ô này"))
    form_token = forms.UUIDField(widget=forms.HiddenInput)
    challenge = ChallengeField()

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", gettext_lazy("— Góp ý chung về danh sách —"))] + list(entries)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})


class HandlingForm(forms.Form):
    ref = forms.IntegerField()
    handling = forms.CharField(
        max_length=4000, error_messages={"required": gettext_lazy("Hãy ghi kết quả xử lý ý kiến.")}
    )


class ComplaintForm(forms.Form):
    """A unit's complaint or re-marking request about its own entry (the files come with the post)."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Loại đơn"),
        choices=ComplaintKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Hãy chọn loại đơn: khiếu nại hoặc đề nghị phúc khảo.")},
    )
    # The service gives the readable message for an over-long text; the form only stops absurd posts.
    grounds = forms.CharField(
        label=gettext_lazy("Nội dung, lý do"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy(
            "Nêu rõ tiêu chí, phần thi hoặc điểm đơn vị đề nghị xem xét lại và căn cứ (tối đa 5.000 ký tự)."
        ),
        error_messages={"required": gettext_lazy("Hãy ghi nội dung, lý do của đơn.")},
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput)


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(
        label=gettext_lazy("Người xác minh"),
        coerce=int,
        error_messages={"required": gettext_lazy("Hãy chọn người xác minh.")},
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "—")] + [(p.pk, p.display_name) for p in people]


class VerificationForm(forms.Form):
    verification = forms.CharField(
        label=gettext_lazy("Kết quả xác minh"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Hãy ghi kết quả xác minh.")},
    )


class RemarkingForm(forms.Form):
    sheets = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Phiếu chấm mở lại để chấm lại"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Hãy chọn phiếu chấm cần chấm lại.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Lý do mở lại"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Hãy ghi lý do mở lại phiếu chấm.")},
    )

    def __init__(self, *args, sheets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheets"].choices = list(sheets)


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Kết luận"),
        choices=ComplaintOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Hãy chọn kết luận.")},
    )
    reasons = forms.CharField(
        label=gettext_lazy("Lý do kết luận (in trong Phiếu trả lời)"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": gettext_lazy("Hãy ghi lý do kết luận.")},
    )
    answer_number = forms.CharField(
        label=gettext_lazy("Số Phiếu trả lời"),
        max_length=50,
        required=False,
        help_text=gettext_lazy("Ví dụ: 03/PTL-BTC; để trống nếu văn thư ghi số sau."),
    )
