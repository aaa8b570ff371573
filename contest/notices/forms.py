"""Forms of the notice period (shape and length; the services check the rules again). Every date
people type is dd/mm/yyyy text, parsed strictly."""

from django import forms
from django.utils.translation import gettext_lazy

from contest.notices.enums import CalendarDayKind, GateAction
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
