"""Back-office page "Nhập/xuất điểm chấm": per round, download every jury sheet (or an empty
template, one row per assignment) as Excel/CSV, and import paper score sheets typed into that
layout.

The import has the two steps of the unit import (contest/backoffice/imports.py): upload →
preview (a dry run showing new sheets, changed values and unchanged rows, or every error by line
and column) → confirm (checked again and written all-or-nothing by
contest/services/paper_import.py). Between the steps the file waits server-side under a
session-bound token (contest.spreadsheets.importing.stash_upload).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from contest.core.backoffice.sections import RoundIndexPage, count_per_round, register_section
from contest.core.errors import DomainError
from contest.core.http import permission_denied, recorded_ip
from contest.core.models import Round
from contest.judging import score_files
from contest.judging.enums import SheetKind
from contest.judging.models import Assignment, ScoreSheet
from contest.judging.services import paper_import
from contest.spreadsheets import importing, writer
from contest.spreadsheets.backoffice.imports import PREVIEW_LIMIT, UploadForm

EXPORT_PERMISSION = "scores.export"
IMPORT_PERMISSION = "scores.import"
FORMATS = writer.FORMATS
TITLE = gettext_lazy("Nhập/xuất điểm chấm")


def _pending_kind(round):
    """The key under which a previewed file waits; bound to the round, so a token cannot be
    confirmed on another round's page."""
    return importing.ImportKind(
        slug=f"diem-cham-{round.pk}",
        resource_class=None,
        title=TITLE,
        noun=gettext_lazy("phiếu chấm"),
        filename=f"diem-cham-vong-{round.pk}",
    )


class _Access:
    """A real 403 for those without the permission (Wagtail would bounce to the dashboard)."""

    permission = EXPORT_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            return permission_denied(request)
        if "pk" in kwargs:
            self.round = get_object_or_404(Round.objects.select_related("contest"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class IndexView(RoundIndexPage):
    header_icon = "table"
    title = TITLE
    intro = gettext_lazy(
        "Chọn một vòng thi để tải phiếu chấm ra Excel/CSV, tải mẫu nhập phiếu giấy, hoặc nhập điểm từ phiếu chấm giấy."
    )
    view_permission = EXPORT_PERMISSION
    round_url_name = "contest_scores:round"
    columns = (
        (gettext_lazy("Lượt chấm đã phân công"), "n_assignments"),
        (gettext_lazy("Phiếu chấm"), "n_sheets"),
        (gettext_lazy("Trong đó nhập từ phiếu giấy"), "n_paper"),
    )

    def counts(self):
        return {
            "n_assignments": count_per_round(Assignment),
            "n_sheets": count_per_round(ScoreSheet, kind=SheetKind.JURY),
            "n_paper": count_per_round(ScoreSheet, kind=SheetKind.JURY, from_paper=True),
        }


class RoundView(_Access, WagtailAdminTemplateMixin, TemplateView):
    template_name = "contest/judging/backoffice/scores/round.html"
    header_icon = "table"
    page_title = TITLE

    def get_page_subtitle(self):
        return str(self.round)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("contest_scores:index"), "label": TITLE},
            {"url": "", "label": str(self.round)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        layout = paper_import.build_layout(self.round)
        context.update(
            round=self.round,
            layout=layout,
            can_import=self.request.user.has_perm(IMPORT_PERMISSION),
            preview_limit=PREVIEW_LIMIT,
            informational=paper_import.INFORMATIONAL,
        )
        context.setdefault("form", UploadForm())
        return context


class ImportView(RoundView):
    """POST a file: preview it (nothing saved) and keep it for the confirmation."""

    permission = IMPORT_PERMISSION
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        return redirect("contest_scores:round", self.round.pk)

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            dataset = importing.read_table(content, upload.name)
            report = paper_import.import_scores(
                round=self.round, dataset=dataset, by=request.user, filename=upload.name, dry_run=True
            )
        except DomainError as error:
            form.add_error("file", error.message)
            return self.render_to_response(self.get_context_data(form=form))
        token = None
        if report.ok:
            token = importing.stash_upload(request.session, _pending_kind(self.round), upload.name, content)
        return self.render_to_response(self.get_context_data(report=report, token=token, filename=upload.name))


class ConfirmView(RoundView):
    permission = IMPORT_PERMISSION
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        token = request.POST.get("token", "")
        back = reverse("contest_scores:round", args=[self.round.pk])
        if "cancel" in request.POST:
            importing.discard_upload(request.session, token)
            messages.success(request, _("Đã hủy; không có điểm nào được nhập."))
            return redirect(back)
        try:
            filename, content = importing.take_upload(request.session, _pending_kind(self.round), token)
            dataset = importing.read_table(content, filename)
            report = paper_import.import_scores(
                round=self.round,
                dataset=dataset,
                by=request.user,
                filename=filename,
                ip=recorded_ip(request),
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(back)
        if not report.ok:
            # The sheets changed since the preview (a judge submitted meanwhile): nothing was saved.
            return self.render_to_response(self.get_context_data(report=report, filename=filename, confirm_failed=True))
        messages.success(
            request,
            _("Đã nhập tệp «%(file)s»: %(new)s phiếu mới, %(changed)s phiếu cập nhật, %(unchanged)s không đổi.")
            % {"file": filename, "new": report.new, "changed": report.changed, "unchanged": report.unchanged},
        )
        return redirect(back)


def _file_response(round, fmt, *, template):
    if fmt not in FORMATS:
        raise Http404
    if template:
        headers, rows = score_files.template_rows(round)
        stem = f"mau-phieu-cham-vong-{round.pk}"
    else:
        headers, rows = score_files.export_rows(round, numbers_as_text=fmt == "csv")
        stem = f"diem-cham-vong-{round.pk}-{timezone.localdate():%Y%m%d}"
    return writer.sheet_download(fmt, writer.Sheet(_("Phiếu chấm"), headers, rows), filename=stem)


class ExportView(_Access, View):
    def get(self, request, *args, fmt, **kwargs):
        return _file_response(self.round, fmt, template=False)


class TemplateDownloadView(_Access, View):
    def get(self, request, *args, fmt, **kwargs):
        return _file_response(self.round, fmt, template=True)


urlpatterns = [
    path("", IndexView.as_view(), name="index"),
    path("<int:pk>/", RoundView.as_view(), name="round"),
    path("<int:pk>/xuat.<str:fmt>", ExportView.as_view(), name="export"),
    path("<int:pk>/mau.<str:fmt>", TemplateDownloadView.as_view(), name="template"),
    path("<int:pk>/nhap/", ImportView.as_view(), name="import"),
    path("<int:pk>/nhap/xac-nhan/", ConfirmView.as_view(), name="confirm"),
]


register_section(
    prefix="diem-cham/",
    namespace="contest_scores",
    urlpatterns=urlpatterns,
    menu_label=TITLE,
    icon="table",
    order=58,
    permissions=(EXPORT_PERMISSION, IMPORT_PERMISSION),
)
