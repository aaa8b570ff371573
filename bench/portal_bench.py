#!/usr/bin/env python
"""How the unit portal scales with the number of a unit's entries (1, 100, 1,000).

Each page is timed through the Django test client and reported as a *ratio* to a trivial
authenticated view timed in the same run, so the numbers mean the same on a laptop and on a
loaded CI machine. Query counts are exact and must not grow with the number of entries: the
script exits 1 if they do. Timings are never a pass/fail criterion. See bench/README.md.

Usage: python bench/portal_bench.py [--sizes 1,100,1000] [--seconds 0.25]
Uses config.settings.test and a throw-away test database (SQLite in memory by default, or the
server in DATABASE_URL as test_<name>_bench).
"""

import argparse
import datetime as dt
import sys

# First of the imports below (it sorts first, too): it sets Django up before any model is imported.
from _harness import bench_database, measure, query_count
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contest.core.models import Contest, Unit, UnitLevel, UnitType, User
from contest.core.services.contests import seed_default_fields
from contest.dossiers.enums import AttachmentKind, EntryAction, EntryState
from contest.dossiers.models import Attachment, Entry, EntryEvent


def make_world():
    now = timezone.now()
    unit = Unit.objects.create(
        code="bench-unit",
        name="Đảng ủy phường Thanh Khê",
        unit_type=UnitType.objects.get(code="dang-uy"),
        level=UnitLevel.objects.get(code="xa"),
    )
    user = User.objects.create(username="bench", full_name="Nguyễn Văn An", unit=unit)
    contest = Contest.objects.create(
        name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026",
        slug="bench-2026",
        year=2026,
        organiser_body="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        registration_opens=now - dt.timedelta(days=30),
        submission_deadline=now + dt.timedelta(days=30),
    )
    seed_default_fields(contest=contest)
    return unit, user, contest


def add_entries(*, unit, user, contest, count):
    """Rows written directly (bulk) rather than through the services: the per-unit quota would
    stop at 3, and this measures reading, not writing. Each entry gets the files and history a
    submitted dossier has, so the pages do their real work."""
    field = contest.fields.first()
    start = Entry.objects.filter(unit=unit).count()
    entries = Entry.objects.bulk_create(
        Entry(
            contest=contest,
            unit=unit,
            field=field,
            state=EntryState.SUBMITTED,
            receipt_code=f"DVK26-{start + i:06d}-BNCH",
            submitted_at=timezone.now(),
            title=f"Mô hình số {start + i + 1}: Tổ liên gia an toàn – Zalo kết nối bình yên",
            situation="Địa bàn đông dân cư, nhiều nhà trọ.",
            outputs="Giảm 62% vụ trộm cắp; hòa giải thành 41 vụ việc.",
            started_on=dt.date(2023, 5, 1),
            created_by=user,
        )
        for i in range(count)
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
    EntryEvent.objects.bulk_create(
        EntryEvent(entry=entry, action=action, actor=user, to_state=state)
        for entry in entries
        for action, state in [(EntryAction.CREATED, EntryState.DRAFT), (EntryAction.SUBMITTED, EntryState.SUBMITTED)]
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,100,1000", help="entries for the unit, comma-separated")
    parser.add_argument("--seconds", type=float, default=1.0, help="time spent per page and size (default 1)")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    rows = []
    with bench_database():
        unit, user, contest = make_world()
        client = Client()
        client.force_login(user)
        for size in sizes:
            add_entries(unit=unit, user=user, contest=contest, count=size - Entry.objects.filter(unit=unit).count())
            # The detail page of the newest entry, the one a unit opens most.
            detail = reverse("portal:entry-detail", args=[Entry.objects.filter(unit=unit).latest("pk").pk])
            urls = {"trivial": reverse("bench-trivial"), "home": reverse("portal:home"), "detail": detail}
            timing, ratio = measure(client, urls, seconds=args.seconds)
            queries = {name: query_count(client, url) for name, url in urls.items()}
            rows.append((size, timing, ratio, queries))

    print()
    print(f"Cổng đơn vị / unit portal — {connection.vendor}, Django test client, median of 5 interleaved rounds")
    print("ratio = page time ÷ trivial authenticated view, measured in the same run")
    print()
    header = f"{'entries':>8} | {'trivial ms':>10} | {'home ×':>7} | {'home q':>6} | {'detail ×':>8} | {'detail q':>8}"
    print(header)
    print("-" * len(header))
    for size, timing, ratio, queries in rows:
        print(
            f"{size:>8} | {timing['trivial'] * 1000:>10.2f} | {ratio['home']:>7.1f} | {queries['home']:>6} | "
            f"{ratio['detail']:>8.1f} | {queries['detail']:>8}"
        )
    first, last = rows[0], rows[-1]
    print()
    for page in ("home", "detail"):
        growth = last[2][page] / first[2][page]
        print(f"{page}: its ratio at {last[0]} entries is {growth:.1f}× its ratio at {first[0]}")

    grown = [page for page in ("home", "detail") if last[3][page] > first[3][page]]
    if grown:
        print(f"\nFAIL: query count grows with entries on: {', '.join(grown)} (an N+1 query?)")
        return 1
    print("\nOK: query counts do not grow with the number of entries.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
