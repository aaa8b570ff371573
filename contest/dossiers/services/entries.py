"""The unit's side of a dossier: create, edit, delete a draft, submit."""

import calendar
import secrets
import uuid
from typing import cast

from django.db import IntegrityError, models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from contest.core.errors import DeadlinePassed, DomainError, IncompleteDossier, InvalidTransition, QuotaExceeded
from contest.core.models import Contest, Unit
from contest.core.services import files as stored_files
from contest.core.text import nfc
from contest.dossiers.enums import AttachmentKind, EntryAction, EntryKind, EntryState
from contest.dossiers.models import Entry, EntryIndicator, TeamMember
from contest.dossiers.services.deadlines import effective_deadline
from contest.dossiers.services.history import record
from contest.dossiers.tasks import send_receipt_email

DOSSIER_FIELDS = [
    "kind",
    "field",
    "title",
    "exemplar_name",
    "situation",
    "goals",
    "content_methods",
    "scope_beneficiaries",
    "forces",
    "resources",
    "started_on",
    "milestones",
    "evaluation_on",
    "outputs",
    "sustainability",
    "video_url",
    "contact_name",
    "contact_phone",
]

# What a model dossier must contain before it can be submitted (DOMAIN.md §6).
REQUIRED_FOR_MODEL = [
    "title",
    "field",
    "situation",
    "goals",
    "content_methods",
    "scope_beneficiaries",
    "forces",
    "resources",
    "started_on",
    "outputs",
    "sustainability",
]
REQUIRED_FOR_EXEMPLAR = ["title", "exemplar_name", "field", "situation", "content_methods", "outputs"]
REQUIRED_FOR_TEAM = ["title"]

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _local(dt):
    return formats.date_format(timezone.localtime(dt), "DATETIME_FORMAT")


def _ensure_before_deadline(*, contest, unit, now=None):
    now = now or timezone.now()
    if now < contest.registration_opens:
        raise DeadlinePassed(
            _("Cuộc thi chưa mở nhận hồ sơ (mở từ %(when)s).") % {"when": _local(contest.registration_opens)}
        )
    deadline = effective_deadline(contest=contest, unit=unit)
    if now > deadline:
        raise DeadlinePassed(
            _("Đã hết hạn nộp hồ sơ (%(when)s). Hồ sơ không thể thay đổi; liên hệ Tổ Thư ký nếu cần gia hạn.")
            % {"when": _local(deadline)}
        )


def _short(day):
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def enters_on_paper(by) -> bool:
    """The secretariat (or an organiser) keying in a unit's paper dossier."""
    return by is not None and by.has_perm("review.enter_paper_entry")


def ensure_received_in_time(*, contest, unit, received_on):
    """A paper dossier counts from the day it arrived: after registration opened, on or before the
    unit's deadline (its extension included), and not in the future."""
    if received_on is None:
        raise DomainError(_("Hãy ghi ngày nhận hồ sơ giấy (dd/mm/yyyy)."), field="paper_received_on")
    if received_on > timezone.localdate():
        raise DomainError(_("Ngày nhận hồ sơ giấy không được sau hôm nay."), field="paper_received_on")
    opens = timezone.localdate(contest.registration_opens)
    if received_on < opens:
        raise DomainError(
            _("Ngày nhận %(day)s trước ngày cuộc thi mở nhận hồ sơ (%(opens)s).")
            % {"day": _short(received_on), "opens": _short(opens)},
            field="paper_received_on",
        )
    deadline = effective_deadline(contest=contest, unit=unit)
    if received_on > timezone.localdate(deadline):
        raise DeadlinePassed(
            _(
                "Hồ sơ giấy nhận ngày %(day)s, sau hạn nộp của đơn vị (%(when)s). Nếu Ban Tổ chức cho phép, "
                "hãy gia hạn cho đơn vị trước."
            )
            % {"day": _short(received_on), "when": _local(deadline)},
            field="paper_received_on",
        )
    if not unit.is_valid_on(received_on):
        raise DomainError(_("Đơn vị không còn hiệu lực vào ngày %(day)s.") % {"day": _short(received_on)}, field="unit")


def ensure_in_time(*, entry, by):
    """The deadline for a change: now for the unit; the paper's receipt date for a paper dossier in
    the secretariat's hands (the paper came in time even when it is keyed in later)."""
    if entry.is_paper and enters_on_paper(by):
        ensure_received_in_time(contest=entry.contest, unit=entry.unit, received_on=entry.paper_received_on)
    else:
        _ensure_before_deadline(contest=entry.contest, unit=entry.unit)


def _paper_details(received_on, source):
    return {"paper": True, "received_on": received_on.strftime("%d/%m/%Y"), "source": source}


def lock_entry(entry) -> Entry:
    """The entry again, locked for this transaction (the services that change it call this first)."""
    return Entry.objects.select_for_update().select_related("contest", "unit").get(pk=entry.pk)


def _clean(data: dict) -> dict:
    return {k: nfc(v) for k, v in data.items() if k in DOSSIER_FIELDS}


def _replace_members(entry, members):
    entry.members.all().delete()
    TeamMember.objects.bulk_create(
        TeamMember(
            entry=entry,
            full_name=nfc(m["full_name"]),
            role=m.get("role") or "contestant",
            position=nfc(m.get("position", "")),
            order=i,
        )
        for i, m in enumerate(members)
        if nfc(m.get("full_name", ""))
    )


INDICATOR_FIELDS = ("name", "unit", "before", "after")


def _indicator_values(rows) -> list[tuple]:
    cleaned = [tuple(nfc(row.get(key) or "") for key in INDICATOR_FIELDS) for row in rows]
    return [row for row in cleaned if row[0]]


def _replace_indicators(entry, rows) -> bool:
    """Store the measured results in the given order; True when they differ from what was stored."""
    wanted = _indicator_values(rows)
    current = list(entry.indicators.order_by("order", "id").values_list(*INDICATOR_FIELDS))
    if current == wanted:
        return False
    for name, _unit, _before, after in wanted:
        if not after:
            raise DomainError(
                _("Hãy ghi số liệu sau khi thực hiện cho chỉ số “%(name)s”.") % {"name": name}, field="indicators"
            )
    entry.indicators.all().delete()
    indicators = [
        EntryIndicator(entry=entry, name=name, unit=unit_name, before=before, after=after, order=i)
        for i, (name, unit_name, before, after) in enumerate(wanted)
    ]
    for indicator in indicators:
        indicator.full_clean(exclude=["entry"])
    EntryIndicator.objects.bulk_create(indicators)
    return True


def create_entry(
    *, contest: Contest, unit: Unit, by, data: dict, members=None, indicators=None, token=None, received_on=None
) -> Entry:
    """Create a draft. A repeated ``token`` (the same form posted twice) returns the first entry.

    With ``received_on`` the secretariat enters a unit's paper dossier: same rules and history,
    with the paper's receipt date in place of the moment of creation for the deadline.
    """
    if token is not None:
        existing = Entry.objects.filter(client_token=token, unit=unit).first()
        if existing:
            return existing
    if received_on is not None:
        if not enters_on_paper(by):
            raise DomainError(_("Chỉ Tổ Thư ký và Ban Tổ chức được nhập hồ sơ giấy thay đơn vị."))
        ensure_received_in_time(contest=contest, unit=unit, received_on=received_on)
    else:
        now = timezone.now()
        if not unit.is_valid_on(timezone.localdate()):
            raise DomainError(_("Đơn vị đã hết hiệu lực, không thể đăng ký dự thi."))
        if now > contest.last_registration_moment and now > effective_deadline(contest=contest, unit=unit):
            raise DeadlinePassed(
                _("Đã hết hạn đăng ký dự thi (%(when)s).") % {"when": _local(contest.last_registration_moment)}
            )
        _ensure_before_deadline(contest=contest, unit=unit, now=now)
    try:
        with transaction.atomic():
            # Lock the unit so that two simultaneous creations cannot both pass the quota check.
            Unit.objects.select_for_update().get(pk=unit.pk)
            used = Entry.objects.filter(contest=contest, unit=unit).exclude(state=EntryState.REJECTED).count()
            if used >= contest.entry_quota_per_unit:
                raise QuotaExceeded(
                    _("Đơn vị đã có %(used)d/%(quota)d hồ sơ trong cuộc thi này, không thể tạo thêm.")
                    % {"used": used, "quota": contest.entry_quota_per_unit}
                )
            entry = Entry(
                contest=contest,
                unit=unit,
                created_by=by,
                client_token=token,
                paper_received_on=received_on,
                **_clean(data),
            )
            entry.full_clean(exclude=["client_token", "receipt_code"])
            entry.save()
            if members is not None:
                _replace_members(entry, members)
            if indicators is not None:
                _replace_indicators(entry, indicators)
            details = _paper_details(received_on, "form") if received_on else None
            record(entry=entry, action=EntryAction.CREATED, by=by, to_state=entry.state, details=details)
            return entry
    except IntegrityError:
        if token is not None:
            existing = Entry.objects.filter(client_token=token, unit=unit).first()
            if existing:
                return existing
        raise


def update_entry(*, entry: Entry, by, data: dict, members=None, indicators=None, received_on=None) -> Entry:
    """Change the dossier while it is a draft or returned for correction, before the deadline.

    ``members`` and ``indicators`` (lists of dicts), when given, replace what the dossier had.
    ``received_on`` changes a paper dossier's receipt date (a corrected paper handed in later).
    """
    with transaction.atomic():
        entry = lock_entry(entry)
        if not entry.is_editable_state:
            raise InvalidTransition(
                _("Hồ sơ đang ở trạng thái “%(state)s”, không thể sửa.") % {"state": entry.get_state_display()}
            )
        changed = []
        if received_on is not None and entry.is_paper and received_on != entry.paper_received_on:
            entry.paper_received_on = received_on
            changed.append("paper_received_on")
        ensure_in_time(entry=entry, by=by)
        for name, value in _clean(data).items():
            if getattr(entry, name) != value:
                setattr(entry, name, value)
                changed.append(name)
        entry.full_clean(exclude=["client_token", "receipt_code"])
        entry.save()
        if members is not None:
            _replace_members(entry, members)
            changed.append("members")
        if indicators is not None and _replace_indicators(entry, indicators):
            changed.append("indicators")
        if changed:
            details = {"fields": changed}
            if entry.is_paper and enters_on_paper(by):
                details.update(_paper_details(entry.paper_received_on, "form"))
            record(entry=entry, action=EntryAction.EDITED, by=by, details=details)
        return entry


def delete_draft(*, entry: Entry, by) -> None:
    with transaction.atomic():
        entry = lock_entry(entry)
        if entry.state != EntryState.DRAFT:
            raise InvalidTransition(_("Chỉ xóa được hồ sơ ở trạng thái bản nháp."))
        files = [a.file for a in entry.attachments.all()] + [
            a.thumbnail for a in entry.attachments.all() if a.thumbnail
        ]
        entry.delete()
        # Kept until a later sweep (contest/core/services/files.py): a backup may still need them.
        for fieldfile in files:
            stored_files.discard(fieldfile)


def required_to_submit(kind) -> list[str]:
    """The dossier fields a dossier of ``kind`` must fill before it can be submitted."""
    if kind == EntryKind.TEAM:
        return REQUIRED_FOR_TEAM
    if kind in (EntryKind.COLLECTIVE_EXEMPLAR, EntryKind.INDIVIDUAL_EXEMPLAR):
        return REQUIRED_FOR_EXEMPLAR
    return REQUIRED_FOR_MODEL


def missing_items(entry: Entry) -> list[str]:
    """Names (translated labels) of what the dossier still lacks before it can be submitted."""
    required = required_to_submit(entry.kind)
    missing = []
    has_fields = entry.contest.fields.exists()
    for name in required:
        if name == "field" and not has_fields:
            continue
        value = getattr(entry, name if name != "field" else "field_id")
        if value in (None, ""):
            missing.append(str(cast(models.Field, Entry._meta.get_field(name)).verbose_name))
    kinds = set(entry.attachments.values_list("kind", flat=True))
    if entry.kind != EntryKind.TEAM and AttachmentKind.REPORT not in kinds:
        missing.append(_("Tệp báo cáo mô hình (PDF/DOCX)"))
    if entry.contest.require_endorsement and AttachmentKind.ENDORSEMENT not in kinds:
        missing.append(_("Bản chụp xác nhận của cấp ủy"))
    if entry.kind == EntryKind.TEAM and not entry.members.exists():
        missing.append(_("Danh sách thành viên đội thi"))
    return missing


def eligibility_problems(entry: Entry) -> list[str]:
    problems = []
    months = entry.contest.min_running_months
    if entry.kind == EntryKind.MODEL and months and entry.started_on:
        latest_start = months_before(timezone.localdate(entry.contest.submission_deadline), months)
        if entry.started_on > latest_start:
            problems.append(
                _(
                    "Mô hình phải được triển khai ít nhất %(months)d tháng tính đến hạn nộp "
                    "(bắt đầu trước hoặc vào ngày %(day)s)."
                )
                % {"months": months, "day": formats.date_format(latest_start, "SHORT_DATE_FORMAT")}
            )
    return problems


def months_before(day, months):
    """The same day ``months`` earlier, clamped to the month's end (31/8 - 6 months = 28/2)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _new_receipt_code(entry):
    tail = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(4))
    return f"DVK{entry.contest.year % 100:02d}-{entry.pk:06d}-{tail}"


def submit_entry(*, entry: Entry, by) -> Entry:
    """Submit (or resubmit after a return). Checks completeness, eligibility, deadline, quota.

    A second click finds the entry already submitted and says so; nothing is recorded twice.
    """
    with transaction.atomic():
        entry = lock_entry(entry)
        if entry.state in EntryState.awaiting_review():
            raise InvalidTransition(_("Hồ sơ đã được nộp (mã biên nhận %(code)s).") % {"code": entry.receipt_code})
        if not entry.is_editable_state:
            raise InvalidTransition(
                _("Hồ sơ đang ở trạng thái “%(state)s”, không thể nộp.") % {"state": entry.get_state_display()}
            )
        ensure_in_time(entry=entry, by=by)
        if entry.state == EntryState.RETURNED and not changed_since_return(entry):
            raise InvalidTransition(
                _("Hồ sơ chưa được sửa hay bổ sung tệp kể từ khi bị trả lại; hãy sửa theo yêu cầu rồi nộp lại.")
            )
        missing = missing_items(entry)
        if missing:
            raise IncompleteDossier(
                _("Hồ sơ chưa đầy đủ, còn thiếu: %(items)s.") % {"items": "; ".join(missing)}, missing=missing
            )
        problems = eligibility_problems(entry)
        if problems:
            raise DomainError(" ".join(problems))
        from_state = entry.state
        if from_state == EntryState.RETURNED:
            entry.state, action = EntryState.RESUBMITTED, EntryAction.RESUBMITTED
        else:
            entry.state, action = EntryState.SUBMITTED, EntryAction.SUBMITTED
        entry.submitted_at = timezone.now()
        if not entry.receipt_code:
            entry.receipt_code = _new_receipt_code(entry)
        entry.save(update_fields=["state", "submitted_at", "receipt_code", "updated_at"])
        details = _paper_details(entry.paper_received_on, "form") if entry.is_paper and enters_on_paper(by) else None
        record(entry=entry, action=action, by=by, from_state=from_state, to_state=entry.state, details=details)
        entry_id = entry.pk
        transaction.on_commit(lambda: send_receipt_email.enqueue(entry_id))
        return entry


def new_form_token() -> str:
    return str(uuid.uuid4())


def entries_counted_for_quota(*, contest, unit) -> int:
    """The unit's dossiers that take a place of the contest's quota (a rejected one frees its place)."""
    return Entry.objects.filter(contest=contest, unit=unit).exclude(state=EntryState.REJECTED).count()


def creation_refusal(*, contest, unit, used: int, now=None, deadline=None) -> str:
    """Why the unit cannot start a new dossier in ``contest`` now, in words for the portal ("" if it
    can). The same rules create_entry enforces, asked before the unit fills a form in vain."""
    now = now or timezone.now()
    if not unit.is_valid_on(timezone.localdate(now)):
        return _("Đơn vị đã hết hiệu lực, không thể đăng ký dự thi.")
    if now < contest.registration_opens:
        return _("Cuộc thi chưa mở nhận hồ sơ (mở từ %(when)s).") % {"when": _local(contest.registration_opens)}
    deadline = deadline or effective_deadline(contest=contest, unit=unit)
    if now > deadline:
        return _("Đã hết hạn nộp hồ sơ (%(when)s).") % {"when": _local(deadline)}
    if used >= contest.entry_quota_per_unit:
        return _("Đơn vị đã dùng hết %(quota)d hồ sơ được phép trong cuộc thi này.") % {
            "quota": contest.entry_quota_per_unit
        }
    return ""


CHANGES = (EntryAction.EDITED, EntryAction.ATTACHMENT_ADDED, EntryAction.ATTACHMENT_REMOVED)


def changed_since_return(entry: Entry) -> bool:
    """Whether a returned dossier was edited (content or files) after the secretariat returned it:
    resubmitting an unchanged dossier would only send the same thing back."""
    returned = entry.events.filter(to_state=EntryState.RETURNED).order_by("-at", "-id").first()
    if returned is None:
        return True
    return entry.events.filter(action__in=CHANGES, id__gt=returned.id).exists()
