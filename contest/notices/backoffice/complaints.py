"""Back-office handling of a complaint or re-marking request (/quan-tri/khieu-nai/<id>/): what the
unit asked and sent, then assign, record the verification, reopen the named sheets for a
re-marking (organisers, through the judging reopen path) and answer with written reasons; the
Phiếu trả lời and the unit's files. The round's complaints are listed on its "Lấy ý kiến, khiếu
nại" page (backoffice/notices.py).

Reading needs ``notices.view_complaint`` (organisers and the secretariat); every POST names an
``action`` and needs ``notices.handle_complaint`` on this complaint; the services check again.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from contest.core.backoffice.sections import register_section
from contest.core.enums import StaffRole
from contest.core.errors import DomainError
from contest.core.http import permission_denied, recorded_ip, stream_file
from contest.core.models import Round, User
from contest.core.text import fold
from contest.notices import documents
from contest.notices.enums import ComplaintKind
from contest.notices.exports import complaints_sheet
from contest.notices.forms import AnswerForm, AssignForm, RemarkingForm, VerificationForm
from contest.notices.models import Complaint, ComplaintFile
from contest.notices.services import complaints as complaint_services
from contest.spreadsheets import writer

VIEW = "notices.view_complaint"
HANDLE = "notices.handle_complaint"


def _complaint(pk):
    return get_object_or_404(
        Complaint.objects.select_related(
            "entry__unit", "notice__round__contest", "filed_by", "assignee", "verified_by", "decided_by"
        ),
        pk=pk,
    )


def _people(complaint):
    """Who may be given the verification: the staff and, for a re-marking, the round's head judge."""
    candidates = (
        User.objects.filter(is_active=True, groups__name__in=StaffRole.values)
        .distinct()
        .order_by("full_name", "username")
    )
    return [user for user in candidates if complaint_services.may_verify(user, complaint)]


def _sheet_choices(complaint):
    return [
        (sheet.pk, f"{sheet.judge.display_name} – {sheet.get_status_display()}")
        for sheet in complaint_services.remarkable_sheets(complaint)
    ]


class ComplaintView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "contest/notices/backoffice/complaint.html"
    header_icon = "info-circle"
    http_method_names = ["get", "post"]

    def get_page_title(self):
        return _("Đơn số %(number)s") % {"number": self.complaint.number}

    def get_page_subtitle(self):
        return str(self.complaint.notice.round)

    def dispatch(self, request, *args, pk, **kwargs):
        self.complaint = _complaint(pk)
        if not request.user.has_perm(VIEW, self.complaint):
            return permission_denied(request)
        if request.method == "POST" and not request.user.has_perm(HANDLE, self.complaint):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        round = self.complaint.notice.round
        return [
            *self.breadcrumbs_items,
            {"url": reverse("contest_notices:index"), "label": _("Lấy ý kiến, khiếu nại")},
            {"url": reverse("contest_notices:round", args=[round.pk]), "label": str(round)},
            {"url": "", "label": self.complaint.number},
        ]

    def post(self, request, *args, **kwargs):
        handler = getattr(self, f"do_{request.POST.get('action', '')}", None)
        if handler is None:
            messages.error(request, _("Thao tác không hợp lệ."))
        else:
            try:
                handler(request)
            except DomainError as error:
                messages.error(request, str(error.message))
        return redirect(request.get_full_path())

    def _invalid(self, form):
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(self.request, _("Chưa đủ thông tin: %(errors)s") % {"errors": errors})

    def do_assign(self, request):
        form = AssignForm(request.POST, people=_people(self.complaint))
        if not form.is_valid():
            return self._invalid(form)
        assignee = get_object_or_404(User, pk=form.cleaned_data["assignee"])
        complaint_services.assign(complaint=self.complaint, assignee=assignee, by=request.user, ip=recorded_ip(request))
        messages.success(request, _("Đã giao %(name)s xác minh đơn.") % {"name": assignee.display_name})

    def do_verify(self, request):
        form = VerificationForm(request.POST)
        if not form.is_valid():
            return self._invalid(form)
        complaint_services.record_verification(
            complaint=self.complaint, verification=form.cleaned_data["verification"], by=request.user,
            ip=recorded_ip(request),
        )  # fmt: skip
        messages.success(request, _("Đã ghi kết quả xác minh."))

    def do_reopen(self, request):
        form = RemarkingForm(request.POST, sheets=_sheet_choices(self.complaint))
        if not form.is_valid():
            return self._invalid(form)
        sheets = complaint_services.reopen_for_remarking(
            complaint=self.complaint,
            sheet_ids=form.cleaned_data["sheets"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            ip=recorded_ip(request),
        )
        messages.warning(
            request,
            _(
                "Đã mở lại %(n)s phiếu chấm; kết quả đã chốt bị hủy. Sau khi giám khảo chấm lại và nộp, "
                "hãy chốt lại kết quả ở trang Kết quả rồi trả lời đơn."
            )
            % {"n": len(sheets)},
        )

    def do_refreeze(self, request):
        snapshot = complaint_services.refreeze_after_remarking(
            complaint=self.complaint, by=request.user, ip=recorded_ip(request)
        )
        messages.success(request, _("Đã chốt lại kết quả: phiên bản %(v)s.") % {"v": snapshot.version})

    def do_answer(self, request):
        form = AnswerForm(request.POST)
        if not form.is_valid():
            return self._invalid(form)
        complaint_services.decide(
            complaint=self.complaint, by=request.user, ip=recorded_ip(request), **form.cleaned_data
        )
        messages.success(request, _("Đã trả lời đơn; đơn vị nhận thư báo và xem Phiếu trả lời trên cổng đơn vị."))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        complaint = self.complaint
        can_handle = self.request.user.has_perm(HANDLE, complaint) and complaint.is_pending
        context.update(
            complaint=complaint,
            round=complaint.notice.round,
            files=list(complaint.files.all()),
            reopened=list(complaint.reopened_sheets.select_related("judge")),
            can_handle=can_handle,
            is_remarking=complaint.kind == ComplaintKind.REMARKING,
            refreeze_ready=complaint_services.refreeze_ready(complaint),
        )
        if can_handle:
            context.update(
                assign_form=AssignForm(people=_people(complaint), initial={"assignee": complaint.assignee_id}),
                verification_form=VerificationForm(initial={"verification": complaint.verification}),
                remarking_form=RemarkingForm(sheets=_sheet_choices(complaint)),
                answer_form=AnswerForm(),
            )
        return context


class ComplaintFileView(View):
    """A complaint's file, streamed to whoever may read the complaint (private storage)."""

    def get(self, request, file_id):
        stored = get_object_or_404(
            ComplaintFile.objects.select_related("complaint__notice__round", "complaint__entry"), pk=file_id
        )
        if not request.user.has_perm(VIEW, stored.complaint):
            return permission_denied(request)
        extension = stored.file.name.rsplit(".", 1)[-1] if "." in stored.file.name else "bin"
        # A unit's evidence: inert like a dossier file (sandboxing policy, no sniffing, no caching).
        return stream_file(
            stored.file,
            content_type=stored.content_type,
            filename=f"don-{stored.complaint_id}-{stored.pk}.{extension}",
            inline=False,
        )


class AnswerView(View):
    """The Phiếu trả lời of an answered complaint."""

    def get(self, request, pk):
        complaint = _complaint(pk)
        if not request.user.has_perm(VIEW, complaint):
            return permission_denied(request)
        if complaint.is_pending:
            raise Http404(_("Đơn này chưa được trả lời."))
        response = HttpResponse(documents.answer_pdf(complaint), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="phieu-tra-loi-{complaint.number.lower()}.pdf"'
        return response


class ExportView(View):
    """The round's complaints as an Excel workbook, for the staff."""

    def get(self, request, round_id):
        if not request.user.has_perm("notices.view"):
            return permission_denied(request)
        round = get_object_or_404(Round, pk=round_id)
        complaints = (
            Complaint.objects.filter(notice__round=round)
            .select_related("entry__unit", "assignee")
            .order_by("filed_at", "id")
        )
        name = slugify(fold(round.name)) or "vong"
        return writer.sheet_download("xlsx", complaints_sheet(complaints), filename=f"khieu-nai-phuc-khao-{name}")


urlpatterns = [
    path("<int:pk>/", ComplaintView.as_view(), name="complaint"),
    path("<int:pk>/phieu-tra-loi.pdf", AnswerView.as_view(), name="answer"),
    path("tep/<int:file_id>/", ComplaintFileView.as_view(), name="file"),
    path("vong/<int:round_id>/tai-excel/", ExportView.as_view(), name="export"),
]

# No menu item: these pages open from a round's "Lấy ý kiến, khiếu nại" page.
register_section(prefix="khieu-nai/", namespace="contest_complaints", urlpatterns=urlpatterns)
