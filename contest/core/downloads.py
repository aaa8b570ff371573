"""Handing private files out: the Content-Disposition every download uses, and the response
that streams a dossier's attachment or a certificate to someone already allowed to see it."""

import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404

# Even a file that slipped past validation cannot run script in our origin: every file, PDFs
# shown inline included (Chromium's PDF viewer opens a sandboxed PDF; "Tải về" is there otherwise).
STRICT_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"


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


def private_file_response(fieldfile, *, content_type, filename, inline):
    """Stream a private file (a dossier attachment, a certificate) to someone already allowed to
    see it: never cached, never sniffed, never able to run script in our origin."""
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
