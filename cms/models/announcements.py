from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import AnnouncementBody


class AnnouncementKind(models.TextChoices):
    NOTICE = "notice", _("Thông báo")
    RULES = "rules", _("Thể lệ")
    PLAN = "plan", _("Kế hoạch")
    RESULTS = "results", _("Kết quả")


class AnnouncementIndexPage(Page):
    """The list of announcements (thông báo, thể lệ, kế hoạch, kết quả), newest first, and its feeds."""

    intro = RichTextField(_("lời giới thiệu"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.AnnouncementPage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh sách thông báo")
        verbose_name_plural = pgettext_lazy("plural", "danh sách thông báo")


class AnnouncementPage(Page):
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
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.AnnouncementIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = pgettext_lazy("plural", "thông báo")
