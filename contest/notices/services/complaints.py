"""Complaints and re-marking requests (phúc khảo) about a provisional list.

A unit files one about its own entry in the portal while the notice's complaint window is open
(``Notice.complaints_end``, fixed at publication from the contest's rules): its grounds and up to
three files checked like dossier evidence. It gets a receipt number and the answer's due date
(``Notice.answer_days`` working days after the day of filing, Bộ luật Dân sự Điều 147) at once and
by e-mail. The organisers, and the round's head judge for a re-marking, assign it, record the
verification and decide (upheld, partly, rejected) with written reasons; the unit reads the answer
and its Phiếu trả lời in the portal and by e-mail. A re-marking reopens the named sheets through the
judging reopen path (the organisers' decision, with its reason), which withdraws the frozen result;
once the round is frozen again the answer records the new version, and the public page shows what
changed between the two. Every step is in the audit chain. An unanswered complaint holds the gate
on the final publication, the decision and the certificates (services/notices.py).

A form carries a token: posting the same form twice finds the complaint the first post made.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core import audit
from contest.core.errors import DomainError, InvalidTransition
from contest.core.services.files import delete_unrecorded
from contest.core.text import nfc
from contest.dossiers.enums import AttachmentKind
from contest.dossiers.uploads import validate_upload
from contest.judging.enums import SheetStatus
from contest.judging.models import ScoreSheet
from contest.judging.services.sheets import reopen_sheet
from contest.notices.enums import ComplaintKind, ComplaintOutcome, ComplaintStatus, NoticeStatus
from contest.notices.models import Complaint, ComplaintFile, Notice
from contest.notices.services.calendar import working_calendar
from contest.notices.tasks import send_complaint_answer, send_complaint_receipt
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultRow, ResultSnapshot
from contest.results.services import snapshots as results

MAX_GROUNDS = 5000
MAX_REASONS = 5000
MAX_FILES = 3
FILE = "complaint.file"
ASSIGN = "complaint.assign"
VERIFY = "complaint.verify"
REOPEN = "complaint.reopen"
ANSWER = "complaint.answer"
PREFIX = {ComplaintKind.COMPLAINT: "KN", ComplaintKind.REMARKING: "PK"}


def _day(value) -> str:
    return f"{value:%d/%m/%Y}"


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _text(value, *, field, missing, limit) -> str:
    value = nfc(value or "").strip()
    if not value:
        raise DomainError(missing, field=field)
    if len(value) > limit:
        raise DomainError(
            _("Nội dung dài %(n)s ký tự, vượt quá %(max)s ký tự; hãy rút gọn hoặc gửi kèm tệp.")
            % {"n": _thousands(len(value)), "max": _thousands(limit)},
            field=field,
        )
    return value


def window_refusal(notice, today=None) -> str:
    """Why a complaint cannot be filed about this notice today ("" when it can)."""
    today = today or timezone.localdate()
    if notice.status != NoticeStatus.OPEN:
        return _("Thời gian lấy ý kiến, khiếu nại đã kết thúc; đơn không được tiếp nhận.")
    if today < notice.starts_on:
        return _("Thời hạn khiếu nại, phúc khảo bắt đầu từ ngày %(day)s.") % {"day": _day(notice.starts_on)}
    if today > notice.complaints_end:
        return _(
            "Đã hết thời hạn khiếu nại, phúc khảo (đến hết ngày %(day)s theo quy định của cuộc thi); "
            "đơn không được tiếp nhận."
        ) % {"day": _day(notice.complaints_end)}
    return ""


def notices_for(entry):
    """The notices whose provisional list names this entry, newest first (usually one)."""
    rounds = ResultRow.objects.filter(entry=entry).values("snapshot__round")
    return Notice.objects.filter(round__in=rounds).select_related("round__contest", "snapshot").order_by("-starts_on")


def _notice_listing(notice, entry) -> bool:
    return ResultRow.objects.filter(snapshot__round_id=notice.round_id, entry=entry).exists()


def _next_number(kind, year) -> str:
    prefix = f"{PREFIX[kind]}-{year}-"
    numbers = Complaint.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    last = max((int(n.rsplit("-", 1)[1]) for n in numbers), default=0)
    return f"{prefix}{last + 1:04d}"


def file_complaint(*, notice, entry, kind, grounds, files=(), form_token, by, ip=None) -> Complaint:
    """Record a unit's complaint or re-marking request; returns the existing one for a form
    already sent. Refused outside the window and for an entry of another unit."""
    existing = Complaint.objects.filter(form_token=form_token).first()
    if existing is not None:
        if existing.filed_by_id != by.pk:
            raise DomainError(_("Thao tác không hợp lệ."))
        return existing
    if not by.has_perm("notices.file_complaint", entry):
        raise DomainError(_("Đơn vị chỉ được khiếu nại, đề nghị phúc khảo về hồ sơ của chính đơn vị mình."))
    if kind not in ComplaintKind.values:
        raise DomainError(_("Hãy chọn loại đơn: khiếu nại hoặc đề nghị phúc khảo."), field="kind")
    if not _notice_listing(notice, entry):
        raise DomainError(_("Hồ sơ này không có trong danh sách dự kiến được lấy ý kiến."))
    refusal = window_refusal(notice)
    if refusal:
        raise DomainError(refusal)
    grounds = _text(grounds, field="grounds", missing=_("Hãy ghi nội dung, lý do của đơn."), limit=MAX_GROUNDS)
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise DomainError(_("Gửi kèm tối đa %(n)s tệp.") % {"n": MAX_FILES}, field="files")
    contest = notice.round.contest
    checked = [validate_upload(contest=contest, kind=AttachmentKind.EVIDENCE, uploaded_file=f) for f in files]
    today = timezone.localdate()
    due_on = working_calendar(today).add_working_days(today, notice.answer_days)
    written: list = []
    try:
        with transaction.atomic():
            # Serialises the filings of one notice (the window check and the numbering).
            notice = Notice.objects.select_for_update().get(pk=notice.pk)
            refusal = window_refusal(notice, today)
            if refusal:
                raise DomainError(refusal)
            complaint = Complaint.objects.create(
                notice=notice,
                entry=entry,
                kind=kind,
                grounds=grounds,
                number=_next_number(kind, today.year),
                form_token=form_token,
                filed_by=by,
                filed_on=today,
                due_on=due_on,
            )
            for item in checked:
                stored = ComplaintFile(
                    complaint=complaint,
                    original_name=item.original_name,
                    content_type=item.content_type,
                    size=item.size,
                    sha256=item.sha256,
                )
                stored.file.save(f"upload.{item.extension}", item.content, save=False)
                written.append(stored.file)
                stored.save()
            audit.append(
                actor=by,
                action=FILE,
                obj=complaint,
                round=notice.round,
                new={
                    "number": complaint.number,
                    "kind": kind,
                    "entry": entry.pk,
                    "files": [f.sha256 for f in checked],
                    "due_on": due_on,
                },
                ip=ip,
            )
            transaction.on_commit(lambda: send_complaint_receipt.enqueue(complaint.pk))
    except IntegrityError:
        delete_unrecorded(written)
        # The same form posted twice at once: the other request made it.
        existing = Complaint.objects.filter(form_token=form_token).first()
        if existing is None:
            raise
        return existing
    except BaseException:
        delete_unrecorded(written)
        raise
    return complaint


def _locked(complaint, by) -> Complaint:
    complaint = Complaint.objects.select_for_update().select_related("notice__round", "entry").get(pk=complaint.pk)
    if not by.has_perm("notices.handle_complaint", complaint):
        raise DomainError(_("Chỉ Ban Tổ chức (và Trưởng Ban Giám khảo đối với đơn phúc khảo) được xử lý đơn này."))
    if not complaint.is_pending:
        raise InvalidTransition(_("Đơn %(number)s đã được trả lời.") % {"number": complaint.number})
    return complaint


def may_verify(user, complaint) -> bool:
    """Whether ``user`` could be assigned the verification: someone who may handle or follow the
    complaint, never a unit."""
    return user.is_active and user.has_perm("notices.view_complaint", complaint) and not user.has_perm("portal.use")


def assign(*, complaint, assignee, by, ip=None) -> Complaint:
    """Name the person who verifies the complaint."""
    with transaction.atomic():
        complaint = _locked(complaint, by)
        if not may_verify(assignee, complaint):
            raise DomainError(_("Người được giao phải là thành viên Ban Tổ chức, Tổ Thư ký hoặc Ban Giám khảo."))
        old = {"assignee": complaint.assignee_id, "status": complaint.status}
        complaint.assignee = assignee
        if complaint.status == ComplaintStatus.RECEIVED:
            complaint.status = ComplaintStatus.ASSIGNED
        complaint.save(update_fields=["assignee", "status"])
        audit.append(
            actor=by, action=ASSIGN, obj=complaint, round=complaint.notice.round, old=old,
            new={"assignee": assignee.pk, "status": complaint.status}, ip=ip,
        )  # fmt: skip
    return complaint


def record_verification(*, complaint, verification, by, ip=None) -> Complaint:
    """What the verification found (checked the sheets, heard the judges …)."""
    verification = _text(verification, field="verification", missing=_("Hãy ghi kết quả xác minh."), limit=MAX_REASONS)
    with transaction.atomic():
        complaint = _locked(complaint, by)
        old = {"verification": complaint.verification, "status": complaint.status}
        complaint.verification = verification
        complaint.verified_by = by
        complaint.verified_at = timezone.now()
        complaint.status = ComplaintStatus.VERIFIED
        complaint.save(update_fields=["verification", "verified_by", "verified_at", "status"])
        audit.append(
            actor=by, action=VERIFY, obj=complaint, round=complaint.notice.round, old=old,
            new={"verification": verification, "status": complaint.status}, ip=ip,
        )  # fmt: skip
    return complaint


def remarkable_sheets(complaint):
    """The submitted sheets of the complaint's entry in its round: what a re-marking may reopen."""
    return (
        ScoreSheet.objects.filter(round_id=complaint.notice.round_id, entry_id=complaint.entry_id)
        .select_related("judge")
        .order_by("judge__full_name", "pk")
    )


def reopen_for_remarking(*, complaint, sheet_ids, reason, by, ip=None) -> list:
    """Reopen the named sheets of the entry for re-marking, through the judging reopen path (which
    asks for the organisers' right and withdraws the frozen result with the same reason)."""
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi lý do mở lại phiếu chấm."), field="reason")
    sheet_ids = {int(pk) for pk in sheet_ids}
    if not sheet_ids:
        raise DomainError(_("Hãy chọn phiếu chấm cần chấm lại."), field="sheets")
    with transaction.atomic():
        complaint = _locked(complaint, by)
        if complaint.kind != ComplaintKind.REMARKING:
            raise DomainError(_("Chỉ đơn đề nghị phúc khảo mới mở lại phiếu chấm."))
        sheets = list(remarkable_sheets(complaint).filter(pk__in=sheet_ids))
        if len(sheets) != len(sheet_ids):
            raise DomainError(_("Có phiếu chấm không thuộc hồ sơ của đơn này."), field="sheets")
        if any(sheet.status != SheetStatus.SUBMITTED for sheet in sheets):
            raise InvalidTransition(_("Có phiếu chấm đang được chấm lại, chưa nộp."), field="sheets")
        before = (
            ResultSnapshot.objects.filter(round_id=complaint.notice.round_id)
            .exclude(status=SnapshotStatus.INVALIDATED)
            .first()
        )
        if complaint.snapshot_before_id is None and before is not None:
            complaint.snapshot_before = before
            complaint.save(update_fields=["snapshot_before"])
        full_reason = _("Phúc khảo theo đơn %(number)s: %(reason)s") % {"number": complaint.number, "reason": reason}
        for sheet in sheets:
            reopen_sheet(sheet=sheet, by=by, reason=full_reason, ip=ip)
        complaint.reopened_sheets.add(*sheets)
        audit.append(
            actor=by, action=REOPEN, obj=complaint, round=complaint.notice.round,
            new={"sheets": sorted(sheet_ids), "version_before": before.version if before else None},
            reason=reason, ip=ip,
        )  # fmt: skip
    return sheets


def refreeze_ready(complaint) -> bool:
    """A re-marking whose reopened sheets are all submitted again while the round has no frozen
    result: freezing again is the next step."""
    sheets = complaint.reopened_sheets.all()
    return (
        complaint.is_pending
        and sheets.exists()
        and not sheets.exclude(status=SheetStatus.SUBMITTED).exists()
        and results.snapshot_in_force(complaint.notice.round) is None
    )


def refreeze_after_remarking(*, complaint, by, ip=None) -> ResultSnapshot:
    """Freeze the round again once the re-marking's sheets are resubmitted (the results' own freeze,
    with its checks, locks and audit record): the shortcut from the complaint's page."""
    if not refreeze_ready(complaint):
        raise InvalidTransition(
            _("Chưa thể chốt lại: các phiếu mở lại chưa được nộp lại, hoặc kết quả của vòng đã được chốt.")
        )
    return results.freeze(round=complaint.notice.round, by=by, ip=ip)


def decide(*, complaint, outcome, reasons, answer_number="", by, ip=None) -> Complaint:
    """Answer the complaint: the outcome and its written reasons. A re-marking whose sheets were
    reopened can be answered only once the round's result is frozen again (its new version is
    recorded for the public list of changes)."""
    if outcome not in ComplaintOutcome.values:
        raise DomainError(_("Hãy chọn kết luận."), field="outcome")
    reasons = _text(reasons, field="reasons", missing=_("Hãy ghi lý do kết luận."), limit=MAX_REASONS)
    answer_number = nfc(answer_number or "").strip()[:50]
    with transaction.atomic():
        complaint = _locked(complaint, by)
        after = None
        if complaint.reopened_sheets.exists():
            if complaint.reopened_sheets.exclude(status=SheetStatus.SUBMITTED).exists():
                raise DomainError(_("Các phiếu chấm mở lại để phúc khảo chưa được nộp lại."))
            after = (
                ResultSnapshot.objects.filter(round_id=complaint.notice.round_id)
                .exclude(status=SnapshotStatus.INVALIDATED)
                .first()
            )
            if after is None or (complaint.snapshot_before and after.version <= complaint.snapshot_before.version):
                raise DomainError(
                    _("Kết quả của vòng chưa được chốt lại sau khi chấm lại; hãy chốt kết quả trước khi trả lời.")
                )
        old = {"status": complaint.status}
        complaint.outcome = outcome
        complaint.reasons = reasons
        complaint.answer_number = answer_number
        complaint.decided_by = by
        complaint.decided_at = timezone.now()
        complaint.status = ComplaintStatus.ANSWERED
        complaint.snapshot_after = after
        complaint.save(
            update_fields=[
                "outcome",
                "reasons",
                "answer_number",
                "decided_by",
                "decided_at",
                "status",
                "snapshot_after",
            ]
        )
        audit.append(
            actor=by, action=ANSWER, obj=complaint, round=complaint.notice.round, old=old,
            new={"outcome": outcome, "version_after": after.version if after else None},
            reason=reasons, ip=ip,
        )  # fmt: skip
        transaction.on_commit(lambda: send_complaint_answer.enqueue(complaint.pk))
    return complaint


def pending(notice):
    return Complaint.objects.filter(notice=notice).exclude(status=ComplaintStatus.ANSWERED)


def portal_summary(entry) -> dict:
    """What the entry's portal page shows: its complaints, and the notice open to a new one."""
    notice = notices_for(entry).first()
    return {
        "complaints": list(Complaint.objects.filter(entry=entry).order_by("-filed_at")),
        "complaint_notice": notice if notice is not None and not window_refusal(notice) else None,
    }


def remarking_requests(round):
    """The round's re-marking requests, oldest first (the head judge's page)."""
    return list(
        Complaint.objects.filter(notice__round=round, kind=ComplaintKind.REMARKING)
        .select_related("entry__unit", "notice__round", "verified_by", "decided_by")
        .order_by("filed_at", "id")
    )
