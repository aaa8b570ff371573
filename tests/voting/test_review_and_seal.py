"""Settings, the review (clusters voided with a reason, audited), the seal (tally and digest in the
audit chain; a later edit shows), publication, the export, and erasing personal data."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from openpyxl import load_workbook

from contest.core import audit
from contest.core.errors import DomainError
from contest.core.models import AuditRecord
from contest.voting.enums import Eligibility, QuotaKind
from contest.voting.models import Vote, VoteCode, VoteSettings
from contest.voting.services import retention, review, seal, setup
from contest.voting.services.tally import tally
from tests.factories.voting import cast, make_vote

pytestmark = pytest.mark.django_db


def _close(vote):
    VoteSettings.objects.filter(pk=vote.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=2), closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    vote.refresh_from_db()
    return vote


def _settings(**changes):
    values = {
        "enabled": True,
        "eligibility": Eligibility.FINALISTS,
        "opens_at": timezone.now(),
        "closes_at": timezone.now() + dt.timedelta(days=3),
        "quota": QuotaKind.PER_ENTRY,
        "daily_votes": 1,
        "prize_name": "Giải do công chúng bình chọn",
        "show_total": False,
    }
    values.update(changes)
    return values


def test_organisers_set_the_vote_up_and_it_is_audited(contest, organiser, secretariat):
    vote, _entries = make_vote(contest)
    with pytest.raises(DomainError, match="Chỉ Ban Tổ chức"):
        setup.save_settings(round=vote.round, by=secretariat, **_settings())
    with pytest.raises(DomainError, match="phải sau thời gian mở"):
        setup.save_settings(round=vote.round, by=organiser, **_settings(closes_at=timezone.now()))
    saved = setup.save_settings(round=vote.round, by=organiser, **_settings(show_total=True))
    assert saved.show_total
    assert AuditRecord.objects.filter(action="vote.settings", round=vote.round).count() == 1


def test_the_rules_of_who_votes_how_often_are_fixed_once_votes_exist(open_vote, organiser):
    vote, (entry, *_rest) = open_vote
    cast(vote, entry, "lan@gmail.com")
    with pytest.raises(DomainError, match="Đã có lượt bình chọn"):
        setup.save_settings(round=vote.round, by=organiser, **_settings(quota=QuotaKind.PER_DAY, daily_votes=3))
    # The closing time may still move (e.g. extended by a decision).
    setup.save_settings(round=vote.round, by=organiser, **_settings(closes_at=timezone.now() + dt.timedelta(days=9)))


def _farm(vote, entry, n=3):
    """n mailboxes from one browser: the classic cloned-accounts pattern."""
    return [cast(vote, entry, f"clone{i}@gmail.com", device="f" * 32, ip=f"198.51.{i}.1") for i in range(n)]


def test_voiding_a_cluster_needs_a_reason_and_is_audited(open_vote, organiser, secretariat):
    vote, (entry, other, _third) = open_vote
    farmed = _farm(vote, entry)
    honest = cast(vote, other, "hoa@yahoo.com.vn", device="h" * 32, ip="192.0.2.1")
    (cluster,) = review.suspicious_clusters(vote.round)
    assert (cluster.kind, sorted(cluster.vote_ids)) == ("device", sorted(v.pk for v in farmed))
    with pytest.raises(DomainError, match="Chỉ Ban Tổ chức"):
        review.void_cluster(round=vote.round, ref=cluster.ref, reason="Nhân bản", by=secretariat)
    with pytest.raises(DomainError, match="Hãy ghi lý do"):
        review.void_cluster(round=vote.round, ref=cluster.ref, reason="  ", by=organiser)
    decision = review.void_cluster(
        round=vote.round, ref=cluster.ref, reason="Ba địa chỉ thư từ một thiết bị trong 3 phút", by=organiser
    )
    assert decision.count == 3
    assert set(Vote.objects.filter(void=decision)) == set(farmed)
    honest.refresh_from_db()
    assert honest.void is None
    record = AuditRecord.objects.get(action="vote.void")
    assert record.reason == "Ba địa chỉ thư từ một thiết bị trong 3 phút"
    assert sorted(record.new["votes"]) == sorted(v.pk for v in farmed)
    # Once voided, the cluster is gone from the review (and cannot be voided twice).
    assert review.suspicious_clusters(vote.round) == []
    with pytest.raises(DomainError, match="không còn"):
        review.void_cluster(round=vote.round, ref=cluster.ref, reason="Lần nữa", by=organiser)
    assert {(r.entry_id, r.valid, r.voided) for r in tally(vote.round)} == {(entry.pk, 0, 3), (other.pk, 1, 0)}


def test_the_seal_puts_the_tally_and_digest_in_the_chain_and_shows_a_later_edit(open_vote, organiser):
    vote, (entry, other, _third) = open_vote
    cast(vote, entry, "lan@gmail.com")
    cast(vote, other, "hoa@gmail.com")
    with pytest.raises(DomainError, match="sau khi đã đóng"):
        seal.seal(vote=vote, by=organiser)
    sealed = seal.seal(vote=_close(vote), by=organiser)
    assert sealed.seal_count == 2 and len(sealed.seal_digest) == 64
    record = AuditRecord.objects.get(action="vote.seal")
    assert record.new["digest"] == sealed.seal_digest
    assert record.new["tally"] == {str(entry.pk): 1, str(other.pk): 1}
    assert audit.verify_chain() == []
    assert seal.check_seal(sealed).ok
    # Sealing again changes nothing.
    assert seal.seal(vote=sealed, by=organiser).seal_digest == sealed.seal_digest
    # A vote moved to another entry afterwards is detected.
    Vote.objects.filter(entry=other).update(entry=entry)
    assert not seal.check_seal(sealed).ok


def test_publication_needs_the_seal_and_voiding_needs_it_withdrawn(open_vote, organiser):
    vote, (entry, *_rest) = open_vote
    _farm(vote, entry)
    with pytest.raises(DomainError, match="niêm phong bình chọn trước"):
        setup.publish_results(vote=vote, by=organiser)
    sealed = seal.seal(vote=_close(vote), by=organiser)
    published = setup.publish_results(vote=sealed, by=organiser)
    assert published.published_at is not None
    assert AuditRecord.objects.get(action="vote.publish").new["tally"] == {str(entry.pk): [3, 0]}
    (cluster,) = review.suspicious_clusters(vote.round)
    with pytest.raises(DomainError, match="gỡ công bố"):
        review.void_cluster(round=vote.round, ref=cluster.ref, reason="Nhân bản", by=organiser)
    setup.withdraw_results(vote=published, by=organiser)
    review.void_cluster(round=vote.round, ref=cluster.ref, reason="Nhân bản", by=organiser)
    # Voids after the seal leave the seal intact: it covers the votes, not the void marks.
    assert seal.check_seal(VoteSettings.objects.get(pk=vote.pk)).ok


def test_the_export_lets_anyone_recount(client, open_vote, organiser):
    vote, (entry, *_rest) = open_vote
    farmed = _farm(vote, entry)
    (cluster,) = review.suspicious_clusters(vote.round)
    review.void_cluster(round=vote.round, ref=cluster.ref, reason='=HYPERLINK("x")', by=organiser)
    cast(vote, entry, "hoa@gmail.com", device="h" * 32)
    client.force_login(organiser)
    response = client.get(f"/quan-tri/binh-chon/{vote.round.pk}/luot-binh-chon.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][1] == "Mã biên nhận"
    assert sorted(r[1] for r in rows[1:]) == sorted([v.receipt for v in farmed] + [Vote.objects.last().receipt])
    assert sorted(r[9] for r in rows[1:]) == ["hợp lệ"] + ["đã hủy"] * 3
    assert not any(str(r[10]).startswith("=") for r in rows[1:])
    csv = client.get(f"/quan-tri/binh-chon/{vote.round.pk}/luot-binh-chon.csv")
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")


@override_settings(VOTE_RETENTION_DAYS=30)
def test_personal_data_is_erased_after_the_retention_period(open_vote, organiser):
    vote, (entry, *_rest) = open_vote
    cast(vote, entry, "lan@gmail.com")
    sealed = seal.seal(vote=_close(vote), by=organiser)
    assert retention.purge_personal_data() == 0
    assert retention.purge_personal_data(now=timezone.now() + dt.timedelta(days=31)) == 1
    kept = Vote.objects.get()
    assert (kept.ip_prefix, kept.device, kept.user_agent) == ("", "", "")
    assert not VoteCode.objects.exists()
    # The seal does not cover the erased review data: the result can still be checked.
    assert seal.check_seal(sealed).ok


@override_settings(VOTE_RETENTION_DAYS=0)
def test_the_purge_command(open_vote, organiser, capsys):
    vote, (entry, *_rest) = open_vote
    cast(vote, entry, "lan@gmail.com")
    seal.seal(vote=_close(vote), by=organiser)
    call_command("purge_vote_data")
    assert capsys.readouterr().out == "Đã xóa dữ liệu cá nhân của 1 lượt bình chọn.\n"
    assert Vote.objects.get().ip_prefix == ""


def test_sequential_mailboxes_are_a_cluster_without_storing_the_addresses(open_vote):
    vote, (entry, *_rest) = open_vote
    for i in range(5):
        cast(vote, entry, f"tuan{i + 1}@gmail.com", device=f"{i}" * 32, ip=f"10.{i}.0.1")
    cast(vote, entry, "hoa@gmail.com", device="h" * 32, ip="10.9.0.1")
    (cluster,) = review.suspicious_clusters(vote.round)
    assert (cluster.kind, len(cluster.vote_ids), cluster.identities) == ("sequence", 5, 5)
    assert "tuan" not in cluster.key
