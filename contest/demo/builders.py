"""Building the demo through the real services: what ``manage.py seed_demo`` runs.

Idempotent: every object is looked up by a stable key (unit code, username, contest slug, entry
title within its contest and unit) and only created or corrected when it differs, so running it
twice changes nothing. Dossiers are created *through the services* (create, attach, submit,
return, accept), exactly as a unit and the secretariat would, so the demo also exercises the
rules and writes a real history. The data is in contest/demo/data.py and finished.py; each part
is built by its own module (organisation, contests, dossiers, judging, stage, last_year).
"""

from django.db import transaction
from django.utils import formats, timezone

from contest.demo.contests import name_rounds, seed_hoi_thi, seed_model_review
from contest.demo.data import ENTRIES, HOI_THI_SLUG, MODEL_REVIEW_SLUG
from contest.demo.dossiers import seed_entry
from contest.demo.finished import FINISHED_SLUG
from contest.demo.jobs import jobs_run_here
from contest.demo.judging import seed_judging
from contest.demo.last_year import seed_finished
from contest.demo.logins import login_lines
from contest.demo.organisation import seed_accounts, seed_units
from contest.demo.stage import seed_stage_day
from contest.demo.sync import Tally
from contest.dossiers.enums import EntryState
from contest.dossiers.models import Entry


class DemoSeeder:
    """Seeds the demo; reports on ``stdout`` (a management command's) with its ``style``."""

    def __init__(self, *, stdout, style):
        self.stdout = stdout
        self.style = style

    def run(self, *, reset_passwords=False, print_logins=True):
        """Seed everything; jobs the services queue run here and their e-mails are kept (jobs.py)."""
        self.print_logins = print_logins
        with jobs_run_here() as kept:
            contests = self._seed(reset_passwords=reset_passwords)
        self.mail_summary = kept.summary()
        self.report(contests)

    def _seed(self, *, reset_passwords):
        self.tally = tally = Tally()
        today = timezone.localdate()
        with transaction.atomic():
            units = seed_units(tally)
            users = seed_accounts(units, tally, reset_passwords=reset_passwords)
            contests = {
                MODEL_REVIEW_SLUG: seed_model_review(today, tally),
                HOI_THI_SLUG: seed_hoi_thi(today, tally),
            }
        # Each dossier in its own transaction: a failure leaves the others (and the set-up) done.
        for spec in ENTRIES:
            seed_entry(spec, contests=contests, units=units, users=users, tally=tally)
        seed_judging(contests[MODEL_REVIEW_SLUG], users)
        # The Hội thi final, ready to run on the day (console, tablets, projector).
        staged = seed_stage_day(contest=contests[HOI_THI_SLUG], units=units, users=users)
        tally.count("created" if staged else "unchanged")
        contests[FINISHED_SLUG] = seed_finished(units, users, tally)
        name_rounds(contests, tally)
        return contests

    # -- output ---------------------------------------------------------------------------------

    def report(self, contests):
        out = self.stdout
        t = self.tally.counts
        out.write(
            f"Dữ liệu mẫu: {t['created']} mục tạo mới, {t['updated']} mục cập nhật, {t['unchanged']} mục giữ nguyên."
        )
        for contest in contests.values():
            states = self._states(contest)
            deadline = formats.date_format(timezone.localtime(contest.submission_deadline), "DATETIME_FORMAT")
            out.write(f"  • {contest.name}: hạn nộp {deadline}; hồ sơ: {states or 'chưa có'}")
        if self.mail_summary:
            out.write(self.mail_summary)
        if self.print_logins:
            lines = login_lines()
            out.write("")
            out.write(self.style.SUCCESS(lines[0]))
            for line in lines[1:]:
                out.write(line)

    @staticmethod
    def _states(contest):
        counts: dict[str, int] = {}
        for state in Entry.objects.filter(contest=contest).values_list("state", flat=True):
            label = str(EntryState(state).label)
            counts[label] = counts.get(label, 0) + 1
        return ", ".join(f"{n} {label.lower()}" for label, n in sorted(counts.items()))
