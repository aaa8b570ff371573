"""The scoreboard of the day and the prize reveal.

Live part scores come from the same rows the round's tabulation reads (the judges' Score rows and
the secretariat's quiz points) and the same pure functions (contest/results/scoring.py): per
judge, the weighted total of the part's criteria; per team, their aggregate under the round's
policy. They are a running view for the hall; the official result is the round's frozen snapshot,
which the reveal reads, prize by prize from the lowest.

Nothing here is shown before the organisers release it: a part's column once the part is released
(or, when the programme releases only at the end, once the totals are), the totals once released,
the prizes up to the reveal step.
"""

from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _

from contest.core.errors import DomainError, InvalidTransition
from contest.judging.enums import CriterionScorer, SheetKind
from contest.judging.models import Criterion, RoundEntry, Score
from contest.results import scoring
from contest.results.models import PrizeTier
from contest.results.services import snapshots
from contest.results.tabulation import policy_for
from contest.stage.enums import PartKind, Scoreboard, Screen
from contest.stage.models import AudienceCount, LiveSubmission, StagePart, StageProgramme
from contest.stage.services import state

AUDIENCE_PRIZE = "Đội được khán giả yêu thích nhất"


def part_scores(programme) -> dict:
    """(part id, round entry id) → the team's live score in that part (None: not scored yet)."""
    parts = list(programme.parts.order_by("order", "id"))
    teams = {t.entry_id: t for t in RoundEntry.objects.filter(round=programme.round)}
    policy = policy_for(programme.round)
    method = policy.method if policy.method in scoring.AGGREGATION_METHODS else scoring.MEAN
    if method == scoring.NORMALISED:
        method = scoring.MEAN  # z-scores need the whole round; the hall sees plain means
    criteria = {
        c.pk: c for c in Criterion.objects.filter(rubric_id__in=[p.rubric_id for p in parts]).select_related("rubric")
    }
    values = defaultdict(dict)  # (entry, judge or None) → {criterion id: value}
    for entry_id, judge_id, kind, criterion_id, value in Score.objects.filter(
        sheet__round=programme.round, criterion_id__in=criteria
    ).values_list("sheet__entry_id", "sheet__judge_id", "sheet__kind", "criterion_id", "value"):
        owner = None if kind == SheetKind.SECRETARIAT else judge_id
        values[(entry_id, owner)][criterion_id] = value
    # A judge counts in a part once the tablet's submission for it was taken (drafts do not).
    accepted = set(
        LiveSubmission.objects.filter(performance__part__programme=programme, outcome="accepted").values_list(
            "performance__part_id", "performance__round_entry__entry_id", "judge_id"
        )
    )
    result = {}
    for part in parts:
        scorer = CriterionScorer.SECRETARIAT if part.kind == PartKind.QUIZ else CriterionScorer.JURY
        own = [c for c in criteria.values() if c.rubric_id == part.rubric_id and c.scored_by == scorer]
        for entry_id, team in teams.items():
            if part.kind == PartKind.QUIZ:
                stored = values.get((entry_id, None), {})
                present = [c for c in own if c.pk in stored]
                score = scoring.sheet_total(stored, own, key=lambda c: c.pk) if present else None
            else:
                totals = [
                    scoring.sheet_total(stored, own, key=lambda c: c.pk)
                    for (e, judge_id), stored in values.items()
                    if e == entry_id and judge_id is not None and (part.pk, entry_id, judge_id) in accepted
                ]
                score = scoring.aggregate(totals, method, trim_min_sheets=policy.trim_min_sheets) if totals else None
            result[(part.pk, team.pk)] = score
    return result


def board(programme) -> dict:
    """The released scoreboard: only released parts' columns, the total only once released."""
    parts = list(programme.parts.order_by("order", "id"))
    shown = [p for p in parts if p.released or programme.totals_released]
    teams = list(RoundEntry.objects.filter(round=programme.round).select_related("entry__unit").order_by("code"))
    scores = part_scores(programme) if shown else {}
    rows = []
    for team in teams:
        row_scores = [scores.get((p.pk, team.pk)) for p in shown]
        total = sum((s for s in (scores.get((p.pk, team.pk)) for p in parts) if s is not None), start=0)
        rows.append(
            {
                "team": team.entry.unit.name,
                "code": team.code,
                "scores": [None if s is None else scoring.format_score(s) for s in row_scores],
                "total": scoring.format_score(total) if programme.totals_released else None,
                "_total": total,
            }
        )
    if programme.totals_released:
        rows.sort(key=lambda r: (-r["_total"], r["code"]))
    for row in rows:
        del row["_total"]
    return {
        "parts": [p.name for p in shown],
        "show_total": programme.totals_released,
        "rows": rows if shown else [],
    }


# ---------------------------------------------------------------------------------------------
# Releasing
# ---------------------------------------------------------------------------------------------


def release_part(*, part, by, ip=None) -> StagePart:
    with transaction.atomic():
        programme = state.locked(part.programme)
        if programme.scoreboard == Scoreboard.AT_END:
            raise DomainError(_("Chương trình này chỉ công bố điểm khi kết thúc: hãy dùng «Công bố tổng điểm»."))
        part = StagePart.objects.select_for_update().get(pk=part.pk)
        if not part.released:
            part.released = True
            part.save(update_fields=["released"])
        StageProgramme.objects.filter(pk=programme.pk).update(screen=Screen.BOARD)
        state.record(programme=programme, by=by, action="stage.release_part", obj=part, new={"part": part.name}, ip=ip)
    return part


def release_totals(*, programme, by, ip=None):
    with transaction.atomic():
        programme = state.locked(programme)
        StageProgramme.objects.filter(pk=programme.pk).update(totals_released=True, screen=Screen.BOARD)
        state.record(programme=programme, by=by, action="stage.release_totals", ip=ip)


def set_screen(*, programme, screen, by, ip=None):
    if screen not in Screen.values:
        raise DomainError(_("Màn hình không hợp lệ."))
    with transaction.atomic():
        programme = state.locked(programme)
        StageProgramme.objects.filter(pk=programme.pk).update(screen=screen)
        state.record(programme=programme, by=by, action="stage.screen", new={"screen": screen}, ip=ip)


# ---------------------------------------------------------------------------------------------
# The audience favourite and the reveal
# ---------------------------------------------------------------------------------------------


def save_audience(*, programme, counts: dict, by, ip=None) -> None:
    """The count of ballots or raised hands per team (round entry id → count), typed as counted."""
    cleaned = {}
    for key, raw in counts.items():
        text = str(raw if raw is not None else "").strip().replace(".", "")
        if text == "":
            continue
        if not text.isdigit():
            raise DomainError(_("Số phiếu khán giả phải là số nguyên không âm."))
        cleaned[int(key)] = int(text)
    with transaction.atomic():
        programme = state.locked(programme)
        if snapshots.snapshot_in_force(programme.round) is not None:
            # The minutes and the decision print these counts with the frozen result.
            raise DomainError(
                _(
                    "Kết quả của vòng thi đã chốt nên không sửa được số phiếu khán giả (đã in trong biên bản). "
                    "Muốn sửa, hủy kết quả đã chốt ở trang «Kết quả» (ghi lý do), sửa rồi chốt lại."
                )
            )
        teams = set(RoundEntry.objects.filter(round=programme.round, pk__in=cleaned).values_list("pk", flat=True))
        if set(cleaned) - teams:
            raise DomainError(_("Có đội không thuộc vòng thi này."))
        for team_id, count in cleaned.items():
            AudienceCount.objects.update_or_create(
                programme=programme, round_entry_id=team_id, defaults={"count": count}
            )
        state.record(
            programme=programme, by=by, action="stage.audience", new={str(k): v for k, v in cleaned.items()}, ip=ip
        )


def audience_winners(programme) -> list:
    counts = list(AudienceCount.objects.filter(programme=programme).select_related("round_entry__entry__unit"))
    if not counts:
        return []
    best = max(c.count for c in counts)
    if best == 0:
        return []
    return [c for c in counts if c.count == best]


def reveal_steps(programme) -> list[dict]:
    """The prizes in the order of the reveal: part prizes and the audience favourite first, then
    the main prizes from the lowest tier up to Giải Nhất. Read from the frozen snapshot."""
    snapshot = snapshots.snapshot_in_force(programme.round)
    if snapshot is None:
        return []
    rows = list(snapshot.rows.select_related("entry__unit").order_by("rank", "code"))
    tiers = list(PrizeTier.objects.filter(round=programme.round).order_by("part", "order", "id"))
    steps = []
    for tier in [t for t in tiers if t.part]:
        winners = [r for r in rows if tier.name in (r.part_prizes or [])]
        if winners:
            steps.append({"name": tier.name, "teams": [{"team": r.entry.unit.name, "score": ""} for r in winners]})
    audience = audience_winners(programme)
    if audience:
        steps.append(
            {
                "name": AUDIENCE_PRIZE,
                "teams": [{"team": c.round_entry.entry.unit.name, "score": ""} for c in audience],
            }
        )
    for tier in reversed([t for t in tiers if not t.part]):
        winners = [r for r in rows if r.prize_code == tier.code]
        if winners:
            steps.append(
                {
                    "name": tier.name,
                    "teams": [{"team": r.entry.unit.name, "score": scoring.format_score(r.score)} for r in winners],
                }
            )
    return steps


def reveal_next(*, programme, by, ip=None) -> int:
    """Show one more prize. Needs the round's result frozen (the reveal reads the snapshot)."""
    with transaction.atomic():
        programme = state.locked(programme)
        steps = reveal_steps(programme)
        if not steps:
            raise InvalidTransition(_("Hãy chốt kết quả của vòng thi (trang «Kết quả») trước khi công bố giải."))
        if programme.reveal_step >= len(steps):
            raise InvalidTransition(_("Đã công bố hết các giải."))
        step = programme.reveal_step + 1
        StageProgramme.objects.filter(pk=programme.pk).update(reveal_step=step, screen=Screen.REVEAL)
        state.record(
            programme=programme,
            by=by,
            action="stage.reveal",
            new={"step": step, "prize": steps[step - 1]["name"]},
            ip=ip,
        )
    return step


def reveal(programme) -> dict:
    steps = reveal_steps(programme)
    return {"prizes": steps[: programme.reveal_step], "total": len(steps)}
