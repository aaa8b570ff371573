"""Certificates in an S3-compatible bucket (a real moto_server, tests/s3.py): a batch's chunks write
one object per certificate under its own name, a crash's leftover is overwritten rather than
doubled, a failed chunk leaves nothing, and the real renderer reads the seal and signature from the
bucket."""

import hashlib

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from contest.certificates.enums import BatchStatus, CertificateStatus
from contest.certificates.models import Certificate, certificate_storage
from contest.certificates.services import issuing, production
from contest.core import storage
from tests.certificates.test_certificate_pdf import frozen, issued, read, stored
from tests.certificates.test_certificates import FakeRenderer, make_template, many_awards, use_renderer
from tests.factories import UserFactory

__all__ = ["frozen", "issued", "use_renderer"]  # fixtures, imported so that pytest finds them here

pytestmark = pytest.mark.django_db


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def test_a_batch_in_chunks_writes_one_object_per_certificate(
    s3, contest, organiser, use_renderer, settings, django_capture_on_commit_callbacks
):
    settings.CERTIFICATE_CHUNK = 2
    use_renderer(FakeRenderer())
    snapshot, template = many_awards(contest, organiser, 5), make_template(contest)
    with django_capture_on_commit_callbacks(execute=True):
        batch = issuing.start_batch(snapshot=snapshot, template=template, by=organiser)

    batch.refresh_from_db()
    assert (batch.status, batch.done) == (BatchStatus.DONE, 5)
    certificates = list(Certificate.objects.filter(batch=batch))
    assert storage.is_remote(certificates[0].pdf.storage)
    assert s3.keys() == sorted(f"certificates/{c.token}.pdf" for c in certificates)  # no gap, no double
    client = s3.server.client()
    for certificate in certificates:
        body = client.get_object(Bucket=s3.private, Key=certificate.pdf.name)["Body"].read()
        assert (certificate.status, certificate.sha256) == (CertificateStatus.VALID, sha(body))


def test_a_rerender_overwrites_what_a_crash_left_in_the_bucket(s3, contest, organiser, use_renderer):
    use_renderer(FakeRenderer())
    batch = issuing.start_batch(
        snapshot=many_awards(contest, organiser, 1), template=make_template(contest), by=organiser
    )
    certificate = Certificate.objects.get(batch=batch)
    name = production.pdf_name(certificate)
    s3.server.client().put_object(Bucket=s3.private, Key=name, Body=b"left by a killed worker")

    production.render_batch(batch.pk)

    certificate.refresh_from_db()
    assert certificate.pdf.name == name and s3.keys() == [name]
    assert sha(s3.server.client().get_object(Bucket=s3.private, Key=name)["Body"].read()) == certificate.sha256


def test_a_chunk_failing_after_its_writes_leaves_no_object(s3, contest, organiser, use_renderer):
    use_renderer(FakeRenderer())
    snapshot = many_awards(contest, organiser, 3)
    batch = issuing.start_batch(snapshot=snapshot, template=make_template(contest), by=organiser)  # not run yet
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
    assert s3.keys() == []
    assert certificate_storage() is storage.private


@pytest.mark.pdf
def test_the_real_renderer_reads_the_seal_from_the_bucket_and_the_unit_downloads_it(s3, issued, client):
    seal = issued[0].template.seal_image.name
    assert seal in s3.keys(s3.private)
    content = stored(issued[0])
    assert sha(content) == issued[0].sha256
    images = sum(len(page.images) for page in read(content).pages)
    assert images >= 3  # the seal and the signature (sent inline: a bucket has no path), the QR code

    client.force_login(UserFactory(unit=issued[0].entry.unit))
    response = client.get(reverse("portal:certificate-download", args=[issued[0].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
