"""Forms validate shape and length; business rules are checked again by the services."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from contest.core.forms import DateField, NFCMixin
from contest.core.models import Field
from contest.core.text import nfc
from contest.dossiers.enums import AttachmentKind, TeamRole
from contest.dossiers.models import Entry, EntryIndicator
from contest.dossiers.services.entries import DOSSIER_FIELDS, required_to_submit

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
        # dd/mm/yyyy text, never the browser's date input (mm/dd/yyyy in an English browser).
        field_classes = {"started_on": DateField, "evaluation_on": DateField}

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.filter(contest=contest)
        self.fields["field"].empty_label = _("— Chọn lĩnh vực —")
        for name in LONG_TEXT:
            self.fields[name].widget.attrs["rows"] = 4
        # Drafts may be saved half-filled; what submission needs is marked before the unit starts.
        kind = self.instance.kind if self.instance.pk else self.fields["kind"].initial
        for name in required_to_submit(kind):
            if name in self.fields:
                self.fields[name].needed_to_submit = True

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


class IndicatorForm(NFCMixin, forms.ModelForm):
    """One row of "Kết quả đo được (trước / sau)". Every cell is optional to the form so that the
    row's own rule (a name needs an "after" figure, figures need a name) gives the message."""

    class Meta:
        model = EntryIndicator
        fields = ["name", "unit", "before", "after"]
        widgets = {
            "name": forms.TextInput(attrs={"placeholder": _("Ví dụ: Hộ tham gia")}),
            "unit": forms.TextInput(attrs={"placeholder": _("hộ"), "size": 8}),
            "before": forms.TextInput(attrs={"placeholder": "40", "size": 10}),
            "after": forms.TextInput(attrs={"placeholder": "312", "size": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            form_field.required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        figures = any(cleaned.get(name) for name in ("unit", "before", "after"))
        if figures and not cleaned.get("name"):
            self.add_error("name", _("Hãy ghi tên chỉ số (ví dụ: Hộ tham gia, Diện tích đất hiến)."))
        if cleaned.get("name") and not cleaned.get("after"):
            self.add_error(
                "after", _("Hãy ghi số liệu sau khi thực hiện cho chỉ số “%(name)s”.") % {"name": cleaned["name"]}
            )
        return cleaned

    def _post_clean(self):
        # A blank row is ignored, not validated against the model (whose name is required).
        if self.cleaned_data.get("name"):
            super()._post_clean()


MAX_INDICATORS = 10

IndicatorFormSet = forms.inlineformset_factory(
    Entry,
    EntryIndicator,
    form=IndicatorForm,
    extra=3,
    max_num=MAX_INDICATORS,
    validate_max=True,
    can_delete=True,
)


def indicator_rows(formset) -> list[dict]:
    """The rows to keep, in the order shown: deleted and blank rows are left out."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data.get("DELETE") or not data.get("name"):
            continue
        rows.append({key: data.get(key, "") for key in ("name", "unit", "before", "after")})
    return rows


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tệp"), choices=AttachmentKind.choices)
    # No max_length: the service shortens over-long names instead of refusing the file.
    file = forms.FileField(label=_("Chọn tệp"))
    caption = forms.CharField(label=_("Chú thích"), max_length=255, required=False)

    def clean_caption(self):
        return nfc(self.cleaned_data.get("caption", ""))
