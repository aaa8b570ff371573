"""The draw on the day: committed then drawn in the app, or recorded from paper slips; a redo needs
a reason and keeps the first; every step is in the audit chain; the projector shows the digest
before and the seed after."""

import pytest
from django.urls import reverse

from contest.core import audit
from contest.core.errors import DomainError, InvalidTransition
from contest.core.models import AuditRecord
from contest.stage import drawing
from contest.stage.enums import DrawMethod, DrawState, PartKind, PerformanceState, Screen
from contest.stage.models import StageDraw, StagePerformance, StageQuestion
from contest.stage.services import draws
from tests.factories.stage import make_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(organiser):
    programme, teams, jury = make_day(organiser)
    return programme, teams, jury


def _order(programme):
    part = programme.parts.filter(kind=PartKind.TEAM).order_by("order").first()
    return [p.round_entry.code for p in StagePerformance.objects.filter(part=part).order_by("position")]


def test_an_app_draw_is_committed_then_drawn_and_replays_from_the_revealed_seed(day, organiser):
    programme, teams, _jury = day
    draw = draws.commit(programme=programme, by=organiser)
    assert draw.state == DrawState.COMMITTED and draw.outcome is None
    assert draw.seed_digest == drawing.digest(draw.seed)
    assert StagePerformance.objects.count() == 0
    draws.run(draw=draw, by=organiser)
    draw.refresh_from_db()
    assert draw.state == DrawState.DONE
    assert draw.outcome == drawing.draw_order(draw.seed, [t.code for t in teams])
    # Every team part follows the drawn order; the quiz part has no performances.
    team_parts = programme.parts.filter(kind=PartKind.TEAM)
    for part in team_parts:
        order = [p.round_entry.code for p in part.performances.order_by("position")]
        assert order == draw.outcome
    assert not StagePerformance.objects.filter(part__kind=PartKind.QUIZ).exists()
    actions = list(AuditRecord.objects.filter(object_type="contest.stagedraw").values_list("action", flat=True))
    assert actions == ["stage.draw_commit", "stage.draw"]
    assert audit.verify_chain() == []


def test_a_double_click_on_draw_draws_once(day, organiser):
    programme, _teams, _jury = day
    draw = draws.commit(programme=programme, by=organiser)
    draws.run(draw=draw, by=organiser)
    outcome = StageDraw.objects.get(pk=draw.pk).outcome
    draws.run(draw=draw, by=organiser)
    assert StageDraw.objects.get(pk=draw.pk).outcome == outcome
    assert AuditRecord.objects.filter(action="stage.draw").count() == 1


def test_a_redo_needs_a_reason_and_keeps_the_first_draw(day, organiser):
    programme, _teams, _jury = day
    first = draws.commit(programme=programme, by=organiser)
    draws.run(draw=first, by=organiser)
    with pytest.raises(DomainError, match="ghi lý do"):
        draws.commit(programme=programme, by=organiser)
    second = draws.commit(programme=programme, by=organiser, reason="Bấm nhầm trước khi MC giới thiệu")
    first.refresh_from_db()
    assert first.state == DrawState.SUPERSEDED and first.reason == "Bấm nhầm trước khi MC giới thiệu"
    assert first.outcome is not None
    with pytest.raises(InvalidTransition):
        draws.run(draw=first, by=organiser)
    draws.run(draw=second, by=organiser)
    assert draws.live_draw(programme=programme) == second
    assert AuditRecord.objects.filter(action="stage.draw_redo", reason__startswith="Bấm nhầm").count() == 1


def test_the_order_cannot_be_drawn_again_once_a_team_has_been_on_stage(day, organiser):
    programme, _teams, _jury = day
    draws.run(draw=draws.commit(programme=programme, by=organiser), by=organiser)
    StagePerformance.objects.filter(position=1).update(state=PerformanceState.LOCKED)
    with pytest.raises(InvalidTransition, match="không thể bốc thăm lại"):
        draws.commit(programme=programme, by=organiser, reason="Muốn bốc lại")
    assert StageDraw.objects.filter(state=DrawState.DONE).count() == 1


def test_slips_are_recorded_and_checked(day, secretariat):
    programme, teams, _jury = day
    codes = [t.code for t in teams]
    with pytest.raises(DomainError, match="từ 1 đến 3"):
        draws.record_slips(programme=programme, outcome={codes[0]: 1, codes[1]: 1, codes[2]: 2}, by=secretariat)
    with pytest.raises(DomainError, match="đội số"):
        draws.record_slips(programme=programme, outcome={codes[0]: 1, codes[1]: 2}, by=secretariat)
    draw = draws.record_slips(
        programme=programme, outcome={codes[0]: "3", codes[1]: "1", codes[2]: "2"}, by=secretariat
    )
    assert draw.method == DrawMethod.SLIPS and draw.state == DrawState.DONE
    assert _order(programme) == [codes[1], codes[2], codes[0]]


def test_question_sets_are_drawn_after_the_order_among_the_sets_of_the_bank(day, organiser):
    programme, teams, _jury = day
    situation = programme.parts.get(draws_questions=True)
    with pytest.raises(DomainError, match="chưa có câu hỏi"):
        draws.commit(programme=programme, part=situation, by=organiser)
    for number in (1, 2, 3):
        StageQuestion.objects.create(part=situation, set_number=number, number=1, text=f"Tình huống {number}")
    with pytest.raises(DomainError, match="thứ tự thi trước"):
        draws.commit(programme=programme, part=situation, by=organiser)
    draws.run(draw=draws.commit(programme=programme, by=organiser), by=organiser)
    draw = draws.run(draw=draws.commit(programme=programme, part=situation, by=organiser), by=organiser)
    sets = dict(StagePerformance.objects.filter(part=situation).values_list("round_entry__code", "question_set"))
    assert {str(k): v for k, v in sets.items()} == draw.outcome
    assert sorted(sets.values()) == [1, 2, 3]
    with pytest.raises(DomainError, match="bộ câu hỏi số 7"):
        draws.record_slips(
            programme=programme,
            part=situation,
            outcome={t.code: 7 for t in teams},
            by=organiser,
            reason="Bốc lại bằng phiếu",
        )


def test_the_projector_shows_the_digest_before_and_the_seed_after(client, day, organiser):
    programme, _teams, _jury = day
    client.force_login(organiser)
    console = reverse("contest_stage:console", args=[programme.round_id])
    response = client.post(console, {"action": "draw_commit", "part": ""})
    assert response.status_code == 302
    draw = StageDraw.objects.get()
    programme.refresh_from_db()
    assert programme.screen == Screen.DRAW
    state_url = reverse("stage:projector-state", args=[programme.round_id])
    before = client.get(state_url)
    assert before.status_code == 200
    state = before.json()
    assert state["draw"]["digest"] == draw.seed_digest
    assert state["draw"]["seed"] == "" and state["draw"]["rows"] == []
    assert draw.seed not in before.content.decode()
    # Nothing changed: 304 for the same ETag.
    again = client.get(state_url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert again.status_code == 304
    client.post(console, {"action": "draw_run", "draw": draw.pk})
    after = client.get(state_url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["draw"]["seed"] == StageDraw.objects.get().seed
    assert [row["place"] for row in after.json()["draw"]["rows"]] == [1, 2, 3]
    page = client.get(reverse("stage:projector", args=[programme.round_id]))
    assert page.status_code == 200
    assert b"<script>" not in page.content  # CSP: scripts come from static files only


def test_the_console_reports_a_redo_without_reason(client, day, secretariat):
    programme, _teams, _jury = day
    client.force_login(secretariat)
    console = reverse("contest_stage:console", args=[programme.round_id])
    client.post(console, {"action": "draw_commit"})
    response = client.post(console, {"action": "draw_commit"}, follow=True)
    assert "hãy ghi lý do" in response.content.decode()
    assert StageDraw.objects.count() == 1
    assert client.get(console).status_code == 200
