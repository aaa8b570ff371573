import re

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.caching import CachedPageMixin
from cms.models.showcase import ShowcasePage
from contest.notices.public import provisional, public_changes
from contest.results import documents
from contest.results import public as public_results
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultRow, ResultSnapshot
from contest.results.public import criteria_of, public_ranking_tables, published_snapshot

PER_PAGE = 10
PAGE_PARAMETER = "trang"
# Addresses under /ket-qua/ that plain views answer before Wagtail (contest/urls.py, cms/urls.py):
# a results page may not take them as its slug.
RESERVED_SLUG = re.compile(r"^(\d+|moi-nhat)$")


def results_pages_newest_first():
    """Live, public results pages, the contest whose results came out last first.

    Annotated with ``published_at`` (the contest's latest published result, None before any),
    ``published_rounds`` and ``prize_count`` (prizes, main and part rows, in those results),
    each a subquery: one query for any number of pages.
    """
    published = ResultSnapshot.objects.filter(round__contest=OuterRef("contest_id"), status=SnapshotStatus.PUBLISHED)
    latest = published.order_by().values("round__contest").annotate(at=Max("published_at")).values("at")
    rounds = published.order_by().values("round__contest").annotate(n=Count("pk")).values("n")
    prizes = (
        ResultRow.objects.filter(
            snapshot__round__contest=OuterRef("contest_id"), snapshot__status=SnapshotStatus.PUBLISHED
        )
        .exclude(prize_name="", part_prizes=[])
        .order_by()
        .values("snapshot__round__contest")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        ResultsPage.objects.live()
        .public()
        .select_related("contest")
        .annotate(
            published_at=Subquery(latest),
            published_rounds=Coalesce(Subquery(rounds, output_field=IntegerField()), 0),
            prize_count=Coalesce(Subquery(prizes, output_field=IntegerField()), 0),
        )
        .order_by(models.F("published_at").desc(nulls_last=True), "-first_published_at", "-pk")
    )


class ResultsIndexPage(CachedPageMixin, Page):
    """/ket-qua/: every contest's published results, the newest first, a page of ten at a time."""

    intro = RichTextField(_("lời giới thiệu"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ResultsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh sách kết quả")
        verbose_name_plural = pgettext_lazy("plural", "danh sách kết quả")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page_obj = Paginator(results_pages_newest_first(), PER_PAGE).get_page(request.GET.get(PAGE_PARAMETER))
        context.update(results_pages=page_obj.object_list, page_obj=page_obj)
        return context


class ResultsPage(CachedPageMixin, Page):
    """A contest's results on the public site: every round whose frozen result is published.

    The tables come from the contest's published snapshots (contest/results/public.py), never from
    text typed into the page, so the site cannot disagree with the minutes; the organisers' choice
    to publish the winners' scores only (Contest.score_disclosure) applies here as on the CSV.
    Three queries per round with a published result (snapshot, criteria, rows), one per round
    without, and one for the links to the published model pages of every row.
    """

    contest = models.ForeignKey(
        "contest.Contest", verbose_name=_("cuộc thi"), on_delete=models.PROTECT, related_name="+"
    )
    intro = RichTextField(_("lời giới thiệu"), blank=True, features=["bold", "italic", "link", "document-link"])

    content_panels = Page.content_panels + [FieldPanel("contest"), FieldPanel("intro")]
    parent_page_types = ["cms.ResultsIndexPage", "cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("trang kết quả")
        verbose_name_plural = pgettext_lazy("plural", "trang kết quả")

    def clean(self):
        super().clean()
        if RESERVED_SLUG.match(self.slug or ""):
            raise ValidationError(
                {"slug": _("Đường dẫn này trùng với một địa chỉ có sẵn của trang kết quả; hãy đặt tên khác.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        rounds = []
        for round in self.contest.rounds.order_by("order", "pk"):
            round.contest = self.contest
            snapshot = published_snapshot(round)
            notice = None
            if snapshot is None:
                # During a notice period the provisional list is public, marked as such.
                notice = provisional(round)
                snapshot = notice.snapshot if notice is not None else None
            if snapshot is None:
                rounds.append({"round": round, "snapshot": None, "provisional": notice})
                continue
            criteria = criteria_of(round)
            groups = public_ranking_tables(snapshot, criteria)
            rounds.append(
                {
                    "round": round,
                    "snapshot": snapshot,
                    "provisional": notice,
                    "criteria": criteria,
                    "groups": groups,
                    "withheld": sum(group.get("withheld", 0) for group in groups),
                    "changes": public_changes(round, snapshot),
                    "method_sentences": documents.method_sentences(
                        snapshot, {key: short for key, short, _name in criteria}
                    ),
                }
            )
        rows = [row for r in rounds for group in r.get("groups", []) for row in group["rows"]]
        if rows:
            live = (
                ShowcasePage.objects.live()
                .filter(entry_id__in={row["entry_id"] for row in rows})
                .exclude(entry_id__in=public_results.hidden_entries())
            )
            urls = {page.entry_id: page.get_url(request) for page in live.only("id", "url_path", "entry_id")}
            for row in rows:
                row["page_url"] = urls.get(row["entry_id"], "")
        context["contest"] = self.contest
        context["rounds"] = rounds
        context["results_index"] = ResultsIndexPage.objects.live().public().first()
        return context
