"""Text hygiene: Vietnamese arrives in NFC and NFD; we store NFC only."""

import unicodedata
from typing import TypeVar, overload

T = TypeVar("T")


@overload
def nfc(value: str) -> str: ...
@overload
def nfc(value: T) -> T: ...
def nfc(value: object) -> object:
    """Normalise to NFC and strip surrounding blanks; non-strings pass through."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


def fold(value: str) -> str:
    """Lower-case, diacritic-free form for searching ("Dân vận khéo" -> "dan van kheo")."""
    return unaccented(value).casefold()


def unaccented(value: str) -> str:
    """Without diacritics, case kept ("Mã xác nhận" -> "Ma xac nhan"): a text message in plain
    letters fits 160 characters, one with Vietnamese marks only 70 (and costs two)."""
    decomposed = unicodedata.normalize("NFD", value or "")
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D")


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@overload
def neutralise_formula(value: str) -> str: ...
@overload
def neutralise_formula(value: T) -> T: ...
def neutralise_formula(value: object) -> object:
    """Prefix spreadsheet-formula-looking text with an apostrophe (CSV/Excel injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
