"""One rule for the visitor's address (contest/core/http.py), tested through proxied requests: the
login lockout, the audit trail and score sheets all see the address nginx appended."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from contest.core.http import client_ip
from contest.core.models import AuditRecord
from tests.factories.judging import assign, criteria, make_judge, make_round

NGINX = "127.0.0.1"
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


def _via_nginx(address, forged=""):
    """What gunicorn sees of a request that came through our nginx from ``address``."""
    chain = f"{forged}, {address}" if forged else address
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": chain}


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.9", "", "203.0.113.9"),
        # Through our nginx: the last address is the one nginx saw; what the client wrote is ignored.
        (NGINX, "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        ("::1", "2001:db8::5", "2001:db8::5"),
        # Not through our proxy: a forged header changes nothing.
        ("203.0.113.9", "198.51.100.7", "203.0.113.9"),
        # A garbage entry stops at the proxy.
        (NGINX, "rác", NGINX),
        # A unix socket (no address) is local, hence our proxy.
        ("", "198.51.100.7", "198.51.100.7"),
        ("", "", "::"),
    ],
)
def test_client_ip_takes_the_address_our_proxy_appended(rf, remote, forwarded, expected):
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_two_proxies_take_the_second_address_from_the_right_only_through_trusted_hops(rf, settings):
    settings.CLIENT_IP_PROXY_COUNT = 2
    settings.CLIENT_IP_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/24"]
    # client → load balancer 10.0.0.5 → nginx (loopback): nginx appended 10.0.0.5, the LB the client.
    request = rf.get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.0.0.5")
    assert client_ip(request) == "198.51.100.7"
    # A hop that is not one of ours is the client, whatever it claims before it.
    request = rf.get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 192.0.2.1")
    assert client_ip(request) == "192.0.2.1"


def test_a_proxy_at_another_address_is_trusted_only_when_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR=OWNER)
    assert client_ip(request) == "10.1.2.3"
    settings.CLIENT_IP_TRUSTED_PROXIES = ["10.1.2.3"]
    request = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR=OWNER)
    assert client_ip(request) == OWNER


def _login(client, username, password, address):
    return client.post(reverse("login"), {"username": username, "password": password}, **_via_nginx(address))


@pytest.mark.django_db
def test_wrong_passwords_from_elsewhere_never_lock_the_owner_out(client, organiser, password, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, organiser.username, "doan-bua", ATTACKER)
    # The attacker's address is locked for this account, even with the right password …
    locked = _login(client, organiser.username, password, ATTACKER)
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    # … but the organiser, at her own address behind the same nginx, logs in.
    response = _login(client, organiser.username, password, OWNER)
    assert response.status_code == 302
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


@pytest.mark.django_db
def test_the_audit_trail_records_the_address_nginx_saw(client, contest, complete_entry):
    round_ = make_round(contest, scoring_deadline=timezone.now() + dt.timedelta(days=3))
    judge = make_judge()
    assign(round_, judge, complete_entry)
    c = criteria(round_)
    client.force_login(judge)
    data = {f"score-{c['sang_tao'].pk}": "18", f"score-{c['hieu_qua'].pk}": "22,5", f"score-{c['ho_so'].pk}": "4"}
    url = reverse("judging:submit", args=[round_.pk, complete_entry.pk])
    client.post(url, data, **_via_nginx(OWNER, forged="10.9.9.9"))
    ips = set(AuditRecord.objects.filter(action__startswith="score.").values_list("ip", flat=True))
    assert ips == {OWNER}


def test_nothing_but_the_rule_reads_remote_addr():
    """Any other reader of REMOTE_ADDR would see the proxy (127.0.0.1) for every visitor."""
    root = Path(settings.BASE_DIR)
    offenders = [
        str(path.relative_to(root))
        for folder in ("contest", "cms", "config")
        for path in (root / folder).rglob("*.py")
        if re.search(r"REMOTE_ADDR|HTTP_X_FORWARDED_FOR", path.read_text(encoding="utf-8"))
    ]
    assert offenders == ["contest/core/http.py"]
