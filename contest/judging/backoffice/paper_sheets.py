"""Back-office pages "Phiếu chấm giấy": blank score sheets to print, per judge or for the whole
jury of a round in one PDF (contest/paper.py builds them).

Organisers and the secretariat (``scores.print_paper``) may print; anyone else with admin access
gets a 403, and people without admin access are sent to the login page by Wagtail, as on the
jury pages. The PDF is rendered in the request: one round's sheets take a second or two; the
bulk documents of later issues (certificates) go through background jobs.
"""

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from contest.core.backoffice.sections import RoundIndexPage, count_per_round, register_section
from contest.core.http import permission_denied
from contest.core.models import Round
from contest.core.text import fold
from contest.judging.models import Assignment, JuryMembership, RoundEntry
from contest.judging.paper import score_sheets_pdf

PERMISSION = "scores.print_paper"


def _slug(text) -> str:
    return slugify(fold(str(text))) or "x"


def pdf_filename(round, judge=None) -> str:
    """phieu-cham-vong-2-nguyen-van-a.pdf: ASCII, so that every browser and mail client keeps it."""
    who = _slug(judge.display_name) if judge is not None else "tat-ca"
    return f"phieu-cham-{_slug(round.name)}-{who}.pdf"


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _PermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        # A real 403, not Wagtail's silent bounce to the dashboard (see backoffice/review.py).
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


def _round(pk):
    return get_object_or_404(Round.objects.select_related("contest"), pk=pk)


class PaperIndexView(RoundIndexPage):
    header_icon = "doc-full"
    title = gettext_lazy("Phiếu chấm giấy")
    intro = gettext_lazy("Chọn một vòng thi để in phiếu chấm điểm trống cho từng giám khảo (chấm trên giấy).")
    view_permission = PERMISSION
    round_url_name = "contest_paper:round"
    columns = (
        (gettext_lazy("Hồ sơ trong vòng"), "n_entries"),
        (gettext_lazy("Giám khảo"), "n_judges"),
        (gettext_lazy("Lượt chấm đã phân công"), "n_assignments"),
    )

    def counts(self):
        return {
            "n_entries": count_per_round(RoundEntry),
            "n_judges": count_per_round(JuryMembership),
            "n_assignments": count_per_round(Assignment),
        }


class PaperRoundView(_PermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "contest/judging/backoffice/paper/round.html"
    header_icon = "doc-full"

    def get_page_title(self):
        return _("Phiếu chấm giấy")

    def get_page_subtitle(self):
        return str(self.round)

    def get(self, request, *args, pk, **kwargs):
        self.round = _round(pk)
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("contest_paper:index"), "label": _("Phiếu chấm giấy")},
            {"url": "", "label": str(self.round)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        load = dict(
            Assignment.objects.filter(round=self.round)
            .values("judge_id")
            .annotate(n=Count("id"))
            .values_list("judge_id", "n")
        )
        memberships = JuryMembership.objects.filter(round=self.round).select_related("judge", "judge__unit")
        context.update(
            round=self.round,
            members=[
                {"membership": m, "load": load.get(m.judge_id, 0)}
                for m in sorted(memberships, key=lambda m: (not m.is_head, m.judge.display_name))
            ],
        )
        return context


class JudgePdfView(_PermissionMixin, View):
    def get(self, request, pk, judge_id):
        round = _round(pk)
        membership = JuryMembership.objects.filter(round=round, judge_id=judge_id).select_related("judge").first()
        if membership is None:
            raise Http404(_("Người này không thuộc Ban Giám khảo của vòng thi."))
        content = score_sheets_pdf(round, judges=[membership.judge])
        return _pdf_response(content, pdf_filename(round, membership.judge))


class RoundPdfView(_PermissionMixin, View):
    def get(self, request, pk):
        round = _round(pk)
        return _pdf_response(score_sheets_pdf(round), pdf_filename(round))


urlpatterns = [
    path("", PaperIndexView.as_view(), name="index"),
    path("<int:pk>/", PaperRoundView.as_view(), name="round"),
    path("<int:pk>/giam-khao/<int:judge_id>.pdf", JudgePdfView.as_view(), name="judge_pdf"),
    path("<int:pk>/tat-ca.pdf", RoundPdfView.as_view(), name="round_pdf"),
]


register_section(
    prefix="phieu-cham-giay/",
    namespace="contest_paper",
    urlpatterns=urlpatterns,
    menu_label=gettext_lazy("Phiếu chấm giấy"),
    icon="doc-full",
    order=57,
    permissions=(PERMISSION,),
)
