"""Whole-page caching of the public site for anonymous visitors.

Every cached page's key carries a *generation* number kept in the cache; whatever changes what the
public sees (a page published, unpublished, moved or deleted, a result published or invalidated, a
certificate revoked, a contest edited) bumps the generation, and every cached page is a miss from
then on. Old entries simply expire.

Only anonymous GET requests without a session or pending messages are cached, so no page holding a
user's name, a CSRF token or a flash message is ever shared. With the per-process memory cache
(no CACHE_URL) each gunicorn worker keeps its own copy and sees another worker's bump only after
CMS_CACHE_SECONDS; production sets CACHE_URL to a shared cache (docs/operations.md).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "cms:generation"
# The portal's identity in the header has its own generation: publishing a page leaves it alone.
IDENTITY_GENERATION_KEY = "cms:identity-generation"


def generation(key=GENERATION_KEY) -> int:
    value = cache.get(key)
    if value is None:
        cache.add(key, 1, timeout=None)
        value = cache.get(key, 1)
    return value


def _incr(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def bump(**_signal_kwargs):
    """Make every cached public page stale (a signal receiver, hence the keyword arguments)."""
    _incr(GENERATION_KEY)


def bump_identity(**_signal_kwargs):
    """Make the cached header and footer (cms/identity.py) stale, and with them every cached page."""
    _incr(IDENTITY_GENERATION_KEY)
    _incr(GENERATION_KEY)


def cache_seconds() -> int:
    return getattr(settings, "CMS_CACHE_SECONDS", 0)


def is_cacheable(request) -> bool:
    if cache_seconds() <= 0 or request.method not in ("GET", "HEAD"):
        return False
    # A session or a pending flash message makes the page personal. Checked before the user, so
    # that a visitor without a session costs no session lookup.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return not getattr(request, "is_preview", False) and not request.user.is_authenticated


def page_key(request) -> str:
    # The absolute address: pages carry absolute links (canonical, Open Graph) of their host.
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
    return f"cms:page:{generation()}:{get_language()}:{address}"


def _cached(key):
    hit = cache.get(key)
    if hit is None:
        return None
    content, content_type = hit
    response = HttpResponse(content, content_type=content_type)
    patch_vary_headers(response, ["Cookie"])
    return response


class CachedPageMixin:
    """Fill the cache with the page as an anonymous visitor gets it (PageCacheMiddleware serves it)."""

    def serve(self, request, *args, **kwargs):
        if not is_cacheable(request):
            return super().serve(request, *args, **kwargs)
        key = page_key(request)
        response = _cached(key)
        if response is None:
            response = super().serve(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                if hasattr(response, "render"):
                    response.render()
                cache.set(key, (response.content, response["Content-Type"]), cache_seconds())
            patch_vary_headers(response, ["Cookie"])
        return response


class PageCacheMiddleware:
    """Answer an anonymous visitor from the page cache before URL resolution and Wagtail's routing.

    Finding the site and walking the page tree costs several queries per request, an order of
    magnitude more than the cache lookup; a hit skips them. Only addresses that CachedPageMixin
    filled can hit, so nothing but public Wagtail pages is ever served from here. Placed after the
    middleware whose response headers a page needs (security, locale, clickjacking), which still
    run on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_cacheable(request):
            response = _cached(page_key(request))
            if response is not None:
                return response
        return self.get_response(request)
