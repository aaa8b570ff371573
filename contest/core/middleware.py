from functools import lru_cache

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin


class VietnameseFirstMiddleware(MiddlewareMixin):
    """Vietnamese unless the user chose otherwise.

    Many officials' browsers and computers are set to English; their Accept-Language header must
    not switch a Vietnamese public service to English. Only an explicit choice (the language
    switcher's cookie) does. Placed before LocaleMiddleware, which would otherwise read the header.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)


class PrivateResponsesMiddleware:
    """``Cache-Control: private, no-store`` on every response to a logged-in user.

    Portal, judging and back-office pages carry names, scores and unpublished results; neither a
    shared proxy nor the browser's disk cache (a shared office computer, the back button after
    logging out) may keep them. Anonymous public pages stay cacheable (cms/caching.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


# Wagtail 8 prints small inline initialisation scripts in its back office (inline panels, date
# choosers, some choosers) and its bundled scripts set style attributes, with no nonce for either;
# our own back-office templates have neither. The back office also frames its own page previews.
BACKOFFICE_POLICY = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-ancestors": [SELF],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the back office's exceptions (``BACKOFFICE_POLICY``).

    Every other page gets settings.CONTENT_SECURITY_POLICY as it is: scripts and styles from our
    own static files only, no inline code at all. A response that set its own policy (private
    files, certificates: ``sandbox``) keeps it.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(_backoffice_prefix()):
            parts.replace = {**BACKOFFICE_POLICY, **(parts.replace or {})}
        return parts


@lru_cache(maxsize=1)
def _backoffice_prefix():
    return reverse("wagtailadmin_home")
