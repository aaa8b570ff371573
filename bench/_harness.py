"""What the benchmarks share: Django on the test settings, a throw-away test database, the trivial
baseline view and the interleaved timing of requests. See bench/README.md.

Importing this module sets Django up, so a benchmark imports it before any of the project's models.
"""

import contextlib
import gc
import os
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth.decorators import login_required  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment  # noqa: E402
from django.urls import path  # noqa: E402


@login_required
def trivial(request):
    """The baseline: session, authentication and middleware, no template, no query of ours."""
    return HttpResponse("ok")


def bench_urlconf():
    """The project's URLs plus the baseline view, registered only for this process."""
    import config.urls

    module = types.ModuleType("bench_urlconf")
    # First, because Wagtail's page serving at the end of the project's URLs catches everything.
    module.urlpatterns = [path("__bench__/trivial/", trivial, name="bench-trivial"), *config.urls.urlpatterns]
    for name in ("handler403", "handler404", "handler500"):
        setattr(module, name, getattr(config.urls, name))
    sys.modules[module.__name__] = module
    return module.__name__


@contextlib.contextmanager
def bench_database():
    """A throw-away test database with the baseline view's URLconf, destroyed on the way out.

    SQLite: in memory. A server (DATABASE_URL): test_<name>_bench, not test_<name>, because
    creating it drops any database of that name, and test_<name> may be a test run's.
    """
    if connection.vendor != "sqlite" and not connection.settings_dict["TEST"].get("NAME"):
        connection.settings_dict["TEST"]["NAME"] = f"test_{connection.settings_dict['NAME']}_bench"
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with override_settings(ROOT_URLCONF=bench_urlconf()):
            yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


class Post:
    """A POST to time: each call sends the next of ``payloads``, so that repeated saves change
    the stored values instead of finding nothing to do."""

    def __init__(self, url, *payloads):
        self.url, self.payloads, self.sent = url, payloads, 0

    def __call__(self, client):
        payload = self.payloads[self.sent % len(self.payloads)]
        self.sent += 1
        return client.post(self.url, payload)

    def __str__(self):
        return f"POST {self.url}"


class Get:
    def __init__(self, url):
        self.url = url

    def __call__(self, client):
        return client.get(self.url)

    def __str__(self):
        return f"GET {self.url}"


def _request(page):
    """A URL string means a GET of it."""
    return Get(page) if isinstance(page, str) else page


def get_ok(client, page):
    request = _request(page)
    response = request(client)
    if response.status_code != 200:
        sys.exit(f"{request} answered {response.status_code}, not 200")


def measure(client, pages, *, seconds, rounds=5):
    """Per-request time of each page, as medians over ``rounds`` interleaved rounds.

    ``pages`` maps a name to a URL (a GET) or a :class:`Post`; one of them is "trivial". Within a
    round every page is timed back to back, and its ratio to the trivial page is taken from that
    same round: a machine that slows down (another job starts) slows all of them, so the ratios
    stay put even when the absolute times do not.
    """
    requests = {name: _request(page) for name, page in pages.items()}
    calls = {}
    for name, request in requests.items():
        started = time.perf_counter()
        get_ok(client, request)  # warm: templates, URL resolvers, the connection
        get_ok(client, request)
        single = (time.perf_counter() - started) / 2
        calls[name] = max(1, round(seconds / rounds / single))
    times = {name: [] for name in requests}
    ratios = {name: [] for name in requests}
    for _ in range(rounds):
        for name, request in requests.items():
            gc.collect()
            started = time.perf_counter()
            for _ in range(calls[name]):
                request(client)
            times[name].append((time.perf_counter() - started) / calls[name])
        for name in requests:
            ratios[name].append(times[name][-1] / times["trivial"][-1])
    return {name: statistics.median(times[name]) for name in requests}, {
        name: statistics.median(ratios[name]) for name in requests
    }


def query_count(client, page):
    with CaptureQueriesContext(connection) as queries:
        _request(page)(client)
    return len(queries)
