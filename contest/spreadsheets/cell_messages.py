"""Row errors of the spreadsheet imports in the words of a secretariat member.

Model validation (``full_clean``) answers with Django's generic messages, some English-shaped even
in Vietnamese ("Nhập địa chỉ email.", "Trường này không được để trắng.", "Unit với Mã này đã tồn
tại."): they name no value and say nothing of what to write instead. :func:`rewrite` turns each one
into a sentence about the cell: what was found, what is expected. Messages the resources write
themselves (lookups, dates, duplicates in the file, the unit's quota…) are already such sentences
and pass through unchanged.
"""

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from contest.spreadsheets.tabular import shorten


def _value(instance, field) -> str:
    value = getattr(instance, field.attname, "")
    return shorten(str(value)) if value not in (None, "") else ""


def message_for(error: ValidationError, field, value: str) -> str:
    """One Django validation error on ``field`` (a model field) as a sentence about the cell."""
    code, params = error.code, error.params or {}
    if code in ("blank", "null", "required"):
        return _("ô này bắt buộc, không được để trống.")
    if code == "max_length":
        return _("dài %(length)s ký tự, tối đa %(limit)s ký tự; hãy viết gọn lại.") % {
            "length": params.get("show_value", "?"),
            "limit": params.get("limit_value", "?"),
        }
    if code == "unique":
        return _("«%(value)s» đã có trong hệ thống; mỗi giá trị của cột này chỉ dùng một lần.") % {"value": value}
    if code == "invalid_choice":
        return _("«%(value)s» không phải giá trị được chấp nhận ở cột này.") % {"value": value}
    if code in ("invalid", "invalid_unicode"):
        if isinstance(field, models.EmailField):
            return _("«%(value)s» không phải địa chỉ thư điện tử hợp lệ (ví dụ: vanphong@thanhkhe.gov.vn).") % {
                "value": value
            }
        if isinstance(field, models.URLField):
            return _("«%(value)s» không phải đường dẫn hợp lệ; hãy ghi đầy đủ, bắt đầu bằng https://.") % {
                "value": value
            }
        if isinstance(field, models.SlugField):
            return _(
                "«%(value)s» không hợp lệ: chỉ dùng chữ không dấu, chữ số, dấu gạch nối (-) hoặc gạch dưới (_), "
                "không có dấu cách."
            ) % {"value": value}
        if any(isinstance(v, UnicodeUsernameValidator) for v in field.validators):
            return _(
                "«%(value)s» không hợp lệ: tên đăng nhập chỉ gồm chữ, chữ số và các ký tự @ . + - _ "
                "(không có dấu cách)."
            ) % {"value": value}
    return " ".join(error.messages)


def rewrite(error: ValidationError, instance, *, keep=()) -> ValidationError:
    """``error`` (from ``full_clean``) with each field's messages rewritten; the attributes in
    ``keep`` (already the resource's own sentences) and row-wide errors are left as they are."""
    rewritten = {}
    for attribute, errors in error.error_dict.items():
        try:
            field = None if attribute in keep or attribute == NON_FIELD_ERRORS else instance._meta.get_field(attribute)
        except FieldDoesNotExist:
            field = None
        if field is None:
            rewritten[attribute] = errors
            continue
        value = _value(instance, field)
        rewritten[attribute] = [ValidationError(message_for(e, field, value), code=e.code) for e in errors]
    return ValidationError(rewritten)
