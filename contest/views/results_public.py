"""The public results of a round: the published snapshot as a page and as a CSV anyone can
download to recompute the ranking (plain Django views; the public site wraps them later).

Only a *published* snapshot in force is ever shown. Before publishing, and after the snapshot is
invalidated, both URLs answer 404 to everyone, organisers included: there is no preview here, so
nothing can leak through it (organisers look at the back office's results page). Judges are never
named. Four queries whatever the size of the round: round, snapshot, criteria, rows.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from contest import documents, tabulation
from contest.enums import Band, SnapshotStatus
from contest.models import Criterion, ResultSnapshot, Round
from contest.result_exports import CSV_CONTENT_TYPE, public_csv
from contest.scoring import format_score
from contest.text import fold


def _published(round_id):
    round = get_object_or_404(Round.objects.select_related("contest"), pk=round_id)
    snapshot = ResultSnapshot.objects.filter(round=round, status=SnapshotStatus.PUBLISHED).first()
    if snapshot is None:
        raise Http404(_("Kết quả của vòng thi này chưa được công bố."))
    snapshot.round = round
    return round, snapshot


def _criteria(round):
    """[(key, name)] of the round's criteria in rubric order, keyed as the snapshot keys its means."""
    criteria = list(
        Criterion.objects.filter(rubric__round=round)
        .select_related("rubric")
        .order_by("rubric__order", "rubric_id", "order", "id")
    )
    keys = tabulation._criterion_keys(criteria)
    return [(keys[c.pk], c.name) for c in criteria]


def _score(value) -> str:
    return format_score(value) if value not in (None, "") else "—"


def _groups(snapshot, criteria):
    """One table per ranking scope ("" when the round is ranked as a whole)."""
    bands = dict(Band.choices)
    groups = []
    rows = snapshot.rows.select_related("entry__unit").order_by("scope_label", "rank", "code")
    for r in rows:
        if not groups or groups[-1]["scope"] != r.scope_label:
            groups.append({"scope": r.scope_label, "rows": []})
        groups[-1]["rows"].append(
            {
                "rank": r.rank,
                "shared": r.shared_rank,
                "code": f"{r.code:03d}",
                "title": r.entry.title,
                "unit": r.entry.unit.name,
                "score": _score(r.score),
                "prizes": [p for p in [r.prize_name, *(r.part_prizes or [])] if p],
                "band": str(bands.get(r.band, r.band)),
                "means": [_score((r.criterion_means or {}).get(key)) for key, _name in criteria],
            }
        )
    return groups


def results_page(request, round_id):
    round, snapshot = _published(round_id)
    criteria = _criteria(round)
    context = {
        "contest": round.contest,
        "round": round,
        "snapshot": snapshot,
        "criteria": criteria,
        "groups": _groups(snapshot, criteria),
        "method_sentences": documents.method_sentences(snapshot, dict(criteria)),
    }
    return render(request, "contest/public/results.html", context)


def results_csv(request, round_id):
    round, snapshot = _published(round_id)
    content = public_csv(snapshot)
    response = HttpResponse(content, content_type=CSV_CONTENT_TYPE)
    name = slugify(fold(f"{round.contest.slug} {round.name}")) or "ket-qua"
    response["Content-Disposition"] = f'attachment; filename="ket-qua-{name}-v{snapshot.version}.csv"'
    return response
