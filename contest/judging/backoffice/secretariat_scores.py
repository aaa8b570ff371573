"""Back-office pages "Điểm do Tổ Thư ký nhập": the rounds that have secretariat criteria (such as a
Hội thi's multiple-choice part), and per round a grid of entries × those criteria.

The grid is paged (50 rows), filtered by cluster and searched by number or title with or without
diacritics. A page is saved at once through services/secretariat_scores.py; only the cells whose
typed text differs from what the page showed are sent, so a page left open does not overwrite
what a colleague entered meanwhile in other cells.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from contest.core.backoffice.sections import RoundIndexPage, register_section
from contest.core.errors import DomainError
from contest.core.http import permission_denied, recorded_ip
from contest.core.models import Round
from contest.core.numbers import plain_number
from contest.core.text import fold
from contest.judging.enums import CriterionScorer
from contest.judging.services import secretariat_scores
from contest.results import scoring

PERMISSION = "scores.enter_secretariat"
PAGE_SIZE = 50


class _StaffOnly:
    def dispatch(self, request, *args, **kwargs):
        # A real 403, not Wagtail's silent bounce to the dashboard (see backoffice/review.py).
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


def _entered(round):
    return f"{round.entered} / {round.expected}"


class SecretariatIndexView(RoundIndexPage):
    header_icon = "form"
    title = gettext_lazy("Điểm do Tổ Thư ký nhập")
    intro = gettext_lazy(
        "Các vòng thi có phần điểm do Tổ Thư ký chấm (ví dụ: trắc nghiệm kiến thức). Chọn một vòng để nhập điểm."
    )
    empty_text = gettext_lazy("Chưa vòng thi nào có tiêu chí do Tổ Thư ký chấm.")
    view_permission = PERMISSION
    round_url_name = "contest_secretariat_scores:round"
    columns = ((gettext_lazy("Ô điểm đã nhập / cần nhập"), _entered),)

    def get_rounds(self):
        rounds = list(
            Round.objects.filter(
                pk__in=Round.objects.filter(rubrics__criteria__scored_by=CriterionScorer.SECRETARIAT).values("pk")
            )
            .select_related("contest")
            .order_by("-contest__year", "contest__name", "order")
        )
        counts = secretariat_scores.progress(rounds)
        for round in rounds:
            round.entered, round.expected = counts[round.pk]
        return rounds


class SecretariatRoundView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "contest/judging/backoffice/secretariat_scores/round.html"
    header_icon = "form"
    http_method_names = ["get", "post"]

    def get_page_title(self):
        return _("Điểm do Tổ Thư ký nhập")

    def get_page_subtitle(self):
        return str(self.round)

    def dispatch(self, request, *args, pk, **kwargs):
        # Checked before the round is looked up, so a refusal says nothing about which rounds exist.
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        self.round = get_object_or_404(Round.objects.select_related("contest"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("contest_secretariat_scores:index"), "label": _("Điểm do Tổ Thư ký nhập")},
            {"url": "", "label": str(self.round)},
        ]

    # -- which rows -----------------------------------------------------------------------------

    def _filters(self):
        query = self.request.GET.get("q", "").strip()
        group = self.request.GET.get("group", "")
        return query, int(group) if group.isdigit() else None

    def _page(self):
        query, group = self._filters()
        entries = secretariat_scores.round_entries(self.round)
        if group is not None:
            entries = entries.filter(group_id=group)
        if query:
            # Folded in Python: neither database folds Vietnamese in SQL (see backoffice/base.py).
            needle = fold(query)
            matches = [
                pk
                for pk, code, title in entries.values_list("pk", "code", "entry__title")
                if needle in f"{code:03d}" or needle in fold(title)
            ]
            entries = entries.filter(pk__in=matches)
        return Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("p"))

    # -- POST -----------------------------------------------------------------------------------

    def post(self, request, *args, **kwargs):
        values = {}
        for name, typed in request.POST.items():
            if not name.startswith("score-"):
                continue
            try:
                entry_id, criterion_id = (int(part) for part in name.removeprefix("score-").split("-"))
            except ValueError:
                continue
            # Not limited to this page's rows: if entries were added meanwhile and the page shifted,
            # what was typed is still saved (the service checks that each entry is in the round).
            if typed != request.POST.get(f"shown-{entry_id}-{criterion_id}"):
                values[(entry_id, criterion_id)] = typed
        try:
            result = secretariat_scores.save_secretariat_scores(
                round=self.round, values=values, by=request.user, ip=recorded_ip(request)
            )
        except secretariat_scores.SecretariatScoresInvalid as error:
            messages.error(request, str(error.message))
            return self.render_to_response(self.get_context_data(posted=request.POST, errors=error.errors))
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect(request.get_full_path())
        if result.changed_scores:
            messages.success(
                request,
                _("Đã lưu %(n)d thay đổi điểm của %(m)d hồ sơ.")
                % {"n": result.changed_scores, "m": result.changed_sheets},
            )
        else:
            messages.info(request, _("Không có thay đổi nào để lưu."))
        return redirect(request.get_full_path())

    # -- GET ------------------------------------------------------------------------------------

    def get_context_data(self, posted=None, errors=None, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self._page()
        posted, errors = posted or {}, errors or {}
        grid = secretariat_scores.read_grid(round=self.round, rows=page.object_list)
        columns = secretariat_scores.round_columns(self.round)
        rows = []
        for row in grid.rows:
            applicable = {c.pk for c in row.criteria}
            cells = []
            for criterion in columns:
                if criterion.pk not in applicable:
                    cells.append(None)
                    continue
                name = f"{row.round_entry.entry_id}-{criterion.pk}"
                shown = scoring.format_score(row.values.get(criterion.pk), trim=True, empty="")
                cells.append(
                    {
                        "name": name,
                        "criterion": criterion,
                        "max": plain_number(criterion.max_points),
                        "step": plain_number(criterion.step),
                        "shown": shown,
                        "value": posted.get(f"score-{name}", shown),
                        "errors": errors.get((row.round_entry.entry_id, criterion.pk), []),
                    }
                )
            rows.append({"round_entry": row.round_entry, "cells": cells})
        query, group = self._filters()
        context.update(
            round=self.round,
            columns=[
                {
                    "criterion": c,
                    "max": scoring.format_score(c.max_points, trim=True),
                    "step": scoring.format_score(c.step, trim=True),
                }
                for c in columns
            ],
            rows=rows,
            page=page,
            page_range=page.paginator.get_elided_page_range(page.number),
            groups=list(self.round.groups.all()),
            query=query,
            group=group,
            has_errors=bool(errors),
        )
        return context


urlpatterns = [
    path("", SecretariatIndexView.as_view(), name="index"),
    path("<int:pk>/", SecretariatRoundView.as_view(), name="round"),
]


register_section(
    prefix="diem-to-thu-ky/",
    namespace="contest_secretariat_scores",
    urlpatterns=urlpatterns,
    menu_label=gettext_lazy("Điểm do Tổ Thư ký nhập"),
    icon="form",
    order=56,
    permissions=(PERMISSION,),
)
