"""On stage: the console moves teams through their performances, runs the stage timer and opens and
locks scoring; judges' tablets send their scores, exactly once, into the round's own score sheets.

Every write locks the programme row first (services/state.py), so two consoles, a double click and
forty tablets all serialise on it. Times come from the server's clock only.

A judge's scores for a performance are written with ``judging.services.sheets.save_sheet`` on the
judge's ordinary sheet for the team (only the part's criteria), with its checks (assignment,
conflicts of interest with the team's unit and its parent, value bounds and steps, the rubric
locks, no change under a frozen result) and its audit records. At the end of the day
``finish_day`` submits the complete sheets, so the round's tabulation, freeze and publication take
the day's scores unchanged.
"""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core.errors import DomainError, InvalidTransition
from contest.core.models import AuditRecord
from contest.judging.enums import SheetKind, SheetStatus
from contest.judging.models import Assignment, JuryMembership, Score, ScoreSheet
from contest.judging.services import jury, sheets
from contest.stage.enums import PartKind, PerformanceState, Screen, SubmissionOutcome
from contest.stage.models import LiveSubmission, StagePerformance, StageProgramme
from contest.stage.services import state
from contest.stage.services.programme import jury_criteria
from contest.stage.services.screens import elapsed_ms

ACTIVE = (PerformanceState.ON_STAGE, PerformanceState.SCORING)


class LiveRefused(DomainError):
    """A judge's submission that cannot be taken; ``code`` tells the tablet what to do with it."""

    def __init__(self, message, *, code, errors=None):
        super().__init__(message)
        self.code = code
        self.errors = errors or {}


def _locked_performance(performance) -> StagePerformance:
    return (
        StagePerformance.objects.select_for_update()
        .select_related("part__programme__round", "round_entry__entry")
        .get(pk=performance.pk)
    )


def _transition(*, performance, by, action, to, allowed, ip=None, reason="", **changes):
    with transaction.atomic():
        programme = state.locked(performance.part.programme)
        performance = _locked_performance(performance)
        if performance.state not in allowed:
            raise InvalidTransition(
                _("Lượt thi của %(team)s đang ở trạng thái «%(state)s», không thể làm thao tác này.")
                % {
                    "team": performance.round_entry.entry.unit.name,
                    "state": PerformanceState(performance.state).label,
                }
            )
        old = performance.state
        performance.state = to
        for name, value in changes.items():
            setattr(performance, name, value)
        performance.save()
        state.record(
            programme=programme,
            by=by,
            action=action,
            obj=performance,
            old={"state": old},
            new={"state": to, **{k: v for k, v in changes.items() if k != "timer_started_at"}},
            reason=reason,
            ip=ip,
        )
    return performance


def _stop_clock(performance, now):
    """(started_at, elapsed) with the running clock folded into the elapsed time."""
    return None, elapsed_ms(performance, now)


# ---------------------------------------------------------------------------------------------
# The console
# ---------------------------------------------------------------------------------------------


def call(*, performance, by, ip=None) -> StagePerformance:
    """Bring a team on stage: it becomes the programme's current performance, shown on the projector."""
    with transaction.atomic():
        programme = state.locked(performance.part.programme)
        performance = _locked_performance(performance)
        if performance.state in (PerformanceState.LOCKED, PerformanceState.ABSENT):
            raise InvalidTransition(_("Đội này đã thi xong hoặc vắng mặt."))
        # A double click on "next team", or a second console clicking it a moment later, must not
        # call the following team over the one still performing.
        on_stage = programme.current
        if on_stage is not None and on_stage.pk != performance.pk and on_stage.state == PerformanceState.ON_STAGE:
            raise InvalidTransition(
                _("%(team)s đang thi trên sân khấu: hãy mở chấm hoặc ghi vắng mặt trước khi mời đội khác.")
                % {"team": on_stage.round_entry.entry.unit.name}
            )
        old_current = programme.current_id
        if performance.state == PerformanceState.WAITING:
            performance.state = PerformanceState.ON_STAGE
            performance.save(update_fields=["state"])
        StageProgramme.objects.filter(pk=programme.pk).update(current=performance, screen=Screen.STAGE)
        state.record(
            programme=programme,
            by=by,
            action="stage.call",
            obj=performance,
            old={"current": old_current},
            new={"current": performance.pk, "state": performance.state},
            ip=ip,
        )
    return performance


def next_performance(programme) -> StagePerformance | None:
    """The next team waiting, in this part's drawn order, then in the following parts."""
    current = programme.current
    waiting = StagePerformance.objects.filter(part__programme=programme, state=PerformanceState.WAITING).select_related(
        "part"
    )
    if current is not None:
        after = waiting.filter(part=current.part_id, position__gt=current.position).order_by("position").first()
        if after is not None:
            return after
        waiting = waiting.filter(part__order__gte=current.part.order).exclude(part=current.part_id)
    return waiting.order_by("part__order", "part_id", "position").first()


def timer(*, performance, by, command, ip=None) -> StagePerformance:
    """start / pause / reset the stage timer of the team on stage (server time only)."""
    with transaction.atomic():
        programme = state.locked(performance.part.programme)
        performance = _locked_performance(performance)
        if performance.state not in ACTIVE:
            raise InvalidTransition(_("Chỉ bấm giờ cho đội đang thi."))
        now = timezone.now()
        running = performance.timer_started_at is not None
        if command == "start":
            if running:
                raise InvalidTransition(_("Đồng hồ đang chạy rồi."))
            performance.timer_started_at = now
        elif command == "pause":
            if not running:
                raise InvalidTransition(_("Đồng hồ đang dừng."))
            performance.timer_started_at, performance.timer_elapsed_ms = _stop_clock(performance, now)
        elif command == "reset":
            performance.timer_started_at, performance.timer_elapsed_ms = None, 0
        else:
            raise DomainError(_("Thao tác không hợp lệ."))
        performance.save(update_fields=["timer_started_at", "timer_elapsed_ms"])
        state.record(
            programme=programme,
            by=by,
            action=f"stage.timer_{command}",
            obj=performance,
            new={"elapsed_ms": elapsed_ms(performance, now)},
            ip=ip,
        )
    return performance


def open_scoring(*, performance, by, ip=None) -> StagePerformance:
    """Scoring opens for all judges at once; the stage timer stops."""
    now = timezone.now()
    performance = StagePerformance.objects.select_related("part__programme").get(pk=performance.pk)
    started, elapsed = _stop_clock(performance, now)
    return _transition(
        performance=performance,
        by=by,
        action="stage.open",
        to=PerformanceState.SCORING,
        allowed=(PerformanceState.ON_STAGE,),
        ip=ip,
        timer_started_at=started,
        timer_elapsed_ms=elapsed,
    )


def ensure_may_lock(user, round_) -> None:
    head = JuryMembership.objects.filter(round=round_, judge=user, is_head=True).exists()
    if not (head or user.has_perm("stage.manage")):
        raise DomainError(_("Chỉ Trưởng Ban Giám khảo hoặc Ban Tổ chức được khóa hay mở lại điểm."))


def lock(*, performance, by, ip=None) -> StagePerformance:
    """The head judge locks the performance: later submissions are kept aside as late."""
    performance = StagePerformance.objects.select_related("part__programme__round").get(pk=performance.pk)
    ensure_may_lock(by, performance.part.programme.round)
    return _transition(
        performance=performance,
        by=by,
        action="stage.lock",
        to=PerformanceState.LOCKED,
        allowed=(PerformanceState.SCORING,),
        ip=ip,
    )


def reopen(*, performance, by, reason, ip=None) -> StagePerformance:
    """Reopen a locked performance (with a reason); each judge's latest late values are applied."""
    performance = StagePerformance.objects.select_related("part__programme__round").get(pk=performance.pk)
    ensure_may_lock(by, performance.part.programme.round)
    reason = state.required_reason(reason, _("Hãy ghi lý do mở lại điểm."))
    with transaction.atomic():
        performance = _transition(
            performance=performance,
            by=by,
            action="stage.reopen",
            to=PerformanceState.SCORING,
            allowed=(PerformanceState.LOCKED,),
            ip=ip,
            reason=reason,
        )
        latest = {}
        for submission in LiveSubmission.objects.filter(
            performance=performance, outcome=SubmissionOutcome.LATE
        ).order_by("received_at", "id"):
            latest[submission.judge_id] = submission
        for submission in latest.values():
            _write_scores(performance=performance, judge=submission.judge, values=submission.values, by=by, ip=ip)
            submission.outcome = SubmissionOutcome.ACCEPTED
            submission.message = _("Nhận khi mở lại điểm: %(reason)s") % {"reason": reason}
            submission.save(update_fields=["outcome", "message"])
    return performance


def mark_absent(*, performance, by, reason, ip=None) -> StagePerformance:
    """A team that does not come on stage: recorded, and the order moves on."""
    reason = state.required_reason(reason, _("Hãy ghi lý do vắng mặt."))
    return _transition(
        performance=performance,
        by=by,
        action="stage.absent",
        to=PerformanceState.ABSENT,
        allowed=(PerformanceState.WAITING, PerformanceState.ON_STAGE),
        ip=ip,
        reason=reason,
        absent_reason=reason,
    )


# The console's "undo the last step": which state each step came from.
UNDOABLE = {
    "stage.call": PerformanceState.WAITING,
    "stage.open": PerformanceState.ON_STAGE,
    "stage.lock": PerformanceState.SCORING,
    "stage.absent": PerformanceState.WAITING,
}


def undo_last(*, programme, by, reason, ip=None) -> StagePerformance:
    """Undo the console's last step on a performance (with a reason), if nothing came after it:
    a team called by mistake goes back to waiting, scoring opened too early closes (only while no
    judge has submitted), a lock is lifted, an absence is withdrawn."""
    reason = state.required_reason(reason, _("Hãy ghi lý do hoàn tác."))
    with transaction.atomic():
        programme = state.locked(programme)
        last = (
            AuditRecord.objects.filter(round=programme.round, action__startswith="stage.")
            .exclude(action__startswith="stage.timer_")
            .order_by("-seq")
            .first()
        )
        if last is None or last.action not in UNDOABLE or last.object_type != "contest.stageperformance":
            raise InvalidTransition(
                _("Không có bước nào hoàn tác được (chỉ hoàn tác: gọi đội, mở chấm, khóa điểm, vắng mặt).")
            )
        performance = _locked_performance(StagePerformance(pk=int(last.object_id)))
        back = UNDOABLE[last.action]
        if last.action == "stage.call" and performance.state != PerformanceState.ON_STAGE:
            back = performance.state
        if last.action == "stage.open" and performance.submissions.exists():
            raise InvalidTransition(_("Đã có giám khảo gửi điểm nên không thể đóng chấm lại."))
        old = performance.state
        performance.state = back
        if last.action == "stage.absent":
            performance.absent_reason = ""
        performance.save()
        updates = {}
        if last.action == "stage.call":
            updates["current_id"] = (last.old or {}).get("current")
        if updates:
            StageProgramme.objects.filter(pk=programme.pk).update(**updates)
        state.record(
            programme=programme,
            by=by,
            action="stage.undo",
            obj=performance,
            old={"state": old, "undone": last.action, "undone_seq": last.seq},
            new={"state": back},
            reason=reason,
            ip=ip,
        )
    return performance


# ---------------------------------------------------------------------------------------------
# Judges' tablets
# ---------------------------------------------------------------------------------------------


def _write_scores(*, performance, judge, values, by, ip):
    criteria = {c.pk: c for c in jury_criteria(performance.part)}
    try:
        typed = {int(k): v for k, v in (values or {}).items()}
    except (TypeError, ValueError):
        raise LiveRefused(_("Điểm gửi lên không đúng định dạng."), code="invalid") from None
    unknown = set(typed) - set(criteria)
    if unknown:
        raise LiveRefused(_("Có tiêu chí không thuộc phần thi này."), code="invalid")
    missing = [c for pk, c in criteria.items() if str(typed.get(pk, "") or "").strip() == ""]
    if missing:
        raise LiveRefused(
            _("Còn %(n)d tiêu chí chưa có điểm.") % {"n": len(missing)},
            code="invalid",
            errors={c.pk: [_("Chưa nhập điểm.")] for c in missing},
        )
    try:
        sheets.save_sheet(
            judge=judge,
            round=performance.part.programme.round,
            entry=performance.round_entry.entry,
            values=typed,
            by=by,
            ip=ip,
        )
    except sheets.SheetInvalid as error:
        raise LiveRefused(str(error.message), code="invalid", errors=error.errors) from None


def _typed_at(raw):
    if not raw:
        return None
    try:
        moment = datetime.datetime.fromtimestamp(int(raw) / 1000, tz=datetime.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    return moment


def submit(*, performance, judge, values, key, typed_at=None, ip=None) -> LiveSubmission:
    """A judge's scores for one performance, exactly once per idempotency ``key``.

    The same key sent again (the tablet never heard the answer) returns the first outcome and
    writes nothing. A performance locked meanwhile keeps the values aside as LATE (raising
    LiveRefused with code "late" the first time); one that is not open refuses them.
    """
    try:
        key = uuid.UUID(str(key))
    except (TypeError, ValueError):
        raise LiveRefused(_("Thiếu mã gửi điểm; hãy tải lại trang."), code="invalid") from None
    with transaction.atomic():
        programme = state.locked(performance.part.programme)
        existing = LiveSubmission.objects.filter(key=key).first()
        if existing is not None:
            if existing.judge_id != judge.pk or existing.performance_id != performance.pk:
                raise LiveRefused(_("Mã gửi điểm không hợp lệ."), code="invalid")
            return existing
        performance = _locked_performance(performance)
        if performance.part.kind != PartKind.TEAM:
            raise LiveRefused(_("Phần thi này không do giám khảo chấm."), code="invalid")
        try:
            sheets.ensure_may_score(judge=judge, round=programme.round, entry=performance.round_entry.entry)
        except sheets.NotAssigned as error:
            raise LiveRefused(str(error.message), code="forbidden") from None
        received = {"key": key, "performance": performance, "judge": judge, "values": values or {}}
        received["typed_at"] = _typed_at(typed_at)
        if performance.state == PerformanceState.LOCKED:
            submission = LiveSubmission.objects.create(
                **received,
                outcome=SubmissionOutcome.LATE,
                message=_(
                    "Điểm gửi đến sau khi Trưởng Ban Giám khảo đã khóa điểm đội này; đã chuyển Trưởng BGK xem xét."
                ),
            )
            state.record(
                programme=programme,
                by=judge,
                action="stage.late",
                obj=performance,
                new={"values": submission.values},
                ip=ip,
            )
            return submission
        if performance.state != PerformanceState.SCORING:
            raise LiveRefused(_("Lượt thi này chưa mở chấm hoặc không còn chấm."), code="closed")
        _write_scores(performance=performance, judge=judge, values=values, by=judge, ip=ip)
        submission = LiveSubmission.objects.create(**received, outcome=SubmissionOutcome.ACCEPTED)
        state.bump(programme)
    return submission


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def judge_values(*, performance, judge) -> dict:
    """criterion id → stored value, of this judge's sheet for this performance's part."""
    criteria = [c.pk for c in jury_criteria(performance.part)]
    return dict(
        Score.objects.filter(
            sheet__round=performance.part.programme.round_id,
            sheet__judge=judge,
            sheet__entry=performance.round_entry.entry_id,
            sheet__kind=SheetKind.JURY,
            criterion_id__in=criteria,
        ).values_list("criterion_id", "value")
    )


def submitted_judges(performance) -> set[int]:
    return set(
        LiveSubmission.objects.filter(performance=performance, outcome=SubmissionOutcome.ACCEPTED).values_list(
            "judge_id", flat=True
        )
    )


def open_performances(programme):
    return (
        StagePerformance.objects.filter(part__programme=programme, state=PerformanceState.SCORING)
        .select_related("part", "round_entry__entry__unit")
        .order_by("part__order", "position")
    )


# ---------------------------------------------------------------------------------------------
# The end of the day
# ---------------------------------------------------------------------------------------------


def finish_day(*, programme, by, ip=None) -> int:
    """Submit every complete sheet of the day, so that the round's results can be frozen.

    Refused while a performance is still waiting, on stage or being scored. Absences are settled
    first (:func:`settle_absences`). Returns the number of sheets submitted (sheets already
    submitted are left as they are).
    """
    if not by.has_perm("stage.manage"):
        raise DomainError(_("Chỉ Ban Tổ chức được kết thúc ngày thi."))
    with transaction.atomic():
        programme = state.locked(programme)
        unfinished = StagePerformance.objects.filter(part__programme=programme).exclude(
            state__in=(PerformanceState.LOCKED, PerformanceState.ABSENT)
        )
        if unfinished.exists():
            raise InvalidTransition(
                _("Còn %(n)d lượt thi chưa khóa điểm hoặc chưa ghi vắng mặt.") % {"n": unfinished.count()}
            )
        settle_absences(programme=programme, by=by, ip=ip)
        submitted = 0
        drafts = ScoreSheet.objects.filter(
            round=programme.round, kind=SheetKind.JURY, status=SheetStatus.DRAFT
        ).select_related("judge", "entry")
        for sheet in drafts:
            try:
                sheets.submit_sheet(judge=sheet.judge, round=programme.round, entry=sheet.entry, by=by, ip=ip)
            except sheets.SheetInvalid:
                continue  # a judge who left mid-day: the results page lists the sheet as pending
            submitted += 1
        StageProgramme.objects.filter(pk=programme.pk).update(finished_at=timezone.now())
        state.record(programme=programme, by=by, action="stage.finish", new={"submitted": submitted}, ip=ip)
    return submitted


def absences(programme) -> dict[int, list[StagePerformance]]:
    """round entry id → its performances recorded absent (with their parts), in programme order."""
    absent: dict[int, list[StagePerformance]] = {}
    for performance in (
        StagePerformance.objects.filter(part__programme=programme, state=PerformanceState.ABSENT)
        .select_related("part", "round_entry__entry")
        .order_by("part__order", "part_id")
    ):
        absent.setdefault(performance.round_entry_id, []).append(performance)
    return absent


def settle_absences(*, programme, by, ip):
    """What an absence means for the round's sheets, decided at the end of the day (an absence can
    still be undone until then).

    A team absent from every part it was due to perform did not compete: each judge's assignment
    for it is withdrawn (reason "vắng mặt", audited by the jury service), so its unsubmittable
    sheets no longer hold up the freeze; the team stays in the round without a score and the
    minutes name it absent. A team absent from some parts only scores 0 in those parts: each
    assigned judge's sheet gets 0 on the part's criteria (audited), so the sheet can be submitted.
    """
    round_ = programme.round
    due = {}
    for round_entry_id, part_id in StagePerformance.objects.filter(part__programme=programme).values_list(
        "round_entry_id", "part_id"
    ):
        due.setdefault(round_entry_id, set()).add(part_id)
    for round_entry_id, performances in absences(programme).items():
        entry = performances[0].round_entry.entry
        reason = _("Vắng mặt: %(reason)s") % {"reason": "; ".join(p.absent_reason for p in performances)}
        assigned = Assignment.objects.filter(round=round_, entry=entry).select_related("judge")
        if {p.part_id for p in performances} >= due[round_entry_id]:
            for assignment in assigned:
                jury.unassign(round=round_, judge=assignment.judge, entry=entry, by=by, reason=reason, ip=ip)
            continue
        zeros = {c.pk: 0 for p in performances for c in jury_criteria(p.part)}
        for assignment in assigned:
            sheets.save_sheet(judge=assignment.judge, round=round_, entry=entry, values=zeros, by=by, ip=ip)
        state.record(
            programme=programme,
            by=by,
            action="stage.absent_zero",
            obj=performances[0].round_entry,
            new={"parts": [p.part.name for p in performances]},
            reason=reason,
            ip=ip,
        )
