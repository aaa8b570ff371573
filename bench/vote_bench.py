#!/usr/bin/env python
"""The public vote at the scale of a province (issue 16), on PostgreSQL.

1. **Vote submission** (code verified → vote stored): gunicorn with 4 sync workers, 200 concurrent
   loopback clients each posting a right code for its own identity; requests per second as a ratio
   to a trivial view on the same server in the same run (target ≥ 0.3), p95 latency printed.
2. **Tallying 1,000,000 votes** (100,000 identities × 10 models, inserted by SQL): the service's
   tally (valid and voided apart, one GROUP BY) as a ratio to a bare ``SELECT entry_id, COUNT(*) …
   GROUP BY entry_id`` (target ≤ 2), median of interleaved rounds.

It builds a throw-away database ``<name>_votebench`` beside the one in DATABASE_URL (dropped at the
end). Clients are threads in a few processes sending raw HTTP/1.0; they share the machine with the
server, so absolute figures understate a real server, but the ratios are taken side by side.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/dvk python bench/vote_bench.py
       [--clients 200] [--seconds 3] [--rounds 3] [--votes 1000000] [--port 8766]
       [--cache redis://127.0.0.1:6379/0 | db]
"""

import argparse
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Another port with --port (or VOTE_BENCH_PORT) when several people share the machine.
PORT = int(os.environ.get("VOTE_BENCH_PORT", "8766"))
CODE = "123456"

SOURCE = os.environ.get("DATABASE_URL", "")
if not SOURCE.startswith(("postgres://", "postgresql://")):
    raise SystemExit("vote_bench needs PostgreSQL: set DATABASE_URL=postgres://…")
_parts = urlsplit(SOURCE)
BENCH_DB = (_parts.path.lstrip("/") or "dvk") + "_votebench"
BENCH_URL = urlunsplit(_parts._replace(path="/" + BENCH_DB))
os.environ["DATABASE_URL"] = BENCH_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.vote_settings"


def _admin(sql):
    import psycopg

    with psycopg.connect(urlunsplit(_parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


def _recreate():
    _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{BENCH_DB}"')


def build(codes: int):
    """A round with an open vote on 10 models, and ``codes`` codes (one identity each) whose code
    is CODE: what 200 voters hold after their e-mails arrived."""
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from contest.core.models import Contest, Round, Unit, UnitLevel, UnitType
    from contest.dossiers.models import Entry
    from contest.judging.models import RoundEntry
    from contest.voting.models import VoteCode, VoterIdentity, VoteSettings
    from contest.voting.services import ballots

    now = timezone.now()
    contest = Contest.objects.create(
        name="Bình chọn bench",
        slug="binh-chon-bench",
        year=2026,
        registration_opens=now - dt.timedelta(days=30),
        submission_deadline=now - dt.timedelta(days=10),
    )
    round_ = Round.objects.create(contest=contest, name="Vòng chung khảo", order=1)
    level, kind = UnitLevel.objects.first(), UnitType.objects.first()
    entries = []
    for i in range(10):
        unit = Unit.objects.create(code=f"don-vi-{i}", name=f"Đơn vị {i}", level=level, unit_type=kind)
        entry = Entry.objects.create(contest=contest, unit=unit, title=f"Mô hình {i}")
        RoundEntry.objects.create(round=round_, entry=entry, code=i + 1)
        entries.append(entry)
    vote = VoteSettings.objects.create(
        round=round_, enabled=True, opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1)
    )
    people = VoterIdentity.objects.bulk_create(
        [VoterIdentity(key=f"{n:064x}", domain="gmail.com") for n in range(codes)], batch_size=5000
    )
    made = [
        VoteCode(
            round=round_,
            entry=entries[n % 10],
            identity=person,
            expires_at=now + dt.timedelta(hours=2),
        )
        for n, person in enumerate(people)
    ]
    for item in made:
        item.code_hash = ballots._code_hash(item.token, CODE)
    VoteCode.objects.bulk_create(made, batch_size=5000)
    return vote, entries, [str(item.token) for item in made]


def _use_port(port):
    global PORT  # noqa: PLW0603 (the client processes read it after the fork)
    PORT = port
    os.environ["VOTE_BENCH_PORT"] = str(port)


def _request(path, body=None, client=""):
    # Each client its own address, as nginx forwards it (the rate limits count per address).
    forwarded = f"X-Forwarded-For: {client}\r\n" if client else ""
    if body is None:
        return f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n{forwarded}\r\n".encode()
    return (
        f"POST {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n{forwarded}Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n{body}"
    ).encode()


def _one(request, expected):
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", PORT)) as s:
        s.sendall(request)
        head = s.recv(16)
        while s.recv(65536):
            pass
    if not head[9:12] == expected:
        raise RuntimeError(f"answered {head!r}")
    return time.perf_counter() - started


def _process(kind, tokens, threads, seconds, queue, number=0):
    """One client process: ``threads`` clients in a loop until the deadline."""
    deadline = time.perf_counter() + seconds
    latencies, failures = [], []
    lock = threading.Lock()
    pool = iter(tokens)

    def loop(client):
        while time.perf_counter() < deadline:
            if kind == "trivial":
                request, expected = _request("/__bench__/trivial/", client=client), b"200"
            else:
                with lock:
                    token = next(pool, None)
                if token is None:
                    failures.append("out of codes")
                    return
                request, expected = _request(f"/__bench__/vote/{token}/", f"code={CODE}", client), b"302"
            try:
                took = _one(request, expected)
            except (RuntimeError, OSError) as error:
                failures.append(str(error))
                continue
            with lock:
                latencies.append(took)

    workers = [threading.Thread(target=loop, args=(f"10.{number}.{t}.1",)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    queue.put((latencies, failures[:3], len(failures)))


def load(kind, tokens, clients, seconds, processes=8):
    """Requests per second and p95 latency (ms) of ``clients`` concurrent clients."""
    queue = multiprocessing.Queue()
    per = max(1, clients // processes)
    share = len(tokens) // processes if tokens else 0
    procs = [
        multiprocessing.Process(
            target=_process,
            args=(kind, tokens[i * share : (i + 1) * share] if tokens else [], per, seconds, queue, i),
        )
        for i in range(processes)
    ]
    started = time.perf_counter()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(t for r in results for t in r[0])
    failed = sum(r[2] for r in results)
    if failed:
        raise SystemExit(f"{kind}: {failed} failed requests, e.g. {[m for r in results for m in r[1]][:3]}")
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else 0.0
    return len(latencies) / elapsed, p95


def serve():
    # Persistent connections, as docs/operations.md sets them in production (DB_CONN_MAX_AGE=60).
    env = dict(os.environ, PYTHONPATH=str(ROOT), DB_CONN_MAX_AGE="60")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [str(gunicorn), "config.wsgi", "-w", "4", "-b", f"127.0.0.1:{PORT}", "--backlog", "2048"]
        + ["--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", PORT)).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def submission(args, tokens):
    from contest.voting.models import Vote

    proc = serve()
    try:
        load("trivial", [], 8, 0.5)  # warm every worker
        # Enough codes that a fast server cannot run out while warming up.
        load("vote", tokens[:1000], 8, 0.5)
        used = 1000
        ratios, vote_rates, trivial_rates, p95s = [], [], [], []
        budget = (len(tokens) - used) // args.rounds
        for _ in range(args.rounds):
            trivial_rate, _p95 = load("trivial", [], args.clients, args.seconds)
            vote_rate, p95 = load("vote", tokens[used : used + budget], args.clients, args.seconds)
            used += budget
            ratios.append(vote_rate / trivial_rate)
            vote_rates.append(vote_rate)
            trivial_rates.append(trivial_rate)
            p95s.append(p95)
    finally:
        proc.terminate()
        proc.wait()
    stored = Vote.objects.count()
    return statistics.median(ratios), statistics.median(vote_rates), statistics.median(trivial_rates), max(p95s), stored


def tally_bench(vote, entries, args):
    from django.db import connection

    from contest.voting.services.tally import tally

    people = args.votes // 10
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM contest_votecode")
        cursor.execute("DELETE FROM contest_vote")
        cursor.execute(
            "INSERT INTO contest_voteridentity (key, domain, stem, created_at) "
            "SELECT 'b' || lpad(to_hex(n), 63, '0'), 'gmail.com', '', now() FROM generate_series(1, %s) n",
            [people],
        )
        cursor.execute("SELECT min(id) FROM contest_voteridentity WHERE key LIKE 'b%%'")
        first = cursor.fetchone()[0]
        started = time.perf_counter()
        cursor.execute(
            "INSERT INTO contest_vote (round_id, entry_id, identity_id, period, receipt, created_at, ip_prefix, "
            "device, user_agent) "
            "SELECT %s, e.id, %s + p, '', 'BC-' || e.id || '-' || p, now(), '10.0.0.0/24', '', '' "
            "FROM generate_series(0, %s - 1) p CROSS JOIN unnest(%s::bigint[]) AS e(id)",
            [vote.round_id, first, people, [e.pk for e in entries]],
        )
        cursor.execute("ANALYZE contest_vote")
        print(f"inserted {args.votes:,} votes in {time.perf_counter() - started:.1f} s".replace(",", "."))
    raw_sql = "SELECT entry_id, COUNT(*) FROM contest_vote WHERE round_id = %s GROUP BY entry_id"

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(raw_sql, [vote.round_id])
            return cursor.fetchall()

    assert sum(n for _e, n in raw()) == args.votes
    assert sum(r.valid for r in tally(vote.round)) == args.votes
    ratios, raw_times, service_times = [], [], []
    for _ in range(5):
        started = time.perf_counter()
        raw()
        raw_time = time.perf_counter() - started
        started = time.perf_counter()
        tally(vote.round)
        service_time = time.perf_counter() - started
        ratios.append(service_time / raw_time)
        raw_times.append(raw_time)
        service_times.append(service_time)
    return statistics.median(ratios), statistics.median(raw_times), statistics.median(service_times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--codes", type=int, default=30_000)
    parser.add_argument("--votes", type=int, default=1_000_000)
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument(
        "--cache",
        default="",
        help="count the rate limits for real in this shared cache: redis://host:port/db, or db (the database)",
    )
    args = parser.parse_args()
    _use_port(args.port)
    if args.cache:
        # Read by config/settings/base.py in this process and in gunicorn's.
        os.environ.update(CACHE_URL=args.cache, VOTE_BENCH_RATELIMIT="1")
    _recreate()
    try:
        import django

        django.setup()
        started = time.perf_counter()
        vote, entries, tokens = build(args.codes)
        print(f"built the database and {args.codes:,} codes in {time.perf_counter() - started:.1f} s".replace(",", "."))
        ratio, vote_rate, trivial_rate, p95, stored = submission(args, tokens)
        print(
            f"Bình chọn / public vote — PostgreSQL, gunicorn 4 sync workers, {args.clients} concurrent loopback "
            f"clients, median of {args.rounds} interleaved rounds of {args.seconds:g} s, rate limits "
            + (f"counted in {args.cache.split('://')[0]}" if args.cache else "off")
        )
        print(f"{'view':<22}{'req/s':>10}")
        print(f"{'trivial':<22}{trivial_rate:>10.0f}")
        print(
            f"{'vote (code → vote)':<22}{vote_rate:>10.0f}   p95 {p95:.0f} ms, {stored:,} votes stored".replace(
                ",", "."
            )
        )
        print(f"RESULT vote_submission {ratio:.2f} target 0.3 {'PASS' if ratio >= 0.3 else 'MISS'}")
        ratio, raw_time, service_time = tally_bench(vote, entries, args)
        shown = f"GROUP BY {raw_time * 1000:.0f} ms, service {service_time * 1000:.0f} ms"
        print(f"tally of {args.votes:,} votes: ".replace(",", ".") + shown)
        print(f"RESULT vote_tally {ratio:.2f} target 2 {'PASS' if ratio <= 2 else 'MISS'}")
    finally:
        from django.db import connections

        connections.close_all()
        _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


if __name__ == "__main__":
    main()
