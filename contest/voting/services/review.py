"""Reviewing the votes: suspicious clusters (contest/voting/clusters.py) and voiding one with a
written reason, audited. The seal (services/seal.py) covers the votes themselves, not the void
marks: voiding after the close is how a fraud found late is dealt with, in the open."""

from django.db import transaction
from django.utils.translation import gettext as _

from contest.core import audit
from contest.core.errors import DomainError, InvalidTransition
from contest.core.text import nfc
from contest.results.services.snapshots import snapshot_in_force
from contest.voting.clusters import Cluster, VoteLine, find_cluster, find_clusters
from contest.voting.models import VoidDecision, Vote, VoteSettings


def vote_lines(round) -> list[VoteLine]:
    """The valid votes of a round as the clustering reads them (one query, no model instances)."""
    rows = Vote.objects.filter(round=round, void__isnull=True).values_list(
        "id", "entry_id", "identity_id", "created_at", "ip_prefix", "device", "identity__stem"
    )
    return [VoteLine(*row) for row in rows.iterator(chunk_size=5000)]


def suspicious_clusters(round) -> list[Cluster]:
    return find_clusters(vote_lines(round))


def void_cluster(*, round, ref: str, reason: str, by, ip=None) -> VoidDecision:
    """Void every still-valid vote of the cluster ``ref`` ("device:…", "network:…", "burst:…")."""
    if not by.has_perm("voting.review"):
        raise DomainError(_("Chỉ Ban Tổ chức được hủy lượt bình chọn."))
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi lý do hủy các lượt bình chọn này."), field="reason")
    with transaction.atomic():
        vote = VoteSettings.objects.select_for_update().get(round=round)
        if vote.published_at is not None:
            raise InvalidTransition(_("Kết quả bình chọn đã công bố; hãy gỡ công bố trước khi hủy lượt bình chọn."))
        if vote.counts_toward_score and snapshot_in_force(round) is not None:
            # The frozen final scores were computed from these votes.
            raise InvalidTransition(
                _(
                    "Kết quả chung cuộc của vòng đã được chốt với điểm bình chọn; hãy hủy chốt kết quả trước khi "
                    "hủy lượt bình chọn."
                )
            )
        cluster = find_cluster(vote_lines(round), ref)
        if cluster is None:
            raise DomainError(_("Nhóm lượt bình chọn này không còn (có thể đã được xử lý); hãy tải lại trang."))
        decision = VoidDecision.objects.create(
            round=round,
            kind=cluster.kind,
            label=cluster.key,
            reason=reason,
            count=len(cluster.vote_ids),
            by=by,
        )
        Vote.objects.filter(pk__in=cluster.vote_ids, void__isnull=True).update(void=decision)
        audit.append(
            actor=by,
            action="vote.void",
            obj=decision,
            round=round,
            new={"cluster": ref, "votes": cluster.vote_ids},
            reason=reason,
            ip=ip,
        )
    return decision
