"""Voting with a phone code (the tests' in-memory gateway; the HTTP gateways have their own tests):
one subscriber one identity whatever the spelling, the daily quota held by the database, its cost
counted per day, and e-mail as the way round a used-up day — said plainly to the voter."""

import datetime as dt
import re
import threading

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from contest.core.errors import DomainError
from contest.voting.gateways.memory import MemoryGateway
from contest.voting.models import PhoneMessageDay, Vote, VoteCode, VoterIdentity, VoteSettings
from contest.voting.services import ballots, phone_codes, setup
from tests.challenge import solved
from tests.factories.voting import make_vote

pytestmark = pytest.mark.django_db
POSTGRES = "postgresql" in django_settings.DATABASES["default"]["ENGINE"]


def _phone_vote(vote, entry, phone):
    sent = phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone=phone, ip="203.0.113.8")
    return ballots.confirm_vote(token=sent.token, code=sent.code, ip="203.0.113.8")


def test_a_code_by_phone_makes_a_vote_and_the_number_is_not_stored(phone_vote):
    vote, (entry, *_rest) = phone_vote
    sent = phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone="0912 345 678")
    (message,) = MemoryGateway.outbox
    assert (message.phone, message.code, message.minutes) == ("84912345678", sent.code, 10)
    made = ballots.confirm_vote(token=sent.token, code=sent.code)
    person = VoterIdentity.objects.get()
    assert person.kind == "phone" and made.identity == person
    assert "912345678" not in person.key and "912345678" not in person.stem and person.domain == ""
    day = PhoneMessageDay.objects.get()
    assert (day.day, day.sent, day.failed, day.cost) == (timezone.localdate(), 1, 0, 700)


def test_one_subscriber_is_one_voter_whatever_the_spelling(phone_vote):
    vote, (entry, other, _third) = phone_vote
    first = _phone_vote(vote, entry, "0912345678")
    with pytest.raises(DomainError, match=f"đã bình chọn cho mô hình này rồi \\(mã biên nhận {first.receipt}\\)"):
        _phone_vote(vote, entry, "+84 912 345 678")
    _phone_vote(vote, other, "84912345678")
    assert VoterIdentity.objects.count() == 1 and Vote.objects.count() == 2


def test_a_number_and_an_address_are_never_the_same_key():
    assert ballots.phone_key("84912345678") != ballots.identity_key("84912345678")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("01681234567", "số 11 chữ số cũ"),
        ("028 3822 1234", "số máy bàn"),
        ("0951234567", "không phải số di động Việt Nam đang dùng"),
        ("12345", "Số điện thoại chưa đúng, ví dụ: 0912 345 678."),
    ],
)
def test_a_number_that_cannot_receive_a_code_is_refused_plainly(phone_vote, written, message):
    vote, (entry, *_rest) = phone_vote
    with pytest.raises(DomainError, match=message) as refused:
        phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone=written)
    assert refused.value.field == "phone"
    assert not MemoryGateway.outbox and not VoteCode.objects.exists() and not PhoneMessageDay.objects.exists()


def test_the_daily_quota_then_email(phone_vote):
    vote, (entry, *_rest) = phone_vote  # 3 messages a day
    for i in range(3):
        phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone=f"091234500{i}")
    with pytest.raises(phone_codes.PhoneQuotaExhausted, match="hãy nhận mã qua thư điện tử"):
        phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone="0912345009")
    assert len(MemoryGateway.outbox) == 3 and VoteCode.objects.count() == 3
    day = PhoneMessageDay.objects.get()
    assert (day.sent, day.cost) == (3, 2100)
    assert ballots.request_code(vote=vote, entry_id=entry.pk, email="lan@gmail.com").code


def test_email_is_the_way_round_even_when_the_round_lists_phones_only(contest):
    vote, (entry, *_rest) = make_vote(contest, identity_kinds=["phone"], phone_daily_quota=1)
    with pytest.raises(DomainError, match="không nhận mã xác nhận qua thư điện tử"):
        ballots.request_code(vote=vote, entry_id=entry.pk, email="lan@gmail.com")
    phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone="0912345678")
    assert ballots.request_code(vote=vote, entry_id=entry.pk, email="lan@gmail.com").code


def test_a_round_without_phones_takes_no_phone_code(open_vote):
    vote, (entry, *_rest) = open_vote
    with pytest.raises(DomainError, match="không nhận mã xác nhận qua điện thoại"):
        phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone="0912345678")


@override_settings(VOTE_CODES_PER_IDENTITY_HOUR=2)
def test_one_number_cannot_ask_for_many_codes(contest):
    vote, (entry, *_rest) = make_vote(contest, identity_kinds=["phone"], phone_daily_quota=100)
    for _i in range(2):
        phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone="0912345678")
    with pytest.raises(DomainError, match="Số điện thoại này vừa nhận nhiều mã"):
        phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone="0912345678")
    assert PhoneMessageDay.objects.get().sent == 2


@pytest.mark.skipif(not POSTGRES, reason="needs PostgreSQL (DATABASE_URL): SQLite serialises every writer")
@pytest.mark.django_db(transaction=True)
def test_the_quota_holds_under_simultaneous_requests(contest):
    vote, (entry, *_rest) = make_vote(contest, identity_kinds=["phone"], phone_daily_quota=5)
    barrier = threading.Barrier(20)
    outcomes, errors = [], []

    def ask(i):
        try:
            barrier.wait()
            phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone=f"09123450{i:02d}")
            outcomes.append("sent")
        except phone_codes.PhoneQuotaExhausted:
            outcomes.append("e-mail")
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert outcomes.count("sent") == 5 and outcomes.count("e-mail") == 15
    assert PhoneMessageDay.objects.get().sent == 5 and VoteCode.objects.count() == 5


# --- the pages ------------------------------------------------------------------------------------


def test_the_page_offers_the_phone_first_and_email_on_request(client, phone_vote):
    vote, (entry, *_rest) = phone_vote
    url = reverse("voting:vote", args=[vote.round_id, entry.pk])
    page = client.get(url).content.decode()
    assert "Số điện thoại di động của bạn" in page and "Nhận mã qua thư điện tử" in page
    page = client.get(url + "?qua=thu").content.decode()
    assert "Địa chỉ thư điện tử của bạn" in page and "Nhận mã qua tin nhắn điện thoại" in page


def test_a_vote_by_phone_through_the_pages(client, phone_vote):
    vote, (entry, *_rest) = phone_vote
    url = reverse("voting:vote", args=[vote.round_id, entry.pk])
    response = client.post(url, {"qua": "dien-thoai", "phone": "0912 345 678", "challenge": solved()})
    assert response.status_code == 302, response.content.decode()[:3000]
    confirm = client.get(response["Location"]).content.decode()
    assert "gửi qua tin nhắn tới số điện thoại của bạn" in confirm
    code = MemoryGateway.outbox[-1].code
    thanks = client.post(response["Location"], {"code": code}, follow=True)
    assert Vote.objects.get().receipt in thanks.content.decode()
    # A refused number: the form again, the reason beside the field, nothing sent.
    bad = client.post(url, {"qua": "dien-thoai", "phone": "0283 822 1234", "challenge": solved()})
    assert bad.status_code == 400 and "số máy bàn" in bad.content.decode()


def test_when_the_days_messages_are_used_up_the_page_asks_for_an_email_and_says_why(client, phone_vote):
    vote, (entry, *_rest) = phone_vote
    VoteSettings.objects.filter(pk=vote.pk).update(phone_daily_quota=1)
    url = reverse("voting:vote", args=[vote.round_id, entry.pk])
    # The last message of the day is taken while this visitor is on the phone form.
    phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone="0987654321")
    response = client.post(url, {"qua": "dien-thoai", "phone": "0912345678", "challenge": solved()})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Hôm nay đã hết số tin nhắn mã xác nhận qua điện thoại" in page
    assert "Địa chỉ thư điện tử của bạn" in page and "Số điện thoại di động của bạn" not in page
    # The next visitor sees the e-mail form and the reason straight away.
    page = client.get(url).content.decode()
    assert "Hôm nay đã hết số tin nhắn mã xác nhận qua điện thoại" in page and "Địa chỉ thư điện tử" in page
    response = client.post(url, {"qua": "thu", "email": "lan@gmail.com", "challenge": solved()})
    assert response.status_code == 302


# --- the organisers' side -------------------------------------------------------------------------


def _settings(**changes):
    data = {
        "enabled": True,
        "eligibility": "finalists",
        "opens_at": timezone.now(),
        "closes_at": timezone.now() + dt.timedelta(days=3),
        "quota": "per_entry",
        "daily_votes": 1,
        "prize_name": "Giải do công chúng bình chọn",
        "show_total": False,
        "identity_kinds": ["phone", "email"],
        "phone_daily_quota": 200,
    }
    return {**data, **changes}


def test_the_organiser_chooses_the_identities(organiser, open_vote):
    vote, _entries = open_vote
    saved = setup.save_settings(round=vote.round, by=organiser, **_settings())
    assert saved.identity_kinds == ["email", "phone"] and saved.phone_daily_quota == 200
    with pytest.raises(DomainError, match="ít nhất một cách"):
        setup.save_settings(round=vote.round, by=organiser, **_settings(identity_kinds=[]))
    with pytest.raises(DomainError, match="ít nhất một cách"):
        setup.save_settings(round=vote.round, by=organiser, **_settings(identity_kinds=["carrier-pigeon"]))
    with override_settings(VOTE_PHONE_GATEWAY=""), pytest.raises(DomainError, match="chưa được cấu hình tổng đài"):
        setup.save_settings(round=vote.round, by=organiser, **_settings())


def test_the_back_office_shows_the_days_messages_and_their_cost(client, organiser, phone_vote):
    vote, (entry, *_rest) = phone_vote
    for i in range(2):
        phone_codes.request_phone_code(vote=vote, entry_id=entry.pk, phone=f"091234500{i}")
    client.force_login(organiser)
    page = client.get(reverse("contest_voting:round", args=[vote.round_id])).content.decode()
    assert "Tin nhắn mã xác nhận qua điện thoại" in page
    assert "giá mỗi tin: 700 đồng" in page and "hôm nay còn 1 tin" in page
    row = re.search(r"<tr><td>" + timezone.localdate().strftime("%d/%m/%Y") + r"</td>(.*?)</tr>", page).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row)[:3] == ["2", "0", "1.400"]


def test_numbers_bought_in_a_row_are_a_cluster_for_review(contest):
    from contest.voting.services import review

    vote, (entry, *_rest) = make_vote(contest, identity_kinds=["phone"], phone_daily_quota=100)
    for i in range(5):
        _phone_vote(vote, entry, f"0912 345 {i:03d}")
    _phone_vote(vote, entry, "0987 654 321")
    (cluster,) = [c for c in review.suspicious_clusters(vote.round) if c.kind == "sequence"]
    assert len(cluster.vote_ids) == 5
