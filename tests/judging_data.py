"""Test data for online scoring: a round with a small model rubric, its entries and a judge's
assignments. Rows are made directly, so these tests do not depend on the jury services."""

from decimal import Decimal

from contest.core.models import Round
from contest.judging.enums import CriterionScorer
from contest.judging.models import Assignment, Criterion, JuryMembership, RoundEntry, Rubric
from tests.factories import UserFactory

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
    round_ = Round.objects.create(
        contest=contest, name=name, order=order, blind=blind, scoring_deadline=scoring_deadline
    )
    rubric = Rubric.objects.create(round=round_, name="Thang điểm mô hình", field=field)
    for i, (code, label, max_points, step, bands) in enumerate(CRITERIA):
        Criterion.objects.create(
            rubric=rubric,
            code=code,
            name=label,
            max_points=Decimal(max_points),
            step=Decimal(step),
            bands=bands,
            order=i,
        )
    if not jury_only:
        Criterion.objects.create(
            rubric=rubric,
            code="trac_nghiem",
            name="Trắc nghiệm (Tổ Thư ký chấm)",
            max_points=Decimal("10"),
            scored_by=CriterionScorer.SECRETARIAT,
            order=10,
        )
    Criterion.objects.create(
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
