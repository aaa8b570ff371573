"""The score sheet services: validation, drafts, submission, locking, reopening, the audit trail."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from contest.core import audit
from contest.core.errors import DeadlinePassed, DomainError, InvalidTransition
from contest.core.models import AuditRecord
from contest.judging.enums import ConflictKind, SheetStatus
from contest.judging.models import Conflict, Rubric, Score, ScoreSheet
from contest.judging.services import sheets
from tests.factories import EntryFactory, UnitFactory
from tests.factories.judging import assign, criteria, make_judge, make_round


@pytest.fixture
def round_(contest):
    return make_round(contest)


@pytest.fixture
def judge(db):
    return make_judge()


@pytest.fixture
def assigned(round_, judge, entry):
    assign(round_, judge, entry)
    return criteria(round_)


def _save(round_, judge, entry, values, **kwargs):
    kwargs.setdefault("comments", {})
    return sheets.save_sheet(judge=judge, round=round_, entry=entry, values=values, by=judge, **kwargs)


def _values(sheet):
    return {s.criterion.code: s.value for s in sheet.scores.select_related("criterion")}


def test_a_partial_draft_is_saved_with_decimal_comma_and_point(round_, judge, entry, assigned):
    c = assigned
    sheet = _save(round_, judge, entry, {c["sang_tao"].pk: "17,5", c["hieu_qua"].pk: "20.5", c["ho_so"].pk: ""})
    assert sheet.status == SheetStatus.DRAFT
    assert _values(sheet) == {"sang_tao": Decimal("17.5"), "hieu_qua": Decimal("20.5")}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("21", "Điểm không được vượt quá 20."),
        ("-1", "Điểm không được âm."),
        ("17,3", "Điểm phải là bội số của 0,5."),
        ("mười", "Điểm phải là một số, ví dụ 8 hoặc 8,5."),
    ],
)
def test_out_of_bounds_or_off_step_values_are_refused_per_criterion(round_, judge, entry, assigned, raw, message):
    c = assigned
    with pytest.raises(sheets.SheetInvalid) as error:
        _save(round_, judge, entry, {c["sang_tao"].pk: raw, c["hieu_qua"].pk: "20"})
    assert error.value.errors == {c["sang_tao"].pk: [message]}
    # All or nothing: the valid value beside it was not saved either.
    assert not Score.objects.exists()


def test_quarter_step_is_honoured(round_, judge, entry, assigned):
    sheet = _save(round_, judge, entry, {assigned["ho_so"].pk: "4,75"})
    assert _values(sheet) == {"ho_so": Decimal("4.75")}


def test_a_criterion_of_another_rubric_or_the_secretariat_is_refused(round_, judge, entry, assigned, contest):
    secretariat_only = round_.rubrics.get().criteria.get(code="trac_nghiem")
    with pytest.raises(DomainError, match="Tiêu chí không thuộc phiếu chấm này."):
        _save(round_, judge, entry, {secretariat_only.pk: "5"})


def test_saving_again_updates_clears_and_keeps_one_sheet(round_, judge, entry, assigned):
    c = assigned
    _save(round_, judge, entry, {c["sang_tao"].pk: "18", c["hieu_qua"].pk: "20"}, comments={c["sang_tao"].pk: "Tốt"})
    _save(round_, judge, entry, {c["sang_tao"].pk: "19", c["hieu_qua"].pk: ""}, sheet_comment="Mô hình hay")
    _save(round_, judge, entry, {c["sang_tao"].pk: "19"})
    sheet = ScoreSheet.objects.get()
    assert _values(sheet) == {"sang_tao": Decimal("19")}
    assert sheet.scores.get().comment == "Tốt"
    assert sheet.comment == "Mô hình hay"


def test_a_comment_without_a_score_is_refused(round_, judge, entry, assigned):
    with pytest.raises(sheets.SheetInvalid) as error:
        _save(round_, judge, entry, {assigned["sang_tao"].pk: ""}, comments={assigned["sang_tao"].pk: "Hay"})
    assert error.value.errors == {assigned["sang_tao"].pk: ["Hãy nhập điểm để lưu ghi chú của tiêu chí này."]}


def test_double_save_makes_one_sheet(round_, judge, entry, assigned):
    for _ in range(3):
        _save(round_, judge, entry, {assigned["sang_tao"].pk: "18"})
    assert ScoreSheet.objects.count() == 1
    assert Score.objects.count() == 1


def test_two_judges_saving_the_same_entry_both_persist(round_, judge, entry, assigned):
    other = make_judge("giamkhao2", full_name="Đỗ Thị Giang")
    assign(round_, other, entry)
    c = assigned
    _save(round_, judge, entry, {c["sang_tao"].pk: "18"})
    _save(round_, other, entry, {c["sang_tao"].pk: "15"})
    _save(round_, judge, entry, {c["hieu_qua"].pk: "22"})
    by_judge = {s.judge_id: _values(s) for s in ScoreSheet.objects.all()}
    assert by_judge == {
        judge.pk: {"sang_tao": Decimal("18"), "hieu_qua": Decimal("22")},
        other.pk: {"sang_tao": Decimal("15")},
    }


def test_submit_needs_every_counting_jury_criterion(round_, judge, entry, assigned):
    c = assigned
    _save(round_, judge, entry, {c["sang_tao"].pk: "18"})
    with pytest.raises(sheets.SheetInvalid) as error:
        sheets.submit_sheet(judge=judge, round=round_, entry=entry, by=judge)
    assert error.value.message == "Chưa thể nộp: còn 2 tiêu chí chưa có điểm."
    assert set(error.value.errors) == {c["hieu_qua"].pk, c["ho_so"].pk}
    assert ScoreSheet.objects.get().status == SheetStatus.DRAFT


def test_submit_locks_the_sheet(round_, judge, entry, assigned):
    c = assigned
    values = {c["sang_tao"].pk: "18", c["hieu_qua"].pk: "22,5", c["ho_so"].pk: "4"}
    sheet = sheets.submit_sheet(judge=judge, round=round_, entry=entry, by=judge, values=values, comments={})
    assert sheet.status == SheetStatus.SUBMITTED
    assert sheet.submitted_at is not None
    with pytest.raises(InvalidTransition, match="Phiếu chấm đã nộp nên không thể sửa"):
        _save(round_, judge, entry, {c["sang_tao"].pk: "20"})
    with pytest.raises(InvalidTransition):
        sheets.submit_sheet(judge=judge, round=round_, entry=entry, by=judge)
    assert _values(ScoreSheet.objects.get())["sang_tao"] == Decimal("18")


def test_an_unassigned_judge_is_refused(round_, entry, assigned):
    stranger = make_judge("nguoila")
    with pytest.raises(sheets.NotAssigned, match="Bạn không được phân công chấm hồ sơ này."):
        _save(round_, stranger, entry, {assigned["sang_tao"].pk: "18"})
    assert not ScoreSheet.objects.exists()


def test_a_declared_conflict_is_refused(round_, judge, entry, assigned, organiser):
    Conflict.objects.create(
        round=round_, judge=judge, entry=entry, kind=ConflictKind.DECLARED, reason="Người thân", recorded_by=organiser
    )
    with pytest.raises(sheets.NotAssigned, match="xung đột lợi ích"):
        _save(round_, judge, entry, {assigned["sang_tao"].pk: "18"})


@pytest.mark.parametrize("relation", ["own", "parent", "child"])
def test_an_automatic_conflict_is_refused(round_, contest, relation):
    parent = UnitFactory(name="Đảng ủy tỉnh")
    child = UnitFactory(name="Chi bộ Tổ dân phố 12", parent=parent)
    judge_unit, entry_unit = {"own": (child, child), "parent": (child, parent), "child": (parent, child)}[relation]
    judge = make_judge("giamkhao-xd", unit=judge_unit)
    entry = EntryFactory(contest=contest, unit=entry_unit)
    assign(round_, judge, entry)
    with pytest.raises(sheets.NotAssigned):
        _save(round_, judge, entry, {criteria(round_)["sang_tao"].pk: "18"})


def test_nothing_can_be_saved_after_the_scoring_deadline(contest, judge, entry):
    round_ = make_round(contest, scoring_deadline=timezone.now() - dt.timedelta(minutes=1))
    assign(round_, judge, entry)
    with pytest.raises(DeadlinePassed, match="Đã hết hạn chấm"):
        _save(round_, judge, entry, {criteria(round_)["sang_tao"].pk: "18"})


def test_reopen_needs_an_organiser_and_a_reason(round_, judge, entry, assigned, organiser, secretariat):
    c = assigned
    values = {c["sang_tao"].pk: "18", c["hieu_qua"].pk: "22", c["ho_so"].pk: "4"}
    sheet = sheets.submit_sheet(judge=judge, round=round_, entry=entry, by=judge, values=values)
    for user in (judge, secretariat):
        with pytest.raises(DomainError, match="Chỉ Ban Tổ chức"):
            sheets.reopen_sheet(sheet=sheet, by=user, reason="Sai điểm")
    with pytest.raises(DomainError, match="Hãy ghi lý do"):
        sheets.reopen_sheet(sheet=sheet, by=organiser, reason="  ")
    sheet = sheets.reopen_sheet(sheet=sheet, by=organiser, reason="Giám khảo báo nhập nhầm tiêu chí 2")
    assert sheet.status == SheetStatus.DRAFT and sheet.submitted_at is None
    _save(round_, judge, entry, {c["hieu_qua"].pk: "23"})
    assert _values(ScoreSheet.objects.get())["hieu_qua"] == Decimal("23")
    with pytest.raises(InvalidTransition):
        sheets.reopen_sheet(sheet=sheet, by=organiser, reason="Lần nữa")


def test_every_change_is_in_the_audit_chain(round_, judge, entry, assigned, organiser):
    c = assigned
    _save(round_, judge, entry, {c["sang_tao"].pk: "18"}, ip="203.0.113.5")
    _save(round_, judge, entry, {c["sang_tao"].pk: "18"})  # nothing changed: nothing recorded
    _save(round_, judge, entry, {c["sang_tao"].pk: "19,5", c["hieu_qua"].pk: "22"})
    sheet = sheets.submit_sheet(judge=judge, round=round_, entry=entry, by=judge, values={c["ho_so"].pk: "5"})
    sheets.reopen_sheet(sheet=sheet, by=organiser, reason="Nhầm")
    records = list(AuditRecord.objects.filter(object_type="contest.scoresheet"))
    assert [r.action for r in records] == [
        "score.create",
        "score.change",
        "score.change",
        "score.submit",
        "score.reopen",
    ]
    assert (records[0].old, records[0].new, records[0].ip) == ({"sang_tao": None}, {"sang_tao": "18.00"}, "203.0.113.5")
    assert records[1].old == {"sang_tao": "18.00", "hieu_qua": None}
    assert records[1].new == {"sang_tao": "19.50", "hieu_qua": "22.00"}
    assert records[3].new == {"sang_tao": "19.50", "hieu_qua": "22.00", "ho_so": "5.00", "_total": "46.50"}
    assert records[4].reason == "Nhầm" and records[4].actor == organiser
    assert all(r.round_id == round_.pk and r.object_id == str(sheet.pk) for r in records)
    assert audit.verify_chain() == []


def test_the_field_rubric_wins_over_the_general_one(round_, contest, entry):
    general = round_.rubrics.get()
    special = Rubric.objects.create(round=round_, field=entry.field, name="Riêng lĩnh vực")
    other_field = contest.fields.exclude(pk=entry.field_id).first()
    Rubric.objects.create(round=round_, field=other_field, name="Lĩnh vực khác")
    assert sheets.rubrics_for(round=round_, entry=entry) == [special]
    entry.field = None
    assert sheets.rubrics_for(round=round_, entry=entry) == [general]


def test_a_hoi_thi_sheet_spans_every_part_in_order(contest, entry):
    round_ = make_round(contest)
    round_.rubrics.update(part="Chào hỏi", order=1)
    knowledge = Rubric.objects.create(round=round_, part="Kiến thức", name="Kiến thức", order=2)
    sketch_general = Rubric.objects.create(round=round_, part="Tiểu phẩm", name="Tiểu phẩm", order=3)
    sketch_field = Rubric.objects.create(round=round_, part="Tiểu phẩm", field=entry.field, name="TP riêng", order=3)
    parts = sheets.rubrics_for(round=round_, entry=entry)
    assert [r.part for r in parts] == ["Chào hỏi", "Kiến thức", "Tiểu phẩm"]
    assert knowledge in parts and sketch_field in parts and sketch_general not in parts


# Skipped at collection on SQLite (its in-memory test database is not shared between threads),
# so that no transactional flush happens there for nothing.
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="needs PostgreSQL (DATABASE_URL)"
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_make_one_sheet_per_judge_and_lose_nothing(contest, entry):
    """Real threads on PostgreSQL: a double click (same judge twice) and two judges at once."""
    import threading

    from django.db import connections

    round_ = make_round(contest)
    first, second = make_judge("mot"), make_judge("hai")
    assign(round_, first, entry)
    assign(round_, second, entry)
    c = criteria(round_)
    jobs = [(first, "18"), (first, "18"), (second, "15"), (second, "15")]
    barrier, failures = threading.Barrier(len(jobs)), []

    def work(judge, value):
        try:
            barrier.wait()
            _save(round_, judge, entry, {c["sang_tao"].pk: value})
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert {s.judge_id: _values(s) for s in ScoreSheet.objects.all()} == {
        first.pk: {"sang_tao": Decimal("18")},
        second.pk: {"sang_tao": Decimal("15")},
    }
    assert audit.verify_chain() == []
