"""Building the demo through the real services: what ``manage.py seed_demo`` runs.

Idempotent: every object is looked up by a stable key (unit code, username, contest slug, entry
title within its contest and unit) and only created or corrected when it differs, so running it
twice changes nothing. Dossiers are created *through the services* (create, attach, submit,
return, accept), exactly as a unit and the secretariat would, so the demo also exercises the
rules and writes a real history. The data is in contest/demo/data.py and finished.py.
"""

import datetime as dt
import unicodedata
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone

from contest.certificates.enums import CertificateKind
from contest.certificates.models import CertificateTemplate
from contest.core.enums import ContestKind, DocumentFormat, RoundKind
from contest.core.models import Contest, Field, Round, RoundGroup, Unit, UnitLevel, UnitType, User
from contest.core.models.contest import INTERNAL_ROUND_NAMES
from contest.core.services.contests import seed_default_fields
from contest.demo.data import (
    ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_ROUND_NAMES,
    ENTRIES,
    EXTRA_FIELDS,
    HOI_THI_SLUG,
    INDICATOR_KEYS,
    LEGACY_UNIT_CODES,
    MODEL_REVIEW_SLUG,
    ORGANISER_BODY,
    UNITS,
    DemoEntry,
)
from contest.demo.documents import demo_pdf
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
from contest.demo.illustrations import illustration
from contest.demo.jobs import jobs_run_here
from contest.demo.logins import login_lines
from contest.demo.stage import seed_stage_day
from contest.dossiers.enums import AttachmentKind, EntryKind, EntryState
from contest.dossiers.models import Attachment, Entry, EntryEvent
from contest.dossiers.services import review
from contest.dossiers.services.attachments import add_attachment
from contest.dossiers.services.entries import create_entry, submit_entry, update_entry
from contest.judging.enums import SheetKind
from contest.judging.models import ScoreSheet
from contest.judging.services.jury import add_judge, admit_accepted_entries, assign_automatically
from contest.judging.services.rubrics import copy_rubric_from_library
from contest.judging.services.sheets import save_sheet, sheet_criteria, submit_sheet
from contest.results.models import ResultSnapshot
from contest.results.services.policy import seed_default_tiers
from contest.results.services.snapshots import freeze, publish

CHECKLIST_ALL = {key: True for key, _label in review.CHECKLIST}


def _demo_score(criterion, share: float):
    """A plausible score: ``share`` of the maximum, rounded down to the criterion's step."""
    steps = int(criterion.max_points * Decimal(str(share)) / criterion.step)
    return steps * criterion.step


def _sync(model, lookup: dict, values: dict):
    """get_or_create, then correct only the fields that differ (no write when nothing changed)."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if created:
        return obj, "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        return obj, "updated"
    return obj, "unchanged"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _next_october_15(after: dt.date) -> dt.date:
    """15/10, the Day of Mass Mobilisation work: results are announced on the next one."""
    candidate = dt.date(after.year, 10, 15)
    return candidate if candidate >= after else dt.date(after.year + 1, 10, 15)


class DemoSeeder:
    """Seeds the demo; reports on ``stdout`` (a management command's) with its ``style``."""

    def __init__(self, *, stdout, style):
        self.stdout = stdout
        self.style = style

    def run(self, *, reset_passwords=False, print_logins=True):
        """Seed everything; jobs the services queue run here and their e-mails are kept (jobs.py)."""
        self.print_logins = print_logins
        with jobs_run_here() as kept:
            self._seed(reset_passwords=reset_passwords)
        self.mail_summary = kept.summary()
        self.report(self._contests)

    def _seed(self, *, reset_passwords):
        self.tally = {"created": 0, "updated": 0, "unchanged": 0}
        self.reset_passwords = reset_passwords
        self._password_hash = None
        today = timezone.localdate()
        with transaction.atomic():
            units = self.seed_units()
            users = self.seed_accounts(units)
            contests = {
                MODEL_REVIEW_SLUG: self.seed_model_review(today),
                HOI_THI_SLUG: self.seed_hoi_thi(today),
            }
        # Each dossier in its own transaction: a failure leaves the others (and the set-up) done.
        for spec in ENTRIES:
            self.seed_entry(spec, contests=contests, units=units, users=users)
        self.seed_judging(contests[MODEL_REVIEW_SLUG], users)
        # The Hội thi final, ready to run on the day (console, tablets, projector).
        staged = seed_stage_day(contest=contests[HOI_THI_SLUG], units=units, users=users)
        self.count("created" if staged else "unchanged")
        contests[FINISHED_SLUG] = self.seed_finished(units, users)
        self.name_rounds(contests)
        self._contests = contests

    def name_rounds(self, contests):
        """The rounds the set-up left with its placeholder name ("Vòng chấm") get the name people
        use; a demo seeded before keeps its rounds, renamed in place."""
        for slug, contest in contests.items():
            for order, name in DEMO_ROUND_NAMES.get(slug, {}).items():
                placeholders = [
                    r.pk
                    for r in contest.rounds.filter(order=order)
                    if unicodedata.normalize("NFC", " ".join(r.name.split())).casefold() in INTERNAL_ROUND_NAMES
                ]
                if placeholders:
                    Round.objects.filter(pk__in=placeholders).update(name=name)
                    self.count("updated")

    def seed_judging(self, contest, users):
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
            self.seed_sheets(first_round)

    # What each demo judge has done so far, in the judge's own order of entries (the demo round
    # has one accepted dossier: the head judge submitted it, the other judge is halfway).
    DEMO_SHEETS = {"giamkhao1": ("submit", "draft"), "giamkhao2": ("draft", "submit")}

    def seed_sheets(self, first_round):
        """A few score sheets made through the scoring services, so that "Tiến độ chấm" shows
        a submitted and a draft sheet. Only when the round has no judge's sheet yet: a
        rerun, or a demo someone has since scored by hand, is left alone."""
        if ScoreSheet.objects.filter(round=first_round, kind=SheetKind.JURY).exists():
            return
        for username, steps in self.DEMO_SHEETS.items():
            assignments = (
                first_round.assignments.filter(judge__username=username)
                .select_related("judge", "entry")
                .order_by("position")
            )
            for number, (assignment, step) in enumerate(zip(assignments, steps, strict=False)):
                judge, entry = assignment.judge, assignment.entry
                criteria = sheet_criteria(round=first_round, entry=entry)
                values = {c.pk: _demo_score(c, 0.9 - 0.05 * number) for c in criteria}
                if step == "submit":
                    submit_sheet(judge=judge, round=first_round, entry=entry, values=values, by=judge)
                else:
                    half = dict(list(values.items())[: len(values) // 2])
                    save_sheet(judge=judge, round=first_round, entry=entry, values=half, by=judge)

    # -- last year's contest, finished and published ------------------------------------------

    def seed_finished(self, units, users):
        """Last year's contest run to the end through the services: dossiers with measured results
        submitted and accepted, scored by the demo jury, frozen, published, and its prize decision.

        The services only take dossiers while a contest is open, so it is run with dates around
        today and moved to last year's calendar at the end. Made once, in one transaction: a rerun
        only corrects the decision on the certificate template.
        """
        contest = Contest.objects.filter(slug=FINISHED_SLUG).first()
        if contest is not None:
            self.count("unchanged")
            self.seed_decision(contest)
            return contest
        organiser = users["btc"]
        today = timezone.localdate()
        with transaction.atomic():
            contest = Contest.objects.create(
                slug=FINISHED_SLUG,
                kind=ContestKind.MODEL_REVIEW,
                organiser_body=ORGANISER_BODY,
                document_format=DocumentFormat.PARTY,
                registration_opens=_at(today - dt.timedelta(days=1), 7),
                submission_deadline=_at(today + dt.timedelta(days=1), 17),
                **FINISHED_CONTEST,
            )
            self.count("created")
            seed_default_fields(contest=contest)
            specs = [
                DemoEntry(contest_slug=FINISHED_SLUG, steps=["submit", "accept"], **spec) for spec in FINISHED_ENTRIES
            ]
            for spec in specs:
                self.seed_entry(spec, contests={FINISHED_SLUG: contest}, units=units, users=users)
            judging_round = contest.rounds.get()
            judging_round.all_judges_score_all = True
            judging_round.save(update_fields=["all_judges_score_all"])
            copy_rubric_from_library(round=judging_round, code="mo-hinh-100", by=organiser)
            add_judge(round=judging_round, judge=users["giamkhao1"], is_head=True, by=organiser)
            add_judge(round=judging_round, judge=users["giamkhao2"], by=organiser)
            admit_accepted_entries(round=judging_round, by=organiser)
            assign_automatically(round=judging_round, by=organiser, seed=2025)
            self.score_finished(judging_round, {spec.title: spec.score_share for spec in specs})
            seed_default_tiers(judging_round, by=organiser)
            publish(snapshot=freeze(round=judging_round, by=organiser), by=organiser)
            self.seed_decision(contest)
            self.move_to_last_year(contest, judging_round)
        return Contest.objects.get(pk=contest.pk)

    @staticmethod
    def score_finished(judging_round, shares):
        """Every assigned sheet submitted; the second judge is a little stricter than the head."""
        assignments = judging_round.assignments.select_related("judge", "entry").order_by("judge__username", "position")
        for assignment in assignments:
            judge, entry = assignment.judge, assignment.entry
            share = shares[entry.title] - (0.02 if judge.username == "giamkhao2" else 0)
            criteria = sheet_criteria(round=judging_round, entry=entry)
            values = {c.pk: _demo_score(c, share) for c in criteria}
            submit_sheet(judge=judge, round=judging_round, entry=entry, values=values, by=judge)

    def seed_decision(self, contest):
        _template, outcome = _sync(
            CertificateTemplate, {"contest": contest, "kind": CertificateKind.CERTIFICATE}, CERTIFICATE_TEMPLATE
        )
        self.count(outcome)

    @staticmethod
    def move_to_last_year(contest, judging_round):
        """Put the finished contest's calendar and timestamps where a real one would have them
        (the audit chain keeps its real times: its digests depend on them)."""
        calendar = {
            name: _at(value.date(), value.hour) if isinstance(value, dt.datetime) else value
            for name, value in FINISHED_CALENDAR.items()
        }
        Contest.objects.filter(pk=contest.pk).update(**calendar)
        Round.objects.filter(pk=judging_round.pk).update(
            starts_on=calendar["judging_starts"], ends_on=calendar["judging_ends"]
        )
        to_submission = timezone.now() - _at(SUBMITTED_ON.date(), SUBMITTED_ON.hour)
        entries = Entry.objects.filter(contest=contest)
        entries.update(
            created_at=F("created_at") - to_submission,
            updated_at=F("updated_at") - to_submission,
            submitted_at=F("submitted_at") - to_submission,
        )
        EntryEvent.objects.filter(entry__contest=contest).update(at=F("at") - to_submission)
        Attachment.objects.filter(entry__contest=contest).update(uploaded_at=F("uploaded_at") - to_submission)
        to_judging = timezone.now() - _at(calendar["judging_ends"], 10)
        ScoreSheet.objects.filter(round=judging_round).update(
            submitted_at=F("submitted_at") - to_judging, updated_at=F("updated_at") - to_judging
        )
        ResultSnapshot.objects.filter(round=judging_round).update(
            frozen_at=_at(FROZEN_ON.date(), FROZEN_ON.hour), published_at=_at(PUBLISHED_ON.date(), PUBLISHED_ON.hour)
        )

    def demo_password_hash(self):
        # One hash for all demo accounts: the password is published anyway, and hashing it once
        # instead of six times saves seconds on every fresh `make run`.
        if self._password_hash is None:
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash

    def count(self, outcome):
        self.tally[outcome] += 1

    # -- units and accounts ---------------------------------------------------------------------

    def seed_units(self):
        types = {t.code: t for t in UnitType.objects.all()}
        levels = {level.code: level for level in UnitLevel.objects.all()}
        units = {}
        for old, new in LEGACY_UNIT_CODES.items():
            if Unit.objects.filter(code=old).exists() and not Unit.objects.filter(code=new).exists():
                Unit.objects.filter(code=old).update(code=new)
                self.count("updated")
        for order, (code, name, type_code, level_code, parent_code) in enumerate(UNITS, start=1):
            unit, outcome = _sync(
                Unit,
                {"code": code},
                {
                    "name": name,
                    "unit_type": types[type_code],
                    "level": levels[level_code],
                    "parent": units[parent_code] if parent_code else None,
                    "order": order,
                    "email": f"{code.lower()}@example.vn",
                },
            )
            units[code] = unit
            self.count(outcome)
        return units

    def seed_accounts(self, units):
        users = {}
        for username, full_name, position, role, unit_code, _label in ACCOUNTS:
            user, outcome = _sync(
                User,
                {"username": username},
                {
                    "full_name": full_name,
                    "position": position,
                    "email": f"{username}@example.vn",
                    "unit": units[unit_code] if unit_code else None,
                    "is_active": True,
                },
            )
            # Set on creation only (or when asked): checking a PBKDF2 hash costs ~0.7 s per account,
            # and a rerun must not re-salt (and so change) every row.
            if outcome == "created" or self.reset_passwords:
                user.password = self.demo_password_hash()
                user.save(update_fields=["password"])
                outcome = "created" if outcome == "created" else "updated"
            if role is not None:
                group = Group.objects.get(name=role.value)
                if not user.groups.filter(pk=group.pk).exists():
                    user.groups.add(group)
            users[username] = user
            self.count(outcome)
        return users

    # -- contests -------------------------------------------------------------------------------

    @staticmethod
    def _calendar(contest, wanted):
        """Dates are relative to today so that the demo is open for entries whenever it is run.

        A new contest gets them; a second run keeps the dates it finds while registration is
        still open (nothing changes); only a demo whose contest has closed since moves forward.
        """
        if contest is None or contest.submission_deadline < timezone.now():
            return wanted
        return {}

    def seed_model_review(self, today):
        deadline = today + dt.timedelta(days=60)
        judging_ends = deadline + dt.timedelta(days=30)
        dates = {
            "registration_opens": _at(today - dt.timedelta(days=30), 7),
            "submission_deadline": _at(deadline, 17),
            "judging_starts": deadline + dt.timedelta(days=1),
            "judging_ends": judging_ends,
            "results_date": _next_october_15(judging_ends),
        }
        existing = Contest.objects.filter(slug=MODEL_REVIEW_SLUG).first()
        values = {
            "kind": ContestKind.MODEL_REVIEW,
            "name": "Bình xét mô hình Dân vận khéo tiêu biểu năm 2026",
            "year": 2026,
            "organiser_body": ORGANISER_BODY,
            "document_format": DocumentFormat.PARTY,
            "document_place": "Đà Nẵng",
            "rules_text": (
                "Mỗi đơn vị đăng ký tối đa 3 mô hình. Mô hình phải triển khai ít nhất 12 tháng, có xác nhận "
                "của cấp ủy. Hồ sơ gồm báo cáo (không quá 10 trang), tối đa 10 ảnh, 1 video không quá 10 phút. "
                "Chấm theo thang 100 điểm; mỗi lĩnh vực xét 1 giải Nhất, 2 giải Nhì, 3 giải Ba, 5 giải "
                "Khuyến khích; chỉ trao giải cho mô hình đạt từ 70 điểm. Công bố kết quả ngày 15/10."
            ),
            "entry_quota_per_unit": 3,
            "require_endorsement": True,
            "min_running_months": 12,
        }
        values.update(self._calendar(existing, dates))
        contest, outcome = _sync(Contest, {"slug": MODEL_REVIEW_SLUG}, values)
        self.count(outcome)
        # The canonical four first (the service only seeds an empty list), then the local ones.
        seed_default_fields(contest=contest)
        # Extra fields are only added, never renamed back: an organiser may have edited them.
        start = contest.fields.count()
        for i, (code, name) in enumerate(EXTRA_FIELDS):
            _field, created = Field.objects.get_or_create(
                contest=contest, code=code, defaults={"name": name, "order": start + i}
            )
            self.count("created" if created else "unchanged")
        return contest

    def seed_hoi_thi(self, today):
        deadline = today + dt.timedelta(days=30)
        final_day = _next_october_15(deadline + dt.timedelta(days=30))
        cluster_start = deadline + dt.timedelta(days=14)
        dates = {
            "registration_opens": _at(today - dt.timedelta(days=20), 7),
            "submission_deadline": _at(deadline, 17),
            "judging_starts": cluster_start,
            "judging_ends": final_day,
            "results_date": final_day,
        }
        existing = Contest.objects.filter(slug=HOI_THI_SLUG).first()
        values = {
            "kind": ContestKind.HOI_THI,
            "name": "Hội thi “Dân vận khéo” thành phố Đà Nẵng năm 2026",
            "year": 2026,
            "organiser_body": ORGANISER_BODY,
            "document_format": DocumentFormat.PARTY,
            "document_place": "Đà Nẵng",
            "rules_text": (
                "Mỗi đơn vị cử 1 đội thi gồm 5 thí sinh và 2 người hỗ trợ. Ba phần thi: chào hỏi (20 điểm), "
                "kiến thức (30 điểm: 10 câu trắc nghiệm và 1 tình huống), tiểu phẩm (50 điểm). Vòng cụm "
                "gồm 4 cụm, mỗi cụm chọn đội Nhất và Nhì vào chung khảo (8 đội). Thứ tự thi do bốc thăm."
            ),
            "entry_quota_per_unit": 1,
            # A team needs no Party endorsement scan nor a 12-month running model.
            "require_endorsement": False,
            "min_running_months": 0,
        }
        values.update(self._calendar(existing, dates))
        contest, outcome = _sync(Contest, {"slug": HOI_THI_SLUG}, values)
        self.count(outcome)

        # Round dates follow the contest's (kept) calendar, so they too stay put on a rerun.
        cluster_start = contest.judging_starts or dates["judging_starts"]
        final_day = contest.results_date or dates["results_date"]
        prelim, outcome = _sync(
            Round,
            {"contest": contest, "order": 1},
            {
                "name": DEMO_ROUND_NAMES[HOI_THI_SLUG][1],
                "kind": RoundKind.PRELIMINARY,
                "starts_on": cluster_start,
                "ends_on": cluster_start + dt.timedelta(days=10),
            },
        )
        self.count(outcome)
        for order in range(1, 5):
            _group, outcome = _sync(RoundGroup, {"round": prelim, "name": f"Cụm {order}"}, {"order": order})
            self.count(outcome)
        final, outcome = _sync(
            Round,
            {"contest": contest, "order": 2},
            {
                "name": DEMO_ROUND_NAMES[HOI_THI_SLUG][2],
                "kind": RoundKind.FINAL,
                "starts_on": final_day,
                "ends_on": final_day,
            },
        )
        self.count(outcome)
        return contest

    # -- dossiers -------------------------------------------------------------------------------

    def seed_entry(self, spec: DemoEntry, *, contests, units, users):
        contest, unit, author = contests[spec.contest_slug], units[spec.unit_code], users[spec.username]
        if Entry.objects.filter(contest=contest, unit=unit, title=spec.title).exists():
            self.count("unchanged")
            return
        secretariat = users["thuky"]
        data = {"kind": spec.kind, "title": spec.title, **spec.data}
        if spec.field_code:
            data["field"] = contest.fields.get(code=spec.field_code)
        with transaction.atomic():
            entry = create_entry(
                contest=contest,
                unit=unit,
                by=author,
                data=data,
                members=spec.members or None,
                indicators=[dict(zip(INDICATOR_KEYS, row, strict=True)) for row in spec.indicators],
            )
            self.attach(entry, spec, author)
            for step in spec.steps:
                entry = self.apply_step(step, entry, author=author, secretariat=secretariat)
        self.count("created")

    def attach(self, entry, spec, author):
        if spec.kind == EntryKind.TEAM:
            return
        files = [
            (
                AttachmentKind.REPORT,
                "bao-cao-mo-hinh.pdf",
                "application/pdf",
                demo_pdf(
                    [
                        "BAO CAO MO HINH DAN VAN KHEO (tai lieu mau)",
                        spec.title,
                        entry.unit.name,
                        "Noi dung day du xem trong ho so truc tuyen.",
                    ]
                ),
                "",
            ),
        ]
        if entry.contest.require_endorsement:
            files.append(
                (
                    AttachmentKind.ENDORSEMENT,
                    "xac-nhan-cap-uy.pdf",
                    "application/pdf",
                    demo_pdf(
                        [
                            "XAC NHAN CUA CAP UY (tai lieu mau)",
                            f"{entry.unit.name} xac nhan mo hinh: {spec.title}",
                        ]
                    ),
                    "",
                )
            )
        for i, (scene, caption) in enumerate(spec.photos, start=1):
            photo = illustration(scene, caption, seed=i)
            files.append((AttachmentKind.PHOTO, f"anh-{i}.jpg", "image/jpeg", photo, caption))
        for kind, name, content_type, content, caption in files:
            add_attachment(
                entry=entry,
                kind=kind,
                by=author,
                caption=caption,
                uploaded_file=SimpleUploadedFile(name, content, content_type=content_type),
            )

    def apply_step(self, step, entry, *, author, secretariat):
        if step == "submit":
            return submit_entry(entry=entry, by=author)
        if step == "return":
            return review.return_entry(
                entry=entry,
                by=secretariat,
                reason="Bổ sung số liệu kiểm chứng (trước/sau khi triển khai) và ảnh chụp hiện trường.",
            )
        if step == "resubmit":
            entry = update_entry(
                entry=entry,
                by=author,
                data={"outputs": entry.outputs + " Số liệu kiểm chứng: năm 2021 có 52 hộ nghèo, năm 2025 còn 24 hộ."},
            )
            return submit_entry(entry=entry, by=author)
        if step == "accept":
            return review.accept_entry(entry=entry, by=secretariat, checklist=CHECKLIST_ALL, note="Hồ sơ đầy đủ.")
        raise ValueError(f"unknown demo step {step!r}")

    # -- output ---------------------------------------------------------------------------------

    def report(self, contests):
        out = self.stdout
        t = self.tally
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
        counts = {}
        for state in Entry.objects.filter(contest=contest).values_list("state", flat=True):
            label = str(EntryState(state).label)
            counts[label] = counts.get(label, 0) + 1
        return ", ".join(f"{n} {label.lower()}" for label, n in sorted(counts.items()))
