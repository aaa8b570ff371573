from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from contest.models import Contest


class HomePage(Page):
    """The site's front page: an introduction and the contests currently taking entries."""

    intro = RichTextField(_("lời giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.AnnouncementIndexPage", "cms.GalleryPage", "cms.ResultsPage"]

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["open_contests"] = Contest.objects.filter(
            registration_opens__lte=now, submission_deadline__gte=now
        ).order_by("submission_deadline")
        context["upcoming_contests"] = Contest.objects.filter(registration_opens__gt=now).order_by("registration_opens")
        return context
