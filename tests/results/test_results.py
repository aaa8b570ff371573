"""Tabulation of a round from the database and the freeze / publish / invalidate life cycle."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from contest.core import audit
from contest.core.errors import DomainError, InvalidTransition
from contest.judging.enums import SheetKind, SheetStatus
from contest.judging.models import Criterion, Score, ScoreSheet
from contest.judging.services import sheets
from contest.results import tabulation
from contest.results.enums import AggregationMethod, RankingScope, SnapshotStatus
from contest.results.models import PrizeTier, ResultSnapshot, ResultsPolicy
from contest.results.services import snapshots as results
from tests.factories import EntryFactory
from tests.factories.judging import assign, criteria, make_judge, make_round

D = Decimal


def submitted_sheet(round_, judge, entry, values, kind=SheetKind.JURY):
    sheet = ScoreSheet.objects.create(round=round_, judge=judge, entry=entry, kind=kind, status=SheetStatus.SUBMITTED)
    by_code = {c.code: c for c in Criterion.objects.filter(rubric__round=round_)}
    for code, value in values.items():
        Score.objects.create(sheet=sheet, criterion=by_code[code], value=D(value))
    return sheet


@pytest.fixture
def scored_round(contest, organiser):
    """Three entries, three judges who each scored all three (sang_tao /20, hieu_qua /25, ho_so /5);
    the jury alone scores this round."""
    round_ = make_round(contest, jury_only=True)
    judges = [make_judge(f"gk{i}", full_name=f"Giám khảo {i}") for i in range(3)]
    entries = [EntryFactory(contest=contest, title=f"Mô hình {i}") for i in range(3)]
    marks = {
        0: [(18, 22, 5), (17, 21, 4), (19, 23, 5)],  # 45, 42, 47 → 44.67
        1: [(15, 20, 4), (16, 18, 4), (14, 19, 3)],  # 39, 38, 36 → 37.67
        2: [(19, 24, 5), (18, 23, 4), (10, 12, 2)],  # 48, 45, 24 → 39.00, discrepant (24)
    }
    for e, entry in enumerate(entries):
        for j, judge in enumerate(judges):
            assign(round_, judge, entry)
            s, h, o = marks[e][j]
            submitted_sheet(round_, judge, entry, {"sang_tao": s, "hieu_qua": h, "ho_so": o, "tham_khao": 9})
    return round_, judges, entries


def with_prizes(round_):
    """A prize structure, which freezing requires (none of scored_round's scores reaches it)."""
    PrizeTier.objects.create(round=round_, code="giai", name="Giải chung", quota=1, order=1)
    return round_


def test_tabulation_scores_ranks_and_flags(scored_round):
    round_, judges, entries = scored_round
    table = tabulation.tabulate(round_)
    rows = {r.entry_id: r for r in table.rows}
    assert rows[entries[0].pk].score == D("44.67")
    assert rows[entries[2].pk].score == D("39.00")
    assert rows[entries[1].pk].score == D("37.67")
    assert [rows[e.pk].rank for e in entries] == [1, 3, 2]
    assert rows[entries[2].pk].discrepant and not rows[entries[0].pk].discrepant
    # A non-counting criterion is reported as a mean but never added to the total.
    assert rows[entries[0].pk].criterion_means["tham_khao"] == D("9.00")
    assert rows[entries[0].pk].judge_totals[judges[0].pk] == D("45.00")
    assert table.max_total == D("50")  # 20 + 25 + 5; tham_khao does not count


def test_methods_change_the_aggregate(scored_round):
    round_, _judges, entries = scored_round
    median = {r.entry_id: r.score for r in tabulation.tabulate(round_, method=AggregationMethod.MEDIAN).rows}
    assert median[entries[2].pk] == D("45.00")


def test_secretariat_points_join_the_part_and_drafts_do_not_count(contest, secretariat, organiser):
    round_ = make_round(contest)
    judge, extra = make_judge("gk1"), make_judge("gk-nhap")
    scored, missing = EntryFactory(contest=contest), EntryFactory(contest=contest)
    for entry in (scored, missing):
        assign(round_, judge, entry)
        submitted_sheet(round_, judge, entry, {"sang_tao": 15, "hieu_qua": 20, "ho_so": 4})
    submitted_sheet(round_, secretariat, scored, {"trac_nghiem": "8.5"}, kind=SheetKind.SECRETARIAT)
    assign(round_, extra, scored)
    ScoreSheet.objects.create(round=round_, judge=extra, entry=scored)  # a draft
    table = tabulation.tabulate(round_)
    rows = {r.entry_id: r for r in table.rows}
    assert rows[scored.pk].score == D("47.50")  # 39 from the jury + 8.5 multiple choice
    assert rows[scored.pk].pending == 1 and table.pending_sheets == 1
    assert table.max_total == D("60")
    # The other entry's multiple-choice points are missing: the round cannot be frozen yet.
    assert table.secretariat_missing == [rows[missing.pk].code]
    problems = " ".join(results.freeze_problems(table))
    assert "Tổ Thư ký chưa nhập đủ" in problems and f"{rows[missing.pk].code:03d}" in problems


def test_prizes_with_a_minimum_and_per_field_scope(scored_round, contest):
    round_, _judges, entries = scored_round
    ResultsPolicy.objects.create(round=round_, min_prize_score=D(38))
    PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1, order=1)
    PrizeTier.objects.create(round=round_, code="nhi", name="Giải Nhì", quota=5, order=2)
    rows = {r.entry_id: r for r in tabulation.tabulate(round_).rows}
    assert rows[entries[0].pk].prize_name == "Giải Nhất"
    assert rows[entries[2].pk].prize_name == "Giải Nhì"
    assert rows[entries[1].pk].prize_name == ""  # 37.67 < 38

    ResultsPolicy.objects.filter(round=round_).update(scope=RankingScope.FIELD)
    table = tabulation.tabulate(round_)
    assert {r.scope_label for r in table.rows} == {e.field.name for e in entries}


def test_tabulation_queries_do_not_grow_with_the_round(contest, django_assert_max_num_queries):
    round_ = make_round(contest, jury_only=True)
    judge = make_judge()
    for i in range(12):
        entry = EntryFactory(contest=contest)
        assign(round_, judge, entry)
        submitted_sheet(round_, judge, entry, {"sang_tao": 10 + i % 5, "hieu_qua": 20, "ho_so": 5})
    with django_assert_max_num_queries(12):
        table = tabulation.tabulate(round_)
    assert len([r for r in table.rows if r.rank]) == 12


# --- freezing -----------------------------------------------------------------------------------


def test_freeze_writes_a_sealed_snapshot_and_locks_the_scores(scored_round, organiser):
    round_, judges, entries = scored_round
    with_prizes(round_)
    snapshot = results.freeze(round=round_, by=organiser)
    assert snapshot.version == 1 and snapshot.rows.count() == 3
    assert snapshot.audit_head == audit.last_digest(round_)
    assert audit.verify_chain() == []
    first = snapshot.rows.get(entry=entries[0])
    assert (first.rank, first.score) == (1, D("44.67"))

    sheet = ScoreSheet.objects.get(round=round_, judge=judges[0], entry=entries[0])
    sheet.status = SheetStatus.DRAFT
    sheet.save()
    with pytest.raises(results.ResultsFrozen):
        sheets.save_sheet(
            judge=judges[0], round=round_, entry=entries[0], values={criteria(round_)["ho_so"].pk: "1"}, by=judges[0]
        )
    with pytest.raises(InvalidTransition):
        results.freeze(round=round_, by=organiser)


def test_freeze_refuses_pending_sheets_and_non_organisers(scored_round, organiser, secretariat):
    round_, judges, entries = scored_round
    with pytest.raises(DomainError):
        results.freeze(round=round_, by=secretariat)
    late = make_judge("gk-tre")
    assign(round_, late, entries[0])
    with pytest.raises(DomainError, match="chưa nộp"):
        results.freeze(round=round_, by=organiser)
    assert not ResultSnapshot.objects.exists()


def test_an_unbroken_tie_without_shared_prizes_needs_a_jury_decision(contest, organiser):
    round_ = make_round(contest, jury_only=True)
    judge = make_judge()
    a, b = EntryFactory(contest=contest), EntryFactory(contest=contest)
    for entry in (a, b):
        assign(round_, judge, entry)
        submitted_sheet(round_, judge, entry, {"sang_tao": 18, "hieu_qua": 20, "ho_so": 5})
    ResultsPolicy.objects.create(round=round_, shared_prizes=False, min_prize_score=D(0))
    PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1)
    with pytest.raises(DomainError, match="bằng điểm"):
        results.freeze(round=round_, by=organiser)
    results.record_tie_decision(round=round_, entry_ids=[b.pk, a.pk], reason="Biểu quyết 5/7", by=organiser)
    snapshot = results.freeze(round=round_, by=organiser)
    winner = snapshot.rows.get(prize_code="nhat")
    assert winner.entry_id == b.pk and winner.decided_by == "jury"


def test_reopening_a_sheet_invalidates_the_snapshot_and_a_new_version_follows(scored_round, organiser):
    round_, judges, entries = scored_round
    with_prizes(round_)
    snapshot = results.freeze(round=round_, by=organiser)
    results.publish(snapshot=snapshot, by=organiser)
    sheet = ScoreSheet.objects.get(round=round_, judge=judges[2], entry=entries[2])
    sheets.reopen_sheet(sheet=sheet, by=organiser, reason="Giám khảo ghi nhầm tiêu chí hiệu quả")
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.INVALIDATED
    assert snapshot.invalidated_reason == "Giám khảo ghi nhầm tiêu chí hiệu quả"
    sheets.submit_sheet(
        judge=judges[2], round=round_, entry=entries[2], values={criteria(round_)["hieu_qua"].pk: "24"}, by=judges[2]
    )
    again = results.freeze(round=round_, by=organiser)
    assert again.version == 2
    assert again.rows.get(entry=entries[2]).score == D("43.00")  # (48 + 45 + 36) / 3
    assert audit.verify_chain() == []


def test_only_one_snapshot_in_force_is_a_database_rule(scored_round, organiser):
    round_, _judges, _entries = scored_round
    with_prizes(round_)
    snapshot = results.freeze(round=round_, by=organiser)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResultSnapshot.objects.create(
            round=round_, version=2, method="mean", parameters={}, audit_head=snapshot.audit_head, frozen_by=organiser
        )


def test_publish_only_once(scored_round, organiser):
    round_, _judges, _entries = scored_round
    with_prizes(round_)
    snapshot = results.freeze(round=round_, by=organiser)
    results.publish(snapshot=snapshot, by=organiser)
    with pytest.raises(InvalidTransition):
        results.publish(snapshot=snapshot, by=organiser)


def test_advancing_entries_fill_the_next_round_once(scored_round, organiser, contest):
    from contest.core.models import Round
    from contest.judging.models import RoundEntry

    round_, _judges, entries = scored_round
    ResultsPolicy.objects.create(round=round_, advance_top=2)
    final = Round.objects.create(contest=contest, name="Chung khảo", order=round_.order + 1)
    snapshot = results.freeze(round=round_, by=organiser)
    assert set(snapshot.rows.filter(advances=True).values_list("entry_id", flat=True)) == {entries[0].pk, entries[2].pk}

    created = results.advance_entries(snapshot=snapshot, by=organiser)
    assert [r.code for r in created] == [1, 2]
    assert set(RoundEntry.objects.filter(round=final).values_list("entry_id", flat=True)) == {
        entries[0].pk,
        entries[2].pk,
    }
    assert results.advance_entries(snapshot=snapshot, by=organiser) == []  # a second click adds nothing
    assert audit.verify_chain() == []


@pytest.mark.parametrize("status", [SnapshotStatus.FROZEN, SnapshotStatus.PUBLISHED])
def test_advancing_never_admits_entries_to_a_round_whose_results_are_in_force(scored_round, organiser, contest, status):
    """Issue 11 item 16: the next round's results name its entries; advancing more into it
    afterwards would make them describe a round that no longer exists."""
    from django.utils import timezone

    from contest.core.models import AuditRecord, Round
    from contest.judging.models import RoundEntry

    round_, _judges, _entries = scored_round
    ResultsPolicy.objects.create(round=round_, advance_top=2)
    final = Round.objects.create(contest=contest, name="Chung khảo", order=round_.order + 1)
    snapshot = results.freeze(round=round_, by=organiser)
    ResultSnapshot.objects.create(
        round=final,
        version=1,
        status=status,
        method=AggregationMethod.MEAN,
        parameters={},
        audit_head="0" * 64,
        frozen_by=organiser,
        published_at=timezone.now() if status == SnapshotStatus.PUBLISHED else None,
    )
    records = AuditRecord.objects.count()
    with pytest.raises(DomainError, match="vòng sau đã được chốt hoặc công bố"):
        results.advance_entries(snapshot=snapshot, by=organiser)
    assert not RoundEntry.objects.filter(round=final).exists()
    assert AuditRecord.objects.count() == records


def test_advancing_needs_a_next_round_and_an_organiser(scored_round, organiser, secretariat):
    round_, _judges, _entries = scored_round
    ResultsPolicy.objects.create(round=round_, advance_threshold=D(40))
    snapshot = results.freeze(round=round_, by=organiser)
    with pytest.raises(DomainError):
        results.advance_entries(snapshot=snapshot, by=secretariat)
    with pytest.raises(DomainError, match="không có vòng sau"):
        results.advance_entries(snapshot=snapshot, by=organiser)
