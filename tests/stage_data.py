"""Test data for the Hội thi day: a final with the library's 3-part rubric, teams in the round,
a jury of three (one head) assigned every team, and its programme of the day."""

from contest.core.enums import ContestKind
from contest.core.models import Round
from contest.judging.models import Assignment, JuryMembership, RoundEntry
from contest.judging.services.rubrics import copy_rubric_from_library
from contest.stage.models import StageProgramme
from contest.stage.services.programme import add_default_parts
from tests.factories import ContestFactory, EntryFactory, UnitFactory, UserFactory

TEAMS = ["Đảng ủy phường Thanh Khê", "Ủy ban nhân dân xã Hòa Vang", "Công an tỉnh Quảng Trị"]


def make_day(organiser, *, teams=TEAMS, judges=3):
    contest = ContestFactory(kind=ContestKind.HOI_THI, name="Hội thi Dân vận khéo 2026", min_running_months=0)
    round_ = Round.objects.create(contest=contest, name="Chung khảo", order=9, all_judges_score_all=True)
    copy_rubric_from_library(round=round_, code="hoi-thi-100", by=organiser)
    round_entries = []
    for code, name in enumerate(teams, start=1):
        entry = EntryFactory(contest=contest, unit=UnitFactory(name=name), title=f"Đội thi {name}")
        round_entries.append(RoundEntry.objects.create(round=round_, entry=entry, code=code))
    jury = []
    for index in range(judges):
        judge = UserFactory(roles=["judge"], full_name=f"Giám khảo {index + 1}")
        JuryMembership.objects.create(round=round_, judge=judge, is_head=index == 0)
        for position, round_entry in enumerate(round_entries, start=1):
            Assignment.objects.create(round=round_, judge=judge, entry=round_entry.entry, position=position)
        jury.append(judge)
    programme = StageProgramme.objects.create(round=round_, venue="Hội trường Thành ủy")
    add_default_parts(programme=programme)
    return programme, round_entries, jury
