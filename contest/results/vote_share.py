"""The public vote as a capped share of the final score (pure: no database).

The rule, as the contest's rules and the public pages state it::

    final = jury × (100 − p) / 100  +  p / 100 × max_total × votes / top

- ``jury`` is the entry's score from the jury (the usual tabulation), ``max_total`` the highest
  score the rubric allows, ``votes`` the entry's *valid* votes (voided ones never count) and
  ``top`` the most valid votes any entry of the same ranking table received: the favourite gets
  the whole vote part, an entry with half its votes half of it. With no valid vote at all the vote
  part is 0 for everyone, so the jury's order stands.
- ``p`` (percent) is set per round by the organisers, never above the cap the contest's rules
  allow, and never above :data:`HARD_CAP` (50 %): the jury always weighs at least as much as the
  public.

What "the jury's ranking is never replaced" means here: only entries the jury scored get a final
score (votes alone never place an entry); the jury's own score and rank are kept beside the final
ones in the ranking, the frozen snapshot, the published result and the minutes; the band (xếp
loại) stays the jury's; ties in the final score are broken by the jury's own tie-break chain.

Exact arithmetic: the vote part is a fraction (votes / top) and is kept as one until the final
score is rounded once, half up, to two decimals as every score is (scoring.round_score). The vote
score shown beside it is rounded the same way, for reading only.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from contest.results.scoring import round_score

HARD_CAP = Decimal(50)
HUNDRED = Fraction(100)


@dataclass(frozen=True)
class Combined:
    jury: Decimal
    votes: int
    vote_score: Decimal  # max_total × votes / top, rounded for display
    final: Decimal


def share_problems(percent: Decimal, cap: Decimal) -> list[str]:
    """Codes of what is wrong with a share ``percent`` under the rules' ``cap`` (empty: fine).
    ``"positive"``, ``"over_cap"``, ``"over_hard_cap"``, ``"cap_over_hard_cap"``."""
    problems = []
    if cap > HARD_CAP:
        problems.append("cap_over_hard_cap")
    if percent <= 0:
        problems.append("positive")
    elif percent > HARD_CAP:
        problems.append("over_hard_cap")
    elif percent > cap:
        problems.append("over_cap")
    return problems


def _exact(value: Decimal | int) -> Fraction:
    return Fraction(value)


def vote_part(votes: int, top: int, max_total: Decimal) -> Fraction:
    """``max_total × votes / top``, exactly; 0 when nobody has a valid vote."""
    if votes < 0 or top < 0 or votes > top:
        raise ValueError("votes must be between 0 and the top count")
    if top == 0:
        return Fraction(0)
    return _exact(max_total) * votes / top


def final_score(jury: Decimal, votes: int, top: int, *, percent: Decimal, max_total: Decimal) -> Decimal:
    """The final score of one entry, rounded once (two decimals, half up)."""
    p = _exact(percent)
    exact = _exact(jury) * (HUNDRED - p) / HUNDRED + p / HUNDRED * vote_part(votes, top, max_total)
    return _rounded(exact)


def _rounded(value: Fraction) -> Decimal:
    """Half up to two decimals on the exact fraction (a Decimal division first could round
    0.00499999… up to 0.005 and then to 0.01)."""
    if value < 0:
        raise ValueError("scores are never negative")
    cents = math.floor(value * 100 + Fraction(1, 2))
    return round_score(Decimal(cents) / 100)


def combine(table: Mapping[Any, tuple[Decimal, int]], *, percent: Decimal, max_total: Decimal) -> dict[Any, Combined]:
    """Every entry of one ranking table: key → (jury score, valid votes) in, key → the parts and
    the final score out. ``top`` is the most valid votes in this table."""
    top = max((votes for _jury, votes in table.values()), default=0)
    return {
        key: Combined(
            jury=jury,
            votes=votes,
            vote_score=_rounded(vote_part(votes, top, max_total)),
            final=final_score(jury, votes, top, percent=percent, max_total=max_total),
        )
        for key, (jury, votes) in table.items()
    }
