"""Settings per environment, Vietnamese conventions, and the set-up files a fresh clone relies on."""

import datetime as dt
import io
import os
import secrets
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.utils import formats, timezone, translation

ROOT = Path(__file__).resolve().parents[2]


def run_python(args, *, env, timeout=120):
    """Run the project's Python with *only* ``env`` (plus PATH), as a fresh server shell would."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", **env}
    return subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=timeout
    )


def production_env(tmp_path, **overrides):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        # Long and random, as `check --deploy` (security.W009) requires.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "dvk.example.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_settings_refuse_to_load_without(missing, tmp_path):
    result = run_python(["-c", "import config.settings.production"], env=production_env(tmp_path, **{missing: None}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env=production_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "no issues" in output


def test_migrations_match_the_models(db):
    # A model change without its migration would pass on the test database (built from the
    # models' migrations) and then fail on a real one.
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"Models changed without a migration (run manage.py makemigrations):\n{out.getvalue()}")


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]


def test_dates_are_day_month_year_in_vietnamese():
    with translation.override("vi"):
        assert formats.date_format(dt.date(2026, 1, 5), "SHORT_DATE_FORMAT") == "05/01/2026"
        assert formats.date_format(dt.date(2026, 10, 15)) == "15/10/2026"
        assert "%d/%m/%Y" in formats.get_format("DATE_INPUT_FORMATS")
        # Stored in UTC, shown in Vietnam's time (UTC+7).
        moment = dt.datetime(2026, 8, 31, 10, 0, tzinfo=dt.UTC)
        assert formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") == "17:00 31/08/2026"


def test_numbers_use_dot_thousands_and_comma_decimals_in_vietnamese():
    with translation.override("vi"):
        assert formats.number_format(2071, force_grouping=True) == "2.071"
        assert formats.number_format(Decimal("86.5"), decimal_pos=2) == "86,50"
        rendered = Template(
            "{% load humanize %}{{ models|intcomma }}|{{ score|floatformat:2 }}|{{ money|intcomma }} đồng"
        ).render(Context({"models": 2071, "score": Decimal("86.5"), "money": 5_000_000}))
        assert rendered == "2.071|86,50|5.000.000 đồng"


def test_english_keeps_its_own_formats():
    with translation.override("en"):
        assert formats.number_format(Decimal("86.5"), decimal_pos=2) == "86.50"


SETUP_FILES = ["Makefile", ".ci/run", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "scripts").glob("*.sh"))]


@pytest.mark.parametrize("name", SETUP_FILES)
def test_setup_files_work_from_any_checkout(name):
    text = (ROOT / name).read_text()
    # A clone lives anywhere (CI clones into another folder): no absolute path to a checkout.
    assert str(ROOT) not in text
    assert "/work/" not in text
    if name != "Makefile":
        result = subprocess.run(["bash", "-n", str(ROOT / name)], capture_output=True, text=True)  # noqa: S603, S607
        assert result.returncode == 0, result.stderr
