"""Rate limiting of the public pages (django-ratelimit): who is counted, and what they see when limited.

Counters live in the default cache; production needs one shared by every worker (docs/operations.md).
"""

import ipaddress

from django.shortcuts import render

LOOPBACK = ("127.0.0.1", "::1")


def client_ip(request) -> str:
    """The visitor's address, also behind our nginx.

    nginx talks to gunicorn over loopback and appends the address it saw to X-Forwarded-For, so only
    that last entry is trustworthy (earlier ones are whatever the client sent). A request that does
    not come from loopback did not pass through our proxy: its header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote in LOOPBACK and forwarded:
        candidate = forwarded.split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    # Empty over a unix socket: every such visitor then shares one counter (the unspecified address).
    return remote or "::"


def too_many_requests(request, exception=None):
    """RATELIMIT_VIEW: a plain Vietnamese page with status 429 instead of django-ratelimit's 403."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
