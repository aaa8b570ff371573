"""Part scores the secretariat enters, such as a Hội thi's multiple-choice answers (DOMAIN.md §7).

Criteria with ``scored_by = secretariat`` never appear on a judge's sheet. Their values sit on one
ScoreSheet of kind "secretariat" per entry and round (constraint ``secretariat_sheet_once``), whose
``judge`` is the staff member who first opened it. Because they are ordinary Score rows, the rubric
lock (services/rubrics.py) and the audited rubric reset cover them with no extra code.

Decisions:

- **Status.** The sheet is SUBMITTED as soon as every counting secretariat criterion of the entry
  has a value, DRAFT otherwise (also after a value is cleared or a rubric is reset). Aggregation
  (issue 4) can then treat jury and secretariat sheets alike: only submitted sheets count.
- **Deadline.** The round's scoring deadline binds the jury, not the secretariat: answers are
  tallied after the event, so these scores stay editable until the results are frozen
  (``results.ensure_scores_open``, under the rubric locks that a freeze also takes).
- **One grid, one transaction.** A page of the grid is saved at once: every cell is checked first,
  one bad cell saves nothing. Each sheet that changes gets one audit record (score.create the first
  time, score.change afterwards) with old → new per criterion and ``_status`` when it moved.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core import audit
from contest.core.errors import DomainError
from contest.judging.enums import CriterionScorer, SheetKind, SheetStatus
from contest.judging.models import Criterion, RoundEntry, Rubric, Score, ScoreSheet
from contest.judging.services import sheets
from contest.results import scoring
from contest.results.services import snapshots as results


class SecretariatScoresInvalid(DomainError):
    """Some cells cannot be saved; ``errors`` maps (entry id, criterion id) to messages."""

    def __init__(self, message, *, errors):
        super().__init__(message)
        self.errors = errors


@dataclass
class SaveResult:
    changed_scores: int = 0
    changed_sheets: int = 0


@dataclass
class GridRow:
    round_entry: RoundEntry
    criteria: list  # the entry's own secretariat criteria (a field's rubric may differ)
    values: dict = field(default_factory=dict)  # criterion id → Decimal
    sheet: ScoreSheet | None = None


@dataclass
class Grid:
    columns: list  # every secretariat criterion some row of the grid uses, in rubric order
    rows: list


# ---------------------------------------------------------------------------------------------
# Which criteria apply
# ---------------------------------------------------------------------------------------------


def _order(criterion):
    return (criterion.rubric.order, criterion.rubric_id, criterion.order, criterion.pk)


def secretariat_criteria(*, round, entry) -> list[Criterion]:
    """The criteria the secretariat scores for ``entry`` in ``round``."""
    return list(
        Criterion.objects.filter(
            rubric__in=sheets.rubrics_for(round=round, entry=entry), scored_by=CriterionScorer.SECRETARIAT
        )
        .select_related("rubric")
        .order_by("rubric__order", "rubric_id", "order", "id")
    )


class _RoundCriteria:
    """The secretariat criteria of every field of a round, from two queries.

    Mirrors sheets.rubrics_for (per part, the field's own rubric wins over the one for every
    field) so that a grid of hundreds of entries does not cost a query per entry.
    """

    def __init__(self, round):
        self.rubrics = list(Rubric.objects.filter(round=round).order_by("order", "id"))
        by_rubric = defaultdict(list)
        for criterion in (
            Criterion.objects.filter(rubric__round=round, scored_by=CriterionScorer.SECRETARIAT)
            .select_related("rubric")
            .order_by("rubric__order", "rubric_id", "order", "id")
        ):
            by_rubric[criterion.rubric_id].append(criterion)
        self.by_rubric = by_rubric
        self._cache = {}

    def for_field(self, field_id) -> list[Criterion]:
        if field_id not in self._cache:
            self._cache[field_id] = [c for r in _choose(self.rubrics, field_id) for c in self.by_rubric[r.pk]]
        return self._cache[field_id]


def _choose(rubrics, field_id) -> list:
    """The rubrics (of one round, in order) that score an entry of ``field_id``: per part, the
    field's own rubric wins over the one for every field (as sheets.rubrics_for)."""
    chosen: dict[str, Rubric] = {}
    for rubric in rubrics:
        if rubric.field_id not in (None, field_id):
            continue
        current = chosen.get(rubric.part)
        if current is None or (current.field_id is None and rubric.field_id is not None):
            chosen[rubric.part] = rubric
    return sorted(chosen.values(), key=lambda r: (r.order, r.id))


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def round_entries(round):
    """The entries of a round in code order, with what the grid shows of them."""
    return RoundEntry.objects.filter(round=round).select_related("entry__unit", "group").order_by("code")


def read_grid(*, round, rows=None) -> Grid:
    """The grid of ``rows`` (RoundEntry objects; all entries of the round when None) × their
    secretariat criteria, with current values. Four queries whatever the number of rows."""
    rows = list(round_entries(round) if rows is None else rows)
    applicable = _RoundCriteria(round)
    stored: defaultdict[int, dict[int, Decimal]] = defaultdict(dict)
    sheets_by_entry = {}
    scores = Score.objects.filter(
        sheet__round=round, sheet__kind=SheetKind.SECRETARIAT, sheet__entry_id__in=[r.entry_id for r in rows]
    ).select_related("sheet")
    for score in scores:
        stored[score.sheet.entry_id][score.criterion_id] = score.value
        sheets_by_entry[score.sheet.entry_id] = score.sheet
    grid_rows, columns = [], {}
    for round_entry in rows:
        criteria = applicable.for_field(round_entry.entry.field_id)
        for criterion in criteria:
            columns[criterion.pk] = criterion
        grid_rows.append(
            GridRow(
                round_entry=round_entry,
                criteria=criteria,
                values=stored.get(round_entry.entry_id, {}),
                sheet=sheets_by_entry.get(round_entry.entry_id),
            )
        )
    return Grid(columns=sorted(columns.values(), key=_order), rows=grid_rows)


def round_columns(round) -> list[Criterion]:
    """Every secretariat criterion some entry of the round uses (for a page's header, so that
    the columns do not change from one page to the next)."""
    applicable = _RoundCriteria(round)
    fields = set(RoundEntry.objects.filter(round=round).values_list("entry__field_id", flat=True))
    columns = {c.pk: c for field_id in fields for c in applicable.for_field(field_id)}
    return sorted(columns.values(), key=_order)


def progress(rounds) -> dict:
    """round id → (values entered, values expected), in a constant number of queries.

    Expected counts one value per entry × applicable secretariat criterion.
    """
    round_ids = [r.pk for r in rounds]
    rubrics = defaultdict(list)
    secretariat = Q(criteria__scored_by=CriterionScorer.SECRETARIAT)
    for rubric in Rubric.objects.filter(round_id__in=round_ids).annotate(n=Count("criteria", filter=secretariat)):
        rubrics[rubric.round_id].append(rubric)
    fields = defaultdict(list)
    for round_id, field_id in RoundEntry.objects.filter(round_id__in=round_ids).values_list(
        "round_id", "entry__field_id"
    ):
        fields[round_id].append(field_id)
    entered = dict(
        Score.objects.filter(sheet__round_id__in=round_ids, sheet__kind=SheetKind.SECRETARIAT)
        .values_list("sheet__round_id")
        .annotate(n=Count("id"))
        .values_list("sheet__round_id", "n")
    )
    result = {}
    for round_id in round_ids:
        per_field = {f: sum(r.n for r in _choose(rubrics[round_id], f)) for f in set(fields[round_id])}
        result[round_id] = (entered.get(round_id, 0), sum(per_field[f] for f in fields[round_id]))
    return result


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def _keys(values) -> dict:
    try:
        return {(int(e), int(c)): v for (e, c), v in values.items()}
    except (TypeError, ValueError):
        raise DomainError(_("Ô điểm không hợp lệ.")) from None


def _check(
    *, values, round_entries_by_id, applicable
) -> tuple[dict[tuple[int, int], Decimal | None], dict[tuple[int, int], list[str]]]:
    """(numbers, errors), both keyed by (entry id, criterion id); None in numbers clears."""
    numbers: dict[tuple[int, int], Decimal | None] = {}
    errors: dict[tuple[int, int], list[str]] = {}
    for key in sorted(values):
        entry_id, criterion_id = key
        raw = values[key]
        if isinstance(raw, str):
            raw = raw.strip()
        round_entry = round_entries_by_id.get(entry_id)
        if round_entry is None:
            errors[key] = [_("Hồ sơ không thuộc vòng thi này.")]
            continue
        criteria = {c.pk: c for c in applicable.for_field(round_entry.entry.field_id)}
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors[key] = [_("Tiêu chí này không do Tổ Thư ký nhập điểm cho hồ sơ này.")]
            continue
        if raw in (None, ""):
            numbers[key] = None
            continue
        problems = scoring.validate_value(raw, max_points=criterion.max_points, step=criterion.step)
        if problems:
            errors[key] = problems
            continue
        numbers[key] = scoring.parse_value(raw).quantize(scoring.CENT)
    return numbers, errors


def _locked_sheet(*, round, entry_id, by, create):
    """The entry's secretariat sheet locked for this transaction (created if ``create``).

    get_or_create leans on the unique constraint: when two staff members open the same entry at
    once, the loser's INSERT fails inside a savepoint and it reads the winner's row instead.
    """
    lookup = {"round": round, "entry_id": entry_id, "kind": SheetKind.SECRETARIAT}
    if create:
        sheet, created = ScoreSheet.objects.get_or_create(**lookup, defaults={"judge": by})
    else:
        found = ScoreSheet.objects.filter(**lookup).first()
        if found is None:
            return None, False
        sheet, created = found, False
    return ScoreSheet.objects.select_for_update().get(pk=sheet.pk), created


def _write_sheet(*, sheet, created, cells, criteria, by, round, ip) -> int:
    keys = sheets.audit_keys(criteria)
    existing = {s.criterion_id: s for s in sheet.scores.all()}
    old: dict[str, Decimal | str | None] = {}
    new: dict[str, Decimal | str | None] = {}
    for criterion_id, number in cells.items():
        score = existing.get(criterion_id)
        key = keys[criterion_id]
        if number is None:
            if score is not None:
                old[key], new[key] = score.value, None
                score.delete()
                del existing[criterion_id]
        elif score is None:
            existing[criterion_id] = Score.objects.create(sheet=sheet, criterion_id=criterion_id, value=number)
            old[key], new[key] = None, number
        elif score.value != number:
            old[key], new[key] = score.value, number
            score.value = number
            score.save(update_fields=["value"])
    if not (created or new):
        return 0
    present = {c: s.value for c, s in existing.items()}
    status = (
        SheetStatus.DRAFT if scoring.missing_criteria(present, criteria, key=lambda c: c.pk) else SheetStatus.SUBMITTED
    )
    if status != sheet.status:
        old["_status"], new["_status"] = sheet.status, status.value
        sheet.status = status
        sheet.submitted_at = timezone.now() if status == SheetStatus.SUBMITTED else None
    sheet.save()
    audit.append(
        actor=by,
        action=audit.AuditAction.SCORE_CREATE if created else audit.AuditAction.SCORE_CHANGE,
        obj=sheet,
        round=round,
        old=old,
        new=new,
        ip=ip,
    )
    return sum(1 for k in new if not k.startswith("_"))


def save_secretariat_scores(*, round, values: dict, by, ip=None) -> SaveResult:
    """Save a grid of secretariat scores at once.

    ``values`` maps (entry id, criterion id) to what was typed ("8,5", "8.5", a Decimal; None or
    "" clears the score). Cells not mentioned stay as they are. Every cell is checked first;
    any invalid one raises :class:`SecretariatScoresInvalid` and nothing is written.
    """
    values = _keys(values)
    result = SaveResult()
    if not values:
        return result
    with transaction.atomic():
        # Rubric edits take this lock before checking that no score exists (services/rubrics.py),
        # so the limits checked below are those in force when the scores are written.
        list(Rubric.objects.select_for_update(no_key=True).filter(round=round).values_list("pk", flat=True))
        applicable = _RoundCriteria(round)
        entry_ids = {entry_id for entry_id, _c in values}
        by_id = {
            r.entry_id: r
            for r in RoundEntry.objects.filter(round=round, entry_id__in=entry_ids).select_related("entry")
        }
        numbers, errors = _check(values=values, round_entries_by_id=by_id, applicable=applicable)
        if errors:
            raise SecretariatScoresInvalid(
                _("Có %(n)d ô điểm chưa hợp lệ nên chưa lưu điểm nào; hãy sửa các ô được đánh dấu.")
                % {"n": len(errors)},
                errors=errors,
            )
        # Under the rubric locks, which a freeze also takes: no score changes under a frozen result.
        results.ensure_scores_open(round)
        cells: defaultdict[int, dict[int, Decimal | None]] = defaultdict(dict)
        for (entry_id, criterion_id), number in numbers.items():
            cells[entry_id][criterion_id] = number
        # Sorted, so that two grids saved at once take their row locks in the same order.
        for entry_id in sorted(cells):
            entry_cells = cells[entry_id]
            create = any(v is not None for v in entry_cells.values())
            sheet, created = _locked_sheet(round=round, entry_id=entry_id, by=by, create=create)
            if sheet is None:
                continue
            changed = _write_sheet(
                sheet=sheet,
                created=created,
                cells=entry_cells,
                criteria=applicable.for_field(by_id[entry_id].entry.field_id),
                by=by,
                round=round,
                ip=ip,
            )
            if changed or created:
                result.changed_scores += changed
                result.changed_sheets += 1
    return result
