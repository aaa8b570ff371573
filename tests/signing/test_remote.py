"""The remote-signing backend against a local signing service (a real process holding the key):
only a hash leaves the app, the signature comes back, the PDF validates; approval, a wrong access
token and an unreachable service behave as docs/operations.md says."""

import hashlib
import io
import socket

import pytest

from contest.signing import signers, validation
from contest.signing.errors import SigningUnavailable
from tests.signing.keys import one_byte_changed, small_pdf
from tests.signing.services import REMOTE_TOKEN


@pytest.fixture
def use_remote(settings):
    def configure(service, token=REMOTE_TOKEN):
        settings.SIGNING_KEY_BACKEND = "remote"
        settings.SIGNING_REMOTE_URL = service.url
        settings.SIGNING_REMOTE_TOKEN = token
        settings.SIGNING_REMOTE_TIMEOUT = 5
        return (service.directory / "ca.pem").read_bytes()

    yield configure
    signers._remote_signer.cache_clear()


def _signed_attributes_hash(pdf: bytes) -> str:
    """The base64 SHA-256 of the signature's signed attributes: what the service was asked to sign."""
    import base64

    from pyhanko.pdf_utils.reader import PdfFileReader

    (embedded,) = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    signed_attrs = embedded.signer_info["signed_attrs"].untag().dump()
    return base64.b64encode(hashlib.sha256(signed_attrs).digest()).decode()


def test_the_service_signs_a_hash_and_the_pdf_validates(use_remote, remote_signer):
    ca_pem = use_remote(remote_signer)
    signer = signers.configured_signer()
    signed = signer.sign(small_pdf())
    (report,) = validation.signatures(signed, trust_roots_pem=(ca_pem,))
    assert report.intact and report.valid and report.trusted and "ký từ xa" in report.signer_subject
    (altered,) = validation.signatures(one_byte_changed(signed, b"/Title ("), trust_roots_pem=(ca_pem,))
    assert not altered.intact
    # What left the app was the hash of the signed attributes, nothing of the document itself.
    sent = (remote_signer.directory / "requests.log").read_text().split()
    assert _signed_attributes_hash(signed) in sent


def test_a_signature_waiting_for_approval_is_collected(use_remote, remote_signer_with_approval, settings):
    ca_pem = use_remote(remote_signer_with_approval)
    signed = signers.configured_signer().sign(small_pdf())
    (report,) = validation.signatures(signed, trust_roots_pem=(ca_pem,))
    assert report.intact and report.trusted


def test_a_wrong_access_token_is_said_plainly(use_remote, remote_signer):
    use_remote(remote_signer, token="sai")
    with pytest.raises(SigningUnavailable, match="từ chối quyền truy cập"):
        signers.configured_signer()


def test_an_unreachable_service_is_said_plainly(use_remote, remote_signer, settings):
    use_remote(remote_signer)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.SIGNING_REMOTE_URL = f"http://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(SigningUnavailable, match="Không kết nối được dịch vụ ký số từ xa"):
        signers.configured_signer()
