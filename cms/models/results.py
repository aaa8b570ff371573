from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class ResultsPage(Page):
    """A contest's results on the public site: every round whose frozen result is published.

    The tables come from the contest's published snapshots (contest/public_results.py), never from
    text typed into the page, so the site cannot disagree with the minutes.
    """

    contest = models.ForeignKey(
        "contest.Contest", verbose_name=_("cuộc thi"), on_delete=models.PROTECT, related_name="+"
    )
    intro = RichTextField(_("lời giới thiệu"), blank=True, features=["bold", "italic", "link", "document-link"])

    content_panels = Page.content_panels + [FieldPanel("contest"), FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("trang kết quả")
        verbose_name_plural = pgettext_lazy("plural", "trang kết quả")
