"""The public list of receipts, once the result is published: a voter checks that their vote is in
the count. Each line shows the receipt's first characters, the minute it was cast and whether it
was counted or voided — never the entry, the person, the network or the device. The whole code
(which only its voter holds) finds that one vote and the entry it went to, as the receipt page does.

Only the first characters are listed because the whole code is the voter's proof: a list of whole
codes would let anyone claim any vote.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from contest.voting.models import Vote, VoteSettings

PREFIX_LENGTH = 4  # characters after "BC-": 32**4 ≈ one million prefixes, a few votes share one
SEARCH_MIN = 4


@dataclass(frozen=True)
class Search:
    """What the visitor typed, cleaned: ``prefix`` (start of a code) or ``whole`` (a full code)."""

    prefix: str = ""
    whole: str = ""
    too_short: bool = False


def clean_search(text: str) -> Search:
    """Upper case, without spaces and with or without the "BC-" in front."""
    code = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if code.startswith("BC"):
        code = code[2:]
    if not code:
        return Search()
    if len(code) < SEARCH_MIN:
        return Search(too_short=True)
    if len(code) >= 8:
        return Search(whole="BC-" + code[:8])
    return Search(prefix="BC-" + code)


def published(vote: VoteSettings) -> bool:
    return vote.published_at is not None


def listed(vote: VoteSettings, search: Search) -> QuerySet:
    """The published votes of the round, oldest first, narrowed by ``search``. Only the columns a
    public line needs are read."""
    if not published(vote):
        return Vote.objects.none()
    rows = Vote.objects.filter(round_id=vote.round_id)
    if search.whole:
        rows = rows.filter(receipt=search.whole)
    elif search.prefix:
        rows = rows.filter(receipt__startswith=search.prefix)
    return rows.order_by("created_at", "id").only("receipt", "created_at", "void_id", "entry_id")


def shown_prefix(receipt: str) -> str:
    return receipt[: len("BC-") + PREFIX_LENGTH] + "…"
