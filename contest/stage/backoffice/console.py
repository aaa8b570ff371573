"""The control console of the day (organiser or secretariat on a laptop): the draw, who is on stage,
the stage timer, opening and locking scoring, the quiz answers, the scoreboard and the reveal.

One page per round, one ``do_<action>`` per button, each calling one service (contest/stage/
services); every refusal comes back as a message on the same page. The page follows the day by
itself: static/js/stage-console.js reloads the live panel when the programme's version moves.
"""

from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from contest.core.backoffice.sections import RoundPage, register_section
from contest.core.http import recorded_ip
from contest.core.views.errors import permission_denied
from contest.stage.enums import DrawState
from contest.stage.models import StageDraw, StagePart, StageProgramme
from contest.stage.services import draws

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
    action_permissions = {}

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        teams, sections, history = self._draw_sections()
        context.update(
            programme=self.programme,
            teams=teams,
            draw_sections=sections,
            superseded=history,
            projector_url=reverse("stage:projector", args=[self.round.pk]),
        )
        return context


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
