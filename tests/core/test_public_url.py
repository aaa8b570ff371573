"""One setting, PUBLIC_BASE_URL, for every link that leaves the site: e-mails and the
certificates' QR codes. Derived from `make run`'s HOST and PORT in development."""

import types

import pytest

from config.settings import public_url
from contest.certificates.rendering import verification_url
from contest.dossiers.tasks import send_receipt_email
from tests.core.test_settings_and_setup import production_env, run_python
from tests.factories import EntryFactory, UserFactory


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"HOST": "127.0.0.1", "PORT": "8103"}, "http://127.0.0.1:8103"),
        ({"HOST": "0.0.0.0", "PORT": "8103"}, "http://127.0.0.1:8103"),  # noqa: S104
        ({"HOST": "dvk.local", "PORT": "9000"}, "http://dvk.local:9000"),
        ({"HOST": "::1", "PORT": "8000"}, "http://[::1]:8000"),
        ({"HOST": "0.0.0.0", "PUBLIC_BASE_URL": "http://192.168.1.20:8000/"}, "http://192.168.1.20:8000"),  # noqa: S104
        ({"WAGTAILADMIN_BASE_URL": "http://10.0.0.5:8000"}, "http://10.0.0.5:8000"),
    ],
)
def test_development_links_follow_the_server_address(environ, expected):
    assert public_url.for_development(environ) == expected


def test_production_links_name_the_site():
    assert public_url.for_production({}, ["dvk.example.vn", "www.dvk.example.vn"]) == "https://dvk.example.vn"
    assert public_url.for_production({"PUBLIC_BASE_URL": "https://dvk.tinh.gov.vn"}, ["*"]) == "https://dvk.tinh.gov.vn"
    assert public_url.for_production({}, [".example.vn", "*"]) is None
    with pytest.raises(ValueError, match="http:// or https://"):
        public_url.for_production({"PUBLIC_BASE_URL": "dvk.example.vn"}, [])


def test_make_run_host_and_port_reach_the_settings(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}",
        "HOST": "0.0.0.0",  # noqa: S104
        "PORT": "8123",
    }
    script = "import django; django.setup(); from django.conf import settings as s; print(s.PUBLIC_BASE_URL)"
    result = run_python(["-c", script], env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8123"


def test_production_refuses_to_start_without_an_address(tmp_path):
    result = run_python(["-c", "import config.settings.production"], env=production_env(tmp_path, ALLOWED_HOSTS="*"))
    assert result.returncode != 0 and "PUBLIC_BASE_URL must be set" in result.stderr


def test_qr_codes_and_e_mails_use_the_public_address(db, settings, mailoutbox):
    settings.PUBLIC_BASE_URL = "https://dvk.tinh.gov.vn"
    assert verification_url(types.SimpleNamespace(token="abc")) == "https://dvk.tinh.gov.vn/xac-minh/abc/"

    entry = EntryFactory()
    UserFactory(unit=entry.unit, email="donvi@example.vn")
    assert send_receipt_email.call(entry.pk) == 1
    assert f"https://dvk.tinh.gov.vn/don-vi/ho-so/{entry.pk}/" in mailoutbox[0].body
