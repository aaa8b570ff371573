#!/usr/bin/env python
"""The Hội thi day under load: how long a judge's score takes to reach the projector while 10 judges
score and 500 people watch the public live page, and what the live page costs next to a trivial view.

It builds a throw-away SQLite file (the embedded default) with the demo's Hội thi final
(`seed_demo`) plus eight more judges (ten in all, every judge assigned every team), draws the order,
brings the first team on stage, opens scoring and releases the part, so the projector's scoreboard
changes with every score. Then it starts gunicorn (2 sync workers, as on a 2-core laptop or server)
and runs two measurements:

1. **Throughput** — the trivial view, the live page, its JSON state answered in full (200) and as
   "nothing new" (304, what a viewer gets almost every time), each driven by concurrent client
   processes on loopback for a few seconds, interleaved over several rounds. Ratio = the page's
   requests per second ÷ the trivial view's, same server, same round (target ≥ 0.5). The RESULT is
   the lowest of the three live ratios.
2. **Submit → projector** — for ``--seconds`` at once: 500 viewers polling the public state every
   2 s with If-None-Match, as the public page's script does (client processes, each viewer waiting
   for its own answer, so the load is bounded: if the server falls behind, the viewers poll less
   often, and the achieved rate is printed); ten judges' tablets polling their state every second
   and each judge sending a corrected score every 1–4 s; the projector polling twice a second.
   For every score sent, the time from sending it to the first projector answer that includes it
   (the programme's version, the screens' ETag, at least the one the score committed) is taken;
   median and 95th percentile, target p95 ≤ 2 s. The projector polls every half second, so about
   a quarter of a second of that is the poll itself.

The clients share the machine's cores with the server, so absolute figures understate a real
server (the load average before the day is printed: on a busy machine the wait is the machine's);
the ratios are taken side by side.

Usage: python bench/stage_bench.py [--seconds 20] [--viewers 500] [--judges 10] [--rounds 5]
"""

import argparse
import heapq
import http.client
import json
import multiprocessing
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="dvk-stage-bench-"))
DB = WORK / "stage.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ["BENCH_MEDIA_ROOT"] = str(WORK / "media")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.site_settings"
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

PORT = 8131
URLS = ("live", "live-state", "projector-state", "tablet-state", "tablet-submit")
# The poll intervals the screens' scripts use (contest/templates/contest/stage/projector.html gives
# static/js/stage-projector.js the projector's and the public page's; stage-tablet.js: 1 s).
PROJECTOR_POLL = 0.5
VIEWER_POLL = 2.0
TABLET_POLL = 1.0
VERSION_QUERY = "SELECT version FROM contest_stageprogramme WHERE id = ?"
CSRF = "b" * 32


def build(judges: int) -> dict:
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.urls import reverse

    from contest.core.enums import ContestKind
    from contest.core.models import User
    from contest.core.roles import StaffRole
    from contest.judging.models import JuryMembership, RoundEntry
    from contest.judging.services.jury import add_judge, assign_manually
    from contest.stage.enums import PartKind
    from contest.stage.models import StagePerformance, StageProgramme
    from contest.stage.services import board, draws, live
    from contest.stage.services.programme import jury_criteria

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    programme = StageProgramme.objects.select_related("round").get(round__contest__kind=ContestKind.HOI_THI)
    round_ = programme.round
    organiser = User.objects.get(username="btc")
    group = Group.objects.get(name=StaffRole.JUDGE.value)
    for n in range(JuryMembership.objects.filter(round=round_).count(), judges):
        judge = User.objects.create(username=f"bench-gk{n}", full_name=f"Giám khảo {n + 1}")
        judge.groups.add(group)
        add_judge(round=round_, judge=judge, by=organiser)
        for team in RoundEntry.objects.filter(round=round_).select_related("entry"):
            assign_manually(round=round_, judge=judge, entry=team.entry, by=organiser)
    draws.run(draw=draws.commit(programme=programme, by=organiser), by=organiser)
    part = programme.parts.filter(kind=PartKind.TEAM).order_by("order").first()
    performance = StagePerformance.objects.get(part=part, position=1)
    live.call(performance=performance, by=organiser)
    live.open_scoring(performance=performance, by=organiser)
    board.release_part(part=part, by=organiser)

    def cookie(user):
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    jury = [m.judge for m in JuryMembership.objects.filter(round=round_).select_related("judge").order_by("id")]
    urls = {name: reverse(f"stage:{name}", args=[round_.pk]) for name in URLS}
    return {
        "urls": urls,
        "programme": programme.pk,
        "performance": performance.pk,
        "criteria": [(c.pk, float(c.max_points)) for c in jury_criteria(part)],
        "judges": [cookie(j) for j in jury[:judges]],
        "organiser": cookie(organiser),
    }


# --- HTTP on loopback ------------------------------------------------------------------------------


def request(method, path, *, session=None, etag=None, body=None, timeout=30):
    """(status, ETag, body) of one request on a new connection (gunicorn's sync workers close)."""
    headers = {"Host": "127.0.0.1"}
    if session:
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF}"
    if etag:
        headers["If-None-Match"] = etag
    if body is not None:
        headers.update({"Content-Type": "application/json", "X-CSRFToken": CSRF})
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, response.getheader("ETag"), data
    finally:
        connection.close()


def version_of(etag) -> int:
    return int(etag.strip('"').split("-")[0])


def hammer(path, seconds, counter, expect, etag):
    """A closed-loop client: one request after another for ``seconds``."""
    raw = f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n" + (f"If-None-Match: {etag}\r\n" if etag else "") + "\r\n"
    wanted = f" {expect} ".encode()
    done = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        with socket.create_connection(("127.0.0.1", PORT)) as s:
            s.sendall(raw.encode())
            head = s.recv(16)
            while s.recv(65536):
                pass
        if wanted not in head:
            raise SystemExit(f"{path} answered {head!r}, not {expect}")
        done += 1
    with counter.get_lock():
        counter.value += done


def throughput(path, seconds, clients, expect=200, etag=None):
    counter = multiprocessing.Value("i", 0)
    procs = [
        multiprocessing.Process(target=hammer, args=(path, seconds, counter, expect, etag)) for _ in range(clients)
    ]
    started = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        if p.exitcode:
            raise SystemExit(f"a client of {path} failed")
    return counter.value / (time.perf_counter() - started)


# --- the day under load ----------------------------------------------------------------------------


def viewers(path, count, until, results):
    """``count`` viewers of the public page, each polling VIEWER_POLL after its last answer."""
    due = [(time.monotonic() + VIEWER_POLL * random.random(), n) for n in range(count)]  # noqa: S311
    heapq.heapify(due)
    etags = [None] * count
    done, late = 0, []
    while due:
        at, n = heapq.heappop(due)
        now = time.monotonic()
        if at >= until:
            break
        if at > now:
            time.sleep(at - now)
        late.append(max(0.0, time.monotonic() - at))
        status, etag, _ = request("GET", path, etag=etags[n])
        if status not in (200, 304):
            raise SystemExit(f"the live state answered {status}")
        etags[n] = etag or etags[n]
        done += 1
        heapq.heappush(due, (time.monotonic() + VIEWER_POLL, n))
    results.put(("viewers", done, statistics.quantiles(late, n=20)[-1] if len(late) > 1 else 0.0))


def projector(path, session, until, results):
    """The projector: polls PROJECTOR_POLL after its last answer, as its script does; records when
    each version arrived."""
    etag, seen = None, []
    while time.monotonic() < until + 3:
        status, new, _ = request("GET", path, session=session, etag=etag)
        if status == 200:
            etag = new
            seen.append((time.monotonic(), version_of(new)))
        elif status != 304:
            raise SystemExit(f"the projector's state answered {status}")
        time.sleep(PROJECTOR_POLL)
    results.put(("projector", seen))


def judges(data, until, results):
    """Ten tablets polling their state and sending a corrected score every 1–4 s."""
    submit, state = data["urls"]["tablet-submit"], data["urls"]["tablet-state"]
    sent, refused, lock = [], [], threading.Lock()
    db = sqlite3.connect(f"file:{DB}?mode=ro", uri=True, check_same_thread=False)

    def tablet(session):
        etag = None
        while time.monotonic() < until:
            status, new, _ = request("GET", state, session=session, etag=etag)
            etag = new if status == 200 else etag
            time.sleep(TABLET_POLL)

    def judge(session):
        while True:
            time.sleep(random.uniform(1, 4))  # noqa: S311
            if time.monotonic() >= until:
                return
            values = {str(pk): str(random.randint(0, int(top * 2)) / 2) for pk, top in data["criteria"]}  # noqa: S311
            body = json.dumps({"performance": data["performance"], "values": values, "key": str(uuid.uuid4())})
            started = time.monotonic()
            status, _etag, answer = request("POST", submit, session=session, body=body)
            answered = time.monotonic()
            if status != 200:
                with lock:
                    refused.append((status, answer[:200]))
                continue
            with lock:
                # Read after the answer: at least the version this score committed (a later one
                # only makes the wait measured longer, never shorter).
                (version,) = db.execute(VERSION_QUERY, [data["programme"]]).fetchone()
                sent.append((started, answered, version))

    threads = [threading.Thread(target=tablet, args=(s,)) for s in data["judges"]]
    threads += [threading.Thread(target=judge, args=(s,)) for s in data["judges"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.put(("judges", sent, refused))


def the_day(data, args):
    results = multiprocessing.Queue()
    until = time.monotonic() + 1 + args.seconds
    live_state = data["urls"]["live-state"]
    processes = [
        multiprocessing.Process(target=viewers, args=(live_state, share, until, results))
        for share in _shares(args.viewers, args.viewer_processes)
        if share
    ]
    processes.append(
        multiprocessing.Process(
            target=projector,
            args=(data["urls"]["projector-state"], data["organiser"], until, results),
        )
    )
    processes.append(multiprocessing.Process(target=judges, args=(data, until, results)))
    for p in processes:
        p.start()
    collected = [results.get() for _ in processes]
    for p in processes:
        p.join()
        if p.exitcode:
            raise SystemExit("a client of the day failed")
    return collected


def _shares(total, parts):
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


# --- running ---------------------------------------------------------------------------------------


def serve():
    # Persistent database connections, as docs/operations.md sets them for gunicorn: opening the
    # SQLite file anew for each request costs more than most requests of the day.
    env = dict(os.environ, PYTHONPATH=str(ROOT), DB_CONN_MAX_AGE="60")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [str(gunicorn), "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", PORT)).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def measure_throughput(data, args):
    live, state = data["urls"]["live"], data["urls"]["live-state"]
    _status, etag, _ = request("GET", state)
    pages = {
        "trivial": ("/__bench__/trivial/", 200, None),
        "live page": (live, 200, None),
        "live state 200": (state, 200, None),
        "live state 304": (state, 304, etag),
    }
    for path, expect, tag in pages.values():  # warm both workers
        throughput(path, 0.5, 2, expect, tag)
    rates = {name: [] for name in pages}
    ratios = {name: [] for name in pages}
    for _ in range(args.rounds):
        measured = {
            name: throughput(path, args.burst, args.clients, expect, tag) for name, (path, expect, tag) in pages.items()
        }
        for name in pages:
            rates[name].append(measured[name])
            ratios[name].append(measured[name] / measured["trivial"])
    return {n: statistics.median(v) for n, v in rates.items()}, {n: statistics.median(v) for n, v in ratios.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20, help="length of the day under load")
    parser.add_argument("--viewers", type=int, default=500)
    parser.add_argument("--viewer-processes", type=int, default=4)
    parser.add_argument("--judges", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--burst", type=float, default=2, help="seconds per throughput measurement")
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    proc = None
    try:
        started = time.perf_counter()
        data = build(args.judges)
        print(f"built the demo's Hội thi final with {args.judges} judges in {time.perf_counter() - started:.1f} s")
        proc = serve()
        print(
            f"Ngày Hội thi / the Hội thi day — gunicorn 2 sync workers, SQLite, clients on loopback "
            f"({args.clients} for throughput, median of {args.rounds} interleaved rounds of {args.burst:g} s)"
        )
        rates, ratios = measure_throughput(data, args)
        print("ratio = requests per second of the page ÷ of a trivial view, same server, same run (target ≥ 0.50)")
        print(f"{'page':<16}{'req/s':>10}{'ratio':>10}")
        for name in rates:
            print(f"{name:<16}{rates[name]:>10.0f}{ratios[name]:>10.2f}")

        print(
            f"\n{args.viewers} viewers polling the live page every {VIEWER_POLL:g} s, {args.judges} judges' "
            f"tablets polling and scoring every 1–4 s, the projector polling twice a second, for {args.seconds:g} s "
            f"(load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
        )
        collected = the_day(data, args)
        watching = [item for item in collected if item[0] == "viewers"]
        viewer_requests = sum(done for _kind, done, _late in watching)
        viewer_lag = max((late for _kind, _done, late in watching), default=0.0)
        (_kind, seen) = next(item for item in collected if item[0] == "projector")
        (_kind, sent, refused) = next(item for item in collected if item[0] == "judges")
        latencies, submits = [], []
        for started, answered, version in sent:
            shown = next((t for t, v in seen if t >= answered and v >= version), None)
            submits.append(answered - started)
            if shown is not None:
                latencies.append(shown - started)
        print(
            f"viewers: {viewer_requests / args.seconds:.0f} requests/s achieved of "
            f"{args.viewers / VIEWER_POLL:.0f} offered "
            f"(p95 of a viewer's delay behind its schedule: {viewer_lag:.2f} s)"
        )
        print(f"scores sent: {len(sent)} accepted, {len(refused)} refused {refused[:3] if refused else ''}")
        if not latencies:
            raise SystemExit("no score reached the projector")
        print(f"submit answered in: median {statistics.median(submits):.3f} s, p95 {percentile(submits, 0.95):.3f} s")
        median, p95 = statistics.median(latencies), percentile(latencies, 0.95)
        print(
            f"submit → projector: median {median:.2f} s, p95 {p95:.2f} s, max {max(latencies):.2f} s "
            f"({len(latencies)} of {len(sent)} seen before the end)"
        )
        worst = min(ratios[name] for name in ("live page", "live state 200", "live state 304"))
        print(f"RESULT stage_live_page_vs_trivial {worst:.2f} target 0.5 {'PASS' if worst >= 0.5 else 'MISS'}")
        print(f"RESULT stage_submit_to_projector_p95_s {p95:.2f} target 2.0 {'PASS' if p95 <= 2.0 else 'MISS'}")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait()
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
