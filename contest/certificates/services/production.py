"""Rendering a batch's pending certificates in the background, one chunk per transaction, and
storing each PDF with its row (the body of the ``issue_certificates`` job).

Exactly once, whoever runs it and whatever dies when:

- A chunk locks only its certificate rows (``FOR UPDATE OF`` the certificate table, ``SKIP
  LOCKED``), never the contest, template, snapshot or round joined to them: a second job on the
  same batch (two workers, a resumed batch, a re-queued job) takes the next pending rows instead
  of seeing none, and no two jobs render the same certificate.
- Only the job that finds no pending row left at all marks the batch done; a job that finds only
  rows locked by another one leaves the batch to it.
- A certificate's PDF has one possible name, ``certificates/<token>.pdf``, owned by that row. A
  chunk that fails deletes the names of all its rows; a crash between writing a file and the
  commit leaves a file that the row's next rendering overwrites (never a ``<token>_abc1234.pdf``
  beside it), and that ``manage.py sweep_orphans`` removes if the row is never rendered.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from contest.certificates import rendering
from contest.certificates.enums import BatchStatus, CertificateStatus
from contest.certificates.models import Certificate, CertificateBatch, certificate_storage
from contest.signing import batch_pins, signers
from contest.signing.signers import configured_signer

logger = logging.getLogger(__name__)

UNFINISHED = (BatchStatus.QUEUED, BatchStatus.RUNNING)
# How often a job whose batch's last chunks are held by other jobs looks again.
CHUNK_WAIT_SECONDS = 0.5


def pdf_name(certificate) -> str:
    """The one name a certificate's PDF may have in the storage."""
    return certificate.pdf.field.generate_filename(certificate, f"{certificate.token}.pdf")


def store(certificate, content: bytes) -> None:
    """Write the PDF under the certificate's own name (replacing what a crashed run left there) and
    mark the row valid. Inside the caller's transaction; on failure the caller deletes the name.

    ``content`` is the file as the holder gets it (signed, when a signer is configured): what is
    stored is what is hashed, so the SHA-256 on the verification page is that of the holder's file."""
    storage = certificate_storage()
    name = pdf_name(certificate)
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:
        # Another process wrote the same name meanwhile: impossible while the row is locked.
        storage.delete(saved)
        raise RuntimeError(f"Certificate file {name} was written concurrently.")
    certificate.pdf.name = saved
    certificate.sha256 = hashlib.sha256(content).hexdigest()
    certificate.status = CertificateStatus.VALID
    certificate.issued_at = timezone.now()
    certificate.save(update_fields=["pdf", "sha256", "status", "issued_at"])


def render_and_store(certificates, *, signer=None) -> None:
    """Render ``certificates`` and store each (see :func:`store`), signed by ``signer`` or the
    configured one: the page then leaves the signer's place blank and the signature's visible
    appearance draws the signature and seal images there (Decree 30)."""
    # The key is opened before anything is rendered: a wrong passphrase fails the chunk at once.
    signer = signer or configured_signer()
    if signer is None:
        for certificate, content in zip(certificates, rendering.render_certificates(certificates), strict=True):
            store(certificate, content)
        return
    for certificate, (content, appearance) in zip(
        certificates, rendering.render_for_signing(certificates), strict=True
    ):
        store(certificate, signer.sign(content, appearance))


def discard_files(certificates) -> None:
    """Delete whatever a failed chunk may have written for ``certificates`` (their rows roll back
    to pending, so no row points to these names)."""
    storage = certificate_storage()
    for certificate in certificates:
        storage.delete(pdf_name(certificate))


def _pending(batch_id):
    return Certificate.objects.filter(batch_id=batch_id, status=CertificateStatus.PENDING)


def _render_chunk(batch_id, size, signer) -> int:
    """Render and store up to ``size`` pending certificates nobody else holds; how many."""
    with transaction.atomic():
        chunk = list(
            _pending(batch_id)
            .select_for_update(of=("self",), skip_locked=True)
            .select_related("template", "contest", "snapshot__round", "entry")
            .order_by("number")[:size]
        )
        if not chunk:
            return 0
        try:
            render_and_store(chunk, signer=signer)
            CertificateBatch.objects.filter(pk=batch_id).update(done=F("done") + len(chunk))
        except BaseException:
            discard_files(chunk)
            raise
    # Which process printed what: with several workers on a batch, the logs show the split.
    logger.info("Certificate batch %s: numbers %s-%s rendered.", batch_id, chunk[0].number, chunk[-1].number)
    return len(chunk)


def _finish_if_complete(batch_id) -> bool:
    """Mark the batch done if no certificate of it is pending any more, in one statement that
    reads the committed state: of two jobs finishing together, exactly one marks it."""
    return (
        CertificateBatch.objects.filter(pk=batch_id, status__in=UNFINISHED)
        .exclude(Exists(_pending(OuterRef("pk"))))
        .update(status=BatchStatus.DONE, finished_at=timezone.now(), error="")
        == 1
    )


def render_batch(batch_id: int, *, chunk=None, on_complete=None, helper=False) -> CertificateBatch:
    """Render the batch's pending certificates, one chunk per transaction (the background job).
    ``on_complete`` is called if this call is the one that completes the batch. A ``helper`` (a
    second job sharing the batch) only joins a batch that is queued or printing.

    A rendering error marks the batch failed (the organiser can resume it) and is raised again. A
    database error (a lost connection, PostgreSQL restarting) leaves the batch as it is: the worker
    queues the job again (contest/management/commands/db_worker.py).
    """
    size = chunk or settings.CERTIFICATE_CHUNK
    if helper and not CertificateBatch.objects.filter(pk=batch_id, status__in=UNFINISHED).exists():
        return CertificateBatch.objects.get(pk=batch_id)
    CertificateBatch.objects.filter(pk=batch_id, status__in=(BatchStatus.QUEUED, BatchStatus.FAILED)).update(
        status=BatchStatus.RUNNING, error=""
    )
    try:
        # One signer for the whole job: a token is logged in once, with the batch's PIN.
        pin = batch_pins.read(batch_pins.CERTIFICATES, batch_id) if signers.needs_pin() else None
        allowed = CertificateBatch.objects.filter(pk=batch_id).values_list("sign_without_timestamp", flat=True)
        signer = signers.configured_signer(pin=pin, without_timestamp_if_unreachable=bool(allowed.first()))
        while True:
            if _render_chunk(batch_id, size, signer):
                continue
            if not _pending(batch_id).exists():
                break
            # What is left is held by another job of the batch (several workers share a batch:
            # CERTIFICATE_JOBS). Wait for it rather than end: the batch's page follows this job,
            # which must not look finished while the batch prints, and a chunk whose worker dies is
            # released with its connection and taken over here.
            time.sleep(CHUNK_WAIT_SECONDS)
    except (OperationalError, InterfaceError):
        raise  # the database went away: not the batch's fault; the worker runs the job again
    except Exception as error:
        CertificateBatch.objects.filter(pk=batch_id).exclude(status=BatchStatus.DONE).update(
            status=BatchStatus.FAILED, error=str(error)[:2000]
        )
        # The organiser enters the PIN again to resume: a refused PIN is never tried twice (a token
        # locks after a few wrong ones).
        batch_pins.forget(batch_pins.CERTIFICATES, batch_id)
        raise
    finally:
        # The worker holds the PIN (a logged-in session) only while it runs the batch.
        signers.release_token()
    if _finish_if_complete(batch_id):
        batch_pins.forget(batch_pins.CERTIFICATES, batch_id)
        if on_complete is not None:
            on_complete()
    return CertificateBatch.objects.get(pk=batch_id)
