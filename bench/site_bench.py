#!/usr/bin/env python
"""Throughput of the public site under gunicorn: the gallery and a model page, each as a ratio to
a trivial view served by the same gunicorn in the same run (target: at least 0.5).

It builds a throw-away SQLite file with 100 published model pages (3 photos each, awards in a
published result), starts gunicorn (2 sync workers, as on a 2-core server) twice — once with the
anonymous page cache on (what visitors get) and once with it off (every request rendered: the
cost after each publish) — and drives each URL with concurrent clients on loopback for a few
seconds, interleaved over several rounds. The clients are separate processes sending raw HTTP/1.0
requests so that they cost as little CPU as possible; they share the machine with the server, so
absolute figures understate a real server, but the ratios are taken side by side.

Usage: python bench/site_bench.py [--seconds 2] [--rounds 3] [--clients 4] [--models 100]
"""

import argparse
import io
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="dvk-site-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'site.sqlite3'}"
os.environ["BENCH_MEDIA_ROOT"] = str(WORK / "media")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.site_settings"
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

PORT = 8765


def build(models: int):
    import datetime as dt
    from decimal import Decimal

    from django.core.files.images import ImageFile
    from django.utils import timezone
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    from cms.models import GalleryPage, ShowcaseIndicator, ShowcasePage, ShowcasePhoto
    from contest.core.models import Contest, Field, Round, Unit, UnitLevel, UnitType, User
    from contest.dossiers.models import Entry
    from contest.results.enums import AggregationMethod, SnapshotStatus
    from contest.results.models import ResultRow, ResultSnapshot

    call_command("migrate", verbosity=0)
    now = timezone.now()
    contest = Contest.objects.create(
        name="Cuộc thi “Dân vận khéo” tỉnh Quảng Trị năm 2025",
        slug="dvk-2025",
        year=2025,
        organiser_body="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        registration_opens=now - dt.timedelta(days=400),
        submission_deadline=now - dt.timedelta(days=300),
    )
    fields = [
        Field.objects.create(contest=contest, code=code, name=name, order=i)
        for i, (code, name) in enumerate([("kinh_te", "Kinh tế"), ("van_hoa_xa_hoi", "Văn hóa – xã hội")])
    ]
    level = UnitLevel.objects.first()
    kind = UnitType.objects.first()
    organiser = User.objects.create(username="bench-organiser", full_name="Lê Minh Châu")
    round_ = Round.objects.create(contest=contest, name="Vòng chung khảo", order=1)
    snapshot = ResultSnapshot.objects.create(
        round=round_,
        version=1,
        method=AggregationMethod.MEAN,
        parameters={},
        audit_head="0" * 64,
        frozen_by=organiser,
        status=SnapshotStatus.PUBLISHED,
        published_at=now,
    )
    images = []
    for i in range(6):
        buffer = io.BytesIO()
        PILImage.new("RGB", (1600, 1067), (40 * i, 120, 200 - 20 * i)).save(buffer, "JPEG", quality=85)
        images.append(
            get_image_model().objects.create(
                title=f"Ảnh {i}", description=f"Ảnh minh họa {i}", file=ImageFile(buffer, name=f"anh-{i}.jpg")
            )
        )
    gallery = GalleryPage.objects.get()
    prizes = ["Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích"]
    for n in range(models):
        unit = Unit.objects.create(
            code=f"u{n}", name=f"Ủy ban nhân dân xã Hòa Vang {n}", unit_type=kind, level=level, address="Đà Nẵng"
        )
        entry = Entry.objects.create(
            contest=contest,
            unit=unit,
            field=fields[n % 2],
            state="submitted",
            receipt_code=f"R{n:05d}",
            title=f"Vận động Nhân dân hiến đất mở rộng đường kiệt số {n}",
            started_on=dt.date(2023, 3, 1),
        )
        ResultRow.objects.create(
            snapshot=snapshot,
            entry=entry,
            code=n + 1,
            rank=n + 1,
            score=Decimal("80.00"),
            band="good",
            prize_code=f"p{n % 4}",
            prize_name=prizes[n % 4],
        )
        page = ShowcasePage(
            entry=entry,
            title=entry.title,
            slug=f"mo-hinh-{n}",
            summary="Nhân dân tự nguyện hiến đất, góp ngày công mở rộng đường kiệt; dân biết, dân bàn, dân làm.",
            place="xã Hòa Vang, TP Đà Nẵng",
            year_started=2023,
            problem="<p>Đường kiệt hẹp, xe cứu thương không vào được.</p>" * 3,
            approach="<p>Cấp ủy lãnh đạo, Mặt trận vận động từng hộ; đảng viên làm trước.</p>" * 4,
            results="<p>Hiến 1.250 m² đất; làm mới 2,3 km đường bê tông.</p>" * 2,
            forces="<p>Đảng ủy, UBND, MTTQ, các đoàn thể và Nhân dân.</p>",
            featured=n < 3,
        )
        for i in range(4):
            page.indicators.add(ShowcaseIndicator(name=f"Chỉ số {i}", unit="hộ", before="40", after="312"))
        for i in range(3):
            page.photos.add(ShowcasePhoto(image=images[(n + i) % 6], caption=f"Ảnh {i + 1}"))
        gallery.add_child(instance=page)
        page.save_revision().publish()
    return ShowcasePage.objects.order_by("path").first().url


def client(port, path, seconds, counter):
    request = f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode()
    done = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.sendall(request)
            head = s.recv(16)
            while s.recv(65536):
                pass
        if not head.startswith(b"HTTP/1.1 200") and not head.startswith(b"HTTP/1.0 200"):
            raise SystemExit(f"{path} answered {head!r}")
        done += 1
    with counter.get_lock():
        counter.value += done


def throughput(port, path, seconds, clients):
    counter = multiprocessing.Value("i", 0)
    procs = [multiprocessing.Process(target=client, args=(port, path, seconds, counter)) for _ in range(clients)]
    started = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        if p.exitcode:
            raise SystemExit(f"a client of {path} failed")
    return counter.value / (time.perf_counter() - started)


def serve(cache_seconds):
    env = dict(os.environ, BENCH_CMS_CACHE_SECONDS=str(cache_seconds), PYTHONPATH=str(ROOT))
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


def run(cache_seconds, pages, args):
    proc = serve(cache_seconds)
    try:
        for path in pages.values():  # warm: templates, renditions, each worker's cache
            throughput(PORT, path, 0.5, 2)
        ratios = {name: [] for name in pages}
        rates = {name: [] for name in pages}
        for _ in range(args.rounds):
            measured = {name: throughput(PORT, path, args.seconds, args.clients) for name, path in pages.items()}
            for name in pages:
                rates[name].append(measured[name])
                ratios[name].append(measured[name] / measured["trivial"])
        return {n: statistics.median(v) for n, v in rates.items()}, {n: statistics.median(v) for n, v in ratios.items()}
    finally:
        proc.terminate()
        proc.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--models", type=int, default=100)
    args = parser.parse_args()
    try:
        started = time.perf_counter()
        model_url = build(args.models)
        print(f"built {args.models} published models in {time.perf_counter() - started:.1f} s")
        pages = {
            "trivial": "/__bench__/trivial/",
            "gallery": "/mo-hinh/",
            "gallery search": "/mo-hinh/?q=duong+kiet&giai=giai-nhat",
            "model page": model_url,
        }
        print(
            f"Trang công khai / public site — gunicorn 2 sync workers, {args.clients} concurrent clients on "
            f"loopback, median of {args.rounds} interleaved rounds of {args.seconds:g} s"
        )
        print("ratio = requests per second of the page ÷ of a trivial view, same server, same run (target ≥ 0.50)")
        modes = (("page cache on (anonymous visitors)", 300), ("page cache off (every page rendered)", 0))
        for label, seconds in modes:
            rates, ratios = run(seconds, pages, args)
            print(f"\n{label}")
            print(f"{'page':<16}{'req/s':>10}{'ratio':>10}")
            for name in pages:
                print(f"{name:<16}{rates[name]:>10.0f}{ratios[name]:>10.2f}")
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
