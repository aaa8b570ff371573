"""Streaming private dossier files to those allowed to see them, and to no one else."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from contest.models import Attachment

# Browsers may show these inline; anything else is always downloaded.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp", "video/mp4", "video/webm"}


def _allowed_attachment(request, attachment_id):
    attachment = get_object_or_404(Attachment.objects.select_related("entry", "entry__unit"), pk=attachment_id)
    # 404 rather than 403: an outsider learns nothing, not even that the file exists.
    if not request.user.has_perm("files.download_attachment", attachment):
        raise Http404
    return attachment


def _stream(fieldfile, *, content_type, filename, inline):
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    # Even a file that slipped past validation cannot run script in our origin.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment_file(request, attachment_id):
    attachment = _allowed_attachment(request, attachment_id)
    return _stream(
        attachment.file,
        content_type=attachment.content_type,
        filename=attachment.original_name,
        inline=attachment.content_type in INLINE_TYPES and request.GET.get("tai") is None,
    )


@login_required
def attachment_thumbnail(request, attachment_id):
    attachment = _allowed_attachment(request, attachment_id)
    if not attachment.thumbnail:
        raise Http404
    return _stream(attachment.thumbnail, content_type="image/jpeg", filename="thumbnail.jpg", inline=True)
