"""A team absent on the day: at the end of the day a team absent from every part has its judges'
assignments withdrawn ("vắng mặt", in the audit trail) so the round still freezes, and it stays in
the round without a score; a team absent from one part only scores 0 in that part."""

import uuid
from decimal import Decimal

import pytest

from contest.core.models import AuditRecord
from contest.judging.models import Assignment, ScoreSheet
from contest.results.models import PrizeTier
from contest.results.services import snapshots
from contest.stage.enums import PartKind, PerformanceState
from contest.stage.models import StagePerformance, StageQuestion
from contest.stage.services import draws, live, quiz
from contest.stage.services.programme import jury_criteria
from tests.factories.stage import make_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(organiser):
    programme, teams, jury = make_day(organiser)
    draws.run(draw=draws.commit(programme=programme, by=organiser), by=organiser)
    PrizeTier.objects.create(round=programme.round, code="nhat", name="Giải Nhất", quota=1)  # a freeze needs one
    return programme, teams, jury


def _run_the_day(programme, teams, jury, organiser, *, absent):
    """Every performance scored 4 per criterion, except ``absent``: {round entry: {part names}}."""
    part = programme.parts.get(kind=PartKind.QUIZ)
    question = StageQuestion.objects.create(
        part=part, number=1, text="Câu 1", option_a="Có", option_b="Không", answer="A"
    )
    quiz.show(question=question, by=organiser)
    boards = {team.pk: "A" for team in teams if len(absent.get(team, ())) < 3}
    quiz.save_answers(question=question, answers=boards, by=organiser)
    for performance in StagePerformance.objects.filter(part__programme=programme).order_by("part__order", "position"):
        if performance.part.name in absent.get(performance.round_entry, ()):
            live.mark_absent(performance=performance, by=organiser, reason="Đội không đến kịp")
            continue
        live.call(performance=performance, by=organiser)
        live.open_scoring(performance=performance, by=organiser)
        values = {str(c.pk): "4" for c in jury_criteria(performance.part)}
        for judge in jury:
            live.submit(performance=performance, judge=judge, values=values, key=uuid.uuid4())
        live.lock(performance=performance, by=organiser)


def test_a_team_absent_all_day_is_withdrawn_and_the_round_freezes(day, organiser):
    programme, teams, jury = day
    team_parts = set(programme.parts.filter(kind=PartKind.TEAM).values_list("name", flat=True))
    _run_the_day(programme, teams, jury, organiser, absent={teams[2]: team_parts})
    live.finish_day(programme=programme, by=organiser)
    assert not Assignment.objects.filter(round=programme.round, entry=teams[2].entry).exists()
    withdrawn = AuditRecord.objects.filter(action="assignment.remove", round=programme.round)
    assert withdrawn.count() == len(jury)
    assert all(r.reason == "Vắng mặt: Đội không đến kịp; Đội không đến kịp; Đội không đến kịp" for r in withdrawn)
    snapshot = snapshots.freeze(round=programme.round, by=organiser)
    row = snapshot.rows.get(entry=teams[2].entry)
    assert row.score is None and row.rank is None
    assert snapshot.rows.filter(score__isnull=False).count() == 2


def test_a_team_absent_from_one_part_scores_zero_in_it(day, organiser):
    programme, teams, jury = day
    _run_the_day(programme, teams, jury, organiser, absent={teams[1]: {"Tiểu phẩm"}})
    assert live.finish_day(programme=programme, by=organiser) == 9  # 3 judges × 3 teams, none withdrawn
    assert Assignment.objects.filter(round=programme.round, entry=teams[1].entry).count() == len(jury)
    skit = programme.parts.get(name="Tiểu phẩm")
    for sheet in ScoreSheet.objects.filter(round=programme.round, entry=teams[1].entry, kind="jury"):
        skit_scores = sheet.scores.filter(criterion__in=jury_criteria(skit))
        assert {s.value for s in skit_scores} == {Decimal("0.00")}
    zero = AuditRecord.objects.get(action="stage.absent_zero")
    assert zero.reason == "Vắng mặt: Đội không đến kịp" and zero.new == {"parts": ["Tiểu phẩm"]}
    snapshot = snapshots.freeze(round=programme.round, by=organiser)
    scores = dict(snapshot.rows.values_list("entry_id", "score"))
    # 4 (chào hỏi) + 4 (situation) + 2 (one correct answer) + 0 (no skit) against 4 + 4 + 2 + 5 × 4.
    assert scores[teams[1].entry_id] == Decimal("10.00")
    assert scores[teams[0].entry_id] == Decimal("30.00")


def test_an_absence_undone_before_the_end_of_the_day_withdraws_nothing(day, organiser):
    programme, _teams, _jury = day
    first = StagePerformance.objects.get(part__programme=programme, part__name="Chào hỏi", position=1)
    live.mark_absent(performance=first, by=organiser, reason="Chưa thấy đội")
    live.undo_last(programme=programme, by=organiser, reason="Đội đã đến")
    assert StagePerformance.objects.get(pk=first.pk).state == PerformanceState.WAITING
    assert not AuditRecord.objects.filter(action="assignment.remove").exists()
