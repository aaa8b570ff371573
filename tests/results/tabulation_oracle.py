"""The oracle for contest/results/score_sums.py: tabulation's former path, which streamed every
submitted score into Python and summed it there, kept verbatim (but for its return value) so that
the database path can be compared with it — by tests/results/test_tabulation_sums.py on
hypothesis-generated rounds, and by bench/ranking_bench.py on its 10,000-entry round."""

from collections import defaultdict
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock

from contest.judging.enums import CriterionScorer, SheetKind, SheetStatus
from contest.judging.models import Score, ScoreSheet
from contest.results import scoring, tabulation
from contest.results.score_sums import ScoreSums

SCORE_CHUNK = 10_000


def streamed_sums(round, criteria, parts) -> ScoreSums:
    by_id = {c.pk: c for c in criteria}
    jury_totals = defaultdict(Decimal)
    secretariat_totals = defaultdict(Decimal)
    criterion_sums, criterion_counts = defaultdict(Decimal), defaultdict(int)
    weights = {c.pk: scoring.parse_value(c.weight) for c in criteria}
    scores = (
        Score.objects.filter(sheet__round=round, sheet__status=SheetStatus.SUBMITTED)
        .values_list("sheet__entry_id", "sheet__judge_id", "sheet__kind", "criterion_id", "value")
        .iterator(chunk_size=SCORE_CHUNK)
    )
    part_of = {c.pk: c.rubric.part for c in criteria}
    for entry_id, judge_id, kind, criterion_id, value in scores:
        criterion = by_id[criterion_id]
        criterion_sums[(entry_id, criterion_id)] += value
        criterion_counts[(entry_id, criterion_id)] += 1
        if not criterion.counts_toward_total:
            continue
        part = part_of[criterion_id]
        if kind == SheetKind.SECRETARIAT:
            secretariat_totals[(entry_id, part)] += value * weights[criterion_id]
        elif criterion.scored_by == CriterionScorer.JURY:
            jury_totals[(entry_id, judge_id, part)] += value * weights[criterion_id]

    submitted, secretariat_done = set(), set()
    for entry_id, judge_id, kind in ScoreSheet.objects.filter(round=round, status=SheetStatus.SUBMITTED).values_list(
        "entry_id", "judge_id", "kind"
    ):
        if kind == SheetKind.JURY:
            submitted.add((entry_id, judge_id))
        else:
            secretariat_done.add(entry_id)
    return ScoreSums(
        jury_totals=dict(jury_totals),
        secretariat_totals=dict(secretariat_totals),
        criterion_sums=dict(criterion_sums),
        criterion_counts=dict(criterion_counts),
        submitted=submitted,
        secretariat_done=secretariat_done,
    )


@contextmanager
def streamed():
    """tabulation.tabulate with the former, streaming path."""
    with mock.patch.object(tabulation, "score_sums", streamed_sums):
        yield


def table_facts(table) -> dict:
    """Everything a result table says, comparable with ==."""
    rows = [{name: getattr(row, name) for name in row.__dataclass_fields__} for row in table.rows]
    return {
        "rows": rows,
        "unresolved": table.unresolved,
        "unawarded": table.unawarded,
        "max_total": table.max_total,
    }
