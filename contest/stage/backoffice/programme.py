"""Back office "Hội thi – ngày thi": the programme of a round's day with its parts inline, and the
question bank (private to the staff until a question is shown on stage)."""

import django_filters
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from contest.core.backoffice.base import DeleteView, IndexView
from contest.core.errors import DomainError
from contest.stage.models import StagePart, StageProgramme, StageQuestion
from contest.stage.services import programme as programme_services


class ProgrammeForm(WagtailAdminModelForm):
    def is_valid(self):
        # The parts are checked once the inline forms are clean (ClusterForm validates them after
        # the programme's own clean()).
        return super().is_valid() and self._parts_valid()

    def _parts_valid(self):
        round_ = self.cleaned_data.get("round")
        parts = self.formsets.get("parts")
        if parts is None or round_ is None:
            return True
        valid = True
        for form in parts.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            part = form.instance
            if form in parts.deleted_forms:
                try:
                    programme_services.ensure_parts_editable(part)
                except DomainError as error:
                    self.add_error(None, error.message)
                    valid = False
                continue
            if part.pk and {"rubric", "kind"} & set(form.changed_data):
                try:
                    programme_services.ensure_parts_editable(StagePart.objects.get(pk=part.pk))
                except DomainError as error:
                    form.add_error(None, error.message)
                    valid = False
                    continue
            problem = programme_services.part_problem(
                round_id=round_.pk, rubric=form.cleaned_data.get("rubric"), kind=form.cleaned_data.get("kind")
            )
            if problem:
                form.add_error("rubric", problem)
                valid = False
        return valid


class ProgrammeCreateView(generic.CreateView):
    def save_instance(self):
        programme = super().save_instance()
        # Parts left empty are derived from the round's rubrics (the organiser then adjusts them).
        programme_services.add_default_parts(programme=programme)
        return programme


class ProgrammeIndexView(IndexView):
    select_related = ("round", "round__contest")


class ProgrammeViewSet(ModelViewSet):
    model = StageProgramme
    name = "stage_programmes"
    url_prefix = "hoi-thi/chuong-trinh"
    icon = "date"
    menu_label = _("Chương trình ngày thi")
    index_view_class = ProgrammeIndexView
    add_view_class = ProgrammeCreateView
    delete_view_class = DeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    # A BooleanColumn: a tick or a cross titled "Có" / "Không", not the word "True".
    list_display = [
        "round",
        "venue",
        "scoreboard",
        BooleanColumn("public_live", label=capfirst(StageProgramme._meta.get_field("public_live").verbose_name)),
    ]
    search_fields = ["venue"]
    ordering = ["-round__contest__year", "round__order"]
    list_export = ["round", "venue", "get_scoreboard_display", "public_live"]
    export_headings = {"get_scoreboard_display": _("Công bố điểm")}
    export_filename = "chuong-trinh-ngay-thi"
    edit_handler = ObjectList(
        [
            FieldPanel("round"),
            FieldPanel("venue"),
            FieldRowPanel([FieldPanel("scoreboard"), FieldPanel("public_live")]),
            InlinePanel(
                "parts",
                panels=[
                    FieldRowPanel([FieldPanel("order"), FieldPanel("name")]),
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("rubric")]),
                    FieldRowPanel(
                        [
                            FieldPanel("time_limit_seconds"),
                            FieldPanel("confer_seconds"),
                            FieldPanel("points_per_question"),
                        ]
                    ),
                    FieldPanel("draws_questions"),
                ],
                label=_("phần thi"),
                heading=_("Các phần thi"),
                help_text=_(
                    "Để trống khi tạo mới: hệ thống lập các phần thi theo thang điểm của vòng "
                    "(mỗi phần thi chấm một nhóm tiêu chí)."
                ),
            ),
        ],
        base_form_class=ProgrammeForm,
    )


class QuestionFilterSet(WagtailFilterSet):
    part = django_filters.ModelChoiceFilter(
        label=_("Phần thi"),
        queryset=StagePart.objects.select_related("programme__round__contest"),
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = StageQuestion
        fields = ["part", "set_number"]


class QuestionIndexView(IndexView):
    select_related = ("part", "part__programme__round")


class QuestionViewSet(ModelViewSet):
    model = StageQuestion
    name = "stage_questions"
    url_prefix = "hoi-thi/cau-hoi"
    icon = "help"
    menu_label = _("Ngân hàng câu hỏi")
    index_view_class = QuestionIndexView
    delete_view_class = DeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = QuestionFilterSet
    list_display = ["__str__", "part", "text", "answer", Column("shown_at", label=_("Đã chiếu lúc"))]
    search_fields = ["text"]
    ordering = ["part", "set_number", "number"]
    list_export = ["part", "set_number", "number", "text", "option_a", "option_b", "option_c", "option_d", "answer"]
    export_filename = "cau-hoi"
    panels = [
        FieldPanel("part"),
        FieldRowPanel([FieldPanel("set_number"), FieldPanel("number")]),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("option_a"), FieldPanel("option_b")]),
        FieldRowPanel([FieldPanel("option_c"), FieldPanel("option_d")]),
        FieldPanel("answer"),
        FieldPanel("model_answer"),
    ]
