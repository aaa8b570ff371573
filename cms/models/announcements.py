from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import AnnouncementBody
from cms.caching import CachedPageMixin
from cms.models.results import ResultsPage

PER_PAGE = 10
PAGE_PARAMETER = "trang"
KIND_PARAMETER = "loai"


class AnnouncementKind(models.TextChoices):
    NOTICE = "notice", _("Thông báo")
    RULES = "rules", _("Thể lệ")
    PLAN = "plan", _("Kế hoạch")
    RESULTS = "results", _("Kết quả")


# The kind filter's values in shareable addresses (?loai=the-le): Vietnamese, like the page slugs.
KIND_SLUGS = {
    AnnouncementKind.NOTICE: "thong-bao",
    AnnouncementKind.RULES: "the-le",
    AnnouncementKind.PLAN: "ke-hoach",
    AnnouncementKind.RESULTS: "ket-qua",
}
KIND_BY_SLUG = {slug: kind for kind, slug in KIND_SLUGS.items()}


# Renditions of an announcement's cover in lists (a lead item, then thumbnails) and on its page.
LEAD_SPECS = ("fill-640x360", "fill-1280x720")
THUMB_SPECS = ("fill-240x160", "fill-480x320")
COVER_SPECS = ("width-800", "width-1200")


def published_announcements():
    """Live, public announcements, newest first: the index, the feeds and the home page read these."""
    return AnnouncementPage.objects.live().public().order_by("-date", "-first_published_at", "-pk")


def for_listing(queryset):
    """Join each announcement's cover and prefetch its list renditions: one list, a fixed cost."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=(*LEAD_SPECS, *THUMB_SPECS))
    return queryset.select_related("cover").prefetch_related(
        Prefetch("cover__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )


class AnnouncementIndexPage(CachedPageMixin, Page):
    """The list of announcements (thông báo, thể lệ, kế hoạch, kết quả), newest first, and its feeds."""

    intro = RichTextField(_("lời giới thiệu"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.AnnouncementPage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh sách thông báo")
        verbose_name_plural = pgettext_lazy("plural", "danh sách thông báo")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        kind = KIND_BY_SLUG.get(request.GET.get(KIND_PARAMETER, ""))
        announcements = for_listing(published_announcements().child_of(self))
        if kind:
            announcements = announcements.filter(kind=kind)
        # get_page, not page: a mistyped or out-of-range number shows the first or last page.
        page_obj = Paginator(announcements, PER_PAGE).get_page(request.GET.get(PAGE_PARAMETER))
        context.update(
            announcements=page_obj.object_list,
            page_obj=page_obj,
            kind=kind,
            kind_filters=[(k, KIND_SLUGS[k], k.label) for k in AnnouncementKind],
            query=f"{KIND_PARAMETER}={KIND_SLUGS[kind]}" if kind else "",
        )
        return context


class AnnouncementPage(CachedPageMixin, Page):
    kind = models.CharField(
        _("loại thông báo"), max_length=20, choices=AnnouncementKind.choices, default=AnnouncementKind.NOTICE
    )
    date = models.DateField(_("ngày đăng"), default=timezone.localdate)
    summary = models.TextField(
        _("tóm tắt"),
        max_length=400,
        blank=True,
        help_text=_("Một hai câu hiện trong danh sách, khi chia sẻ và trong bản tin RSS."),
    )
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Ảnh ngang hiện ở đầu bài, trong danh sách tin và khi chia sẻ. Để trống: danh sách dùng hình nền "
            "theo loại thông báo."
        ),
    )
    contest = models.ForeignKey(
        "contest.Contest",
        verbose_name=_("cuộc thi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(AnnouncementBody(), verbose_name=_("nội dung"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("contest"),
        FieldPanel("summary"),
        FieldPanel("cover"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.AnnouncementIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = pgettext_lazy("plural", "thông báo")

    @property
    def kind_slug(self):
        return KIND_SLUGS.get(self.kind, "")

    @property
    def kind_icon(self):
        """The pictogram of the kind, drawn on the designed panel of an announcement without a cover."""
        return static(f"img/icons/{self.kind_slug or KIND_SLUGS[AnnouncementKind.NOTICE]}.svg")

    def share_image(self):
        """The cover, or else the body's first picture: shown when the announcement is shared
        (og:image); None without either."""
        if self.cover_id:
            return self.cover
        for block in self.body:
            if block.block_type == "image" and block.value["image"]:
                return block.value["image"]
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["results_page"] = (
            ResultsPage.objects.live()
            .public()
            .filter(contest_id=self.contest_id)
            .order_by("-first_published_at")
            .first()
            if self.contest_id
            else None
        )
        return context
