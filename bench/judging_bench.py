#!/usr/bin/env python
"""How online scoring scales with the number of entries in a round (20, 200, 2,000).

A round with the default model rubric (7 criteria), 9 judges, and every entry assigned to 3 of
them. Logged in as one judge, it times the judge's home, the score sheet page and one autosave
of a full sheet (7 values), each as a *ratio* to a trivial authenticated view timed in the same
run. Query counts are exact and must not grow with the number of entries: the script exits 1 if
they do. Timings are never a pass/fail criterion. See bench/README.md.

Usage: python bench/judging_bench.py [--sizes 20,200,2000] [--seconds 1]
Uses config.settings.test and a throw-away test database (SQLite in memory by default, or the
server in DATABASE_URL as test_<name>_bench).
"""

import argparse
import datetime as dt
import random
import sys

# First of the imports below (it sorts first, too): it sets Django up before any model is imported.
from _harness import Post, bench_database, measure, query_count
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contest.core.enums import StaffRole
from contest.core.models import Contest, Unit, UnitLevel, UnitType, User
from contest.core.services.contests import seed_default_fields
from contest.dossiers.enums import AttachmentKind, EntryState
from contest.dossiers.models import Attachment, Entry
from contest.judging.enums import ConflictKind, CriterionScorer, SheetKind, SheetStatus
from contest.judging.models import Assignment, Conflict, Criterion, JuryMembership, RoundEntry, Score, ScoreSheet
from contest.judging.services.rubrics import copy_rubric_from_library

JUDGES = 9
JUDGES_PER_ENTRY = 3
UNITS = 40
PAGES = ("home", "sheet", "autosave")


def make_world():
    """One contest, its round with the library's model rubric, 9 judges on the jury and the units
    that will submit. The judges sit in a unit of their own, so no conflict is automatic."""
    now = timezone.now()
    unit_type, level = UnitType.objects.get(code="dang-uy"), UnitLevel.objects.get(code="xa")
    judges_unit = Unit.objects.create(
        code="bench-ban-tuyen-giao", name="Ban Tuyên giáo và Dân vận Tỉnh ủy", unit_type=unit_type, level=level
    )
    units = Unit.objects.bulk_create(
        Unit(code=f"bench-xa-{i:03d}", name=f"Đảng ủy xã số {i + 1}", unit_type=unit_type, level=level)
        for i in range(UNITS)
    )
    organiser = User.objects.create(username="bench-btc", full_name="Trần Thị Bình", unit=judges_unit)
    judges = User.objects.bulk_create(
        User(username=f"bench-gk{i + 1}", full_name=f"Giám khảo số {i + 1}", unit=judges_unit) for i in range(JUDGES)
    )
    Group.objects.get(name=StaffRole.JUDGE.value).user_set.add(*judges)
    contest = Contest.objects.create(
        name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026",
        slug="bench-2026",
        year=2026,
        organiser_body="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        registration_opens=now - dt.timedelta(days=90),
        submission_deadline=now - dt.timedelta(days=30),
    )
    seed_default_fields(contest=contest)
    round_ = contest.rounds.get()
    round_.scoring_deadline = now + dt.timedelta(days=14)
    round_.save(update_fields=["scoring_deadline"])
    copy_rubric_from_library(round=round_, code="mo-hinh-100", by=organiser)
    JuryMembership.objects.bulk_create(
        JuryMembership(round=round_, judge=judge, is_head=(i == 0)) for i, judge in enumerate(judges)
    )
    return round_, units, judges


def add_entries(*, round_, units, judges, count, rng):
    """``count`` more accepted entries admitted to the round, each assigned to 3 judges in turn
    (N/3 per judge), appended to each judge's random order. Rows are written in bulk: this
    measures scoring, not admission and assignment. About a third of each judge's new assignments
    get a submitted sheet and a third a draft, so the home page's progress has all three states."""
    contest = round_.contest
    field = contest.fields.first()
    start = Entry.objects.filter(contest=contest).count()
    entries = Entry.objects.bulk_create(
        Entry(
            contest=contest,
            unit=units[(start + i) % len(units)],
            field=field,
            state=EntryState.ACCEPTED,
            receipt_code=f"DVK26-{start + i:06d}-BNCH",
            submitted_at=timezone.now(),
            title=f"Mô hình số {start + i + 1}: Tổ liên gia an toàn – Zalo kết nối bình yên",
            situation="Địa bàn đông dân cư, nhiều nhà trọ.",
            content_methods="Lập nhóm Zalo theo tổ liên gia; họp dân mỗi quý.",
            outputs="Giảm 62% vụ trộm cắp; hòa giải thành 41 vụ việc.",
            started_on=dt.date(2023, 5, 1),
        )
        for i in range(count)
    )
    RoundEntry.objects.bulk_create(
        RoundEntry(round=round_, entry=entry, code=start + i + 1) for i, entry in enumerate(entries)
    )
    Attachment.objects.bulk_create(
        Attachment(
            entry=entry,
            kind=kind,
            file=f"entries/{contest.pk}/{entry.pk}/{kind}-{n}.bin",
            original_name=f"{kind}-{n}.pdf",
            content_type="application/pdf" if kind != AttachmentKind.PHOTO else "image/jpeg",
            size=123_456,
            sha256="0" * 64,
            pages=2 if kind != AttachmentKind.PHOTO else None,
        )
        for entry in entries
        for n, kind in enumerate([AttachmentKind.REPORT, AttachmentKind.ENDORSEMENT, AttachmentKind.PHOTO])
    )
    mine = {judge.pk: [] for judge in judges}
    for i, entry in enumerate(entries):
        for k in range(JUDGES_PER_ENTRY):
            mine[judges[(start + i + k) % len(judges)].pk].append(entry)
    assignments, sheets = [], []
    for judge in judges:
        batch = mine[judge.pk]
        rng.shuffle(batch)
        first = Assignment.objects.filter(round=round_, judge=judge).count() + 1
        assignments += [
            Assignment(round=round_, judge=judge, entry=entry, position=first + n) for n, entry in enumerate(batch)
        ]
        third = len(batch) // 3
        sheets += [
            ScoreSheet(
                round=round_,
                judge=judge,
                entry=entry,
                kind=SheetKind.JURY,
                status=SheetStatus.SUBMITTED if n < third else SheetStatus.DRAFT,
                submitted_at=timezone.now() if n < third else None,
            )
            for n, entry in enumerate(batch[: 2 * third])
        ]
    Assignment.objects.bulk_create(assignments)
    sheets = ScoreSheet.objects.bulk_create(sheets)
    criteria = list(Criterion.objects.filter(rubric__round=round_, scored_by=CriterionScorer.JURY))
    Score.objects.bulk_create(
        Score(sheet=sheet, criterion=c, value=c.max_points - c.step * (sheet.pk % 3))
        for sheet in sheets
        for c in criteria
    )
    if start == 0:
        # A declared recusal, so the home page has a withdrawn entry to count.
        Conflict.objects.create(
            round=round_,
            judge=judges[0],
            entry=mine[judges[0].pk][-1],
            kind=ConflictKind.RECUSAL,
            reason="Từng tư vấn mô hình.",
        )


def full_sheets(criteria):
    """Two complete sheets that differ in every value, typed as a Vietnamese judge types them."""

    def typed(value):
        return f"{value.normalize():f}".replace(".", ",")

    high = {f"score-{c.pk}": typed(c.max_points - c.step) for c in criteria}
    low = {f"score-{c.pk}": typed(c.max_points - 2 * c.step) for c in criteria}
    comments = {f"comment-{c.pk}": "Có số liệu kiểm chứng." for c in criteria}
    comment = {"sheet_comment": "Mô hình thiết thực, dễ nhân rộng."}
    return {**high, **comments, **comment}, {**low, **comments, **comment}


def fresh_entry(round_, judge):
    """The judge's last assignment with no sheet yet: autosave then times a real draft."""
    scored = ScoreSheet.objects.filter(round=round_, judge=judge).values("entry_id")
    withdrawn = Conflict.objects.filter(round=round_, judge=judge).values("entry_id")
    fresh = (
        Assignment.objects.filter(round=round_, judge=judge)
        .exclude(entry_id__in=scored)
        .exclude(entry_id__in=withdrawn)
        .order_by("-position")
        .values_list("entry_id", flat=True)
        .first()
    )
    if fresh is None:
        sys.exit("judge 1 has no unscored entry left: use sizes of at least 20, each 10 or more above the last")
    return fresh


def profile(client, page):
    """Where one page's time goes: cProfile of 20 requests, then the SQL of one."""
    import cProfile
    import pstats

    from _harness import _request
    from django.test.utils import CaptureQueriesContext

    request = _request(page)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        request(client)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    with CaptureQueriesContext(connection) as queries:
        request(client)
    for query in queries.captured_queries:
        print(f"{query['time']:>7} {query['sql'][:400]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,200,2000", help="entries in the round, comma-separated")
    parser.add_argument("--seconds", type=float, default=1.0, help="time spent per page and size (default 1)")
    parser.add_argument(
        "--profile", choices=PAGES, help="print a cProfile of 20 requests of this page at the largest size, then SQL"
    )
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    rows = []
    rng = random.Random(2026)
    with bench_database():
        round_, units, judges = make_world()
        judge = judges[0]
        criteria = list(Criterion.objects.filter(rubric__round=round_, scored_by=CriterionScorer.JURY))
        if len(criteria) != 7:
            sys.exit(f"the library's model rubric has {len(criteria)} criteria, not 7")
        client = Client()
        client.force_login(judge)
        for size in sizes:
            have = RoundEntry.objects.filter(round=round_).count()
            add_entries(round_=round_, units=units, judges=judges, count=size - have, rng=rng)
            entry_id = fresh_entry(round_, judge)
            pages = {
                "trivial": reverse("bench-trivial"),
                "home": reverse("judging:home"),
                "sheet": reverse("judging:sheet", args=[round_.pk, entry_id]),
                "autosave": Post(reverse("judging:autosave", args=[round_.pk, entry_id]), *full_sheets(criteria)),
            }
            timing, ratio = measure(client, pages, seconds=args.seconds)
            queries = {name: query_count(client, page) for name, page in pages.items()}
            assigned = Assignment.objects.filter(round=round_, judge=judge).count()
            rows.append((size, assigned, timing, ratio, queries))
        if args.profile:
            profile(client, pages[args.profile])
        saved = Score.objects.filter(sheet__entry_id=entry_id, sheet__judge=judge).values_list("value", flat=True)
        if len(saved) != 7:
            sys.exit(f"the autosave stored {len(saved)} scores, not 7")

    print()
    print(
        f"Chấm điểm trực tuyến / online scoring — {connection.vendor}, Django test client, "
        "median of 5 interleaved rounds"
    )
    print(f"{JUDGES} judges, 7 criteria, {JUDGES_PER_ENTRY} judges per entry; as judge 1")
    print("ratio = page time ÷ trivial authenticated view, measured in the same run")
    print()
    header = (
        f"{'entries':>8} | {'assigned':>8} | {'trivial ms':>10} | {'home ×':>7} | {'home q':>6} | "
        f"{'sheet ×':>7} | {'sheet q':>7} | {'autosave ×':>10} | {'autosave q':>10}"
    )
    print(header)
    print("-" * len(header))
    for size, assigned, timing, ratio, queries in rows:
        print(
            f"{size:>8} | {assigned:>8} | {timing['trivial'] * 1000:>10.2f} | "
            f"{ratio['home']:>7.1f} | {queries['home']:>6} | {ratio['sheet']:>7.1f} | {queries['sheet']:>7} | "
            f"{ratio['autosave']:>10.1f} | {queries['autosave']:>10}"
        )
    first, last = rows[0], rows[-1]
    print()
    for page in PAGES:
        growth = last[3][page] / first[3][page]
        print(f"{page}: its ratio at {last[0]} entries is {growth:.1f}× its ratio at {first[0]}")

    grown = [page for page in PAGES if len({row[4][page] for row in rows}) > 1]
    print()
    for page in PAGES:
        counts = " → ".join(str(row[4][page]) for row in rows)
        print(f"{page} queries: {counts}" + (" (flat)" if page not in grown else " (NOT flat)"))
    if grown:
        print(f"\nFAIL: query counts are not flat across sizes on: {', '.join(grown)} (an N+1 query?)")
        return 1
    print(f"\nOK: query counts are flat across sizes ({', '.join(str(s) for s in sizes)} entries).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
