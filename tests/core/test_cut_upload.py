"""An upload cut off mid-way: gunicorn kills its worker (timeout) and Django's temporary upload
file stays in FILE_UPLOAD_TEMP_DIR; ``sweep_orphans`` removes it. Real gunicorn, real socket."""

import datetime as dt
import socket
import subprocess
import sys
import uuid

import pytest

from contest.core.services import files
from tests.processes import ROOT, environment, stop, wait_until


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_a_killed_upload_leaves_a_temp_file_that_the_sweep_removes(tmp_path, settings):
    root = tmp_path / "web"
    uploads = root / "uploads"
    uploads.mkdir(parents=True)
    env = environment(DVK_TEST_ROOT=root, DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    port = free_port()
    log = tmp_path / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    # --preload: the app is imported once, before the worker forks; otherwise a worker slower than
    # the 3 s timeout to import Django and Wagtail (a busy CI machine) is killed before it serves.
    server = subprocess.Popen(
        [*command, "--preload", "--workers", "1", "--timeout", "3", "--graceful-timeout", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    client = None
    try:

        def connect():
            try:
                return socket.create_connection(("127.0.0.1", port), timeout=5)
            except OSError:
                return None

        client = wait_until(connect, timeout=300, what="gunicorn")
        client.settimeout(60)
        boundary = uuid.uuid4().hex
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="video.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
        total = len(head) + 8 * 1024 * 1024  # larger than FILE_UPLOAD_MAX_MEMORY_SIZE: a temp file
        client.sendall(
            (
                # A CSRF cookie, so that Django reads the body (without one it refuses before).
                "POST /tai-khoan/dang-nhap/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Cookie: csrftoken={'a' * 32}\r\n"
                f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {total}\r\n\r\n"
            ).encode()
            + head
        )
        client.sendall(b"\0" * (6 * 1024 * 1024))  # then the connection stalls, as a dropped 4G link
        leftover = wait_until(lambda: list(uploads.glob("tmp*.upload*")), timeout=30, what="the temp file")[0]
        # gunicorn's timeout kills the worker that waits for the rest, and boots another one.
        wait_until(lambda: log.read_text().count("Booting worker") >= 2, timeout=60, what="the worker's timeout")
        assert leftover.exists(), "Django removed the file: nothing to sweep"
    finally:
        if client:
            client.close()
        stop(server)

    settings.FILE_UPLOAD_TEMP_DIR = uploads
    report = files.sweep(delete=True, min_age=dt.timedelta(0))
    assert str(leftover) in report.temp_deleted and not leftover.exists()
