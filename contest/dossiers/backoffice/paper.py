"""Paper dossiers: the secretariat enters a unit's dossier handed in on paper ("nhập hồ sơ giấy thay
đơn vị").

Same form, same services, same history as the unit's own portal (contest/dossiers/views/portal.py,
contest/dossiers/services/entries.py); the dossier is marked as entered by the secretariat with the
day the paper arrived, and that day is what the deadline is checked against. Then the scans are
attached and the dossier is recorded as submitted, and it goes through the usual review.
"""

import uuid

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from contest.core.errors import DomainError
from contest.core.forms import DateField
from contest.core.models import Contest, Unit
from contest.dossiers.enums import AttachmentKind, EntryState
from contest.dossiers.form_page import dossier_form_page
from contest.dossiers.forms import AttachmentForm
from contest.dossiers.models import Entry
from contest.dossiers.services import entries as entry_services
from contest.dossiers.services.attachments import add_attachment, remove_attachment
from contest.dossiers.services.deadlines import effective_deadline

ENTER = "review.enter_paper_entry"
EDIT = "review.edit_paper_entry"
FORM_TEMPLATE = "contest/dossiers/backoffice/paper_form.html"


class ReceiptDateForm(forms.Form):
    """The paper's receipt date, typed as dd/mm/yyyy (never a browser date picker)."""

    paper_received_on = DateField(
        label=gettext_lazy("Ngày nhận hồ sơ giấy"),
        help_text=gettext_lazy("Ngày Tổ Thư ký nhận bản giấy, ví dụ 28/08/2026. Hạn nộp được xét theo ngày này."),
        error_messages={
            "required": gettext_lazy("Hãy ghi ngày nhận hồ sơ giấy (dd/mm/yyyy)."),
        },
    )


class TargetForm(forms.Form):
    """Step 1: whose dossier, in which contest."""

    contest = forms.ModelChoiceField(
        label=gettext_lazy("Cuộc thi"), queryset=Contest.objects.all(), empty_label=gettext_lazy("— Chọn cuộc thi —")
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Đơn vị nộp hồ sơ"),
        queryset=Unit.objects.none(),
        empty_label=gettext_lazy("— Chọn đơn vị —"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=Unit.objects.valid_on().values("pk")).order_by(
            "order", "name"
        )


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _refused(request):
    # A plain 403 page, as the review page does: Wagtail would bounce to the dashboard silently.
    return render(request, "403.html", status=403)


def _paper_entry(request, pk):
    entry = get_object_or_404(Entry.objects.select_related("contest", "unit", "field"), pk=pk)
    return entry if request.user.has_perm(EDIT, entry) else None


def _page(title, entry=None):
    crumbs = [{"url": reverse("entries:index"), "label": _("Hồ sơ dự thi")}]
    if entry is not None:
        crumbs.append({"url": reverse("entries:paper", args=[entry.pk]), "label": entry.title})
    crumbs.append({"url": "", "label": title})
    return {"page_title": title, "header_icon": "doc-full", "breadcrumbs_items": crumbs}


def create(request):
    if not request.user.has_perm(ENTER):
        return _refused(request)
    target = TargetForm(request.GET or None)
    if not target.is_valid():
        return render(
            request,
            "contest/dossiers/backoffice/paper_start.html",
            {"target": target, **_page(_("Nhập hồ sơ giấy thay đơn vị"))},
        )
    contest, unit = target.cleaned_data["contest"], target.cleaned_data["unit"]
    receipt = ReceiptDateForm(request.POST or None)

    def save(data, members, indicators):
        return entry_services.create_entry(
            contest=contest,
            unit=unit,
            by=request.user,
            data=data,
            members=members,
            indicators=indicators,
            token=data.get("form_token"),
            received_on=receipt.cleaned_data["paper_received_on"],
        )

    return dossier_form_page(
        request,
        contest=contest,
        unit=unit,
        entry=None,
        save=save,
        success_message=_("Đã lưu hồ sơ giấy (bản nháp). Hãy đính kèm bản chụp các tệp rồi ghi nhận đã nộp."),
        template=FORM_TEMPLATE,
        success_url=lambda saved: reverse("entries:paper", args=[saved.pk]),
        extra_form=receipt,
        context=_page(_("Nhập hồ sơ giấy thay đơn vị")),
    )


def edit(request, pk):
    entry = _paper_entry(request, pk)
    if entry is None:
        return _refused(request)
    if not entry.is_editable_state:
        messages.error(
            request, _("Hồ sơ đang ở trạng thái “%(state)s”, không thể sửa.") % {"state": entry.get_state_display()}
        )
        return redirect("entries:paper", pk=entry.pk)
    receipt = ReceiptDateForm(request.POST or None, initial={"paper_received_on": entry.paper_received_on})

    def save(data, members, indicators):
        return entry_services.update_entry(
            entry=entry,
            by=request.user,
            data=data,
            members=members,
            indicators=indicators,
            received_on=receipt.cleaned_data["paper_received_on"],
        )

    return dossier_form_page(
        request,
        contest=entry.contest,
        unit=entry.unit,
        entry=entry,
        save=save,
        success_message=_("Đã lưu thay đổi."),
        template=FORM_TEMPLATE,
        success_url=lambda saved: reverse("entries:paper", args=[saved.pk]),
        extra_form=receipt,
        context=_page(_("Sửa hồ sơ giấy"), entry),
    )


def detail(request, pk):
    entry = _paper_entry(request, pk)
    if entry is None:
        return _refused(request)
    attachments = list(entry.attachments.all())
    editable = entry.is_editable_state
    return render(
        request,
        "contest/dossiers/backoffice/paper_entry.html",
        {
            "entry": entry,
            "photos": [a for a in attachments if a.kind == AttachmentKind.PHOTO],
            "documents": [a for a in attachments if a.kind != AttachmentKind.PHOTO],
            "events": list(entry.events.select_related("actor")),
            "editable": editable,
            "missing": entry_services.missing_items(entry) if editable else [],
            "problems": entry_services.eligibility_problems(entry) if editable else [],
            "deadline": effective_deadline(contest=entry.contest, unit=entry.unit),
            "upload_form": AttachmentForm(),
            "awaiting_review": entry.state in EntryState.awaiting_review(),
            **_page(_("Hồ sơ giấy"), None),
            "page_subtitle": entry.title,
        },
    )


def _act(request, pk, action):
    entry = _paper_entry(request, pk)
    if entry is None:
        return _refused(request)
    try:
        message = action(entry)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
        current = Entry.objects.filter(pk=pk).first()
        if current is None:
            return redirect("entries:index")
        if current.state in EntryState.awaiting_review():
            return redirect("entries:review", pk=pk)
    return redirect("entries:paper", pk=pk)


@require_POST
def upload(request, pk):
    def action(entry):
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            raise DomainError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        attachment = add_attachment(
            entry=entry,
            kind=form.cleaned_data["kind"],
            uploaded_file=form.cleaned_data["file"],
            caption=form.cleaned_data["caption"],
            by=request.user,
        )
        return _("Đã tải lên “%(name)s”.") % {"name": attachment.original_name}

    return _act(request, pk, action)


@require_POST
def delete_file(request, pk):
    def action(entry):
        attachment = entry.attachments.filter(pk=_uuid(request.POST.get("attachment"))).first()
        if attachment is None:
            raise DomainError(_("Không tìm thấy tệp này trong hồ sơ (có thể đã bị xóa)."))
        remove_attachment(attachment=attachment, by=request.user)
        return _("Đã xóa tệp “%(name)s”.") % {"name": attachment.original_name}

    return _act(request, pk, action)


@require_POST
def submit(request, pk):
    def action(entry):
        entry = entry_services.submit_entry(entry=entry, by=request.user)
        return _("Đã ghi nhận hồ sơ giấy “%(title)s” đã nộp. Mã biên nhận: %(code)s. Hồ sơ chờ xét như mọi hồ sơ.") % {
            "title": entry.title,
            "code": entry.receipt_code,
        }

    return _act(request, pk, action)


@require_POST
def delete(request, pk):
    def action(entry):
        entry_services.delete_draft(entry=entry, by=request.user)
        return _("Đã xóa bản nháp “%(title)s”.") % {"title": entry.title}

    return _act(request, pk, action)
