"""A batch whose worker died or whose chunk failed: the page says so, and the organiser resumes it
once. A chunk that fails while it is stored leaves no file behind. A second job on the same batch
takes other rows and does not end the batch early.

The renderer is the fake of test_certificates.py; the real worker processes are in
tests/core/test_worker_processes.py.
"""

import datetime as dt
import threading
import time

import pytest
from django.db import OperationalError, connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from contest.certificates.enums import BatchStatus, CertificateStatus
from contest.certificates.models import Certificate, CertificateBatch, certificate_storage
from contest.certificates.services import issuing, production
from contest.core.errors import InvalidTransition
from contest.core.models import WorkerHeartbeat
from tests.certificates.test_certificates import FakeRenderer, make_template, many_awards, use_renderer
from tests.processes import needs_postgres

__all__ = ["use_renderer"]  # a fixture, imported so that pytest finds it here

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings):
    """Jobs wait in the database for a worker, as in production."""
    settings.TASKS = DATABASE_QUEUE
    return settings


@pytest.fixture
def stalled(contest, organiser, use_renderer, queue, django_capture_on_commit_callbacks):
    """A batch of 5 whose worker rendered 2, then died (kill -9): its job is RUNNING, nobody holds it."""
    use_renderer(FakeRenderer())
    snapshot = many_awards(contest, organiser, 5)
    with django_capture_on_commit_callbacks(execute=True):
        batch = issuing.start_batch(snapshot=snapshot, template=make_template(contest), by=organiser)
    batch.refresh_from_db()
    job = DBTaskResult.objects.get(pk=batch.task_id)
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    DBTaskResult.objects.filter(pk=job.pk).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["w1"]
    )
    WorkerHeartbeat.objects.create(
        worker_id="w1", hostname="may-chu", pid=1, started_at=long_ago, seen_at=long_ago, task_id=str(job.pk)
    )
    for certificate in Certificate.objects.filter(batch=batch).order_by("number")[:2]:
        production.store(certificate, b"%PDF-1.4 gia")
    CertificateBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, done=2, requested_at=long_ago)
    batch.refresh_from_db()
    return batch


def page(client, user, batch):
    client.force_login(user)
    return client.get(reverse("contest_certificates:snapshot", args=[batch.snapshot_id])).content.decode()


def test_a_stalled_batch_is_not_called_printing_and_offers_to_resume(client, stalled, organiser, secretariat):
    html = page(client, organiser, stalled)
    assert "Tạm dừng" in html and "Đang in" not in html
    assert "còn 3 giấy chưa in" in html and 'value="resume"' in html
    assert "có thể đóng trang, việc in vẫn tiếp tục" not in html
    progress = client.get(reverse("contest_certificates:progress", args=[stalled.pk])).json()
    assert (progress["state"], progress["finished"], progress["resumable"]) == ("stalled", True, True)
    # The secretariat follows the batch but may not resume it.
    assert 'value="resume"' not in page(client, secretariat, stalled)


def test_resuming_queues_one_job_and_the_stalled_one_never_runs(
    client, stalled, organiser, django_capture_on_commit_callbacks
):
    old_job = stalled.task_id
    client.force_login(organiser)
    url = reverse("contest_certificates:snapshot", args=[stalled.snapshot_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "resume", "batch": stalled.pk}, follow=True)
    assert "Đang in tiếp 3 giấy chứng nhận còn lại" in response.content.decode()
    stalled.refresh_from_db()
    assert stalled.status == BatchStatus.QUEUED and stalled.task_id not in ("", old_job)
    assert DBTaskResult.objects.get(pk=old_job).status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.ready().filter(task_path__endswith="issue_certificates").count() == 1

    # A double click: refused, still one job.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "resume", "batch": stalled.pk}, follow=True)
    assert "đang chờ" in response.content.decode()
    assert DBTaskResult.objects.ready().filter(task_path__endswith="issue_certificates").count() == 1

    # The worker runs the new job: the three left are rendered, nothing twice.
    production.render_batch(stalled.pk)
    stalled.refresh_from_db()
    assert (stalled.status, stalled.done, stalled.total) == (BatchStatus.DONE, 5, 5)
    assert Certificate.objects.filter(batch=stalled, status=CertificateStatus.VALID).count() == 5


def test_a_waiting_batch_without_any_worker_says_so(client, stalled, organiser):
    DBTaskResult.objects.filter(pk=stalled.task_id).update(status=TaskResultStatus.READY)
    html = page(client, organiser, stalled)
    assert "Chưa có tiến trình nền nào chạy" in html and 'value="resume"' not in html
    with pytest.raises(InvalidTransition):
        issuing.resume_batch(batch=stalled, by=organiser)


def test_a_failed_batch_is_resumed_by_the_organiser_only(
    contest, organiser, secretariat, use_renderer, queue, django_capture_on_commit_callbacks
):
    snapshot = many_awards(contest, organiser, 3)
    batch = issuing.start_batch(snapshot=snapshot, template=make_template(contest), by=organiser)
    use_renderer(FakeRenderer(fail_on_call=1))
    with pytest.raises(RuntimeError):
        production.render_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    with pytest.raises(issuing.DomainError):
        issuing.resume_batch(batch=batch, by=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        issuing.resume_batch(batch=batch, by=organiser)
    use_renderer(FakeRenderer())
    assert production.render_batch(batch.pk).status == BatchStatus.DONE


def test_a_new_issue_on_a_stalled_batch_points_to_resume(stalled, organiser):
    with pytest.raises(issuing.DomainError, match="In tiếp"):
        issuing.start_batch(snapshot=stalled.snapshot, template=stalled.template, by=organiser)


# --- files stored with their rows ---------------------------------------------------------------


def test_a_database_error_while_a_chunk_is_stored_leaves_no_file(contest, organiser, use_renderer):
    """The second certificate's UPDATE fails after its file was written: no file may stay."""
    use_renderer(FakeRenderer())
    snapshot = many_awards(contest, organiser, 3)
    batch = issuing.start_batch(snapshot=snapshot, template=make_template(contest), by=organiser)
    updates = []

    def fail_second_update(execute, sql, params, many, context):
        if sql.startswith('UPDATE "contest_certificate"'):
            updates.append(sql)
            if len(updates) == 2:
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_second_update), pytest.raises(OperationalError):
        production.render_batch(batch.pk)
    assert set(Certificate.objects.filter(batch=batch).values_list("status", flat=True)) == {CertificateStatus.PENDING}
    storage = certificate_storage()
    assert not [c for c in Certificate.objects.filter(batch=batch) if storage.exists(production.pdf_name(c))]


def test_a_rerender_overwrites_what_a_crash_left_instead_of_writing_beside_it(contest, organiser, use_renderer):
    use_renderer(FakeRenderer())
    snapshot = many_awards(contest, organiser, 1)
    batch = issuing.start_batch(snapshot=snapshot, template=make_template(contest), by=organiser)
    certificate = Certificate.objects.get(batch=batch)
    storage = certificate_storage()
    name = production.pdf_name(certificate)
    storage.save(name, production.ContentFile(b"left by a killed worker"))  # the crash's leftover

    production.render_batch(batch.pk)
    certificate.refresh_from_db()
    assert certificate.pdf.name == name
    folder, _ = name.rsplit("/", 1)
    assert [n for n in storage.listdir(folder)[1] if n.startswith(certificate.token)] == [f"{certificate.token}.pdf"]


# --- two jobs on one batch ----------------------------------------------------------------------


def test_the_chunk_locks_only_certificate_rows(contest, organiser, use_renderer):
    use_renderer(FakeRenderer())
    batch = issuing.start_batch(
        snapshot=many_awards(contest, organiser, 2), template=make_template(contest), by=organiser
    )
    with CaptureQueriesContext(connection) as queries:
        production.render_batch(batch.pk)
    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    if connection.vendor == "postgresql":
        assert locking and all('FOR UPDATE OF "contest_certificate" SKIP LOCKED' in sql for sql in locking)
    else:
        assert locking == []  # SQLite has no row locks: one writer at a time


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_job_takes_other_rows_and_leaves_the_end_to_the_first(contest, organiser, use_renderer, queue):
    """Job A holds its chunk (rendering); job B must render the rest, and must not mark the batch
    done while A's chunk is still pending. Before the fix B saw no row at all (the contest, template,
    snapshot and round rows were locked with A's certificates) and marked the batch done at 0/6."""
    holding, release = threading.Event(), threading.Event()
    fake = FakeRenderer()

    def renderer(chunk):
        if threading.current_thread().name == "job-a" and not holding.is_set():
            holding.set()
            assert release.wait(30)
        return fake(chunk)

    use_renderer(renderer)
    snapshot = many_awards(contest, organiser, 6)
    batch = issuing.start_batch(snapshot=snapshot, template=make_template(contest), by=organiser)
    errors = []

    def job_a():
        try:
            production.render_batch(batch.pk, chunk=2)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    def job_b():
        try:
            production.render_batch(batch.pk, chunk=2)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=job_a, name="job-a")
    thread.start()
    assert holding.wait(30), errors
    second = threading.Thread(target=job_b, name="job-b")
    second.start()
    try:
        # B renders the other four, then waits for A's chunk instead of ending (CERTIFICATE_JOBS).
        deadline = time.monotonic() + 60
        while CertificateBatch.objects.get(pk=batch.pk).done < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        batch.refresh_from_db()
        assert (batch.status, batch.done) == (BatchStatus.RUNNING, 4)
        time.sleep(1)
        assert second.is_alive()
    finally:
        release.set()
        thread.join(30)
        second.join(30)
    assert not errors
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == (BatchStatus.DONE, 6, 6)
    rendered = sorted(pk for call in fake.calls for pk in call)
    assert rendered == sorted(Certificate.objects.filter(batch=batch).values_list("pk", flat=True))
    assert list(Certificate.objects.filter(batch=batch).order_by("number").values_list("number", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
