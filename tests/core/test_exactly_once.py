"""What must happen once happens once with several workers and several hosts on one PostgreSQL:
e-mails under two real workers (receipts and a batch's certificate e-mails queued three times),
and the audit chain written by two processes at once (its advisory lock lives in PostgreSQL, so
it holds across hosts). Real processes (tests/processes.py)."""

import email
import re
import subprocess
import sys
from collections import Counter

import pytest
from django_tasks_db.models import DBTaskResult

from contest.certificates.enums import BatchStatus
from contest.certificates.models import Certificate, CertificateBatch
from contest.certificates.services import issuing
from contest.certificates.tasks import send_certificate_emails
from contest.core import audit
from contest.core.models import AuditRecord, Unit
from contest.dossiers.tasks import send_receipt_email
from tests.certificates.test_certificates import make_template, many_awards
from tests.factories import ContestFactory, EntryFactory, UserFactory
from tests.processes import ROOT, environment, needs_postgres, start_worker, stop, wait_until

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]

WORKER = {"CERTIFICATE_CHUNK": 3, "WORKER_HEARTBEAT_SECONDS": 0.5, "WORKER_LEASE_SECONDS": 3}


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _messages(folder):
    """Every e-mail the workers' file backend wrote (several per file, one file per connection)."""
    found = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk.strip()))
    return found


def _text(message) -> str:
    part = (
        message.get_payload(decode=True)
        if not message.is_multipart()
        else message.get_payload(0).get_payload(decode=True)
    )
    return part.decode("utf-8")


def test_two_workers_send_every_email_exactly_once(queue, tmp_path):
    mail = tmp_path / "mail"
    mail.mkdir()
    contest = ContestFactory()
    organiser = UserFactory(roles=["organiser"])
    receipts = [EntryFactory(contest=contest) for _ in range(16)]
    batch = issuing.start_batch(
        snapshot=many_awards(contest, organiser, 9), template=make_template(contest), by=organiser
    )
    for unit in Unit.objects.all():
        unit.email = f"don-vi-{unit.pk}@example.vn"
        unit.save(update_fields=["email"])
    for entry in receipts:
        send_receipt_email.enqueue(entry.pk)
    processes = [start_worker(tmp_path / f"worker-{n}.log", DVK_TEST_MAIL_DIR=mail, **WORKER) for n in range(2)]
    try:
        wait_until(lambda: CertificateBatch.objects.get(pk=batch.pk).status == BatchStatus.DONE, what="the batch")
        # The job completing the batch queued its e-mails once; two more copies, as a resumed batch
        # or a retry would, racing each other and the first on the two workers.
        send_certificate_emails.enqueue(batch.pk)
        send_certificate_emails.enqueue(batch.pk)
        wait_until(
            lambda: not DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists(),
            what="every job",
        )
    finally:
        for process in processes:
            stop(process)
        for log in sorted(tmp_path.glob("worker-*.log")):
            print(log.name, log.read_text(errors="replace")[-3000:])
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    # (A job may name both: a slow chunk can outlast the test's 3 s lease, and the other worker
    # then joins the batch, which SKIP LOCKED makes harmless.)
    assert len({w for job in DBTaskResult.objects.all() for w in job.worker_ids}) == 2, "both workers took jobs"

    messages = _messages(mail)
    bodies = [_text(m) for m in messages]
    # Receipts: one e-mail per submitted dossier, to its unit.
    for entry in receipts:
        to_unit = [m for m in messages if f"don-vi-{entry.unit_id}@example.vn" in m["To"]]
        assert len(to_unit) == 1, entry
    # Certificates: each one announced in exactly one e-mail, three jobs notwithstanding.
    certificates = list(Certificate.objects.filter(batch=batch))
    assert len(certificates) == 9 and all(c.emailed_at for c in certificates)
    mentions = Counter(token for body in bodies for token in re.findall(r"/xac-minh/([\w-]+)/", body))
    assert {c.token: mentions[c.token] for c in certificates} == {c.token: 1 for c in certificates}
    assert len(messages) == 16 + 9


WRITER = """
import os, sys, time
from pathlib import Path
import django
django.setup()
from contest.core import audit
from contest.core.models import User
from contest.dossiers.models import Entry
actor, entry = User.objects.get(pk=int(sys.argv[1])), Entry.objects.get(pk=int(sys.argv[2]))
go = Path(sys.argv[3])
while not go.exists():
    time.sleep(0.01)
for i in range(int(sys.argv[4])):
    audit.append(actor=actor, action="score.change", obj=entry, old=i, new=i + 1, reason=f"{os.getpid()}-{i}")
"""


def test_two_processes_append_to_one_unbroken_audit_chain(tmp_path):
    judge = UserFactory(roles=["judge"])
    entry = EntryFactory()
    go, each = tmp_path / "go", 60
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(judge.pk), str(entry.pk), str(go), str(each)],
            cwd=ROOT,
            env=environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(2)
    ]
    go.touch()  # both start appending at the same moment
    outputs = [writer.communicate(timeout=120)[0].decode(errors="replace") for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], outputs
    records = list(AuditRecord.objects.order_by("seq"))
    assert [r.seq for r in records] == list(range(1, 2 * each + 1))
    assert len({r.reason.split("-")[0] for r in records}) == 2, "both processes wrote"
    assert audit.verify_chain() == []
