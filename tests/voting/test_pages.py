"""The public pages of the vote: the flow e-mail → code → receipt, counts hidden until the result is
published, limits per browser and per visitor, the model page's widget state, and the back office
as every persona (the vote log and the identities never leak)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from contest.voting.models import Vote, VoteSettings
from contest.voting.services import ballots, review, seal, setup
from contest.voting.views import DEVICE_COOKIE
from tests.challenge import solved
from tests.factories import UserFactory
from tests.factories.dossiers import EntryFactory
from tests.factories.voting import cast

pytestmark = pytest.mark.django_db


def _vote_through_pages(client, vote, entry, address, on_commit):
    with on_commit(execute=True):
        response = client.post(
            reverse("voting:vote", args=[vote.round_id, entry.pk]), {"email": address, "challenge": solved()}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    return client.post(response["Location"], {"code": code}, follow=True)


def test_the_whole_flow_and_a_second_vote_refused(client, open_vote, django_capture_on_commit_callbacks):
    vote, (entry, *_rest) = open_vote
    page = client.get(reverse("voting:round", args=[vote.round_id]))
    assert page.status_code == 200
    assert entry.title in page.content.decode()
    thanks = _vote_through_pages(client, vote, entry, "lan@gmail.com", django_capture_on_commit_callbacks)
    made = Vote.objects.get()
    assert made.receipt in thanks.content.decode()
    assert DEVICE_COOKIE in client.cookies
    again = _vote_through_pages(client, vote, entry, "lan@gmail.com", django_capture_on_commit_callbacks)
    assert again.status_code == 400
    assert "Bạn đã bình chọn cho mô hình này rồi" in again.content.decode()
    assert Vote.objects.count() == 1


def test_counts_stay_hidden_until_publication(client, open_vote, organiser):
    vote, (entry, other, _third) = open_vote
    for i in range(3):
        cast(vote, entry, f"nguoi{i}@gmail.com", device=f"{i}" * 32, ip=f"10.{i}.0.1")
    url = reverse("voting:round", args=[vote.round_id])
    shown = client.get(url).content.decode()
    assert "lượt hợp lệ" not in shown and "Đã có 3 lượt" not in shown
    VoteSettings.objects.filter(pk=vote.pk).update(show_total=True)
    shown = client.get(url).content.decode()
    assert "Đã có 3 lượt bình chọn" in shown and "lượt hợp lệ" not in shown
    VoteSettings.objects.filter(pk=vote.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=2), closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    sealed = seal.seal(vote=VoteSettings.objects.get(pk=vote.pk), by=organiser)
    assert "lượt hợp lệ" not in client.get(url).content.decode()
    setup.publish_results(vote=sealed, by=organiser)
    shown = client.get(url).content.decode()
    assert "3 lượt hợp lệ · 0 lượt bị hủy" in shown
    assert "0 lượt hợp lệ · 0 lượt bị hủy" in shown  # a candidate without votes is listed too
    assert sealed.seal_digest[:16] in shown
    # Never anything about the voters.
    assert "gmail" not in shown and "10.0.0" not in shown


def test_no_code_without_the_solved_challenge(client, open_vote):
    vote, (entry, *_rest) = open_vote
    url = reverse("voting:vote", args=[vote.round_id, entry.pk])
    response = client.post(url, {"email": "lan@gmail.com", "challenge": ""})
    assert response.status_code == 400
    assert "Tôi không phải là máy tự động" in response.content.decode()
    assert not mail.outbox
    # A solved challenge is good for one post only.
    used = solved()
    assert client.post(url, {"email": "lan@gmail.com", "challenge": used}).status_code == 302
    assert client.post(url, {"email": "hoa@gmail.com", "challenge": used}).status_code == 400


def test_a_disposable_address_is_refused_on_the_page(client, open_vote):
    vote, (entry, *_rest) = open_vote
    response = client.post(
        reverse("voting:vote", args=[vote.round_id, entry.pk]), {"email": "x@mailinator.com", "challenge": solved()}
    )
    assert response.status_code == 400
    assert "thư dùng một lần" in response.content.decode()
    assert not mail.outbox


@override_settings(VOTE_CODE_RATE_PER_DEVICE="2/h")
def test_codes_are_limited_per_browser(client, open_vote):
    vote, (entry, *_rest) = open_vote
    url = reverse("voting:vote", args=[vote.round_id, entry.pk])
    client.get(url)  # sets the browser's cookie
    assert client.post(url, {"email": "a1@gmail.com", "challenge": solved()}).status_code == 302
    assert client.post(url, {"email": "a2@gmail.com", "challenge": solved()}).status_code == 302
    refused = client.post(url, {"email": "a3@gmail.com", "challenge": solved()})
    assert refused.status_code == 429


def test_the_widget_state_is_the_same_for_everyone(client, open_vote, contest):
    vote, (entry, *_rest) = open_vote
    state = client.get(reverse("voting:widget-state", args=[entry.pk]))
    assert state["Cache-Control"] == "public, max-age=60"
    (item,) = state.json()["votes"]
    assert item["phase"] == "open"
    assert item["vote_url"] == reverse("voting:vote", args=[vote.round_id, entry.pk])
    assert "Set-Cookie" not in state.headers and not state.cookies
    outsider = EntryFactory(contest=contest)
    assert client.get(reverse("voting:widget-state", args=[outsider.pk])).json() == {"votes": []}


# ---------------------------------------------------------------------------------------------
# The back office, as every persona
# ---------------------------------------------------------------------------------------------

OK, LOGIN, DENIED = 200, "login", 403
PERSONAS = ("anonymous", "unit", "judge", "secretariat", "organiser")
# url name -> expected per persona (GET); POSTs are checked below.
MATRIX = {
    "contest_voting:index": (LOGIN, LOGIN, LOGIN, OK, OK),
    "contest_voting:round": (LOGIN, LOGIN, LOGIN, OK, OK),
    "contest_voting:review": (LOGIN, LOGIN, LOGIN, OK, OK),
    "contest_voting:export": (LOGIN, LOGIN, LOGIN, OK, OK),
}


def _persona(request, name):
    if name == "anonymous":
        return None
    if name == "unit":
        return request.getfixturevalue("unit_user")
    if name == "judge":
        return UserFactory(username="giamkhao-bc", roles=["judge"])
    return request.getfixturevalue(name)


def _backoffice_url(name, vote):
    if name == "contest_voting:index":
        return reverse(name)
    if name == "contest_voting:export":
        return reverse(name, args=[vote.round_id, "xlsx"])
    return reverse(name, args=[vote.round_id])


def test_every_voting_backoffice_url_is_in_the_matrix():
    from contest.voting.backoffice.voting import urlpatterns

    assert {f"contest_voting:{p.name}" for p in urlpatterns} == set(MATRIX)


@pytest.mark.parametrize("persona", PERSONAS)
def test_voting_backoffice_by_persona(client, request, open_vote, persona):
    vote, (entry, *_rest) = open_vote
    made = cast(vote, entry, "bimat@gmail.com", ip="198.51.100.77")
    user = _persona(request, persona)
    if user is not None:
        client.force_login(user)
    for name, expected in MATRIX.items():
        response = client.get(_backoffice_url(name, vote))
        want = expected[PERSONAS.index(persona)]
        if want == LOGIN:
            assert response.status_code == 302, name
            assert "dang-nhap" in response["Location"] or "login" in response["Location"], name
        else:
            assert response.status_code == want, f"{name} as {persona}: {response.status_code}"
        if want != OK:
            # Neither the log nor a hashed identity nor an address prefix leaks to anyone else.
            assert made.receipt.encode() not in response.content
            assert made.identity.key.encode() not in response.content
            assert b"198.51.100" not in response.content


@pytest.mark.parametrize(
    ("persona", "action", "allowed"),
    [
        ("secretariat", "save_settings", False),
        ("secretariat", "seal", False),
        ("secretariat", "publish", False),
        ("organiser", "seal", True),
    ],
)
def test_voting_backoffice_posts(client, request, open_vote, persona, action, allowed):
    vote, _entries = open_vote
    client.force_login(_persona(request, persona))
    response = client.post(reverse("contest_voting:round", args=[vote.round_id]), {"action": action})
    assert (response.status_code != 403) is allowed


def test_only_organisers_void(client, request, open_vote):
    vote, (entry, *_rest) = open_vote
    for i in range(3):
        cast(vote, entry, f"clone{i}@gmail.com", device="f" * 32, ip=f"198.51.{i}.1")
    (cluster,) = review.suspicious_clusters(vote.round)
    url = reverse("contest_voting:review", args=[vote.round_id])
    data = {"action": "void", "ref": cluster.ref, "reason": "Nhiều địa chỉ thư từ một thiết bị"}
    client.force_login(request.getfixturevalue("secretariat"))
    assert client.post(url, data).status_code == 403
    assert not Vote.objects.filter(void__isnull=False).exists()
    client.force_login(request.getfixturevalue("organiser"))
    assert client.post(url, data).status_code == 302
    assert Vote.objects.filter(void__isnull=False).count() == 3


def test_the_settings_form_takes_strict_dates(client, request, open_vote):
    vote, _entries = open_vote
    client.force_login(request.getfixturevalue("organiser"))
    url = reverse("contest_voting:round", args=[vote.round_id])
    data = {
        "action": "save_settings",
        "enabled": "on",
        "eligibility": "finalists",
        "opens_at": "2026-10-01 08:00",
        "closes_at": "10/10/2026 20:00",
        "quota": "per_entry",
        "daily_votes": "1",
        "purpose": "audience_prize",
        "prize_name": "Giải do công chúng bình chọn",
        "identity_kinds": ["email"],
        "phone_daily_quota": "500",
    }
    response = client.post(url, data, follow=True)
    assert "không phải ngày dạng dd/mm/yyyy" in response.content.decode()
    data["opens_at"] = "01/10/2026 08:00"
    client.post(url, data)
    saved = VoteSettings.objects.get(pk=vote.pk)
    assert timezone.localtime(saved.opens_at).strftime("%d/%m/%Y %H:%M") == "01/10/2026 08:00"
    assert timezone.localtime(saved.closes_at).strftime("%d/%m/%Y %H:%M") == "10/10/2026 20:00"


def test_after_publication_the_receipt_tells_whether_the_vote_counted(client, open_vote, organiser):
    vote, (entry, other, _third) = open_vote
    farmed = [cast(vote, entry, f"clone{i}@gmail.com", device="f" * 32, ip=f"198.51.{i}.1") for i in range(3)]
    honest = cast(vote, other, "hoa@gmail.com", device="h" * 32)
    (cluster,) = review.suspicious_clusters(vote.round)
    review.void_cluster(round=vote.round, ref=cluster.ref, reason="Nhân bản tài khoản", by=organiser)
    url = reverse("voting:thanks", args=[farmed[0].receipt])
    assert "đã bị Ban Tổ chức hủy" not in client.get(url).content.decode()
    VoteSettings.objects.filter(pk=vote.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=2), closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    setup.publish_results(vote=seal.seal(vote=VoteSettings.objects.get(pk=vote.pk), by=organiser), by=organiser)
    voided = client.get(url).content.decode()
    assert "đã bị Ban Tổ chức hủy" in voided and "Nhân bản" not in voided
    counted = client.get(reverse("voting:thanks", args=[honest.receipt])).content.decode()
    assert "hợp lệ và đã được tính" in counted


@override_settings(VOTE_CONFIRM_RATE_PER_IP="3/m")
def test_wrong_codes_are_limited_per_visitor_address_and_right_ones_are_not(client, open_vote):
    """Guessing is what the limit stops; an office confirming many right codes from one address is not."""
    vote, (entry, other, third) = open_vote
    for i, target in enumerate((entry, other, third, entry)):
        sent = ballots.request_code(vote=vote, entry_id=target.pk, email=f"office{i}@gmail.com")
        assert client.post(reverse("voting:confirm", args=[sent.token]), {"code": sent.code}).status_code == 302
    guessed = ballots.request_code(vote=vote, entry_id=other.pk, email="guess@gmail.com")
    url = reverse("voting:confirm", args=[guessed.token])
    wrong = "000000" if guessed.code != "000000" else "111111"
    for _i in range(4):
        assert client.post(url, {"code": wrong}).status_code == 400
    assert client.post(url, {"code": guessed.code}).status_code == 429
    assert Vote.objects.count() == 4
