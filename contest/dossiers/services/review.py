"""The secretariat's side: return for correction, accept, reject, grant extensions."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contest.core.errors import DomainError, InvalidTransition
from contest.core.text import nfc
from contest.dossiers.enums import EntryAction, EntryState
from contest.dossiers.models import Entry, Extension
from contest.dossiers.services.entries import lock_entry
from contest.dossiers.services.history import record
from contest.dossiers.tasks import send_state_email

# The validity checklist the secretariat ticks before accepting (DOMAIN.md §6).
CHECKLIST = [
    ("complete", gettext_lazy("Đủ 10 nội dung của hồ sơ")),
    ("report", gettext_lazy("Có báo cáo mô hình đúng quy định (số trang, định dạng)")),
    ("endorsement", gettext_lazy("Có xác nhận của cấp ủy (chữ ký, con dấu)")),
    ("running_time", gettext_lazy("Mô hình đã triển khai đủ thời gian tối thiểu")),
    ("not_awarded", gettext_lazy("Chưa được khen thưởng cùng cấp hoặc cấp cao hơn")),
    ("right_field", gettext_lazy("Đúng lĩnh vực và đối tượng dự thi")),
]


def _require_reason(reason):
    reason = nfc(reason or "")
    if not reason:
        raise DomainError(_("Vui lòng ghi rõ lý do."), field="reason")
    return reason


def _require_awaiting(entry):
    if entry.state not in EntryState.awaiting_review():
        raise InvalidTransition(
            _("Hồ sơ đang ở trạng thái “%(state)s”, không thể xét.") % {"state": entry.get_state_display()}
        )


def return_entry(*, entry, by, reason, correction_until=None) -> Entry:
    """Send a dossier back for correction; optionally give the unit until ``correction_until``."""
    reason = _require_reason(reason)
    with transaction.atomic():
        entry = lock_entry(entry)
        _require_awaiting(entry)
        if correction_until is not None:
            grant_extension(
                contest=entry.contest,
                unit=entry.unit,
                until=correction_until,
                by=by,
                reason=_("Bổ sung hồ sơ “%(title)s”: %(reason)s") % {"title": entry.title, "reason": reason},
            )
        from_state = entry.state
        entry.state = EntryState.RETURNED
        entry.save(update_fields=["state", "updated_at"])
        record(
            entry=entry, action=EntryAction.RETURNED, by=by, from_state=from_state, to_state=entry.state, reason=reason
        )
    transaction.on_commit(lambda: send_state_email.enqueue(entry.pk))
    return entry


def accept_entry(*, entry, by, checklist: dict, note="") -> Entry:
    """Accept a dossier as valid. Every checklist item must be ticked."""
    unticked = [str(label) for key, label in CHECKLIST if not checklist.get(key)]
    if unticked:
        raise DomainError(_("Chưa kiểm tra đủ các mục: %(items)s.") % {"items": "; ".join(unticked)}, field="checklist")
    with transaction.atomic():
        entry = lock_entry(entry)
        _require_awaiting(entry)
        from_state = entry.state
        entry.state = EntryState.ACCEPTED
        entry.save(update_fields=["state", "updated_at"])
        record(
            entry=entry,
            action=EntryAction.ACCEPTED,
            by=by,
            from_state=from_state,
            to_state=entry.state,
            reason=nfc(note or ""),
            details={"checklist": {k: bool(checklist.get(k)) for k, _l in CHECKLIST}},
        )
    transaction.on_commit(lambda: send_state_email.enqueue(entry.pk))
    return entry


def reject_entry(*, entry, by, reason) -> Entry:
    """Reject a dossier as invalid (final for this contest)."""
    reason = _require_reason(reason)
    with transaction.atomic():
        entry = lock_entry(entry)
        _require_awaiting(entry)
        from_state = entry.state
        entry.state = EntryState.REJECTED
        entry.save(update_fields=["state", "updated_at"])
        record(
            entry=entry, action=EntryAction.REJECTED, by=by, from_state=from_state, to_state=entry.state, reason=reason
        )
    transaction.on_commit(lambda: send_state_email.enqueue(entry.pk))
    return entry


def grant_extension(*, contest, unit, until, by, reason) -> Extension:
    reason = _require_reason(reason)
    if until <= timezone.now():
        raise DomainError(_("Thời hạn gia hạn phải ở tương lai."), field="until")
    if until <= contest.submission_deadline:
        raise DomainError(_("Thời hạn gia hạn phải sau hạn nộp chung của cuộc thi."), field="until")
    with transaction.atomic():
        extension = Extension.objects.create(contest=contest, unit=unit, until=until, reason=reason, granted_by=by)
    return extension
