from django.utils.deprecation import MiddlewareMixin


class VietnameseFirstMiddleware(MiddlewareMixin):
    """Vietnamese unless the user chose otherwise.

    Many officials' browsers and computers are set to English; their Accept-Language header must
    not switch a Vietnamese public service to English. Only an explicit choice (the language
    switcher's cookie) does. Placed before LocaleMiddleware, which would otherwise read the header.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
