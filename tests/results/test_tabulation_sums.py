"""Tabulation sums the scores in the database (contest/results/score_sums.py). The former path,
which streamed every score into Python, is the oracle (tests/results/tabulation_oracle.py): on
hypothesis-generated rounds — parts, weights, secretariat and non-counting criteria, drafts, empty
and unassigned sheets, every aggregation method — both give the same table."""

from decimal import Decimal

from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from contest.judging.enums import CriterionScorer, SheetKind, SheetStatus
from contest.judging.models import Assignment, Criterion, JuryMembership, RoundEntry, Rubric, Score, ScoreSheet
from contest.results import tabulation
from contest.results.enums import AggregationMethod
from contest.results.models import PrizeTier, ResultsPolicy
from tests.factories import EntryFactory
from tests.factories.core import RoundFactory
from tests.factories.judging import make_judge
from tests.results.tabulation_oracle import streamed, table_facts

ENTRIES, JUDGES = 5, 4
PARTS = ["", "Chào hỏi", "Kiến thức"]
WEIGHTS = [Decimal(w) for w in ("0", "0.5", "1", "1.25", "2", "3.33")]
values = st.decimals(min_value=0, max_value=20, places=2, allow_nan=False, allow_infinity=False)

criteria_plans = st.lists(
    st.tuples(
        st.sampled_from(PARTS[1:]) | st.just(""),
        st.sampled_from(WEIGHTS),
        st.booleans() | st.just(True),  # counts toward the total (mostly)
        st.sampled_from([CriterionScorer.JURY, CriterionScorer.JURY, CriterionScorer.SECRETARIAT]),
    ),
    min_size=1,
    max_size=5,
)
SHEET = st.sampled_from(["none", "draft", "submitted", "submitted", "submitted"])


@st.composite
def rounds(draw):
    criteria = draw(criteria_plans)
    sheets = {}
    for e in range(ENTRIES):
        for j in range(JUDGES + 1):  # judge JUDGES: the secretariat's sheet
            state = draw(SHEET)
            if state == "none":
                continue
            # Every criterion may carry a score: a jury sheet with a secretariat criterion's score
            # (imported from paper) must not count it.
            scores = draw(st.lists(st.one_of(st.none(), values), min_size=len(criteria), max_size=len(criteria)))
            sheets[(e, j)] = (state, scores)
    assigned = draw(st.sets(st.tuples(st.integers(0, ENTRIES - 1), st.integers(0, JUDGES - 1))))
    methods = st.sampled_from(AggregationMethod.values)
    policy = {
        "method": draw(methods),
        "part_methods": draw(st.dictionaries(st.sampled_from(PARTS[1:]), methods, max_size=2)),
        "trim_min_sheets": draw(st.integers(3, 4)),
        "tie_break_by_judges": draw(st.booleans()),
        "advance_top": draw(st.none() | st.integers(1, 3)),
    }
    return criteria, sheets, assigned, policy


def build(contest, entries, judges, plan):
    criteria_plan, sheets, assigned, policy = plan
    round_ = RoundFactory(contest=contest, name="Vòng thử", order=90)
    rubrics = {}
    criteria = []
    for i, (part, weight, counts, scorer) in enumerate(criteria_plan):
        if part not in rubrics:
            rubrics[part] = Rubric.objects.create(
                round=round_, name=f"Thang điểm {part}", part=part, order=len(rubrics)
            )
        criteria.append(
            Criterion.objects.create(
                rubric=rubrics[part],
                code=f"tc_{i}",
                name=f"Tiêu chí {i}",
                max_points=Decimal(20),
                weight=weight,
                counts_toward_total=counts,
                scored_by=scorer,
                order=i,
            )
        )
    RoundEntry.objects.bulk_create(RoundEntry(round=round_, entry=e, code=i + 1) for i, e in enumerate(entries))
    JuryMembership.objects.bulk_create(JuryMembership(round=round_, judge=j) for j in judges)
    Assignment.objects.bulk_create(
        Assignment(round=round_, entry=entries[e], judge=judges[j], position=n + 1)
        for n, (e, j) in enumerate(sorted(assigned))
    )
    for (e, j), (state, scores) in sheets.items():
        secretariat = j == len(judges)
        sheet = ScoreSheet.objects.create(
            round=round_,
            entry=entries[e],
            judge=judges[0] if secretariat else judges[j],
            kind=SheetKind.SECRETARIAT if secretariat else SheetKind.JURY,
            status=SheetStatus.SUBMITTED if state == "submitted" else SheetStatus.DRAFT,
        )
        Score.objects.bulk_create(
            Score(sheet=sheet, criterion=c, value=v) for c, v in zip(criteria, scores, strict=True) if v is not None
        )
    ResultsPolicy.objects.create(round=round_, **policy)
    PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1, order=1)
    PrizeTier.objects.create(round=round_, code="nhi", name="Giải Nhì", quota=2, order=2)
    return round_


def test_sums_in_the_database_give_the_streamed_table(contest):
    entries = [EntryFactory(contest=contest, title=f"Mô hình {i}") for i in range(ENTRIES)]
    judges = [make_judge(f"gk_sums_{i}", full_name=f"Giám khảo {i}") for i in range(JUDGES)]

    @settings(max_examples=40, deadline=None)
    @given(rounds())
    def check(plan):
        with transaction.atomic():
            round_ = build(contest, entries, judges, plan)
            in_sql = table_facts(tabulation.tabulate(round_))
            with streamed():
                oracle = table_facts(tabulation.tabulate(round_))
            assert in_sql == oracle
            transaction.set_rollback(True)

    check()


def test_the_oracle_can_tell_a_difference(contest):
    """The comparison above is not vacuous: a score the database path would miss shows."""
    entries = [EntryFactory(contest=contest, title=f"Mô hình {i}") for i in range(ENTRIES)]
    judges = [make_judge(f"gk_sums_{i}", full_name=f"Giám khảo {i}") for i in range(JUDGES)]
    plan = ([("", Decimal(1), True, CriterionScorer.JURY)], {(0, 0): ("submitted", [Decimal("7.25")])}, set(), {})
    round_ = build(contest, entries, judges, plan)
    before = table_facts(tabulation.tabulate(round_))
    assert before["rows"][0]["score"] == Decimal("7.25")
    Score.objects.update(value=Decimal("7.5"))
    with streamed():
        assert table_facts(tabulation.tabulate(round_)) != before
