"""The visitor's address, one rule for the whole app; and the page a rate-limited visitor sees.

Every address the app counts or records — django-axes' login lockout, django-ratelimit's counters,
the audit trail, score sheets — comes from :func:`client_ip`. Nothing else reads ``REMOTE_ADDR``
(tests/core/test_client_address.py checks the source for it).

Counters live in the default cache, which production shares between workers (docs/operations.md).
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.shortcuts import render

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
