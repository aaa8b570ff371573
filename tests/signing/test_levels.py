"""The PAdES level follows what is configured: B-T with a timestamp authority (a local one, a real
process), B-LT when the roots and revocation lists are available, B-B otherwise."""

import io
import socket

import pytest

from contest.signing import signers
from contest.signing.errors import SigningUnavailable
from contest.signing.threads import outside_event_loop
from tests.signing.keys import small_pdf


def _embedded(pdf: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    (signature,) = reader.embedded_signatures
    return reader, signature


def _status(pdf: bytes, roots_pem: tuple[bytes, ...]):
    from asn1crypto import pem, x509
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [x509.Certificate.load(pem.unarmor(item)[2]) for item in roots_pem]
    _reader, signature = _embedded(pdf)
    context = ValidationContext(trust_roots=roots)
    # pyHanko's asyncio.run refuses to start where Playwright left a running loop in this process.
    return outside_event_loop(
        validate_pdf_signature, signature, signer_validation_context=context, ts_validation_context=context
    )


def _use_tsa(settings, tsa) -> bytes:
    settings.SIGNING_TSA_URL = tsa.url
    return (tsa.directory / "tsa-ca.pem").read_bytes()


def test_without_a_timestamp_authority_the_level_is_b_b(dev_key):
    signer = signers.configured_signer()
    assert signer.level.name == "PAdES B-B"
    status = _status(signer.sign(small_pdf()), (dev_key.ca_pem,))
    assert status.bottom_line and status.timestamp_validity is None


def test_with_a_timestamp_authority_the_signature_carries_a_trusted_timestamp(dev_key, settings, timestamp_authority):
    tsa_root = _use_tsa(settings, timestamp_authority)
    signer = signers.configured_signer()
    assert signer.level.name == "PAdES B-T"
    first, second = signer.sign(small_pdf()), signer.sign(small_pdf())
    for signed in (first, second):
        status = _status(signed, (dev_key.ca_pem, tsa_root))
        assert status.bottom_line
        assert status.timestamp_validity is not None and status.timestamp_validity.trusted
        assert status.timestamp_validity.intact and status.timestamp_validity.valid


def test_an_unreachable_timestamp_authority_stops_signing_with_a_clear_message(dev_key, settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.SIGNING_TSA_URL = f"http://127.0.0.1:{port}/"
    settings.SIGNING_TSA_TIMEOUT = 2
    with pytest.raises(SigningUnavailable, match="Không lấy được dấu thời gian"):
        signers.configured_signer().sign(small_pdf())


def test_b_lt_embeds_the_validation_data_a_reader_needs_offline(dev_key, settings, timestamp_authority):
    from asn1crypto import pem, x509
    from pyhanko.sign.validation import DocumentSecurityStore, validate_pdf_signature

    tsa_root = _use_tsa(settings, timestamp_authority)
    tsa_dir = timestamp_authority.directory
    settings.SIGNING_TRUST_ROOTS = f"{dev_key.path.with_name('ca.pem')},{tsa_dir / 'tsa-ca.pem'}"
    settings.SIGNING_CRLS = f"{dev_key.path.with_name('ca.crl')},{tsa_dir / 'tsa-ca.crl'}"
    signer = signers.configured_signer()
    assert signer.level.name == "PAdES B-LT"
    signed = signer.sign(small_pdf())

    reader, signature = _embedded(signed)
    dss = reader.root["/DSS"]
    assert len(dss["/CRLs"]) >= 2 and len(dss["/Certs"]) >= 2
    # Validated offline with revocation required and nothing but the roots: the file holds the rest.
    roots = [x509.Certificate.load(pem.unarmor(item)[2]) for item in (dev_key.ca_pem, tsa_root)]
    context = DocumentSecurityStore.read_dss(reader).as_validation_context(
        {"trust_roots": roots, "allow_fetching": False, "revocation_mode": "hard-fail"}
    )
    status = outside_event_loop(
        validate_pdf_signature, signature, signer_validation_context=context, ts_validation_context=context
    )
    assert status.bottom_line and status.timestamp_validity.trusted
    # The same strict check without the file's DSS fails: the revocation lists come from there.
    assert not _status_strict(signed, roots).bottom_line


def _status_strict(pdf: bytes, roots):
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _reader, signature = _embedded(pdf)
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="hard-fail", crls=[], ocsps=[])
    return outside_event_loop(validate_pdf_signature, signature, signer_validation_context=context)


def test_b_lt_without_the_revocation_data_refuses_to_sign(dev_key, settings, timestamp_authority, tmp_path):
    _use_tsa(settings, timestamp_authority)
    settings.SIGNING_TRUST_ROOTS = str(dev_key.path.with_name("ca.pem"))
    settings.SIGNING_CRLS = str(timestamp_authority.directory / "tsa-ca.crl")  # the TSA's, not the signer's
    with pytest.raises(SigningUnavailable, match="B-LT"):
        signers.configured_signer().sign(small_pdf())


def test_an_unreachable_authority_gives_b_b_only_when_the_organiser_allowed_it(dev_key, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.SIGNING_TSA_URL = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    settings.SIGNING_TSA_TIMEOUT = 2
    signer = signers.configured_signer(without_timestamp_if_unreachable=True)
    status = _status(signer.sign(small_pdf()), (dev_key.ca_pem,))
    assert status.bottom_line and status.timestamp_validity is None
