"""Which entries a round's public vote is about, and its settings as the pages read them."""

from django.db.models import QuerySet

from contest.dossiers.models import Entry
from contest.voting.enums import Eligibility
from contest.voting.models import VoteSettings


def settings_of(round) -> VoteSettings | None:
    return VoteSettings.objects.filter(round=round).first()


def eligible_entries(vote: VoteSettings) -> QuerySet[Entry]:
    """The candidates, by title. "Published" means a live model page on the public site: the
    contest never imports the site, it only follows the page's link to the entry by name."""
    if vote.eligibility == Eligibility.PUBLISHED:
        entries = Entry.objects.filter(contest_id=vote.round.contest_id, showcase_page__live=True)
    else:
        entries = Entry.objects.filter(round_entries__round_id=vote.round_id)
    return entries.select_related("unit", "field").order_by("title", "pk").distinct()


def is_eligible(vote: VoteSettings, entry_id: int) -> bool:
    return eligible_entries(vote).filter(pk=entry_id).exists()


def open_votes_for(entry_id: int, now=None) -> list[VoteSettings]:
    """The open votes an entry is a candidate in (a model page's widget asks this)."""
    found = []
    settings = VoteSettings.objects.filter(enabled=True, sealed_at__isnull=True).select_related("round__contest")
    for vote in settings:
        if vote.is_open(now) and is_eligible(vote, entry_id):
            found.append(vote)
    return found
