"""Freezing, publishing and invalidating a round's results; the jury's tie decisions.

Freezing writes a snapshot (the table of contest/tabulation.py with the method, its parameters and
a version) and seals the round's audit chain: a "round.close" record is appended and its digest,
which depends on every record before it, is stored on the snapshot and printed on the minutes.
While a snapshot is in force no score of the round can change (:func:`ensure_scores_open`, which
every score writer calls after taking its rubric locks). Reopening a sheet, an organiser's
decision with a reason, invalidates the snapshot; freezing again writes the next version.

Races: freezing locks the round's rubrics FOR UPDATE, the same rows every score writer locks
before writing, so a freeze waits for a save in flight and a save that comes after sees the
snapshot and is refused.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contest.core import audit
from contest.core.errors import DomainError, InvalidTransition
from contest.core.models import Round
from contest.core.text import nfc
from contest.dossiers.enums import EntryState
from contest.dossiers.models import Entry, Extension
from contest.judging.models import RoundEntry, Rubric
from contest.results import tabulation
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultRow, ResultSnapshot, TieDecision
from contest.results.scoring import format_score
from contest.voting.models import VoteSettings

FREEZE = audit.AuditAction.ROUND_CLOSE
PUBLISH = audit.AuditAction.RESULTS_PUBLISH
INVALIDATE = audit.AuditAction.RESULTS_INVALIDATE
TIE_DECISION = audit.AuditAction.RESULTS_TIE_DECISION


class ResultsFrozen(DomainError):
    pass


def snapshot_in_force(round):
    return ResultSnapshot.objects.filter(round=round).exclude(status=SnapshotStatus.INVALIDATED).first()


def ensure_scores_open(round) -> None:
    """Refuse a score write while the round's results are frozen (call it under the rubric locks)."""
    if ResultSnapshot.objects.filter(round=round).exclude(status=SnapshotStatus.INVALIDATED).exists():
        raise ResultsFrozen(
            _(
                "Kết quả của vòng này đã được chốt nên không thể sửa điểm. "
                "Ban Tổ chức phải mở lại phiếu chấm (ghi rõ lý do) trước."
            )
        )


def _require_organiser(user):
    if not user.has_perm("results.manage"):
        raise DomainError(_("Chỉ Ban Tổ chức được làm việc này."))


def _require_reason(reason):
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi rõ lý do."), field="reason")
    return reason


def _parameters(table) -> dict:
    policy = table.policy
    return {
        "method": table.policy.method,
        "part_methods": policy.part_methods or {},
        "trim_min_sheets": policy.trim_min_sheets,
        "discrepancy_threshold": str(policy.discrepancy_threshold),
        "scope": policy.scope,
        "tie_break_criteria": list(policy.tie_break_criteria or []),
        "tie_break_by_judges": policy.tie_break_by_judges,
        "min_prize_score": str(policy.min_prize_score),
        "prize_cap_share": str(policy.prize_cap_share) if policy.prize_cap_share is not None else None,
        "shared_prizes": policy.shared_prizes,
        "advance_top": policy.advance_top,
        "advance_threshold": str(policy.advance_threshold) if policy.advance_threshold is not None else None,
        "tiers": [
            {
                "code": t.code,
                "name": t.name,
                "quota": t.quota,
                "part": t.part,
                "min_score": str(t.min_score) if t.min_score is not None else None,
            }
            for t in table.tiers
        ],
        "tie_decisions": list(
            TieDecision.objects.filter(round=table.round).values("entry_order", "reason", "decided_by_id")
        ),
        "max_total": str(table.max_total),
        "judges": {str(k): v for k, v in table.judges.items()},
        "vote_share": _vote_parameters(table.vote),
    }


def _vote_parameters(vote) -> dict | None:
    """What a later reader needs to recompute the final scores: the share, the rules' cap, and
    which sealed vote log the counts come from."""
    if vote is None or not vote.applied:
        return None
    return {
        "percent": str(vote.percent),
        "cap": str(vote.cap),
        "seal_digest": vote.seal_digest,
        "valid_votes": sum(vote.counts.values()),
    }


def _codes(codes, limit=20) -> str:
    """ "001, 002, …" — the first ``limit`` only, so a round of 2,000 entries gives a readable line."""
    shown = ", ".join(f"{c:03d}" for c in codes[:limit])
    if len(codes) > limit:
        shown += _(" và %(n)s hồ sơ khác") % {"n": len(codes) - limit}
    return shown


def freeze_problems(table) -> list[str]:
    """Why this table cannot be frozen yet (empty: it can)."""
    problems = []
    if table.pending_sheets:
        problems.append(
            ngettext(
                "Còn %(n)s phiếu chấm được phân công nhưng chưa nộp.",
                "Còn %(n)s phiếu chấm được phân công nhưng chưa nộp.",
                table.pending_sheets,
            )
            % {"n": table.pending_sheets}
        )
    if table.secretariat_missing:
        problems.append(
            _("Tổ Thư ký chưa nhập đủ điểm phần thi do Tổ Thư ký chấm cho các hồ sơ số %(codes)s.")
            % {"codes": _codes(table.secretariat_missing)}
        )
    if not any(r.score is not None for r in table.rows):
        problems.append(_("Chưa có hồ sơ nào có phiếu chấm đã nộp."))
    if table.vote is not None and not table.vote.applied:
        problems.append(
            _(
                "Bình chọn của công chúng chiếm %(p)s %% điểm chung cuộc nhưng chưa được niêm phong: hãy chờ "
                "đóng bình chọn, rà soát và niêm phong ở mục Bình chọn trước khi chốt kết quả."
            )
            % {"p": format_score(table.vote.percent, trim=True)}
        )
    policy = table.policy
    # A round that only selects for the next round (sơ khảo) needs no prizes; any other round
    # frozen without prizes would print a decision and minutes that award nothing.
    if not table.tiers and not (policy.advance_top or policy.advance_threshold is not None):
        problems.append(
            _(
                "Vòng chưa có cơ cấu giải (và không chọn hồ sơ vào vòng sau): hãy thêm các giải ở mục "
                "«Cơ cấu giải» (hoặc bấm «Dùng cơ cấu giải mặc định») trước khi chốt."
            )
        )
    for scope, tier, codes in table.unresolved:
        problems.append(
            _(
                "%(tier)s%(scope)s: các hồ sơ số %(codes)s bằng điểm, chưa phân định được; "
                "Ban Giám khảo cần ghi quyết định."
            )
            % {
                "tier": tier,
                "scope": f" ({scope})" if scope else "",
                "codes": _codes(codes),
            }
        )
    return problems


def entries_still_coming(round, now=None) -> list[str]:
    """Why the round's ranking may still miss dossiers: the contest still takes them (its deadline
    or a unit's extension is ahead), some wait for the secretariat's check, or (first round only)
    some accepted ones were never admitted to the round. Empty: nothing is still coming."""
    now = now or timezone.now()
    contest = round.contest
    warnings = []
    if contest.submission_deadline > now:
        warnings.append(
            _("Cuộc thi vẫn đang nhận hồ sơ (hạn nộp %(deadline)s): hồ sơ nộp sau lúc này không có trong bảng.")
            % {"deadline": f"{timezone.localtime(contest.submission_deadline):%H:%M %d/%m/%Y}"}
        )
    extensions = Extension.objects.filter(contest=contest, until__gt=now)
    if latest := extensions.aggregate(m=Max("until"))["m"]:
        n = extensions.values("unit").distinct().count()
        warnings.append(
            ngettext(
                "%(n)s đơn vị được gia hạn nộp hồ sơ, muộn nhất đến %(until)s.",
                "%(n)s đơn vị được gia hạn nộp hồ sơ, muộn nhất đến %(until)s.",
                n,
            )
            % {"n": n, "until": f"{timezone.localtime(latest):%H:%M %d/%m/%Y}"}
        )
    waiting = Entry.objects.filter(
        contest=contest, state__in=[*EntryState.awaiting_review(), EntryState.RETURNED]
    ).count()
    if waiting:
        warnings.append(
            ngettext(
                "%(n)s hồ sơ đã nộp còn chờ Tổ Thư ký kiểm tra hoặc đang được trả lại để bổ sung: "
                "chưa có trong bảng xếp hạng.",
                "%(n)s hồ sơ đã nộp còn chờ Tổ Thư ký kiểm tra hoặc đang được trả lại để bổ sung: "
                "chưa có trong bảng xếp hạng.",
                waiting,
            )
            % {"n": waiting}
        )
    if not Round.objects.filter(contest=contest, order__lt=round.order).exists():
        outside = (
            Entry.objects.filter(contest=contest, state=EntryState.ACCEPTED).exclude(round_entries__round=round).count()
        )
        if outside:
            warnings.append(
                ngettext(
                    "%(n)s hồ sơ hợp lệ chưa được đưa vào vòng (trang Ban Giám khảo và phân công).",
                    "%(n)s hồ sơ hợp lệ chưa được đưa vào vòng (trang Ban Giám khảo và phân công).",
                    outside,
                )
                % {"n": outside}
            )
    return warnings


def freeze(*, round, by, ip=None) -> ResultSnapshot:
    _require_organiser(by)
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        list(Rubric.objects.select_for_update().filter(round=round).values_list("pk", flat=True))
        if snapshot_in_force(round) is not None:
            raise InvalidTransition(_("Kết quả của vòng này đã được chốt."))
        table = tabulation.tabulate(round)
        problems = freeze_problems(table)
        if problems:
            raise DomainError(" ".join(problems))
        version = (ResultSnapshot.objects.filter(round=round).aggregate(v=Max("version"))["v"] or 0) + 1
        parameters = _parameters(table)
        record = audit.append(
            actor=by,
            action=FREEZE,
            obj=round,
            round=round,
            new={"version": version, "method": table.policy.method, "entries": len(table.rows)},
            ip=ip,
        )
        snapshot = ResultSnapshot.objects.create(
            round=round,
            version=version,
            method=table.policy.method,
            parameters=parameters,
            audit_head=record.digest,
            frozen_by=by,
        )
        ResultRow.objects.bulk_create(
            [
                ResultRow(
                    snapshot=snapshot,
                    entry_id=r.entry_id,
                    scope_label=r.scope_label,
                    code=r.code,
                    rank=r.rank,
                    score=r.score,
                    band=r.band,
                    prize_code=r.prize_code,
                    prize_name=r.prize_name,
                    part_prizes=r.part_prizes,
                    part_scores={k: str(v) for k, v in r.part_scores.items()},
                    criterion_means={k: str(v) for k, v in r.criterion_means.items()},
                    judge_totals={str(k): str(v) for k, v in r.judge_totals.items()},
                    sheet_count=r.sheet_count,
                    discrepant=r.discrepant,
                    decided_by=r.decided_by,
                    shared_rank=r.shared,
                    advances=r.advances,
                    jury_score=r.jury_score,
                    jury_rank=r.jury_rank,
                    vote_count=r.vote_count,
                    vote_score=r.vote_score,
                )
                for r in table.rows
            ],
            batch_size=1000,
        )
    return snapshot


def _ensure_vote_public(snapshot) -> None:
    """Final scores that include the public vote go out after the vote's own result (its counts,
    voided votes and receipts), so that anyone can check the counts the scores were computed from."""
    if not (snapshot.parameters or {}).get("vote_share"):
        return
    if not VoteSettings.objects.filter(round_id=snapshot.round_id, published_at__isnull=False).exists():
        raise InvalidTransition(
            _(
                "Điểm chung cuộc có tính bình chọn của công chúng: hãy công bố kết quả bình chọn (mục Bình chọn) "
                "trước khi công bố kết quả chung cuộc."
            )
        )


def publish(*, snapshot, by, ip=None) -> ResultSnapshot:
    _require_organiser(by)
    with transaction.atomic():
        snapshot = ResultSnapshot.objects.select_for_update().get(pk=snapshot.pk)
        if snapshot.status != SnapshotStatus.FROZEN:
            raise InvalidTransition(_("Chỉ công bố được kết quả đã chốt và chưa công bố."))
        # The contest's notice period (if its rules set one) must be over and every complaint answered.
        from contest.notices.services.notices import ensure_allowed

        ensure_allowed(snapshot.round)
        _ensure_vote_public(snapshot)
        snapshot.status = SnapshotStatus.PUBLISHED
        snapshot.published_at = timezone.now()
        snapshot.save(update_fields=["status", "published_at"])
        audit.append(
            actor=by, action=PUBLISH, obj=snapshot, round=snapshot.round, new={"version": snapshot.version}, ip=ip
        )
    return snapshot


def invalidate(*, round, by, reason, ip=None) -> ResultSnapshot | None:
    """Withdraw the snapshot in force (if any); called when a sheet of a frozen round is reopened.

    Runs inside the caller's transaction when there is one, so the reopening and the invalidation
    land together or not at all.
    """
    _require_organiser(by)
    reason = _require_reason(reason)
    with transaction.atomic():
        snapshot = (
            ResultSnapshot.objects.select_for_update()
            .filter(round=round)
            .exclude(status=SnapshotStatus.INVALIDATED)
            .first()
        )
        if snapshot is None:
            return None
        previous = snapshot.status
        snapshot.status = SnapshotStatus.INVALIDATED
        snapshot.invalidated_at = timezone.now()
        snapshot.invalidated_by = by
        snapshot.invalidated_reason = reason
        snapshot.save(update_fields=["status", "invalidated_at", "invalidated_by", "invalidated_reason"])
        audit.append(
            actor=by,
            action=INVALIDATE,
            obj=snapshot,
            round=round,
            old={"status": previous, "version": snapshot.version},
            new={"status": SnapshotStatus.INVALIDATED.value},
            reason=reason,
            ip=ip,
        )
    return snapshot


def record_tie_decision(*, round, entry_ids, reason, by, ip=None) -> TieDecision:
    """The jury's order for entries no rule separated; organisers record it, with its grounds."""
    _require_organiser(by)
    reason = _require_reason(reason)
    entry_ids = [int(e) for e in entry_ids]
    if len(entry_ids) < 2 or len(set(entry_ids)) != len(entry_ids):
        raise DomainError(_("Hãy xếp thứ tự ít nhất hai hồ sơ khác nhau."))
    if round.round_entries.filter(entry_id__in=entry_ids).count() != len(entry_ids):
        raise DomainError(_("Có hồ sơ không thuộc vòng này."))
    with transaction.atomic():
        if snapshot_in_force(round) is not None:
            raise ResultsFrozen(_("Kết quả đã chốt; không thể ghi thêm quyết định phân định."))
        decision = TieDecision.objects.create(round=round, entry_order=entry_ids, reason=reason, decided_by=by)
        audit.append(
            actor=by, action=TIE_DECISION, obj=decision, round=round, new={"order": entry_ids}, reason=reason, ip=ip
        )
    return decision


ADVANCE = audit.AuditAction.RESULTS_ADVANCE


def next_round(round):
    return Round.objects.filter(contest_id=round.contest_id, order__gt=round.order).order_by("order").first()


def advance_entries(*, snapshot, by, ip=None) -> list:
    """Admit the snapshot's advancing entries to the contest's next round (top N per cluster or
    the threshold, as frozen). Running it again admits only what is missing."""
    _require_organiser(by)
    with transaction.atomic():
        snapshot = ResultSnapshot.objects.select_for_update().select_related("round").get(pk=snapshot.pk)
        if snapshot.status == SnapshotStatus.INVALIDATED:
            raise InvalidTransition(_("Kết quả này đã bị hủy; hãy chốt lại trước."))
        target = next_round(snapshot.round)
        if target is None:
            raise DomainError(_("Cuộc thi không có vòng sau vòng này."))
        target = Round.objects.select_for_update().get(pk=target.pk)
        if snapshot_in_force(target) is not None:
            raise ResultsFrozen(
                _("Kết quả của vòng sau đã được chốt hoặc công bố: không thể đưa thêm hồ sơ vào vòng đó.")
            )
        chosen = list(snapshot.rows.filter(advances=True).order_by("scope_label", "rank", "code"))
        if not chosen:
            raise DomainError(_("Không có hồ sơ nào được chọn vào vòng sau."))
        present = set(RoundEntry.objects.filter(round=target).values_list("entry_id", flat=True))
        next_code = (RoundEntry.objects.filter(round=target).aggregate(m=Max("code"))["m"] or 0) + 1
        created = []
        for row in chosen:
            if row.entry_id in present:
                continue
            created.append(RoundEntry(round=target, entry_id=row.entry_id, code=next_code))
            next_code += 1
        RoundEntry.objects.bulk_create(created)
        if created:
            audit.append(
                actor=by,
                action=ADVANCE,
                obj=snapshot,
                round=target,
                new={
                    "from_round": snapshot.round_id,
                    "version": snapshot.version,
                    "entries": [r.entry_id for r in created],
                },
                ip=ip,
            )
    return created
