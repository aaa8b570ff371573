"""What the projector (and the public live page) may show, as plain JSON-able data.

This is the one place that decides what leaves the staff's hands during the day, so it reads only
what has been released: a draw's seed after the draw, a question once the console showed it, a
part's scores once released, the prizes up to the reveal step. The screens never compute anything
themselves; they render what this returns.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from contest.stage.enums import DrawState, PerformanceState, Screen
from contest.stage.models import StageDraw, StagePerformance
from contest.stage.services import draws


def team_name(round_entry) -> str:
    return round_entry.entry.unit.name


def _draw(programme) -> dict | None:
    draw = StageDraw.objects.filter(programme=programme).select_related("part").order_by("-created_at", "-id").first()
    if draw is None or draw.state == DrawState.SUPERSEDED:
        return None
    by_code = {t.code: t for t in draws.teams(programme)}
    payload = {
        "title": _("Bốc thăm bộ câu hỏi – %(part)s") % {"part": draw.part.name}
        if draw.part_id
        else _("Bốc thăm thứ tự thi"),
        "state": draw.state,
        "method": draw.method,
        "digest": draw.seed_digest,
        "seed": draw.seed if draw.state == DrawState.DONE else "",
        "rows": [],
    }
    if draw.state == DrawState.DONE and draw.outcome is not None:
        if isinstance(draw.outcome, list):
            payload["rows"] = [
                {"place": place, "team": team_name(by_code[int(code)]), "set": None}
                for place, code in enumerate(draw.outcome, start=1)
                if int(code) in by_code
            ]
        else:
            payload["rows"] = [
                {"place": None, "team": team_name(by_code[int(code)]), "set": number}
                for code, number in sorted(draw.outcome.items(), key=lambda item: int(item[0]))
                if int(code) in by_code
            ]
    return payload


def elapsed_ms(performance, now=None) -> int:
    """The stage timer, from the server's clock only (a device's clock may be hours off)."""
    total = performance.timer_elapsed_ms
    if performance.timer_started_at is not None:
        total += int(((now or timezone.now()) - performance.timer_started_at).total_seconds() * 1000)
    return max(total, 0)


def _stage(programme, now) -> dict | None:
    performance = programme.current
    if performance is None:
        return None
    performance = StagePerformance.objects.select_related("part", "round_entry__entry__unit").get(pk=performance.pk)
    part = performance.part
    return {
        "part": part.name,
        "team": team_name(performance.round_entry),
        "position": performance.position,
        "state": performance.state,
        "state_label": str(PerformanceState(performance.state).label),
        "limit_ms": part.time_limit_seconds * 1000,
        "confer_ms": part.confer_seconds * 1000,
        "elapsed_ms": elapsed_ms(performance, now),
        "running": performance.timer_started_at is not None,
    }


def projector(programme, *, public=False) -> dict:
    """The projector's state. ``public``: the live page, which shows only the released scoreboard
    and the prizes already revealed (never a draw in progress, a question or a timer)."""
    now = timezone.now()
    round_ = programme.round
    payload = {
        "version": programme.version,
        "screen": programme.screen,
        "contest": round_.contest.name,
        "round": round_.name,
        "venue": programme.venue,
        "server_time_ms": int(now.timestamp() * 1000),
    }
    # Imported here: board imports this module's neighbours, which import this one.
    from contest.stage.services import board

    if public:
        # The public page mirrors the released scoreboard and the prizes already revealed only.
        payload["screen"] = Screen.REVEAL if programme.reveal_step else Screen.BOARD
        payload["board"] = board.board(programme)
        payload["reveal"] = board.reveal(programme)
        return payload
    if programme.screen == Screen.BOARD:
        payload["board"] = board.board(programme)
    elif programme.screen == Screen.REVEAL:
        payload["reveal"] = board.reveal(programme)
    elif programme.screen == Screen.DRAW:
        payload["draw"] = _draw(programme)
    elif programme.screen == Screen.STAGE:
        payload["stage"] = _stage(programme, now)
    elif programme.screen == Screen.QUESTION:
        payload["question"] = _question(programme)
    return payload


def _question(programme) -> dict | None:
    """The question on screen; its answer and the teams' boards only once the console closed it."""
    # Imported here, like the other read models below: keeps this module's import list short.
    from contest.stage.models import QuizAnswer, StageQuestion

    if programme.current_question_id is None:
        return None
    question = StageQuestion.objects.select_related("part").get(pk=programme.current_question_id)
    if question.shown_at is None:
        return None
    closed = question.closed_at is not None
    payload = {
        "part": question.part.name,
        "label": str(question),
        "text": question.text,
        "options": question.options,
        "answer": question.answer if closed else "",
        "results": [],
    }
    if closed:
        answers = QuizAnswer.objects.filter(question=question).select_related("round_entry__entry__unit")
        payload["results"] = [
            {
                "team": team_name(a.round_entry),
                "letter": a.letter,
                "correct": bool(a.letter) and a.letter == question.answer,
            }
            for a in sorted(answers, key=lambda a: a.round_entry.code)
        ]
    return payload


def _number(value) -> str:
    """A limit as people type it: 20, 0,5."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def _criteria_payload(part):
    # Imported here: programme imports the models this module's callers load first.
    from contest.stage.services.programme import jury_criteria

    return [
        {
            "id": c.pk,
            "name": c.name,
            "max": _number(c.max_points),
            "step": _number(c.step),
            "bands": [
                {"min": _number(Decimal(str(b["min"]))), "max": _number(Decimal(str(b["max"]))), "text": b["text"]}
                for b in c.bands or []
            ],
        }
        for c in jury_criteria(part)
    ]


def tablet(programme, *, judge) -> dict:
    """A judge's tablet: the performances open for scoring, with the judge's own stored values.

    The head judge also sees who has submitted, the locked performances with late values, and
    may lock or reopen. A judge with a conflict of interest sees the team but no form."""
    # Imported here: live imports this module (elapsed_ms), so this module cannot import live at
    # the top; the others are read only by the tablet.
    from contest.judging import conflicts
    from contest.judging.models import JuryMembership
    from contest.results import scoring
    from contest.stage.models import LiveSubmission
    from contest.stage.services import live

    is_head = JuryMembership.objects.filter(round=programme.round, judge=judge, is_head=True).exists()
    jury = list(JuryMembership.objects.filter(round=programme.round).values_list("judge_id", flat=True))
    shown = list(live.open_performances(programme))
    if is_head:
        late_ids = set(
            LiveSubmission.objects.filter(performance__part__programme=programme, outcome="late").values_list(
                "performance_id", flat=True
            )
        )
        shown += list(
            StagePerformance.objects.filter(pk__in=late_ids, state=PerformanceState.LOCKED).select_related(
                "part", "round_entry__entry__unit"
            )
        )
    criteria_by_part = {}
    performances = []
    for performance in shown:
        if performance.part_id not in criteria_by_part:
            criteria_by_part[performance.part_id] = _criteria_payload(performance.part)
        conflicted = conflicts.is_conflicted(round=programme.round, judge=judge, entry=performance.round_entry.entry)
        values = {} if conflicted else live.judge_values(performance=performance, judge=judge)
        submitted = live.submitted_judges(performance)
        item = {
            "id": performance.pk,
            "part": performance.part.name,
            "team": team_name(performance.round_entry),
            "position": performance.position,
            "state": performance.state,
            "conflicted": conflicted,
            "criteria": [] if conflicted else criteria_by_part[performance.part_id],
            "values": {str(k): scoring.format_score(v, trim=True) for k, v in values.items()},
            "submitted": judge.pk in submitted,
        }
        if is_head:
            item["done"] = len(submitted & set(jury))
            item["of"] = len(jury)
            item["late"] = [
                {"judge": s.judge.get_full_name() or s.judge.username, "values": s.values}
                for s in LiveSubmission.objects.filter(performance=performance, outcome="late").select_related("judge")
            ]
        performances.append(item)
    return {
        "version": programme.version,
        "is_head": is_head,
        "server_time_ms": int(timezone.now().timestamp() * 1000),
        "performances": performances,
    }
