"""Our Vietnamese for the libraries' own strings (locale_libraries/, scripts/library_catalogue.py):
complete for the installed Wagtail and Django, compiled, used ahead of the libraries' catalogues,
in templates and in Wagtail's JavaScript catalogue alike."""

import datetime as dt
import gettext as gnu_gettext
import importlib.util
import json
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.timesince import timesince

ROOT = Path(settings.BASE_DIR)
# Aliases, so that makemessages does not take the libraries' msgids below for ours.
lookup, plural_lookup = translation.gettext, translation.ngettext
CATALOGUE = ROOT / "locale_libraries" / "vi" / "LC_MESSAGES"


def _script():
    spec = importlib.util.spec_from_file_location("library_catalogue", ROOT / "scripts" / "library_catalogue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_string_of_the_installed_libraries_is_translated(domain):
    """Fails after a Wagtail or Django upgrade until `scripts/library_catalogue.py update` is run
    and its new strings are translated (docs/architecture.md §9)."""
    assert _script().missing(domain) == []


def test_wagtail_templates_we_copied_are_current():
    assert _script().stale_templates() == []


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalogue_matches_the_po_file(domain):
    po = polib.pofile(str(CATALOGUE / f"{domain}.po"))
    with open(CATALOGUE / f"{domain}.mo", "rb") as handle:
        mo = gnu_gettext.GNUTranslations(handle)
    for entry in po:
        if entry.msgid_plural:
            assert mo.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[0], entry.msgid
        elif not entry.msgctxt:
            assert mo.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_the_catalogue_keeps_placeholders_and_is_nfc():
    import re
    import unicodedata

    for domain in ("django", "djangojs"):
        for entry in polib.pofile(str(CATALOGUE / f"{domain}.po")):
            translated = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
            assert unicodedata.normalize("NFC", translated) == translated, entry.msgid
            source = entry.msgid_plural or entry.msgid
            for pattern in (r"%\(\w+\)[sdr]", r"\{\w*\}"):
                wanted = set(re.findall(pattern, source)) | set(re.findall(pattern, entry.msgid))
                assert set(re.findall(pattern, translated)) <= wanted, entry.msgid
                assert set(re.findall(pattern, source)) <= set(re.findall(pattern, translated)) or (
                    entry.msgid_plural and set(re.findall(pattern, entry.msgid)) <= set(re.findall(pattern, translated))
                ), entry.msgid


def test_our_vietnamese_wins_over_wagtails_broken_strings():
    with translation.override("vi"):
        assert lookup("%(label)s and Publish") == "%(label)s và xuất bản"
        assert lookup("Submit to %(workflow_name)s") == "Gửi duyệt theo quy trình “%(workflow_name)s”"
        assert lookup("Save draft") == "Lưu nháp"
        assert lookup("Request changes") == "Yêu cầu sửa"
        assert lookup("The %(model_name)s could not be created due to errors.") == (
            "Chưa tạo được %(model_name)s vì có lỗi."
        )
        assert plural_lookup("%(num)d minute", "%(num)d minutes", 17) == "%(num)d phút"


def test_time_since_reads_vietnamese():
    with translation.override("vi"):
        ago = timesince(timezone.now() - dt.timedelta(minutes=17, seconds=5))
        assert ago.replace("\xa0", " ") == "17 phút"
        assert lookup("%(time_period)s ago") % {"time_period": "17 phút"} == "17 phút trước"


def test_english_users_keep_wagtails_english():
    with translation.override("en"):
        assert lookup("Save draft") == "Save draft"


def test_wagtails_javascript_catalogue_is_vietnamese(client, organiser):
    client.force_login(organiser)
    body = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    for vietnamese in ("Đang tự động lưu…", "Trình đơn chính", "Xóa"):
        assert json.dumps(vietnamese) in body  # the catalogue is JSON, non-ASCII escaped
