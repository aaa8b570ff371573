"""What a load balancer and a monitoring system ask of one web host: is it ready, and how long is
the job queue.

Each readiness check answers "ok" or "failed" and nothing else: the reason goes to the log, never
into the answer (``/readyz`` is public: no host name, no error text, no version). The worker check
is reported but does not make the host unready unless ``READYZ_WORKER_REQUIRED`` is on: every web
host would otherwise leave the load balancer together when the worker host stops, taking the whole
site down for what is only a delay of e-mails and certificates (monitoring alerts on it instead).
"""

import datetime
import logging
import os
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.db.models import Min
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from contest.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

OK, FAILED = "ok", "failed"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    # A key of its own per probe: two hosts probing at once never read each other's value.
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


def _storage() -> None:
    """The private files' storage answers (a folder this process may write, or the bucket)."""
    storage = storages["private"]
    if isinstance(storage, FileSystemStorage):
        # The folder, or (on a new install, before the first upload creates it) its nearest parent.
        location = os.path.abspath(storage.location)
        while not os.path.exists(location) and os.path.dirname(location) != location:
            location = os.path.dirname(location)
        if not (os.path.isdir(location) and os.access(location, os.W_OK | os.X_OK)):
            raise RuntimeError("the private files folder cannot be written")
        return
    # Object storage: one HEAD request; a missing key is an answer, an unreachable bucket raises.
    storage.exists("readyz-probe")


def worker_max_age() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.READYZ_WORKER_MAX_AGE_SECONDS)


def _worker() -> None:
    if not WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - worker_max_age()).exists():
        raise RuntimeError("no worker heartbeat within READYZ_WORKER_MAX_AGE_SECONDS")


CHECKS = {"database": _database, "cache": _cache, "storage": _storage, "worker": _worker}


@dataclass(frozen=True)
class Readiness:
    checks: dict[str, str]
    ready: bool


def readiness() -> Readiness:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        if name == "worker" and results.get("database") != OK:
            results[name] = FAILED  # nothing to read it from
            continue
        try:
            check()
            results[name] = OK
        except Exception:
            logger.warning("Readiness check %s failed.", name, exc_info=True)
            results[name] = FAILED
    required = ["database", "cache", "storage"] + (["worker"] if settings.READYZ_WORKER_REQUIRED else [])
    return Readiness(checks=results, ready=all(results[name] == OK for name in required))


@dataclass(frozen=True)
class QueueState:
    """The job queue as monitoring sees it (contest/core/metrics.py)."""

    waiting: int  # READY jobs whose time has come
    oldest_waiting_seconds: float  # 0 when nothing waits
    running: int
    failed_total: int
    failed_last_day: int
    workers_alive: int


def queue_state() -> QueueState:
    now = timezone.now()
    due = DBTaskResult.objects.ready()  # READY, and either no run_after or its time has come
    summary = due.aggregate(oldest=Min("enqueued_at"))
    oldest = summary["oldest"]
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    lease = datetime.timedelta(seconds=settings.WORKER_LEASE_SECONDS)
    return QueueState(
        waiting=due.count(),
        oldest_waiting_seconds=max((now - oldest).total_seconds(), 0.0) if oldest else 0.0,
        running=DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
        failed_total=failed.count(),
        failed_last_day=failed.filter(finished_at__gte=now - datetime.timedelta(days=1)).count(),
        workers_alive=WorkerHeartbeat.objects.filter(seen_at__gte=now - lease).count(),
    )
