"""Streaming private dossier files to those allowed to see them, and to no one else."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from contest.core.http import stream_file
from contest.dossiers.models import Attachment
from contest.judging.services import sheets

# Browsers may show these inline; anything else is always downloaded.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp", "video/mp4", "video/webm"}


def _allowed_attachment(request, attachment_id):
    attachment = get_object_or_404(Attachment.objects.select_related("entry", "entry__unit"), pk=attachment_id)
    # 404 rather than 403: an outsider learns nothing, not even that the file exists.
    if not request.user.has_perm("files.download_attachment", attachment):
        raise Http404
    return attachment


def _name_for(user, attachment):
    """The uploaded name, except for a judge of a blind round: a neutral one (it may name the unit)."""
    if user.has_perm("files.see_original_name", attachment):
        return attachment.original_name
    code = sheets.blind_code(judge=user, entry=attachment.entry)
    return attachment.original_name if code is None else sheets.neutral_file_name(attachment, code)


@require_safe
@login_required
def attachment_file(request, attachment_id):
    attachment = _allowed_attachment(request, attachment_id)
    return stream_file(
        attachment.file,
        content_type=attachment.content_type,
        filename=_name_for(request.user, attachment),
        inline=attachment.content_type in INLINE_TYPES and request.GET.get("tai") is None,
    )


@require_safe
@login_required
def attachment_thumbnail(request, attachment_id):
    attachment = _allowed_attachment(request, attachment_id)
    if not attachment.thumbnail:
        raise Http404
    return stream_file(attachment.thumbnail, content_type="image/jpeg", filename="thumbnail.jpg", inline=True)
