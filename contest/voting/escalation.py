"""Escalation per network address and per browser (pure: no database, no cache).

A whole office or school shares one public address, so a busy address is not a robot by itself:
instead of refusing it outright, the vote asks more of it step by step, per hour of code requests:

0. ``NORMAL`` — the usual proof-of-work challenge;
1. ``HARDER`` — a challenge :data:`HARDER_FACTOR` times longer to solve (a person waits a few
   seconds more once; a script sending thousands pays thousands of times);
2. ``LOGIN`` — only a signed-in account may ask for a code from there (a unit's member votes
   with the account, contest/voting/services/accounts.py);
3. ``REFUSE`` — no more codes from there this hour.

Each step has its own threshold for the address and for the browser (the device cookie); the
higher of the two levels applies. Thresholds come from the settings (``VOTE_ESCALATION_IP``,
``VOTE_ESCALATION_DEVICE``: "harder,login,refuse" counts per hour).
"""

from dataclasses import dataclass

NORMAL, HARDER, LOGIN, REFUSE = 0, 1, 2, 3
HARDER_FACTOR = 10


@dataclass(frozen=True)
class Thresholds:
    """Requests in the current hour from which each step starts."""

    harder: int
    login: int
    refuse: int

    @classmethod
    def parse(cls, text: str) -> "Thresholds":
        """ "20,60,300" → Thresholds(20, 60, 300); the steps must rise."""
        harder, login, refuse = (int(part) for part in text.split(","))
        if not 0 < harder <= login <= refuse:
            raise ValueError("escalation thresholds must be positive and rising: harder ≤ login ≤ refuse")
        return cls(harder, login, refuse)

    def level(self, count: int) -> int:
        if count >= self.refuse:
            return REFUSE
        if count >= self.login:
            return LOGIN
        if count >= self.harder:
            return HARDER
        return NORMAL


def level_for(*, ip_count: int, device_count: int, ip: Thresholds, device: Thresholds) -> int:
    """The step for a request, from what its address and its browser asked this hour."""
    return max(ip.level(ip_count), device.level(device_count))


def effective(level: int, *, signed_in: bool) -> int:
    """A signed-in account passes the login step (it is the step's point); it still solves the
    harder challenge, and the refusal holds for everyone."""
    if level == LOGIN and signed_in:
        return HARDER
    return level


def challenge_size(level: int, base: int) -> int:
    """How far the browser may have to count at ``level``."""
    return base * HARDER_FACTOR if level >= HARDER else base
