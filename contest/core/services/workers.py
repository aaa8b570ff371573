"""Background workers' liveness, and the jobs a dead worker left behind.

django-tasks' database backend marks a job RUNNING when a worker claims it and never looks at it
again: it has no lease, no heartbeat and no retry (django_tasks_db 0.13). A worker killed with
``kill -9``, or one that lost its database connection in the middle of a job, leaves that job
RUNNING for ever, and no worker takes it again. So every worker (our ``db_worker``,
contest/management/commands/db_worker.py) keeps a heartbeat row fresh with the job in hand, and
:func:`recover_stale_jobs`, run by every worker every few heartbeats, puts a RUNNING job that no
fresh heartbeat claims back in the queue: it runs again from where it stopped. Our jobs are
written for that: a certificate batch renders only its pending rows; e-mail jobs mark what they
sent (at worst one e-mail goes twice, never none). A job that keeps killing its workers stops
after ``WORKER_MAX_ATTEMPTS`` tries and is marked failed, with the reason.
"""

import datetime
import logging
import os
import socket
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from contest.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

LOST = "contest.core.services.workers.WorkerLost"


class WorkerLost(Exception):
    """The worker running a job died or lost the database; recorded as the job's error."""


def heartbeat_seconds() -> float:
    return float(settings.WORKER_HEARTBEAT_SECONDS)


def lease() -> datetime.timedelta:
    """How long a heartbeat vouches for its worker (several heartbeats, so one slow write on a
    busy SQLite file does not make a live worker look dead)."""
    return datetime.timedelta(seconds=settings.WORKER_LEASE_SECONDS)


def uses_database_queue() -> bool:
    """Whether jobs wait for a worker (the database backend) rather than run at once (tests)."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def beat(worker_id: str, *, started_at, task_id: str = "") -> None:
    """Record that ``worker_id`` is alive (and what it runs). One UPDATE, an INSERT the first time."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now, task_id=task_id or "")
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": started_at,
                "seen_at": now,
                "task_id": task_id or "",
            },
        )


def forget(worker_id: str) -> None:
    """A worker that stops cleanly removes its heartbeat."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def live_workers(now=None):
    return WorkerHeartbeat.objects.filter(seen_at__gte=(now or timezone.now()) - lease())


def any_worker_alive() -> bool:
    return live_workers().exists()


@dataclass(frozen=True)
class JobState:
    """What is true of one job now, for pages that follow it."""

    status: str  # "waiting", "running", "stalled", "failed", "finished", "missing"
    workers_alive: bool


def job_state(task_id: str, *, since=None) -> JobState:
    """The truth about job ``task_id``: waiting in the queue, really running (a live worker holds
    it), stalled (RUNNING with no live worker behind it), failed, finished, or missing (never
    enqueued: the process that should have enqueued it died; ``since`` gives it a lease's grace)."""
    now = timezone.now()
    alive = live_workers(now)
    workers_alive = alive.exists()
    job = DBTaskResult.objects.filter(pk=task_id).only("status", "started_at").first() if task_id else None
    if job is None:
        recent = since is not None and since >= now - lease()
        return JobState("waiting" if recent else "missing", workers_alive)
    if job.status == TaskResultStatus.READY:
        return JobState("waiting", workers_alive)
    if job.status == TaskResultStatus.RUNNING:
        held = alive.filter(task_id=str(job.pk)).exists()
        fresh = job.started_at is not None and job.started_at >= now - lease()
        return JobState("running" if held or fresh else "stalled", workers_alive)
    if job.status == TaskResultStatus.FAILED:
        return JobState("failed", workers_alive)
    return JobState("finished", workers_alive)


def recover_stale_jobs(*, exclude: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Re-queue RUNNING jobs that no live worker holds; fail those tried too often.

    Returns ``[(job id, "requeued" | "failed")]``. ``exclude`` names jobs the calling process is
    running itself. Safe to run from several workers at once: each job row is locked
    (``SKIP LOCKED``) and its state checked again under the lock.
    """
    now = timezone.now()
    held = set(live_workers(now).exclude(task_id="").values_list("task_id", flat=True)) | set(exclude)
    done = []
    with transaction.atomic():
        candidates = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=now - lease())
            .order_by("started_at")
        )
        for job in candidates:
            if str(job.pk) in held:
                continue
            attempts = len(job.worker_ids or [])
            if attempts >= settings.WORKER_MAX_ATTEMPTS:
                job.status = TaskResultStatus.FAILED
                job.finished_at = now
                job.exception_class_path = LOST
                job.traceback = (
                    f"{LOST}: the job's worker died or lost the database {attempts} times; "
                    "not tried again automatically.\n"
                )
                job.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                done.append((str(job.pk), "failed"))
            else:
                job.status = TaskResultStatus.READY
                job.run_after = now
                job.save(update_fields=["status", "run_after"])
                done.append((str(job.pk), "requeued"))
    for job_id, action in done:
        logger.warning("Job %s was left running by a dead worker: %s.", job_id, action)
    WorkerHeartbeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()
    return done


# Failures of the database, not of the job: a job that ended on one of these is run again.
TRANSIENT_ERRORS = ("django.db.utils.OperationalError", "django.db.utils.InterfaceError")


def retry_later(task_id: str) -> bool:
    """Queue again a job that failed because the database went away (restart, failover, a
    terminated connection), after a backoff of 2, 4 … 60 s; at most ``WORKER_MAX_ATTEMPTS`` tries."""
    with transaction.atomic():
        job = DBTaskResult.objects.select_for_update().filter(pk=task_id).first()
        if job is None or job.status != TaskResultStatus.FAILED or job.exception_class_path not in TRANSIENT_ERRORS:
            return False
        attempts = len(job.worker_ids or [])
        if attempts >= settings.WORKER_MAX_ATTEMPTS:
            return False
        job.status = TaskResultStatus.READY
        job.finished_at = None
        job.run_after = timezone.now() + datetime.timedelta(seconds=min(2**attempts, 60))
        job.save(update_fields=["status", "finished_at", "run_after"])
    logger.warning("Job %s failed on a database error; queued again (try %d).", task_id, attempts + 1)
    return True


def abandon(task_id: str, reason: str) -> bool:
    """Mark a job failed on purpose (the organiser resumed its batch with a new job): a worker that
    comes back will not run it, and the reaper will not re-queue it. Call inside a transaction."""
    job = DBTaskResult.objects.select_for_update().filter(pk=task_id).first() if task_id else None
    if job is None or job.status not in (TaskResultStatus.READY, TaskResultStatus.RUNNING):
        return False
    job.status = TaskResultStatus.FAILED
    job.finished_at = timezone.now()
    job.exception_class_path = LOST
    job.traceback = f"{LOST}: {reason}\n"
    job.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
    return True
