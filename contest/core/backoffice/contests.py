"""Contests in the admin: calendar, quota and file limits, with their fields and rounds inline."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from contest.core.backoffice.base import DeleteView, IndexView
from contest.core.models import Contest
from contest.core.services.contests import seed_default_fields


class ContestForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        # Entry.field is PROTECT: removing a field that entries use would fail on save with a 500.
        fields = self.formsets.get("fields")
        if fields is not None:
            used = [f.instance.name for f in fields.deleted_forms if f.instance.pk and f.instance.entries.exists()]
            if used:
                self.add_error(None, _("Không thể xóa lĩnh vực đã có hồ sơ: %(names)s.") % {"names": ", ".join(used)})
        return cleaned


class ContestIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(entry_count=Count("entries"))


class ContestCreateView(generic.CreateView):
    def save_instance(self):
        contest = super().save_instance()
        # An organiser who leaves the inline lists empty gets the canonical four fields and one
        # round (idempotent: what the form created is kept as it is).
        seed_default_fields(contest=contest)
        return contest


class ContestViewSet(ModelViewSet):
    model = Contest
    name = "contests"
    url_prefix = "cuoc-thi"
    icon = "trophy"
    menu_label = _("Cuộc thi")
    index_view_class = ContestIndexView
    add_view_class = ContestCreateView
    delete_view_class = DeleteView
    # The secretariat may look at a contest without being able to change it.
    inspect_view_enabled = True
    # A copy would clash on the unique slug and silently leave out fields and rounds.
    copy_view_enabled = False

    list_display = [
        "name",
        "year",
        "kind",
        "submission_deadline",
        Column("entry_count", label=_("Số hồ sơ"), sort_key="entry_count"),
    ]
    list_filter = ["year", "kind"]
    search_fields = ["name", "slug", "organiser_body"]
    ordering = ["-year", "name"]
    list_export = [
        "name",
        "year",
        "get_kind_display",
        "organiser_body",
        "registration_opens",
        "registration_deadline",
        "submission_deadline",
        "judging_starts",
        "judging_ends",
        "results_date",
        "entry_quota_per_unit",
        "entry_count",
    ]
    export_headings = {"get_kind_display": _("Loại cuộc thi"), "entry_count": _("Số hồ sơ")}
    export_filename = "cuoc-thi"

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("kind"),
                    FieldPanel("name"),
                    FieldRowPanel([FieldPanel("slug"), FieldPanel("year")]),
                    FieldPanel("organiser_body"),
                    FieldPanel("document_format"),
                    FieldPanel("document_place"),
                    FieldPanel("rules_text"),
                    FieldPanel("rules_document"),
                ],
                heading=_("Thông tin chung"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("registration_opens"),
                            FieldPanel("registration_deadline"),
                            FieldPanel("submission_deadline"),
                        ],
                        heading=_("Đăng ký và nộp hồ sơ"),
                    ),
                    MultiFieldPanel(
                        [
                            FieldRowPanel([FieldPanel("judging_starts"), FieldPanel("judging_ends")]),
                            FieldPanel("results_date"),
                            FieldPanel("score_disclosure"),
                        ],
                        heading=_("Chấm và công bố"),
                    ),
                ],
                heading=_("Lịch"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("entry_quota_per_unit"),
                            FieldPanel("require_endorsement"),
                            FieldPanel("min_running_months"),
                            FieldPanel("vote_share_cap"),
                        ],
                        heading=_("Số lượng và điều kiện"),
                    ),
                    MultiFieldPanel(
                        [
                            FieldRowPanel([FieldPanel("max_report_mb"), FieldPanel("max_report_pages")]),
                            FieldRowPanel([FieldPanel("max_photos"), FieldPanel("max_photo_mb")]),
                            FieldRowPanel([FieldPanel("max_video_mb"), FieldPanel("max_video_minutes")]),
                            FieldRowPanel([FieldPanel("max_evidence_files"), FieldPanel("max_evidence_mb")]),
                        ],
                        heading=_("Giới hạn tệp"),
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("allowed_report_types"),
                            FieldPanel("allowed_photo_types"),
                            FieldPanel("allowed_video_types"),
                            FieldPanel("allowed_evidence_types"),
                        ],
                        heading=_("Định dạng được phép"),
                    ),
                ],
                heading=_("Hồ sơ và tệp"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "fields",
                        panels=[FieldPanel("name"), FieldPanel("code"), FieldPanel("order")],
                        label=_("lĩnh vực"),
                        heading=_("Lĩnh vực"),
                        help_text=_(
                            "Để trống khi tạo mới: hệ thống thêm bốn lĩnh vực chuẩn "
                            "(Kinh tế; Văn hóa – xã hội; Quốc phòng – an ninh; Xây dựng hệ thống chính trị)."
                        ),
                    ),
                    InlinePanel(
                        "rounds",
                        panels=[
                            FieldPanel("name"),
                            FieldPanel("kind"),
                            FieldPanel("order"),
                            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                        ],
                        label=_("vòng thi"),
                        heading=_("Vòng thi"),
                        help_text=_("Để trống khi tạo mới: hệ thống thêm một vòng chấm."),
                    ),
                ],
                heading=_("Lĩnh vực và vòng thi"),
            ),
        ],
        base_form_class=ContestForm,
    )
