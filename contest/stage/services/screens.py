"""What the projector (and the public live page) may show, as plain JSON-able data.

This is the one place that decides what leaves the staff's hands during the day, so it reads only
what has been released: a draw's seed after the draw, a question once the console showed it, a
part's scores once released, the prizes up to the reveal step. The screens never compute anything
themselves; they render what this returns.
"""

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
    if public:
        return payload
    if programme.screen == Screen.DRAW:
        payload["draw"] = _draw(programme)
    elif programme.screen == Screen.STAGE:
        payload["stage"] = _stage(programme, now)
    return payload
