"""The public vote as a capped share of the final score, through the results pipeline: settings
validated against the rules' cap, nothing until the vote is sealed, the jury's score and rank kept
beside the final ones in the table, the frozen snapshot, the minutes and the published result."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.core.errors import DomainError, InvalidTransition
from contest.results import documents, exports, tabulation
from contest.results.models import PrizeTier, ResultsPolicy
from contest.results.services import snapshots as results
from contest.voting.enums import Purpose
from contest.voting.models import VoteSettings
from contest.voting.services import review, seal, setup
from tests.factories.voting import cast
from tests.results.test_results import scored_round  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
D = Decimal


def _vote(round_, organiser, *, share="30"):
    contest = round_.contest
    contest.vote_share_cap = D(30)
    contest.save(update_fields=["vote_share_cap"])
    now = timezone.now()
    return setup.save_settings(
        round=round_,
        by=organiser,
        enabled=True,
        eligibility="finalists",
        opens_at=now - dt.timedelta(hours=2),
        closes_at=now + dt.timedelta(hours=2),
        quota="per_entry",
        daily_votes=1,
        prize_name="Bình chọn",
        show_total=False,
        purpose=Purpose.SCORE_SHARE,
        score_share=share,
    )


def _close(vote):
    VoteSettings.objects.filter(pk=vote.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=1), closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    return VoteSettings.objects.get(pk=vote.pk)


def test_the_share_must_fit_the_rules_cap(scored_round, organiser):  # noqa: F811
    round_, _judges, _entries = scored_round
    with pytest.raises(DomainError, match="chưa cho phép"):
        setup.save_settings(
            round=round_, by=organiser, enabled=False, eligibility="finalists", opens_at=None, closes_at=None,
            quota="per_entry", daily_votes=1, prize_name="x", show_total=False, purpose=Purpose.SCORE_SHARE,
            score_share="10",
        )  # fmt: skip
    with pytest.raises(DomainError, match="mức trần 30"):
        _vote(round_, organiser, share="30.5")
    with pytest.raises(DomainError, match="lớn hơn 0"):
        _vote(round_, organiser, share="0")
    assert _vote(round_, organiser, share="12.5").score_share == D("12.5")


def test_final_scores_through_freeze_and_publication(client, scored_round, organiser, secretariat):  # noqa: F811
    round_, _judges, entries = scored_round
    PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1, order=1)
    ResultsPolicy.objects.create(round=round_, min_prize_score=D(0))
    vote = _vote(round_, organiser)
    # Jury: entry 0 44.67 (1st), entry 2 39.00 (2nd), entry 1 37.67 (3rd); rubric out of 50.
    for i in range(10):
        cast(vote, entries[1], f"ban{i}@gmail.com", device=f"{i:032d}", ip=f"10.{i}.0.1")
    for i in range(2):
        cast(vote, entries[2], f"khac{i}@gmail.com", device=f"{i + 50:032d}", ip=f"10.{i + 50}.0.1")
    for i in range(3):  # a cloned-mailbox cluster, voided below: never counted
        cast(vote, entries[0], f"clone{i}@gmail.com", device="f" * 32, ip="10.99.0.1")

    # While the vote is open the table holds the jury's scores only, and the round cannot freeze.
    table = tabulation.tabulate(round_)
    assert table.vote is not None and not table.vote.applied
    assert {r.entry_id: r.score for r in table.rows}[entries[0].pk] == D("44.67")
    with pytest.raises(DomainError, match="chưa được niêm phong"):
        results.freeze(round=round_, by=organiser)

    vote = _close(vote)
    clusters = [c for c in review.suspicious_clusters(round_) if c.kind == "device"]
    review.void_cluster(round=round_, ref=clusters[0].ref, reason="Ba hộp thư một thiết bị", by=organiser)
    vote = seal.seal(vote=vote, by=organiser)

    snapshot = results.freeze(round=round_, by=organiser)
    rows = {r.entry_id: r for r in snapshot.rows.all()}
    # 0.7 × jury + 0.3 × 50 × votes / 10.
    assert (rows[entries[1].pk].score, rows[entries[1].pk].rank) == (D("41.37"), 1)  # 26.369 + 15
    assert (rows[entries[0].pk].score, rows[entries[0].pk].rank) == (D("31.27"), 2)  # 31.269 + 0
    assert (rows[entries[2].pk].score, rows[entries[2].pk].rank) == (D("30.30"), 3)  # 27.3 + 3
    # The jury's own score and rank are kept beside the final ones, and the band stays the jury's.
    assert [(rows[e.pk].jury_score, rows[e.pk].jury_rank) for e in entries] == [
        (D("44.67"), 1),
        (D("37.67"), 3),
        (D("39.00"), 2),
    ]
    assert [rows[e.pk].vote_count for e in entries] == [0, 10, 2]
    assert rows[entries[2].pk].vote_score == D("10.00")
    assert rows[entries[1].pk].prize_name == "Giải Nhất"
    assert snapshot.parameters["vote_share"] == {
        "percent": "30.0",
        "cap": "30.0",
        "seal_digest": vote.seal_digest,
        "valid_votes": 12,
    }

    # The frozen final scores came from these votes: no more voiding until the results are reopened.
    with pytest.raises(InvalidTransition, match="hủy chốt"):
        review.void_cluster(round=round_, ref="network:10.1.0.0/24", reason="x", by=organiser)

    # The minutes state the formula, the cap and the seal, with the jury's columns.
    sentences = documents.minutes_context(snapshot)["method_sentences"]
    assert any("điểm Ban Giám khảo × (100% − 30%) + 30% × điểm bình chọn" in s for s in sentences)
    assert any("tối đa 30%" in s for s in sentences)
    assert any(vote.seal_digest[:16] in s and "12" in s for s in sentences)

    # The final result waits for the vote's own result, then shows both scores.
    with pytest.raises(InvalidTransition, match="công bố kết quả bình chọn"):
        results.publish(snapshot=snapshot, by=organiser)
    setup.publish_results(vote=vote, by=organiser)
    snapshot = results.publish(snapshot=snapshot, by=organiser)
    page = client.get(reverse("public-results", args=[round_.pk])).content.decode()
    for text in ("Điểm chung cuộc", "Điểm Ban Giám khảo", "Hạng theo Ban Giám khảo", "41,37", "37,67", "30%"):
        assert text in page, text
    headers, csv_rows = exports.public_rows(snapshot)
    assert headers[5:10] == [
        "Điểm chung cuộc", "Điểm Ban Giám khảo", "Hạng theo Ban Giám khảo", "Lượt bình chọn hợp lệ", "Điểm bình chọn"
    ]  # fmt: skip
    first = next(iter(csv_rows))
    assert first[5:10] == [D("41.37"), D("37.67"), 3, 10, D("50.00")]

    # The organisers' ranking page shows the same columns.
    client.force_login(organiser)
    backoffice = client.get(reverse("contest_results:round", args=[round_.pk])).content.decode()
    assert "Hạng theo Ban Giám khảo" in backoffice and "41,37" in backoffice


def test_a_separate_prize_leaves_the_scores_alone(scored_round, organiser):  # noqa: F811
    round_, _judges, entries = scored_round
    vote = _vote(round_, organiser)
    setup.save_settings(
        round=round_, by=organiser, enabled=True, eligibility="finalists", opens_at=vote.opens_at,
        closes_at=vote.closes_at, quota="per_entry", daily_votes=1, prize_name="Giải bình chọn", show_total=False,
        purpose=Purpose.AUDIENCE_PRIZE, score_share="20",
    )  # fmt: skip
    assert VoteSettings.objects.get(pk=vote.pk).score_share == 0
    table = tabulation.tabulate(round_)
    assert table.vote is None
    assert all(r.jury_score is None for r in table.rows)
