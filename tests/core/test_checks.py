"""The system check that `runserver` and `db_worker` print when PDFs would render slowly."""

from django.core import checks as django_checks

from contest.core import checks


def test_missing_harfbuzz_subsetting_is_a_loud_warning(monkeypatch):
    monkeypatch.setattr(checks, "harfbuzz_subset_available", lambda: False)
    (warning,) = checks.font_subsetting()
    assert warning.id == "contest.W001" and warning.level == django_checks.WARNING
    assert "libharfbuzz-subset" in warning.msg and "apt-get install libharfbuzz-subset0" in warning.hint


def test_no_warning_when_it_is_there(monkeypatch):
    monkeypatch.setattr(checks, "harfbuzz_subset_available", lambda: True)
    assert checks.font_subsetting() == []


def test_the_check_is_registered_so_every_command_runs_it(monkeypatch):
    monkeypatch.setattr(checks, "harfbuzz_subset_available", lambda: False)
    found = django_checks.run_checks(include_deployment_checks=False)
    assert "contest.W001" in [message.id for message in found]


def test_the_probe_agrees_with_weasyprint():
    from weasyprint.text.ffi import harfbuzz_subset

    assert checks.harfbuzz_subset_available() is (harfbuzz_subset is not None)


def test_a_library_that_does_not_open_is_missing(monkeypatch):
    checks.harfbuzz_subset_available.cache_clear()
    monkeypatch.setattr(checks, "HARFBUZZ_SUBSET_NAMES", ("libno-such-harfbuzz.so.0",))
    monkeypatch.setattr(checks.ctypes.util, "find_library", lambda name: None)
    try:
        assert checks.harfbuzz_subset_available() is False
    finally:
        checks.harfbuzz_subset_available.cache_clear()
