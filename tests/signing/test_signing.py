"""Signing a PDF with a real development key and reading the signature back (pyHanko, poppler)."""

import datetime as dt

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.management import CommandError, call_command

from contest.signing import devca, signers, validation
from tests.signing.keys import PASSPHRASE, SIGNER, one_byte_changed, pdfsig, small_pdf


def test_the_command_makes_a_ca_and_a_signer_issued_by_it(dev_key):
    key, certificate, cas = pkcs12.load_key_and_certificates(dev_key.path.read_bytes(), PASSPHRASE.encode())
    assert key is not None and certificate is not None
    assert certificate.subject.rfc4514_string().startswith(f"CN={SIGNER}")
    assert [ca.subject for ca in cas] == [certificate.issuer]
    assert dev_key.path.stat().st_mode & 0o077 == 0  # the private key is its owner's only


def test_the_command_keeps_an_existing_key_unless_forced(dev_key):
    before = dev_key.path.read_bytes()
    with pytest.raises(CommandError, match="đã có"):
        call_command("make_signing_cert", out=dev_key.path)
    assert dev_key.path.read_bytes() == before
    call_command("make_signing_cert", out=dev_key.path, force=True, stdout=None)
    assert dev_key.path.read_bytes() != before


def test_the_signed_pdf_is_intact_trusted_and_names_its_signer(dev_key):
    signed = signers.sign_if_configured(small_pdf())
    (report,) = validation.signatures(signed, trust_roots_pem=(dev_key.ca_pem,))
    assert report.intact and report.valid and report.trusted and report.covers_whole_file
    assert SIGNER in report.signer_subject


def test_without_the_ca_the_signature_is_intact_but_untrusted(dev_key):
    (report,) = validation.signatures(signers.sign_if_configured(small_pdf()))
    assert report.intact and report.valid
    assert not report.trusted


def test_one_changed_byte_is_detected(dev_key):
    signed = signers.sign_if_configured(small_pdf())
    (report,) = validation.signatures(one_byte_changed(signed, b"/Title ("), trust_roots_pem=(dev_key.ca_pem,))
    assert not report.intact


def test_poppler_reads_the_signature_valid_and_a_changed_byte_invalid(dev_key, tmp_path):
    signed = signers.sign_if_configured(small_pdf())
    report = pdfsig(signed, tmp_path)
    if report is None:
        pytest.skip("poppler-utils (pdfsig) is not installed")
    assert "Signature is Valid" in report
    assert "ETSI.CAdES.detached" in report  # PAdES, not the legacy PKCS#7 signature
    assert "Total document signed" in report
    assert SIGNER in report
    altered = pdfsig(one_byte_changed(signed, b"/Title ("), tmp_path)
    assert "Digest Mismatch" in altered and "Signature is Valid" not in altered


def test_signing_off_leaves_the_document_unchanged(settings):
    settings.SIGNING_PKCS12_PATH = ""
    document = small_pdf()
    assert signers.configured_signer() is None
    assert signers.sign_if_configured(document) == document
    assert validation.signatures(document) == []


def test_a_wrong_passphrase_is_refused_in_vietnamese(dev_key, settings):
    settings.SIGNING_PKCS12_PASSPHRASE = "sai"
    with pytest.raises(signers.SigningUnavailable, match="sai mật khẩu"):
        signers.sign_if_configured(small_pdf())


def test_a_missing_key_file_is_refused_in_vietnamese(settings, tmp_path):
    settings.SIGNING_PKCS12_PATH = str(tmp_path / "khong-co.p12")
    with pytest.raises(signers.SigningUnavailable, match="Không đọc được tệp khóa"):
        signers.sign_if_configured(small_pdf())


def test_an_expired_certificate_is_refused_with_its_date(settings, tmp_path):
    bundle = devca.make_bundle(
        signer_name=SIGNER,
        organisation="Dân vận khéo",
        passphrase=b"",
        now=dt.datetime(2020, 3, 1, tzinfo=dt.UTC),
        days=30,
    )
    (tmp_path / "old.p12").write_bytes(bundle.pkcs12)
    settings.SIGNING_PKCS12_PATH, settings.SIGNING_PKCS12_PASSPHRASE = str(tmp_path / "old.p12"), ""
    with pytest.raises(signers.SigningUnavailable, match="đã hết hạn ngày 31/03/2020"):
        signers.sign_if_configured(small_pdf())


def test_later_signatures_reuse_the_space_measured_by_the_first(dev_key):
    signer = signers.configured_signer()
    first = signer.sign(small_pdf())
    reserved = signer._reserved
    second = signer.sign(small_pdf())
    assert reserved and signer._reserved == reserved  # no new dry run: the same space
    for signed in (first, second):
        (report,) = validation.signatures(signed, trust_roots_pem=(dev_key.ca_pem,))
        assert report.intact and report.valid and report.trusted and report.covers_whole_file
