"""RSS 2.0 and Atom feeds of the latest announcements (served at /thong-bao/rss.xml and atom.xml)."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cms.models import AnnouncementIndexPage
from cms.models.announcements import published_announcements

FEED_LENGTH = 20


class AnnouncementRssFeed(Feed):
    title = _("Thông báo – Dân vận khéo")
    description = _("Thông báo, thể lệ, kế hoạch và kết quả các cuộc thi “Dân vận khéo”.")

    # One instance serves every request, so the request travels as the feed's "object".
    def get_object(self, request, *args, **kwargs):
        return request

    def link(self, request):
        index = AnnouncementIndexPage.objects.live().first()
        return index.get_url(request) if index else "/"

    def items(self, request):
        announcements = list(published_announcements()[:FEED_LENGTH])
        for announcement in announcements:
            # With the request, Wagtail reads the site's root paths once for the whole list.
            announcement.feed_link = announcement.get_url(request)
        return announcements

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.feed_link

    def item_pubdate(self, item):
        return timezone.make_aware(dt.datetime.combine(item.date, dt.time.min))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_kind_display()]


class AnnouncementAtomFeed(AnnouncementRssFeed):
    feed_type = Atom1Feed
    subtitle = AnnouncementRssFeed.description
