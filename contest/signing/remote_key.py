"""The remote-signing backend: the key stays with a signing service (as with the licensed CAs'
remote-signing offers in Vietnam); this process sends the hash of what it signs and gets the
signature back. The HTTP contract is in docs/operations.md ("Ký số từ xa"):

- ``GET  {url}/certificates``  → ``{"certificate": PEM, "chain": [PEM, …]}`` (the signer's
  certificate and the CAs above it)
- ``POST {url}/sign`` with ``{"hash_algorithm": "sha256", "hash": base64}`` → ``200 {"signature":
  base64}``, or ``202 {"transaction_id": …}`` when a person must approve (on a phone app); then
  ``GET {url}/sign/{transaction_id}`` answers 202 until approved, then 200 with the signature, or
  4xx with ``{"error": …}`` when refused.

Every request carries ``Authorization: Bearer {SIGNING_REMOTE_TOKEN}``. The signature is the raw
value for the certificate's key: ECDSA as DER ``Ecdsa-Sig-Value``, RSA as PKCS#1 v1.5 over the hash.
"""

import base64
import hashlib
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.utils.translation import gettext as _

from contest.signing.errors import SigningUnavailable


@dataclass(frozen=True)
class RemoteConfig:
    url: str  # the service's base address, e.g. https://ky-so.example.vn/api/v1
    token: str  # the bearer token the service issued to this organisation
    timeout: float = 15.0  # one HTTP request
    approval_wait: float = 120.0  # how long a signature may wait for a person's approval
    poll_interval: float = 1.0


def _request(config: RemoteConfig, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310  (the configured https or http address)
        config.url.rstrip("/") + path,
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {config.token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        try:
            detail = json.loads(error.read() or b"{}").get("error", "")
        except ValueError:
            detail = ""
        if error.code in (401, 403):
            message = _("Dịch vụ ký số từ xa từ chối quyền truy cập: kiểm tra SIGNING_REMOTE_TOKEN.")
            raise SigningUnavailable(message) from error
        message = _("Dịch vụ ký số từ xa trả lời lỗi %(code)s: %(detail)s")
        raise SigningUnavailable(message % {"code": error.code, "detail": detail or error.reason}) from error
    except (OSError, ValueError) as error:
        message = _("Không kết nối được dịch vụ ký số từ xa %(url)s: kiểm tra kết nối hoặc thử lại sau.")
        raise SigningUnavailable(message % {"url": config.url}) from error


def _load_pem(pem: str):
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509

    return x509.Certificate.load(asn1_pem.unarmor(pem.encode())[2])


def load(config: RemoteConfig):
    """pyHanko's signer for the service: its certificates fetched now, each signature on demand."""
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    _status, answer = _request(config, "GET", "/certificates")
    try:
        certificate = _load_pem(answer["certificate"])
        chain = [_load_pem(item) for item in answer.get("chain", [])]
    except (KeyError, TypeError, ValueError) as error:
        raise SigningUnavailable(_("Dịch vụ ký số từ xa không trả về chứng thư hợp lệ.")) from error

    class RemoteSigner(signers.Signer):
        def __init__(self) -> None:
            super().__init__(
                signing_cert=certificate,
                cert_registry=SimpleCertificateStore.from_certs([certificate, *chain]),
            )

        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
            if dry_run:
                # The largest raw value the key can give: RSA's modulus size, or DER ECDSA's bound.
                key = certificate.public_key
                return bytes(key.byte_size if key.algorithm == "rsa" else 2 * key.byte_size + 9)
            import asyncio

            digest = hashlib.new(digest_algorithm, data).digest()
            return await asyncio.to_thread(sign_hash, config, digest_algorithm, digest)

    return RemoteSigner()


def sign_hash(config: RemoteConfig, algorithm: str, digest: bytes) -> bytes:
    """The service's signature over ``digest``, waiting for a person's approval if it asks for one."""
    status, answer = _request(
        config, "POST", "/sign", {"hash_algorithm": algorithm, "hash": base64.b64encode(digest).decode()}
    )
    deadline = time.monotonic() + config.approval_wait
    while status == 202:
        if time.monotonic() > deadline:
            message = _("Chữ ký chưa được phê duyệt trên dịch vụ ký số từ xa: hãy phê duyệt rồi in tiếp.")
            raise SigningUnavailable(message)
        time.sleep(config.poll_interval)
        status, answer = _request(config, "GET", f"/sign/{answer['transaction_id']}")
    try:
        return base64.b64decode(answer["signature"], validate=True)
    except (KeyError, TypeError, ValueError) as error:
        raise SigningUnavailable(_("Dịch vụ ký số từ xa không trả về chữ ký hợp lệ.")) from error
