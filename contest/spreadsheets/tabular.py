"""Reading spreadsheet cells: text hygiene and the widgets the import resources use.

Cells arrive as whatever Excel or a CSV file holds: numbers for codes typed without a leading
apostrophe, datetimes for date cells, NFD text from some keyboards. Everything is turned into NFC
text (or a date, or a whole number) here, with errors a secretariat member can act on.
"""

import datetime as dt
import re

from django.utils.translation import gettext as _
from import_export import widgets

from contest.core.errors import DomainError
from contest.core.text import FORMULA_PREFIXES, fold, nfc


class ImportFileError(DomainError):
    """The file as a whole cannot be imported (wrong columns, unreadable, empty)."""


def as_text(value):
    """A cell as NFC text. Excel hands over numbers for codes and phones typed without a
    leading apostrophe, and 123 must not become "123.0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


def canonical_header(value):
    """ "Mã đơn vị" / "MA_DON_VI" / " ma don vi " -> "ma_don_vi"."""
    return re.sub(r"[^a-z0-9]+", "_", fold(as_text(value)).lower()).strip("_")


def is_formula(value):
    return isinstance(value, str) and value.startswith("=")


def unquote(value):
    """Drop the apostrophe our own exports put before "=", "+", "-", "@" so that an exported
    file imports back unchanged (a real "=" formula is still refused afterwards)."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
        return value[1:]
    return value


def shorten(value, limit=40):
    return value if len(value) <= limit else value[: limit - 1] + "…"


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return as_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    """Dates as dd/mm/yyyy (Excel date cells are accepted as they are)."""

    input_formats = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = as_text(value)
        if not text:
            return None
        for fmt in self.input_formats:
            try:
                parsed = dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            if parsed.year >= 1900:
                return parsed
        raise ValueError(
            _("«%(value)s» không phải ngày hợp lệ; hãy ghi theo dạng dd/mm/yyyy, ví dụ 01/07/2025.")
            % {"value": shorten(text)}
        )

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class OrderWidget(widgets.Widget):
    """A non-negative whole number; blank means 0 (the model default)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = as_text(value)
            if not text:
                return 0
            if not text.isdigit():
                raise ValueError(
                    _("«%(value)s» không phải số thứ tự hợp lệ (số nguyên không âm).") % {"value": shorten(text)}
                )
            number = int(text)
        if number < 0:
            raise ValueError(_("Số thứ tự không được âm."))
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class LookupWidget(widgets.Widget):
    """A row of a reference table by its code, or (``by_name``) by its name ignoring case and
    diacritics, so that "Dang uy, chi bo" and "dang-uy" both find "Đảng ủy, chi bộ"."""

    def __init__(self, model, *, unknown_message, by_name=True, code_field="code", shown_field=None):
        super().__init__()
        self.model = model
        #: What an export writes and an unknown value's message lists: the name, where the code
        #: is only an internal key (unit types and levels).
        self.shown_field = shown_field or code_field
        self.unknown_message = unknown_message
        self.by_name = by_name
        self.code_field = code_field
        self._index = None
        self._found = {}

    def _lookup(self, text):
        if self.by_name:
            # Small tables (types, levels): load them once per import.
            if self._index is None:
                self._index = {}
                for obj in self.model.objects.all():
                    self._index.setdefault(fold(obj.name), obj)
                    self._index[getattr(obj, self.code_field).casefold()] = obj
            return self._index.get(text.casefold()) or self._index.get(fold(text))
        if text not in self._found:
            # Codes are typed in any case (unit codes are unique ignoring it).
            self._found[text] = self.model.objects.filter(**{f"{self.code_field}__iexact": text}).first()
        return self._found[text]

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if not text:
            return None
        obj = self._lookup(text)
        if obj is None:
            choices = ""
            if self.by_name:
                choices = ", ".join(self.model.objects.values_list(self.shown_field, flat=True))
            raise ValueError(str(self.unknown_message) % {"value": shorten(text), "choices": choices})
        return obj

    def render(self, value, obj=None, **kwargs):
        return getattr(value, self.shown_field) if value else ""


class ChoiceWidget(widgets.Widget):
    """One of a TextChoices, by its code or its label (any case, with or without diacritics)."""

    def __init__(self, choices, *, unknown_message):
        super().__init__()
        self.choices = choices
        self.unknown_message = unknown_message

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if not text:
            return None
        for code, label in self.choices.choices:
            if fold(text) in (fold(code), fold(str(label))):
                return code
        labels = ", ".join(str(label) for _code, label in self.choices.choices)
        raise ValueError(str(self.unknown_message) % {"value": shorten(text), "choices": labels})

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""
