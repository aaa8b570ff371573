"""A judge's online score sheet: autosave a draft, submit (lock) it, and the organisers' reopen.

Every write runs in one transaction that locks the sheet row, so two tabs or a double click
serialise on it, and the unique constraint (round, judge, entry) guarantees a single sheet. Each
change is appended to the tamper-evident log (contest/audit.py) inside the same transaction.
"""

from decimal import Decimal
from typing import cast

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from contest.core import audit
from contest.core.errors import DeadlinePassed, DomainError, InvalidTransition
from contest.core.text import nfc
from contest.judging import conflicts
from contest.judging.enums import CriterionScorer, SheetKind, SheetStatus
from contest.judging.models import Assignment, Criterion, RoundEntry, Rubric, Score, ScoreSheet
from contest.results import scoring
from contest.results.services import snapshots as results

# Text fields with a max_length: never None (the casts tell mypy so).
COMMENT_MAX_LENGTH = cast(int, Score._meta.get_field("comment").max_length)
SHEET_COMMENT_MAX_LENGTH = cast(int, ScoreSheet._meta.get_field("comment").max_length)


class SheetInvalid(DomainError):
    """Some values cannot be saved; ``errors`` maps a criterion id (or "comment") to messages."""

    def __init__(self, message, *, errors):
        super().__init__(message)
        self.errors = errors


class NotAssigned(DomainError):
    """The judge may not score this entry in this round (no assignment, or a conflict)."""


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def rubrics_for(*, round, entry) -> list[Rubric]:
    """The rubrics that score ``entry`` in ``round``, in order.

    Per contest part (one part for a model review; chào hỏi / kiến thức / tiểu phẩm for a Hội thi)
    the rubric of the entry's field wins over the one for every field (field NULL).
    """
    candidates = Rubric.objects.filter(round=round).order_by("order", "id")
    candidates = [r for r in candidates if r.field_id is None or r.field_id == entry.field_id]
    chosen: dict[str, Rubric] = {}
    for rubric in candidates:
        current = chosen.get(rubric.part)
        if current is None or (current.field_id is None and rubric.field_id is not None):
            chosen[rubric.part] = rubric
    return sorted(chosen.values(), key=lambda r: (r.order, r.id))


def jury_criteria(rubrics) -> list[Criterion]:
    """The criteria a judge scores (not the secretariat's, such as multiple-choice answers)."""
    return list(
        Criterion.objects.filter(rubric__in=rubrics, scored_by=CriterionScorer.JURY)
        .select_related("rubric")
        .order_by("rubric__order", "rubric_id", "order", "id")
    )


def sheet_criteria(*, round, entry) -> list[Criterion]:
    return jury_criteria(rubrics_for(round=round, entry=entry))


def _locked_criteria(*, round, entry) -> list[Criterion]:
    """The criteria, read after locking their rubrics (inside the caller's transaction).

    Rubric edits take the same row lock before checking that no score exists
    (services.rubrics.ensure_rubric_editable), so an edit either sees this sheet's scores or waits
    for them, and the limits validated here are the ones in force when the scores are written.
    """
    rubrics = rubrics_for(round=round, entry=entry)
    locked = Rubric.objects.select_for_update(no_key=True).filter(pk__in=[r.pk for r in rubrics])
    list(locked.values_list("pk", flat=True))
    results.ensure_scores_open(round)
    return jury_criteria(rubrics)


def scoring_closed(round, now=None) -> bool:
    return round.scoring_deadline is not None and (now or timezone.now()) > round.scoring_deadline


def ensure_may_score(*, judge, round, entry):
    """Refuse unless the judge is assigned this entry in this round and has no conflict."""
    if not Assignment.objects.filter(round=round, judge=judge, entry=entry).exists():
        raise NotAssigned(_("Bạn không được phân công chấm hồ sơ này."))
    if conflicts.is_conflicted(round=round, judge=judge, entry=entry):
        raise NotAssigned(_("Bạn có xung đột lợi ích với hồ sơ này nên không được chấm."))


def blind_code(*, judge, entry):
    """The neutral number ("Hồ sơ số 017") under which a judge knows this entry, when one of the
    judge's rounds with it is blind; None otherwise."""
    blind_rounds = Assignment.objects.filter(judge=judge, entry=entry, round__blind=True).values("round_id")
    return (
        RoundEntry.objects.filter(entry=entry, round_id__in=blind_rounds)
        .order_by("-round__order")
        .values_list("code", flat=True)
        .first()
    )


def neutral_file_name(attachment, code) -> str:
    """A file name that says nothing about the unit: ho-so-017-bao-cao.pdf."""
    ext = attachment.original_name.rsplit(".", 1)[-1].lower() if "." in attachment.original_name else "bin"
    return f"ho-so-{code:03d}-{attachment.kind}-{str(attachment.pk)[:8]}.{ext}"


def audit_keys(criteria) -> dict:
    """criterion id → the key used in the log: its code, qualified by its part when two parts of
    a Hội thi reuse a code."""
    codes = [c.code for c in criteria]
    return {c.pk: c.code if codes.count(c.code) == 1 else f"{c.rubric.part or c.rubric_id}/{c.code}" for c in criteria}


def _snapshot(sheet, keys) -> dict:
    return {keys[s.criterion_id]: s.value for s in sheet.scores.all() if s.criterion_id in keys}


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def _parse(values, comments, criteria) -> tuple[dict[int, Decimal | None], dict[int, str], dict[int | str, list[str]]]:
    """Check every typed value; return (numbers, comments, errors), keyed by criterion id.

    A value of None or "" means "no score yet" (allowed in a draft). A comment needs a score,
    because a Score row always carries a value.
    """
    by_id = {c.pk: c for c in criteria}
    try:
        values = {by_id[int(k)].pk: v for k, v in values.items()}
        comments = {by_id[int(k)].pk: v for k, v in comments.items()}
    except (KeyError, TypeError, ValueError):
        raise DomainError(_("Tiêu chí không thuộc phiếu chấm này.")) from None
    numbers: dict[int, Decimal | None] = {}
    notes: dict[int, str] = {}
    errors: dict[int | str, list[str]] = {}
    for raw_id in sorted({*values, *comments}):
        criterion = by_id[raw_id]
        raw = values.get(raw_id)
        if isinstance(raw, str):
            raw = raw.strip()
        note = nfc(comments.get(raw_id) or "").strip()
        if len(note) > COMMENT_MAX_LENGTH:
            errors.setdefault(criterion.pk, []).append(_("Ghi chú dài quá %(n)d ký tự.") % {"n": COMMENT_MAX_LENGTH})
        if raw in (None, ""):
            if raw_id in values:
                numbers[criterion.pk] = None
            if note:
                errors.setdefault(criterion.pk, []).append(_("Hãy nhập điểm để lưu ghi chú của tiêu chí này."))
            continue
        problems = scoring.validate_value(raw, max_points=criterion.max_points, step=criterion.step)
        if problems:
            errors.setdefault(criterion.pk, []).extend(problems)
            continue
        # Two decimals, as the column stores them, so the log shows "18.00" → "19.50" alike.
        numbers[criterion.pk] = scoring.parse_value(raw).quantize(scoring.CENT)
        if raw_id in comments or note:
            notes[criterion.pk] = note
    return numbers, notes, errors


def _locked_sheet(*, judge, round, entry):
    """The judge's sheet, created if missing, locked for this transaction.

    get_or_create relies on the unique constraint: when two requests race, the loser's INSERT
    fails inside a savepoint and it reads the winner's row instead.
    """
    sheet, created = ScoreSheet.objects.get_or_create(round=round, judge=judge, entry=entry, kind=SheetKind.JURY)
    return ScoreSheet.objects.select_for_update().get(pk=sheet.pk), created


def _write(*, sheet, criteria, values, comments, sheet_comment, by, round, ip, created):
    numbers, notes, errors = _parse(values or {}, comments or {}, criteria)
    if sheet_comment is not None:
        sheet_comment = nfc(sheet_comment).strip()
        if len(sheet_comment) > SHEET_COMMENT_MAX_LENGTH:
            errors["comment"] = [_("Nhận xét chung dài quá %(n)d ký tự.") % {"n": SHEET_COMMENT_MAX_LENGTH}]
    if errors:
        raise SheetInvalid(_("Phiếu chấm có điểm chưa hợp lệ; hãy sửa các ô được đánh dấu."), errors=errors)

    keys = audit_keys(criteria)
    existing = {s.criterion_id: s for s in sheet.scores.all()}
    old: dict[str, Decimal | None] = {}
    new: dict[str, Decimal | None] = {}
    for criterion_id, number in numbers.items():
        score = existing.get(criterion_id)
        if number is None:
            if score is not None:
                old[keys[criterion_id]], new[keys[criterion_id]] = score.value, None
                score.delete()
            continue
        note = notes.get(criterion_id, score.comment if score else "")
        if score is None:
            Score.objects.create(sheet=sheet, criterion_id=criterion_id, value=number, comment=note)
            old[keys[criterion_id]], new[keys[criterion_id]] = None, number
        elif score.value != number or score.comment != note:
            if score.value != number:
                old[keys[criterion_id]], new[keys[criterion_id]] = score.value, number
            score.value, score.comment = number, note
            score.save(update_fields=["value", "comment"])
    if sheet_comment is not None and sheet_comment != sheet.comment:
        sheet.comment = sheet_comment
    # Always touch updated_at: it is the "saved at" the judge sees.
    sheet.save()
    if created or old or new:
        audit.append(
            actor=by,
            action=audit.AuditAction.SCORE_CREATE if created else audit.AuditAction.SCORE_CHANGE,
            obj=sheet,
            round=round,
            old=old,
            new=new,
            ip=ip,
        )


def _ensure_open(sheet, round):
    if sheet.status == SheetStatus.SUBMITTED:
        raise InvalidTransition(_("Phiếu chấm đã nộp nên không thể sửa. Liên hệ Ban Tổ chức nếu cần mở lại."))
    if scoring_closed(round):
        raise DeadlinePassed(
            _("Đã hết hạn chấm (%(when)s).")
            % {"when": formats.date_format(timezone.localtime(round.scoring_deadline), "DATETIME_FORMAT")}
        )


def save_sheet(
    *, judge, round, entry, values: dict, comments: dict | None = None, sheet_comment=None, by, ip=None
) -> ScoreSheet:
    """Autosave a draft: create the sheet on first save and upsert the given scores.

    ``values`` and ``comments`` map a criterion id to what was typed ("8,5", "8.5", Decimal; None
    or "" clears the score); criteria not mentioned are left as they are. All values are checked
    before anything is written: one invalid value raises :class:`SheetInvalid` and saves nothing.
    """
    ensure_may_score(judge=judge, round=round, entry=entry)
    with transaction.atomic():
        criteria = _locked_criteria(round=round, entry=entry)
        sheet, created = _locked_sheet(judge=judge, round=round, entry=entry)
        _ensure_open(sheet, round)
        _write(
            sheet=sheet,
            criteria=criteria,
            values=values,
            comments=comments,
            sheet_comment=sheet_comment,
            by=by,
            round=round,
            ip=ip,
            created=created,
        )
    return sheet


def submit_sheet(*, judge, round, entry, by, values=None, comments=None, sheet_comment=None, ip=None) -> ScoreSheet:
    """Save what was posted (if anything) and lock the sheet, in one transaction.

    Every counting criterion the jury scores must have a value; the missing ones are reported
    per criterion and nothing is locked.
    """
    ensure_may_score(judge=judge, round=round, entry=entry)
    with transaction.atomic():
        criteria = _locked_criteria(round=round, entry=entry)
        sheet, created = _locked_sheet(judge=judge, round=round, entry=entry)
        _ensure_open(sheet, round)
        if values is not None or comments is not None or sheet_comment is not None:
            _write(
                sheet=sheet,
                criteria=criteria,
                values=values,
                comments=comments,
                sheet_comment=sheet_comment,
                by=by,
                round=round,
                ip=ip,
                created=created,
            )
        present = {s.criterion_id: s.value for s in sheet.scores.all()}
        missing = scoring.missing_criteria(present, criteria, key=lambda c: c.pk)
        if missing:
            raise SheetInvalid(
                _("Chưa thể nộp: còn %(n)d tiêu chí chưa có điểm.") % {"n": len(missing)},
                errors={c.pk: [_("Chưa nhập điểm.")] for c in missing},
            )
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = timezone.now()
        sheet.save(update_fields=["status", "submitted_at", "updated_at"])
        keys = audit_keys(criteria)
        snapshot = _snapshot(sheet, keys)
        snapshot_total = scoring.sheet_total(present, criteria, key=lambda c: c.pk)
        audit.append(
            actor=by,
            action=audit.AuditAction.SCORE_SUBMIT,
            obj=sheet,
            round=round,
            old=None,
            new={**snapshot, "_total": snapshot_total},
            ip=ip,
        )
    return sheet


def reopen_sheet(*, sheet, by, reason, ip=None) -> ScoreSheet:
    """Unlock a submitted sheet so its judge can correct it: organisers only, with a reason."""
    if not by.has_perm("judging.reopen_sheet"):
        raise DomainError(_("Chỉ Ban Tổ chức được mở lại phiếu chấm đã nộp."))
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi lý do mở lại phiếu chấm."), field="reason")
    with transaction.atomic():
        sheet = ScoreSheet.objects.select_for_update().select_related("round").get(pk=sheet.pk)
        if sheet.status != SheetStatus.SUBMITTED:
            raise InvalidTransition(_("Phiếu chấm chưa nộp, không cần mở lại."))
        sheet.status = SheetStatus.DRAFT
        sheet.submitted_at = None
        sheet.save(update_fields=["status", "submitted_at", "updated_at"])
        # A frozen result no longer matches the scores: it is withdrawn with the same reason.
        results.invalidate(round=sheet.round, by=by, reason=reason, ip=ip)
        criteria = sheet_criteria(round=sheet.round, entry=sheet.entry)
        audit.append(
            actor=by,
            action=audit.AuditAction.SCORE_REOPEN,
            obj=sheet,
            round=sheet.round,
            old={"_status": SheetStatus.SUBMITTED.value, **_snapshot(sheet, audit_keys(criteria))},
            new={"_status": SheetStatus.DRAFT.value},
            reason=reason,
            ip=ip,
        )
    return sheet
