"""Escalation per network address and per browser: a harder challenge, then a login, then a
refusal — each step, its Vietnamese message, and that an easier challenge cannot stand in for a
harder one."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from contest.voting import escalation
from contest.voting.escalation import HARDER, LOGIN, NORMAL, REFUSE, Thresholds
from contest.voting.models import VoteCode
from tests.challenge import solve, solved

pytestmark = pytest.mark.django_db


def test_thresholds_and_levels():
    t = Thresholds.parse("2,3,5")
    assert [t.level(n) for n in range(7)] == [NORMAL, NORMAL, HARDER, LOGIN, LOGIN, REFUSE, REFUSE]
    for bad in ("3,2,5", "0,1,2", "1,2"):
        with pytest.raises(ValueError):
            Thresholds.parse(bad)
    loose, tight = Thresholds(100, 200, 300), Thresholds(1, 2, 3)
    assert escalation.level_for(ip_count=0, device_count=2, ip=loose, device=tight) == LOGIN
    assert escalation.effective(LOGIN, signed_in=True) == HARDER
    assert escalation.effective(LOGIN, signed_in=False) == LOGIN
    assert escalation.effective(REFUSE, signed_in=True) == REFUSE
    assert escalation.challenge_size(HARDER, 1000) == 10_000 and escalation.challenge_size(NORMAL, 1000) == 1000


def _hard(client):
    """The vote's own challenge as this visitor gets it, solved."""
    data = client.get(reverse("voting:challenge")).json()
    return solve(data), data["maxnumber"]


def _post(client, url, email, challenge):
    client.cookies.pop("dvk_binh_chon", None)  # a new browser each time: only the address is shared
    return client.post(url, {"email": email, "challenge": challenge})


@override_settings(VOTE_ESCALATION_IP="2,3,4", VOTE_ESCALATION_DEVICE="100,100,100", ALTCHA_MAX_NUMBER=500)
def test_a_busy_address_climbs_every_step(client, open_vote, unit_user):
    vote, (entry, *_rest) = open_vote
    url = reverse("voting:vote", args=[vote.round_id, entry.pk])
    # Step 0: the usual challenge.
    assert client.get(reverse("voting:challenge")).json()["maxnumber"] == 500
    for i in range(2):
        assert _post(client, url, f"nv{i}@gmail.com", solved()).status_code == 302
    # Step 1: a harder challenge; an easy one (from the site's general challenge) is refused.
    refused = _post(client, url, "nv2@gmail.com", solved())
    assert refused.status_code == 400
    assert "cần xác minh thêm một lần" in refused.content.decode()
    hard, size = _hard(client)
    assert size == 500 * escalation.HARDER_FACTOR
    assert _post(client, url, "nv2@gmail.com", hard).status_code == 302
    # Step 2: a login is needed; the page says why and links to it.
    asked = _post(client, url, "nv3@gmail.com", _hard(client)[0])
    shown = asked.content.decode()
    assert asked.status_code == 400
    assert "hãy đăng nhập bằng tài khoản của đơn vị" in shown and reverse("login") in shown
    assert VoteCode.objects.count() == 3  # nothing sent
    client.force_login(unit_user)
    assert _post(client, url, "nv3@gmail.com", _hard(client)[0]).status_code == 302
    # Step 3: refused, signed in or not, with the reason.
    stopped = _post(client, url, "nv4@gmail.com", _hard(client)[0])
    assert stopped.status_code == 429
    assert "tạm ngừng nhận yêu cầu" in stopped.content.decode()
    assert VoteCode.objects.count() == 4


@override_settings(VOTE_ESCALATION_IP="100,100,100", VOTE_ESCALATION_DEVICE="1,2,3", VOTE_CODE_RATE_PER_DEVICE="100/h")
def test_a_busy_browser_climbs_too(client, open_vote):
    vote, (entry, *_rest) = open_vote
    url = reverse("voting:vote", args=[vote.round_id, entry.pk])
    client.get(url)  # the device cookie
    assert client.post(url, {"email": "a0@gmail.com", "challenge": solved()}).status_code == 302
    assert client.post(url, {"email": "a1@gmail.com", "challenge": solved()}).status_code == 400
    assert client.post(url, {"email": "a1@gmail.com", "challenge": _hard(client)[0]}).status_code == 302
    assert "đăng nhập" in client.post(url, {"email": "a2@gmail.com", "challenge": _hard(client)[0]}).content.decode()


def test_the_defaults_slow_an_office_long_before_refusing_it():
    ip = Thresholds.parse(settings.VOTE_ESCALATION_IP)
    assert ip.harder < ip.login < ip.refuse and ip.refuse >= 5 * ip.harder
