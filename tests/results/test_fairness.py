"""contest/fairness.py: leniency, agreement between judges and sensitivity to the aggregation
method, on worked examples and, with hypothesis, on the properties the report relies on."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from contest.results import fairness, scoring
from contest.results.fairness import PrizeChange, agreement, average_ranks, leniency, sensitivity, spearman
from contest.results.ranking import Tier

D = Decimal
TIERS = (Tier("nhat", 1), Tier("nhi", 2), Tier("ba", 3))
scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
cents = st.decimals(min_value=0, max_value=20, places=2, allow_nan=False, allow_infinity=False)


def matrix(rows: dict) -> dict:
    """{judge: [total per entry 1, 2, …]} → {(judge, entry): total}; None leaves a gap."""
    return {
        (judge, entry): D(str(value))
        for judge, values in rows.items()
        for entry, value in enumerate(values, start=1)
        if value is not None
    }


# --- leniency -----------------------------------------------------------------------------------


def test_leniency_on_a_worked_example():
    totals = matrix({"an": [80, 70, 90], "binh": [70, 60, 80], "chi": [75, 65, None]})
    result = leniency(totals)
    # an, entry 1: 80 - (70 + 75) / 2 = 7.5; entry 2: 70 - 62.5 = 7.5; entry 3: 90 - 80 = 10.
    assert result["an"] == D("8.33")
    # binh: 70 - 77.5, 60 - 67.5, 80 - 90 → (-7.5 - 7.5 - 10) / 3
    assert result["binh"] == D("-8.33")
    # chi: 75 - 75 and 65 - 65
    assert result["chi"] == D("0.00")


def test_a_judge_without_a_shared_entry_has_no_leniency():
    totals = matrix({"an": [80, 70, None], "binh": [70, 60, None], "chi": [None, None, 55]})
    assert leniency(totals)["chi"] is None
    assert leniency({}) == {}


def test_leniency_rounds_half_up_away_from_zero():
    # Deviations 0.01 and 0.00 average to 0.005 exactly.
    totals = matrix({"an": ["50.01", 50], "binh": [50, 50]})
    assert leniency(totals) == {"an": D("0.01"), "binh": D("-0.01")}


def test_leniency_by_criterion():
    values = {("an", 1, "hieu_qua"): D(20), ("binh", 1, "hieu_qua"): D(15), ("an", 1, "ho_so"): D(3)}
    values[("binh", 1, "ho_so")] = D(4)
    assert fairness.leniency_by_criterion(values) == {
        "hieu_qua": {"an": D("5.00"), "binh": D("-5.00")},
        "ho_so": {"an": D("-1.00"), "binh": D("1.00")},
    }


two_judge_rounds = st.lists(st.tuples(scores, scores), min_size=1, max_size=12)


@given(two_judge_rounds)
def test_with_two_judges_leniencies_are_opposite(pairs):
    totals = {}
    for entry, (a, b) in enumerate(pairs):
        totals[("a", entry)], totals[("b", entry)] = a, b
    result = leniency(totals)
    assert result["a"] == -result["b"]


@given(two_judge_rounds, cents)
def test_adding_c_to_one_judge_makes_it_exactly_c_more_lenient(pairs, c):
    # Judge a never scores below b, so the leniency stays on one side of zero and rounding half
    # up commutes with adding whole cents: the shift shows exactly, even after rounding.
    totals = {}
    for entry, (x, y) in enumerate(pairs):
        totals[("a", entry)], totals[("b", entry)] = max(x, y), min(x, y)
    shifted = {key: value + c if key[0] == "a" else value for key, value in totals.items()}
    assert leniency(shifted)["a"] == leniency(totals)["a"] + c
    assert leniency(shifted)["b"] == leniency(totals)["b"] - c


@st.composite
def rounds(draw, min_judges=2):
    """A round where each entry is scored by some of the judges, as assignment leaves it."""
    judges = draw(st.integers(min_value=min_judges, max_value=5))
    entries = draw(st.integers(min_value=1, max_value=8))
    totals = {}
    for entry in range(entries):
        for judge in range(judges):
            if draw(st.booleans()) or judge < 2:
                totals[(judge, entry)] = draw(scores)
    return totals


@given(rounds(), cents, st.integers(min_value=0, max_value=4))
def test_adding_c_to_every_sheet_of_a_judge_adds_c_to_its_exact_leniency(totals, c, judge):
    assume(any(j == judge for j, _e in totals))
    shifted = {key: value + c if key[0] == judge else value for key, value in totals.items()}
    before, after = fairness.exact_leniency(totals), fairness.exact_leniency(shifted)
    assert after[judge] == before[judge] + Fraction(c)
    # Rounded, the shift is c to the cent.
    assert abs(leniency(shifted)[judge] - leniency(totals)[judge] - c) <= D("0.01")


@given(rounds())
def test_leniency_does_not_depend_on_the_order_of_the_input(totals):
    assert leniency(dict(reversed(list(totals.items())))) == leniency(totals)


# --- agreement ----------------------------------------------------------------------------------


def test_average_ranks_share_ties():
    assert average_ranks([10, 30, 20, 30]) == [1, Fraction(7, 2), 2, Fraction(7, 2)]


def test_spearman_on_known_values():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert spearman([1, 2, 3, 4], [40, 30, 20, 10]) == -1.0
    # Textbook example with ties, rho = Pearson of the average ranks.
    assert spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) == pytest.approx(0.8)
    assert spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(0.9486832980505138)
    assert spearman([5, 5, 5], [1, 2, 3]) is None


def test_agreement_on_a_worked_example():
    totals = matrix({"an": [80, 70, 90, 60], "binh": [78, 72, 88, 55], "chi": [60, 90, None, 75]})
    result = agreement(totals)
    assert [(p.judge_a, p.judge_b, p.common) for p in result.pairs] == [
        ("an", "binh", 4),
        ("an", "chi", 3),
        ("binh", "chi", 3),
    ]
    an_binh, an_chi, binh_chi = result.pairs
    assert an_binh.spearman == 1.0
    assert an_binh.mean_abs_difference == D("2.75")  # (2 + 2 + 2 + 5) / 4
    # Ranks on entries 1, 2, 4: an 3, 2, 1; chi 1, 3, 2.
    assert an_chi.spearman == pytest.approx(-0.5)
    assert an_chi.mean_abs_difference == D("18.33")  # (20 + 20 + 15) / 3
    assert binh_chi.mean_abs_difference == D("18.67")  # (18 + 18 + 20) / 3
    assert result.spearman == pytest.approx(0.0)
    assert result.mean_abs_difference == D("13.25")  # (2.75 + 18.33 + 18.67) / 3


def test_pairs_with_fewer_than_three_common_entries_are_left_out():
    totals = matrix({"an": [80, 70, None], "binh": [78, 72, 60]})
    result = agreement(totals)
    assert result.pairs == []
    assert result.spearman is None and result.mean_abs_difference is None


@given(st.lists(scores, min_size=3, max_size=15, unique=True))
def test_a_judge_agrees_perfectly_with_a_copy_of_itself(values):
    totals = {}
    for entry, value in enumerate(values):
        totals[("original", entry)] = totals[("copy", entry)] = value
    result = agreement(totals)
    assert result.spearman == 1.0
    assert result.mean_abs_difference == D("0.00")


@given(st.lists(st.tuples(scores, scores), min_size=3, max_size=12))
def test_spearman_is_between_minus_one_and_one_and_symmetric(pairs):
    a, b = [x for x, _y in pairs], [y for _x, y in pairs]
    rho = spearman(a, b)
    assert rho is None or -1.0 <= rho <= 1.0
    assert rho == spearman(b, a)


# --- sensitivity --------------------------------------------------------------------------------


def test_sensitivity_names_the_prizes_that_depend_on_the_method():
    # Entry 1 has one very harsh sheet: the mean puts it behind entry 2, the median ahead.
    totals = matrix(
        {
            "an": [95, 88, 80, 75],
            "binh": [94, 88, 81, 74],
            "chi": [40, 87, 79, 76],
        }
    )
    result = sensitivity(totals, current_method=scoring.MEAN, max_total=100, tiers=TIERS, min_score=0)
    assert list(result) == [scoring.TRIMMED_MEAN, scoring.MEDIAN, scoring.NORMALISED]
    assert result[scoring.TRIMMED_MEAN] == []  # 3 judges: no trimming, same as the mean
    changes = {change.entry: change for change in result[scoring.MEDIAN]}
    # Mean: 2 (87.67), 3 (80), 1 (76.33), 4 (75). Median: 1 (94), 2 (88), 3 (80), 4 (75).
    assert changes == {1: PrizeChange(1, "nhi", "nhat", 3, 1), 2: PrizeChange(2, "nhat", "nhi", 1, 2)}


def test_sensitivity_keeps_the_rounds_allocation_rules():
    totals = matrix({"an": [95, 88], "binh": [94, 88], "chi": [40, 87]})
    # With a minimum of 90, entry 1 wins under the median (94) but not under the mean (76.33).
    result = sensitivity(
        totals, current_method=scoring.MEAN, max_total=100, tiers=TIERS, min_score=90, methods=(scoring.MEDIAN,)
    )
    assert result == {scoring.MEDIAN: [PrizeChange(1, None, "nhat", 2, 1)]}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(scores, min_size=1, max_size=10),
    st.integers(min_value=1, max_value=6),
    st.sampled_from(scoring.AGGREGATION_METHODS),
)
def test_no_prize_depends_on_the_method_when_all_judges_agree(entry_totals, judges, method):
    totals = {(judge, entry): total for entry, total in enumerate(entry_totals) for judge in range(judges)}
    result = sensitivity(totals, current_method=method, max_total=100, tiers=TIERS, min_score=0)
    assert all(changes == [] for changes in result.values())
    assert method not in result


def test_sensitivity_of_an_empty_round():
    assert sensitivity({}, current_method=scoring.MEAN, max_total=100, tiers=TIERS) == {
        scoring.TRIMMED_MEAN: [],
        scoring.MEDIAN: [],
        scoring.NORMALISED: [],
    }
