"""Casting a vote: codes (expiry, single use, attempts, per-address limit), disposable addresses,
the quota (one per entry, N per day) enforced by the database, not only by the code."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from contest.core.errors import DomainError
from contest.voting.enums import QuotaKind
from contest.voting.models import Vote, VoteCode, VoterIdentity
from contest.voting.services import ballots
from tests.factories.voting import cast, make_vote

pytestmark = pytest.mark.django_db


def test_a_code_is_mailed_and_its_confirmation_makes_one_vote(open_vote, django_capture_on_commit_callbacks):
    vote, (entry, *_rest) = open_vote
    with django_capture_on_commit_callbacks(execute=True):
        sent = ballots.request_code(vote=vote, entry_id=entry.pk, email="Lan.Nguyen@gmail.com", ip="203.0.113.9")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Lan.Nguyen@gmail.com"]
    assert sent.code in mail.outbox[0].body and entry.title in mail.outbox[0].body
    made = ballots.confirm_vote(token=sent.token, code=sent.code, ip="203.0.113.9", device="x" * 32, user_agent="UA")
    assert (made.entry, made.ip_prefix, made.user_agent) == (entry, "203.0.113.0/24", "UA")
    assert made.receipt.startswith("BC-")
    # Neither the address nor the code is stored anywhere; the device only as a hash.
    assert VoterIdentity.objects.get().domain == "gmail.com"
    assert "lan" not in VoterIdentity.objects.get().key
    assert VoteCode.objects.get().code_hash != sent.code
    assert made.device != "x" * 32 and len(made.device) == 64


def test_the_same_code_posted_twice_finds_the_same_vote(open_vote):
    vote, (entry, *_rest) = open_vote
    sent = ballots.request_code(vote=vote, entry_id=entry.pk, email="lan@gmail.com")
    first = ballots.confirm_vote(token=sent.token, code=sent.code)
    assert ballots.confirm_vote(token=sent.token, code=sent.code) == first
    assert Vote.objects.count() == 1


def test_a_second_vote_for_the_same_entry_is_refused_clearly(open_vote):
    vote, (entry, other, _third) = open_vote
    first = cast(vote, entry, "lan@gmail.com")
    # Another spelling of the same Gmail mailbox is the same person.
    with pytest.raises(DomainError, match=f"đã bình chọn cho mô hình này rồi \\(mã biên nhận {first.receipt}\\)"):
        cast(vote, entry, "L.A.N+2@gmail.com")
    cast(vote, other, "lan@gmail.com")
    assert Vote.objects.count() == 2


def test_the_database_refuses_a_second_vote_in_the_same_slot(open_vote):
    vote, (entry, *_rest) = open_vote
    made = cast(vote, entry, "lan@gmail.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(round=vote.round, entry=entry, identity=made.identity, receipt="BC-TWICE")


def test_the_database_refuses_more_than_one_vote_per_daily_slot(contest):
    vote, (a, b, _c) = make_vote(contest, quota=QuotaKind.PER_DAY, daily_votes=2)
    made = cast(vote, a, "lan@gmail.com")
    assert (made.period, made.ordinal) == (timezone.localdate().isoformat(), 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            round=vote.round, entry=b, identity=made.identity, period=made.period, ordinal=1, receipt="BC-SAMESLOT"
        )


def test_n_votes_per_day(contest):
    vote, (a, b, c) = make_vote(contest, quota=QuotaKind.PER_DAY, daily_votes=2)
    cast(vote, a, "lan@gmail.com")
    with pytest.raises(DomainError, match="Hôm nay bạn đã bình chọn cho mô hình này rồi"):
        cast(vote, a, "lan@gmail.com")
    cast(vote, b, "lan@gmail.com")
    with pytest.raises(DomainError, match="Hôm nay bạn đã dùng hết 2 lượt bình chọn"):
        cast(vote, c, "lan@gmail.com")


def test_codes_expire(open_vote):
    vote, (entry, *_rest) = open_vote
    sent = ballots.request_code(vote=vote, entry_id=entry.pk, email="lan@gmail.com")
    VoteCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(DomainError, match="Mã đã hết hạn"):
        ballots.confirm_vote(token=sent.token, code=sent.code)
    assert not Vote.objects.exists()


@override_settings(VOTE_CODE_ATTEMPTS=3)
def test_wrong_codes_are_counted_and_then_the_code_is_dead(open_vote):
    vote, (entry, *_rest) = open_vote
    sent = ballots.request_code(vote=vote, entry_id=entry.pk, email="lan@gmail.com")
    wrong = "000000" if sent.code != "000000" else "111111"
    with pytest.raises(DomainError, match="còn 2 lần"):
        ballots.confirm_vote(token=sent.token, code=wrong)
    with pytest.raises(DomainError, match="còn 1 lần"):
        ballots.confirm_vote(token=sent.token, code=wrong)
    with pytest.raises(DomainError, match="Đã nhập sai quá nhiều lần"):
        ballots.confirm_vote(token=sent.token, code=wrong)
    with pytest.raises(DomainError, match="Đã nhập sai mã quá nhiều lần"):
        ballots.confirm_vote(token=sent.token, code=sent.code)
    assert not Vote.objects.exists()


@override_settings(VOTE_CODES_PER_IDENTITY_HOUR=2)
def test_codes_per_address_are_limited_in_the_database(open_vote):
    vote, (entry, *_rest) = open_vote
    ballots.request_code(vote=vote, entry_id=entry.pk, email="lan@gmail.com")
    ballots.request_code(vote=vote, entry_id=entry.pk, email="l.an@gmail.com")
    with pytest.raises(DomainError, match="vừa nhận nhiều mã"):
        ballots.request_code(vote=vote, entry_id=entry.pk, email="lan+x@gmail.com")
    ballots.request_code(vote=vote, entry_id=entry.pk, email="hoa@gmail.com")


@pytest.mark.parametrize("address", ["ai@mailinator.com", "x@yopmail.com", "x@guerrillamail.com"])
def test_disposable_addresses_are_refused(open_vote, address):
    vote, (entry, *_rest) = open_vote
    with pytest.raises(DomainError, match="thư dùng một lần") as refused:
        ballots.request_code(vote=vote, entry_id=entry.pk, email=address)
    assert refused.value.field == "email"
    assert not VoteCode.objects.exists()


def test_no_code_outside_the_voting_time_or_for_another_entry(contest, open_vote):
    vote, (entry, *_rest) = open_vote
    later, (soon_entry, *_r) = make_vote(
        contest, opens_at=timezone.now() + dt.timedelta(hours=2), closes_at=timezone.now() + dt.timedelta(days=2)
    )
    with pytest.raises(DomainError, match="Chưa đến thời gian bình chọn"):
        ballots.request_code(vote=later, entry_id=soon_entry.pk, email="lan@gmail.com")
    with pytest.raises(DomainError, match="không nằm trong danh sách"):
        ballots.request_code(vote=vote, entry_id=soon_entry.pk, email="lan@gmail.com")
    sent = ballots.request_code(vote=vote, entry_id=entry.pk, email="lan@gmail.com")
    vote.closes_at = timezone.now() - dt.timedelta(seconds=1)
    vote.opens_at = timezone.now() - dt.timedelta(days=1)
    vote.save()
    with pytest.raises(DomainError, match="Đã hết thời gian bình chọn"):
        ballots.confirm_vote(token=sent.token, code=sent.code)


def test_the_keyed_hashes_are_djangos_salted_hmac():
    """Hashes stored by earlier versions (salted_hmac on every call) still match."""
    from django.conf import settings
    from django.utils.crypto import salted_hmac

    def django(salt, value):
        return salted_hmac(salt, value, secret=settings.SECRET_KEY, algorithm="sha256").hexdigest()

    assert ballots.identity_key("lan@gmail.com") == django("contest.voting.identity", "lan@gmail.com")
    assert ballots.device_key("x" * 32) == django("contest.voting.device", "x" * 32)
    assert ballots._code_hash("t", "123456") == django("contest.voting.code", "t:123456")
    with override_settings(VOTE_IDENTITY_SECRET="another"):
        assert ballots.identity_key("lan@gmail.com") != django("contest.voting.identity", "lan@gmail.com")


def _statements(queries):
    return [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def test_a_confirmation_is_one_statement_on_postgresql_and_three_elsewhere(open_vote, client):
    """The request a whole province sends at once. PostgreSQL: one data-modifying statement (the code
    locked with every rule in its WHERE, the vote inserted unless its slot is taken, the code marked
    used). Elsewhere (and for anything but a right code): the code locked and read with its round's
    settings, the vote inserted unless its slot is taken, the code marked used. Nothing else, also
    through the page (its redirect reads nothing)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    vote, (entry, other, _third) = open_vote
    sent = ballots.request_code(vote=vote, entry_id=entry.pk, email="lan@gmail.com")
    with CaptureQueriesContext(connection) as queries:
        made = ballots.confirm_vote(
            token=sent.token, code=sent.code, ip="203.0.113.9", device="d" * 32, user_agent="UA"
        )
    statements = _statements(queries.captured_queries)
    if connection.vendor == "postgresql":
        assert len(statements) == 1, statements
        assert statements[0].lstrip().startswith("WITH code AS") and "FOR UPDATE OF c" in statements[0]
    else:
        assert len(statements) == 3, statements
        assert [s.split()[0] for s in statements] == ["SELECT", "INSERT", "UPDATE"]
    stored = Vote.objects.get()
    assert (stored.pk, stored.receipt, stored.entry_id, stored.ip_prefix, stored.user_agent) == (
        made.pk,
        made.receipt,
        entry.pk,
        "203.0.113.0/24",
        "UA",
    )
    assert VoteCode.objects.get(token=sent.token).vote_id == made.pk
    sent = ballots.request_code(vote=vote, entry_id=other.pk, email="lan@gmail.com")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("voting:confirm", args=[sent.token]), {"code": sent.code})
    assert response.status_code == 302
    assert len(_statements(queries.captured_queries)) == (1 if connection.vendor == "postgresql" else 3)


def test_the_one_statement_writes_every_column_a_vote_needs():
    """A column added to Vote without a default would make the one-statement confirmation fail."""
    needed = {f.column for f in Vote._meta.concrete_fields if not f.null}
    assert needed <= ballots.ONE_STATEMENT_COLUMNS


def test_every_rule_holds_on_the_one_statement_path(open_vote):
    """Wrong, used, expired codes and a closed vote fall through to the full path and its messages."""
    import datetime as dt

    from django.utils import timezone

    vote, (entry, *_rest) = open_vote
    sent = ballots.request_code(vote=vote, entry_id=entry.pk, email="lan@gmail.com")
    wrong = "000000" if sent.code != "000000" else "111111"
    with pytest.raises(DomainError, match="Mã chưa đúng"):
        ballots.confirm_vote(token=sent.token, code=wrong)
    made = ballots.confirm_vote(token=sent.token, code=sent.code)
    assert ballots.confirm_vote(token=sent.token, code=sent.code) == made
    late = ballots.request_code(vote=vote, entry_id=entry.pk, email="hoa@gmail.com")
    VoteCode.objects.filter(token=late.token).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(DomainError, match="Mã đã hết hạn"):
        ballots.confirm_vote(token=late.token, code=late.code)
    closed = ballots.request_code(vote=vote, entry_id=entry.pk, email="mai@gmail.com")
    type(vote).objects.filter(pk=vote.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(DomainError, match="Đã hết thời gian bình chọn"):
        ballots.confirm_vote(token=closed.token, code=closed.code)
    assert Vote.objects.count() == 1


def test_a_daily_confirmation_adds_the_voters_lock_and_its_day(contest):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    vote, (entry, *_rest) = make_vote(contest, quota=QuotaKind.PER_DAY, daily_votes=2)
    sent = ballots.request_code(vote=vote, entry_id=entry.pk, email="lan@gmail.com")
    with CaptureQueriesContext(connection) as queries:
        ballots.confirm_vote(token=sent.token, code=sent.code)
    # PostgreSQL first tries the one statement, which is for one vote per entry only.
    assert len(_statements(queries.captured_queries)) == (6 if connection.vendor == "postgresql" else 5)


def test_a_taken_slot_is_refused_by_the_insert_itself(open_vote):
    """Two codes of one person for one entry, the first confirmed: the second's INSERT does
    nothing, the refusal names the first receipt and nothing of the second is kept."""
    vote, (entry, *_rest) = open_vote
    first = ballots.request_code(vote=vote, entry_id=entry.pk, email="lan@gmail.com")
    second = ballots.request_code(vote=vote, entry_id=entry.pk, email="lan@gmail.com")
    made = ballots.confirm_vote(token=first.token, code=first.code)
    with pytest.raises(DomainError, match=made.receipt):
        ballots.confirm_vote(token=second.token, code=second.code)
    assert Vote.objects.count() == 1
    assert VoteCode.objects.get(token=second.token).used_at is None
