"""Entries in the admin: a list to filter, search and export, and the secretariat's review page.

There is deliberately no generic add, edit or delete view: the dossier belongs to its unit, and the
secretariat acts on it only through the review services, or, for a dossier handed in on paper,
through the unit's own form and services (contest/dossiers/backoffice/paper.py).
"""

import django_filters
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from contest.core.backoffice.base import IndexView, WithoutViewsMixin
from contest.core.models import Contest, Field, Unit
from contest.dossiers.backoffice import paper
from contest.dossiers.backoffice.review import EntryReviewView
from contest.dossiers.enums import EntryState
from contest.dossiers.models import Entry


def _field_names():
    # Fields are per contest, but "Kinh tế" means the same thing in every contest: filter by name
    # (combined with the contest filter when one contest is wanted).
    names = Field.objects.order_by("name").values_list("name", flat=True).distinct()
    return [(name, name) for name in names]


class EntryFilterSet(WagtailFilterSet):
    contest = django_filters.ModelChoiceFilter(
        label=_("Cuộc thi"), queryset=Contest.objects.all(), empty_label=_("Tất cả")
    )
    state = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=EntryState.choices, empty_label=_("Mọi trạng thái (trừ bản nháp)")
    )
    # Drafts are the units' unfinished work, not the secretariat's: left out unless asked for.
    drafts = django_filters.ChoiceFilter(
        label=_("Bản nháp"),
        choices=[("1", _("Hiện cả bản nháp"))],
        empty_label=_("Không hiện bản nháp"),
        method="keep_drafts",
    )
    paper = django_filters.ChoiceFilter(
        label=_("Hình thức nộp"),
        choices=[("1", _("Hồ sơ giấy")), ("0", _("Nộp trực tuyến"))],
        empty_label=_("Tất cả"),
        method="by_paper",
    )
    field = django_filters.ChoiceFilter(
        label=_("Lĩnh vực"), field_name="field__name", choices=_field_names, empty_label=_("Tất cả")
    )
    unit = django_filters.ModelChoiceFilter(label=_("Đơn vị"), queryset=Unit.objects.all(), empty_label=_("Tất cả"))

    class Meta:
        model = Entry
        fields = ["contest", "state", "field", "unit", "paper", "drafts"]

    def keep_drafts(self, queryset, name, value):
        return queryset  # applied in filter_queryset, which also sees the state filter

    def by_paper(self, queryset, name, value):
        return queryset.filter(paper_received_on__isnull=value != "1")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("state") and not self.form.cleaned_data.get("drafts"):
            queryset = queryset.exclude(state=EntryState.DRAFT)
        return queryset


class EntryIndexView(IndexView):
    select_related = ("contest", "unit", "field")
    review_url_name = None

    def get_review_url(self, entry):
        if self.review_url_name and self.request.user.has_perm("review.review_entry"):
            return reverse(self.review_url_name, args=[entry.pk])

    @cached_property
    def columns(self):
        title_column_class = self._get_title_column_class(TitleColumn)
        return [
            title_column_class("title", label=_("Tên hồ sơ"), sort_key="title", get_url=self.get_review_url),
            Column("receipt_code", label=_("Mã biên nhận"), sort_key="receipt_code"),
            Column("unit", label=_("Đơn vị"), sort_key="unit__name"),
            Column("field", label=_("Lĩnh vực"), sort_key="field__name"),
            Column("get_state_display", label=_("Trạng thái"), sort_key="state"),
            Column("submitted_at", label=_("Nộp lúc"), sort_key="submitted_at"),
            Column("contest", label=_("Cuộc thi"), sort_key="contest__name"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = []
        if url := self.get_review_url(instance):
            buttons.append(MenuItem(_("Xem và xét hồ sơ"), url=url, icon_name="clipboard-list", priority=10))
        if self.request.user.has_perm("review.edit_paper_entry", instance):
            buttons.append(
                MenuItem(
                    _("Hồ sơ giấy: nội dung, tệp, nộp"),
                    url=reverse("entries:paper", args=[instance.pk]),
                    icon_name="doc-full",
                    priority=20,
                )
            )
        return buttons

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("review.enter_paper_entry"):
            buttons.append(HeaderButton(_("Nhập hồ sơ giấy"), url=reverse("entries:paper_create"), icon_name="plus"))
        return buttons


class EntryViewSet(WithoutViewsMixin, ModelViewSet):
    model = Entry
    name = "entries"
    url_prefix = "ho-so"
    icon = "doc-full"
    menu_label = _("Hồ sơ dự thi")
    index_view_class = EntryIndexView
    without_views = ("add", "edit", "delete", "copy", "history", "history_results", "usage")
    copy_view_enabled = False
    add_to_reference_index = False

    filterset_class = EntryFilterSet
    search_fields = ["title", "receipt_code"]
    ordering = "-created_at"
    list_per_page = 50
    list_export = [
        "receipt_code",
        "contest.name",
        "unit.code",
        "unit.name",
        "title",
        "get_kind_display",
        "field.name",
        "get_state_display",
        "submitted_at",
        "created_at",
        "contact_name",
        "contact_phone",
    ]
    export_headings = {
        "contest.name": _("Cuộc thi"),
        "unit.code": _("Mã đơn vị"),
        "unit.name": _("Đơn vị"),
        "title": _("Tên hồ sơ"),
        "get_kind_display": _("Loại hồ sơ"),
        "field.name": _("Lĩnh vực"),
        "get_state_display": _("Trạng thái"),
    }
    export_filename = "ho-so-du-thi"

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(review_url_name=self.get_url_name("review"), **kwargs)

    def get_form_class(self, for_update=False):
        return None  # no form: see the module docstring

    @property
    def review_view(self):
        return EntryReviewView.as_view(index_url_name=self.get_url_name("index"), header_icon=self.icon)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/xet/", self.review_view, name="review"),
            # Paper dossiers entered by the secretariat (contest/dossiers/backoffice/paper.py).
            path("nhap-giay/", paper.create, name="paper_create"),
            path("<int:pk>/giay/", paper.detail, name="paper"),
            path("<int:pk>/giay/sua/", paper.edit, name="paper_edit"),
            path("<int:pk>/giay/tep/", paper.upload, name="paper_upload"),
            path("<int:pk>/giay/tep/xoa/", paper.delete_file, name="paper_delete_file"),
            path("<int:pk>/giay/nop/", paper.submit, name="paper_submit"),
            path("<int:pk>/giay/xoa/", paper.delete, name="paper_delete"),
        ]

    def get_permissions_to_register(self):
        # In Wagtail's group editor only "view" means anything for entries.
        content_type = ContentType.objects.get_for_model(Entry)
        return Permission.objects.filter(content_type=content_type, codename="view_entry")
