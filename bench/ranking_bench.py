#!/usr/bin/env python
"""Ranking a round end to end from the database, against a single SQL aggregate over its scores.

A round with one rubric of 10 criteria, 7 judges and N entries each scored by all 7 (submitted
sheets: N × 70 scores, 700,000 at 10,000 entries). At each size it times, interleaved, median of
3: ``contest.results.tabulation.tabulate(round)`` (read, aggregate, rank, award) and the floor, one SQL
``SUM(value) GROUP BY entry`` over the same score table evaluated fully; it prints their ratio,
the peak Python memory of one tabulation (tracemalloc) and the process's peak RSS, and the growth
of the per-entry time from the smallest to the largest size (1.0 = linear). Timings are never a
pass/fail criterion. See bench/README.md.

Usage: python bench/ranking_bench.py [--sizes 1000,10000] [--profile]
Uses config.settings.test and a throw-away test database: SQLite in memory by default, or
test_<name>_bench_ranking on the server in DATABASE_URL (not test_<name>, a test run's).
"""

import argparse
import cProfile
import datetime as dt
import gc
import pstats
import random
import resource
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal

# First of the imports below (it sorts first, too): it sets Django up before any model is imported.
from _harness import bench_database
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from contest.core.models import Contest, Round, Unit, UnitLevel, UnitType, User
from contest.dossiers.enums import EntryState
from contest.dossiers.models import Entry
from contest.judging.enums import SheetKind, SheetStatus
from contest.judging.models import Assignment, Criterion, JuryMembership, RoundEntry, Rubric, Score, ScoreSheet
from contest.results import tabulation
from tests.results.tabulation_oracle import streamed, table_facts

JUDGES = 7
CRITERIA = 10
UNITS = 100
REPEATS = 3
TARGET = 3  # issue 19: tabulate within 3× of the floor, on SQLite and PostgreSQL
# The default tie-break chain's criteria first (hiệu quả, nhân dân tham gia, sáng tạo), as in the
# library's rubric: equal scores are then separated as they would be in a real round.
CRITERION_CODES = ["hieu_qua", "nhan_dan_tham_gia", "sang_tao", *(f"tieu_chi_{i}" for i in range(4, CRITERIA + 1))]
BATCH = 500  # entries written per bulk batch: 35,000 scores


def make_world():
    unit_type, level = UnitType.objects.get(code="dang-uy"), UnitLevel.objects.get(code="xa")
    units = Unit.objects.bulk_create(
        Unit(code=f"bench-xa-{i:03d}", name=f"Đảng ủy xã số {i + 1}", unit_type=unit_type, level=level)
        for i in range(UNITS)
    )
    judges = User.objects.bulk_create(
        User(username=f"bench-gk{i + 1}", full_name=f"Giám khảo số {i + 1}", unit=units[0]) for i in range(JUDGES)
    )
    now = timezone.now()
    contest = Contest.objects.create(
        name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026",
        slug="bench-ranking-2026",
        year=2026,
        organiser_body="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        registration_opens=now - dt.timedelta(days=90),
        submission_deadline=now - dt.timedelta(days=30),
    )
    round_ = Round.objects.create(contest=contest, name="Vòng chung khảo (đo hiệu năng)", order=99)
    rubric = Rubric.objects.create(round=round_, name="Thang điểm 10 tiêu chí")
    # 10 criteria of 10 points, in steps of 0.5: a 100-point rubric.
    criteria = Criterion.objects.bulk_create(
        Criterion(
            rubric=rubric,
            code=code,
            name=f"Tiêu chí {i + 1}",
            max_points=Decimal(10),
            step=Decimal("0.5"),
            order=i,
        )
        for i, code in enumerate(CRITERION_CODES)
    )
    JuryMembership.objects.bulk_create(
        JuryMembership(round=round_, judge=judge, is_head=(i == 0)) for i, judge in enumerate(judges)
    )
    return round_, units, judges, criteria


def progress(message):
    print(message, file=sys.stderr, flush=True)


def add_entries(*, round_, units, judges, criteria, count, rng):
    """``count`` more entries in the round, each assigned to and scored by every judge (submitted),
    written in bulk by batches so that the Python objects of 700,000 scores never sit together."""
    contest = round_.contest
    start = RoundEntry.objects.filter(round=round_).count()
    now = timezone.now()
    for offset in range(0, count, BATCH):
        first = start + offset
        entries = Entry.objects.bulk_create(
            Entry(
                contest=contest,
                unit=units[(first + i) % len(units)],
                state=EntryState.ACCEPTED,
                receipt_code=f"DVK26-{first + i:06d}-RANK",
                submitted_at=now,
                title=f"Mô hình số {first + i + 1}: Tổ liên gia an toàn",
            )
            for i in range(min(BATCH, count - offset))
        )
        RoundEntry.objects.bulk_create(
            RoundEntry(round=round_, entry=entry, code=first + i + 1) for i, entry in enumerate(entries)
        )
        Assignment.objects.bulk_create(
            Assignment(round=round_, judge=judge, entry=entry, position=first + i + 1)
            for i, entry in enumerate(entries)
            for judge in judges
        )
        sheets = ScoreSheet.objects.bulk_create(
            ScoreSheet(
                round=round_,
                judge=judge,
                entry=entry,
                kind=SheetKind.JURY,
                status=SheetStatus.SUBMITTED,
                submitted_at=now,
            )
            for entry in entries
            for judge in judges
        )
        # Seeded, realistic values on the 0.5 grid: an entry's quality, a judge's leniency and some
        # noise. Entry scores then spread over hundreds of values with ties of a few entries, as
        # in a real round (a synthetic pattern with a handful of distinct scores would make ties
        # of hundreds, which the tie-break by judges compares pairwise).
        quality = {entry.pk: rng.uniform(3, 9.5) for entry in entries}
        lenient = {judge.pk: (i - len(judges) // 2) * 0.3 for i, judge in enumerate(judges)}
        Score.objects.bulk_create(
            (
                Score(
                    sheet=sheet,
                    criterion=c,
                    value=Decimal(
                        min(
                            20, max(0, round(2 * (quality[sheet.entry_id] + lenient[sheet.judge_id] + rng.gauss(0, 1))))
                        )
                    )
                    / 2,
                )
                for sheet in sheets
                for c in criteria
            ),
            batch_size=5000,
        )
    progress(f"  {start + count} entries written")


def floor_query(round_):
    return list(Score.objects.filter(sheet__round=round_).values("sheet__entry_id").annotate(Sum("value")))


def ranking(round_):
    return tabulation.tabulate(round_)


def timed(function, round_):
    gc.collect()
    started = time.perf_counter()
    result = function(round_)
    return time.perf_counter() - started, result


def measure(round_):
    """Medians of ``REPEATS`` interleaved runs: floor, tabulate, floor, tabulate …; the ratio of
    each pair is taken within the pair, so a machine that slows down slows both."""
    timed(floor_query, round_)  # warm: connection, statement cache, pages in memory
    floors, tabulations, ratios = [], [], []
    for _ in range(REPEATS):
        floor_s, groups = timed(floor_query, round_)
        table_s, table = timed(ranking, round_)
        floors.append(floor_s)
        tabulations.append(table_s)
        ratios.append(table_s / floor_s)
    ranked = sum(1 for r in table.rows if r.rank is not None)
    return statistics.median(floors), statistics.median(tabulations), statistics.median(ratios), len(groups), ranked


def peak_memory(round_):
    """Peak Python allocation during one tabulation (tracemalloc slows it: not timed)."""
    gc.collect()
    tracemalloc.start()
    table = tabulation.tabulate(round_)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del table
    return peak


def max_rss_mb():
    # Linux reports kilobytes (macOS bytes; this bench runs on Linux).
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def profile(round_, limit=15):
    profiler = cProfile.Profile()
    profiler.enable()
    tabulation.tabulate(round_)
    profiler.disable()
    print()
    print(f"Profile of one tabulation ({connection.vendor}), top {limit} by own time:")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(limit)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="entries in the round, comma-separated")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one tabulation at the largest size")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    if connection.vendor != "sqlite" and not connection.settings_dict["TEST"].get("NAME"):
        # Not even the other benches' test_<name>_bench: they may run at the same time.
        connection.settings_dict["TEST"]["NAME"] = f"test_{connection.settings_dict['NAME']}_bench_ranking"
    rows = []
    rng = random.Random(2026)
    with bench_database():
        round_, units, judges, criteria = make_world()
        for size in sizes:
            have = RoundEntry.objects.filter(round=round_).count()
            started = time.perf_counter()
            add_entries(round_=round_, units=units, judges=judges, criteria=criteria, count=size - have, rng=rng)
            built = time.perf_counter() - started
            scores = Score.objects.filter(sheet__round=round_).count()
            floor_s, table_s, ratio, groups, ranked = measure(round_)
            if groups != size or ranked != size:
                sys.exit(f"{size} entries: the floor grouped {groups} and tabulate ranked {ranked}")
            progress(f"  {size} entries timed: tabulate {table_s:.2f} s, floor {floor_s:.3f} s")
            if size == sizes[-1]:
                # The database path against the former streaming one (the tests' oracle) on the
                # largest round: the same table, row for row.
                with streamed():
                    oracle = table_facts(tabulation.tabulate(round_))
                if table_facts(tabulation.tabulate(round_)) != oracle:
                    sys.exit(f"{size} entries: tabulate differs from the streamed oracle")
                progress(f"  {size} entries: identical to the streamed oracle")
            peak = peak_memory(round_)
            rows.append((size, scores, built, floor_s, table_s, ratio, peak, max_rss_mb()))
        if args.profile:
            profile(round_)

    print()
    print(f"Xếp hạng một vòng / ranking a round — {connection.vendor}, median of {REPEATS} interleaved runs")
    print(f"{JUDGES} judges × {CRITERIA} criteria per entry, every sheet submitted; tabulate(round) end to end")
    print("ratio = tabulate ÷ floor (one SUM(value) GROUP BY entry over the same scores, fetched in full)")
    print()
    header = (
        f"{'entries':>8} | {'scores':>8} | {'floor s':>8} | {'tabulate s':>10} | {'ratio ×':>8} | "
        f"{'µs/score':>8} | {'peak MB':>8} | {'max RSS MB':>10}"
    )
    print(header)
    print("-" * len(header))
    for size, scores, _built, floor_s, table_s, ratio, peak, rss in rows:
        print(
            f"{size:>8} | {scores:>8} | {floor_s:>8.3f} | {table_s:>10.3f} | {ratio:>8.1f} | "
            f"{table_s / scores * 1e6:>8.2f} | {peak / 2**20:>8.1f} | {rss:>10.0f}"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        per_entry = (last[4] / last[0]) / (first[4] / first[0])
        memory = (last[6] / last[0]) / (first[6] / first[0])
        print()
        print(
            f"per-entry tabulate time at {last[0]} ÷ at {first[0]}: {per_entry:.2f} "
            "(1.0 = linear; above 1.3 something grows faster than the round)"
        )
        print(f"per-entry peak memory at {last[0]} ÷ at {first[0]}: {memory:.2f}")
        print(f"ratio to the floor at {last[0]} ÷ at {first[0]}: {last[5] / first[5]:.2f}")
    print(f"(data written in bulk: {', '.join(f'{r[0]} entries {r[2]:.0f} s' for r in rows)})")
    ratio = rows[-1][5]
    print(f"RESULT ranking_{connection.vendor} {ratio:.1f} target {TARGET} {'PASS' if ratio <= TARGET else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
