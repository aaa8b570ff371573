"""The public site's plain Django addresses, included before Wagtail's page-serving catch-all.

The feeds are plain views rather than routes of a RoutablePageMixin on the announcements page: they
stay at one fixed, documented address however an editor renames or moves that page, they need
nothing of the page but its address, and, being ordinary URL names, the permission matrix
(tests/contest/test_permissions.py) walks them like every other public address.
"""

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import path
from django.views.generic import TemplateView
from wagtail.contrib.sitemaps.views import sitemap

from cms.feeds import AnnouncementAtomFeed, AnnouncementRssFeed
from cms.navigation import newest_results


def favicon(request):
    """/favicon.ico, which browsers ask for on their own (beside a PDF, a feed): the neutral icon,
    rather than a page-not-found costing a trip through Wagtail's routing."""
    return HttpResponsePermanentRedirect(static("img/favicon.png"))


urlpatterns = [
    path("thong-bao/rss.xml", AnnouncementRssFeed(), name="announcements-rss"),
    path("thong-bao/atom.xml", AnnouncementAtomFeed(), name="announcements-atom"),
    path("ket-qua/moi-nhat/", newest_results, name="newest-results"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("favicon.ico", favicon, name="favicon"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
]
