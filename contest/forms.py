"""Forms validate shape and length; business rules are checked again by the services."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from contest.enums import AttachmentKind, TeamRole
from contest.models import Entry, Field
from contest.services.entries import DOSSIER_FIELDS
from contest.text import nfc

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LONG_TEXT = [
    "situation",
    "goals",
    "content_methods",
    "scope_beneficiaries",
    "forces",
    "resources",
    "milestones",
    "outputs",
    "sustainability",
]


class NFCMixin:
    def clean(self):
        cleaned = super().clean()
        return {k: nfc(v) for k, v in cleaned.items()}


class EntryForm(NFCMixin, forms.ModelForm):
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    video_url = forms.URLField(
        label=capfirst(Entry._meta.get_field("video_url").verbose_name),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Liên kết YouTube, Google Drive… (nếu không tải tệp video lên)."),
    )

    class Meta:
        model = Entry
        fields = DOSSIER_FIELDS
        widgets = {"started_on": DATE_WIDGET, "evaluation_on": DATE_WIDGET}

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.filter(contest=contest)
        self.fields["field"].empty_label = _("— Chọn lĩnh vực —")
        for name in LONG_TEXT:
            self.fields[name].widget.attrs["rows"] = 4

    def clean_video_url(self):
        url = self.cleaned_data.get("video_url", "")
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(_("Đường dẫn video phải bắt đầu bằng https://"))
        return url

    def clean(self):
        cleaned = super().clean()
        started, evaluated = cleaned.get("started_on"), cleaned.get("evaluation_on")
        if started and evaluated and evaluated < started:
            self.add_error("evaluation_on", _("Ngày đánh giá phải sau ngày bắt đầu triển khai."))
        return cleaned


class TeamMemberForm(NFCMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=TeamRole.choices, initial=TeamRole.CONTESTANT)
    position = forms.CharField(label=_("Chức vụ, đơn vị công tác"), max_length=255, required=False)


TeamMemberFormSet = forms.formset_factory(TeamMemberForm, extra=2, max_num=15, validate_max=True)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tệp"), choices=AttachmentKind.choices)
    # No max_length: the service shortens over-long names instead of refusing the file.
    file = forms.FileField(label=_("Chọn tệp"))
    caption = forms.CharField(label=_("Chú thích"), max_length=255, required=False)

    def clean_caption(self):
        return nfc(self.cleaned_data.get("caption", ""))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def clean_reason(self):
        value = nfc(self.cleaned_data["reason"])
        if not value:
            raise forms.ValidationError(_("Vui lòng ghi rõ lý do."))
        return value
