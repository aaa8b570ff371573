"""Form pieces every domain uses: NFC-normalised text, a required written reason."""

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from contest.core.text import nfc

if TYPE_CHECKING:  # a mixin of forms
    from django.forms import Form as _FormBase
else:
    _FormBase = object


class NFCMixin(_FormBase):
    def clean(self):
        # A parent's clean() may return None, which Django reads as "cleaned_data unchanged".
        cleaned = super().clean()
        if cleaned is None:
            cleaned = self.cleaned_data
        return {k: nfc(v) for k, v in cleaned.items()}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def clean_reason(self):
        value = nfc(self.cleaned_data["reason"])
        if not value:
            raise forms.ValidationError(_("Vui lòng ghi rõ lý do."))
        return value
