#!/usr/bin/env python
"""Downloading a private dossier file: from the local disk (the baseline), from an S3-compatible
bucket streamed through the permission view, and from the bucket through a short-lived presigned
link the view would hand out after the same permission check. Prints, per file size, each way's
time as a ratio to the local disk's in the same round, and how long the web process is held.

The bucket is moto's standalone server (the one the tests use, tests/s3.py) on loopback: a Python
server, far slower per byte than MinIO or a provider's endpoint, so the bucket's *absolute* cost
is overstated; both bucket ways read from the same server, so their ratio to each other holds.

Usage: python bench/storage_bench.py [--sizes 100,2000,10000] [--rounds 5] [--seconds 2]
"""

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
import types
import urllib.request
from pathlib import Path

from _harness import bench_database
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.test import Client, override_settings
from django.urls import path

from config.settings import object_storage
from contest.core import storage
from contest.core.http import content_disposition
from contest.dossiers.enums import AttachmentKind
from contest.dossiers.models import Attachment
from tests.factories import ContestFactory, EntryFactory, UnitFactory, UserFactory
from tests.s3 import start_server, stop_server

MODES = ("disk", "bucket, streamed", "bucket, presigned")


def build_entry():
    unit = UnitFactory(name="Đảng ủy phường Thanh Khê")
    user = UserFactory(username="thanhkhe", unit=unit)
    return user, EntryFactory(contest=ContestFactory(), unit=unit, created_by=user)


def attach(entry, kilobytes: int) -> Attachment:
    """A file row whose bytes are written by the storage configured now."""
    content = (b"%PDF-1.7\n" + bytes(range(256)) * 4 * kilobytes)[: kilobytes * 1024]
    attachment = Attachment(entry=entry, kind=AttachmentKind.EVIDENCE, original_name="tai-lieu.pdf", size=len(content))
    attachment.content_type = "application/pdf"
    attachment.file.save("tai-lieu.pdf", ContentFile(content), save=False)
    attachment.save()
    return attachment


def presigned_link(request, attachment_id):
    """What the download view would do in the presigned way: the same permission check, then a
    redirect to a link valid for a minute (with the file's name and type, as the view sets them)."""
    attachment = get_object_or_404(Attachment, pk=attachment_id)
    if not request.user.has_perm("files.download_attachment", attachment):
        raise Http404
    remote = storages["private"]
    url = remote.connection.meta.client.generate_presigned_url(
        "get_object",
        Params={
            "Bucket": remote.bucket_name,
            "Key": remote._normalize_name(attachment.file.name),
            "ResponseContentDisposition": content_disposition(attachment.original_name, inline=False),
            "ResponseContentType": attachment.content_type,
        },
        ExpiresIn=60,
    )
    return HttpResponseRedirect(url)


def urlconf():
    import config.urls

    module = types.ModuleType("storage_bench_urls")
    module.urlpatterns = [path("__bench__/presigned/<uuid:attachment_id>/", presigned_link), *config.urls.urlpatterns]
    for name in ("handler403", "handler404", "handler500"):
        setattr(module, name, getattr(config.urls, name))
    sys.modules[module.__name__] = module
    return module.__name__


def download(mode, client, files, size):
    """One whole download: (seconds until the last byte, seconds a web process was held)."""
    if mode == "bucket, presigned":
        attachment = files[("bucket", size)]
        started = time.perf_counter()
        response = client.get(f"/__bench__/presigned/{attachment.pk}/")
        assert response.status_code == 302, response.status_code
        held = time.perf_counter() - started
        with urllib.request.urlopen(response["Location"]) as answer:  # noqa: S310 - the loopback bucket
            got = sum(len(block) for block in iter(lambda: answer.read(256 * 1024), b""))
        total = time.perf_counter() - started
    else:
        where = "disk" if mode == "disk" else "bucket"
        attachment = files[(where, size)]
        # The private storage as one process keeps it (created once, its connections reused).
        storage.private._wrapped = files[where]
        started = time.perf_counter()
        response = client.get(attachment.get_absolute_url())
        assert response.status_code == 200, response.status_code
        got = sum(len(block) for block in response.streaming_content)
        response.close()
        total = held = time.perf_counter() - started  # the web process sends every byte
    assert got == size * 1024, (mode, got)
    return total, held


def measure(client, files, size, *, rounds, seconds):
    totals, helds, ratios = ({mode: [] for mode in MODES} for _ in range(3))
    started = time.perf_counter()
    for mode in MODES:
        download(mode, client, files, size)  # warm: connections, URL resolvers
    calls = max(1, round(seconds / rounds / ((time.perf_counter() - started) or 0.01)))
    for _ in range(rounds):
        for mode in MODES:
            gc.collect()
            spent = [download(mode, client, files, size) for _ in range(calls)]
            totals[mode].append(sum(t for t, _ in spent) / calls)
            helds[mode].append(sum(h for _, h in spent) / calls)
        for mode in MODES:
            ratios[mode].append(totals[mode][-1] / totals["disk"][-1])
    median = statistics.median
    return (
        {mode: median(totals[mode]) * 1000 for mode in MODES},
        {mode: median(ratios[mode]) for mode in MODES},
        {mode: median(helds[mode]) * 1000 for mode in MODES},
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,2000,10000", help="file sizes in KB")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=2.0, help="per size and way, over all rounds")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="dvk-storage-bench-"))
    server = start_server(work / "moto.log")
    static = "django.contrib.staticfiles.storage.StaticFilesStorage"
    configured = {
        "disk": object_storage.storages({}, private_root=work / "private", staticfiles=static),
        "bucket": object_storage.storages(server.environ(server.new_bucket()), private_root=work, staticfiles=static),
    }
    rows = []
    try:
        with bench_database(), override_settings(ROOT_URLCONF=urlconf()):
            user, entry = build_entry()
            client = Client()
            client.force_login(user)
            files = {}
            for where, chosen in configured.items():
                with override_settings(STORAGES=chosen):
                    for size in sizes:
                        files[(where, size)] = attach(entry, size)
                    files[where] = storages["private"]
            with override_settings(STORAGES=configured["bucket"]):
                files["bucket"] = storages["private"]
                for size in sizes:
                    rows.append((size, *measure(client, files, size, rounds=args.rounds, seconds=args.seconds)))
    finally:
        stop_server(server.process)
        shutil.rmtree(work, ignore_errors=True)
    report(rows)


def report(rows):
    print("Tải tệp riêng tư / private file download — Django test client, moto_server on loopback")
    print("ratio = time of a whole download ÷ the same download from the local disk, same round\n")
    print(" size KB | disk ms | streamed × | presigned × | web held: disk ms | streamed ms | presigned ms")
    print("-" * 96)
    for size, totals, ratios, helds in rows:
        print(
            f"{size:8} | {totals['disk']:7.1f} | {ratios['bucket, streamed']:10.1f} | "
            f"{ratios['bucket, presigned']:11.1f} | {helds['disk']:17.1f} | {helds['bucket, streamed']:11.1f} | "
            f"{helds['bucket, presigned']:12.1f}"
        )


if __name__ == "__main__":
    sys.exit(main())
