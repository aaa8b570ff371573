"""What the public may read of a contest's results: published snapshots only.

Used by the plain results page (contest/views/results_public.py) and by the public site (cms), so
that both show exactly the same published, frozen figures. Nothing here reads a snapshot that is
merely frozen, or one that was invalidated: until the organisers publish, there is nothing public.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from contest.certificates.enums import CertificateKind, CertificateStatus
from contest.certificates.models import Certificate, CertificateTemplate
from contest.core.enums import ScoreDisclosure
from contest.judging.models import Criterion
from contest.results import tabulation
from contest.results.enums import Band, RevocationGround, RevokedShowcase, SnapshotStatus
from contest.results.models import AwardRevocation, ResultRow, ResultSnapshot
from contest.results.scoring import format_score


def published_snapshot(round):
    """The round's published snapshot in force, or None."""
    snapshot = ResultSnapshot.objects.filter(round=round, status=SnapshotStatus.PUBLISHED).first()
    if snapshot is not None:
        snapshot.round = round
    return snapshot


def criteria_of(round):
    """[(key, short name, full name)] of the round's criteria in rubric order, keyed as the snapshot
    keys its means."""
    criteria = list(
        Criterion.objects.filter(rubric__round=round)
        .select_related("rubric")
        .order_by("rubric__order", "rubric_id", "order", "id")
    )
    keys = tabulation.criterion_keys(criteria)
    return [(keys[c.pk], c.label, c.name) for c in criteria]


def ranking_tables(snapshot, criteria):
    """One table per ranking scope ("" when the round is ranked as a whole). Judges never appear."""
    bands = dict(Band.choices)
    groups = []
    revoked = {r.entry_id: r for r in revocations_in(snapshot.round_id)}
    rows = snapshot.rows.select_related("entry__unit").order_by("scope_label", "rank", "code")
    for r in rows:
        if not groups or groups[-1]["scope"] != r.scope_label:
            groups.append({"scope": r.scope_label, "rows": []})
        groups[-1]["vote"] = groups[-1].get("vote") or r.jury_score is not None
        groups[-1]["rows"].append(
            {
                "rank": r.rank,
                "shared": r.shared_rank,
                "code": f"{r.code:03d}",
                "entry_id": r.entry_id,
                "title": r.entry.title,
                "unit": r.entry.unit.name,
                "score": format_score(r.score),
                "jury_score": format_score(r.jury_score),
                "jury_rank": r.jury_rank,
                "vote_count": r.vote_count,
                "vote_score": format_score(r.vote_score),
                "prizes": [p for p in [r.prize_name, *(r.part_prizes or [])] if p],
                "band": str(bands.get(r.band, r.band)),
                "means": [format_score((r.criterion_means or {}).get(key)) for key, *_names in criteria],
                "advances": r.advances,
                "revocation": revoked.get(r.entry_id),
            }
        )
    return groups


def withholds_scores(contest) -> bool:
    """Whether the organisers publish the scores of awarded (or advancing) entries only."""
    return contest.score_disclosure == ScoreDisclosure.WINNERS


def is_distinguished(*, prizes, advances) -> bool:
    """An entry whose score is always public: it won a prize or goes on to the next round."""
    return bool(prizes) or bool(advances)


def withhold_scores(groups):
    """Blank the rank, score, band and criterion means of the rows that won nothing, and list them
    after the others by number, so that their order gives nothing away either. Returns ``groups``."""
    for group in groups:
        shown, withheld = [], []
        for row in group["rows"]:
            if is_distinguished(prizes=row["prizes"], advances=row.get("advances")) or row.get("revocation"):
                shown.append(row)
                continue
            row.update(rank=None, shared=False, score="", band="", means=["" for _mean in row["means"]])
            row.update(jury_score="", jury_rank=None, vote_score="")
            row["withheld"] = True
            withheld.append(row)
        group["rows"] = shown + sorted(withheld, key=lambda row: row["code"])
        group["withheld"] = len(withheld)
    return groups


def public_ranking_tables(snapshot, criteria):
    """ranking_tables as the public may read them: with the contest's choice of disclosure applied."""
    groups = ranking_tables(snapshot, criteria)
    if withholds_scores(snapshot.round.contest):
        withhold_scores(groups)
    return groups


@dataclass(frozen=True)
class Award:
    """A prize an entry won in a published result, as the public may read it."""

    contest_name: str
    contest_year: int
    round_name: str
    prize_name: str
    decision_number: str
    decision_date: date | None
    verification_url: str


def published_rows():
    """Rows of published snapshots that carry a prize (main or part): what may be shown as won."""
    return ResultRow.objects.filter(snapshot__status=SnapshotStatus.PUBLISHED).exclude(prize_name="", part_prizes=[])


def awards_for(entry_ids) -> dict[int, list[Award]]:
    """entry id → its published awards, in three queries whatever the number of entries."""
    entry_ids = list(entry_ids)
    if not entry_ids:
        return {}
    rows = list(
        published_rows()
        .filter(entry_id__in=entry_ids)
        .select_related("snapshot__round__contest")
        .order_by("snapshot__round__contest__year", "snapshot__round__order")
    )
    contest_ids = {r.snapshot.round.contest_id for r in rows}
    # The certificate template records the decision the prizes were awarded by; the prize
    # certificate's template wins over a commendation's.
    decisions = {}
    for template in CertificateTemplate.objects.filter(contest_id__in=contest_ids):
        current = decisions.get(template.contest_id)
        if current is None or template.kind == CertificateKind.CERTIFICATE:
            decisions[template.contest_id] = template
    # Keyed by round, not snapshot: a certificate issued from one version of a result stays the
    # award's certificate when a later version (a promotion after a revocation) replaces it.
    tokens = {}
    for certificate in (
        Certificate.objects.filter(entry_id__in=entry_ids, status=CertificateStatus.VALID)
        .select_related("snapshot")
        .order_by("award_key")
    ):
        key = (certificate.entry_id, certificate.snapshot.round_id, certificate.prize_name)
        tokens.setdefault(key, certificate.token)
    revoked = set(AwardRevocation.objects.filter(entry_id__in=entry_ids).values_list("entry_id", "round_id"))
    awards: dict[int, list[Award]] = {}
    for r in rows:
        if (r.entry_id, r.snapshot.round_id) in revoked:
            continue
        contest = r.snapshot.round.contest
        template = decisions.get(contest.pk)
        for prize in [p for p in [r.prize_name, *(r.part_prizes or [])] if p]:
            token = tokens.get((r.entry_id, r.snapshot.round_id, prize))
            awards.setdefault(r.entry_id, []).append(
                Award(
                    contest_name=contest.name,
                    contest_year=contest.year,
                    round_name=r.snapshot.round.public_name,
                    prize_name=prize,
                    decision_number=template.decision_number if template else "",
                    decision_date=template.decision_date if template else None,
                    verification_url=reverse("certificate-verify", args=[token]) if token else "",
                )
            )
    return awards


@dataclass(frozen=True)
class PublicRevocation:
    """An award revoked after the decision, as the public may read it (no name of who recorded it)."""

    entry_id: int
    round_id: int
    contest_name: str
    round_name: str
    prizes: tuple[str, ...]
    ground: str
    ground_detail: str
    legal_basis: str
    decision_number: str
    decision_date: date
    hides_showcase: bool
    promoted_title: str


def _public(revocation) -> PublicRevocation:
    return PublicRevocation(
        entry_id=revocation.entry_id,
        round_id=revocation.round_id,
        contest_name=revocation.round.contest.name,
        round_name=revocation.round.public_name,
        prizes=tuple(revocation.prize_names or ()),
        # "Another ground" is only a heading: its written detail says it.
        ground="" if revocation.ground == RevocationGround.OTHER else str(RevocationGround(revocation.ground).label),
        ground_detail=revocation.ground_detail,
        legal_basis=revocation.legal_basis,
        decision_number=revocation.decision_number,
        decision_date=revocation.decision_date,
        hides_showcase=revocation.showcase == RevokedShowcase.HIDE,
        promoted_title=revocation.promoted_entry.title if revocation.promoted_entry_id else "",
    )


def revocations_in(round_id) -> list[PublicRevocation]:
    """The awards of a round revoked after the decision (one query)."""
    rows = AwardRevocation.objects.filter(round_id=round_id).select_related("round__contest", "promoted_entry")
    return [_public(r) for r in rows]


def revocations_for(entry_ids) -> dict[int, list[PublicRevocation]]:
    """entry id → the revocations of its awards, oldest first (one query whatever the number)."""
    found: dict[int, list[PublicRevocation]] = {}
    rows = (
        AwardRevocation.objects.filter(entry_id__in=list(entry_ids))
        .select_related("round__contest", "promoted_entry")
        .order_by("decision_date", "pk")
    )
    for revocation in rows:
        found.setdefault(revocation.entry_id, []).append(_public(revocation))
    return found


def hidden_entries():
    """Entries whose model page the organisers took off the public site with a revocation."""
    return AwardRevocation.objects.filter(showcase=RevokedShowcase.HIDE).values("entry_id")
