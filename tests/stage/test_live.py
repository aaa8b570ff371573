"""On stage: the console moves teams through their turns and the judges' tablets send scores into
the round's own sheets, exactly once, refused clearly when the performance is not open, kept aside
when it was locked meanwhile; at the end of the day the sheets are submitted and the round's
results freeze as usual."""

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.core import audit
from contest.core.errors import DomainError, InvalidTransition
from contest.judging.enums import SheetKind, SheetStatus
from contest.judging.models import Conflict, Criterion, Score, ScoreSheet
from contest.results import tabulation
from contest.results.models import PrizeTier
from contest.results.services import snapshots
from contest.stage.enums import PartKind, PerformanceState, Screen, SubmissionOutcome
from contest.stage.models import LiveSubmission, StagePerformance, StageProgramme, StageQuestion
from contest.stage.services import draws, live, quiz
from contest.stage.services.programme import jury_criteria
from tests.factories.stage import make_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(organiser):
    programme, teams, jury = make_day(organiser)
    draws.run(draw=draws.commit(programme=programme, by=organiser), by=organiser)
    return programme, teams, jury


def _first(programme, name="Chào hỏi"):
    return StagePerformance.objects.get(part__programme=programme, part__name=name, position=1)


def _values(performance, value="15"):
    return {str(c.pk): value for c in jury_criteria(performance.part)}


def _open(performance, by):
    live.call(performance=performance, by=by)
    return live.open_scoring(performance=performance, by=by)


def test_calling_a_team_puts_it_on_the_projector_with_a_server_timer(day, organiser):
    programme, _teams, _jury = day
    performance = _first(programme)
    live.call(performance=performance, by=organiser)
    programme.refresh_from_db()
    assert programme.current == performance and programme.screen == Screen.STAGE
    live.timer(performance=performance, by=organiser, command="start")
    with pytest.raises(InvalidTransition, match="đang chạy"):
        live.timer(performance=performance, by=organiser, command="start")
    StagePerformance.objects.filter(pk=performance.pk).update(
        timer_started_at=timezone.now() - dt.timedelta(seconds=90)
    )
    live.timer(performance=performance, by=organiser, command="pause")
    performance.refresh_from_db()
    assert performance.timer_started_at is None
    assert 90_000 <= performance.timer_elapsed_ms < 100_000
    with pytest.raises(InvalidTransition, match="đang dừng"):
        live.timer(performance=performance, by=organiser, command="pause")


def test_a_judge_submits_once_per_key_into_the_rounds_sheet(day, organiser):
    programme, teams, jury = day
    performance = _open(_first(programme), organiser)
    key = uuid.uuid4()
    first = live.submit(performance=performance, judge=jury[1], values=_values(performance, "17,5"), key=key)
    # The tablet never heard the answer and sends the same entry again: nothing more is written.
    again = live.submit(performance=performance, judge=jury[1], values=_values(performance, "17,5"), key=key)
    assert again.pk == first.pk and first.outcome == SubmissionOutcome.ACCEPTED
    assert LiveSubmission.objects.count() == 1
    sheet = ScoreSheet.objects.get(round=programme.round, judge=jury[1], entry=performance.round_entry.entry)
    assert sheet.kind == SheetKind.JURY and sheet.status == SheetStatus.DRAFT
    assert [s.value for s in sheet.scores.all()] == [Decimal("17.50")]
    assert audit.verify_chain() == []
    # A correction with a new key replaces the value (the judge may correct until the lock).
    live.submit(performance=performance, judge=jury[1], values=_values(performance, "18"), key=uuid.uuid4())
    assert [s.value for s in sheet.scores.all()] == [Decimal("18.00")]


def test_a_submission_for_a_performance_that_is_not_open_is_refused(day, organiser):
    programme, _teams, jury = day
    performance = _first(programme)
    with pytest.raises(live.LiveRefused, match="chưa mở chấm"):
        live.submit(performance=performance, judge=jury[1], values=_values(performance), key=uuid.uuid4())
    assert not Score.objects.exists()


def test_values_arriving_after_the_lock_are_kept_aside_and_taken_on_reopen(day, organiser):
    programme, _teams, jury = day
    performance = _open(_first(programme), organiser)
    head = jury[0]
    live.lock(performance=performance, by=head)
    late = live.submit(performance=performance, judge=jury[2], values=_values(performance, "12"), key=uuid.uuid4())
    assert late.outcome == SubmissionOutcome.LATE
    assert not Score.objects.filter(sheet__judge=jury[2]).exists()
    with pytest.raises(DomainError, match="Trưởng Ban Giám khảo"):
        live.reopen(performance=performance, by=jury[1], reason="Xem lại")
    with pytest.raises(DomainError, match="lý do"):
        live.reopen(performance=performance, by=head, reason="  ")
    live.reopen(performance=performance, by=head, reason="Giám khảo 3 mất mạng lúc khóa")
    assert Score.objects.get(sheet__judge=jury[2]).value == Decimal("12.00")
    late.refresh_from_db()
    assert late.outcome == SubmissionOutcome.ACCEPTED


def test_invalid_values_are_refused_per_criterion_and_nothing_is_saved(day, organiser):
    programme, _teams, jury = day
    performance = _open(StagePerformance.objects.get(part__name="Tiểu phẩm", position=1), organiser)
    values = _values(performance, "5")
    kich_ban = Criterion.objects.get(rubric=performance.part.rubric, code="kich_ban")
    values[str(kich_ban.pk)] = "25"
    with pytest.raises(live.LiveRefused) as refused:
        live.submit(performance=performance, judge=jury[1], values=values, key=uuid.uuid4())
    assert kich_ban.pk in refused.value.errors
    del values[str(kich_ban.pk)]
    with pytest.raises(live.LiveRefused, match="1 tiêu chí chưa có điểm"):
        live.submit(performance=performance, judge=jury[1], values=values, key=uuid.uuid4())
    assert not Score.objects.exists() and not LiveSubmission.objects.exists()


def test_a_judge_from_the_teams_unit_never_scores_it(day, organiser):
    programme, _teams, jury = day
    performance = _open(_first(programme), organiser)
    Conflict.objects.create(
        round=programme.round, judge=jury[2], entry=performance.round_entry.entry, kind="declared", reason="Cùng đơn vị"
    )
    with pytest.raises(live.LiveRefused, match="xung đột"):
        live.submit(performance=performance, judge=jury[2], values=_values(performance), key=uuid.uuid4())


def test_absent_team_and_undo_of_the_last_step(day, organiser):
    programme, _teams, _jury = day
    performance = _first(programme)
    with pytest.raises(DomainError, match="lý do vắng"):
        live.mark_absent(performance=performance, by=organiser, reason="")
    live.mark_absent(performance=performance, by=organiser, reason="Đội đến muộn do tắc đường")
    following = live.next_performance(StageProgramme.objects.get(pk=programme.pk))
    assert following.position == 2
    live.undo_last(programme=programme, by=organiser, reason="Đội đã đến")
    performance.refresh_from_db()
    assert performance.state == PerformanceState.WAITING and performance.absent_reason == ""
    live.call(performance=performance, by=organiser)
    live.undo_last(programme=programme, by=organiser, reason="Gọi nhầm đội")
    performance.refresh_from_db()
    assert performance.state == PerformanceState.WAITING
    assert StageProgramme.objects.get(pk=programme.pk).current_id is None


def _score_everything(programme, jury, organiser, value="4"):
    for performance in StagePerformance.objects.filter(part__programme=programme).order_by("part__order", "position"):
        _open(performance, organiser)
        for judge in jury:
            live.submit(performance=performance, judge=judge, values=_values(performance, value), key=uuid.uuid4())
        live.lock(performance=performance, by=organiser)


def _quiz(programme, teams, organiser):
    part = programme.parts.get(kind=PartKind.QUIZ)
    questions = [
        StageQuestion.objects.create(
            part=part, number=n, text=f"Câu {n}", option_a="Một", option_b="Hai", option_c="Ba", answer="A"
        )
        for n in range(1, 4)
    ]
    for question in questions:
        quiz.show(question=question, by=organiser)
        quiz.save_answers(
            question=question, answers={teams[0].pk: "A", teams[1].pk: "B", teams[2].pk: ""}, by=organiser
        )
        quiz.close(question=question, by=organiser)
    return part


def test_quiz_boards_are_scored_against_the_key_into_the_secretariat_sheet(day, organiser, secretariat):
    programme, teams, _jury = day
    _quiz(programme, teams, organiser)
    criterion = Criterion.objects.get(rubric__round=programme.round, code="trac_nghiem")
    sheet = ScoreSheet.objects.get(round=programme.round, entry=teams[0].entry, kind=SheetKind.SECRETARIAT)
    assert sheet.scores.get(criterion=criterion).value == Decimal("6.00")  # 3 × 2 points
    other = ScoreSheet.objects.get(round=programme.round, entry=teams[1].entry, kind=SheetKind.SECRETARIAT)
    assert other.scores.get(criterion=criterion).value == Decimal("0.00")
    with pytest.raises(DomainError, match="«E»"):
        quiz.save_answers(question=StageQuestion.objects.first(), answers={teams[0].pk: "E"}, by=secretariat)


def test_finishing_the_day_submits_the_sheets_and_the_round_freezes(day, organiser):
    programme, teams, jury = day
    PrizeTier.objects.create(round=programme.round, code="nhat", name="Giải Nhất", quota=1)
    _quiz(programme, teams, organiser)
    with pytest.raises(InvalidTransition, match="chưa khóa"):
        live.finish_day(programme=programme, by=organiser)
    _score_everything(programme, jury, organiser)
    submitted = live.finish_day(programme=programme, by=organiser)
    assert submitted == 9  # 3 judges × 3 teams
    table = tabulation.tabulate(programme.round)
    scores = {row.entry_id: row.score for row in table.rows}
    # Every judge gave 4 on every jury criterion: 4 (chào hỏi) + 4 (situation) + 5 × 4 (skit), plus
    # the quiz: 3 correct × 2 points for the first team, none for the others.
    assert scores[teams[0].entry_id] == Decimal("34.00")
    assert scores[teams[1].entry_id] == scores[teams[2].entry_id] == Decimal("28.00")
    snapshot = snapshots.freeze(round=programme.round, by=organiser)
    assert snapshot.rows.count() == 3


def test_the_tablet_endpoint_answers_each_case_with_a_clear_status(client, day, organiser):
    programme, _teams, jury = day
    performance = _first(programme)
    client.force_login(jury[1])
    url = reverse("stage:tablet-submit", args=[programme.round_id])

    def post(key, values):
        body = {"performance": performance.pk, "values": values, "key": str(key), "typed_at": 0}
        return client.post(url, json.dumps(body), content_type="application/json")

    closed = post(uuid.uuid4(), _values(performance))
    assert closed.status_code == 409 and "chưa mở chấm" in closed.json()["message"]
    _open(performance, organiser)
    state = client.get(reverse("stage:tablet-state", args=[programme.round_id])).json()
    assert [p["id"] for p in state["performances"]] == [performance.pk]
    assert state["performances"][0]["criteria"][0]["max"] == "20"
    bad = post(uuid.uuid4(), dict.fromkeys(_values(performance), "abc"))
    assert bad.status_code == 422 and bad.json()["errors"]
    key = uuid.uuid4()
    ok = post(key, _values(performance, "16,5"))
    assert ok.status_code == 200 and ok.json()["outcome"] == "accepted"
    assert post(key, _values(performance, "16,5")).status_code == 200
    assert LiveSubmission.objects.filter(outcome="accepted").count() == 1
    state = client.get(reverse("stage:tablet-state", args=[programme.round_id])).json()
    assert state["performances"][0]["submitted"] is True
    assert list(state["performances"][0]["values"].values()) == ["16,5"]
    live.lock(performance=performance, by=organiser)
    late = post(uuid.uuid4(), _values(performance, "17"))
    assert late.status_code == 409 and late.json()["outcome"] == "late"


def test_the_head_judge_locks_from_the_tablet_and_another_judge_cannot(client, day, organiser):
    programme, _teams, jury = day
    performance = _open(_first(programme), organiser)
    url = reverse("stage:tablet-lock", args=[programme.round_id])
    client.force_login(jury[1])
    refused = client.post(url, json.dumps({"performance": performance.pk}), content_type="application/json")
    assert refused.status_code == 409
    client.force_login(jury[0])
    done = client.post(url, json.dumps({"performance": performance.pk}), content_type="application/json")
    assert done.status_code == 200
    assert StagePerformance.objects.get(pk=performance.pk).state == PerformanceState.LOCKED


def test_the_console_runs_a_turn(client, day, secretariat, organiser):
    programme, _teams, _jury = day
    performance = _first(programme)
    console = reverse("contest_stage:console", args=[programme.round_id])
    client.force_login(secretariat)
    assert client.get(console).status_code == 200
    client.post(console, {"action": "next"})
    client.post(console, {"action": "timer", "performance": performance.pk, "command": "start"})
    response = client.post(console, {"action": "timer", "performance": performance.pk, "command": "start"}, follow=True)
    assert "Đồng hồ đang chạy rồi." in response.content.decode()
    client.post(console, {"action": "open", "performance": performance.pk})
    assert StagePerformance.objects.get(pk=performance.pk).state == PerformanceState.SCORING
    # Locking is for the head judge or an organiser, ending the day for organisers.
    assert client.post(console, {"action": "lock", "performance": performance.pk}).status_code == 403
    assert client.post(console, {"action": "finish"}).status_code == 403
    client.force_login(organiser)
    client.post(console, {"action": "lock", "performance": performance.pk})
    assert StagePerformance.objects.get(pk=performance.pk).state == PerformanceState.LOCKED
    page = client.get(console).content.decode()
    assert "Mở lại điểm" in page


def test_a_judge_outside_the_jury_learns_nothing_about_the_day(client, day):
    from tests.factories import UserFactory

    programme, _teams, _jury = day
    outsider = UserFactory(roles=["judge"])
    client.force_login(outsider)
    for name in ("stage:tablet", "stage:tablet-state"):
        assert client.get(reverse(name, args=[programme.round_id])).status_code == 404
    response = client.post(
        reverse("stage:tablet-submit", args=[programme.round_id]),
        json.dumps({"performance": _first(programme).pk, "values": {}, "key": str(uuid.uuid4())}),
        content_type="application/json",
    )
    assert response.status_code == 404
