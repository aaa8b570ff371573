"""Counting the votes: one GROUP BY, valid and voided apart."""

from dataclasses import dataclass

from django.db.models import Count, Q

from contest.voting.models import Vote


@dataclass(frozen=True)
class TallyRow:
    entry_id: int
    valid: int
    voided: int


def tally(round) -> list[TallyRow]:
    """Per entry that received a vote, most valid votes first (then by entry id)."""
    rows = (
        Vote.objects.filter(round=round)
        .values("entry_id")
        .annotate(valid=Count("id", filter=Q(void__isnull=True)), voided=Count("id", filter=Q(void__isnull=False)))
        .order_by("-valid", "entry_id")
    )
    return [TallyRow(entry_id=r["entry_id"], valid=r["valid"], voided=r["voided"]) for r in rows]


def total(round) -> int:
    return Vote.objects.filter(round=round).count()
