"""Sealing the votes at the close: the tally and a SHA-256 digest of the vote log go into the
audit chain (contest/core/audit.py), so any later addition, removal or edit of a vote shows.

The digest covers what a vote *is* — its id, receipt, entry, the voter's hashed identity, its
quota slot and its time — in id order, one line per vote. The review data beside it (address
prefix, device, browser) is erased after the retention period, and void marks are added in the
open afterwards (each audited), so neither is part of the seal.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core import audit
from contest.core.errors import InvalidTransition
from contest.voting.models import Vote, VoteSettings
from contest.voting.services.tally import tally


def _line(row) -> bytes:
    vote_id, receipt, entry_id, key, period, ordinal, created_at = row
    moment = created_at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    return f"{vote_id}|{receipt}|{entry_id}|{key}|{period}|{ordinal or ''}|{moment}\n".encode()


def digest_of(round) -> tuple[str, int]:
    """The digest of the round's vote log and the number of votes it covers."""
    digest = hashlib.sha256()
    count = 0
    rows = (
        Vote.objects.filter(round=round)
        .order_by("id")
        .values_list("id", "receipt", "entry_id", "identity__key", "period", "ordinal", "created_at")
    )
    for row in rows.iterator(chunk_size=5000):
        digest.update(_line(row))
        count += 1
    return digest.hexdigest(), count


def seal(*, vote: VoteSettings, by=None, ip=None) -> VoteSettings:
    """Seal once the vote has closed (again: nothing happens)."""
    with transaction.atomic():
        vote = VoteSettings.objects.select_for_update().select_related("round").get(pk=vote.pk)
        if vote.sealed_at is not None:
            return vote
        if not vote.has_closed():
            raise InvalidTransition(_("Chỉ niêm phong được sau khi đã đóng bình chọn."))
        digest, count = digest_of(vote.round)
        vote.sealed_at = timezone.now()
        vote.seal_digest = digest
        vote.seal_count = count
        vote.save(update_fields=["sealed_at", "seal_digest", "seal_count"])
        audit.append(
            actor=by,
            action="vote.seal",
            obj=vote,
            round=vote.round,
            new={
                "digest": digest,
                "count": count,
                "tally": {str(r.entry_id): r.valid + r.voided for r in tally(vote.round)},
            },
            ip=ip,
        )
    return vote


@dataclass(frozen=True)
class SealCheck:
    ok: bool
    digest: str
    count: int


def check_seal(vote: VoteSettings) -> SealCheck | None:
    """Recompute the digest and compare it with the sealed one (None before the seal)."""
    if vote.sealed_at is None:
        return None
    digest, count = digest_of(vote.round)
    return SealCheck(ok=digest == vote.seal_digest and count == vote.seal_count, digest=digest, count=count)
