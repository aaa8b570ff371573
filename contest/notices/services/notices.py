"""The notice period of a round: the contest's rules, the provisional publication, the gate that
holds back the final publication and certificate issuing, and the organisers' written overrides.

Publishing a frozen snapshot as provisional creates the round's Notice with its deadlines computed
once from the working-day calendar (services/calendar.py); the snapshot stays FROZEN (the public
reads it as "dự kiến" through contest/notices/public.py). The final publication
(contest/results/services/snapshots.publish) and certificate issuing ask :func:`blockers` and are
refused while the window is open or a complaint is unanswered, and so is the decision marked final
(contest/results/backoffice/documents.py), unless an organiser recorded an override with a reason
(printed on the jury's minutes: :func:`overrides_of`).
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core import audit
from contest.core.errors import DomainError, InvalidTransition
from contest.core.models import Round
from contest.core.text import nfc
from contest.notices.enums import ComplaintStatus, GateAction, NoticeStatus
from contest.notices.models import Complaint, GateOverride, Notice, NoticeRules
from contest.notices.services import opinions
from contest.notices.services.calendar import working_calendar
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultSnapshot

MANAGE_PERMISSION = "notices.manage"
PUBLISH = "notice.publish"
CLOSE = "notice.close"
OVERRIDE = "notice.override"
RULES = "notice.rules"

RULE_FIELDS = (
    "enabled",
    "notice_days",
    "complaint_days",
    "answer_days",
    "opinion_address",
    "legal_basis",
    "signer_title",
    "signer_name",
)


def _require_organiser(user):
    if not user.has_perm(MANAGE_PERMISSION):
        raise DomainError(_("Chỉ Ban Tổ chức được làm việc này."))


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def rules_of(contest) -> NoticeRules | None:
    return NoticeRules.objects.filter(contest=contest).first()


def save_rules(*, contest, by, ip=None, **values) -> NoticeRules:
    """Set the contest's notice rules; deadlines of a notice already published do not move."""
    _require_organiser(by)
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise DomainError(_("Thao tác không hợp lệ."))
    for name in ("notice_days", "complaint_days", "answer_days"):
        if name in values and not 1 <= int(values[name]) <= 90:
            raise DomainError(_("Số ngày làm việc phải từ 1 đến 90."), field=name)
    for name in ("opinion_address", "legal_basis", "signer_title", "signer_name"):
        if name in values:
            values[name] = nfc(values[name] or "").strip()
    if "legal_basis" in values and not values["legal_basis"]:
        raise DomainError(_("Hãy ghi căn cứ pháp lý của Thông báo."), field="legal_basis")
    with transaction.atomic():
        rules, _created = NoticeRules.objects.select_for_update().get_or_create(contest=contest)
        old = {name: getattr(rules, name) for name in values}
        for name, value in values.items():
            setattr(rules, name, value)
        rules.full_clean()
        rules.save()
        audit.append(actor=by, action=RULES, obj=rules, old=old, new=values, ip=ip)
    return rules


def deadlines(rules, starts_on: date, calendar=None) -> dict:
    """The notice's end and the complaints' end for a notice starting on ``starts_on``."""
    calendar = calendar or working_calendar(starts_on)
    return {
        "ends_on": calendar.period_end(starts_on, rules.notice_days),
        "complaints_end": calendar.period_end(starts_on, rules.complaint_days),
    }


def publish_provisional(*, snapshot, starts_on, number="", by, ip=None) -> Notice:
    """Put a frozen snapshot on the public results page as the provisional list, for opinions."""
    _require_organiser(by)
    today = timezone.localdate()
    if starts_on < today:
        raise DomainError(
            _("Ngày bắt đầu lấy ý kiến không được trước hôm nay (%(today)s).") % {"today": _day(today)},
            field="starts_on",
        )
    with transaction.atomic():
        snapshot = ResultSnapshot.objects.select_for_update().select_related("round__contest").get(pk=snapshot.pk)
        round = Round.objects.select_for_update().get(pk=snapshot.round_id)
        rules = rules_of(round.contest)
        if rules is None or not rules.enabled:
            raise DomainError(
                _("Cuộc thi này chưa đặt quy định lấy ý kiến; hãy lưu quy định trước khi đăng danh sách dự kiến.")
            )
        if snapshot.status != SnapshotStatus.FROZEN:
            raise InvalidTransition(_("Chỉ đăng lấy ý kiến được kết quả đã chốt và chưa công bố chính thức."))
        if Notice.objects.filter(round=round).exists():
            raise InvalidTransition(_("Danh sách dự kiến của vòng này đã được đăng lấy ý kiến."))
        calendar = working_calendar(starts_on)
        starts_on = calendar.next_working_day(starts_on)
        ends = deadlines(rules, starts_on, calendar)
        try:
            notice = Notice.objects.create(
                round=round,
                snapshot=snapshot,
                number=nfc(number or "").strip()[:50],
                starts_on=starts_on,
                notice_days=rules.notice_days,
                complaint_days=rules.complaint_days,
                answer_days=rules.answer_days,
                opinion_address=rules.opinion_address,
                published_by=by,
                **ends,
            )
        except IntegrityError:  # a double click that raced past the check above
            raise InvalidTransition(_("Danh sách dự kiến của vòng này đã được đăng lấy ý kiến.")) from None
        audit.append(
            actor=by,
            action=PUBLISH,
            obj=notice,
            round=round,
            new={"version": snapshot.version, "starts_on": starts_on, **ends},
            ip=ip,
        )
    return notice


def notice_of(round) -> Notice | None:
    return Notice.objects.filter(round=round).first()


def is_window_open(notice, today=None) -> bool:
    return (today or timezone.localdate()) <= notice.last_day


def blockers(round, action=GateAction.FINAL_PUBLICATION, today=None) -> list[str]:
    """Why ``action`` must wait for the notice period (empty: it may go ahead)."""
    rules = rules_of(round.contest)
    if rules is None or not rules.enabled:
        return []
    if GateOverride.objects.filter(round=round, action=action).exists():
        return []
    notice = notice_of(round)
    if notice is None:
        return [_("Danh sách dự kiến chưa được đăng lấy ý kiến theo quy định của cuộc thi.")]
    reasons = []
    if is_window_open(notice, today):
        reasons.append(
            _("Thời gian lấy ý kiến, khiếu nại chưa kết thúc (đến hết ngày %(day)s).") % {"day": _day(notice.last_day)}
        )
    unanswered = pending_complaints(notice)
    if unanswered:
        reasons.append(
            _("Còn %(n)s đơn khiếu nại, phúc khảo chưa được trả lời (số %(numbers)s).")
            % {"n": len(unanswered), "numbers": ", ".join(unanswered)}
        )
    return reasons


def pending_complaints(notice) -> list[str]:
    """The numbers of the notice's complaints not answered yet."""
    return list(
        Complaint.objects.filter(notice=notice)
        .exclude(status=ComplaintStatus.ANSWERED)
        .order_by("filed_at", "id")
        .values_list("number", flat=True)
    )


def ensure_allowed(round, action=GateAction.FINAL_PUBLICATION) -> None:
    """Raise with the reasons when the notice period still holds ``action`` back."""
    reasons = blockers(round, action)
    if reasons:
        raise DomainError(" ".join(reasons))


def override(*, round, action, reason, by, ip=None) -> GateOverride:
    """Go ahead before the notice period allows it: organisers only, with a written reason."""
    _require_organiser(by)
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi rõ lý do quyết định vượt điều kiện."), field="reason")
    if action not in GateAction.values:
        raise DomainError(_("Thao tác không hợp lệ."))
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        current = blockers(round, action)
        if not current:
            raise InvalidTransition(_("Không có điều kiện nào đang chặn việc này; không cần vượt điều kiện."))
        decision = GateOverride.objects.create(round=round, action=action, reason=reason, blockers=current, by=by)
        audit.append(
            actor=by, action=OVERRIDE, obj=decision, round=round, new={"action": action, "blockers": current},
            reason=reason, ip=ip,
        )  # fmt: skip
    return decision


def close(*, notice, by, ip=None) -> Notice:
    """Mark the notice period over once its last day has passed and every opinion is handled; the
    summary report of the opinions is sealed with the audit head of this moment."""
    _require_organiser(by)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if notice.status == NoticeStatus.CLOSED:
            raise InvalidTransition(_("Thời gian lấy ý kiến đã được kết thúc."))
        if is_window_open(notice):
            raise DomainError(
                _("Chưa hết thời gian lấy ý kiến, khiếu nại (đến hết ngày %(day)s).") % {"day": _day(notice.last_day)}
            )
        unanswered = pending_complaints(notice)
        if unanswered:
            raise DomainError(
                _("Còn %(n)s đơn khiếu nại, phúc khảo chưa được trả lời (số %(numbers)s).")
                % {"n": len(unanswered), "numbers": ", ".join(unanswered)}
            )
        unhandled = opinions.unhandled_count(notice)
        if unhandled:
            raise DomainError(
                _("Còn %(n)s ý kiến chưa ghi kết quả xử lý; báo cáo tổng hợp phải nêu cách xử lý từng ý kiến.")
                % {"n": unhandled}
            )
        notice.status = NoticeStatus.CLOSED
        notice.closed_at = timezone.now()
        record = audit.append(actor=by, action=CLOSE, obj=notice, round=notice.round, ip=ip)
        notice.summary_audit_head = record.digest
        notice.save(update_fields=["status", "closed_at", "summary_audit_head"])
    return notice


def overrides_of(round) -> list[GateOverride]:
    """The organisers' written overrides of the round's gate, oldest first (printed on the minutes)."""
    return list(GateOverride.objects.filter(round=round).select_related("by").order_by("at", "id"))
