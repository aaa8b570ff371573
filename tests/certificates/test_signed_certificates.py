"""Certificates issued with a signing key: the stored file is the signed one, and its SHA-256 (the
one the verification page checks) is that of the signed file."""

import hashlib

import pytest

from contest.certificates.enums import BatchStatus, CertificateStatus
from contest.certificates.models import Certificate, certificate_storage
from contest.certificates.services import issuing as certificates
from contest.certificates.services import production
from contest.signing import validation
from contest.signing.signers import SigningUnavailable
from tests.certificates.test_certificate_pdf import frozen, make_template, stored  # noqa: F401  (a fixture)
from tests.certificates.test_certificates import FakeRenderer, live, many_awards, use_renderer  # noqa: F401
from tests.certificates.test_certificates import make_template as fake_template
from tests.signing.keys import SIGNER, make_dev_key, one_byte_changed, pdfsig


@pytest.mark.pdf
def test_an_issued_certificate_is_signed_before_it_is_stored_and_hashed(
    frozen,  # noqa: F811
    contest,
    organiser,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    key = make_dev_key(tmp_path, settings)
    snapshot, _entries = frozen
    with django_capture_on_commit_callbacks(execute=True):
        batch = certificates.start_batch(snapshot=snapshot, template=make_template(contest), by=organiser)
    certificate = Certificate.objects.filter(batch=batch).order_by("number").first()
    content = stored(certificate)

    assert hashlib.sha256(content).hexdigest() == certificate.sha256
    (report,) = validation.signatures(content, trust_roots_pem=(key.ca_pem,))
    assert report.intact and report.valid and report.trusted and report.covers_whole_file
    assert SIGNER in report.signer_subject
    (altered,) = validation.signatures(one_byte_changed(content, b"/Producer ("), trust_roots_pem=(key.ca_pem,))
    assert not altered.intact
    poppler = pdfsig(content, tmp_path)
    if poppler is not None:
        assert "Signature is Valid" in poppler


@pytest.mark.pdf
def test_without_a_key_certificates_are_stored_unsigned(frozen, contest, organiser, django_capture_on_commit_callbacks):  # noqa: F811
    snapshot, _entries = frozen
    with django_capture_on_commit_callbacks(execute=True):
        batch = certificates.start_batch(snapshot=snapshot, template=make_template(contest), by=organiser)
    certificate = Certificate.objects.filter(batch=batch).order_by("number").first()
    assert validation.signatures(stored(certificate)) == []


def test_a_key_that_cannot_be_opened_fails_the_batch_and_stores_nothing(
    contest,
    organiser,
    settings,
    tmp_path,
    use_renderer,  # noqa: F811
):
    make_dev_key(tmp_path, settings)
    settings.SIGNING_PKCS12_PASSPHRASE = "sai mật khẩu"
    snapshot = many_awards(contest, organiser, 2)
    batch = certificates.start_batch(snapshot=snapshot, template=fake_template(contest), by=organiser)
    use_renderer(FakeRenderer())
    with pytest.raises(SigningUnavailable):
        production.render_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and "sai mật khẩu" in batch.error
    assert not any(c.pdf or c.sha256 for c in live(snapshot))
    assert set(live(snapshot).values_list("status", flat=True)) == {CertificateStatus.PENDING}
    storage = certificate_storage()
    assert not any(storage.exists(production.pdf_name(c)) for c in live(snapshot))
