from django.conf import settings
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import JavaScriptCatalog, set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from contest.core.views import accounts

urlpatterns = [
    path("quan-tri/", include(wagtailadmin_urls)),
    path("tai-lieu/", include(wagtaildocs_urls)),
    path("tai-khoan/", include(accounts.urlpatterns)),
    # Without a CSRF token: switching the display language is a harmless preference (a forged
    # request can only change which language a visitor reads), and a token in the header's
    # language form would make every public page personal, hence uncacheable (cms/caching.py).
    path("ngon-ngu/setlang/", csrf_exempt(set_language), name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("contest.urls")),
    # Feeds, sitemap.xml and robots.txt: before Wagtail's catch-all below.
    path("", include("cms.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving catches everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]

handler404 = "contest.core.views.errors.page_not_found"
handler500 = "contest.core.views.errors.server_error"
handler403 = "contest.core.views.errors.permission_denied"
handler400 = "contest.core.views.errors.bad_request"
