"""Winning models on the public site: the gallery and one page per published model.

A showcase page is born from an awarded dossier (cms/publishing.py) and belongs to that entry for
ever (one page per entry, a database constraint), so re-running "publish to the site" never makes a
second page. Its narrative is an editorial copy the editor may shorten; what it won is read from
the contest's frozen results and certificates, never typed in. It carries no personal data: no
contact person, telephone or team member names are copied from the dossier.
"""

from django.db import models
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.caching import CachedPageMixin
from contest.core.text import fold
from contest.results.public import hidden_entries

STORY_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class ReplicationStatus(models.TextChoices):
    NOT_YET = "not_yet", _("Chưa nhân rộng")
    IN_PROGRESS = "in_progress", _("Đang nhân rộng")
    REPLICATED = "replicated", _("Đã được nhân rộng")


class GalleryPage(CachedPageMixin, Page):
    """The searchable gallery of published models (filters, search and sort in cms/gallery.py)."""

    intro = RichTextField(_("lời giới thiệu"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ShowcasePage"]
    max_count = 1

    class Meta:
        verbose_name = _("thư viện mô hình")
        verbose_name_plural = pgettext_lazy("plural", "thư viện mô hình")

    def get_context(self, request, *args, **kwargs):
        # cms.gallery_page reads the page models: imported when a page is served, not at load time.
        from cms.gallery_page import gallery_context

        context = super().get_context(request, *args, **kwargs)
        context.update(gallery_context(self, request))
        return context


class ShowcasePage(CachedPageMixin, Page):
    entry = models.OneToOneField(
        "contest.Entry",
        verbose_name=_("hồ sơ dự thi"),
        on_delete=models.PROTECT,
        related_name="showcase_page",
    )
    place = models.CharField(_("địa bàn"), max_length=255, blank=True, help_text=_("Ví dụ: xã Hòa Vang, TP Đà Nẵng"))
    year_started = models.PositiveSmallIntegerField(_("năm bắt đầu"), null=True, blank=True)
    summary = models.TextField(
        _("tóm tắt"), max_length=400, help_text=_("Hai ba câu: hiện trong thư viện, khi chia sẻ và cho máy tìm kiếm.")
    )
    problem = RichTextField(_("vấn đề đặt ra"), blank=True, features=STORY_FEATURES)
    approach = RichTextField(_("cách làm “khéo”"), blank=True, features=STORY_FEATURES)
    results = RichTextField(_("kết quả đạt được"), blank=True, features=STORY_FEATURES)
    forces = RichTextField(_("lực lượng tham gia"), blank=True, features=STORY_FEATURES)
    replication = models.CharField(
        _("tình trạng nhân rộng"),
        max_length=20,
        choices=ReplicationStatus.choices,
        blank=True,
        default="",
        help_text=_(
            "Chọn theo đúng điều ghi chú dưới đây cho biết: đã có nơi khác học tập, áp dụng thì chọn “Đang nhân rộng” "
            "hoặc “Đã được nhân rộng”. Để trống: trang không ghi tình trạng."
        ),
    )
    replication_note = models.TextField(
        _("duy trì và nhân rộng"),
        blank=True,
        help_text=_("Điền sẵn từ mục “tính bền vững, khả năng nhân rộng” của hồ sơ."),
    )
    video_url = models.URLField(_("đường dẫn video"), max_length=500, blank=True)
    featured = models.BooleanField(_("giới thiệu trên trang chủ"), default=False)
    # Diacritic-free copies for the gallery's search ("dan van kheo" finds "Dân vận khéo"),
    # rebuilt from the live content on every save.
    folded_title = models.CharField(max_length=300, blank=True, editable=False)
    folded_text = models.TextField(blank=True, editable=False)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("place"), FieldPanel("year_started"), FieldPanel("summary"), FieldPanel("featured")],
            heading=_("Giới thiệu"),
        ),
        FieldPanel("problem"),
        FieldPanel("approach"),
        FieldPanel("results"),
        InlinePanel("indicators", label=_("Chỉ số trước / sau")),
        FieldPanel("forces"),
        InlinePanel("photos", label=_("Ảnh")),
        FieldPanel("video_url"),
        MultiFieldPanel([FieldPanel("replication"), FieldPanel("replication_note")], heading=_("Nhân rộng")),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("folded_text")]
    parent_page_types = ["cms.GalleryPage"]
    subpage_types = []
    # Only "publish to the site" creates these pages: each must belong to an awarded dossier.
    is_creatable = False

    class Meta:
        verbose_name = _("mô hình tiêu biểu")
        verbose_name_plural = pgettext_lazy("plural", "mô hình tiêu biểu")

    def is_withdrawn(self) -> bool:
        """The organisers took the page off the public site when revoking its award (the page and
        its revisions stay, for the editors and the record)."""
        return hidden_entries().filter(entry_id=self.entry_id).exists()

    def serve(self, request, *args, **kwargs):
        if self.is_withdrawn():
            raise Http404(_("Trang mô hình này đã được gỡ khỏi cổng thông tin."))
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        return [] if self.is_withdrawn() else super().get_sitemap_urls(request)

    def get_context(self, request, *args, **kwargs):
        # cms.gallery reads the page models: imported when a page is served, not at load time.
        from cms.gallery import showcase_context

        context = super().get_context(request, *args, **kwargs)
        context.update(showcase_context(self, request))
        return context

    def save(self, *args, **kwargs):
        self.folded_title = fold(self.title)[:300]
        parts = [self.title, self.place, self.summary, self.problem, self.approach, self.results, self.forces]
        self.folded_text = " ".join(fold(strip_tags(p or "")) for p in parts)
        return super().save(*args, **kwargs)


class ShowcaseIndicator(Orderable):
    page = ParentalKey(ShowcasePage, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("chỉ số"), max_length=200)
    unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    before = models.CharField(_("trước khi thực hiện"), max_length=50, blank=True)
    after = models.CharField(_("sau khi thực hiện"), max_length=50)

    panels = [FieldPanel("name"), FieldPanel("unit"), FieldPanel("before"), FieldPanel("after")]

    class Meta(Orderable.Meta):
        verbose_name = _("chỉ số")
        verbose_name_plural = pgettext_lazy("plural", "chỉ số")


class ShowcasePhoto(Orderable):
    page = ParentalKey(ShowcasePage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("ảnh"), on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("ảnh")
        verbose_name_plural = pgettext_lazy("plural", "ảnh")
