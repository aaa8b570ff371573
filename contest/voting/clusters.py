"""Suspicious groups of votes, for the organisers' review (pure: no database).

Three signs, each a cluster the organiser may void with a written reason:

- **device**: several identities voting from one browser (its cookie) — one person, many mailboxes;
- **network**: many identities from one /24 (or /48) — an office shares an address, so the
  threshold is high and the organiser judges;
- **burst**: many votes for one entry within a short window — a script, or a post shared to a
  group; again the organiser judges;
- **sequence**: many identities whose addresses differ only by digits or separators (lan1@, lan2@,
  lan.3@gmail.com: the stem of contest/voting/identity.py) — mailboxes minted in a row.

A cluster lists the ids of its votes; voided votes are left out (they were judged already).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class VoteLine:
    id: int
    entry_id: int
    identity_id: int
    created_at: datetime
    ip_prefix: str
    device: str
    stem: str = ""


@dataclass(frozen=True)
class Thresholds:
    device_identities: int = 3
    network_identities: int = 20
    burst_votes: int = 15
    burst_window: timedelta = timedelta(minutes=5)
    sequence_identities: int = 5


@dataclass
class Cluster:
    kind: str
    key: str
    vote_ids: list[int] = field(default_factory=list)
    identities: int = 0
    entries: dict[int, int] = field(default_factory=dict)
    first: datetime | None = None
    last: datetime | None = None

    @property
    def ref(self) -> str:
        """A stable name for the cluster in a form: the kind and its key."""
        return f"{self.kind}:{self.key}"


def _cluster(kind: str, key: str, lines: list[VoteLine]) -> Cluster:
    entries: dict[int, int] = defaultdict(int)
    for line in lines:
        entries[line.entry_id] += 1
    return Cluster(
        kind=kind,
        key=key,
        vote_ids=sorted(line.id for line in lines),
        identities=len({line.identity_id for line in lines}),
        entries=dict(entries),
        first=min(line.created_at for line in lines),
        last=max(line.created_at for line in lines),
    )


def _bursts(entry_id: int, lines: list[VoteLine], thresholds: Thresholds) -> list[Cluster]:
    """Maximal runs where ``burst_votes`` votes fall within ``burst_window`` (sliding window)."""
    lines = sorted(lines, key=lambda line: (line.created_at, line.id))
    found: list[Cluster] = []
    in_burst: set[int] = set()
    start = 0
    for end in range(len(lines)):
        while lines[end].created_at - lines[start].created_at > thresholds.burst_window:
            start += 1
        if end - start + 1 >= thresholds.burst_votes:
            in_burst.update(range(start, end + 1))
    # Consecutive members form one burst.
    run: list[VoteLine] = []
    previous = None
    for index in sorted(in_burst):
        if previous is not None and index != previous + 1:
            found.append(_cluster("burst", f"{entry_id}@{run[0].created_at:%Y%m%d%H%M%S}", run))
            run = []
        run.append(lines[index])
        previous = index
    if run:
        found.append(_cluster("burst", f"{entry_id}@{run[0].created_at:%Y%m%d%H%M%S}", run))
    return found


def find_clusters(lines: Iterable[VoteLine], thresholds: Thresholds = Thresholds()) -> list[Cluster]:
    """Every suspicious cluster, the largest first."""
    by_device: dict[str, list[VoteLine]] = defaultdict(list)
    by_network: dict[str, list[VoteLine]] = defaultdict(list)
    by_entry: dict[int, list[VoteLine]] = defaultdict(list)
    by_stem: dict[str, list[VoteLine]] = defaultdict(list)
    for line in lines:
        if line.stem:
            by_stem[line.stem].append(line)
        if line.device:
            by_device[line.device].append(line)
        if line.ip_prefix:
            by_network[line.ip_prefix].append(line)
        by_entry[line.entry_id].append(line)
    clusters = []
    for device, group in by_device.items():
        if len({line.identity_id for line in group}) >= thresholds.device_identities:
            clusters.append(_cluster("device", device, group))
    for network, group in by_network.items():
        if len({line.identity_id for line in group}) >= thresholds.network_identities:
            clusters.append(_cluster("network", network, group))
    for stem, group in by_stem.items():
        if len({line.identity_id for line in group}) >= thresholds.sequence_identities:
            clusters.append(_cluster("sequence", stem[:16], group))
    for entry_id, group in by_entry.items():
        clusters.extend(_bursts(entry_id, group, thresholds))
    clusters.sort(key=lambda c: (-len(c.vote_ids), c.kind, c.key))
    return clusters


def find_cluster(lines: Iterable[VoteLine], ref: str, thresholds: Thresholds = Thresholds()) -> Cluster | None:
    return next((c for c in find_clusters(lines, thresholds) if c.ref == ref), None)
