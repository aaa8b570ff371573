"""Units, their levels and types: the hierarchy entrants belong to (data, because reforms change it)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from contest.core.backoffice.base import DeleteView, IndexView
from contest.core.models import Unit, UnitLevel, UnitType


def _parents(request):
    # Only units that have children: a list of 3,000 communes as "parent" choices is useless.
    return Unit.objects.filter(children__isnull=False).distinct().order_by("order", "name")


class UnitFilterSet(WagtailFilterSet):
    unit_type = django_filters.ModelChoiceFilter(
        label=_("Loại đơn vị"), queryset=UnitType.objects.all(), empty_label=_("Tất cả")
    )
    level = django_filters.ModelChoiceFilter(label=_("Cấp"), queryset=UnitLevel.objects.all(), empty_label=_("Tất cả"))
    parent = django_filters.ModelChoiceFilter(label=_("Đơn vị cấp trên"), queryset=_parents, empty_label=_("Tất cả"))

    class Meta:
        model = Unit
        fields = ["unit_type", "level", "parent"]


class UnitIndexView(IndexView):
    select_related = ("unit_type", "level", "parent")


class UnitViewSet(ModelViewSet):
    model = Unit
    name = "units"
    url_prefix = "don-vi"
    icon = "group"
    menu_label = _("Đơn vị")
    index_view_class = UnitIndexView
    delete_view_class = DeleteView
    inspect_view_enabled = True
    copy_view_enabled = False

    list_display = ["name", "code", "unit_type", "level", "parent", "valid_to"]
    filterset_class = UnitFilterSet
    search_fields = ["name", "code", "address"]
    ordering = ["order", "name"]
    list_per_page = 50
    # The columns the unit importer reads, so that an export can be edited and imported back.
    list_export = [
        "code",
        "name",
        "unit_type.name",
        "level.name",
        "parent.code",
        "address",
        "email",
        "valid_from",
        "valid_to",
        "order",
    ]
    export_headings = {
        "unit_type.name": _("Loại đơn vị"),
        "level.name": _("Cấp"),
        "parent.code": _("Mã đơn vị cấp trên"),
    }
    export_filename = "don-vi"

    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
            FieldRowPanel([FieldPanel("unit_type"), FieldPanel("level")]),
            FieldPanel("parent"),
            FieldPanel("address"),
            FieldPanel("email"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
                ],
                heading=_("Thời gian hiệu lực"),
                help_text=_(
                    "Khi sáp nhập, giải thể: ghi ngày hết hiệu lực thay vì xóa, để giữ lịch sử các cuộc thi cũ."
                ),
            ),
            FieldPanel("order"),
        ]
    )


class _CodeListViewSet(ModelViewSet):
    """Short reference lists (levels, types): name and the organiser's order.

    Their codes stay internal keys (the demo and the migrations find rows by them) and are
    derived from the name on creation; people see and type the names (the unit import
    accepts names)."""

    index_view_class = IndexView
    delete_view_class = DeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["name", "order"]
    search_fields = ["name"]
    ordering = ["order", "name"]
    list_export = ["name", "order"]
    form_fields = ["name", "order"]


class UnitLevelViewSet(_CodeListViewSet):
    model = UnitLevel
    name = "unit_levels"
    url_prefix = "cap-don-vi"
    icon = "list-ol"
    menu_label = _("Cấp đơn vị")
    export_filename = "cap-don-vi"


class UnitTypeViewSet(_CodeListViewSet):
    model = UnitType
    name = "unit_types"
    url_prefix = "loai-don-vi"
    icon = "tag"
    menu_label = _("Loại đơn vị")
    export_filename = "loai-don-vi"
