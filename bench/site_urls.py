"""The project's URLs plus an anonymous trivial view, the public-site benchmark's baseline."""

from django.http import HttpResponse
from django.urls import path

import config.urls


def trivial(request):
    """Middleware (sessions, locale, CSRF, auth, messages) and nothing else."""
    return HttpResponse("ok")


urlpatterns = [path("__bench__/trivial/", trivial), *config.urls.urlpatterns]
handler404 = config.urls.handler404
handler500 = config.urls.handler500
handler403 = config.urls.handler403
