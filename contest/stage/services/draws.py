"""The draw (bốc thăm) of the performance order and of the question sets, in the app or from paper
slips; each step an audit record.

An app draw has two steps so that nobody, the organisers included, can choose the outcome: the
seed's SHA-256 is committed and shown on the projector first, then the draw runs from that seed and
reveals it (contest/stage/drawing.py says how to replay it). A draw repeated by mistake needs a
reason; the first stays in the trail, marked superseded. Once a team has been on stage, the order
can no longer be drawn again.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core.errors import DomainError, InvalidTransition
from contest.judging.models import RoundEntry
from contest.stage import drawing
from contest.stage.enums import DrawMethod, DrawState, PartKind, PerformanceState, Screen
from contest.stage.models import StageDraw, StagePart, StagePerformance, StageProgramme
from contest.stage.services import state


def live_draw(*, programme, part=None):
    """The draw in force (committed or done) for the order (``part`` None) or a part's sets."""
    return StageDraw.objects.filter(programme=programme, part=part).exclude(state=DrawState.SUPERSEDED).first()


def teams(programme) -> list[RoundEntry]:
    return list(RoundEntry.objects.filter(round=programme.round).select_related("entry__unit").order_by("code"))


def question_sets(part) -> list[int]:
    return sorted(set(part.questions.values_list("set_number", flat=True)))


def _check_part(programme, part):
    if part is None:
        return
    if part.programme_id != programme.pk or not part.draws_questions:
        raise DomainError(_("Phần thi này không bốc thăm bộ câu hỏi."))
    if not question_sets(part):
        raise DomainError(_("Phần thi «%(part)s» chưa có câu hỏi nào để bốc thăm.") % {"part": part})
    if not StagePerformance.objects.filter(part=part).exists():
        raise DomainError(_("Hãy bốc thăm thứ tự thi trước khi bốc bộ câu hỏi."))


def _ensure_not_started(programme, part):
    performances = StagePerformance.objects.filter(part__programme=programme)
    if part is not None:
        performances = performances.filter(part=part)
    if performances.exclude(state=PerformanceState.WAITING).exists():
        raise InvalidTransition(_("Đã có đội lên sân khấu nên không thể bốc thăm lại."))


def _supersede(*, programme, part, by, reason, ip):
    """Mark the draw in force superseded (a redo): a reason is required."""
    current = live_draw(programme=programme, part=part)
    if current is None:
        return None
    reason = state.required_reason(
        reason,
        _("Đã bốc thăm rồi. Muốn bốc lại, hãy ghi lý do (lần bốc trước vẫn được lưu trong nhật ký)."),
    )
    _ensure_not_started(programme, part)
    current.state = DrawState.SUPERSEDED
    current.reason = reason
    current.save(update_fields=["state", "reason"])
    state.record(
        programme=programme,
        by=by,
        action="stage.draw_redo",
        obj=current,
        old={"outcome": current.outcome, "seed_digest": current.seed_digest},
        reason=reason,
        ip=ip,
    )
    return current


def commit(*, programme, part=None, by, reason="", ip=None) -> StageDraw:
    """Step 1 of an app draw: a fresh secret seed, its digest shown on the projector."""
    with transaction.atomic():
        programme = state.locked(programme)
        part = StagePart.objects.get(pk=part.pk) if part is not None else None
        _check_part(programme, part)
        _supersede(programme=programme, part=part, by=by, reason=reason, ip=ip)
        seed = drawing.new_seed()
        try:
            with transaction.atomic():
                draw = StageDraw.objects.create(
                    programme=programme,
                    part=part,
                    method=DrawMethod.APP,
                    state=DrawState.COMMITTED,
                    seed=seed,
                    seed_digest=drawing.digest(seed),
                    created_by=by,
                )
        except IntegrityError:
            raise InvalidTransition(_("Vừa có người khác bốc thăm; hãy tải lại trang.")) from None
        state.record(
            programme=programme,
            by=by,
            action="stage.draw_commit",
            obj=draw,
            new={"seed_digest": draw.seed_digest},
            ip=ip,
        )
        # The projector turns to the draw: the digest is on screen before anything is drawn.
        StageProgramme.objects.filter(pk=programme.pk).update(screen=Screen.DRAW)
    return draw


def _outcome_for(draw, programme, part):
    codes = [t.code for t in teams(programme)]
    if part is None:
        return drawing.draw_order(draw.seed, codes)
    return {str(code): number for code, number in drawing.draw_sets(draw.seed, codes, question_sets(part)).items()}


def run(*, draw, by, ip=None) -> StageDraw:
    """Step 2 of an app draw: draw from the committed seed and reveal it."""
    with transaction.atomic():
        programme = state.locked(draw.programme)
        draw = StageDraw.objects.select_for_update().get(pk=draw.pk)
        if draw.state != DrawState.COMMITTED:
            # A double click on "Bốc thăm": the first click drew, the second changes nothing.
            if draw.state == DrawState.DONE:
                return draw
            raise InvalidTransition(_("Lần bốc thăm này đã được thay bằng lần bốc lại."))
        part = draw.part
        _check_part(programme, part)
        draw.outcome = _outcome_for(draw, programme, part)
        _apply(programme=programme, part=part, outcome=draw.outcome)
        draw.state = DrawState.DONE
        draw.done_at = timezone.now()
        draw.save(update_fields=["outcome", "state", "done_at"])
        state.record(
            programme=programme,
            by=by,
            action="stage.draw",
            obj=draw,
            new={"seed_digest": draw.seed_digest, "seed": draw.seed, "outcome": draw.outcome},
            ip=ip,
        )
    return draw


def record_slips(*, programme, part=None, outcome, by, reason="", ip=None) -> StageDraw:
    """The outcome of a draw with paper slips, typed by the secretariat.

    ``outcome``: team number (số hiệu) → place in the order (``part`` None) or → question set.
    Every team must appear; places must be 1..n without repeats; sets must exist in the bank.
    """
    with transaction.atomic():
        programme = state.locked(programme)
        part = StagePart.objects.get(pk=part.pk) if part is not None else None
        _check_part(programme, part)
        codes = [t.code for t in teams(programme)]
        cleaned = _clean_slips(outcome, codes, part)
        _supersede(programme=programme, part=part, by=by, reason=reason, ip=ip)
        if part is None:
            stored = [code for code, _place in sorted(cleaned.items(), key=lambda item: item[1])]
        else:
            stored = {str(code): number for code, number in sorted(cleaned.items())}
        try:
            with transaction.atomic():
                draw = StageDraw.objects.create(
                    programme=programme,
                    part=part,
                    method=DrawMethod.SLIPS,
                    state=DrawState.DONE,
                    outcome=stored,
                    created_by=by,
                    done_at=timezone.now(),
                )
        except IntegrityError:
            raise InvalidTransition(_("Vừa có người khác bốc thăm; hãy tải lại trang.")) from None
        _apply(programme=programme, part=part, outcome=stored)
        state.record(programme=programme, by=by, action="stage.draw_slips", obj=draw, new={"outcome": stored}, ip=ip)
    return draw


def _clean_slips(outcome, codes, part) -> dict[int, int]:
    values = {}
    for code in codes:
        raw = str(outcome.get(code, outcome.get(str(code), "")) or "").strip()
        if not raw.isdigit() or int(raw) < 1:
            raise DomainError(_("Hãy ghi số bốc được (số nguyên từ 1) cho đội số %(code)s.") % {"code": code})
        values[code] = int(raw)
    if part is None:
        if sorted(values.values()) != list(range(1, len(codes) + 1)):
            raise DomainError(_("Thứ tự thi phải gồm các số từ 1 đến %(n)s, mỗi số đúng một lần.") % {"n": len(codes)})
    else:
        known = set(question_sets(part))
        unknown = sorted({v for v in values.values() if v not in known})
        if unknown:
            raise DomainError(
                _("Không có bộ câu hỏi số %(sets)s trong ngân hàng câu hỏi của phần thi này.")
                % {"sets": ", ".join(map(str, unknown))}
            )
    return values


def _apply(*, programme, part, outcome):
    """Performances follow the draw: the order for every TEAM part, or a part's question sets."""
    by_code = {t.code: t for t in teams(programme)}
    if part is None:
        order = [by_code[int(code)] for code in outcome]
        for stage_part in programme.parts.filter(kind=PartKind.TEAM):
            StagePerformance.objects.filter(part=stage_part).delete()
            StagePerformance.objects.bulk_create(
                StagePerformance(part=stage_part, round_entry=team, position=position)
                for position, team in enumerate(order, start=1)
            )
        return
    for performance in StagePerformance.objects.filter(part=part).select_related("round_entry"):
        performance.question_set = outcome.get(str(performance.round_entry.code))
        performance.save(update_fields=["question_set"])
