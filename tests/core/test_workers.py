"""Jobs left RUNNING by a dead worker are found and run again; live ones are left alone."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from contest.core.models import WorkerHeartbeat
from contest.core.services import workers

pytestmark = pytest.mark.django_db


def job(status=TaskResultStatus.RUNNING, *, started=None, worker_ids=("w1",)):
    return DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="contest.certificates.tasks.issue_certificates",
        backend_name="default",
        run_after=timezone.now(),
        started_at=started or timezone.now() - dt.timedelta(minutes=10),
        worker_ids=list(worker_ids),
    )


def heartbeat(worker_id, *, task_id="", seen=None):
    now = timezone.now()
    return WorkerHeartbeat.objects.create(
        worker_id=worker_id, hostname="may-chu", pid=1, started_at=now, seen_at=seen or now, task_id=task_id
    )


def test_a_job_whose_worker_died_goes_back_to_the_queue():
    dead = job()
    heartbeat("w1", task_id=str(dead.pk), seen=timezone.now() - dt.timedelta(minutes=5))

    assert workers.recover_stale_jobs() == [(str(dead.pk), "requeued")]
    dead.refresh_from_db()
    assert dead.status == TaskResultStatus.READY
    assert DBTaskResult.objects.ready().filter(pk=dead.pk).exists()


def test_a_job_a_live_worker_holds_is_left_alone():
    held = job()
    heartbeat("w1", task_id=str(held.pk))
    job(started=timezone.now())  # just claimed: its heartbeat may not say so yet
    mine = job()

    assert workers.recover_stale_jobs(exclude=(str(mine.pk),)) == []
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {TaskResultStatus.RUNNING}


def test_a_job_that_keeps_killing_its_workers_is_failed_with_the_reason(settings):
    settings.WORKER_MAX_ATTEMPTS = 3
    poison = job(worker_ids=("w1", "w2", "w3"))

    assert workers.recover_stale_jobs() == [(str(poison.pk), "failed")]
    poison.refresh_from_db()
    assert poison.status == TaskResultStatus.FAILED
    assert poison.exception_class_path == workers.LOST and "3 times" in poison.traceback


def test_job_state_tells_running_from_stalled():
    running, stalled, waiting = job(), job(), job(TaskResultStatus.READY)
    heartbeat("w1", task_id=str(running.pk))

    assert workers.job_state(str(running.pk)) == workers.JobState("running", True)
    assert workers.job_state(str(stalled.pk)) == workers.JobState("stalled", True)
    assert workers.job_state(str(waiting.pk)).status == "waiting"
    assert workers.job_state("").status == "missing"
    # Just started, the job may not be enqueued yet: it waits a lease before counting as missing.
    assert workers.job_state("", since=timezone.now()).status == "waiting"


def test_no_live_worker_is_reported():
    heartbeat("old", seen=timezone.now() - dt.timedelta(hours=1))
    assert not workers.any_worker_alive()
    assert workers.job_state(str(job(TaskResultStatus.READY).pk)) == workers.JobState("waiting", False)


def test_heartbeats_are_recorded_then_forgotten():
    started = timezone.now()
    workers.beat("w9", started_at=started, task_id="abc")
    workers.beat("w9", started_at=started)
    beat = WorkerHeartbeat.objects.get()
    assert (beat.worker_id, beat.task_id, beat.started_at) == ("w9", "", started)
    workers.forget("w9")
    assert not WorkerHeartbeat.objects.exists()


def test_a_job_failed_by_a_lost_database_is_queued_again_and_others_are_not():
    lost = job(TaskResultStatus.FAILED)
    DBTaskResult.objects.filter(pk=lost.pk).update(exception_class_path="django.db.utils.OperationalError")
    broken = job(TaskResultStatus.FAILED)
    DBTaskResult.objects.filter(pk=broken.pk).update(exception_class_path="builtins.ValueError")

    assert workers.retry_later(str(lost.pk)) and not workers.retry_later(str(broken.pk))
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.READY and lost.run_after > timezone.now()
