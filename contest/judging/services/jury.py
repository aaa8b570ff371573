"""The jury of a round: entries admitted to the round, members and head judge, conflicts of
interest, recusals, and the assignment of judges to entries (manual or automatic).

Every change is appended to the tamper-evident log (contest/audit.py). Each function locks the
round row first, so that two organisers clicking at once run one after the other instead of
computing codes, heads or loads from the same stale picture.
"""

import random
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from contest.core import audit
from contest.core.errors import DomainError
from contest.core.models import Round
from contest.core.text import nfc
from contest.dossiers.enums import EntryState
from contest.dossiers.models import Entry
from contest.judging import assignment, conflicts
from contest.judging.enums import ConflictKind, SheetKind, SheetStatus
from contest.judging.models import Assignment, Conflict, JuryMembership, RoundEntry, ScoreSheet
from contest.results.enums import SnapshotStatus
from contest.results.services import snapshots as results
from contest.rules import is_judge


class AssignmentImpossible(DomainError):
    """The automatic assignment cannot satisfy the round; ``shortfalls`` name the entries."""

    def __init__(self, message, *, shortfalls):
        super().__init__(message)
        self.shortfalls = shortfalls


def _lock(round):
    """The round, locked; refused once its results are frozen (a freeze takes the same lock)."""
    round = Round.objects.select_for_update().select_related("contest").get(pk=round.pk)
    ensure_jury_open(round)
    return round


def ensure_jury_open(round) -> None:
    """Refuse changing who is in the round and who scores what once its results are in force.

    A frozen or published table names the entries and the judges behind each score: admitting
    an entry or moving a judge afterwards would make it describe a round that no longer exists.
    The organisers' way back is explicit: reopening a sheet (with a reason) withdraws the results.
    """
    snapshot = results.snapshot_in_force(round)
    if snapshot is None:
        return
    if snapshot.status == SnapshotStatus.PUBLISHED:
        message = _(
            "Kết quả của vòng này đã được công bố: không thể đưa thêm hồ sơ vào vòng, thay đổi Ban Giám khảo "
            "hay phân công chấm."
        )
    else:
        message = _(
            "Kết quả của vòng này đã được chốt: không thể đưa thêm hồ sơ vào vòng, thay đổi Ban Giám khảo "
            "hay phân công chấm."
        )
    raise results.ResultsFrozen(
        message
        + " "
        + _(
            "Nếu thật sự cần, Ban Tổ chức mở lại phiếu chấm liên quan ở trang Tiến độ chấm (ghi rõ lý do): "
            "kết quả đang có hiệu lực sẽ bị hủy, rồi chốt lại sau."
        )
    )


def _require_reason(reason):
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError(_("Vui lòng ghi rõ lý do."), field="reason")
    return reason


def _require_member(round, judge):
    membership = JuryMembership.objects.filter(round=round, judge=judge).first()
    if membership is None:
        raise DomainError(
            _("%(judge)s không phải thành viên Ban Giám khảo của vòng này.") % {"judge": judge.display_name},
            field="judge",
        )
    return membership


def _require_round_entry(round, entry):
    round_entry = RoundEntry.objects.filter(round=round, entry=entry).first()
    if round_entry is None:
        raise DomainError(_("Hồ sơ “%(title)s” chưa được đưa vào vòng này.") % {"title": entry.title}, field="entry")
    return round_entry


def _submitted_entries(round, judge, entry_ids):
    return set(
        ScoreSheet.objects.filter(
            round=round, judge=judge, entry_id__in=entry_ids, kind=SheetKind.JURY, status=SheetStatus.SUBMITTED
        ).values_list("entry_id", flat=True)
    )


def _withdraw(*, round, judge, entry_ids, by, reason, action, ip=None):
    """Remove the judge's assignments for these entries; refuse if a sheet was already submitted
    (a submitted score must be reopened, with its own recorded reason, before it can go)."""
    submitted = _submitted_entries(round, judge, entry_ids)
    if submitted:
        codes = ", ".join(
            f"{code:03d}"
            for code in RoundEntry.objects.filter(round=round, entry_id__in=submitted).values_list("code", flat=True)
        )
        raise DomainError(
            _("%(judge)s đã nộp phiếu chấm hồ sơ số %(codes)s; cần mở lại phiếu trước.")
            % {"judge": judge.display_name, "codes": codes or "?"}
        )
    removed = list(Assignment.objects.filter(round=round, judge=judge, entry_id__in=entry_ids))
    for item in removed:
        audit.append(
            actor=by,
            action=action,
            obj=item,
            round=round,
            old={"judge": judge.pk, "entry": item.entry_id, "position": item.position},
            reason=reason,
            ip=ip,
        )
    Assignment.objects.filter(pk__in=[a.pk for a in removed]).delete()
    return removed


# ---------------------------------------------------------------------------------------------
# Entries of the round
# ---------------------------------------------------------------------------------------------


def admit_accepted_entries(*, round, by, ip=None) -> list:
    """Put every accepted entry of the contest that is not yet in the round into it.

    Codes continue the round's sequence in a random order: a code ("Hồ sơ số 017") must say
    nothing about the unit, and numbering by registration or by unit would. Idempotent: a second
    call finds nothing new and returns an empty list.
    """
    with transaction.atomic():
        round = _lock(round)
        present = RoundEntry.objects.filter(round=round).values("entry_id")
        new_ids = list(
            Entry.objects.filter(contest_id=round.contest_id, state=EntryState.ACCEPTED)
            .exclude(pk__in=present)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not new_ids:
            return []
        random.SystemRandom().shuffle(new_ids)
        last = RoundEntry.objects.filter(round=round).aggregate(last=Max("code"))["last"] or 0
        created = RoundEntry.objects.bulk_create(
            RoundEntry(round=round, entry_id=entry_id, code=last + i) for i, entry_id in enumerate(new_ids, start=1)
        )
        audit.append(
            actor=by,
            action="round.admit",
            obj=round,
            round=round,
            new={"codes": {str(item.entry_id): item.code for item in created}},
            ip=ip,
        )
    return created


# ---------------------------------------------------------------------------------------------
# Members
# ---------------------------------------------------------------------------------------------


def add_judge(*, round, judge, is_head=False, by, ip=None) -> JuryMembership:
    """Make an account a member of the round's jury (idempotent); ``is_head`` makes them its head,
    which is refused while another member is head (:func:`set_head` changes the head)."""
    # Who may sit on a jury is the rules' "is_judge" (an active account with the Judge role). The
    # predicate, not has_perm: a superuser passes every has_perm, but is no judge without the role.
    if not is_judge(judge):
        raise DomainError(
            _("%(name)s chưa có vai trò Giám khảo; hãy cấp vai trò trước.") % {"name": judge.display_name},
            field="judge",
        )
    with transaction.atomic():
        round = _lock(round)
        membership, created = JuryMembership.objects.get_or_create(round=round, judge=judge)
        if is_head and not membership.is_head:
            head = JuryMembership.objects.filter(round=round, is_head=True).select_related("judge").first()
            if head is not None:
                raise DomainError(
                    _("Vòng này đã có Trưởng Ban Giám khảo: %(name)s.") % {"name": head.judge.display_name},
                    field="is_head",
                )
            membership.is_head = True
            membership.save(update_fields=["is_head"])
        elif not created:
            return membership
        audit.append(
            actor=by,
            action="jury.add",
            obj=membership,
            round=round,
            new={"judge": judge.pk, "is_head": membership.is_head},
            ip=ip,
        )
    return membership


def set_head(*, round, judge, by, ip=None) -> JuryMembership:
    """Make this member the head judge, replacing the current head (if any)."""
    with transaction.atomic():
        round = _lock(round)
        membership = _require_member(round, judge)
        if membership.is_head:
            return membership
        previous = JuryMembership.objects.filter(round=round, is_head=True).first()
        if previous is not None:
            previous.is_head = False
            previous.save(update_fields=["is_head"])
        membership.is_head = True
        membership.save(update_fields=["is_head"])
        audit.append(
            actor=by,
            action="jury.head",
            obj=membership,
            round=round,
            old={"head": previous.judge_id if previous else None},
            new={"head": judge.pk},
            ip=ip,
        )
    return membership


class RemovalNeedsConfirmation(DomainError):
    """Removing this judge takes work away (assignments, sheets being scored): the organiser must
    say so explicitly. ``assignments`` and ``drafts`` say how much."""

    def __init__(self, message, *, judge, assignments, drafts):
        super().__init__(message)
        self.judge = judge
        self.assignments = assignments
        self.drafts = drafts


def removal_impact(round, judge) -> tuple[int, int]:
    """(assignments, sheets begun but not submitted) that removing ``judge`` would take away."""
    assignments = Assignment.objects.filter(round=round, judge=judge).count()
    drafts = ScoreSheet.objects.filter(round=round, judge=judge, kind=SheetKind.JURY, status=SheetStatus.DRAFT).count()
    return assignments, drafts


def remove_judge(*, round, judge, by, reason="", confirmed=False, ip=None) -> None:
    """Take a member off the jury with their assignments; refused once they submitted a sheet.

    A member with assignments or sheets being scored is removed only when ``confirmed``: the
    page first says what will go (contest/judging/backoffice/jury.py)."""
    with transaction.atomic():
        round = _lock(round)
        membership = _require_member(round, judge)
        entry_ids = list(Assignment.objects.filter(round=round, judge=judge).values_list("entry_id", flat=True))
        if ScoreSheet.objects.filter(
            round=round, judge=judge, kind=SheetKind.JURY, status=SheetStatus.SUBMITTED
        ).exists():
            raise DomainError(
                _("%(judge)s đã nộp phiếu chấm trong vòng này, không thể rút khỏi Ban Giám khảo.")
                % {"judge": judge.display_name}
            )
        assignments, drafts = removal_impact(round, judge)
        if (assignments or drafts) and not confirmed:
            raise RemovalNeedsConfirmation(
                _("Hãy xác nhận trước khi rút %(judge)s khỏi Ban Giám khảo.") % {"judge": judge.display_name},
                judge=judge,
                assignments=assignments,
                drafts=drafts,
            )
        _withdraw(
            round=round, judge=judge, entry_ids=entry_ids, by=by, reason=reason, action="assignment.remove", ip=ip
        )
        audit.append(
            actor=by,
            action="jury.remove",
            obj=membership,
            round=round,
            old={"judge": judge.pk, "is_head": membership.is_head},
            reason=nfc(reason or ""),
            ip=ip,
        )
        membership.delete()


# ---------------------------------------------------------------------------------------------
# Conflicts and recusals
# ---------------------------------------------------------------------------------------------


def declare_conflict(*, round, judge, entry=None, unit=None, reason, by, ip=None) -> Conflict:
    """Record a conflict of interest of a judge with one entry or with every entry of a unit.

    The judge's assignments that the conflict touches are withdrawn; if the judge already
    submitted a sheet for one of them the declaration is refused until that sheet is reopened.
    """
    if (entry is None) == (unit is None):
        raise DomainError(_("Chọn một hồ sơ hoặc một đơn vị (chỉ một)."), field="entry")
    reason = _require_reason(reason)
    with transaction.atomic():
        round = _lock(round)
        _require_member(round, judge)
        if entry is not None:
            _require_round_entry(round, entry)
            affected = [entry.pk]
        else:
            affected = list(RoundEntry.objects.filter(round=round, entry__unit=unit).values_list("entry_id", flat=True))
        conflict = Conflict.objects.create(
            round=round, judge=judge, entry=entry, unit=unit, kind=ConflictKind.DECLARED, reason=reason, recorded_by=by
        )
        _withdraw(round=round, judge=judge, entry_ids=affected, by=by, reason=reason, action="assignment.remove", ip=ip)
        audit.append(
            actor=by,
            action="conflict.declare",
            obj=conflict,
            round=round,
            new={"judge": judge.pk, "entry": entry.pk if entry else None, "unit": unit.pk if unit else None},
            reason=reason,
            ip=ip,
        )
    return conflict


def recuse(*, round, judge, entry, reason, ip=None) -> Conflict:
    """The judge steps back from an entry, with a reason. Their assignment for it is withdrawn;
    refused once their sheet for it is submitted (the organisers reopen it first)."""
    reason = _require_reason(reason)
    with transaction.atomic():
        round = _lock(round)
        _require_member(round, judge)
        _require_round_entry(round, entry)
        conflict = Conflict.objects.create(
            round=round, judge=judge, entry=entry, kind=ConflictKind.RECUSAL, reason=reason, recorded_by=judge
        )
        _withdraw(
            round=round, judge=judge, entry_ids=[entry.pk], by=judge, reason=reason, action="assignment.remove", ip=ip
        )
        audit.append(
            actor=judge,
            action="conflict.recuse",
            obj=conflict,
            round=round,
            new={"judge": judge.pk, "entry": entry.pk},
            reason=reason,
            ip=ip,
        )
    return conflict


# ---------------------------------------------------------------------------------------------
# Assignment
# ---------------------------------------------------------------------------------------------


def _impossibility_message(round, shortfalls):
    codes = dict(
        RoundEntry.objects.filter(round=round, entry_id__in=[s.entry_id for s in shortfalls]).values_list(
            "entry_id", "code"
        )
    )
    lines = []
    for s in sorted(shortfalls, key=lambda s: codes.get(s.entry_id, 0)):
        lines.append(
            _(
                "Hồ sơ số %(code)03d: chỉ %(eligible)s giám khảo có thể chấm, cần thêm %(needed)s "
                "(%(conflicted)s giám khảo vướng xung đột lợi ích)."
            )
            % {"code": codes.get(s.entry_id, 0), "eligible": s.eligible, "needed": s.needed, "conflicted": s.conflicted}
        )
    head = _(
        "Không thể phân công tự động: %(n)s hồ sơ không đủ giám khảo. Bổ sung giám khảo hoặc giảm số giám khảo "
        "chấm mỗi hồ sơ; chưa có phân công nào được lưu."
    ) % {"n": len(shortfalls)}
    return "\n".join([head, *lines])


def assign_automatically(*, round, by, seed=None, ip=None) -> assignment.Plan:
    """Give every entry of the round its judges, keeping the assignments already made.

    All or nothing: when some entry cannot get enough judges nothing is saved and
    :class:`AssignmentImpossible` explains which entries and why. The seed (drawn at random
    unless given) is recorded, so the draw can be replayed and shown to be fair.
    """
    if seed is None:
        seed = secrets.randbelow(2**31)
    with transaction.atomic():
        round = _lock(round)
        judge_ids = list(JuryMembership.objects.filter(round=round).values_list("judge_id", flat=True))
        entry_ids = list(RoundEntry.objects.filter(round=round).values_list("entry_id", flat=True))
        if not judge_ids:
            raise DomainError(_("Vòng này chưa có thành viên Ban Giám khảo."))
        if not entry_ids:
            raise DomainError(_("Vòng này chưa có hồ sơ nào; hãy đưa hồ sơ hợp lệ vào vòng trước."))
        existing = list(Assignment.objects.filter(round=round).values_list("judge_id", "entry_id", "position"))
        taken: dict[int, int] = {}
        for judge_id, _entry_id, position in existing:
            taken[judge_id] = max(taken.get(judge_id, 0), position)
        try:
            result = assignment.plan(
                entry_ids=entry_ids,
                judge_ids=judge_ids,
                k=round.judges_per_entry,
                forbidden=conflicts.forbidden_pairs(round),
                existing=[(j, e) for j, e, _p in existing],
                seed=seed,
                all_judges=round.all_judges_score_all,
                positions_taken=taken,
            )
        except assignment.Impossible as error:
            raise AssignmentImpossible(
                _impossibility_message(round, error.shortfalls), shortfalls=error.shortfalls
            ) from None
        Assignment.objects.bulk_create(
            Assignment(round=round, judge_id=j, entry_id=e, position=result.positions[(j, e)]) for j, e in result.pairs
        )
        audit.append(
            actor=by,
            action="assignment.auto",
            obj=round,
            round=round,
            new={
                "seed": seed,
                "judges_per_entry": None if round.all_judges_score_all else round.judges_per_entry,
                "all_judges": round.all_judges_score_all,
                "added": [[j, e, result.positions[(j, e)]] for j, e in result.pairs],
            },
            ip=ip,
        )
    return result


def assign_manually(*, round, judge, entry, by, ip=None) -> Assignment:
    """Assign one judge to one entry (idempotent); refused when they conflict."""
    with transaction.atomic():
        round = _lock(round)
        _require_member(round, judge)
        round_entry = _require_round_entry(round, entry)
        current = Assignment.objects.filter(round=round, judge=judge, entry=entry).first()
        if current is not None:
            return current
        reason = conflicts.pair_reason(round=round, judge=judge, entry=entry)
        if reason is not None:
            raise DomainError(
                _("%(judge)s vướng xung đột lợi ích với hồ sơ số %(code)03d (%(reason)s).")
                % {"judge": judge.display_name, "code": round_entry.code, "reason": conflicts.REASON_LABELS[reason]},
                field="judge",
            )
        last = Assignment.objects.filter(round=round, judge=judge).aggregate(last=Max("position"))["last"] or 0
        try:
            with transaction.atomic():
                item = Assignment.objects.create(round=round, judge=judge, entry=entry, position=last + 1)
        except IntegrityError:  # pragma: no cover - the round lock makes this a last guard
            raise DomainError(_("Phân công này vừa được thay đổi; vui lòng tải lại trang.")) from None
        audit.append(
            actor=by,
            action="assignment.manual",
            obj=item,
            round=round,
            new={"judge": judge.pk, "entry": entry.pk, "position": item.position},
            ip=ip,
        )
    return item


def unassign(*, round, judge, entry, by, reason="", ip=None) -> None:
    """Withdraw one assignment; refused once the judge's sheet for it is submitted."""
    with transaction.atomic():
        round = _lock(round)
        _withdraw(
            round=round,
            judge=judge,
            entry_ids=[entry.pk],
            by=by,
            reason=nfc(reason or ""),
            action="assignment.remove",
            ip=ip,
        )
