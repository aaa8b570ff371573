"""Several real web processes (gunicorn) and workers on one PostgreSQL and one Redis, as on several
hosts behind a load balancer: what the tests of issue 18 start, drive and kill.

Redis: ``TEST_REDIS_URL`` (default redis://127.0.0.1:6379/15); each test gets a key prefix of its
own, so tests running side by side (xdist, two checkouts) never read each other's keys. The tests
skip where no Redis answers; CI starts one (scripts/ensure-redis.sh, `make test-postgres`).
"""

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.processes import ROOT, environment, wait_until

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


needs_redis = pytest.mark.skipif(
    not _redis_answers(), reason=f"no Redis at {REDIS_URL} (TEST_REDIS_URL; CI starts one: scripts/ensure-redis.sh)"
)


def shared_cache_env() -> dict:
    """Environment of processes that share one Redis cache, under a prefix of this test's own."""
    return {"CACHE_URL": REDIS_URL, "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Web:
    """One gunicorn instance (a "web host") on the test's database and folders."""

    def __init__(self, log: Path, *, workers=1, threads=4, **extra):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(workers), "--threads", str(threads), "--graceful-timeout", "2"]
        # gunicorn 27 opens a control socket at one fixed path per user: two instances would share it.
        command += ["--no-control-socket"]
        self.log_handle = open(log, "ab")  # noqa: SIM115 - closed in stop()
        # A session of its own: killing the instance kills its master and workers, and nothing else.
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment(**extra),
            stdout=self.log_handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout=60.0):
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn on {self.port} exited with {self.process.returncode}")
            try:
                return Browser(self.base).status("/healthz") == 200
            except OSError:
                return False

        wait_until(ready, timeout=timeout, what=f"gunicorn on {self.port}")
        return self

    def kill(self):
        """``kill -9`` of the whole instance (master and workers), as when its host dies."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log_handle.close()


class Browser:
    """Just enough of a browser against one or several hosts: a cookie jar, the CSRF token of the
    last page, no JavaScript. ``base`` may change between requests (the load balancer's choice)."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, path, data=None, headers=None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def get(self, path) -> bytes:
        status, body = self.open(path)
        assert status == 200, f"GET {path}: {status}"
        return body

    def status(self, path) -> int:
        return self.open(path)[0]

    @staticmethod
    def token(html: bytes) -> str:
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()

    def post_form(self, path, fields: dict, *, page=None) -> tuple[int, bytes]:
        html = self.get(page or path)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token(html), **fields}, doseq=True).encode()
        return self.open(path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def login(self, username, password):
        from django.urls import reverse

        status, _ = self.post_form(reverse("login"), {"username": username, "password": password})
        assert status == 200, status

    def upload(self, page, path, fields: dict, field, filename, content: bytes, content_type) -> tuple[int, bytes]:
        """Post a file with the form of ``page`` (its CSRF token) to ``path``."""
        html = self.get(page)
        boundary = "dvk" + uuid.uuid4().hex
        parts = [("csrfmiddlewaretoken", self.token(html)), *fields.items()]
        body = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in parts
        )
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        body += content + f"\r\n--{boundary}--\r\n".encode()
        return self.open(path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
