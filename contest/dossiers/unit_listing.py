"""A unit's dossiers on its portal home: one page at a time, filtered by state or by contest.

Read-only. A unit that takes part year after year gathers hundreds of dossiers, and listing them
all made the page grow with every one of them (issue 19: 167× a trivial view at 1,000). So the
list is paged, and the filters' counts are grouped in SQL: three queries and at most a page of
rows, whatever the unit's history.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from contest.dossiers.enums import EntryState
from contest.dossiers.models import Attachment, Entry

PER_PAGE = 20
STATE_PARAM, CONTEST_PARAM, PAGE_PARAM = "trang-thai", "cuoc-thi", "trang"


@dataclass
class Chip:
    label: str
    count: int
    query: str  # the query string that selects it
    current: bool


@dataclass
class UnitListing:
    page: Page
    state_chips: list[Chip]
    contest_chips: list[Chip]  # empty while the unit has dossiers in one contest only
    query: str  # the current filters, kept by the page links

    @property
    def page_links(self) -> list:
        """1 2 … 7 8 9 … 40: the links under the list (contest/_pagination.html)."""
        return list(self.page.paginator.get_elided_page_range(self.page.number, on_each_side=2, on_ends=1))


def _query(**params) -> str:
    return urlencode({k.replace("_", "-"): v for k, v in params.items() if v})


def unit_listing(unit, params) -> UnitListing:
    """The page of ``unit``'s dossiers that ``params`` (request.GET) asks for.

    Three queries: the counts per state (within the chosen contest), the counts per contest
    (within the chosen state) and the page's rows; the page count comes from the first.
    """
    state = params.get(STATE_PARAM, "")
    if state not in EntryState.values:
        state = ""
    raw_contest = params.get(CONTEST_PARAM, "")
    contest = raw_contest if raw_contest.isdigit() else ""

    own = Entry.objects.filter(unit=unit).order_by()
    in_contest = own.filter(contest_id=int(contest)) if contest else own
    in_state = own.filter(state=state) if state else own
    by_state = dict(in_contest.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    by_contest = list(
        in_state.values_list("contest_id", "contest__name", "contest__year")
        .annotate(n=Count("id"))
        .order_by("-contest__year", "contest__name")
    )

    state_chips = [Chip(_("Tất cả"), sum(by_state.values()), _query(cuoc_thi=contest), not state)]
    state_chips += [
        Chip(str(label), by_state.get(value, 0), _query(trang_thai=value, cuoc_thi=contest), state == value)
        for value, label in EntryState.choices
        if by_state.get(value) or state == value
    ]
    contest_chips = []
    if len(by_contest) > 1 or contest:
        contest_chips = [Chip(_("Tất cả"), sum(row[-1] for row in by_contest), _query(trang_thai=state), not contest)]
        contest_chips += [
            Chip(name, n, _query(trang_thai=state, cuoc_thi=str(pk)), contest == str(pk))
            for pk, name, _year, n in by_contest
        ]

    files = Attachment.objects.filter(entry=OuterRef("pk")).order_by().values("entry").annotate(n=Count("id"))
    entries = (
        (in_contest.filter(state=state) if state else in_contest)
        .select_related("contest", "field")
        # A correlated count, evaluated for the page's rows only: a JOIN … GROUP BY would count
        # every dossier's files before the LIMIT.
        .annotate(n_attachments=Coalesce(Subquery(files.values("n")), 0))
        .order_by("-contest__year", "contest__name", "-created_at", "-id")
    )
    paginator = Paginator(entries, PER_PAGE)
    # Known from the grouped counts: spares the paginator its own COUNT over the annotated rows.
    paginator.count = by_state.get(state, 0) if state else sum(by_state.values())
    return UnitListing(
        page=paginator.get_page(params.get(PAGE_PARAM)),
        state_chips=state_chips,
        contest_chips=contest_chips,
        query=_query(trang_thai=state, cuoc_thi=contest),
    )
