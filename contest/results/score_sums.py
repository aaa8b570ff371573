"""A round's submitted scores summed in the database: what tabulation needs, and nothing per score.

Two aggregate queries, whatever the size of the round:

- one row per submitted sheet (entry, judge, kind) with its weighted total on each part, a
  column per part (a sheet with no score still gives its row: it counts as submitted);
- one row per entry with the sum and the count of its scores on each criterion, a column per
  criterion (for the criterion means).

The arithmetic is exact on SQLite too, where a decimal column holds a binary float: every score
and weight has two decimals (the columns say so), so both are read as integer hundredths and
summed as integers; Python turns the sums back into Decimals. Pivoting parts and criteria into
columns keeps the rows to one per sheet and one per entry: a rubric has a few parts and a few
dozen criteria, a round up to hundreds of thousands of scores.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Cast, Round

from contest.judging.enums import CriterionScorer, SheetKind, SheetStatus
from contest.judging.models import Score, ScoreSheet
from contest.results import scoring

HUNDRED = 100


@dataclass
class ScoreSums:
    jury_totals: dict = field(default_factory=dict)  # (entry, judge, part) → weighted total
    secretariat_totals: dict = field(default_factory=dict)  # (entry, part) → weighted total
    criterion_sums: dict = field(default_factory=dict)  # (entry, criterion id) → sum of the scores
    criterion_counts: dict = field(default_factory=dict)  # (entry, criterion id) → how many scores
    submitted: set = field(default_factory=set)  # (entry, judge) of submitted jury sheets
    secretariat_done: set = field(default_factory=set)  # entries whose secretariat sheet is submitted


def _hundredths(expression):
    """A two-decimal number as an exact integer (ROUND absorbs SQLite's float representation)."""
    return Cast(Round(expression * Value(HUNDRED)), IntegerField())


def _weighted(criteria, prefix=""):
    """value × weight in ten-thousandths, an integer: one branch per distinct weight."""
    by_weight = defaultdict(list)
    for c in criteria:
        by_weight[int(scoring.parse_value(c.weight) * HUNDRED)].append(c.pk)
    weight = Case(
        *(When(**{f"{prefix}criterion_id__in": ids}, then=Value(w)) for w, ids in by_weight.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    return _hundredths(F(f"{prefix}value")) * weight


def _from_hundredths(total, places=2) -> Decimal:
    return Decimal(total).scaleb(-places)


def score_sums(round, criteria, parts) -> ScoreSums:
    """The submitted scores of ``round`` summed per sheet and part, and per entry and criterion."""
    sums = ScoreSums()
    counting = [c for c in criteria if c.counts_toward_total]
    columns = {}
    for i, part in enumerate(parts):
        jury_ids = [c.pk for c in counting if c.rubric.part == part and c.scored_by == CriterionScorer.JURY]
        all_ids = [c.pk for c in counting if c.rubric.part == part]
        # A jury sheet's total counts the jury's criteria only; the secretariat's sheet all counting
        # criteria of the part (its points on multiple-choice answers).
        columns[f"part_{i}"] = Sum(
            _weighted(counting, prefix="scores__"),
            filter=Q(kind=SheetKind.JURY, scores__criterion_id__in=jury_ids)
            | Q(kind=SheetKind.SECRETARIAT, scores__criterion_id__in=all_ids),
        )
    sheets = (
        ScoreSheet.objects.filter(round=round, status=SheetStatus.SUBMITTED)
        .values_list("entry_id", "judge_id", "kind")
        .annotate(**columns)
        .order_by()
    )
    jury_totals, secretariat_totals = sums.jury_totals, sums.secretariat_totals
    for entry_id, judge_id, kind, *totals in sheets:
        if kind == SheetKind.JURY:
            sums.submitted.add((entry_id, judge_id))
        else:
            sums.secretariat_done.add(entry_id)
        for part, total in zip(parts, totals, strict=True):
            if total is None:  # no counting score on this part: no total, as opposed to a zero
                continue
            if kind == SheetKind.JURY:
                jury_totals[(entry_id, judge_id, part)] = _from_hundredths(total, 4)
            else:
                secretariat_totals[(entry_id, part)] = _from_hundredths(total, 4)

    if not criteria:
        return sums
    per_criterion = {}
    for c in criteria:
        per_criterion[f"sum_{c.pk}"] = Sum(_hundredths(F("value")), filter=Q(criterion_id=c.pk))
        per_criterion[f"n_{c.pk}"] = Count("id", filter=Q(criterion_id=c.pk))
    entries = (
        Score.objects.filter(sheet__round=round, sheet__status=SheetStatus.SUBMITTED)
        .values_list("sheet__entry_id")
        .annotate(**per_criterion)
        .order_by()
    )
    ids = [c.pk for c in criteria]
    for entry_id, *values in entries:
        for i, criterion_id in enumerate(ids):
            count = values[2 * i + 1]
            if count:
                sums.criterion_sums[(entry_id, criterion_id)] = _from_hundredths(values[2 * i])
                sums.criterion_counts[(entry_id, criterion_id)] = count
    return sums
