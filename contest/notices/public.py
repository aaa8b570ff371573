"""What the public may read of a notice period: the provisional list (the frozen snapshot in force
of a round that has a notice and no published result), the notice's dates and how to respond, and
what changed when the list was frozen again after it was made public (a re-marking): before and
after scores and ranks of the entries affected. Nothing here reads an opinion or a complaint's
content: those stay with the organisers, the secretariat and the unit concerned."""

from dataclasses import dataclass

from django.utils import timezone

from contest.core.enums import ScoreDisclosure
from contest.notices.enums import ComplaintKind
from contest.notices.models import Complaint, Notice
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultSnapshot
from contest.results.scoring import format_score


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


@dataclass
class Change:
    code: str
    title: str
    unit: str
    scope: str
    score_before: str
    score_after: str
    rank_before: int | None
    rank_after: int | None
    prize_before: str
    prize_after: str


@dataclass
class Changes:
    before: ResultSnapshot
    after: ResultSnapshot
    rows: list[Change]
    remarking: bool  # frozen again after a re-marking request


def _prize(row) -> str:
    return ", ".join(p for p in [row.prize_name, *(row.part_prizes or [])] if p)


def diff(before, after, *, withhold=False) -> list[Change]:
    """The entries whose score, rank or prize differs between two snapshots of a round, in the
    order of the new ranking. With ``withhold`` (the contest publishes winners' scores only), an
    entry that won nothing in either version shows no score or rank."""
    old = {r.entry_id: r for r in before.rows.all()}
    new = {r.entry_id: r for r in after.rows.select_related("entry__unit")}
    changes = []
    for entry_id, row in new.items():
        prior = old.get(entry_id)
        if prior is not None and (prior.score, prior.rank, _prize(prior)) == (row.score, row.rank, _prize(row)):
            continue
        hidden = withhold and not _prize(row) and not (prior and _prize(prior)) and not row.advances
        changes.append(
            Change(
                code=f"{row.code:03d}",
                title=row.entry.title,
                unit=row.entry.unit.name,
                scope=row.scope_label,
                score_before="" if hidden or prior is None else format_score(prior.score),
                score_after="" if hidden else format_score(row.score),
                rank_before=None if hidden or prior is None else prior.rank,
                rank_after=None if hidden else row.rank,
                prize_before=_prize(prior) if prior else "",
                prize_after=_prize(row),
            )
        )
    changes.sort(key=lambda c: (c.scope, c.rank_after is None, c.rank_after or 0, c.code))
    return changes


def public_changes(round, snapshot) -> Changes | None:
    """What changed between the version the public saw before and ``snapshot`` (the one now
    shown), when the round's list was frozen again after it was made public for opinions."""
    if snapshot is None:
        return None
    notice = Notice.objects.filter(round=round).select_related("snapshot").first()
    if notice is None or snapshot.version <= notice.snapshot.version:
        return None
    before = (
        ResultSnapshot.objects.filter(round=round, version__lt=snapshot.version, version__gte=notice.snapshot.version)
        .order_by("-version")
        .first()
    )
    if before is None:
        return None
    remarking = Complaint.objects.filter(notice=notice, kind=ComplaintKind.REMARKING, snapshot_before=before).exists()
    withhold = round.contest.score_disclosure == ScoreDisclosure.WINNERS
    return Changes(before=before, after=snapshot, rows=diff(before, snapshot, withhold=withhold), remarking=remarking)
