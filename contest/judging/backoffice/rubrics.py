"""Rubrics (thang điểm) in the admin: a list per round, a form with the criteria inline, a
read-only view, and "Tạo từ mẫu" to copy one of the library's defaults into a round.

Organisers edit (model permissions from contest/roles.py); the secretariat only views. Once any
score exists for a rubric, the edit form is shown disabled with the reason, saving and deleting
are refused with the same message (contest.judging.services.rubrics.ensure_rubric_editable), and only the
recorded reset of the scores unlocks it.
"""

import django_filters
from django import forms
from django.db import transaction
from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from contest.core.backoffice.base import DeleteView, IndexView
from contest.core.backoffice.viewsets import CONTEST_MENU_HOOK
from contest.core.errors import DomainError
from contest.core.models import Field, Round
from contest.judging import rubric_library
from contest.judging.models import Rubric, Score
from contest.judging.services import rubrics as services
from contest.results.scoring import format_score

# ---------------------------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------------------------


class BandsField(forms.CharField):
    """``Criterion.bands`` typed as organisers write them, one band a line: "18–20: hoàn toàn mới"."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", False)
        kwargs.setdefault("label", gettext_lazy("Mức đánh giá"))
        kwargs.setdefault("help_text", gettext_lazy("Mỗi dòng một mức, mức cao trước, ví dụ: 18–20: hoàn toàn mới"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return rubric_library.format_bands(value) if isinstance(value, list) else value

    def to_python(self, value):
        if isinstance(value, list):
            # A disabled field (locked rubric) is cleaned from its initial, stored value.
            return value
        try:
            return rubric_library.parse_bands(value or "")
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (initial or [])
        except forms.ValidationError:
            return True


class CriterionForm(WagtailAdminModelForm):
    bands = BandsField()


class CriterionInlinePanel(InlinePanel):
    """An InlinePanel whose child forms read and write bands as text (see BandsField)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = CriterionForm
        return options


class RubricForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = services.is_locked(self.instance)
        if self.locked:
            # Shown read-only: Django ignores posted values of disabled fields, and the guard in
            # clean() refuses the save anyway.
            for form in [self, *(f for formset in self.formsets.values() for f in formset.forms)]:
                for field in form.fields.values():
                    field.disabled = True

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            try:
                services.ensure_rubric_editable(self.instance)
            except DomainError as error:
                self.add_error(None, error.message)
        field, round_ = cleaned.get("field"), cleaned.get("round")
        if field is not None and round_ is not None and field.contest_id != round_.contest_id:
            self.add_error("field", _("Lĩnh vực không thuộc cuộc thi của vòng này."))
        return cleaned


class CopyFromLibraryForm(forms.Form):
    round = forms.ModelChoiceField(
        label=gettext_lazy("Vòng thi"), queryset=Round.objects.select_related("contest").order_by("-contest__year")
    )
    code = forms.ChoiceField(label=gettext_lazy("Mẫu thang điểm"), choices=rubric_library.choices)
    field = forms.ModelChoiceField(
        label=gettext_lazy("Lĩnh vực"),
        queryset=Field.objects.select_related("contest"),
        required=False,
        help_text=gettext_lazy("Để trống: áp dụng cho mọi lĩnh vực của vòng thi."),
    )

    def clean(self):
        cleaned = super().clean()
        field, round_ = cleaned.get("field"), cleaned.get("round")
        if field is not None and round_ is not None and field.contest_id != round_.contest_id:
            self.add_error("field", _("Lĩnh vực không thuộc cuộc thi của vòng này."))
        return cleaned


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------


class RubricFilterSet(WagtailFilterSet):
    round = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Vòng thi"),
        queryset=Round.objects.select_related("contest"),
        empty_label=gettext_lazy("Tất cả"),
    )

    class Meta:
        model = Rubric
        fields = ["round"]


def _status(rubric):
    return _("Đã có điểm – khóa") if rubric.has_scores else _("Sửa được")


class RubricIndexView(IndexView):
    select_related = ("round", "round__contest", "field")

    def get_base_queryset(self):
        # Counts, totals and the lock as annotations: a constant number of queries per page.
        weighted = ExpressionWrapper(
            F("criteria__max_points") * F("criteria__weight"),
            output_field=DecimalField(max_digits=12, decimal_places=4),
        )
        return (
            super()
            .get_base_queryset()
            .annotate(
                criterion_count=Count("criteria"),
                max_total=Sum(weighted, filter=Q(criteria__counts_toward_total=True)),
                has_scores=Exists(Score.objects.filter(criterion__rubric=OuterRef("pk"))),
            )
        )

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                HeaderButton(_("Tạo từ mẫu"), url=reverse("rubrics:copy_from_library"), icon_name="copy", priority=20)
            )
        return buttons


class RubricEditView(generic.EditView):
    def get(self, request, *args, **kwargs):
        # The response renders lazily, after this method returns: the message still shows on it.
        response = super().get(request, *args, **kwargs)
        try:
            services.ensure_rubric_editable(self.object)
        except DomainError as error:
            messages.warning(request, error.message)
        return response

    def form_valid(self, form):
        # Re-checked under a row lock: a score saved between clean() and here must still win.
        try:
            with transaction.atomic():
                services.ensure_rubric_editable(Rubric.objects.select_for_update().get(pk=self.object.pk))
                return super().form_valid(form)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)


class RubricDeleteView(DeleteView):
    def form_valid(self, form):
        try:
            services.delete_rubric(rubric=self.object, by=self.request.user)
        except DomainError as error:
            messages.error(self.request, error.message)
            return redirect(self.get_success_url())
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())


def _band_lines(criterion):
    return rubric_library.format_bands(criterion.bands).splitlines()


class RubricInspectView(generic.InspectView):
    def get_field_label(self, field_name, field):
        if field_name == "criteria_table":
            return _("Tiêu chí")
        if field_name == "status":
            return _("Trạng thái")
        if field_name == "scope_field":
            return _("Lĩnh vực")
        return super().get_field_label(field_name, field)

    # Not "field": its display hook would be named get_field_display_value, which Wagtail's own
    # method already is.
    def get_scope_field_display_value(self):
        return self.object.field or _("Mọi lĩnh vực")

    def get_status_display_value(self):
        count = services.score_count(self.object)
        if count:
            return _("Đã có %(count)s điểm chấm: thang điểm bị khóa.") % {"count": count}
        return _("Chưa có điểm chấm.")

    def get_criteria_table_display_value(self):
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    c.code,
                    c.name,
                    format_score(c.max_points, trim=True),
                    format_score(c.step, trim=True),
                    format_score(c.weight, trim=True),
                    c.get_scored_by_display(),
                    format_html_join(
                        "", "<div>{}</div>", ((line,) for line in rubric_library.format_bands(c.bands).splitlines())
                    ),
                )
                for c in self.object.criteria.all()
            ),
        )
        headings = format_html_join(
            "",
            "<th>{}</th>",
            (
                (h,)
                for h in (
                    _("Mã"),
                    _("Tiêu chí"),
                    _("Điểm tối đa"),
                    _("Bước"),
                    _("Hệ số"),
                    _("Người chấm"),
                    _("Mức đánh giá"),
                )
            ),
        )
        return format_html('<table class="listing"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>', headings, rows)


class CopyFromLibraryView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Copies a library rubric into a round (one rubric per part of a Hội thi)."""

    model = Rubric
    permission_policy = None
    permission_required = "add"
    form_class = CopyFromLibraryForm
    template_name = "wagtailadmin/generic/form.html"
    page_title = gettext_lazy("Tạo thang điểm từ mẫu")
    header_icon = "copy"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("rubrics:index"), "label": _("Thang điểm")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_initial(self):
        initial = super().get_initial()
        if round_id := self.request.GET.get("round"):
            initial["round"] = round_id
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse("rubrics:copy_from_library")
        context["submit_button_label"] = _("Tạo thang điểm")
        context["submit_button_active_label"] = _("Đang tạo…")
        return context

    def form_valid(self, form):
        try:
            created = services.copy_rubric_from_library(
                round=form.cleaned_data["round"],
                code=form.cleaned_data["code"],
                field=form.cleaned_data["field"],
                by=self.request.user,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Đã tạo %(count)s thang điểm: %(names)s.")
            % {"count": len(created), "names": "; ".join(r.name for r in created)},
        )
        return redirect(f"{reverse('rubrics:index')}?round={form.cleaned_data['round'].pk}")


# ---------------------------------------------------------------------------------------------
# The viewset
# ---------------------------------------------------------------------------------------------

CRITERION_PANELS = [
    FieldRowPanel([FieldPanel("code"), FieldPanel("short_name"), FieldPanel("name")]),
    FieldPanel("description"),
    FieldRowPanel([FieldPanel("max_points"), FieldPanel("step"), FieldPanel("weight")]),
    FieldPanel("bands"),
    FieldRowPanel([FieldPanel("scored_by"), FieldPanel("counts_toward_total"), FieldPanel("order")]),
]


class RubricViewSet(ModelViewSet):
    model = Rubric
    name = "rubrics"
    url_prefix = "thang-diem"
    icon = "list-ol"
    menu_label = gettext_lazy("Thang điểm")
    menu_order = 50
    # Listed in the "Cuộc thi" menu, next to contests and rounds, through its submenu hook.
    menu_hook = CONTEST_MENU_HOOK
    index_view_class = RubricIndexView
    edit_view_class = RubricEditView
    delete_view_class = RubricDeleteView
    inspect_view_class = RubricInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["round", "scope_field", "part", "name", "library_code", "status", "criteria_table"]
    # A copy would clash with the original on the unique (round, field, part) scope.
    copy_view_enabled = False

    list_display = [
        "name",
        "round",
        "part",
        "field",
        Column("criterion_count", label=gettext_lazy("Số tiêu chí")),
        Column("max_total", label=gettext_lazy("Tổng điểm tối đa"), accessor=lambda r: format_score(r.max_total or 0)),
        Column("has_scores", label=gettext_lazy("Trạng thái"), accessor=_status),
    ]
    filterset_class = RubricFilterSet
    search_fields = ["name", "part"]
    ordering = ["round", "order", "id"]
    list_export = ["round.contest.name", "round.name", "part", "field.name", "name", "criterion_count", "max_total"]
    export_headings = {
        "round.contest.name": gettext_lazy("Cuộc thi"),
        "round.name": gettext_lazy("Vòng thi"),
        "field.name": gettext_lazy("Lĩnh vực"),
        "criterion_count": gettext_lazy("Số tiêu chí"),
        "max_total": gettext_lazy("Tổng điểm tối đa"),
    }
    export_filename = "thang-diem"

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("round"), FieldPanel("field")]),
                    FieldRowPanel([FieldPanel("part"), FieldPanel("order")]),
                    FieldPanel("name"),
                ],
                heading=gettext_lazy("Phạm vi"),
            ),
            CriterionInlinePanel(
                "criteria",
                panels=CRITERION_PANELS,
                label=gettext_lazy("tiêu chí"),
                heading=gettext_lazy("Tiêu chí"),
                help_text=gettext_lazy(
                    "Không sửa được khi đã có điểm chấm. Điểm chấm phải là bội số của bước điểm (thường là 0,5)."
                ),
            ),
        ],
        base_form_class=RubricForm,
    )

    def get_urlpatterns(self):
        copy_view = CopyFromLibraryView.as_view(permission_policy=self.permission_policy)
        return [*super().get_urlpatterns(), path("tao-tu-mau/", copy_view, name="copy_from_library")]


rubric_viewset = RubricViewSet()


@hooks.register("register_admin_viewset")
def register_rubric_viewset():
    return rubric_viewset
