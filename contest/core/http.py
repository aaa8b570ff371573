"""HTTP helpers every face of the app shares (the site, the portal, the back office): the visitor's
address, one rule for the whole app; the 403 and 429 pages; streaming a private file.

Every address the app counts or records — django-axes' login lockout, django-ratelimit's counters,
the audit trail, score sheets — comes from :func:`client_ip`. Nothing else reads ``REMOTE_ADDR``
(tests/core/test_client_address.py checks the source for it).

Counters live in the default cache, which production shares between workers (docs/operations.md).
"""

import ipaddress
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render

from contest.core import storage

UNKNOWN = "::"


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]):
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _parse(text):
    text = (text or "").strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_trusted_proxy(remote: str) -> bool:
    """A request from one of our own proxies. An empty address means a unix socket, which only a
    process on this machine can open (nginx → gunicorn over ``unix:/run/…``)."""
    if remote == "":
        return True
    address = _parse(remote)
    if address is None:
        return False
    return any(address in network for network in _networks(tuple(settings.CLIENT_IP_TRUSTED_PROXIES)))


def client_ip(request) -> str:
    """The visitor's address, also behind our proxies.

    Each proxy appends the address it saw to X-Forwarded-For, so only the entries appended by our
    own proxies are trustworthy; anything to their left is whatever the client wrote. Walking from
    the right: while the address we have is a trusted proxy (``CLIENT_IP_TRUSTED_PROXIES``, by
    default loopback, where nginx talks to gunicorn) and fewer than ``CLIENT_IP_PROXY_COUNT``
    entries were taken (1 for nginx alone), take the next entry. A request that does not come from
    a trusted proxy did not pass through ours: its header is ignored. An entry that is not an
    address (a misconfigured proxy) stops the walk at the last proxy.
    """
    cached = getattr(request, "_dvk_client_ip", None)
    if cached is not None:
        return cached
    remote = request.META.get("REMOTE_ADDR", "")
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    current = _parse(remote)
    trusted = _is_trusted_proxy(remote)
    for _taken in range(settings.CLIENT_IP_PROXY_COUNT):
        if not trusted or not hops:
            break
        candidate = _parse(hops.pop())
        if candidate is None:
            break
        current = candidate
        trusted = _is_trusted_proxy(str(candidate))
    # Unknown (a unix socket without a forwarded address): such visitors share one counter.
    address = UNKNOWN if current is None else str(current)
    request._dvk_client_ip = address
    return address


def recorded_ip(request) -> str | None:
    """The address to store with a record (audit trail, score sheets); None when unknown."""
    address = client_ip(request)
    return None if address == UNKNOWN else address


def too_many_requests(request, exception=None):
    """RATELIMIT_VIEW: a plain Vietnamese page with status 429 instead of django-ratelimit's 403."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


def permission_denied(request, exception=None):
    """The 403 page (handler403, and the back office's refusals)."""
    return render(request, "403.html", status=403)


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


def stream_file(fieldfile, *, content_type, filename, inline):
    """A stored private file as a download (or inline), with headers that keep it inert: no
    sniffing, a sandboxing CSP, no embedding by other sites, no caching. A missing file is a 404."""
    try:
        handle = storage.open_stream(fieldfile.storage, fieldfile.name)
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=content_type)
    if getattr(handle, "size", None) is not None and "Content-Length" not in response:
        response["Content-Length"] = str(handle.size)  # a bucket's body: not seekable
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = STRICT_CSP
    # Other sites cannot embed the file with the visitor's cookies.
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response
