from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.caching import CachedPageMixin
from cms.contest_phases import RESULTS_STAY_CURRENT, Phase, current_contests
from cms.models.announcements import AnnouncementIndexPage, for_listing, published_announcements
from cms.models.results import ResultsPage
from contest.core.models import Contest, Round
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultSnapshot

LATEST_ANNOUNCEMENTS = 5
FEATURED_MODELS = 3


def contests_with_results_date(now):
    """Contests annotated with ``results_published_at``: when their final round's results came out.

    A preliminary round's published results do not finish a contest, so only the last round counts.
    Contests whose results are older than a year are left in the database.
    """
    final_round = Round.objects.filter(contest=OuterRef(OuterRef("pk"))).order_by("-order").values("pk")[:1]
    # order_by(): the snapshots' default ordering joins contest_contest, which would shadow the outer
    # contest inside the subquery.
    published = (
        ResultSnapshot.objects.filter(round_id=Subquery(final_round), status=SnapshotStatus.PUBLISHED)
        .order_by()
        .values("published_at")[:1]
    )
    return Contest.objects.annotate(results_published_at=Subquery(published)).filter(
        Q(results_published_at__isnull=True) | Q(results_published_at__gte=now - RESULTS_STAY_CURRENT)
    )


class HomePage(CachedPageMixin, Page):
    """The site's front page: the current contests and their phase, news and featured models."""

    intro = RichTextField(_("lời giới thiệu"), blank=True)
    banner_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh băng rôn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Ảnh ngang, rộng từ 1600 điểm ảnh (tỷ lệ khoảng 3:1); chữ hiện trên nền tối phía dưới ảnh. "
            "Để trống: băng rôn nền đỏ có sẵn."
        ),
    )
    banner_title = models.CharField(
        _("tiêu đề băng rôn"),
        max_length=150,
        blank=True,
        help_text=_("Ví dụ: Cuộc thi “Dân vận khéo” năm 2026. Để trống: dùng tiêu đề trang."),
    )
    banner_text = models.CharField(_("dòng giới thiệu trên băng rôn"), max_length=255, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("banner_image"), FieldPanel("banner_title"), FieldPanel("banner_text")],
            heading=_("Băng rôn"),
        ),
        FieldPanel("intro"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.AnnouncementIndexPage", "cms.GalleryPage", "cms.ResultsIndexPage"]

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        statuses = current_contests(contests_with_results_date(now), now=now)
        # Asked for every listed contest (not only those with results) so the query count is constant.
        results_pages = ResultsPage.objects.live().public().filter(contest_id__in=[s.contest.pk for s in statuses])
        by_contest = {}
        for results_page in results_pages.order_by("-first_published_at", "-pk"):
            by_contest.setdefault(results_page.contest_id, results_page)
        context["contests"] = [
            (status, by_contest.get(status.contest.pk) if status.phase == Phase.RESULTS else None)
            for status in statuses
        ]
        context["announcements"] = list(
            for_listing(published_announcements().descendant_of(self))[:LATEST_ANNOUNCEMENTS]
        )
        context["announcement_index"] = AnnouncementIndexPage.objects.live().descendant_of(self).first()
        context["featured_models"] = _featured_models()
        return context


def _featured_models():
    # cms.gallery imports the page models: imported here, when a page is served, not at load time.
    from cms.gallery import featured_cards

    return featured_cards(limit=FEATURED_MODELS)
