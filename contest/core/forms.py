"""Form pieces every domain uses: NFC-normalised text, a required written reason, and the one
date input (dd/mm/yyyy text, strictly parsed) that the portal, the secretariat's forms and the
back office share (see contest/core/backoffice/dates.py for the Wagtail side)."""

import datetime as dt
from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.core import dates
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


def _text_attrs(placeholder, size, attrs):
    # A plain text box: no browser date picker, whose display follows the browser's language
    # (mm/dd/yyyy in an English one), and no `pattern`, whose message the browser writes itself.
    base = {"placeholder": placeholder, "autocomplete": "off", "size": size, "class": "date-input"}
    base.update(attrs or {})
    return base


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs=_text_attrs(dates.DATE_PLACEHOLDER, 12, attrs), format=dates.DATE_FORMAT)
        self.attrs.setdefault("inputmode", "numeric")


class DateTimeInput(forms.DateTimeInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs=_text_attrs(dates.DATETIME_PLACEHOLDER, 18, attrs), format=dates.DATETIME_FORMAT)


DATE_ERRORS = {
    "format": _("«%(value)s» không phải ngày dạng dd/mm/yyyy; hãy ghi ví dụ 05/12/2026."),
    "calendar": _("Không có ngày %(value)s trong lịch; hãy kiểm tra ngày và tháng."),
    "time": _("Hãy ghi ngày và giờ dạng dd/mm/yyyy hh:mm, ví dụ 05/12/2026 17:00."),
}


def _refuse(error, value):
    shown = str(value).strip()
    shown = shown if len(shown) <= 30 else shown[:29] + "…"
    raise forms.ValidationError(DATE_ERRORS[error.code], code="invalid", params={"value": shown})


class DateField(forms.DateField):
    """A day typed as dd/mm/yyyy (or d/m/yyyy); anything else is refused with a message."""

    widget = DateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dates.parse_date(str(value))
        except dates.DateTextError as error:
            _refuse(error, value)


class DateTimeField(forms.DateTimeField):
    """A moment typed as dd/mm/yyyy hh:mm in the site's time zone (Asia/Ho_Chi_Minh)."""

    widget = DateTimeInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value if timezone.is_aware(value) else timezone.make_aware(value)
        if isinstance(value, dt.date):
            return timezone.make_aware(dt.datetime.combine(value, dt.time()))
        try:
            naive = dates.parse_datetime(str(value))
        except dates.DateTextError as error:
            _refuse(error, value)
        return timezone.make_aware(naive)
