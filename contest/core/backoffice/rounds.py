"""Clusters (cụm) and groups within a round, e.g. the four clusters of a Hội thi's first round.

Rounds themselves are edited inline on their contest; clusters get their own list because nested
inline editing (contest → round → cluster) is fragile in Wagtail.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet

from contest.core.backoffice.base import DeleteView, IndexView
from contest.core.models import Round, RoundGroup


class RoundGroupFilterSet(WagtailFilterSet):
    round = django_filters.ModelChoiceFilter(
        label=_("Vòng thi"), queryset=Round.objects.select_related("contest"), empty_label=_("Tất cả")
    )

    class Meta:
        model = RoundGroup
        fields = ["round"]


class RoundGroupIndexView(IndexView):
    select_related = ("round", "round__contest")


class RoundGroupViewSet(ModelViewSet):
    model = RoundGroup
    name = "round_groups"
    url_prefix = "cum-bang"
    icon = "list-ul"
    menu_label = _("Cụm / bảng")
    index_view_class = RoundGroupIndexView
    delete_view_class = DeleteView
    inspect_view_enabled = False
    copy_view_enabled = False
    list_display = ["name", "round", "order"]
    filterset_class = RoundGroupFilterSet
    search_fields = ["name"]
    ordering = ["round", "order", "name"]
    list_export = ["round.contest.name", "round.name", "name", "order"]
    export_headings = {"round.contest.name": _("Cuộc thi"), "round.name": _("Vòng thi")}
    export_filename = "cum-bang"
    form_fields = ["round", "name", "order"]
