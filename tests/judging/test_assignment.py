"""The pure assignment planner (contest/assignment.py): quotas, balance, conflicts, impossibility,
determinism and each judge's randomised order."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contest.judging.assignment import Impossible, Shortfall, order_positions, plan


def _loads(pairs, judges):
    counts = Counter(j for j, _e in pairs)
    return [counts[j] for j in judges]


def test_every_entry_gets_k_judges_and_loads_are_balanced():
    entries, judges = list(range(1, 11)), [101, 102, 103, 104]
    result = plan(entry_ids=entries, judge_ids=judges, k=3, seed=7)
    per_entry = Counter(e for _j, e in result.pairs)
    assert all(per_entry[e] == 3 for e in entries)
    assert len(set(result.pairs)) == 30
    assert sorted(_loads(result.pairs, judges)) == [7, 7, 8, 8]
    assert result.spread == 1


def test_forbidden_pairs_are_never_assigned():
    forbidden = {(101, 1), (102, 1), (103, 2)}
    result = plan(entry_ids=[1, 2, 3], judge_ids=[101, 102, 103, 104], k=2, forbidden=forbidden, seed=1)
    assert not set(result.pairs) & forbidden
    assert {j for j, e in result.pairs if e == 1} == {103, 104}


def test_balance_is_restored_where_conflicts_allow():
    # Judge 101 conflicts with half the entries; the others make up for it, within one.
    entries = list(range(1, 13))
    forbidden = {(101, e) for e in range(1, 7)}
    result = plan(entry_ids=entries, judge_ids=[101, 102, 103], k=1, forbidden=forbidden, seed=3)
    assert sorted(_loads(result.pairs, [101, 102, 103])) == [4, 4, 4]


def test_impossible_when_an_entry_has_too_few_eligible_judges():
    forbidden = {(101, 2), (102, 2), (101, 3)}
    with pytest.raises(Impossible) as error:
        plan(entry_ids=[1, 2, 3], judge_ids=[101, 102, 103], k=2, forbidden=forbidden, seed=0)
    assert error.value.shortfalls == [Shortfall(entry_id=2, needed=2, eligible=1, conflicted=2)]


def test_existing_assignments_are_kept_and_counted():
    existing = [(101, 1), (102, 1)]
    result = plan(entry_ids=[1, 2], judge_ids=[101, 102, 103], k=2, existing=existing, seed=5)
    assert not set(result.pairs) & set(existing)
    per_entry = Counter(e for _j, e in [*result.pairs, *existing])
    assert per_entry == {1: 2, 2: 2}
    # Judge 103 had nothing, so entry 2 goes to 103 first.
    assert (103, 2) in result.pairs


def test_all_judges_score_all_gives_every_free_judge_every_entry():
    forbidden = {(101, 1)}
    result = plan(entry_ids=[1, 2], judge_ids=[101, 102, 103], k=1, forbidden=forbidden, all_judges=True, seed=0)
    assert set(result.pairs) == {(102, 1), (103, 1), (101, 2), (102, 2), (103, 2)}


def test_all_judges_score_all_is_impossible_only_for_an_entry_nobody_may_score():
    forbidden = {(101, 1), (102, 1)}
    with pytest.raises(Impossible) as error:
        plan(entry_ids=[1, 2], judge_ids=[101, 102], k=1, forbidden=forbidden, all_judges=True, seed=0)
    assert [s.entry_id for s in error.value.shortfalls] == [1]


def test_the_same_seed_gives_the_same_plan_and_another_seed_usually_not():
    kwargs = {"entry_ids": list(range(40)), "judge_ids": list(range(100, 109)), "k": 3}
    first = plan(**kwargs, seed=2026)
    assert plan(**kwargs, seed=2026) == first
    assert plan(**{**kwargs, "entry_ids": list(reversed(range(40)))}, seed=2026) == first
    assert any(plan(**kwargs, seed=s).pairs != first.pairs for s in range(1, 5))


def test_positions_are_a_seeded_permutation_after_the_existing_ones():
    positions = order_positions({101: [1, 2, 3, 4, 5], 102: [6]}, seed=9, start={101: 2})
    assert sorted(positions[(101, e)] for e in range(1, 6)) == [3, 4, 5, 6, 7]
    assert positions[(102, 6)] == 1
    assert order_positions({101: [5, 4, 3, 2, 1]}, seed=9, start={101: 2}) == {
        k: v for k, v in positions.items() if k[0] == 101
    }
    orders = {
        tuple(sorted(range(1, 9), key=lambda e, s=s: order_positions({1: range(1, 9)}, seed=s)[(1, e)]))
        for s in range(5)
    }
    assert len(orders) > 1  # not simply the entries' order


@st.composite
def rounds(draw):
    judges = list(range(100, 100 + draw(st.integers(1, 8))))
    entries = list(range(draw(st.integers(0, 25))))
    k = draw(st.integers(1, len(judges)))
    pairs = st.tuples(st.sampled_from(judges), st.sampled_from(entries)) if entries else st.nothing()
    forbidden = draw(st.sets(pairs, max_size=15)) if entries else set()
    return entries, judges, k, forbidden, draw(st.integers(0, 2**31))


@settings(max_examples=150, deadline=None)
@given(rounds())
def test_property_quota_met_and_no_forbidden_pair_or_a_true_shortfall(data):
    entries, judges, k, forbidden, seed = data
    try:
        result = plan(entry_ids=entries, judge_ids=judges, k=k, forbidden=forbidden, seed=seed)
    except Impossible as error:
        for s in error.shortfalls:
            assert sum(1 for j in judges if (j, s.entry_id) not in forbidden) < k
        assert {s.entry_id for s in error.shortfalls} == {
            e for e in entries if sum(1 for j in judges if (j, e) not in forbidden) < k
        }
        return
    assert not set(result.pairs) & forbidden
    assert len(set(result.pairs)) == len(result.pairs)
    assert Counter(e for _j, e in result.pairs) == dict.fromkeys(entries, k) if entries else result.pairs == []
    assert result == plan(entry_ids=entries, judge_ids=judges, k=k, forbidden=forbidden, seed=seed)
    # Each judge's positions are 1..n.
    for j in judges:
        mine = sorted(p for (jj, _e), p in result.positions.items() if jj == j)
        assert mine == list(range(1, len(mine) + 1))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 9), st.integers(0, 60), st.data())
def test_property_without_conflicts_loads_differ_by_at_most_one(n_judges, n_entries, data):
    k = data.draw(st.integers(1, n_judges))
    judges = list(range(n_judges))
    result = plan(entry_ids=range(n_entries), judge_ids=judges, k=k, seed=data.draw(st.integers(0, 1000)))
    loads = _loads(result.pairs, judges)
    assert max(loads) - min(loads) <= 1
    assert sum(loads) == n_entries * k
