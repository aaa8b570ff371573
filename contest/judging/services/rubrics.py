"""Rubrics: copying one from the library, editing criteria while no one has scored, and the
explicit, audited reset that is the only way to change a rubric once scoring has begun.

The lock is a query, not a flag: a rubric is locked exactly when a Score exists for one of its
criteria, so it cannot drift out of step with the scores themselves.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core import audit
from contest.core.errors import DomainError
from contest.core.text import nfc
from contest.judging import rubric_library
from contest.judging.enums import SheetStatus
from contest.judging.models import Criterion, Rubric, Score, ScoreSheet

EDITABLE_CRITERION_FIELDS = {
    "code",
    "name",
    "short_name",
    "description",
    "max_points",
    "step",
    "weight",
    "bands",
    "counts_toward_total",
    "scored_by",
    "order",
}


class RubricLocked(DomainError):
    pass


def score_count(rubric) -> int:
    return Score.objects.filter(criterion__rubric=rubric).count()


def is_locked(rubric) -> bool:
    return rubric.pk is not None and Score.objects.filter(criterion__rubric=rubric).exists()


def ensure_rubric_editable(rubric) -> None:
    """Refuse any change to a rubric (or its criteria) once a score exists for it."""
    count = score_count(rubric) if rubric.pk is not None else 0
    if count:
        raise RubricLocked(
            _(
                "Thang điểm “%(name)s” đã có %(count)s điểm chấm nên không thể sửa. "
                "Muốn sửa, Ban Tổ chức phải đặt lại điểm của thang điểm này (ghi rõ lý do)."
            )
            % {"name": rubric.name, "count": count}
        )


def _lock(rubric) -> Rubric:
    # Serialises edits and resets of one rubric; the guard runs after the lock is held.
    return Rubric.objects.select_for_update().get(pk=rubric.pk)


def _scope_label(field, part):
    label = part or _("toàn vòng")
    return f"{label} – {field}" if field is not None else label


def copy_rubric_from_library(*, round, code, by, field=None) -> list[Rubric]:
    """Create the rubric(s) of library entry ``code`` in ``round``: one Rubric per part.

    Refused, creating nothing, when the round already has a rubric for the same scope (field ×
    part). ``by`` is accepted for symmetry with the other services and future auditing.
    """
    entry = rubric_library.LIBRARY.get(code)
    if entry is None:
        raise DomainError(_("Không có mẫu thang điểm “%(code)s”.") % {"code": code}, field="code")
    if field is not None and field.contest_id != round.contest_id:
        raise DomainError(_("Lĩnh vực không thuộc cuộc thi của vòng này."), field="field")
    rubrics = []
    with transaction.atomic():
        existing = Rubric.objects.select_for_update().filter(round=round)
        existing = existing.filter(field=field) if field is not None else existing.filter(field__isnull=True)
        taken = set(existing.filter(part__in=[p.part for p in entry.parts]).values_list("part", flat=True))
        if taken:
            raise DomainError(
                _("Vòng thi đã có thang điểm cho: %(scopes)s. Hãy xóa hoặc sửa thang điểm đó.")
                % {"scopes": "; ".join(_scope_label(field, part) for part in sorted(taken))},
                field="code",
            )
        start = (Rubric.objects.filter(round=round).order_by("-order").values_list("order", flat=True).first() or 0) + 1
        for index, part in enumerate(entry.parts):
            try:
                with transaction.atomic():
                    rubric = Rubric.objects.create(
                        round=round,
                        field=field,
                        part=part.part,
                        name=part.name if field is None else f"{part.name} – {field.name}",
                        order=start + index,
                        library_code=entry.code,
                    )
            except IntegrityError:
                # A concurrent copy won the race for the same scope.
                raise DomainError(_("Vòng thi vừa được thêm thang điểm này; hãy tải lại trang.")) from None
            Criterion.objects.bulk_create(
                Criterion(
                    rubric=rubric,
                    code=c.code,
                    name=c.name,
                    short_name=c.short_name,
                    description=c.description,
                    max_points=c.max_points,
                    step=c.step,
                    weight=c.weight,
                    bands=rubric_library.parse_bands(c.bands),
                    counts_toward_total=c.counts_toward_total,
                    scored_by=c.scored_by,
                    order=order,
                )
                for order, c in enumerate(part.criteria, start=1)
            )
            rubrics.append(rubric)
    return rubrics


def _save_criterion(criterion):
    try:
        criterion.full_clean()
    except ValidationError as error:
        messages = [m for ms in error.message_dict.values() for m in ms] if hasattr(error, "error_dict") else error
        raise DomainError("; ".join(str(m) for m in messages)) from None
    criterion.save()
    return criterion


def add_criterion(*, rubric, by, **fields) -> Criterion:
    unknown = set(fields) - EDITABLE_CRITERION_FIELDS
    if unknown:
        raise TypeError(f"Unknown criterion fields: {sorted(unknown)}")
    with transaction.atomic():
        rubric = _lock(rubric)
        ensure_rubric_editable(rubric)
        fields = {k: nfc(v) for k, v in fields.items()}
        return _save_criterion(Criterion(rubric=rubric, **fields))


def update_criterion(*, criterion, by, **changes) -> Criterion:
    unknown = set(changes) - EDITABLE_CRITERION_FIELDS
    if unknown:
        raise TypeError(f"Unknown criterion fields: {sorted(unknown)}")
    with transaction.atomic():
        _lock(criterion.rubric)
        criterion = Criterion.objects.select_related("rubric").get(pk=criterion.pk)
        ensure_rubric_editable(criterion.rubric)
        for name, value in changes.items():
            setattr(criterion, name, nfc(value))
        return _save_criterion(criterion)


def delete_criterion(*, criterion, by) -> None:
    with transaction.atomic():
        rubric = _lock(criterion.rubric)
        ensure_rubric_editable(rubric)
        Criterion.objects.filter(pk=criterion.pk).delete()


def delete_rubric(*, rubric, by) -> None:
    with transaction.atomic():
        rubric = _lock(rubric)
        ensure_rubric_editable(rubric)
        rubric.delete()


def reset_rubric_scores(*, rubric, by, reason) -> dict:
    """Delete every score given against ``rubric`` so that it can be changed, recording who, why
    and how much was lost in the audit chain.

    Submitted sheets that lose scores go back to draft: a sheet missing values for a counting
    criterion is not a valid submitted sheet (DOMAIN.md §7), and the judges must score again.
    Returns the counts that were recorded.
    """
    reason = nfc(reason or "")
    if not reason:
        raise DomainError(_("Vui lòng ghi rõ lý do đặt lại điểm."), field="reason")
    with transaction.atomic():
        rubric = _lock(rubric)
        scores = Score.objects.filter(criterion__rubric=rubric)
        sheet_ids = set(scores.values_list("sheet_id", flat=True))
        reopened = ScoreSheet.objects.filter(Q(pk__in=sheet_ids) & Q(status=SheetStatus.SUBMITTED))
        counts = {"scores": scores.count(), "sheets": len(sheet_ids), "reopened_sheets": reopened.count()}
        reopened.update(status=SheetStatus.DRAFT, submitted_at=None, updated_at=timezone.now())
        scores.delete()
        audit.append(
            actor=by,
            action=audit.AuditAction.RUBRIC_RESET,
            obj=rubric,
            round=rubric.round,
            old=counts,
            new=None,
            reason=reason,
        )
    return counts
