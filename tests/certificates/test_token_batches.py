"""A certificate batch signed on a PKCS#11 token (SoftHSM2) whose PIN the organiser enters once for
the batch: checked at once, handed to the worker encrypted through the PIN cache (never the job's
arguments or any row), used for every chunk, and gone when the batch ends."""

import pytest
from django.db import connection
from django.urls import reverse

from contest.certificates.enums import BatchStatus, CertificateStatus
from contest.certificates.models import Certificate, CertificateBatch
from contest.certificates.services import issuing as services
from contest.certificates.services import production
from contest.core.errors import DomainError
from contest.signing import batch_pins, validation
from contest.signing.errors import PinIncorrect
from tests.certificates.test_certificates import make_template, many_awards, tiny_pdf
from tests.signing.token import PIN, SIGNER, softhsm_token, use_token

__all__ = ["softhsm_token"]  # a fixture


@pytest.fixture
def token(softhsm_token, settings, monkeypatch):
    use_token(settings, softhsm_token)
    import contest.certificates.rendering as rendering

    # The layout is not the point here: tiny distinct PDFs, invisible signatures.
    monkeypatch.setattr(rendering, "render_for_signing", lambda batch: [(tiny_pdf(c.serial), None) for c in batch])
    return softhsm_token


def _all_rows_text() -> str:
    """Every row of the batch, job and audit tables as text: where a PIN must never be."""
    with connection.cursor() as cursor:
        text = []
        for table in ("contest_certificatebatch", "contest_auditentry", "django_tasks_database_dbtaskresult"):
            if table in connection.introspection.table_names():
                cursor.execute(f"SELECT * FROM {table}")  # noqa: S608  (our own table names)
                text.append(repr(cursor.fetchall()))
    return "\n".join(text)


def test_a_batch_is_signed_on_the_token_with_the_pin_entered_once(
    token, contest, organiser, settings, django_capture_on_commit_callbacks
):
    settings.CERTIFICATE_CHUNK = 2  # three chunks, one PIN
    snapshot = many_awards(contest, organiser, 5)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.start_batch(snapshot=snapshot, template=make_template(contest), by=organiser, pin=PIN)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.done == 5
    for certificate in Certificate.objects.filter(batch=batch):
        with certificate.pdf.open("rb") as handle:
            (report,) = validation.signatures(handle.read(), trust_roots_pem=(token.ca_pem,))
        assert report.intact and report.trusted and SIGNER in report.signer_subject
    # The batch is over: the PIN is gone from the cache, and was never written to a row.
    assert batch_pins.read(batch_pins.CERTIFICATES, batch.pk) is None
    assert PIN not in _all_rows_text()


def test_no_pin_or_a_wrong_one_is_refused_before_anything_is_queued(token, contest, organiser):
    snapshot = many_awards(contest, organiser, 1)
    template = make_template(contest)
    with pytest.raises(DomainError, match="Cần nhập mã PIN"):
        services.start_batch(snapshot=snapshot, template=template, by=organiser)
    with pytest.raises(PinIncorrect, match="Mã PIN của thiết bị ký số không đúng"):
        services.start_batch(snapshot=snapshot, template=template, by=organiser, pin="000000")
    assert not CertificateBatch.objects.exists()


def test_the_worker_finds_the_pin_after_a_restart_and_a_failed_batch_asks_again(
    token, contest, organiser, django_capture_on_commit_callbacks, monkeypatch
):
    snapshot = many_awards(contest, organiser, 2)
    template = make_template(contest)
    monkeypatch.setattr(services, "_enqueue", lambda batch_id: None)  # a worker that is not running yet
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.start_batch(snapshot=snapshot, template=template, by=organiser, pin=PIN)
    # Held encrypted for the batch: the cache's copy does not show it.
    raw = batch_pins._cache().get(f"signing-pin:{batch_pins.CERTIFICATES}:{batch.pk}")
    assert raw is not None and PIN.encode() not in repr(raw).encode()
    # A worker (re)started later runs the job: it reads the PIN from the cache and signs.
    production.render_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert set(Certificate.objects.filter(batch=batch).values_list("status", flat=True)) == {CertificateStatus.VALID}
    # Had the cache lost it (expired), the job fails with a message saying what to do.
    other = many_awards(contest, organiser, 1)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.start_batch(snapshot=other, template=template, by=organiser, pin=PIN)
    batch_pins.forget(batch_pins.CERTIFICATES, second.pk)
    with pytest.raises(DomainError, match="Cần nhập mã PIN"):
        production.render_batch(second.pk)
    second.refresh_from_db()
    assert second.status == BatchStatus.FAILED and "Cần nhập mã PIN" in second.error


def test_the_organiser_enters_the_pin_on_the_page(
    token, client, contest, organiser, django_capture_on_commit_callbacks
):
    snapshot = many_awards(contest, organiser, 1)
    template = make_template(contest)
    client.force_login(organiser)
    url = reverse("contest_certificates:snapshot", args=[snapshot.pk])
    page = client.get(url).content.decode()
    assert "Mã PIN của thiết bị ký số" in page and 'type="password"' in page
    client.post(url, {"action": "issue", "template": template.pk, "pin": "000000"})
    assert "Mã PIN của thiết bị ký số không đúng" in client.get(url).content.decode()
    assert not CertificateBatch.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "issue", "template": template.pk, "pin": PIN})
    batch = CertificateBatch.objects.get()
    assert batch.status == BatchStatus.DONE
    page = client.get(url).content.decode()
    assert PIN not in page


def test_a_batch_waits_for_the_timestamp_authority_unless_the_organiser_allowed_b_b(
    contest, organiser, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    import socket

    from tests.signing.keys import make_dev_key

    make_dev_key(tmp_path, settings)
    import contest.certificates.rendering as rendering

    monkeypatch.setattr(rendering, "render_for_signing", lambda batch: [(tiny_pdf(c.serial), None) for c in batch])
    with socket.socket() as probe:  # a timestamp authority that does not answer
        probe.bind(("127.0.0.1", 0))
        settings.SIGNING_TSA_URL = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    settings.SIGNING_TSA_TIMEOUT = 2
    template = make_template(contest)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_batch(snapshot=many_awards(contest, organiser, 1), template=template, by=organiser)
    waiting = CertificateBatch.objects.get()
    assert waiting.status == BatchStatus.FAILED and "Không lấy được dấu thời gian" in waiting.error
    assert not Certificate.objects.filter(batch=waiting, status=CertificateStatus.VALID).exists()
    # Resumed with the organiser's consent: signed at B-B. (The immediate test backend's job id is
    # no database job's: nothing to abandon.)
    CertificateBatch.objects.filter(pk=waiting.pk).update(task_id="")
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_batch(batch=waiting, by=organiser, sign_without_timestamp=True)
    waiting.refresh_from_db()
    assert waiting.status == BatchStatus.DONE and waiting.sign_without_timestamp
    with Certificate.objects.get(batch=waiting).pdf.open("rb") as handle:
        (report,) = validation.signatures(handle.read())
    assert report.intact and report.valid


def test_the_organiser_allows_b_b_on_the_page(client, contest, organiser, settings, tmp_path, monkeypatch):
    from tests.signing.keys import make_dev_key

    make_dev_key(tmp_path, settings)
    monkeypatch.setattr(services, "_enqueue", lambda batch_id: None)
    snapshot = many_awards(contest, organiser, 1)
    template = make_template(contest)
    client.force_login(organiser)
    url = reverse("contest_certificates:snapshot", args=[snapshot.pk])
    assert "Nếu không lấy được dấu thời gian" not in client.get(url).content.decode()  # no TSA: no choice
    settings.SIGNING_TSA_URL = "http://127.0.0.1:9/"
    assert "Nếu không lấy được dấu thời gian" in client.get(url).content.decode()
    client.post(url, {"action": "issue", "template": template.pk, "sign_without_timestamp": "on"})
    assert CertificateBatch.objects.get().sign_without_timestamp
