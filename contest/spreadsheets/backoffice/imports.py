"""Back-office pages to import units and unit accounts from Excel/CSV, and to download the
templates and the current data ("Nhập / xuất dữ liệu" in the Wagtail menu).

Two steps: upload → preview (a dry run, nothing saved) → confirm (the real import, all or
nothing, checked again). Between the steps the file waits server-side under a random token bound
to the session; the browser only ever sends the token back. The work is in contest/importing.py.
"""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from contest.core.http import permission_denied
from contest.spreadsheets import importing
from contest.spreadsheets.tabular import ImportFileError

PERMISSION = "review.import_units"
PREVIEW_LIMIT = 500
FORMATS = ("xlsx", "csv")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx) hoặc CSV (UTF-8)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": importing.MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class ImportAccessMixin:
    """Resolves the kind from the URL and lets only holders of ``review.import_units`` in."""

    def dispatch(self, request, *args, kind, **kwargs):
        self.kind = importing.KINDS.get(kind)
        if self.kind is None:
            raise Http404
        if not request.user.has_perm(PERMISSION):
            # A real 403: Wagtail would turn PermissionDenied into a redirect to the dashboard.
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class ImportPageMixin(ImportAccessMixin, WagtailAdminTemplateMixin):
    template_name = "contest/spreadsheets/backoffice/import.html"
    header_icon = "upload"

    def get_page_title(self):
        return self.kind.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": "", "label": _("Nhập / xuất dữ liệu")},
            {"url": "", "label": self.kind.title},
        ]

    def render_page(self, form, **context):
        resource_class = self.kind.resource_class
        columns = [
            (c, c in resource_class.required_columns, resource_class.column_help.get(c, ""))
            for c in resource_class.columns()
        ]
        context = self.get_context_data(
            form=form, kind=self.kind, columns=columns, preview_limit=PREVIEW_LIMIT, **context
        )
        if self.kind.slug == "tai-khoan":
            context["awaiting_password"] = importing.accounts_awaiting_password().count()
        return self.render_to_response(context)


class ImportView(ImportPageMixin, View):
    def get(self, request):
        return self.render_page(UploadForm())

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form)
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            dataset = importing.read_table(content, upload.name)
        except ImportFileError as error:
            form.add_error("file", error.message)
            return self.render_page(form)
        report = importing.run_import(self.kind, dataset, dry_run=True, by=request.user)
        token = importing.stash_upload(request.session, self.kind, upload.name, content) if report.ok else None
        return self.render_page(UploadForm(), report=report, token=token, filename=upload.name)


class ConfirmView(ImportPageMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        token = request.POST.get("token", "")
        back = reverse("contest_imports:import", args=[self.kind.slug])
        if "cancel" in request.POST:
            importing.discard_upload(request.session, token)
            messages.success(request, _("Đã hủy; không có dữ liệu nào được nhập."))
            return redirect(back)
        try:
            filename, content = importing.take_upload(request.session, self.kind, token)
            dataset = importing.read_table(content, filename)
        except ImportFileError as error:
            messages.error(request, error.message)
            return redirect(back)
        report = importing.run_import(self.kind, dataset, dry_run=False, by=request.user)
        if not report.ok:
            # The data changed since the preview (another import, an edit): nothing was saved.
            return self.render_page(UploadForm(), report=report, filename=filename, confirm_failed=True)
        message = _("Đã nhập tệp «%(file)s»: %(new)s %(noun)s mới, %(updated)s cập nhật, %(unchanged)s không đổi.") % {
            "file": filename,
            "new": report.new,
            "noun": self.kind.noun,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }
        if report.invitations:
            message += " " + _("Đang gửi thư mời đặt mật khẩu đến %(n)s tài khoản.") % {"n": report.invitations}
        messages.success(request, message)
        return redirect(back)


class ResendInvitationsView(ImportAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        if self.kind.slug != "tai-khoan":
            raise Http404
        count = importing.resend_invitations()
        messages.success(request, _("Đang gửi lại thư mời đến %(n)s tài khoản chưa đặt mật khẩu.") % {"n": count})
        return redirect("contest_imports:import", self.kind.slug)


def _download(download):
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


class TemplateDownloadView(ImportAccessMixin, View):
    def get(self, request):
        fmt = request.GET.get("dinh_dang", "xlsx")
        return _download(importing.template_file(self.kind, fmt if fmt in FORMATS else "xlsx"))


class ExportView(ImportAccessMixin, View):
    def get(self, request):
        fmt = request.GET.get("dinh_dang", "xlsx")
        return _download(importing.export_file(self.kind, fmt if fmt in FORMATS else "xlsx"))


urlpatterns = [
    path("<slug:kind>/", ImportView.as_view(), name="import"),
    path("<slug:kind>/xac-nhan/", ConfirmView.as_view(), name="confirm"),
    path("<slug:kind>/mau/", TemplateDownloadView.as_view(), name="template"),
    path("<slug:kind>/tai-excel/", ExportView.as_view(), name="export"),
    path("<slug:kind>/gui-lai-thu-moi/", ResendInvitationsView.as_view(), name="resend"),
]


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("nhap-xuat/", include((urlpatterns, "contest_imports"), namespace="contest_imports"))]


class PermissionMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def register_import_menu():
    items = [
        PermissionMenuItem(
            kind.title,
            reverse("contest_imports:import", args=[kind.slug]),
            name=f"nhap-{kind.slug}",
            icon_name="upload",
            order=index,
        )
        for index, kind in enumerate(importing.KINDS.values())
    ]
    return SubmenuMenuItem(
        gettext_lazy("Nhập / xuất dữ liệu"), Menu(items=items), name="nhap-xuat", icon_name="table", order=900
    )
