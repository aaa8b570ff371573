"""The control console of the day (organiser or secretariat on a laptop): the draw, who is on stage,
the stage timer, opening and locking scoring, the quiz answers, the scoreboard and the reveal.

One page per round, one ``do_<action>`` per button, each calling one service (contest/stage/
services); every refusal comes back as a message on the same page. The page follows the day by
itself: static/js/stage-console.js reloads the live panel when the programme's version moves.
"""

from decimal import Decimal

from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from contest.core.backoffice.sections import RoundPage, register_section
from contest.core.http import permission_denied, recorded_ip
from contest.judging.models import JuryMembership
from contest.results import scoring
from contest.stage.enums import DrawState, PartKind, Screen, SubmissionOutcome
from contest.stage.models import (
    AudienceCount,
    LiveSubmission,
    QuizAnswer,
    StageDraw,
    StagePart,
    StagePerformance,
    StageProgramme,
    StageQuestion,
)
from contest.stage.services import board, draws, live, quiz

VIEW = "stage.run"


class StageIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "contest/stage/backoffice/index.html"
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Điều hành ngày thi")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programmes"] = StageProgramme.objects.select_related("round__contest").order_by(
            "-round__contest__year", "round__order"
        )
        return context


class ConsoleView(RoundPage):
    template_name = "contest/stage/backoffice/console.html"
    header_icon = "date"
    title = gettext_lazy("Điều hành ngày thi")
    index_url_name = "contest_stage:index"
    view_permission = VIEW
    manage_permission = VIEW
    # The organisers alone end the day; locking is also the head judge's (on the tablet).
    action_permissions = {
        "finish": "stage.manage",
        "lock": "stage.lock",
        "reopen": "stage.lock",
        "release_part": "stage.manage",
        "release_totals": "stage.manage",
        "reveal": "stage.manage",
    }

    @property
    def programme(self):
        if not hasattr(self, "_programme"):
            self._programme = StageProgramme.objects.filter(round=self.round).first()
            if self._programme is None:
                raise Http404
        return self._programme

    def _part(self, request):
        raw = request.POST.get("part", "")
        if not raw:
            return None
        return StagePart.objects.filter(programme=self.programme, pk=raw if raw.isdigit() else 0).first()

    # -- the draw -------------------------------------------------------------------------------

    def do_draw_commit(self, request):
        draws.commit(
            programme=self.programme,
            part=self._part(request),
            by=request.user,
            reason=request.POST.get("reason", ""),
            ip=recorded_ip(request),
        )
        messages.success(request, _("Đã niêm phong mã bốc thăm; mã đang hiện trên màn chiếu. Bấm «Bốc thăm» để bốc."))

    def do_draw_run(self, request):
        draw = StageDraw.objects.filter(programme=self.programme, pk=request.POST.get("draw") or 0).first()
        if draw is None:
            raise Http404
        draws.run(draw=draw, by=request.user, ip=recorded_ip(request))
        messages.success(request, _("Đã bốc thăm; kết quả và hạt giống đang hiện trên màn chiếu."))

    def do_draw_slips(self, request):
        part = self._part(request)
        outcome = {
            int(name.removeprefix("slip-")): value
            for name, value in request.POST.items()
            if name.startswith("slip-") and name.removeprefix("slip-").isdigit()
        }
        draws.record_slips(
            programme=self.programme,
            part=part,
            outcome=outcome,
            by=request.user,
            reason=request.POST.get("reason", ""),
            ip=recorded_ip(request),
        )
        messages.success(request, _("Đã ghi kết quả bốc thăm bằng phiếu."))

    # -- on stage -------------------------------------------------------------------------------

    def _performance(self, request):
        performance = (
            StagePerformance.objects.filter(part__programme=self.programme, pk=request.POST.get("performance") or 0)
            .select_related("part__programme__round", "round_entry__entry__unit")
            .first()
        )
        if performance is None:
            raise Http404
        return performance

    def do_call(self, request):
        performance = live.call(performance=self._performance(request), by=request.user, ip=recorded_ip(request))
        messages.success(request, _("Mời %(team)s lên sân khấu.") % {"team": performance.round_entry.entry.unit.name})

    def do_next(self, request):
        following = live.next_performance(self.programme)
        if following is None:
            messages.info(request, _("Không còn đội nào chờ thi."))
            return
        live.call(performance=following, by=request.user, ip=recorded_ip(request))
        messages.success(
            request,
            _("Mời %(team)s lên sân khấu (%(part)s).")
            % {"team": following.round_entry.entry.unit.name, "part": following.part.name},
        )

    def do_timer(self, request):
        live.timer(
            performance=self._performance(request),
            by=request.user,
            command=request.POST.get("command", ""),
            ip=recorded_ip(request),
        )

    def do_open(self, request):
        performance = live.open_scoring(
            performance=self._performance(request), by=request.user, ip=recorded_ip(request)
        )
        messages.success(
            request, _("Đã mở chấm %(team)s cho mọi giám khảo.") % {"team": performance.round_entry.entry.unit.name}
        )

    def do_lock(self, request):
        live.lock(performance=self._performance(request), by=request.user, ip=recorded_ip(request))
        messages.success(request, _("Đã khóa điểm."))

    def do_reopen(self, request):
        live.reopen(
            performance=self._performance(request),
            by=request.user,
            reason=request.POST.get("reason", ""),
            ip=recorded_ip(request),
        )
        messages.success(request, _("Đã mở lại điểm."))

    def do_absent(self, request):
        live.mark_absent(
            performance=self._performance(request),
            by=request.user,
            reason=request.POST.get("reason", ""),
            ip=recorded_ip(request),
        )
        messages.success(request, _("Đã ghi vắng mặt; thứ tự thi chuyển sang đội tiếp theo."))

    def do_undo(self, request):
        performance = live.undo_last(
            programme=self.programme, by=request.user, reason=request.POST.get("reason", ""), ip=recorded_ip(request)
        )
        messages.success(
            request, _("Đã hoàn tác bước cuối với %(team)s.") % {"team": performance.round_entry.entry.unit.name}
        )

    def do_finish(self, request):
        count = live.finish_day(programme=self.programme, by=request.user, ip=recorded_ip(request))
        messages.success(
            request,
            _("Đã kết thúc ngày thi: %(n)d phiếu chấm được nộp. Chốt và công bố kết quả ở trang «Kết quả».")
            % {"n": count},
        )

    # -- questions and the quiz -----------------------------------------------------------------

    def _question(self, request):
        question = (
            StageQuestion.objects.filter(part__programme=self.programme, pk=request.POST.get("question") or 0)
            .select_related("part__programme")
            .first()
        )
        if question is None:
            raise Http404
        return question

    def do_question_show(self, request):
        quiz.show(question=self._question(request), by=request.user, ip=recorded_ip(request))

    def do_question_close(self, request):
        quiz.close(question=self._question(request), by=request.user, ip=recorded_ip(request))

    def do_quiz(self, request):
        question = self._question(request)
        answers = {
            int(name.removeprefix("answer-")): value
            for name, value in request.POST.items()
            if name.startswith("answer-") and name.removeprefix("answer-").isdigit()
        }
        changed = quiz.save_answers(question=question, answers=answers, by=request.user, ip=recorded_ip(request))
        messages.success(request, _("Đã lưu %(n)d câu trả lời; điểm trắc nghiệm đã tính lại.") % {"n": changed})

    # -- scoreboard, audience, reveal -----------------------------------------------------------

    def do_screen(self, request):
        board.set_screen(
            programme=self.programme, screen=request.POST.get("screen", ""), by=request.user, ip=recorded_ip(request)
        )

    def do_release_part(self, request):
        part = self._part(request)
        if part is None:
            raise Http404
        board.release_part(part=part, by=request.user, ip=recorded_ip(request))
        messages.success(request, _("Đã công bố điểm phần thi «%(part)s» lên màn chiếu.") % {"part": part.name})

    def do_release_totals(self, request):
        board.release_totals(programme=self.programme, by=request.user, ip=recorded_ip(request))
        messages.success(request, _("Đã công bố tổng điểm lên màn chiếu."))

    def do_audience(self, request):
        counts = {
            int(name.removeprefix("audience-")): value
            for name, value in request.POST.items()
            if name.startswith("audience-") and name.removeprefix("audience-").isdigit()
        }
        board.save_audience(programme=self.programme, counts=counts, by=request.user, ip=recorded_ip(request))
        messages.success(request, _("Đã lưu số phiếu khán giả."))

    def do_reveal(self, request):
        step = board.reveal_next(programme=self.programme, by=request.user, ip=recorded_ip(request))
        messages.success(request, _("Đã công bố giải thứ %(n)d.") % {"n": step})

    # -- reading --------------------------------------------------------------------------------

    def _draw_sections(self):
        programme = self.programme
        teams = draws.teams(programme)
        sections = [{"part": None, "title": _("Thứ tự thi"), "draw": draws.live_draw(programme=programme)}]
        for part in programme.parts.filter(draws_questions=True).order_by("order"):
            sections.append(
                {
                    "part": part,
                    "title": _("Bộ câu hỏi – %(part)s") % {"part": part.name},
                    "draw": draws.live_draw(programme=programme, part=part),
                    "sets": draws.question_sets(part),
                }
            )
        history = list(
            StageDraw.objects.filter(programme=programme, state=DrawState.SUPERSEDED)
            .select_related("part", "created_by")
            .order_by("created_at")
        )
        by_code = {t.code: t for t in teams}
        for section in sections:
            draw = section["draw"]
            section["outcome"] = _outcome_rows(draw, by_code)
        return teams, sections, history

    def _parts(self):
        return _part_rows(self.programme)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        teams, sections, history = self._draw_sections()
        context.update(
            programme=self.programme,
            teams=teams,
            draw_sections=sections,
            superseded=history,
            projector_url=reverse("stage:projector", args=[self.round.pk]),
            state_url=reverse("stage:projector-state", args=[self.round.pk]),
            tablet_url=reverse("stage:tablet", args=[self.round.pk]),
            parts=self._parts(),
            current=self.programme.current,
            can_manage=self.request.user.has_perm("stage.manage"),
            board=board.board(self.programme),
            live_scores=_live_scores(self.programme),
            audience={c.round_entry_id: c.count for c in AudienceCount.objects.filter(programme=self.programme)},
            reveal_steps=board.reveal_steps(self.programme),
            screens=Screen.choices,
            public_url=reverse("stage:live", args=[self.round.pk]) if self.programme.public_live else "",
        )
        return context


def _live_scores(programme):
    """For the staff only: every part's running score per team, released or not."""
    scores = board.part_scores(programme)
    parts = list(programme.parts.order_by("order", "id"))
    rows = []
    for team in draws.teams(programme):
        values = [scores.get((p.pk, team.pk)) for p in parts]
        total = sum((v for v in values if v is not None), start=Decimal(0))
        rows.append(
            {
                "team": team,
                "scores": ["" if v is None else scoring.format_score(v) for v in values],
                "total": scoring.format_score(total),
            }
        )
    return {"parts": parts, "rows": rows}


def _part_rows(programme):
    """Each part with its performances (team parts) or its questions and the boards (quiz)."""
    jury = {m.judge_id: m.judge for m in JuryMembership.objects.filter(round=programme.round).select_related("judge")}
    submitted = {}
    for performance_id, judge_id in LiveSubmission.objects.filter(
        performance__part__programme=programme, outcome=SubmissionOutcome.ACCEPTED
    ).values_list("performance_id", "judge_id"):
        submitted.setdefault(performance_id, set()).add(judge_id)
    late = set(
        LiveSubmission.objects.filter(
            performance__part__programme=programme, outcome=SubmissionOutcome.LATE
        ).values_list("performance_id", flat=True)
    )
    teams = draws.teams(programme)
    answers = {}
    for question_id, team_id, letter in QuizAnswer.objects.filter(question__part__programme=programme).values_list(
        "question_id", "round_entry_id", "letter"
    ):
        answers[(question_id, team_id)] = letter
    rows = []
    for part in programme.parts.order_by("order", "id"):
        row = {"part": part, "performances": [], "questions": []}
        if part.kind == PartKind.TEAM:
            for performance in part.performances.select_related("round_entry__entry__unit").order_by("position"):
                done = submitted.get(performance.pk, set())
                row["performances"].append(
                    {
                        "performance": performance,
                        "judges": [(judge, judge_id in done) for judge_id, judge in jury.items()],
                        "done": len(done & set(jury)),
                        "late": performance.pk in late,
                        "questions": list(
                            part.questions.filter(set_number=performance.question_set)
                            if performance.question_set
                            else []
                        ),
                    }
                )
        else:
            for question in part.questions.order_by("set_number", "number"):
                row["questions"].append(
                    {
                        "question": question,
                        "boards": [(team, answers.get((question.pk, team.pk), "")) for team in teams],
                    }
                )
        rows.append(row)
    return rows


def _outcome_rows(draw, by_code):
    """[(place or team, team, set)] for the console's table of a draw's outcome."""
    if draw is None or draw.outcome is None:
        return []
    if isinstance(draw.outcome, list):
        return [(place, by_code.get(int(code)), None) for place, code in enumerate(draw.outcome, start=1)]
    return [
        (None, by_code.get(int(code)), number) for code, number in sorted(draw.outcome.items(), key=lambda i: int(i[0]))
    ]


urlpatterns = [
    path("", StageIndexView.as_view(), name="index"),
    path("<int:pk>/", ConsoleView.as_view(), name="console"),
]

register_section(prefix="hoi-thi/dieu-hanh/", namespace="contest_stage", urlpatterns=urlpatterns)
