"""Extensions (gia hạn): listed, and granted only through the service, which validates and records.

An extension is the record of a decision, so there is no edit or delete view: a later
extension supersedes an earlier one (the latest ``until`` wins, see services/deadlines.py).
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from contest.core.backoffice.base import IndexView, WithoutViewsMixin
from contest.core.errors import DomainError
from contest.core.models import Contest, Unit
from contest.dossiers.models import Extension
from contest.dossiers.services.review import grant_extension


class ExtensionFilterSet(WagtailFilterSet):
    contest = django_filters.ModelChoiceFilter(
        label=_("Cuộc thi"), queryset=Contest.objects.all(), empty_label=_("Tất cả")
    )
    unit = django_filters.ModelChoiceFilter(label=_("Đơn vị"), queryset=Unit.objects.all(), empty_label=_("Tất cả"))

    class Meta:
        model = Extension
        fields = ["contest", "unit"]


class ExtensionIndexView(IndexView):
    select_related = ("contest", "unit", "granted_by")


class ExtensionCreateView(generic.CreateView):
    success_message = _("Đã gia hạn cho “%(object)s”.")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("review.grant_extension"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # New extensions only for units that still exist.
        form.fields["unit"].queryset = Unit.objects.valid_on()
        return form

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.granted = grant_extension(
                contest=data["contest"],
                unit=data["unit"],
                until=data["until"],
                by=self.request.user,
                reason=data["reason"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        return super().form_valid(form)

    def save_instance(self):
        # The service has already written the row; the generic view only reports it.
        return self.granted

    def get_success_buttons(self):
        return []  # no edit view to link to


class ExtensionViewSet(WithoutViewsMixin, ModelViewSet):
    model = Extension
    name = "extensions"
    url_prefix = "gia-han"
    icon = "calendar-alt"
    menu_label = _("Gia hạn")
    index_view_class = ExtensionIndexView
    add_view_class = ExtensionCreateView
    # Grants go through the service, not Wagtail's action log, so Wagtail's history would be empty.
    without_views = ("edit", "delete", "copy", "history", "history_results", "usage")
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False

    list_display = ["unit", "contest", "until", "reason", "granted_by", "granted_at"]
    filterset_class = ExtensionFilterSet
    search_fields = ["unit__name", "reason"]
    ordering = "-granted_at"
    list_export = ["contest.name", "unit.code", "unit.name", "until", "reason", "granted_by", "granted_at"]
    export_headings = {"contest.name": _("Cuộc thi"), "unit.code": _("Mã đơn vị"), "unit.name": _("Đơn vị")}
    export_filename = "gia-han"

    edit_handler = ObjectList([FieldPanel("contest"), FieldPanel("unit"), FieldPanel("until"), FieldPanel("reason")])
