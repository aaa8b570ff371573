"""The public results of a round: the published snapshot as a page and as a CSV anyone can
download to recompute the ranking (plain Django views; the public site wraps them later).

Only a *published* snapshot in force is ever shown. Before publishing, and after the snapshot is
invalidated, both URLs answer 404 to everyone, organisers included: there is no preview here, so
nothing can leak through it (organisers look at the back office's results page). Judges are never
named. Four queries whatever the size of the round: round, snapshot, criteria, rows.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from contest.core.models import Round
from contest.core.text import fold
from contest.results import documents
from contest.results.exports import public_csv
from contest.results.public import criteria_of, public_ranking_tables, published_snapshot
from contest.spreadsheets import writer


def _published(round_id):
    round = get_object_or_404(Round.objects.select_related("contest"), pk=round_id)
    snapshot = published_snapshot(round)
    if snapshot is None:
        raise Http404(_("Kết quả của vòng thi này chưa được công bố."))
    return round, snapshot


def results_page(request, round_id):
    round, snapshot = _published(round_id)
    criteria = criteria_of(round)
    context = {
        "contest": round.contest,
        "round": round,
        "snapshot": snapshot,
        "criteria": criteria,
        "groups": public_ranking_tables(snapshot, criteria),
        "method_sentences": documents.method_sentences(snapshot, {key: short for key, short, _name in criteria}),
    }
    return render(request, "contest/results/public/results.html", context)


def results_csv(request, round_id):
    round, snapshot = _published(round_id)
    content = public_csv(snapshot)
    name = slugify(fold(f"{round.contest.slug} {round.name}")) or "ket-qua"
    return writer.download(content, filename=f"ket-qua-{name}-v{snapshot.version}", fmt="csv")
