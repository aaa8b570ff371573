"""Building a back-office section: registering its URLs under /quan-tri/<prefix> and, if it has a
menu label, its item in the "Cuộc thi" menu, shown to whoever holds one of its permissions (the
pages themselves check again: a hidden menu item is not a permission); the first page of a
round-based section (:class:`RoundIndexPage`, the list of rounds) and the page about one round
that most sections have (:class:`RoundPage`)."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from contest.core.backoffice.viewsets import CONTEST_MENU_HOOK
from contest.core.errors import DomainError
from contest.core.http import permission_denied
from contest.core.models import Round


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.permissions = tuple(permissions)

    def is_shown(self, request):
        return any(request.user.has_perm(permission) for permission in self.permissions)


def register_section(*, prefix, namespace, urlpatterns, menu_label=None, icon="", order=0, permissions=()):
    """``prefix`` ("ket-qua/") also names the menu item; the menu links to ``<namespace>:index``."""

    @hooks.register("register_admin_urls")
    def register_urls():
        return [path(prefix, include((urlpatterns, namespace), namespace=namespace))]

    if menu_label is not None:

        @hooks.register(CONTEST_MENU_HOOK)
        def register_menu_item():
            return PermissionMenuItem(
                menu_label,
                reverse(f"{namespace}:index"),
                name=prefix.strip("/"),
                icon_name=icon,
                order=order,
                permissions=permissions,
            )


class RoundIndexPage(WagtailAdminTemplateMixin, TemplateView):
    """The first page of a round-based section: every round, newest contest first, with a few
    figures, each round linking to the section's page about it (``round_url_name``).

    A section says what it shows in ``columns``: (heading, cell) pairs where a cell is the name
    of an attribute of the round (an annotation from :meth:`get_rounds`) or a function of the
    round. Reading needs ``view_permission`` (a real 403 otherwise, not Wagtail's silent bounce
    to the dashboard)."""

    template_name = "contest/core/backoffice/round_index.html"
    title = ""
    intro = ""
    empty_text = gettext_lazy("Chưa có vòng thi nào.")
    view_permission = ""
    round_url_name = ""
    columns: tuple = ()

    def get_page_title(self):
        return self.title

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.view_permission):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_rounds(self):
        """The rounds listed; by default every round with the counts of :meth:`counts`."""
        return rounds_with(**self.counts())

    def counts(self) -> dict:
        """``count_per_round`` annotations the columns read."""
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = [
            {
                "round": round,
                "url": reverse(self.round_url_name, args=[round.pk]),
                "cells": [cell(round) if callable(cell) else getattr(round, cell) for _heading, cell in self.columns],
            }
            for round in self.get_rounds()
        ]
        context.update(
            intro=self.intro,
            headings=[heading for heading, _cell in self.columns],
            rows=rows,
            empty_text=self.empty_text,
            width=2 + len(self.columns),
        )
        return context


class RoundPage(WagtailAdminTemplateMixin, TemplateView):
    """A back-office page about one round. Reading needs ``view_permission``; every POST names an
    ``action``, needs that action's permission (``action_permissions``, else
    ``manage_permission``) and is handled by ``do_<action>``, which calls one service. A refusal
    comes back as a message on the same page, filters and page number kept."""

    http_method_names = ["get", "post"]
    title = ""
    index_url_name = ""
    view_permission = ""
    manage_permission = ""
    action_permissions: dict = {}

    def get_page_title(self):
        return self.title

    def get_page_subtitle(self):
        return str(self.round)

    def dispatch(self, request, *args, pk, **kwargs):
        # A real 403, not Wagtail's silent bounce to the dashboard (see backoffice/review.py).
        if not request.user.has_perm(self.view_permission):
            return permission_denied(request)
        if request.method == "POST":
            action = request.POST.get("action", "")
            needed = self.action_permissions.get(action, self.manage_permission)
            if not needed or not request.user.has_perm(needed):
                return permission_denied(request)
        self.round = get_object_or_404(Round.objects.select_related("contest"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.title},
            {"url": "", "label": str(self.round)},
        ]

    def post(self, request, *args, **kwargs):
        handler = getattr(self, f"do_{request.POST.get('action', '')}", None)
        if handler is None:
            messages.error(request, _("Thao tác không hợp lệ."))
            return redirect(request.get_full_path())
        try:
            response = handler(request)
        except DomainError as error:
            response = self.refused(request, error)
        return response if response is not None else redirect(request.get_full_path())

    def refused(self, request, error):
        """A service said no: show why. Pages may answer some refusals differently."""
        messages.error(request, str(error.message))

    def invalid(self, form):
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(self.request, _("Chưa đủ thông tin: %(errors)s") % {"errors": errors})


def count_per_round(model, **filters):
    """A Round annotation: how many ``model`` rows (with ``filters``) the round has.

    A subquery per count, not Count() over joins: joining one large round's entries × judges ×
    assignments (2,000 × 9 × 6,000) multiplies rows into the hundreds of millions.
    """
    rows = model.objects.filter(round=OuterRef("pk"), **filters).values("round").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def rounds_with(**counts):
    """Every round, newest contest first, with the given ``count_per_round`` annotations."""
    return (
        Round.objects.select_related("contest").annotate(**counts).order_by("-contest__year", "contest__name", "order")
    )
