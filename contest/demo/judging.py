"""The demo's jury for this year's model review: rubric, two judges, assignments and a few
score sheets made through the scoring services, so that "Tiến độ chấm" has something to show."""

from django.db import transaction

from contest.demo.sync import demo_score
from contest.dossiers.enums import EntryState
from contest.judging.enums import SheetKind
from contest.judging.models import ScoreSheet
from contest.judging.services.jury import add_judge, admit_accepted_entries, assign_automatically
from contest.judging.services.rubrics import copy_rubric_from_library
from contest.judging.services.sheets import save_sheet, sheet_criteria, submit_sheet


def seed_judging(contest, users) -> None:
    """The model review's round gets the default rubric, the two demo judges and assignments,
    so that the demo judges have accepted dossiers to score. Each step only if not done yet."""
    first_round = contest.rounds.order_by("order").first()
    organiser = users["btc"]
    with transaction.atomic():
        if not first_round.rubrics.exists():
            copy_rubric_from_library(round=first_round, code="mo-hinh-100", by=organiser)
        if not first_round.all_judges_score_all:
            # A jury of two scores everything (common for small juries), conflicts aside.
            first_round.all_judges_score_all = True
            first_round.save(update_fields=["all_judges_score_all"])
        members = set(first_round.jury.values_list("judge__username", flat=True))
        for username, head in (("giamkhao1", True), ("giamkhao2", False)):
            if username not in members:
                add_judge(round=first_round, judge=users[username], is_head=head, by=organiser)
        accepted = contest.entries.filter(state=EntryState.ACCEPTED)
        if accepted.exclude(round_entries__round=first_round).exists():
            admit_accepted_entries(round=first_round, by=organiser)
        if not first_round.assignments.exists() and first_round.round_entries.exists():
            assign_automatically(round=first_round, by=organiser, seed=2026)
        _seed_sheets(first_round)


# What each demo judge has done so far, in the judge's own order of entries (the demo round
# has one accepted dossier: the head judge submitted it, the other judge is halfway).
DEMO_SHEETS = {"giamkhao1": ("submit", "draft"), "giamkhao2": ("draft", "submit")}


def _seed_sheets(first_round) -> None:
    """A few score sheets made through the scoring services, so that "Tiến độ chấm" shows
    a submitted and a draft sheet. Only when the round has no judge's sheet yet: a
    rerun, or a demo someone has since scored by hand, is left alone."""
    if ScoreSheet.objects.filter(round=first_round, kind=SheetKind.JURY).exists():
        return
    for username, steps in DEMO_SHEETS.items():
        assignments = (
            first_round.assignments.filter(judge__username=username)
            .select_related("judge", "entry")
            .order_by("position")
        )
        for number, (assignment, step) in enumerate(zip(assignments, steps, strict=False)):
            judge, entry = assignment.judge, assignment.entry
            criteria = sheet_criteria(round=first_round, entry=entry)
            values = {c.pk: demo_score(c, 0.9 - 0.05 * number) for c in criteria}
            if step == "submit":
                submit_sheet(judge=judge, round=first_round, entry=entry, values=values, by=judge)
            else:
                half = dict(list(values.items())[: len(values) // 2])
                save_sheet(judge=judge, round=first_round, entry=entry, values=half, by=judge)
