"""The public results of a round: the published snapshot as a page and as a CSV anyone can
download to recompute the ranking (plain Django views; the public site wraps them later).

Only a *published* snapshot in force is ever shown, or, during a notice period
(contest/notices/), the frozen snapshot the organisers made public as the provisional list, marked
as such with the notice's dates. Otherwise both URLs answer 404 to everyone, organisers included:
there is no preview here, so nothing can leak through it (organisers look at the back office). Judges are never
named. A fixed number of queries whatever the size of the round: round, snapshot, criteria, rows,
and the notice with, after a re-freeze, the previous version's rows for the list of changes
(contest/notices/public.py).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from contest.core.models import Round
from contest.core.text import fold
from contest.notices.public import provisional, public_changes
from contest.results import documents
from contest.results.exports import public_csv
from contest.results.public import criteria_of, public_ranking_tables, published_snapshot
from contest.spreadsheets import writer


def _readable(round_id):
    """The round and what the public may read of it: the published snapshot, or the provisional
    list out for opinions (contest/notices/public.py; its snapshot is None during a re-marking)."""
    round = get_object_or_404(Round.objects.select_related("contest"), pk=round_id)
    snapshot = published_snapshot(round)
    if snapshot is not None:
        return round, snapshot, None
    notice = provisional(round)
    if notice is None:
        raise Http404(_("Kết quả của vòng thi này chưa được công bố."))
    return round, notice.snapshot, notice


def results_page(request, round_id):
    round, snapshot, notice = _readable(round_id)
    context = {"contest": round.contest, "round": round, "snapshot": snapshot, "provisional": notice}
    if snapshot is not None:
        criteria = criteria_of(round)
        context.update(
            criteria=criteria,
            groups=public_ranking_tables(snapshot, criteria),
            method_sentences=documents.method_sentences(snapshot, {key: short for key, short, _name in criteria}),
            changes=public_changes(round, snapshot),
        )
    return render(request, "contest/results/public/results.html", context)


def results_csv(request, round_id):
    round, snapshot, notice = _readable(round_id)
    if snapshot is None:
        raise Http404(_("Kết quả của vòng thi này đang được chấm lại."))
    content = public_csv(snapshot, provisional=notice is not None)
    name = slugify(fold(f"{round.contest.slug} {round.name}")) or "ket-qua"
    kind = "ket-qua-du-kien" if notice is not None else "ket-qua"
    return writer.download(content, filename=f"{kind}-{name}-v{snapshot.version}", fmt="csv")
