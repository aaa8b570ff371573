"""A visitor's contact: a Vietnamese phone number or an e-mail address, normalised."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _

from contest.core.errors import DomainError
from contest.core.text import nfc

PHONE = re.compile(r"^(?:\+?84|0)\d{8,10}$")


def is_email(contact: str) -> bool:
    try:
        EmailValidator()(contact)
    except ValidationError:
        return False
    return True


def clean_contact(contact: str) -> str:
    contact = nfc(contact or "").strip()
    if is_email(contact):
        return contact.lower()
    digits = re.sub(r"[\s.\-()]", "", contact)
    if PHONE.match(digits):
        return digits
    raise DomainError(
        _("Hãy ghi số điện thoại (ví dụ 0912 345 678) hoặc địa chỉ thư điện tử để Ban Tổ chức liên hệ."),
        field="contact",
    )
