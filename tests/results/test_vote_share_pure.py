"""The vote as a capped share of the final score (contest/results/vote_share.py): exact, bounded,
monotone, and it never lets the vote outweigh the jury."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contest.results import vote_share
from contest.results.vote_share import HARD_CAP, combine, final_score, share_problems

scores = st.decimals(min_value=0, max_value=100, places=2)
percents = st.decimals(min_value=Decimal("0.1"), max_value=HARD_CAP, places=1)


def test_a_worked_example():
    # Jury 80, share 20 %, rubric out of 100, the favourite 400 votes, this entry 100:
    # 80 × 0.8 + 0.2 × 100 × 100/400 = 64 + 5 = 69.
    assert final_score(Decimal(80), 100, 400, percent=Decimal(20), max_total=Decimal(100)) == Decimal("69.00")
    # A third of the votes: 0.2 × 100/3 = 6.666… → only the final is rounded: 64 + 6.666… = 70.67.
    assert final_score(Decimal(80), 1, 3, percent=Decimal(20), max_total=Decimal(100)) == Decimal("70.67")


def test_rounding_is_done_once_on_the_exact_value():
    # 0.1 % of 100 × 1/8 = 0.0125; jury 0 → 0.0125 rounds to 0.01 (not 0.02 via a rounded vote part).
    assert final_score(Decimal(0), 1, 8, percent=Decimal("0.1"), max_total=Decimal(100)) == Decimal("0.01")
    # Exactly half a cent rounds up.
    assert final_score(Decimal(0), 1, 4, percent=Decimal("0.1"), max_total=Decimal("20")) == Decimal("0.01")


def test_no_votes_at_all_leaves_the_jury_order():
    out = combine({1: (Decimal(90), 0), 2: (Decimal(80), 0)}, percent=Decimal(30), max_total=Decimal(100))
    assert out[1].final > out[2].final
    assert out[1].vote_score == out[2].vote_score == Decimal("0.00")


@pytest.mark.parametrize(
    ("percent", "cap", "problems"),
    [
        (Decimal(20), Decimal(30), []),
        (Decimal(30), Decimal(30), []),
        (Decimal(31), Decimal(30), ["over_cap"]),
        (Decimal(0), Decimal(30), ["positive"]),
        (Decimal(60), Decimal(60), ["cap_over_hard_cap", "over_hard_cap"]),
        (Decimal(10), Decimal(0), ["over_cap"]),
    ],
)
def test_share_problems(percent, cap, problems):
    assert share_problems(percent, cap) == problems


def test_votes_above_the_top_are_refused():
    with pytest.raises(ValueError):
        vote_share.vote_part(5, 4, Decimal(100))


@given(jury=scores, votes=st.integers(0, 10_000), extra=st.integers(0, 10_000), percent=percents)
def test_the_final_is_exact_and_between_its_parts(jury, votes, extra, percent):
    top = votes + extra
    final = final_score(jury, votes, top, percent=percent, max_total=Decimal(100))
    exact = Fraction(jury) * (100 - Fraction(percent)) / 100 + (
        Fraction(percent) / 100 * 100 * Fraction(votes, top) if top else 0
    )
    assert abs(Fraction(final) - exact) <= Fraction(1, 200)
    assert final == final.quantize(Decimal("0.01"))
    # The vote moves the score by at most its share of the rubric's maximum.
    assert abs(Fraction(final) - Fraction(jury)) <= Fraction(percent) + Fraction(1, 200)


@given(
    a=scores,
    b=scores,
    votes_a=st.integers(0, 1000),
    votes_b=st.integers(0, 1000),
    percent=percents,
)
def test_the_vote_only_decides_when_the_jury_is_close(a, b, votes_a, votes_b, percent):
    out = combine({"a": (a, votes_a), "b": (b, votes_b)}, percent=percent, max_total=Decimal(100))
    # More votes never hurt, and equal votes keep the jury's order.
    if votes_a == votes_b and a > b:
        assert out["a"].final >= out["b"].final
    # The vote can overturn the jury only when the gap is below what the share allows:
    # p/(100−p) × max_total (here max 100) — with p ≤ 50 never more than the whole rubric.
    if out["b"].final > out["a"].final and a > b:
        assert (a - b) * (100 - percent) <= percent * 100 + 1


@given(jury=scores, votes=st.integers(0, 99), percent=percents)
def test_more_votes_never_lower_the_score(jury, votes, percent):
    lower = final_score(jury, votes, 100, percent=percent, max_total=Decimal(100))
    higher = final_score(jury, votes + 1, 100, percent=percent, max_total=Decimal(100))
    assert higher >= lower
