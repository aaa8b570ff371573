"""The HTTP phone gateways against a fake provider running as its own process (tests/fake_gateway.py):
real requests over the loopback, real JSON, a real socket timeout. Each outcome a provider can give
— accepted, no such number, its own fault, its quota used up, no answer in time, a wrong token, no
server at all — and what the vote does with it: the voter's message, the code kept or not, the day's
count and cost."""

import socket

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import timezone

from contest.core.errors import DomainError
from contest.voting import gateways
from contest.voting.gateways.http import SmsBrandnameGateway, ZaloZnsGateway
from contest.voting.models import PhoneMessageDay, VoteCode
from contest.voting.services import ballots, phone_codes
from tests import fake_gateway
from tests.factories.voting import make_vote

TOKEN = "token-of-the-test"
SLOW = 3.0


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    log = tmp_path_factory.mktemp("gateway") / "requests.jsonl"
    process, url = fake_gateway.start(log, TOKEN, slow=SLOW)
    yield url, log
    process.terminate()
    process.wait(timeout=10)


def _sms(url, **kwargs):
    options = {"url": f"{url}/sms", "token": TOKEN, "template_id": "OTP_BINH_CHON", "brandname": "UBND TINH"}
    return SmsBrandnameGateway(**{**options, **kwargs})


def _zns(url, **kwargs):
    return ZaloZnsGateway(**{"url": f"{url}/zns", "token": TOKEN, "template_id": "248123", **kwargs})


def _send(gateway, phone="84912345678"):
    return gateway.send_code(phone=phone, code="123456", minutes=10, reference="ref-1")


def test_a_brandname_sms_as_the_provider_receives_it(provider):
    url, log = provider
    delivery = _send(_sms(url), phone="84912345601")
    assert delivery.message_id.startswith("sms-")
    seen = fake_gateway.requests_seen(log)[-1]
    assert seen["authorization"] == f"Bearer {TOKEN}"
    body = seen["body"]
    assert (body["phone"], body["brandname"], body["template_id"], body["request_id"]) == (
        "84912345601",
        "UBND TINH",
        "OTP_BINH_CHON",
        "ref-1",
    )
    assert body["params"] == {"code": "123456", "minutes": "10"}
    # Plain letters: one 160-character SMS, not a 70-character Unicode one.
    assert body["message"].isascii() and "123456" in body["message"] and len(body["message"]) <= 160
    assert body["message"].startswith("Ma xac nhan binh chon")


def test_a_zalo_zns_template_message_as_zalo_receives_it(provider):
    url, log = provider
    delivery = _send(_zns(url), phone="84981234602")
    assert delivery.message_id.startswith("zns-")
    seen = fake_gateway.requests_seen(log)[-1]
    assert seen["access_token"] == TOKEN
    assert seen["body"] == {
        "phone": "84981234602",
        "template_id": "248123",
        "template_data": {"otp": "123456", "minutes": "10"},
        "tracking_id": "ref-1",
    }


@pytest.mark.parametrize("make", [_sms, _zns])
@pytest.mark.parametrize(
    ("phone", "error", "code"),
    [
        ("84912345408", gateways.BadNumber, {"sms": "10", "zns": "-118"}),
        ("84912345429", gateways.ProviderQuotaExhausted, {"sms": "30", "zns": "-144"}),
        ("84912345500", gateways.GatewayRefused, {"sms": "50", "zns": "-1"}),
    ],
)
def test_what_the_provider_refuses(provider, make, phone, error, code):
    url, _log = provider
    with pytest.raises(error) as refused:
        _send(make(url), phone=phone)
    assert refused.value.code == code["sms" if make is _sms else "zns"]


@pytest.mark.parametrize("make", [_sms, _zns])
def test_no_answer_in_time_is_a_timeout(provider, make):
    url, _log = provider
    with pytest.raises(gateways.GatewayTimeout):
        _send(make(url, timeout=0.3), phone="84912345504")


@pytest.mark.parametrize("make", [_sms, _zns])
def test_a_wrong_token_is_refused(provider, make):
    url, _log = provider
    with pytest.raises(gateways.GatewayRefused) as refused:
        _send(make(url, token="wrong"))
    assert refused.value.code in ("20", "-124")


def test_no_server_at_all():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(gateways.GatewayRefused) as refused:
        _send(_sms(f"http://127.0.0.1:{port}"))
    assert refused.value.code == "connection"


def test_codes_a_provider_added_are_settings(provider):
    url, _log = provider
    with override_settings(VOTE_PHONE_BAD_NUMBER_CODES="30"), pytest.raises(gateways.BadNumber):
        _send(_sms(url), phone="84912345429")


def test_a_gateway_without_its_settings_says_which(provider):
    with override_settings(VOTE_PHONE_GATEWAY_URL="", VOTE_PHONE_GATEWAY_TOKEN=""), pytest.raises(ImproperlyConfigured):
        SmsBrandnameGateway()


# --- the vote through the real HTTP gateway -------------------------------------------------------


@pytest.fixture
def through_provider(provider, contest):
    url, log = provider
    with override_settings(
        VOTE_PHONE_GATEWAY="contest.voting.gateways.http.SmsBrandnameGateway",
        VOTE_PHONE_GATEWAY_URL=f"{url}/sms",
        VOTE_PHONE_GATEWAY_TOKEN=TOKEN,
        VOTE_PHONE_TEMPLATE_ID="OTP_BINH_CHON",
        VOTE_PHONE_BRANDNAME="UBND TINH",
        VOTE_PHONE_GATEWAY_TIMEOUT=0.5,
        VOTE_PHONE_MESSAGE_COST=750,
    ):
        vote, entries = make_vote(contest, identity_kinds=["phone", "email"], phone_daily_quota=10)
        yield vote, entries[0], log


def _today(vote):
    return PhoneMessageDay.objects.get(round=vote.round, day=timezone.localdate())


@pytest.mark.django_db
def test_a_vote_by_phone_through_the_provider(through_provider):
    vote, entry, log = through_provider
    sent = phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone="0912 345 611")
    body = fake_gateway.requests_seen(log)[-1]["body"]
    assert body["phone"] == "84912345611" and body["params"]["code"] == sent.code
    assert body["request_id"] == sent.token
    made = ballots.confirm_vote(token=sent.token, code=sent.code)
    assert made.identity.kind == "phone"
    day = _today(vote)
    assert (day.sent, day.failed, day.cost) == (1, 0, 750)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("0912345408", "không nhận được tin nhắn mã xác nhận"),
        ("0912345500", "Tổng đài tin nhắn đang gặp sự cố"),
    ],
)
def test_a_refused_message_keeps_no_code_and_costs_nothing(through_provider, phone, message):
    vote, entry, _log = through_provider
    with pytest.raises(DomainError, match=message):
        phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone=phone)
    assert not VoteCode.objects.exists()
    day = _today(vote)
    assert (day.sent, day.failed, day.cost) == (0, 1, 0)


@pytest.mark.django_db
def test_a_late_provider_keeps_the_code_and_counts_the_message(through_provider):
    vote, entry, _log = through_provider
    sent = phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone="0912345504")
    assert sent.delayed
    # It may still arrive (and be billed): the code works, the message counts.
    ballots.confirm_vote(token=sent.token, code=sent.code)
    day = _today(vote)
    assert (day.sent, day.failed, day.cost) == (1, 0, 750)


@pytest.mark.django_db
def test_the_providers_quota_closes_the_day_to_phones(through_provider):
    vote, entry, log = through_provider
    with pytest.raises(phone_codes.PhoneQuotaExhausted, match="hãy nhận mã qua thư điện tử"):
        phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone="0912345429")
    day = _today(vote)
    assert day.exhausted_at is not None and (day.sent, day.failed) == (0, 1)
    asked = len(fake_gateway.requests_seen(log))
    # The next voter goes to e-mail without the provider being asked again.
    with pytest.raises(phone_codes.PhoneQuotaExhausted):
        phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone="0912345612")
    assert len(fake_gateway.requests_seen(log)) == asked
    assert ballots.request_code(vote=vote, entry_id=entry.pk, email="lan@gmail.com").code
