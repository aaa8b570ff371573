"""Counting code requests per network address and per browser for the escalation
(contest/voting/escalation.py), in the cache: hourly buckets, one counter each.

Why the cache and not the database: these counters are read on every vote page and challenge,
and losing them (a cache restart) only forgets an hour of pressure. With the default local-memory
cache each server process counts on its own (documented in docs/operations.md): the quota itself
stays a database constraint whatever happens here.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from contest.voting import escalation

WINDOW = 3600


def _bucket() -> int:
    return int(timezone.now().timestamp()) // WINDOW


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"vote-esc:{kind}:{_bucket()}:{digest}"


def _thresholds() -> tuple[escalation.Thresholds, escalation.Thresholds]:
    return (
        escalation.Thresholds.parse(settings.VOTE_ESCALATION_IP),
        escalation.Thresholds.parse(settings.VOTE_ESCALATION_DEVICE),
    )


def level(*, ip: str | None, device: str, signed_in: bool = False) -> int:
    """The escalation step for the next code request from this address and browser."""
    ip_t, device_t = _thresholds()
    counts = cache.get_many([_key("ip", ip or ""), _key("device", device)])
    raw = escalation.level_for(
        ip_count=counts.get(_key("ip", ip or ""), 0) if ip else 0,
        device_count=counts.get(_key("device", device), 0) if device else 0,
        ip=ip_t,
        device=device_t,
    )
    return escalation.effective(raw, signed_in=signed_in)


def note_request(*, ip: str | None, device: str) -> None:
    """One more code request from this address and browser, this hour."""
    for kind, value in (("ip", ip), ("device", device)):
        if not value:
            continue
        key = _key(kind, value)
        if not cache.add(key, 1, WINDOW + 60):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, WINDOW + 60)
