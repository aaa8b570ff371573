"""The public list of receipts: nothing before publication, no personal data, voided votes marked,
paginated, and a whole code finds its own vote."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.voting.models import VoteSettings
from contest.voting.services import receipts, review, seal, setup
from contest.voting.views import RECEIPTS_PER_PAGE
from tests.factories.voting import cast

pytestmark = pytest.mark.django_db


def _close(vote):
    VoteSettings.objects.filter(pk=vote.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=2), closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    return VoteSettings.objects.get(pk=vote.pk)


def test_search_is_cleaned():
    assert receipts.clean_search("bc-z77w984a") == receipts.Search(whole="BC-Z77W984A")
    assert receipts.clean_search(" Z77W ") == receipts.Search(prefix="BC-Z77W")
    assert receipts.clean_search("BC-Z7").too_short
    assert receipts.clean_search("") == receipts.Search()
    assert receipts.shown_prefix("BC-Z77W984A") == "BC-Z77W…"


def test_nothing_before_publication_and_no_personal_data_after(client, open_vote, organiser):
    vote, (entry, other, _third) = open_vote
    made = [cast(vote, entry, f"nguoi{i}@gmail.com", device=f"{i}" * 32, ip=f"198.51.100.{i}") for i in range(3)]
    for i in range(3):
        cast(vote, other, f"clone{i}@gmail.com", device="f" * 32, ip=f"203.0.{i}.9")
    url = reverse("voting:receipts", args=[vote.round_id])
    assert client.get(url).status_code == 404  # while voting
    vote = _close(vote)
    (cluster,) = review.suspicious_clusters(vote.round)
    review.void_cluster(round=vote.round, ref=cluster.ref, reason="Một thiết bị, ba hộp thư", by=organiser)
    sealed = seal.seal(vote=vote, by=organiser)
    assert client.get(url).status_code == 404  # sealed, not yet published
    setup.publish_results(vote=sealed, by=organiser)
    page = client.get(url)
    shown = page.content.decode()
    assert page.status_code == 200
    assert "6 lượt" in shown
    assert shown.count("Được tính") == 3 and shown.count("Bị hủy") == 3
    for row in made:
        assert row.receipt[:7] + "…" in shown
        assert row.receipt not in shown  # the whole code is the voter's proof, never listed
        assert row.identity.key not in shown
    # No entry, network, device, browser or address anywhere in the list.
    for secret in ("198.51.100", "203.0.", "gmail", "Test", entry.title, other.title, "ffff"):
        assert secret not in shown, secret
    # Taking the result off the site takes the list off too.
    setup.withdraw_results(vote=sealed, by=organiser)
    assert client.get(url).status_code == 404


def test_a_whole_code_finds_its_vote_and_a_prefix_filters(client, open_vote, organiser):
    vote, (entry, *_rest) = open_vote
    made = [cast(vote, entry, f"nguoi{i}@gmail.com", device=f"{i}" * 32, ip=f"10.{i}.0.1") for i in range(3)]
    setup.publish_results(vote=seal.seal(vote=_close(vote), by=organiser), by=organiser)
    url = reverse("voting:receipts", args=[vote.round_id])
    mine = made[1]
    shown = client.get(url, {"ma": mine.receipt.lower()}).content.decode()
    assert entry.title in shown and "hợp lệ và đã được tính" in shown
    shown = client.get(url, {"ma": mine.receipt[3:7]}).content.decode()
    assert mine.receipt[:7] + "…" in shown and entry.title not in shown
    shown = client.get(url, {"ma": "BC-ZZZZZZZZ"}).content.decode()
    assert "Không tìm thấy mã biên nhận" in shown
    assert "ít nhất 4 ký tự" in client.get(url, {"ma": "BC-Z"}).content.decode()


def test_the_list_is_paginated_in_a_fixed_number_of_queries(
    client, open_vote, organiser, django_assert_max_num_queries
):
    vote, (entry, other, third) = open_vote
    for i in range(RECEIPTS_PER_PAGE + 5):
        cast(vote, (entry, other, third)[i % 3], f"nguoi{i}@gmail.com", device=f"{i:032d}", ip=f"10.{i}.0.1")
    setup.publish_results(vote=seal.seal(vote=_close(vote), by=organiser), by=organiser)
    url = reverse("voting:receipts", args=[vote.round_id])
    with django_assert_max_num_queries(6):
        first = client.get(url).content.decode()
    assert first.count("Được tính") == RECEIPTS_PER_PAGE and "Trang 1/2" in first
    second = client.get(url, {"trang": 2}).content.decode()
    assert second.count("Được tính") == 5
