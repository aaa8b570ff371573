"""Certificates issued with a signing key: the stored file is the signed one, and its SHA-256 (the
one the verification page checks) is that of the signed file."""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from contest.certificates import rendering
from contest.certificates.enums import BatchStatus, CertificateStatus
from contest.certificates.models import Certificate, certificate_storage
from contest.certificates.services import issuing as certificates
from contest.certificates.services import production
from contest.demo.stamps import seal_png, signature_png
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


def _signature_widget(content: bytes):
    """The signature field's widget on page 1, and the image XObjects its appearance draws."""
    page = PdfReader(io.BytesIO(content)).pages[0]
    (widget,) = [a.get_object() for a in page.get("/Annots", []) if a.get_object().get("/FT") == "/Sig"]
    appearance = widget["/AP"]["/N"].get_object()
    images = [
        x.get_object()
        for x in appearance["/Resources"]["/XObject"].values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    return widget, appearance, images


def _images_in(resources) -> int:
    """Image XObjects drawn with ``resources``, through the forms WeasyPrint nests some in."""
    count = 0
    for xobject in resources.get("/XObject", {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            count += 1
        elif "/Resources" in xobject:
            count += _images_in(xobject["/Resources"].get_object())
    return count


def _page_images(content: bytes) -> int:
    """How many images the page itself draws (not the signature's appearance)."""
    return _images_in(PdfReader(io.BytesIO(content)).pages[0]["/Resources"].get_object())


@pytest.mark.pdf
def test_the_signature_is_visible_at_the_signers_place_with_the_seal_over_the_signature(
    frozen,  # noqa: F811
    contest,
    organiser,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    """Decree 30: the signer's signature image and the organisation's seal image (the template's
    own images) are drawn by the digital signature itself, at the signing block, with the signer's
    name and the signing time in Vietnam time; the page leaves that place blank for it."""
    key = make_dev_key(tmp_path, settings)
    snapshot, _entries = frozen
    template = make_template(contest, signer_name="Nguyễn Thị Hồng Nhung")
    template.seal_image.save("dau.png", ContentFile(seal_png()), save=False)
    template.signature_image.save("chu-ky.png", ContentFile(signature_png()), save=True)
    sample = Certificate(contest=contest, template=template, serial="1", token="t")
    (unsigned,) = rendering.render_certificates([sample])
    ((blank, _appearance),) = rendering.render_for_signing([sample])
    with django_capture_on_commit_callbacks(execute=True):
        batch = certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    certificate = Certificate.objects.filter(batch=batch).order_by("number").first()
    content = stored(certificate)

    widget, appearance, images = _signature_widget(content)
    left, bottom, right, top = (float(v) for v in widget["/Rect"])
    # Landscape A4 (842 × 595 pt): the block's blank place, bottom right, 112 mm wide, 34 mm tall.
    assert right - left == pytest.approx(112 * 72 / 25.4, abs=2)
    assert top - bottom == pytest.approx(34 * 72 / 25.4, abs=2)
    assert left > 842 / 2 and bottom < 595 / 3
    # The two images, drawn by the signature (the seal with its transparency), none in the page.
    assert sorted((image["/Width"], image["/Height"]) for image in images) == [(400, 400), (600, 300)]
    assert all("/SMask" in image for image in images)
    assert _page_images(unsigned) == 3  # unsigned: the QR code, the signature and the seal
    assert _page_images(blank) == 1  # to be signed: the QR code; the signature draws the others
    text = " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())
    assert "Nguyễn Thị Hồng Nhung" in text
    # The stamp's text, in the shipped font (Vietnamese shaped by HarfBuzz), Vietnam time.
    fonts = [f.get_object()["/BaseFont"] for f in appearance["/Resources"]["/Font"].values()]
    assert any("LiberationSerif" in name for name in fonts)
    (report,) = validation.signatures(content, trust_roots_pem=(key.ca_pem,))
    assert report.intact and report.valid and report.trusted and report.covers_whole_file
    poppler = pdfsig(content, tmp_path)
    if poppler is not None:
        assert "Signature is Valid" in poppler
