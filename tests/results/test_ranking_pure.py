"""contest/scoring.py aggregation and contest/ranking.py: the rules a jury must be able to defend,
checked on examples and, with hypothesis, on every input it can think of."""

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contest.results import ranking, scoring
from contest.results.ranking import Candidate, Tier, advance, allocate, classify, rank

D = Decimal
scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
score_lists = st.lists(scores, min_size=1, max_size=9)


# --- aggregation --------------------------------------------------------------------------------


def test_the_methods_on_a_worked_example():
    totals = [D("80"), D("85.5"), D("90"), D("62"), D("88")]
    assert scoring.aggregate(totals, scoring.MEAN) == D("81.10")
    assert scoring.aggregate(totals, scoring.MEDIAN) == D("85.50")
    # 62 and 90 dropped: (80 + 85.5 + 88) / 3 = 84.5
    assert scoring.aggregate(totals, scoring.TRIMMED_MEAN) == D("84.50")
    # Fewer than five sheets: no trimming.
    assert scoring.aggregate(totals[:4], scoring.TRIMMED_MEAN) == scoring.aggregate(totals[:4], scoring.MEAN)


def test_rounding_is_stated_half_up_to_two_decimals():
    # (86 + 86.01) / 2 = 86.005 → 86.01, never banker's 86.00
    assert scoring.aggregate([D("86"), D("86.01")]) == D("86.01")
    assert scoring.aggregate([D(1), D(1), D(2)]) == D("1.33")


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError):
        scoring.aggregate([D(1)], "vote")


@given(score_lists)
def test_trimmed_mean_and_median_lie_within_the_scores(values):
    for method in (scoring.MEAN, scoring.MEDIAN, scoring.TRIMMED_MEAN):
        assert min(values) <= scoring.aggregate(values, method) <= max(values)


@given(score_lists, st.randoms(use_true_random=False))
def test_aggregation_does_not_depend_on_the_order_of_the_sheets(values, rnd):
    shuffled = list(values)
    rnd.shuffle(shuffled)
    for method in (scoring.MEAN, scoring.MEDIAN, scoring.TRIMMED_MEAN):
        assert scoring.aggregate(values, method) == scoring.aggregate(shuffled, method)


def test_discrepancy_is_flagged_from_the_threshold_on():
    assert scoring.is_discrepant([D(70), D(90)])  # exactly 20
    assert not scoring.is_discrepant([D(70), D("89.5")])
    assert scoring.is_discrepant([D(70), D(80)], threshold=10)
    assert not scoring.is_discrepant([D(70)])


def _round_totals(judges=4, entries=6, seed=0):
    rnd = random.Random(seed)
    return {(j, e): D(rnd.randint(40, 95)) for j in range(judges) for e in range(entries)}


def test_normalisation_cancels_a_lenient_judge():
    # Judge 1 scores the same entries in the same order as judge 0, 15 points higher.
    totals = {}
    for e, base in enumerate([60, 70, 80]):
        totals[(0, e)] = D(base)
        totals[(1, e)] = D(base + 15)
    normalised = scoring.normalise_by_judge(totals, max_total=100)
    for e in range(3):
        assert normalised[(0, e)] == normalised[(1, e)]


@settings(max_examples=60)
@given(
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=3),
    st.decimals(min_value=-30, max_value=30, places=2),
)
def test_adding_a_constant_to_one_judge_changes_no_z_score_and_no_ranking(seed, judge, constant):
    totals = _round_totals(seed=seed)
    shifted = {key: value + constant if key[0] == judge else value for key, value in totals.items()}
    # Unclamped scale so that only the shift is being tested.
    before = scoring.normalise_by_judge(totals, max_total=10_000)
    after = scoring.normalise_by_judge(shifted, max_total=10_000)
    # Every judge's z-scores are unchanged; only the common target mean may move, and it moves
    # every normalised total by the same amount, so no gap and no order changes.
    moves = {(after[key] - before[key]).quantize(D("0.000001")) for key in totals}
    assert len(moves) == 1

    def order(values):
        per_entry = {}
        for (_j, e), v in values.items():
            per_entry.setdefault(e, []).append(v)
        # Exact means: the stated rounding to the cent can still turn a 0.004 gap into a tie (or
        # back) when the common mean moves, which is rounding, not a judge's leniency at work.
        means = {e: scoring.mean(v) for e, v in per_entry.items()}
        return [r.rank for r in sorted(rank([Candidate(e, s) for e, s in means.items()]), key=lambda r: r.key)]

    assert order(before) == order(after)


def test_a_judge_without_spread_sits_at_the_common_mean():
    totals = {(0, 0): D(80), (0, 1): D(80), (1, 0): D(60), (1, 1): D(90)}
    normalised = scoring.normalise_by_judge(totals, max_total=100)
    assert normalised[(0, 0)] == normalised[(0, 1)] == D("77.5")  # mean of the judges' means (80, 75)


@given(st.dictionaries(st.tuples(st.integers(0, 4), st.integers(0, 9)), scores, min_size=1, max_size=40))
def test_normalised_totals_stay_on_the_rubric_scale(totals):
    for value in scoring.normalise_by_judge(totals, max_total=100).values():
        assert 0 <= value <= 100


# --- ranking ------------------------------------------------------------------------------------


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    ranked = rank([Candidate("a", D(90)), Candidate("b", D(85)), Candidate("c", D(85)), Candidate("d", D(80))])
    assert [(r.key, r.rank, r.shared) for r in ranked] == [
        ("a", 1, False),
        ("b", 2, True),
        ("c", 2, True),
        ("d", 4, False),
    ]


def test_the_tie_break_chain_in_order():
    # Same total; hiệu quả first, then nhân dân tham gia.
    a = Candidate("a", D(85), tie_values=(D(20), D(18)))
    b = Candidate("b", D(85), tie_values=(D(22), D(10)))
    c = Candidate("c", D(85), tie_values=(D(20), D(19)))
    ranked = {r.key: r for r in rank([a, b, c])}
    assert (ranked["b"].rank, ranked["c"].rank, ranked["a"].rank) == (1, 2, 3)
    assert ranked["b"].decided_by == "criterion:0"
    assert ranked["c"].decided_by == "criterion:1"


def test_then_the_judges_who_rank_it_higher_then_the_jury():
    a = Candidate("a", D(85), judge_totals={1: D(90), 2: D(80), 3: D(85)})
    b = Candidate("b", D(85), judge_totals={1: D(80), 2: D(90), 3: D(84)})
    ranked = {r.key: r for r in rank([a, b])}
    assert (ranked["a"].rank, ranked["b"].rank, ranked["a"].decided_by) == (1, 2, "judges")

    c = Candidate("c", D(85), judge_totals={1: D(80), 2: D(90)})
    d = Candidate("d", D(85), judge_totals={1: D(90), 2: D(80)})
    assert {r.rank for r in rank([c, d])} == {1}  # nothing breaks it: shared
    decided = {r.key: r for r in rank([c, d], jury_order=["d", "c"])}
    assert (decided["d"].rank, decided["c"].rank, decided["d"].decided_by) == (1, 2, "jury")


candidates = st.lists(
    st.builds(
        Candidate,
        key=st.integers(0, 10_000),
        score=st.sampled_from([D(70), D("85.5"), D(90), D(60)]),
        tie_values=st.tuples(st.sampled_from([D(10), D(20)])),
        judge_totals=st.dictionaries(st.integers(0, 3), st.sampled_from([D(70), D(80)]), max_size=4),
    ),
    max_size=12,
    unique_by=lambda c: c.key,
)


@given(candidates)
def test_ranks_are_consistent_with_scores(cands):
    ranked = rank(cands)
    assert sorted(r.key for r in ranked) == sorted(c.key for c in cands)
    for x in ranked:
        for y in ranked:
            if x.score > y.score:
                assert x.rank < y.rank
    # Competition ranking: a rank is 1 + the number of entries strictly ahead.
    for r in ranked:
        assert r.rank == 1 + sum(1 for o in ranked if o.rank < r.rank)


@given(candidates, st.randoms(use_true_random=False))
def test_ranking_does_not_depend_on_the_input_order(cands, rnd):
    shuffled = list(cands)
    rnd.shuffle(shuffled)
    assert rank(cands) == rank(shuffled)


@given(candidates)
def test_ties_never_split_without_a_rule(cands):
    bare = [Candidate(c.key, c.score) for c in cands]
    ranked = rank(bare, use_judges=False)
    for x in ranked:
        for y in ranked:
            if x.score == y.score:
                assert x.rank == y.rank


def test_duplicate_keys_are_refused():
    with pytest.raises(ValueError):
        rank([Candidate(1, D(1)), Candidate(1, D(2))])


# --- classification, prizes, advancement --------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (D(100), "xuat_sac"),
        (D(85), "xuat_sac"),
        (D("84.99"), "tot"),
        (D(70), "tot"),
        (D(50), "kha"),
        (D(49), "chua_dat"),
    ],
)
def test_classification_bands(score, band):
    assert classify(score) == band


TIERS = [Tier("nhat", 1), Tier("nhi", 2), Tier("ba", 3), Tier("kk", 5)]


def _ranking(*scores):
    return rank([Candidate(i, D(s)) for i, s in enumerate(scores)], use_judges=False)


def test_prizes_go_down_the_ranking_and_stop_at_the_minimum_score():
    result = allocate(_ranking(95, 90, 88, 80, 75, 72, 69, 60), TIERS)
    assert result.awards == {0: "nhat", 1: "nhi", 2: "nhi", 3: "ba", 4: "ba", 5: "ba"}
    assert result.unawarded == ["kk"] and result.unresolved == []


def test_a_tier_nobody_reaches_stays_unawarded():
    result = allocate(_ranking(80, 78), [Tier("nhat", 1, min_score=D(90)), Tier("nhi", 1), Tier("ba", 1)])
    assert result.awards == {0: "nhi", 1: "ba"}
    assert result.unawarded == ["nhat"]


def test_shared_prizes_and_their_refusal():
    shared = allocate(_ranking(95, 95, 90), TIERS)
    assert shared.awards == {0: "nhat", 1: "nhat", 2: "nhi"}
    strict = allocate(_ranking(95, 95, 90), TIERS, shared=False)
    assert strict.awards == {}
    assert strict.unresolved == [("nhat", [0, 1])]


def test_the_cap_limits_winners_and_a_tie_at_its_edge_waits_for_the_jury():
    ten = _ranking(99, 98, 97, 96, 95, 94, 93, 92, 91, 90)
    assert len(allocate(ten, TIERS, cap_share=D("0.3")).awards) == 3
    tied = _ranking(99, 98, 97, 97, 95, 94, 93, 92, 91, 90)
    result = allocate(tied, TIERS, cap_share=D("0.3"))
    assert result.awards == {0: "nhat", 1: "nhi"}
    assert result.unresolved == [("nhi", [2, 3])]


@given(st.lists(scores, max_size=15), st.booleans())
def test_prizes_respect_the_minimum_the_quotas_and_the_order(values, shared):
    ranked = _ranking(*values)
    result = allocate(ranked, TIERS, shared=shared)
    by_key = {r.key: r for r in ranked}
    order = [t.code for t in TIERS]
    for key in result.awards:
        assert by_key[key].score >= 70
    for x, tx in result.awards.items():
        for y, ty in result.awards.items():
            if by_key[x].score > by_key[y].score:
                assert order.index(tx) <= order.index(ty)
    if not shared:
        for tier in TIERS:
            assert sum(1 for t in result.awards.values() if t == tier.code) <= tier.quota
    # Nobody who beat a prize-winner goes without a prize, unless a tie is waiting for the jury.
    if not result.unresolved:
        lowest = min((by_key[k].score for k in result.awards), default=None)
        for r in ranked:
            if lowest is not None and r.score > lowest:
                assert r.key in result.awards


def test_advancement_by_top_n_takes_the_whole_tie_and_by_threshold():
    ranked = _ranking(90, 85, 85, 80)
    assert advance(ranked, top=2) == [0, 1, 2]
    assert advance(ranked, threshold=D(85)) == [0, 1, 2]
    assert advance(ranked, top=1, threshold=D(95)) == []
    with pytest.raises(ValueError):
        advance(ranked)


def test_default_bands_are_the_domain_ones():
    assert [code for _min, code in ranking.DEFAULT_BANDS] == ["xuat_sac", "tot", "kha", "chua_dat"]


def _pairwise_wins(group):
    """The definition, pair by pair: the judge tie-break must count exactly this."""
    return {
        c.key: sum(
            1
            for o in group
            if o is not c
            for judge, total in c.judge_totals.items()
            if judge in o.judge_totals and total > o.judge_totals[judge]
        )
        for c in group
    }


@given(candidates)
def test_the_judge_count_tie_break_matches_its_pairwise_definition(cands):
    assert ranking._judges_preferring(cands) == _pairwise_wins(cands)


def test_a_large_tie_is_broken_quickly_enough_to_rank_a_whole_round():
    # 3,000 entries on the same score, 7 judges each: pairwise would be 63 million comparisons.
    rnd = random.Random(7)
    group = [Candidate(i, D(80), judge_totals={j: D(rnd.randint(60, 100)) for j in range(7)}) for i in range(3000)]
    ranked = rank(group)
    assert len(ranked) == 3000 and ranked[0].decided_by == "judges"
