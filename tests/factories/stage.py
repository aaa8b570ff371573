"""Factories for the Hội thi day (contest/stage), and its usual scene: a final with the library's
3-part rubric, teams in the round, a jury of three (one head) assigned every team, and the
programme of the day with the default parts."""

import factory

from contest.core.enums import ContestKind
from contest.judging.services.rubrics import copy_rubric_from_library
from contest.stage.models import StageProgramme
from contest.stage.services.programme import add_default_parts
from tests.factories.core import ContestFactory, RoundFactory, UnitFactory
from tests.factories.judging import AssignmentFactory, JudgeFactory, JuryMembershipFactory, RoundEntryFactory

TEAMS = ["Đảng ủy phường Thanh Khê", "Ủy ban nhân dân xã Hòa Vang", "Công an tỉnh Quảng Trị"]


class StageProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageProgramme

    round = factory.SubFactory(RoundFactory, contest__kind=ContestKind.HOI_THI)
    venue = "Hội trường Thành ủy"


def make_day(organiser, *, teams=TEAMS, judges=3):
    """(programme, round entries in team order, jury with the head judge first)."""
    contest = ContestFactory(kind=ContestKind.HOI_THI, name="Hội thi Dân vận khéo 2026", min_running_months=0)
    round_ = RoundFactory(contest=contest, name="Chung khảo", order=9, all_judges_score_all=True)
    copy_rubric_from_library(round=round_, code="hoi-thi-100", by=organiser)
    round_entries = [
        RoundEntryFactory(round=round_, code=code, entry__unit=UnitFactory(name=name), entry__title=f"Đội thi {name}")
        for code, name in enumerate(teams, start=1)
    ]
    jury = []
    for index in range(judges):
        judge = JudgeFactory(full_name=f"Giám khảo {index + 1}")
        JuryMembershipFactory(round=round_, judge=judge, is_head=index == 0)
        for position, round_entry in enumerate(round_entries, start=1):
            AssignmentFactory(round=round_, judge=judge, entry=round_entry.entry, position=position)
        jury.append(judge)
    programme = StageProgrammeFactory(round=round_)
    add_default_parts(programme=programme)
    return programme, round_entries, jury
