from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.caching import CachedPageMixin
from contest.results import documents
from contest.results.public import criteria_of, published_snapshot, ranking_tables


class ResultsPage(CachedPageMixin, Page):
    """A contest's results on the public site: every round whose frozen result is published.

    The tables come from the contest's published snapshots (contest/public_results.py), never from
    text typed into the page, so the site cannot disagree with the minutes. Three queries per round
    with a published result (snapshot, criteria, rows), one per round without, and one for the
    links to the published model pages of every row.
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

    def get_context(self, request, *args, **kwargs):
        from cms.models.showcase import ShowcasePage

        context = super().get_context(request, *args, **kwargs)
        rounds = []
        for round in self.contest.rounds.order_by("order", "pk"):
            snapshot = published_snapshot(round)
            if snapshot is None:
                rounds.append({"round": round, "snapshot": None})
                continue
            criteria = criteria_of(round)
            rounds.append(
                {
                    "round": round,
                    "snapshot": snapshot,
                    "criteria": criteria,
                    "groups": ranking_tables(snapshot, criteria),
                    "method_sentences": documents.method_sentences(snapshot, dict(criteria)),
                }
            )
        rows = [row for r in rounds for group in r.get("groups", []) for row in group["rows"]]
        if rows:
            live = ShowcasePage.objects.live().filter(entry_id__in={row["entry_id"] for row in rows})
            urls = {page.entry_id: page.get_url(request) for page in live.only("id", "url_path", "entry_id")}
            for row in rows:
                row["page_url"] = urls.get(row["entry_id"], "")
        context["contest"] = self.contest
        context["rounds"] = rounds
        return context
