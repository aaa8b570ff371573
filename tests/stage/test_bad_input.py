"""The issue's "bad input and failure" cases not covered next to the feature they touch: a double
click and two consoles on "next team", a judge on two devices, a device clock hours off. (Timer
started twice, a closed performance, a redo without reason, an absent team: tests/stage/test_live.py,
test_draws.py, test_absence.py.)"""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.core.errors import InvalidTransition
from contest.judging.models import Score
from contest.stage.enums import PerformanceState, SubmissionOutcome
from contest.stage.models import LiveSubmission, StagePerformance
from contest.stage.services import draws, live
from contest.stage.services.programme import jury_criteria
from tests.factories.stage import make_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(organiser):
    programme, teams, jury = make_day(organiser)
    draws.run(draw=draws.commit(programme=programme, by=organiser), by=organiser)
    return programme, teams, jury


def _states(programme):
    return list(
        StagePerformance.objects.filter(part__programme=programme, part__name="Chào hỏi")
        .order_by("position")
        .values_list("state", flat=True)
    )


def test_a_double_click_or_a_second_console_on_next_team_calls_one_team(client, day, organiser, secretariat):
    programme, _teams, _jury = day
    console = reverse("contest_stage:console", args=[programme.round_id])
    client.force_login(organiser)
    client.post(console, {"action": "next"})
    again = client.post(console, {"action": "next"}, follow=True).content.decode()
    assert "đang thi trên sân khấu: hãy mở chấm hoặc ghi vắng mặt trước khi mời đội khác" in again
    client.force_login(secretariat)  # the second console, a moment later
    other = client.post(console, {"action": "next"}, follow=True).content.decode()
    assert "đang thi trên sân khấu" in other
    assert _states(programme) == [PerformanceState.ON_STAGE, PerformanceState.WAITING, PerformanceState.WAITING]
    first = StagePerformance.objects.get(part__programme=programme, part__name="Chào hỏi", position=1)
    client.post(console, {"action": "open", "performance": first.pk})
    twice = client.post(console, {"action": "open", "performance": first.pk}, follow=True).content.decode()
    assert "không thể làm thao tác này" in twice
    # Once the team on stage is being scored, the next one may come on.
    client.post(console, {"action": "next"})
    assert _states(programme) == [PerformanceState.SCORING, PerformanceState.ON_STAGE, PerformanceState.WAITING]


def test_calling_a_team_by_its_row_while_another_performs_is_refused(day, organiser):
    programme, _teams, _jury = day
    first, second = StagePerformance.objects.filter(part__programme=programme, part__name="Chào hỏi").order_by(
        "position"
    )[:2]
    live.call(performance=first, by=organiser)
    live.call(performance=first, by=organiser)  # the same team again: nothing changes
    with pytest.raises(InvalidTransition, match="đang thi trên sân khấu"):
        live.call(performance=second, by=organiser)
    live.mark_absent(performance=first, by=organiser, reason="Đội rời sân khấu")
    live.call(performance=second, by=organiser)


def test_a_judge_on_two_devices_the_last_received_counts_once(day, organiser):
    programme, _teams, jury = day
    performance = StagePerformance.objects.get(part__programme=programme, part__name="Chào hỏi", position=1)
    live.call(performance=performance, by=organiser)
    live.open_scoring(performance=performance, by=organiser)
    criterion = jury_criteria(performance.part)[0]
    phone = live.submit(performance=performance, judge=jury[1], values={str(criterion.pk): "15"}, key=uuid.uuid4())
    tablet = live.submit(performance=performance, judge=jury[1], values={str(criterion.pk): "16"}, key=uuid.uuid4())
    assert phone.outcome == tablet.outcome == SubmissionOutcome.ACCEPTED
    assert Score.objects.get(sheet__judge=jury[1]).value == Decimal("16.00")
    assert live.submitted_judges(performance) == {jury[1].pk}
    # The phone's queue, sent after the lock, does not overwrite: it is kept aside as late.
    live.lock(performance=performance, by=organiser)
    late = live.submit(performance=performance, judge=jury[1], values={str(criterion.pk): "10"}, key=uuid.uuid4())
    assert late.outcome == SubmissionOutcome.LATE
    assert Score.objects.get(sheet__judge=jury[1]).value == Decimal("16.00")


def test_a_device_clock_hours_off_changes_nothing_but_the_note_of_when_it_was_typed(day, organiser):
    programme, _teams, jury = day
    performance = StagePerformance.objects.get(part__programme=programme, part__name="Chào hỏi", position=1)
    live.call(performance=performance, by=organiser)
    live.timer(performance=performance, by=organiser, command="start")
    live.open_scoring(performance=performance, by=organiser)
    criterion = jury_criteria(performance.part)[0]
    hours_ahead = int((timezone.now() + dt.timedelta(hours=7)).timestamp() * 1000)
    before = timezone.now()
    ahead = live.submit(
        performance=performance,
        judge=jury[1],
        values={str(criterion.pk): "15"},
        key=uuid.uuid4(),
        typed_at=hours_ahead,
    )
    # A second device of the same judge, its clock a day behind, sends a correction afterwards:
    # the server's order of arrival decides, never the devices' clocks.
    behind = int((timezone.now() - dt.timedelta(days=1)).timestamp() * 1000)
    live.submit(
        performance=performance, judge=jury[1], values={str(criterion.pk): "12"}, key=uuid.uuid4(), typed_at=behind
    )
    garbage = live.submit(
        performance=performance, judge=jury[2], values={str(criterion.pk): "14"}, key=uuid.uuid4(), typed_at="abc"
    )
    assert ahead.received_at >= before and ahead.received_at <= timezone.now()
    assert ahead.typed_at > ahead.received_at + dt.timedelta(hours=6)
    assert garbage.typed_at is None
    assert Score.objects.get(sheet__judge=jury[1]).value == Decimal("12.00")
    assert LiveSubmission.objects.filter(outcome=SubmissionOutcome.ACCEPTED).count() == 3
    # The stage timer runs on the server's clock: opening scoring stopped it at its elapsed time.
    performance.refresh_from_db()
    assert performance.timer_started_at is None and 0 <= performance.timer_elapsed_ms < 60_000
