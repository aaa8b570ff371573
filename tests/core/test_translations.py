"""The English catalogue: complete, consistent with its compiled .mo, and used by the portal.

Pure Python (no gettext tools needed), so it also runs on a CI machine without msgfmt.
"""

import gettext as gnu_gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PO_PATH = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.mo"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text):
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), f"not a PO string: {text!r}"
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], text[1:-1])


def parse_po(path):
    """A minimal PO reader: a list of dicts with msgctxt/msgid/msgid_plural/msgstr[...] and flags.

    Obsolete (#~) entries and the header (empty msgid) are skipped.
    """
    entries, current, key = [], None, None

    def finish():
        if current and current.get("msgid"):
            entries.append(current)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            current, key = None, None
            continue
        if line.startswith("#~"):
            continue
        if current is None:
            current = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            current["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if isinstance(key, int):
                current["msgstr"][key] += _unquote(line)
            else:
                current[key] += _unquote(line)
        else:
            keyword, _space, value = line.partition(" ")
            match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
            if match:
                key = int(match.group(1) or 0)
                current["msgstr"][key] = _unquote(value)
            else:
                assert keyword in ("msgctxt", "msgid", "msgid_plural"), f"unexpected PO line: {raw!r}"
                key = keyword
                current[key] = _unquote(value)
    finish()
    return entries


def _placeholders(text, flags):
    found = []
    if "python-format" in flags:
        found += re.findall(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]", text)
    if "python-brace-format" in flags:
        found += re.findall(r"\{[^{}]*\}", text)
    return sorted(p for p in found if p != "%%")


@pytest.fixture(scope="module")
def po_entries():
    entries = parse_po(PO_PATH)
    assert len(entries) > 100, "the English catalogue looks truncated"
    return entries


def test_every_entry_is_translated_and_not_fuzzy(po_entries):
    untranslated = [e["msgid"] for e in po_entries if not all(s.strip() for s in e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in po_entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_translations_keep_the_placeholders(po_entries):
    wrong = []
    for entry in po_entries:
        expected = _placeholders(entry["msgid"], entry["flags"])
        for msgstr in entry["msgstr"].values():
            if _placeholders(msgstr, entry["flags"]) != expected:
                wrong.append((entry["msgid"], msgstr))
    assert wrong == []


def test_compiled_catalogue_matches_the_po_file(po_entries):
    """django.mo is committed so users need no gettext; it must not lag behind django.po."""
    with MO_PATH.open("rb") as handle:
        compiled = gnu_gettext.GNUTranslations(handle)
    stale = []
    for entry in po_entries:
        if "msgid_plural" in entry:
            got = compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1)
        elif "msgctxt" in entry:
            got = compiled.pgettext(entry["msgctxt"], entry["msgid"])
        else:
            got = compiled.gettext(entry["msgid"])
        if got != entry["msgstr"][0]:
            stale.append(entry["msgid"])
    assert stale == [], "run `manage.py compilemessages -l en` after editing django.po"


@pytest.mark.parametrize(
    ("source", "english"),
    [
        ("Hồ sơ của đơn vị", "Unit entries"),
        ("Nộp hồ sơ", "Submit entry"),
        ("Trả lại để bổ sung", "Returned for correction"),
        ("Tổ Thư ký", "Secretariat"),
        ("Tải Excel", "Download Excel"),
        ("Nhập / xuất dữ liệu", "Import / export"),
    ],
)
def test_key_strings_are_translated(source, english):
    with translation.override("en"):
        assert gettext(source) == english
    with translation.override("vi"):
        assert gettext(source) == source


def test_deadline_message_keeps_its_placeholder():
    message = "Đã hết hạn nộp hồ sơ (%(when)s). Hồ sơ không thể thay đổi; liên hệ Tổ Thư ký nếu cần gia hạn."
    with translation.override("en"):
        text = gettext(message) % {"when": "17:00 30/06/2026"}
    assert text == (
        "The submission deadline has passed (17:00 30/06/2026). The entry can no longer be changed; "
        "contact the Secretariat if you need an extension."
    )


def test_portal_home_in_english(client, unit_user, contest):
    client.force_login(unit_user)
    vietnamese = client.get(reverse("portal:home")).content.decode()
    assert "Hồ sơ của đơn vị" in vietnamese

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("portal:home"))
    content = response.content.decode()
    assert response.status_code == 200
    assert f"Unit entries: {unit_user.unit.name}" in content
    assert "Contests accepting entries" in content
    assert "Create a new entry" in content
    assert "Hồ sơ của đơn vị" not in content
    assert "Cuộc thi đang nhận hồ sơ" not in content
