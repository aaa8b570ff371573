"""Issue 18's proof on one machine: two web hosts (gunicorn) and two workers on one PostgreSQL, one
Redis and one S3-compatible server (moto_server, tests/s3.py), driven through one journey, as behind
a load balancer:

- a unit uploads its report on host A (into the bucket) and downloads it on host B (one session, in
  the database);
- an organiser publishes a model page on A and an anonymous visitor on B sees it at once (the page
  cache's generation in Redis);
- a 200-certificate batch is shared by the two workers (CERTIFICATE_JOBS): every number printed
  once, by one of them, both took part, and each certificate announced in exactly one e-mail;
- host A is killed (SIGKILL, master and workers) in the middle: the unit carries on on B, nothing
  committed is lost, and the batch goes on.

PostgreSQL and Redis only (`make test-postgres` starts Redis: scripts/ensure-redis.sh).
"""

import hashlib
import re
from collections import Counter

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from cms.publishing import publish_to_site
from contest.certificates.enums import BatchStatus, CertificateStatus
from contest.certificates.models import Certificate, CertificateBatch
from contest.certificates.services import issuing
from contest.core.models import Unit
from contest.dossiers.models import Attachment
from tests import files
from tests.certificates.test_certificates import make_template, many_awards
from tests.cluster import Browser, Web, needs_redis, shared_cache_env
from tests.core.test_exactly_once import _messages, _text
from tests.factories import PASSWORD, ContestFactory, EntryFactory, UserFactory
from tests.factories.showcase import award, showcase
from tests.processes import needs_postgres, start_worker, stop, wait_until

pytestmark = [needs_postgres, needs_redis, pytest.mark.django_db(transaction=True)]

CERTIFICATES = 200
CHUNK = 10


@pytest.fixture
def hosts(tmp_path, s3):
    mail = tmp_path / "mail"
    mail.mkdir()
    env = (
        shared_cache_env()
        | s3.environ
        | {
            "CMS_CACHE_SECONDS": 300,
            "CERTIFICATE_CHUNK": CHUNK,
            "DVK_TEST_MAIL_DIR": mail,
            "LOG_LEVEL": "INFO",
        }
    )
    started = {"web": [], "workers": []}

    def start():
        started["web"] = [Web(tmp_path / f"web-{name}.log", **env) for name in "ab"]
        started["workers"] = [start_worker(tmp_path / f"worker-{n}.log", **env) for n in range(2)]
        return [web.wait_ready() for web in started["web"]], started["workers"], mail, s3

    yield start
    for web in started["web"]:
        web.stop()
    for worker in started["workers"]:
        stop(worker)
    for log in sorted(tmp_path.glob("*.log")):
        print(log.name, log.read_text(errors="replace")[-2500:])  # shown if the test failed


def test_two_web_hosts_and_two_workers_lose_nothing(hosts, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CERTIFICATE_CHUNK = CHUNK
    settings.CERTIFICATE_JOBS = 2
    contest = ContestFactory()
    unit_user = UserFactory(username="thanhkhe-nhieu-may", unit=EntryFactory(contest=contest).unit)
    entry = unit_user.unit.entries.get()
    entry.created_by = unit_user
    entry.save(update_fields=["created_by"])
    organiser = UserFactory(username="btc-nhieu-may", roles=["organiser"])
    shown = EntryFactory(contest=contest, title="Mô hình đã có trên trang")
    award(shown)
    showcase(shown)
    newcomer = EntryFactory(contest=contest, title="Mô hình vừa được Ban Tổ chức duyệt")
    award(newcomer, prize_name="Giải Nhì", prize_code="nhi", rank=2)
    [draft] = publish_to_site(entries=[newcomer], by=organiser).created
    awards = ContestFactory()
    snapshot = many_awards(awards, organiser, CERTIFICATES)
    for unit in Unit.objects.filter(entries__contest=awards):
        unit.email = f"don-vi-{unit.pk}@example.vn"
        unit.save(update_fields=["email"])

    (a, b), _workers, mail, s3 = hosts()

    # The batch starts first and prints while the people below work.
    batch = issuing.start_batch(snapshot=snapshot, template=make_template(awards), by=organiser)

    # A unit uploads on A and downloads on B: the load balancer may send it anywhere.
    unit = Browser(a.base)
    unit.login(unit_user.username, PASSWORD)
    report = files.pdf_bytes(pages=2)
    status, _ = unit.upload(
        reverse("portal:entry-detail", args=[entry.pk]),
        reverse("portal:attachment-upload", args=[entry.pk]),
        {"kind": "report", "caption": ""},
        "file",
        "bao-cao.pdf",
        report,
        "application/pdf",
    )
    assert status == 200
    uploaded = Attachment.objects.get(entry=entry)
    in_bucket = s3.keys()
    assert uploaded.file.name in in_bucket  # in the bucket, not on host A's disk
    unit.base = b.base
    assert (
        hashlib.sha256(unit.get(reverse("attachment-file", args=[uploaded.pk]))).digest()
        == hashlib.sha256(report).digest()
    )

    # An organiser publishes on A; an anonymous visitor on B, whose gallery was cached, sees it at once.
    visitor = Browser(b.base)
    assert "Mô hình vừa được Ban Tổ chức duyệt" not in visitor.get("/mo-hinh/").decode()
    organiser_browser = Browser(a.base)
    organiser_browser.login(organiser.username, PASSWORD)
    status, _ = organiser_browser.post_form(
        f"/quan-tri/bulk/wagtailcore/page/publish/?id={draft.pk}&next=/quan-tri/", {"include_descendants": ""}
    )
    assert status == 200
    assert "Mô hình vừa được Ban Tổ chức duyệt" in visitor.get("/mo-hinh/").decode()

    # Host A dies (kill -9, master and workers) while the batch prints.
    wait_until(lambda: CertificateBatch.objects.get(pk=batch.pk).done >= CHUNK, what="the first chunk")
    assert CertificateBatch.objects.get(pk=batch.pk).status == BatchStatus.RUNNING
    a.kill()
    assert unit.status(reverse("portal:entry-detail", args=[entry.pk])) == 200  # on B, same session
    second = files.pdf_bytes(pages=1)
    status, _ = unit.upload(
        reverse("portal:entry-detail", args=[entry.pk]),
        reverse("portal:attachment-upload", args=[entry.pk]),
        {"kind": "endorsement", "caption": ""},
        "file",
        "xac-nhan.pdf",
        second,
        "application/pdf",
    )
    assert status == 200
    for attachment, content in zip(
        Attachment.objects.filter(entry=entry).order_by("uploaded_at"), [report, second], strict=False
    ):
        assert unit.get(reverse("attachment-file", args=[attachment.pk])) == content
    assert "Mô hình vừa được Ban Tổ chức duyệt" in visitor.get("/mo-hinh/").decode()
    assert visitor.status(draft.url) == 200

    # The batch: every number once, no gap, shared by the two workers, each announced once.
    wait_until(
        lambda: CertificateBatch.objects.get(pk=batch.pk).status == BatchStatus.DONE, timeout=180, what="the batch"
    )
    wait_until(
        lambda: not DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists(),
        what="every job, e-mails included",
    )
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    certificates = list(Certificate.objects.filter(batch=batch).order_by("number"))
    assert [c.number for c in certificates] == list(range(1, CERTIFICATES + 1))
    assert {c.status for c in certificates} == {CertificateStatus.VALID}
    assert len({c.pdf.name for c in certificates}) == CERTIFICATES
    assert {c.pdf.name for c in certificates} <= set(s3.keys())
    printed_by = []
    for n in range(2):
        log = (tmp_path / f"worker-{n}.log").read_text(errors="replace")
        numbers = set()
        for first, last in re.findall(rf"Certificate batch {batch.pk}: numbers (\d+)-(\d+) rendered", log):
            numbers |= set(range(int(first), int(last) + 1))
        printed_by.append(numbers)
    assert printed_by[0] and printed_by[1], "both workers printed"
    assert not printed_by[0] & printed_by[1], "no certificate printed twice"
    assert printed_by[0] | printed_by[1] == set(range(1, CERTIFICATES + 1))
    mentions = Counter(
        token for message in _messages(mail) for token in re.findall(r"/xac-minh/([\w-]+)/", _text(message))
    )
    assert all(mentions[c.token] == 1 for c in certificates)
