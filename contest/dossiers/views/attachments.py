"""Uploading and removing dossier files from the unit portal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest.core.errors import DomainError
from contest.dossiers.forms import AttachmentForm
from contest.dossiers.services.attachments import add_attachment, remove_attachment
from contest.dossiers.views.access import own_entry


@login_required
@require_POST
def upload(request, pk):
    entry = own_entry(request, pk, for_update=True)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("portal:entry-detail", pk=entry.pk)
    try:
        attachment = add_attachment(
            entry=entry,
            kind=form.cleaned_data["kind"],
            uploaded_file=form.cleaned_data["file"],
            caption=form.cleaned_data["caption"],
            by=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã tải lên “%(name)s”.") % {"name": attachment.original_name})
    return redirect("portal:entry-detail", pk=entry.pk)


@login_required
@require_POST
def delete(request, pk, attachment_id):
    entry = own_entry(request, pk, for_update=True)
    attachment = get_object_or_404(entry.attachments, pk=attachment_id)
    try:
        remove_attachment(attachment=attachment, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": attachment.original_name})
    return redirect("portal:entry-detail", pk=entry.pk)
