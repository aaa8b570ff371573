"""The project's URLs plus the vote benchmark's two views: an anonymous trivial view (the baseline)
and the code confirmation without its CSRF check (raw HTTP clients hold no cookie; the check is a
constant-time comparison, the work measured is the view, the service and the database)."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

import config.urls
from contest.voting import views


def trivial(request):
    """Middleware (sessions, locale, CSRF, auth, messages) and nothing else."""
    return HttpResponse("ok")


urlpatterns = [
    path("__bench__/trivial/", trivial),
    path("__bench__/vote/<uuid:token>/", csrf_exempt(views.confirm)),
    *config.urls.urlpatterns,
]
handler404 = config.urls.handler404
handler500 = config.urls.handler500
handler403 = config.urls.handler403
