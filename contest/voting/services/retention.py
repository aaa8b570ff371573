"""Erasing the vote log's personal data after the contest (docs/huong-dan-binh-chon.md)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from contest.voting.models import Vote, VoteCode, VoteSettings


def purge_personal_data(*, now=None) -> int:
    """Blank the address prefix, device and browser of every vote of a round sealed and closed
    more than VOTE_RETENTION_DAYS ago, and delete its codes; returns how many votes were erased.
    The votes, their hashed identities and the seal stay: the result can still be recounted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.VOTE_RETENTION_DAYS)
    rounds = VoteSettings.objects.filter(sealed_at__isnull=False, closes_at__lt=cutoff).values_list(
        "round_id", flat=True
    )
    with transaction.atomic():
        erased = (
            Vote.objects.filter(round_id__in=rounds)
            .exclude(ip_prefix="", device="", user_agent="")
            .update(ip_prefix="", device="", user_agent="")
        )
        VoteCode.objects.filter(round_id__in=rounds).delete()
    return erased
