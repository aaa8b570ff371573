"""Factories of the judging domain, and the scene most judging tests share: a round with a
small model rubric, its entries and a judge's assignments. Rows are made directly, so these tests
do not depend on the jury services."""

from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from contest.core.enums import StaffRole
from contest.judging.enums import ConflictKind, CriterionScorer, SheetKind
from contest.judging.models import (
    Assignment,
    Conflict,
    Criterion,
    JuryMembership,
    RoundEntry,
    Rubric,
    Score,
    ScoreSheet,
)
from tests.factories.core import RoundFactory, UserFactory
from tests.factories.dossiers import EntryFactory


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    round = factory.SubFactory(RoundFactory)
    name = "Thang điểm mô hình"


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    rubric = factory.SubFactory(RubricFactory)
    code = factory.Sequence(lambda n: f"tieu_chi_{n}")
    name = factory.Sequence(lambda n: f"Tiêu chí {n + 1}")
    max_points = Decimal("20")
    order = factory.Sequence(lambda n: n)


class JudgeFactory(UserFactory):
    username = factory.Sequence(lambda n: f"giamkhao{n}")
    full_name = "Hoàng Văn Em"
    roles = factory.PostGeneration(lambda user, create, extracted, **kwargs: _add_roles(user, extracted or ["judge"]))


def _add_roles(user, roles):
    for role in roles:
        user.groups.add(Group.objects.get(name=StaffRole(role).value))
    user.save()


class JuryMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JuryMembership

    round = factory.SubFactory(RoundFactory)
    judge = factory.SubFactory(JudgeFactory)


class RoundEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundEntry

    round = factory.SubFactory(RoundFactory)
    entry = factory.SubFactory(EntryFactory, contest=factory.SelfAttribute("..round.contest"))
    code = factory.Sequence(lambda n: n + 1)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    round = factory.SubFactory(RoundFactory)
    judge = factory.SubFactory(JudgeFactory)
    entry = factory.SubFactory(EntryFactory, contest=factory.SelfAttribute("..round.contest"))
    position = factory.Sequence(lambda n: n + 1)


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    round = factory.SubFactory(RoundFactory)
    judge = factory.SubFactory(JudgeFactory)
    entry = factory.SubFactory(EntryFactory, contest=factory.SelfAttribute("..round.contest"))
    kind = ConflictKind.DECLARED
    reason = "Người thân công tác tại đơn vị."


class ScoreSheetFactory(factory.django.DjangoModelFactory):
    """A draft jury sheet; scores go through :class:`ScoreFactory` or the sheet services."""

    class Meta:
        model = ScoreSheet

    round = factory.SubFactory(RoundFactory)
    judge = factory.SubFactory(JudgeFactory)
    entry = factory.SubFactory(EntryFactory, contest=factory.SelfAttribute("..round.contest"))
    kind = SheetKind.JURY


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    sheet = factory.SubFactory(ScoreSheetFactory)
    criterion = factory.SubFactory(CriterionFactory, rubric__round=factory.SelfAttribute("...sheet.round"))
    value = Decimal("15")


# A shortened version of the default model rubric of DOMAIN.md §7, plus one criterion the
# secretariat scores and one that does not count, which a judge must never be asked for.
CRITERIA = [
    ("sang_tao", "Tính mới, sáng tạo", "20", "0.5", [{"min": 18, "max": 20, "text": "hoàn toàn mới"}]),
    ("hieu_qua", "Hiệu quả thiết thực, có số liệu kiểm chứng", "25", "0.5", []),
    ("ho_so", "Chất lượng hồ sơ, minh chứng", "5", "0.25", []),
]


def make_round(
    contest, *, name="Vòng chung khảo", order=None, blind=False, scoring_deadline=None, field=None, jury_only=False
):
    """A round with the shortened model rubric; ``jury_only`` leaves out the secretariat's criterion
    (a round with one cannot be frozen before the secretariat has entered its points)."""
    # A contest may already have a round (seeded with the contest): take the next place.
    order = order or (max(contest.rounds.values_list("order", flat=True), default=0) + 1)
    round_ = RoundFactory(contest=contest, name=name, order=order, blind=blind, scoring_deadline=scoring_deadline)
    rubric = RubricFactory(round=round_, field=field)
    for i, (code, label, max_points, step, bands) in enumerate(CRITERIA):
        CriterionFactory(
            rubric=rubric,
            code=code,
            name=label,
            max_points=Decimal(max_points),
            step=Decimal(step),
            bands=bands,
            order=i,
        )
    if not jury_only:
        CriterionFactory(
            rubric=rubric,
            code="trac_nghiem",
            name="Trắc nghiệm (Tổ Thư ký chấm)",
            max_points=Decimal("10"),
            scored_by=CriterionScorer.SECRETARIAT,
            order=10,
        )
    CriterionFactory(
        rubric=rubric,
        code="tham_khao",
        name="Điểm tham khảo",
        max_points=Decimal("10"),
        counts_toward_total=False,
        order=11,
    )
    return round_


def criteria(round_):
    """The jury's criteria by code."""
    return {c.code: c for c in Criterion.objects.filter(rubric__round=round_, scored_by=CriterionScorer.JURY)}


def add_entry(round_, entry, code=None):
    code = code or RoundEntry.objects.filter(round=round_).count() + 1
    return RoundEntry.objects.create(round=round_, entry=entry, code=code)


def make_judge(username="giamkhao", **kwargs):
    kwargs.setdefault("full_name", "Hoàng Văn Em")
    return UserFactory(username=username, roles=["judge"], **kwargs)


def assign(round_, judge, entry, position=None):
    JuryMembership.objects.get_or_create(round=round_, judge=judge)
    if not RoundEntry.objects.filter(round=round_, entry=entry).exists():
        add_entry(round_, entry)
    position = position or Assignment.objects.filter(round=round_, judge=judge).count() + 1
    return Assignment.objects.create(round=round_, judge=judge, entry=entry, position=position)
