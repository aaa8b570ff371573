"""The unit portal: a unit representative's entries, dossier editing and submission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest.certificates.services.listing import certificates_of
from contest.core.errors import DomainError
from contest.core.models import Contest
from contest.dossiers import receipt
from contest.dossiers.enums import AttachmentKind, EntryState
from contest.dossiers.exports import entries_sheet
from contest.dossiers.form_page import dossier_form_page
from contest.dossiers.forms import AttachmentForm
from contest.dossiers.models import Entry, EntryEvent
from contest.dossiers.services import entries as entry_services
from contest.dossiers.services.deadlines import effective_deadline
from contest.dossiers.unit_listing import unit_listing
from contest.dossiers.views.access import own_entry, representative_unit
from contest.notices.services import complaints as complaint_services
from contest.spreadsheets import writer


@login_required
def home(request):
    unit = representative_unit(request)
    now = timezone.now()
    used = dict(
        Entry.objects.filter(unit=unit)
        .exclude(state=EntryState.REJECTED)
        .order_by()
        .values_list("contest")
        .annotate(n=Count("id"))
        .values_list("contest", "n")
    )
    open_contests = []
    for contest in Contest.objects.filter(registration_opens__lte=now).order_by("submission_deadline"):
        deadline = effective_deadline(contest=contest, unit=unit)
        if now > deadline and now > contest.last_registration_moment:
            continue
        # "2/3 hồ sơ", and why "Tạo hồ sơ mới" is not offered when it is not.
        contest.used = used.get(contest.pk, 0)
        contest.refusal = entry_services.creation_refusal(
            contest=contest, unit=unit, used=contest.used, now=now, deadline=deadline
        )
        open_contests.append(contest)
    return render(
        request,
        "contest/dossiers/portal/home.html",
        {
            "unit": unit,
            "listing": unit_listing(unit, request.GET),
            "open_contests": open_contests,
        },
    )


@login_required
def export_entries(request):
    unit = representative_unit(request)
    entries = Entry.objects.filter(unit=unit).select_related("contest", "field", "unit")
    return writer.sheet_download("xlsx", entries_sheet(entries), filename=f"ho-so-{unit.code}")


@login_required
def entry_create(request, contest_id):
    unit = representative_unit(request)
    contest = get_object_or_404(Contest, pk=contest_id)
    if request.method == "GET":
        used = entry_services.entries_counted_for_quota(contest=contest, unit=unit)
        refusal = entry_services.creation_refusal(contest=contest, unit=unit, used=used)
        if refusal:
            messages.error(request, refusal)
            return redirect("portal:home")

    def save(data, members, indicators):
        return entry_services.create_entry(
            contest=contest,
            unit=unit,
            by=request.user,
            data=data,
            members=members,
            indicators=indicators,
            token=data.get("form_token"),
        )

    return dossier_form_page(
        request,
        contest=contest,
        unit=unit,
        entry=None,
        save=save,
        success_message=_("Đã lưu bản nháp. Hãy tải lên các tệp đính kèm rồi nộp hồ sơ."),
    )


@login_required
def entry_edit(request, pk):
    entry = own_entry(request, pk, for_update=True)
    if not entry.is_editable_state:
        messages.error(
            request, _("Hồ sơ đang ở trạng thái “%(state)s”, không thể sửa.") % {"state": entry.get_state_display()}
        )
        return redirect("portal:entry-detail", pk=entry.pk)

    def save(data, members, indicators):
        return entry_services.update_entry(
            entry=entry, by=request.user, data=data, members=members, indicators=indicators
        )

    return dossier_form_page(
        request,
        contest=entry.contest,
        unit=entry.unit,
        entry=entry,
        save=save,
        success_message=_("Đã lưu thay đổi."),
    )


@login_required
def entry_detail(request, pk):
    entry = own_entry(request, pk)
    attachments = list(entry.attachments.all())
    events = EntryEvent.objects.filter(entry=entry).select_related("actor")
    editable = entry.is_editable_state
    deadline = effective_deadline(contest=entry.contest, unit=entry.unit)
    return render(
        request,
        "contest/dossiers/portal/entry_detail.html",
        {
            "entry": entry,
            "photos": [a for a in attachments if a.kind == AttachmentKind.PHOTO],
            "documents": [a for a in attachments if a.kind != AttachmentKind.PHOTO],
            "events": events,
            "members": entry.members.all(),
            "indicators": list(entry.indicators.all()),
            "editable": editable and timezone.now() <= deadline,
            "deadline": deadline,
            "missing": entry_services.missing_items(entry) if editable else [],
            "problems": entry_services.eligibility_problems(entry) if editable else [],
            "upload_form": AttachmentForm(),
            "last_return": events.filter(to_state=EntryState.RETURNED).last(),
            "certificates": certificates_of(entry),
            **complaint_services.portal_summary(entry),
            "unchanged_since_return": entry.state == EntryState.RETURNED
            and not entry_services.changed_since_return(entry),
        },
    )


@login_required
def entry_confirm(request, pk):
    """The unit reads its dossier once more, as it will be sent, before it submits."""
    entry = own_entry(request, pk, for_update=True)
    editable = entry.is_editable_state
    deadline = effective_deadline(contest=entry.contest, unit=entry.unit)
    if not editable or timezone.now() > deadline:
        return redirect("portal:entry-detail", pk=entry.pk)
    attachments = list(entry.attachments.all())
    missing = entry_services.missing_items(entry)
    problems = entry_services.eligibility_problems(entry)
    unchanged = entry.state == EntryState.RETURNED and not entry_services.changed_since_return(entry)
    return render(
        request,
        "contest/dossiers/portal/confirm.html",
        {
            "entry": entry,
            "attachments": attachments,
            "members": entry.members.all(),
            "indicators": list(entry.indicators.all()),
            "deadline": deadline,
            "missing": missing,
            "problems": problems,
            "unchanged_since_return": unchanged,
            "can_submit": not (missing or problems or unchanged),
        },
    )


@login_required
@require_POST
def entry_submit(request, pk):
    entry = own_entry(request, pk, for_update=True)
    try:
        entry = entry_services.submit_entry(entry=entry, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("portal:entry-detail", pk=entry.pk)
    messages.success(
        request,
        _("Đã nộp hồ sơ. Mã biên nhận: %(code)s. Tải giấy biên nhận (PDF) ở cuối trang hồ sơ.")
        % {"code": entry.receipt_code},
    )
    return redirect("portal:entry-detail", pk=entry.pk)


@login_required
@require_POST
def entry_delete(request, pk):
    entry = own_entry(request, pk, for_update=True)
    try:
        entry_services.delete_draft(entry=entry, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("portal:entry-detail", pk=entry.pk)
    messages.success(request, _("Đã xóa bản nháp “%(title)s”.") % {"title": entry.title})
    return redirect("portal:home")


@login_required
def entry_receipt(request, pk):
    """The Giấy biên nhận hồ sơ as a PDF to download, print and file (contest/dossiers/receipt.py)."""
    entry = own_entry(request, pk)
    if not entry.receipt_code:
        raise Http404
    content = receipt.receipt_pdf(entry)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipt.receipt_filename(entry)}"'
    return response
