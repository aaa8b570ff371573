"""Real workers, really killed: ``kill -9`` in the middle of a certificate batch, PostgreSQL
connections terminated under an idle and a busy worker, two workers on one batch. Each ends with
every certificate rendered exactly once, no file without its row, the batch done and one e-mail job.

PostgreSQL only (see tests/processes.py); real rendering (WeasyPrint) in the worker processes.
"""

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django_tasks_db.models import DBTaskResult

from contest.certificates.enums import BatchStatus, CertificateStatus
from contest.certificates.models import Certificate, CertificateBatch
from contest.certificates.services import issuing, progress
from contest.certificates.tasks import issue_certificates
from contest.core.models import WorkerHeartbeat
from contest.core.services import files
from tests.certificates.test_certificates import make_template, many_awards
from tests.factories import ContestFactory, UserFactory
from tests.processes import needs_postgres, start_worker, stop, terminate_other_backends, wait_until

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]

COUNT = 8
WORKER = {"CERTIFICATE_CHUNK": 2, "WORKER_HEARTBEAT_SECONDS": 0.5, "WORKER_LEASE_SECONDS": 3}


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WORKER_LEASE_SECONDS = WORKER["WORKER_LEASE_SECONDS"]


@pytest.fixture
def batch(queue):
    contest = ContestFactory()
    organiser = UserFactory(roles=["organiser"])
    snapshot = many_awards(contest, organiser, COUNT)
    return issuing.start_batch(snapshot=snapshot, template=make_template(contest), by=organiser)


@pytest.fixture
def workers(tmp_path):
    started = []

    def start(**extra):
        process = start_worker(tmp_path / f"worker-{len(started)}.log", **(WORKER | extra))
        started.append(process)
        return process

    yield start
    for process in started:
        stop(process)
    for log in sorted(tmp_path.glob("worker-*.log")):
        print(log.name, log.read_text(errors="replace")[-3000:])  # shown if the test failed


def done_count(batch):
    return CertificateBatch.objects.get(pk=batch.pk).done


def assert_issued_exactly_once(batch):
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == (BatchStatus.DONE, COUNT, COUNT)
    certificates = list(Certificate.objects.filter(batch=batch).order_by("number"))
    assert [c.number for c in certificates] == list(range(1, COUNT + 1))
    assert {c.status for c in certificates} == {CertificateStatus.VALID}
    # Every file of the folder is named by a row: nothing left by the killed worker's chunk.
    names = {c.pdf.name for c in certificates}
    tokens = {c.token for c in certificates}
    on_disk = {n for n in files.walk(storages["private"], "certificates") if n.split("/")[-1][:22] in tokens}
    assert on_disk == names
    for certificate in certificates:
        assert files.digest(storages["private"], certificate.pdf.name)[0] == certificate.sha256
    emails = DBTaskResult.objects.filter(task_path__endswith="send_certificate_emails", args_kwargs__args=[batch.pk])
    assert emails.count() == 1


def test_a_batch_whose_worker_is_killed_resumes_on_its_own(batch, workers):
    first = workers()
    wait_until(lambda: done_count(batch) >= 2, what="the first chunk")
    stop(first, kill=True)  # kill -9: no cleanup, the job stays RUNNING
    left = CertificateBatch.objects.get(pk=batch.pk)
    assert left.status == BatchStatus.RUNNING and left.done < COUNT
    # Once the lease is over, the page no longer says it is printing.
    wait_until(lambda: progress.batch_state(CertificateBatch.objects.get(pk=batch.pk)).key == "stalled", timeout=30)

    workers()
    wait_until(lambda: CertificateBatch.objects.get(pk=batch.pk).status == BatchStatus.DONE, what="the resumed batch")
    wait_until(lambda: DBTaskResult.objects.filter(task_path__endswith="send_certificate_emails").exists())
    assert_issued_exactly_once(batch)


def test_workers_ride_out_terminated_database_connections(queue, workers):
    worker = workers()
    wait_until(lambda: WorkerHeartbeat.objects.exists(), timeout=300, what="the worker's heartbeat")
    # Idle: its connections are cut as by a restart of PostgreSQL; it must not exit.
    wait_until(lambda: terminate_other_backends() > 0, timeout=30, what="the worker's connection")
    contest = ContestFactory()
    organiser = UserFactory(roles=["organiser"])
    batch = issuing.start_batch(
        snapshot=many_awards(contest, organiser, COUNT), template=make_template(contest), by=organiser
    )
    # Busy: cut again in the middle of the batch.
    wait_until(lambda: done_count(batch) >= 2, what="the first chunk")
    assert terminate_other_backends() > 0
    wait_until(lambda: CertificateBatch.objects.get(pk=batch.pk).status == BatchStatus.DONE, what="the batch")
    assert worker.poll() is None, "the worker exited"
    wait_until(lambda: DBTaskResult.objects.filter(task_path__endswith="send_certificate_emails").exists())
    assert_issued_exactly_once(batch)


def test_two_workers_share_one_batch_without_duplicate_or_gap(batch, workers):
    issue_certificates.enqueue(batch.pk)  # a second job on the same batch
    workers()
    workers()
    wait_until(lambda: CertificateBatch.objects.get(pk=batch.pk).status == BatchStatus.DONE, what="the batch")
    wait_until(
        lambda: (
            not DBTaskResult.objects.filter(task_path__endswith="issue_certificates")
            .exclude(status="SUCCESSFUL")
            .exists()
        ),
        what="both jobs",
    )
    assert_issued_exactly_once(batch)
    assert settings.TASKS["default"]["BACKEND"].endswith("DatabaseBackend")
