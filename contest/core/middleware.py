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
