"""Real processes for fault tests: ``manage.py db_worker`` and gunicorn, started on the test's own
database and folders, killed for real (``kill -9``) or cut off from PostgreSQL
(``pg_terminate_backend``)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]

needs_postgres = pytest.mark.skipif(
    not POSTGRES,
    reason="real worker processes need a database they can share: the SQLite test database lives in this "
    "process's memory (the PostgreSQL run, `make test-postgres`, runs these)",
)


def database_url(name=None) -> str:
    data = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{name or data['NAME']}"
    credentials = data["USER"] + (f":{data['PASSWORD']}" if data.get("PASSWORD") else "")
    return f"postgres://{credentials}@{data['HOST'] or '127.0.0.1'}:{data['PORT'] or 5432}/{name or data['NAME']}"


def environment(**extra) -> dict:
    """The environment of a child process: the test settings' folders, this test's database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.process_settings",
        DVK_TEST_ROOT=str(Path(settings.PRIVATE_MEDIA_ROOT).parent),
        DATABASE_URL=database_url(),
        PYTHONUNBUFFERED="1",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


WORKER_APP_NAME = "dvk-test-worker"


def start_worker(log: Path, **extra) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    command += ["--interval", "0.2", "--queue-name", "*", "--verbosity", "2"]
    handle = open(log, "ab")  # noqa: SIM115 - closed with the process (stop)
    # libpq names the worker's connections (PGAPPNAME), so that a test cuts those and no other.
    env = environment(PGAPPNAME=WORKER_APP_NAME, **extra)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    process.log_handle = handle
    return process


def stop(process: subprocess.Popen, *, kill=False) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    handle = getattr(process, "log_handle", None)
    if handle:
        handle.close()


def wait_until(predicate, *, timeout=300.0, interval=0.2, what="the condition"):
    """Poll ``predicate`` until it is true. The generous timeout only matters when something is
    wrong: a child process imports Django, Wagtail and WeasyPrint before it does anything, which on
    a CI machine busy with other test processes took over a minute."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def terminate_other_backends() -> int:
    """Test-only: end the worker processes' PostgreSQL backends on this test database
    (``pg_terminate_backend``), as a restart of PostgreSQL does to them. Only theirs: a live
    server's thread in this process keeps its connection."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = %s",
            [WORKER_APP_NAME],
        )
        return len(cursor.fetchall())
