"""Where a contest stands today, as the home page tells a visitor, and which contests are "current".

Pure functions of a contest's calendar, the moment its final results were published and ``now``:
no database, so the rules are tested with a fixed clock (tests/cms/test_home.py).
"""

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A contest whose results came out within this long still belongs on the home page.
RESULTS_STAY_CURRENT = dt.timedelta(days=365)


class Phase(IntEnum):
    """The phases in the order the home page lists them: what a unit can still act on comes first."""

    OPEN = 1
    UPCOMING = 2
    JUDGING = 3
    RESULTS = 4

    @property
    def label(self):
        return PHASE_LABELS[self]

    @property
    def css(self):
        return self.name.lower()


PHASE_LABELS = {
    Phase.UPCOMING: _("Sắp mở đăng ký"),
    Phase.OPEN: _("Đang nhận hồ sơ"),
    Phase.JUDGING: _("Đang chấm"),
    Phase.RESULTS: _("Đã công bố kết quả"),
}


@dataclass(frozen=True)
class ContestStatus:
    contest: object
    phase: Phase
    days_left: int | None  # calendar days to the submission deadline, while entries are open


def phase_of(*, registration_opens, submission_deadline, results_published_at, now) -> Phase:
    if now < registration_opens:
        return Phase.UPCOMING
    if now <= submission_deadline:
        return Phase.OPEN
    return Phase.RESULTS if results_published_at is not None else Phase.JUDGING


def days_left(deadline, now) -> int:
    """Calendar days in Vietnam between today and the deadline's day (0: the deadline is today)."""
    return (timezone.localtime(deadline).date() - timezone.localtime(now).date()).days


def is_current(*, phase, results_published_at, now) -> bool:
    return phase != Phase.RESULTS or now - results_published_at <= RESULTS_STAY_CURRENT


def _sort_key(status: ContestStatus):
    c = status.contest
    by_phase = {
        Phase.OPEN: c.submission_deadline.timestamp(),  # the nearest deadline first
        Phase.UPCOMING: c.registration_opens.timestamp(),  # the soonest opening first
        Phase.JUDGING: -c.submission_deadline.timestamp(),  # the most recent first
        Phase.RESULTS: -c.results_published_at.timestamp() if c.results_published_at else 0,
    }
    return (status.phase, by_phase[status.phase], c.pk)


def current_contests(contests, *, now) -> list[ContestStatus]:
    """The current contests with their phase, in the home page's order.

    Each contest needs ``registration_opens``, ``submission_deadline`` and ``results_published_at``
    (when its final round's results were published, or None). Current: not finished, or results
    published within the last year.
    """
    statuses = []
    for c in contests:
        phase = phase_of(
            registration_opens=c.registration_opens,
            submission_deadline=c.submission_deadline,
            results_published_at=c.results_published_at,
            now=now,
        )
        if is_current(phase=phase, results_published_at=c.results_published_at, now=now):
            remaining = days_left(c.submission_deadline, now) if phase == Phase.OPEN else None
            statuses.append(ContestStatus(contest=c, phase=phase, days_left=remaining))
    return sorted(statuses, key=_sort_key)
