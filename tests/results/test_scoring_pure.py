"""contest/scoring.py: parsing typed values, the bounds and step of a criterion, weighted totals
with half-up rounding. No database: these are the rules a jury signs under."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contest.results.scoring import (
    format_score,
    max_total,
    missing_criteria,
    parse_value,
    round_score,
    sheet_total,
    validate_value,
)


@dataclass(frozen=True)
class Crit:
    code: str
    max_points: Decimal
    step: Decimal = Decimal("0.5")
    weight: Decimal = Decimal("1")
    counts_toward_total: bool = True
    pk: int = 0


SEVEN = [
    Crit("can_thiet", Decimal(10)),
    Crit("sang_tao", Decimal(20)),
    Crit("lanh_dao_phoi_hop", Decimal(10)),
    Crit("nhan_dan_tham_gia", Decimal(20)),
    Crit("hieu_qua", Decimal(25)),
    Crit("ben_vung_nhan_rong", Decimal(10)),
    Crit("ho_so", Decimal(5)),
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("8,5", Decimal("8.5")),
        ("8.5", Decimal("8.5")),
        (" 0,5 ", Decimal("0.5")),
        (Decimal("0.5"), Decimal("0.5")),
        (7, Decimal(7)),
        (0.1, Decimal("0.1")),
    ],
)
def test_values_are_read_with_a_comma_or_a_dot(raw, expected):
    assert parse_value(raw) == expected


@pytest.mark.parametrize("raw", ["", "  ", "tám", "8,5,1", "NaN", "Infinity", None, True, [8]])
def test_anything_but_a_finite_number_is_not_a_value(raw):
    with pytest.raises(ValueError):
        parse_value(raw)


@pytest.mark.parametrize("value", ["0", "0,5", "0.5", "19,5", "20", Decimal("20.00"), 20])
def test_values_within_bounds_on_the_step_are_valid(value):
    assert validate_value(value, max_points=Decimal(20), step=Decimal("0.5")) == []


def test_a_value_over_the_maximum_is_refused_in_vietnamese():
    assert validate_value("20,5", max_points=Decimal(20), step=Decimal("0.5")) == ["Điểm không được vượt quá 20."]


def test_a_negative_value_is_refused():
    assert validate_value("-0,5", max_points=Decimal(20), step=Decimal("0.5")) == ["Điểm không được âm."]


@pytest.mark.parametrize("value", ["8,3", "8.25", Decimal("0.1"), "19.99"])
def test_a_value_off_the_step_is_refused(value):
    assert validate_value(value, max_points=Decimal(20), step=Decimal("0.5")) == ["Điểm phải là bội số của 0,5."]


def test_a_step_given_as_text_with_a_comma_works_too():
    assert validate_value("1,5", max_points="4", step="0,5") == []
    assert validate_value("1,25", max_points="4", step="0,25") == []
    assert validate_value("1,2", max_points="4", step="0,25") == ["Điểm phải là bội số của 0,25."]


def test_a_value_both_too_high_and_off_the_step_gets_both_messages():
    assert validate_value("21,3", max_points=Decimal(20), step=Decimal("0.5")) == [
        "Điểm không được vượt quá 20.",
        "Điểm phải là bội số của 0,5.",
    ]


def test_a_huge_value_is_refused_without_crashing():
    assert "Điểm không được vượt quá 20." in validate_value("1E+40", max_points=Decimal(20), step=Decimal("0.5"))


def test_text_is_not_a_score():
    assert validate_value("mười", max_points=Decimal(20), step=Decimal("0.5")) == [
        "Điểm phải là một số, ví dụ 8 hoặc 8,5."
    ]


@pytest.mark.parametrize(
    ("raw", "rounded"),
    [
        ("86.505", Decimal("86.51")),
        ("86.504", Decimal("86.50")),
        ("0.005", Decimal("0.01")),
        ("2.675", Decimal("2.68")),  # a float would give 2.67
        ("86.5", Decimal("86.50")),
    ],
)
def test_rounding_is_half_up_to_two_decimals(raw, rounded):
    assert round_score(raw) == rounded
    assert str(round_score(raw)) == str(rounded)


def test_scores_are_shown_with_a_decimal_comma():
    assert format_score(Decimal("86.5")) == "86,50"
    assert format_score(Decimal("100")) == "100,00"
    assert format_score(Decimal("0.5"), trim=True) == "0,5"
    assert format_score(Decimal("20.00"), trim=True) == "20"


def test_the_total_of_the_seven_criteria_is_their_sum():
    values = {
        "can_thiet": "9",
        "sang_tao": "18,5",
        "lanh_dao_phoi_hop": "8",
        "nhan_dan_tham_gia": "17.5",
        "hieu_qua": Decimal("22"),
        "ben_vung_nhan_rong": 9,
        "ho_so": "4,5",
    }
    assert sheet_total(values, SEVEN) == Decimal("88.50")
    assert max_total(SEVEN) == Decimal("100.00")


def test_weights_multiply_and_non_counting_criteria_are_left_out():
    criteria = [
        Crit("a", Decimal(10), weight=Decimal(2)),
        Crit("b", Decimal(10), weight=Decimal("0.5")),
        Crit("ghi_chu", Decimal(10), counts_toward_total=False),
    ]
    values = {"a": "7,5", "b": "3", "ghi_chu": "10"}
    assert sheet_total(values, criteria) == Decimal("16.50")
    assert max_total(criteria) == Decimal("25.00")


def test_a_weighted_total_is_rounded_half_up():
    criteria = [Crit("a", Decimal(10), weight=Decimal("0.33")), Crit("b", Decimal(10), weight=Decimal("0.335"))]
    # 0.5 × 0.33 + 0.5 × 0.335 = 0.3325 → 0.33; 1.5 × 0.335 = 0.5025 → 0.50
    assert sheet_total({"a": "0,5", "b": "0,5"}, criteria) == Decimal("0.33")
    assert sheet_total({"b": "1,5"}, criteria) == Decimal("0.50")
    # 0.5 × 0.01 = 0.005 → 0.01 (banker's rounding would give 0.00)
    assert sheet_total({"a": "0,5"}, [Crit("a", Decimal(10), weight=Decimal("0.01"))]) == Decimal("0.01")


def test_a_draft_total_counts_missing_values_as_zero_and_lists_them():
    values = {"can_thiet": "9", "sang_tao": ""}
    assert sheet_total(values, SEVEN) == Decimal("9.00")
    assert [c.code for c in missing_criteria(values, SEVEN)] == [
        "sang_tao",
        "lanh_dao_phoi_hop",
        "nhan_dan_tham_gia",
        "hieu_qua",
        "ben_vung_nhan_rong",
        "ho_so",
    ]


def test_a_sheet_spanning_parts_can_key_values_by_primary_key():
    # The three parts of a Hội thi may each have a "thoi_gian" criterion.
    criteria = [Crit("thoi_gian", Decimal(4), pk=1), Crit("thoi_gian", Decimal(4), pk=2)]
    assert sheet_total({1: "4", 2: "3,5"}, criteria, key=lambda c: c.pk) == Decimal("7.50")


criteria_strategy = st.lists(
    st.builds(
        Crit,
        code=st.uuids().map(str),
        max_points=st.integers(min_value=1, max_value=60).map(lambda n: Decimal(n) / 2),
        step=st.sampled_from([Decimal("0.5"), Decimal("0.25"), Decimal("1")]),
        weight=st.sampled_from([Decimal("0"), Decimal("0.5"), Decimal("1"), Decimal("1.5"), Decimal("0.33")]),
        counts_toward_total=st.booleans(),
    ),
    min_size=1,
    max_size=9,
)


@given(criteria=criteria_strategy, data=st.data())
def test_any_valid_sheet_totals_between_zero_and_the_maximum(criteria, data):
    values = {}
    for criterion in criteria:
        steps = int(criterion.max_points / criterion.step)
        value = criterion.step * data.draw(st.integers(min_value=0, max_value=steps))
        assert validate_value(value, max_points=criterion.max_points, step=criterion.step) == []
        values[criterion.code] = value
    total = sheet_total(values, criteria)
    assert Decimal(0) <= total <= max_total(criteria)
    assert total == total.quantize(Decimal("0.01"))


@given(
    value=st.decimals(min_value=-100, max_value=100, places=3, allow_nan=False, allow_infinity=False),
    max_points=st.integers(min_value=1, max_value=50),
)
def test_a_value_is_valid_exactly_when_it_is_in_range_and_on_the_step(value, max_points):
    valid = validate_value(value, max_points=Decimal(max_points), step=Decimal("0.5")) == []
    assert valid == (0 <= value <= max_points and (value * 2) == (value * 2).to_integral_value())


def test_the_results_guide_worked_example_of_the_z_score_rescaling():
    """docs/huong-dan-ket-qua.md works this example by hand; an auditor must land on the same numbers."""
    from contest.results import scoring

    totals = {("A", "X"): 90, ("A", "Y"): 80, ("A", "Z"): 70, ("B", "X"): 70, ("B", "Y"): 68, ("B", "Z"): 60}
    normalised = scoring.normalise_by_judge(totals, max_total=100)
    shown = {key: value.quantize(Decimal("0.00001")) for key, value in normalised.items()}
    assert shown == {
        ("A", "X"): Decimal("81.00000"),
        ("A", "Y"): Decimal("73.00000"),
        ("A", "Z"): Decimal("65.00000"),
        ("B", "X"): Decimal("79.04743"),
        ("B", "Y"): Decimal("76.02372"),
        ("B", "Z"): Decimal("63.92885"),
    }
    scores = {e: scoring.aggregate([normalised[("A", e)], normalised[("B", e)]], "normalised") for e in "XYZ"}
    assert scores == {"X": Decimal("80.02"), "Y": Decimal("74.51"), "Z": Decimal("64.46")}
