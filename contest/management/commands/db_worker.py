"""``manage.py db_worker``: django-tasks-db's worker, made to survive what kills it in production.

This command takes the place of django_tasks_db's own (``contest`` comes first in
INSTALLED_APPS) and keeps all its options. What it adds (contest/core/services/workers.py):

- **A heartbeat**: a thread refreshes this worker's row every ``WORKER_HEARTBEAT_SECONDS`` with
  the job in hand, on its own database connection.
- **Recovery of dead workers' jobs**: at start and every few heartbeats, a RUNNING job that no live
  heartbeat claims (its worker was killed, or lost the database mid-job) goes back to the queue,
  and is failed for good after ``WORKER_MAX_ATTEMPTS`` tries.
- **Riding out a database restart**: django-tasks-db's loop exits on the first database error
  other than a lock (an idle worker dies when PostgreSQL restarts). Here a lost connection closes
  the connections, waits (1, 2, 4 … 30 s) and carries on. A job that failed on a database error
  is queued again after a backoff (``workers.retry_later``); one whose failure could not even be
  recorded stays RUNNING without a heartbeat and is re-queued by the recovery above.
"""

import contextlib
import logging
import threading
import time

from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker as upstream

from contest.core.services import workers

logger = logging.getLogger("django_tasks_db")

CONNECTION_ERRORS = (OperationalError, InterfaceError)
MAX_BACKOFF = 30.0
RECOVER_EVERY = 3  # heartbeats


class Heartbeat(threading.Thread):
    """Keeps the worker's heartbeat row fresh and re-queues dead workers' jobs."""

    def __init__(self, worker):
        super().__init__(name="dvk-heartbeat", daemon=True)
        self.worker = worker
        self.halt = threading.Event()

    def run(self):
        beats = 0
        while True:
            try:
                close_old_connections()
                workers.beat(self.worker.worker_id, started_at=self.worker.started_at, task_id=self.worker.current_task)
                if beats % RECOVER_EVERY == 0:
                    workers.recover_stale_jobs(exclude=(self.worker.current_task,) if self.worker.current_task else ())
                beats += 1
            except DatabaseError as error:
                logger.warning("Heartbeat not recorded (%s); trying again.", error)
                connections.close_all()
            if self.halt.wait(workers.heartbeat_seconds()):
                break
        with contextlib.suppress(DatabaseError):
            workers.forget(self.worker.worker_id)
        connections.close_all()


class Worker(upstream.Worker):
    current_task = ""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.started_at = timezone.now()

    def run_task(self, db_task_result):
        self.current_task = str(db_task_result.pk)
        try:
            super().run_task(db_task_result)
        finally:
            self.current_task = ""
        if db_task_result.status == TaskResultStatus.FAILED:
            # Ended by a lost database rather than by its own fault: run it again later.
            workers.retry_later(str(db_task_result.pk))

    def run(self):
        heartbeat = Heartbeat(self)
        heartbeat.start()
        delay, failed_at = 0.0, 0.0
        try:
            while True:
                try:
                    return super().run()
                except CONNECTION_ERRORS as error:
                    if not self.running:
                        raise
                    # A failure long after the last one starts the backoff again from 1 s.
                    now = time.monotonic()
                    delay = 1.0 if now - failed_at > 2 * MAX_BACKOFF else min(max(delay * 2, 1.0), MAX_BACKOFF)
                    failed_at = now
                    self.current_task = ""
                    self.running_task = False
                    logger.warning("Database unavailable (%s); worker retries in %.0f s.", error, delay)
                    connections.close_all()
                    time.sleep(delay)
        finally:
            heartbeat.halt.set()
            heartbeat.join(timeout=5)


class Command(upstream.Command):
    help = upstream.Command.help + " (with heartbeat, recovery of dead workers' jobs and database reconnection)"

    def handle(self, *args, **options):
        # django-tasks-db builds its Worker inside handle(); ours is put in its place for the call.
        original = upstream.Worker
        upstream.Worker = Worker
        try:
            return super().handle(*args, **options)
        finally:
            upstream.Worker = original
