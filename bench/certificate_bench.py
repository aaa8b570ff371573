#!/usr/bin/env python
"""Issuing N certificates (default 500) against the renderer's floor and against the naive loop.

Issue 5 asks: seconds per certificate of our path (``start_batch`` + ``render_batch``: pending rows,
rendering in chunks, one PDF file per certificate stored with its SHA-256) as a ratio to

- the floor: the same N certificates' HTML laid out by WeasyPrint as ONE document and written
  with one ``write_pdf()`` (what our renderer cannot beat: it does the same plus splitting,
  storing and bookkeeping), measured in the same run;
- the naive loop: one WeasyPrint document and one ``write_pdf()`` per certificate, timed on a
  subset (``--naive``, default 50) and extrapolated per certificate;

and the peak memory of our path: Python allocations (tracemalloc, in a separate run on a second
result of the same size, since tracing slows Python down and would distort the timings) and the
process's peak RSS. Targets: within 1.3× of the floor, at least 2× faster than naive, under 400 MB.
The ratios are of CPU time (see ``timed``); they are printed as PASS/MISS and never fail the run. See bench/README.md.

Usage: python bench/certificate_bench.py [--count 500] [--naive 50] [--no-memory]
Uses config.settings.test and a throw-away test database (SQLite in memory, or
test_<name>_bench on the server in DATABASE_URL).
"""

import argparse
import datetime as dt
import gc
import resource
import sys
import time
import tracemalloc

# First of the imports below (it sorts first, too): it sets Django up before any model is imported.
from _harness import bench_database
from django.conf import settings
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from contest.certificates import rendering as certificate_pdf
from contest.certificates.enums import CertificateStatus
from contest.certificates.models import Certificate, CertificateTemplate
from contest.certificates.services import issuing as certificates
from contest.certificates.services import production
from contest.core import pdf
from contest.core.models import Contest, Round, Unit, UnitLevel, UnitType, User
from contest.dossiers.enums import EntryState
from contest.dossiers.models import Entry
from contest.results.models import ResultRow, ResultSnapshot

UNITS = 100
TARGET_FLOOR, TARGET_NAIVE, TARGET_MB = 1.3, 2.0, 400
# Rendering runs in the bench's own calls, not inside start_batch's on-commit enqueue.
NO_QUEUE = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def progress(message):
    print(message, file=sys.stderr, flush=True)


def make_world():
    unit_type, level = UnitType.objects.get(code="dang-uy"), UnitLevel.objects.get(code="xa")
    units = Unit.objects.bulk_create(
        Unit(
            code=f"bench-xa-{i:03d}",
            name=f"Ủy ban Mặt trận Tổ quốc xã Thạch Hạ số {i + 1}",
            unit_type=unit_type,
            level=level,
        )
        for i in range(UNITS)
    )
    organiser = User.objects.create(username="bench-btc", full_name="Ban Tổ chức", is_superuser=True)
    now = timezone.now()
    contest = Contest.objects.create(
        name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026",
        slug="bench-certificates-2026",
        year=2026,
        organiser_body="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        registration_opens=now - dt.timedelta(days=120),
        submission_deadline=now - dt.timedelta(days=60),
    )
    template = CertificateTemplate.objects.create(
        contest=contest,
        parent_body="TỈNH ỦY HÀ TĨNH",
        issuing_body="BAN TUYÊN GIÁO VÀ DÂN VẬN",
        decision_number="24-QĐ/BTGDVTU",
        decision_date=dt.date(2026, 11, 20),
        place="Hà Tĩnh",
        signer_authority="T/M BAN TỔ CHỨC",
        signer_title="TRƯỞNG BAN",
        signer_name="Nguyễn Văn Hùng",
    )
    return contest, template, units, organiser


PRIZES = [("nhat", "Giải Nhất"), ("nhi", "Giải Nhì"), ("ba", "Giải Ba"), ("kk", "Giải Khuyến khích")]


def awarded_snapshot(contest, units, organiser, count, order):
    """A frozen result of ``count`` awarded entries, written directly (no scoring needed)."""
    round_ = Round.objects.create(contest=contest, name=f"Vòng chung khảo {order}", order=order)
    now = timezone.now()
    entries = Entry.objects.bulk_create(
        Entry(
            contest=contest,
            unit=units[i % len(units)],
            state=EntryState.ACCEPTED,
            receipt_code=f"DVK26-{order:02d}{i:05d}-CERT",
            submitted_at=now,
            title=f"Dân vận khéo trong xây dựng nông thôn mới, mô hình số {i + 1}",
        )
        for i in range(count)
    )
    snapshot = ResultSnapshot.objects.create(
        round=round_, version=1, method="mean", parameters={}, audit_head="0" * 64, frozen_by=organiser
    )
    ResultRow.objects.bulk_create(
        ResultRow(
            snapshot=snapshot,
            entry=entry,
            code=i + 1,
            rank=i + 1,
            prize_code=PRIZES[min(i * len(PRIZES) // count, len(PRIZES) - 1)][0],
            prize_name=PRIZES[min(i * len(PRIZES) // count, len(PRIZES) - 1)][1],
        )
        for i, entry in enumerate(entries)
    )
    return snapshot


def issue(snapshot, template, organiser):
    """Our path, as the background job runs it."""
    with override_settings(TASKS=NO_QUEUE):
        batch = certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    if Certificate.objects.filter(batch=batch).exclude(status=CertificateStatus.PENDING).exists():
        sys.exit("start_batch rendered by itself: the task backend was not replaced")
    return production.render_batch(batch.pk)


def loaded(snapshot):
    return list(
        Certificate.objects.filter(snapshot=snapshot)
        .select_related("template", "contest", "snapshot__round")
        .order_by("number")
    )


def timed(function, *args):
    """(wall seconds, CPU seconds of this process, result). The ratios use CPU time: everything
    measured runs in this process (SQLite in memory, files on local disk), and CPU time barely
    moves when other jobs share the machine, where wall time moved by 2× between runs."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def floor(certificates_):
    """The same pages as one WeasyPrint document, one write_pdf()."""
    return certificate_pdf._write_document(certificates_)


def naive(certificates_):
    return [certificate_pdf._write_document([c]) for c in certificates_]


def peak_rss_mb():
    # ru_maxrss is in KiB on Linux (bytes on macOS; this bench runs on Linux).
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def verdict(ok):
    return "PASS" if ok else "MISS"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--naive", type=int, default=50, help="certificates rendered one by one (extrapolated)")
    parser.add_argument("--no-memory", action="store_true", help="skip the traced run (tracemalloc)")
    args = parser.parse_args()
    with bench_database():
        subsetting = pdf.warn_if_slow_font_subsetting()
        contest, template, units, organiser = make_world()
        snapshot = awarded_snapshot(contest, units, organiser, args.count, order=11)
        progress(f"{args.count} awarded rows written; warming up WeasyPrint")
        warm = awarded_snapshot(contest, units, organiser, 2, order=10)
        issue(warm, template, organiser)  # imports, fonts, template loading: paid before any timing

        progress("our path: start_batch + render_batch")
        ours_wall, ours_s, batch = timed(issue, snapshot, template, organiser)
        if batch.done != args.count:
            sys.exit(f"render_batch issued {batch.done} of {args.count}")
        rss_after_ours = peak_rss_mb()
        issued = loaded(snapshot)

        progress(f"naive: one document per certificate, {args.naive} of them")
        naive_wall, naive_s, _ = timed(naive, issued[: args.naive])
        progress("floor: one document for all")
        floor_wall, floor_s, _ = timed(floor, issued)

        traced_mb = None
        if not args.no_memory:
            progress("our path again, on a second result, with tracemalloc")
            second = awarded_snapshot(contest, units, organiser, args.count, order=12)
            gc.collect()
            tracemalloc.start()
            issue(second, template, organiser)
            traced_mb = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()

    n = args.count
    ours_per, floor_per, naive_per = ours_s / n, floor_s / n, naive_s / args.naive
    to_floor, vs_naive = ours_per / floor_per, naive_per / ours_per
    print(f"Giấy chứng nhận / certificates — {connection.vendor}, {n} certificates, chunk {settings.CERTIFICATE_CHUNK}")
    print(f"HarfBuzz subsetting: {'yes' if subsetting else 'NO (PDF fonts subset about 8× slower)'}")
    print()
    print(f"{'':38} | {'CPU s':>7} | {'wall s':>7} | {'CPU ms / certificate':>20}")
    print("-" * 82)
    rows = [
        ("floor (one document, one write)", floor_s, floor_wall, floor_per),
        ("ours (start_batch + render_batch)", ours_s, ours_wall, ours_per),
        (f"naive ({args.naive} one by one, extrapolated)", naive_per * n, naive_wall * n / args.naive, naive_per),
    ]
    for name, cpu, wall, per in rows:
        print(f"{name:38} | {cpu:7.2f} | {wall:7.2f} | {1000 * per:20.1f}")
    print()
    print("ratios of CPU time:")
    print(f"ours ÷ floor:  {to_floor:5.2f}×   target ≤ {TARGET_FLOOR}×   {verdict(to_floor <= TARGET_FLOOR)}")
    print(f"naive ÷ ours:  {vs_naive:5.2f}×   target ≥ {TARGET_NAIVE}×   {verdict(vs_naive >= TARGET_NAIVE)}")
    traced = f"{traced_mb:.0f} MB" if traced_mb is not None else "not measured"
    print(
        f"peak memory:   {rss_after_ours:5.0f} MB  target < {TARGET_MB} MB  {verdict(rss_after_ours < TARGET_MB)}"
        f"   (process peak RSS up to the end of our path; peak Python allocations of our path: {traced})"
    )


if __name__ == "__main__":
    main()
