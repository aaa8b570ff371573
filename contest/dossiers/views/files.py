"""Streaming private dossier files to those allowed to see them, and to no one else."""

import unicodedata
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from contest.dossiers.models import Attachment
from contest.judging.services import sheets
from contest.rules import is_contest_staff, is_member_of_attachment_unit

# Browsers may show these inline; anything else is always downloaded.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp", "video/mp4", "video/webm"}
# Even a file that slipped past validation cannot run script in our origin: every file, PDFs
# shown inline included (Chromium's PDF viewer opens a sandboxed PDF; "Tải về" is there otherwise).
STRICT_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"


def _allowed_attachment(request, attachment_id):
    attachment = get_object_or_404(Attachment.objects.select_related("entry", "entry__unit"), pk=attachment_id)
    # 404 rather than 403: an outsider learns nothing, not even that the file exists.
    if not request.user.has_perm("files.download_attachment", attachment):
        raise Http404
    return attachment


def _name_for(user, attachment):
    """The uploaded name, except for a judge of a blind round: a neutral one (it may name the unit)."""
    if is_member_of_attachment_unit(user, attachment) or is_contest_staff(user):
        return attachment.original_name
    code = sheets.blind_code(judge=user, entry=attachment.entry)
    return attachment.original_name if code is None else sheets.neutral_file_name(attachment, code)


def content_disposition(filename, *, inline):
    """RFC 6266: an ASCII fallback for old clients, then the exact UTF-8 name (Vietnamese)."""
    disposition = "inline" if inline else "attachment"
    fallback = _ascii_name(filename)
    header = f'{disposition}; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def _ascii_name(filename):
    decomposed = unicodedata.normalize("NFD", filename.replace("đ", "d").replace("Đ", "D"))
    ascii_only = decomposed.encode("ascii", "ignore").decode()
    cleaned = "".join(c if c.isprintable() and c not in '"\\' else "_" for c in ascii_only).strip()
    return cleaned or "tep"


def _stream(fieldfile, *, content_type, filename, inline):
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = STRICT_CSP
    # Other sites cannot embed the file with the visitor's cookies.
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@login_required
def attachment_file(request, attachment_id):
    attachment = _allowed_attachment(request, attachment_id)
    return _stream(
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
    return _stream(attachment.thumbnail, content_type="image/jpeg", filename="thumbnail.jpg", inline=True)
