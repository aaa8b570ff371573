"""Form pieces every domain uses: NFC-normalised text, a required written reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contest.core.text import nfc


class NFCMixin:
    def clean(self):
        cleaned = super().clean()
        return {k: nfc(v) for k, v in cleaned.items()}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def clean_reason(self):
        value = nfc(self.cleaned_data["reason"])
        if not value:
            raise forms.ValidationError(_("Vui lòng ghi rõ lý do."))
        return value
