"""After a Hội thi day run on the venue's laptop, the day is copied to the province's server: a JSON
file (manage.py export_hoi_thi → import_hoi_thi) keyed on team numbers, user names and criterion
codes. The server's round then gives the same result, the same absences and audience count in its
minutes, and freezes; a second import, or a file that does not match the server, changes nothing."""

import json
import uuid
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from contest.core.models import AuditRecord, Round
from contest.judging.models import Assignment, JuryMembership, RoundEntry, Score
from contest.judging.services.rubrics import copy_rubric_from_library
from contest.results import documents, tabulation
from contest.results.models import PrizeTier
from contest.results.services import snapshots
from contest.stage.enums import PerformanceState
from contest.stage.models import StagePerformance, StageProgramme
from contest.stage.services import board, draws, live, transfer
from contest.stage.services.programme import jury_criteria
from tests.factories.stage import make_day
from tests.stage.test_live import _quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def laptop_day(organiser):
    """The day on the laptop: the third team absent all day, the others scored, the audience counted."""
    programme, teams, jury = make_day(organiser)
    draws.run(draw=draws.commit(programme=programme, by=organiser), by=organiser)
    _quiz(programme, teams, organiser)
    for performance in StagePerformance.objects.filter(part__programme=programme).order_by("part__order", "position"):
        if performance.round_entry == teams[2]:
            live.mark_absent(performance=performance, by=organiser, reason="Đội không đến")
            continue
        live.call(performance=performance, by=organiser)
        live.open_scoring(performance=performance, by=organiser)
        for n, judge in enumerate(jury):
            values = {str(c.pk): str(2 + n) for c in jury_criteria(performance.part)}
            live.submit(performance=performance, judge=judge, values=values, key=uuid.uuid4())
        live.lock(performance=performance, by=organiser)
    board.save_audience(programme=programme, counts={teams[0].pk: "12", teams[1].pk: "30"}, by=organiser)
    live.finish_day(programme=programme, by=organiser)
    return StageProgramme.objects.get(pk=programme.pk), teams, jury


def _server_round(programme, teams, jury, organiser, *, order=10):
    """The same contest as set up on the server: the same teams (numbers and units), the same judges
    assigned every team, the same rubric; no programme and no score yet."""
    round_ = Round.objects.create(
        contest=programme.round.contest, name="Chung khảo", order=order, all_judges_score_all=True
    )
    copy_rubric_from_library(round=round_, code="hoi-thi-100", by=organiser)
    PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1)
    for team in teams:
        RoundEntry.objects.create(round=round_, entry=team.entry, code=team.code)
    for n, judge in enumerate(jury):
        JuryMembership.objects.create(round=round_, judge=judge, is_head=n == 0)
        for position, team in enumerate(teams, start=1):
            Assignment.objects.create(round=round_, judge=judge, entry=team.entry, position=position)
    return round_


def _scores(round_):
    return {row.code: row.score for row in tabulation.tabulate(round_).rows}


def test_the_day_copied_to_the_server_gives_the_same_result_and_minutes(laptop_day, organiser):
    programme, teams, jury = laptop_day
    raw = transfer.dumps(transfer.export_day(programme))
    server = _server_round(programme, teams, jury, organiser)
    summary = transfer.import_day(round=server, data=json.loads(raw), raw=raw, by=organiser)
    assert summary == {"performances": 9, "sheets": 6, "secretariat": 3, "audience": 2}
    assert _scores(server) == _scores(programme.round)
    assert _scores(server)[teams[0].code] is not None and _scores(server)[teams[2].code] is None
    # The absent team's assignments are withdrawn on the server too, with the laptop's reason.
    assert not Assignment.objects.filter(round=server, entry=teams[2].entry).exists()
    absent = StagePerformance.objects.filter(part__programme__round=server, state=PerformanceState.ABSENT)
    assert {p.absent_reason for p in absent} == {"Đội không đến"}
    record = AuditRecord.objects.get(action="stage.import")
    assert record.new["sheets"] == 6 and len(record.new["file_sha256"]) == 64
    assert record.new["laptop_audit_head"]["digest"]
    snapshot = snapshots.freeze(round=server, by=organiser)
    context = documents.minutes_context(snapshot)
    assert context["absent_count"] == 1
    assert context["audience"]["winners"][0]["count"] == 30


def test_a_second_import_or_a_file_for_other_teams_changes_nothing(laptop_day, organiser):
    programme, teams, jury = laptop_day
    data = transfer.export_day(programme)
    raw = transfer.dumps(data)
    server = _server_round(programme, teams, jury, organiser)
    transfer.import_day(round=server, data=json.loads(raw), raw=raw, by=organiser)
    scores = dict(Score.objects.filter(sheet__round=server).values_list("pk", "value"))
    with pytest.raises(transfer.TransferRefused, match="đã có điểm"):
        transfer.import_day(round=server, data=json.loads(raw), raw=raw, by=organiser)
    assert dict(Score.objects.filter(sheet__round=server).values_list("pk", "value")) == scores
    assert AuditRecord.objects.filter(action="stage.import").count() == 1

    other = _server_round(programme, teams, jury, organiser, order=11)
    data["teams"][str(teams[0].code)] = "Ủy ban nhân dân phường Hải Châu"
    data["judges"].append("khong-co")
    with pytest.raises(transfer.TransferRefused) as refused:
        transfer.import_day(round=other, data=data, raw=raw, by=organiser)
    assert "Ủy ban nhân dân phường Hải Châu" in refused.value.message and "khong-co" in refused.value.message
    assert not StageProgramme.objects.filter(round=other).exists()
    assert not Score.objects.filter(sheet__round=other).exists()


def test_the_commands_carry_the_day_through_a_file(laptop_day, organiser, secretariat, tmp_path):
    programme, teams, jury = laptop_day
    path = tmp_path / "ngay-thi.json"
    call_command("export_hoi_thi", programme.round_id, str(path))
    server = _server_round(programme, teams, jury, organiser)
    with pytest.raises(CommandError, match="Chỉ Ban Tổ chức"):
        call_command("import_hoi_thi", str(path), "--user", secretariat.username, "--round", server.pk)
    call_command("import_hoi_thi", str(path), "--user", organiser.username, "--round", server.pk)
    assert _scores(server) == _scores(programme.round)
    assert Decimal(json.loads(path.read_text())["secretariat"][str(teams[0].code)]["Kiến thức/trac_nghiem"]) == 6
