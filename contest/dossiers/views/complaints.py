"""The unit portal's complaints and re-marking requests (phúc khảo) about its own entries: the form,
the complaint's page with its receipt number, due date and answer, and the Phiếu trả lời.

The rules (window, own entry, files, double posts) are in contest/notices/services/complaints.py;
another unit's entry or complaint is a 404 here, never data."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from contest.core.errors import DomainError
from contest.core.http import recorded_ip
from contest.dossiers.views.access import own_entry, representative_unit
from contest.notices import documents
from contest.notices.forms import ComplaintForm
from contest.notices.models import Complaint
from contest.notices.services import complaints as complaint_services


def _notice_of(entry):
    notice = complaint_services.notices_for(entry).first()
    if notice is None:
        raise Http404(_("Hồ sơ này không có trong danh sách dự kiến nào đang lấy ý kiến."))
    return notice


@login_required
def complaint_new(request, pk):
    entry = own_entry(request, pk)
    notice = _notice_of(entry)
    refusal = complaint_services.window_refusal(notice)
    context = {"entry": entry, "notice": notice, "round": notice.round, "refusal": refusal}
    if request.method == "POST" and not refusal:
        form = ComplaintForm(request.POST)
        if form.is_valid():
            try:
                complaint = complaint_services.file_complaint(
                    notice=notice,
                    entry=entry,
                    kind=form.cleaned_data["kind"],
                    grounds=form.cleaned_data["grounds"],
                    files=request.FILES.getlist("files"),
                    form_token=form.cleaned_data["form_token"],
                    by=request.user,
                    ip=recorded_ip(request),
                )
            except DomainError as error:
                if error.field and error.field in form.fields:
                    form.add_error(error.field, str(error.message))
                else:
                    context["error"] = str(error.message)
            else:
                messages.success(
                    request,
                    _("Đã tiếp nhận đơn số %(number)s; Ban Tổ chức trả lời chậm nhất ngày %(due)s.")
                    % {"number": complaint.number, "due": f"{complaint.due_on:%d/%m/%Y}"},
                )
                return redirect("portal:complaint-detail", pk=complaint.pk)
        context["form"] = form
        return render(request, "contest/notices/portal/complaint_form.html", context, status=400)
    context["form"] = ComplaintForm(initial={"form_token": uuid.uuid4()})
    return render(request, "contest/notices/portal/complaint_form.html", context)


def _own_complaint(request, pk):
    representative_unit(request)
    complaint = get_object_or_404(
        Complaint.objects.select_related("entry__unit", "entry__contest", "notice__round__contest"), pk=pk
    )
    if not request.user.has_perm("notices.view_complaint", complaint):
        raise Http404
    return complaint


@login_required
def complaint_detail(request, pk):
    complaint = _own_complaint(request, pk)
    return render(
        request,
        "contest/notices/portal/complaint_detail.html",
        {"complaint": complaint, "entry": complaint.entry, "files": list(complaint.files.all())},
    )


@login_required
def complaint_answer(request, pk):
    complaint = _own_complaint(request, pk)
    if complaint.is_pending:
        raise Http404(_("Đơn này chưa được trả lời."))
    response = HttpResponse(documents.answer_pdf(complaint), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="phieu-tra-loi-{complaint.number.lower()}.pdf"'
    return response
