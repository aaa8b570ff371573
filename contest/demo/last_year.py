"""Last year's contest, run to the end through the services: dossiers accepted, scored by the
demo jury, frozen, published, with its prize decision, then moved to last year's calendar."""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from contest.certificates.enums import CertificateKind
from contest.certificates.models import CertificateTemplate
from contest.core.enums import ContestKind, DocumentFormat
from contest.core.models import Contest, Round
from contest.core.services.contests import seed_default_fields
from contest.demo.data import ORGANISER_BODY, DemoEntry
from contest.demo.dossiers import seed_entry
from contest.demo.finished import (
    CERTIFICATE_TEMPLATE,
    FINISHED_CALENDAR,
    FINISHED_CONTEST,
    FINISHED_ENTRIES,
    FINISHED_SLUG,
    FROZEN_ON,
    PUBLISHED_ON,
    SUBMITTED_ON,
)
from contest.demo.sync import Tally, at, demo_score, sync
from contest.dossiers.models import Attachment, Entry, EntryEvent
from contest.judging.models import ScoreSheet
from contest.judging.services.jury import add_judge, admit_accepted_entries, assign_automatically
from contest.judging.services.rubrics import copy_rubric_from_library
from contest.judging.services.sheets import sheet_criteria, submit_sheet
from contest.results.models import ResultSnapshot
from contest.results.services.policy import seed_default_tiers
from contest.results.services.snapshots import freeze, publish


def seed_finished(units, users, tally: Tally) -> Contest:
    """Last year's contest run to the end through the services: dossiers with measured results
    submitted and accepted, scored by the demo jury, frozen, published, and its prize decision.

    The services only take dossiers while a contest is open, so it is run with dates around
    today and moved to last year's calendar at the end. Made once, in one transaction: a rerun
    only corrects the decision on the certificate template.
    """
    contest = Contest.objects.filter(slug=FINISHED_SLUG).first()
    if contest is not None:
        tally.count("unchanged")
        seed_decision(contest, tally)
        return contest
    organiser = users["btc"]
    today = timezone.localdate()
    with transaction.atomic():
        contest = Contest.objects.create(
            slug=FINISHED_SLUG,
            kind=ContestKind.MODEL_REVIEW,
            organiser_body=ORGANISER_BODY,
            document_format=DocumentFormat.PARTY,
            registration_opens=at(today - dt.timedelta(days=1), 7),
            submission_deadline=at(today + dt.timedelta(days=1), 17),
            **FINISHED_CONTEST,
        )
        tally.count("created")
        seed_default_fields(contest=contest)
        specs = [DemoEntry(contest_slug=FINISHED_SLUG, steps=["submit", "accept"], **spec) for spec in FINISHED_ENTRIES]
        for spec in specs:
            seed_entry(spec, contests={FINISHED_SLUG: contest}, units=units, users=users, tally=tally)
        judging_round = contest.rounds.get()
        judging_round.all_judges_score_all = True
        judging_round.save(update_fields=["all_judges_score_all"])
        copy_rubric_from_library(round=judging_round, code="mo-hinh-100", by=organiser)
        add_judge(round=judging_round, judge=users["giamkhao1"], is_head=True, by=organiser)
        add_judge(round=judging_round, judge=users["giamkhao2"], by=organiser)
        admit_accepted_entries(round=judging_round, by=organiser)
        assign_automatically(round=judging_round, by=organiser, seed=2025)
        _score_finished(judging_round, {spec.title: spec.score_share for spec in specs})
        seed_default_tiers(judging_round, by=organiser)
        publish(snapshot=freeze(round=judging_round, by=organiser), by=organiser)
        seed_decision(contest, tally)
        _move_to_last_year(contest, judging_round)
    return Contest.objects.get(pk=contest.pk)


def _score_finished(judging_round, shares) -> None:
    """Every assigned sheet submitted; the second judge is a little stricter than the head."""
    assignments = judging_round.assignments.select_related("judge", "entry").order_by("judge__username", "position")
    for assignment in assignments:
        judge, entry = assignment.judge, assignment.entry
        share = shares[entry.title] - (0.02 if judge.username == "giamkhao2" else 0)
        criteria = sheet_criteria(round=judging_round, entry=entry)
        values = {c.pk: demo_score(c, share) for c in criteria}
        submit_sheet(judge=judge, round=judging_round, entry=entry, values=values, by=judge)


def seed_decision(contest, tally: Tally) -> None:
    _template, outcome = sync(
        CertificateTemplate, {"contest": contest, "kind": CertificateKind.CERTIFICATE}, CERTIFICATE_TEMPLATE
    )
    tally.count(outcome)


def _move_to_last_year(contest, judging_round) -> None:
    """Put the finished contest's calendar and timestamps where a real one would have them
    (the audit chain keeps its real times: its digests depend on them)."""
    calendar = {
        name: at(value.date(), value.hour) if isinstance(value, dt.datetime) else value
        for name, value in FINISHED_CALENDAR.items()
    }
    Contest.objects.filter(pk=contest.pk).update(**calendar)
    Round.objects.filter(pk=judging_round.pk).update(
        starts_on=calendar["judging_starts"], ends_on=calendar["judging_ends"]
    )
    to_submission = timezone.now() - at(SUBMITTED_ON.date(), SUBMITTED_ON.hour)
    entries = Entry.objects.filter(contest=contest)
    entries.update(
        created_at=F("created_at") - to_submission,
        updated_at=F("updated_at") - to_submission,
        submitted_at=F("submitted_at") - to_submission,
    )
    EntryEvent.objects.filter(entry__contest=contest).update(at=F("at") - to_submission)
    Attachment.objects.filter(entry__contest=contest).update(uploaded_at=F("uploaded_at") - to_submission)
    to_judging = timezone.now() - at(calendar["judging_ends"], 10)
    ScoreSheet.objects.filter(round=judging_round).update(
        submitted_at=F("submitted_at") - to_judging, updated_at=F("updated_at") - to_judging
    )
    ResultSnapshot.objects.filter(round=judging_round).update(
        frozen_at=at(FROZEN_ON.date(), FROZEN_ON.hour), published_at=at(PUBLISHED_ON.date(), PUBLISHED_ON.hour)
    )
