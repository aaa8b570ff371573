"""The gallery's read side: which model pages a visitor sees, found how, in what order.

Search is our own, on the diacritic-free copies ShowcasePage.save keeps (folded_title,
folded_text), rather than Wagtail's search backend: the database backend does not fold "đ" to "d"
("đường" would miss "duong"), and it cannot be combined in one query with the filters that cross
the entry's relations (contest, field, unit level, published prize). The folded columns are
lower-case ASCII, so a plain ``contains`` behaves the same on SQLite and PostgreSQL.

Every function here takes or returns querysets of live, public pages of entries with a published
result: a draft, or a page whose results were never published (or were invalidated), never shows.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.utils.text import slugify
from wagtail.images import get_image_model

from cms.models import ShowcasePage, ShowcasePhoto
from contest.core.text import fold
from contest.dossiers.models import Entry
from contest.results import public as public_results
from contest.results.models import AwardRevocation

# Renditions the card template asks for (fill-{400x267,800x533} in showcase_card.html).
CARD_SPECS = ("fill-400x267", "fill-800x533")
MAX_TERMS = 8
FALLBACK_TONES = 6  # .tone-0 … .tone-5 in static/css/portal.css
TITLE_WEIGHT = 3
BODY_WEIGHT = 1
PHRASE_IN_TITLE_WEIGHT = 5

SORT_RELEVANCE = "relevance"
SORT_NEWEST = "newest"
SORT_OLDEST = "oldest"


def live_showcases():
    """Live, public model pages whose entry has a published, prize-carrying result row, or whose
    award was revoked with the page kept to say so; never one the organisers took off the site
    with a revocation (contest/results/services/revocation.py)."""
    awarded = public_results.published_rows().filter(entry_id=OuterRef("entry_id"))
    revoked = AwardRevocation.objects.filter(entry_id=OuterRef("entry_id"))
    return (
        ShowcasePage.objects.live()
        .public()
        .filter(Exists(awarded) | Exists(revoked))
        .exclude(entry_id__in=public_results.hidden_entries())
    )


def search_terms(q) -> list[str]:
    return re.findall(r"\w+", fold(q or ""))[:MAX_TERMS]


def search(queryset, q):
    """Pages matching every term of ``q``, with diacritics or without, annotated with ``relevance``."""
    terms = search_terms(q)
    if not terms:
        return queryset.annotate(relevance=Value(0, output_field=IntegerField()))
    score = Value(0, output_field=IntegerField())
    for term in terms:
        queryset = queryset.filter(Q(folded_title__contains=term) | Q(folded_text__contains=term))
        score = (
            score
            + Case(When(folded_title__contains=term, then=Value(TITLE_WEIGHT)), default=Value(0))
            + Case(When(folded_text__contains=term, then=Value(BODY_WEIGHT)), default=Value(0))
        )
    if len(terms) > 1:
        phrase = " ".join(terms)
        score = score + Case(When(folded_title__contains=phrase, then=Value(PHRASE_IN_TITLE_WEIGHT)), default=Value(0))
    return queryset.annotate(relevance=score)


def prize_slug(prize_name) -> str:
    return slugify(fold(prize_name))


@dataclass
class Facets:
    """What the live pages actually have, for the filter selects (two queries in all)."""

    years: list = field(default_factory=list)
    contests: list = field(default_factory=list)
    fields: list = field(default_factory=list)
    levels: list = field(default_factory=list)
    prizes: list = field(default_factory=list)
    # prize slug → entry ids that won it: the prize filter, since prize names live in a JSON list
    # too (part prizes) that SQLite cannot search inside.
    prize_entries: dict = field(default_factory=dict)


def facets(queryset) -> Facets:
    rows = queryset.order_by().values_list(
        "entry__contest__year",
        "entry__contest__slug",
        "entry__contest__name",
        "entry__field__code",
        "entry__field__name",
        "entry__unit__level__code",
        "entry__unit__level__name",
        "entry__unit__level__order",
    )
    years, contests, fields_, levels = set(), {}, {}, {}
    for year, c_slug, c_name, f_code, f_name, l_code, l_name, l_order in rows.distinct():
        years.add(year)
        contests[c_slug] = (year, c_name)
        if f_code:
            fields_.setdefault(f_code, f_name)
        levels[l_code] = (l_order, l_name)
    result = Facets(
        years=sorted(years, reverse=True),
        contests=[(slug, name) for slug, (_y, name) in sorted(contests.items(), key=lambda i: (-i[1][0], i[1][1]))],
        fields=sorted(fields_.items(), key=lambda i: i[1]),
        levels=[(code, name) for code, (_o, name) in sorted(levels.items(), key=lambda i: i[1])],
    )
    prize_names = {}
    awarded = public_results.published_rows().filter(entry__showcase_page__in=queryset.order_by().values("pk"))
    for entry_id, main, parts in awarded.values_list("entry_id", "prize_name", "part_prizes"):
        for name in [main, *(parts or [])]:
            if name:
                slug = prize_slug(name)
                prize_names.setdefault(slug, name)
                result.prize_entries.setdefault(slug, set()).add(entry_id)
    result.prizes = sorted(prize_names.items(), key=lambda i: i[1])
    return result


def apply_filters(queryset, criteria: dict, facet_data: Facets):
    """Filter by the cleaned values of a GalleryFilterForm (absent or empty values are no filter)."""
    if criteria.get("year"):
        queryset = queryset.filter(entry__contest__year=criteria["year"])
    if criteria.get("contest"):
        queryset = queryset.filter(entry__contest__slug=criteria["contest"])
    if criteria.get("field"):
        queryset = queryset.filter(entry__field__code=criteria["field"])
    if criteria.get("level"):
        queryset = queryset.filter(entry__unit__level__code=criteria["level"])
    if criteria.get("prize"):
        queryset = queryset.filter(entry_id__in=facet_data.prize_entries.get(criteria["prize"], ()))
    if criteria.get("q"):
        queryset = search(queryset, criteria["q"])
    return order(queryset, criteria.get("sort"), bool(criteria.get("q") and search_terms(criteria["q"])))


def order(queryset, sort, searched: bool):
    if sort == SORT_OLDEST:
        return queryset.order_by("first_published_at", "pk")
    if sort == SORT_NEWEST or not searched:
        return queryset.order_by("-first_published_at", "-pk")
    return queryset.order_by("-relevance", "-first_published_at", "-pk")


def for_cards(queryset):
    """Join and prefetch what a card shows, so a page of cards costs the same for 1 or 100."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_SPECS)
    photos = ShowcasePhoto.objects.select_related("image").prefetch_related(
        Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )
    return queryset.select_related("entry__unit", "entry__field", "entry__contest").prefetch_related(
        Prefetch("photos", queryset=photos.order_by("sort_order", "pk"), to_attr="ordered_photos")
    )


def card_list(queryset) -> list:
    """Pages ready for cms/includes/showcase_card.html: ``card_photo`` and ``awards`` set."""
    pages = list(queryset)
    awards = public_results.awards_for([p.entry_id for p in pages])
    revocations = public_results.revocations_for([p.entry_id for p in pages])
    for page in pages:
        photos = getattr(page, "ordered_photos", None)
        if photos is None:
            photos = list(page.photos.select_related("image").order_by("sort_order", "pk"))
        page.card_photo = photos[0] if photos else None
        page.awards = awards.get(page.entry_id, [])
        page.revocations = revocations.get(page.entry_id, [])
        # A colour per page, so that neighbouring cards without a photo are not alike.
        page.fallback_tone = page.pk % FALLBACK_TONES
    return pages


def featured_cards(limit=3) -> list:
    """Featured models for the home page, newest first, topped up with the newest others."""
    queryset = live_showcases().order_by("-featured", "-first_published_at", "-pk")
    return card_list(for_cards(queryset)[:limit])


# Renditions of the model page's photo gallery and of its sharing image (og:image).
PHOTO_SPECS = ("width-480", "width-800", "width-1200")
SHARE_SPEC = "fill-1200x630"


def showcase_context(page, request) -> dict:
    """The model page's joined entry, photos with their renditions, indicators and awards."""
    entry = Entry.objects.select_related("unit", "field", "contest").get(pk=page.entry_id)
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=(*PHOTO_SPECS, SHARE_SPEC))
    photos = list(
        page.photos.select_related("image")
        .prefetch_related(Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions"))
        .order_by("sort_order", "pk")
    )
    share_image_url = ""
    if photos:
        share_image_url = request.build_absolute_uri(photos[0].image.get_rendition(SHARE_SPEC).url)
    return {
        "entry": entry,
        "photos": photos,
        "indicators": list(page.indicators.order_by("sort_order", "pk")),
        "awards": public_results.awards_for([page.entry_id]).get(page.entry_id, []),
        "revocations": public_results.revocations_for([page.entry_id]).get(page.entry_id, []),
        "share_image_url": share_image_url,
    }
