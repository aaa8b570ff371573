"""The scoreboard and the reveal: nothing reaches the projector or the public page before the
organisers release it; the reveal goes prize by prize from the lowest, from the frozen result."""

from decimal import Decimal

import pytest
from django.urls import reverse

from contest.core.errors import DomainError, InvalidTransition
from contest.results.models import PrizeTier, ResultsPolicy
from contest.results.services import snapshots
from contest.stage.enums import PartKind, Scoreboard, Screen
from contest.stage.models import StageProgramme
from contest.stage.services import board, draws, live
from tests.factories.stage import make_day
from tests.stage.test_live import _quiz, _score_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored_day(organiser):
    programme, teams, jury = make_day(organiser)
    draws.run(draw=draws.commit(programme=programme, by=organiser), by=organiser)
    _quiz(programme, teams, organiser)
    _score_everything(programme, jury, organiser)
    return StageProgramme.objects.get(pk=programme.pk), teams, jury


def _state(client, programme, name="stage:projector-state"):
    return client.get(reverse(name, args=[programme.round_id])).json()


def test_the_scoreboard_shows_only_released_parts_and_never_the_total_early(client, scored_day, organiser):
    programme, _teams, _jury = scored_day
    client.force_login(organiser)
    board.set_screen(programme=programme, screen=Screen.BOARD, by=organiser)
    state = _state(client, programme)
    assert state["board"] == {"parts": [], "show_total": False, "rows": []}
    chao_hoi = programme.parts.get(name="Chào hỏi")
    board.release_part(part=chao_hoi, by=organiser)
    state = _state(client, programme)
    assert state["board"]["parts"] == ["Chào hỏi"]
    assert [row["scores"] for row in state["board"]["rows"]] == [["4,00"]] * 3
    assert all(row["total"] is None for row in state["board"]["rows"])
    # The quiz's points (6,00 for the first team) are nowhere in the answer before their release.
    assert "6,00" not in str(state) and "34,00" not in str(state)
    board.release_totals(programme=programme, by=organiser)
    state = _state(client, programme)
    assert state["board"]["show_total"] is True
    assert state["board"]["rows"][0]["total"] == "34,00"
    assert len(state["board"]["parts"]) == 4


def test_a_programme_released_only_at_the_end_refuses_part_releases(scored_day, organiser):
    programme, _teams, _jury = scored_day
    StageProgramme.objects.filter(pk=programme.pk).update(scoreboard=Scoreboard.AT_END)
    with pytest.raises(DomainError, match="khi kết thúc"):
        board.release_part(part=programme.parts.first(), by=organiser)


def _prizes(round_):
    ResultsPolicy.objects.create(round=round_, min_prize_score=Decimal(0))
    PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1, order=1)
    PrizeTier.objects.create(round=round_, code="nhi", name="Giải Nhì", quota=1, order=2)
    PrizeTier.objects.create(round=round_, code="kk", name="Giải Khuyến khích", quota=1, order=3)
    PrizeTier.objects.create(round=round_, code="chao-hoi", name="Phần chào hỏi xuất sắc", quota=1, part="Chào hỏi")


def test_the_reveal_goes_from_side_prizes_and_the_lowest_tier_up_to_the_first(client, scored_day, organiser):
    programme, teams, _jury = scored_day
    _prizes(programme.round)
    with pytest.raises(InvalidTransition, match="chốt kết quả"):
        board.reveal_next(programme=programme, by=organiser)
    board.save_audience(
        programme=programme, counts={teams[0].pk: "120", teams[1].pk: "1.045", teams[2].pk: ""}, by=organiser
    )
    live.finish_day(programme=programme, by=organiser)
    snapshots.freeze(round=programme.round, by=organiser)
    names = [step["name"] for step in board.reveal_steps(StageProgramme.objects.get(pk=programme.pk))]
    assert names[0] == "Phần chào hỏi xuất sắc"
    assert names[1] == board.AUDIENCE_PRIZE
    assert names[-1] == "Giải Nhất"
    # The two other teams tie for the second place: a shared Giải Nhì, so no Khuyến khích is left.
    assert names[2:] == ["Giải Nhì", "Giải Nhất"]
    client.force_login(organiser)
    seen = []
    for _step in names:
        board.reveal_next(programme=StageProgramme.objects.get(pk=programme.pk), by=organiser)
        shown = _state(client, programme)["reveal"]["prizes"]
        seen.append([p["name"] for p in shown])
    assert seen == [names[: i + 1] for i in range(len(names))]
    audience = board.reveal(StageProgramme.objects.get(pk=programme.pk))["prizes"][1]
    assert audience["teams"] == [{"team": teams[1].entry.unit.name, "score": ""}]
    with pytest.raises(InvalidTransition, match="hết các giải"):
        board.reveal_next(programme=StageProgramme.objects.get(pk=programme.pk), by=organiser)


def test_the_public_live_page_exists_only_when_opted_in_and_mirrors_what_was_released(client, scored_day, organiser):
    programme, _teams, _jury = scored_day
    page = reverse("stage:live", args=[programme.round_id])
    assert client.get(page).status_code == 404
    StageProgramme.objects.filter(pk=programme.pk).update(public_live=True)
    response = client.get(page)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" not in response.content
    state = client.get(reverse("stage:live-state", args=[programme.round_id]))
    assert state.json()["board"]["rows"] == []
    assert "draw" not in state.json() and "stage" not in state.json()
    assert (
        client.get(reverse("stage:live-state", args=[programme.round_id]), HTTP_IF_NONE_MATCH=state["ETag"]).status_code
        == 304
    )
    board.release_part(part=programme.parts.get(kind=PartKind.QUIZ), by=organiser)
    fresh = client.get(reverse("stage:live-state", args=[programme.round_id]), HTTP_IF_NONE_MATCH=state["ETag"])
    assert fresh.status_code == 200
    assert fresh.json()["board"]["parts"] == ["Kiến thức – trắc nghiệm"]
    assert "4,00" not in fresh.content.decode()  # the jury parts are not released


def test_the_console_releases_and_reveals_and_the_secretariat_cannot(client, scored_day, organiser, secretariat):
    programme, _teams, _jury = scored_day
    console = reverse("contest_stage:console", args=[programme.round_id])
    part = programme.parts.get(name="Chào hỏi")
    client.force_login(secretariat)
    assert client.post(console, {"action": "release_part", "part": part.pk}).status_code == 403
    assert client.post(console, {"action": "reveal"}).status_code == 403
    client.post(console, {"action": "screen", "screen": "board"})
    assert StageProgramme.objects.get(pk=programme.pk).screen == Screen.BOARD
    client.force_login(organiser)
    client.post(console, {"action": "release_part", "part": part.pk})
    assert programme.parts.get(pk=part.pk).released
    page = client.get(console).content.decode()
    assert "Công bố tổng điểm" in page
