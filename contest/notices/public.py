"""What the public may read of a notice period: the provisional list (the frozen snapshot in force
of a round that has a notice and no published result), the notice's dates and how to respond.
Nothing here reads opinions or complaints: those stay with the organisers and the secretariat."""

from dataclasses import dataclass

from django.utils import timezone

from contest.notices.models import Notice
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultSnapshot


@dataclass
class Provisional:
    notice: Notice
    snapshot: ResultSnapshot | None  # None while a re-marking has withdrawn it and nothing is re-frozen
    open: bool  # opinions or complaints still accepted today
    opinions_open: bool = False


def provisional(round) -> Provisional | None:
    """The round's provisional list, or None (no notice, or the final result is published)."""
    notice = Notice.objects.filter(round=round).first()
    if notice is None:
        return None
    snapshot = ResultSnapshot.objects.filter(round=round).exclude(status=SnapshotStatus.INVALIDATED).first()
    if snapshot is not None and snapshot.status == SnapshotStatus.PUBLISHED:
        return None
    if snapshot is not None:
        snapshot.round = round
    notice.round = round
    today = timezone.localdate()
    return Provisional(
        notice=notice, snapshot=snapshot, open=today <= notice.last_day, opinions_open=today <= notice.ends_on
    )
