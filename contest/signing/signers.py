"""The signer interface and its PKCS#12 backend.

A signer turns a PDF into the same PDF with a PAdES signature appended as an incremental update:
the signed bytes are exactly what was rendered, so the signature covers everything a reader sees.
Level PAdES B-B (no timestamp authority yet); what the signed file holds and shows is built in
contest/signing/pades.py and appearance.py, the same for every backend. Backends to come behind
the same interface: PKCS#11 tokens (the provinces' USB tokens and HSMs) and remote signing.

Configuration (environment, read by the settings): ``SIGNING_PKCS12_PATH`` names the file and
``SIGNING_PKCS12_PASSPHRASE`` holds its passphrase. With no path, signing is off and documents
are stored unchanged, as before signing existed.
"""

import datetime as dt
import functools
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from contest.core.errors import DomainError
from contest.signing import pades
from contest.signing.appearance import Appearance

FIELD_NAME = pades.FIELD_NAME


class SigningUnavailable(DomainError):
    """The configured key cannot be used (missing file, wrong passphrase): nothing is issued."""


class Signer(Protocol):
    def sign(self, pdf: bytes, appearance: Appearance | None = None) -> bytes:
        """``pdf`` signed; with ``appearance``, the signature is visible at the signer's place."""
        ...


class Pkcs12Signer:
    """Signs with the key and certificate chain of a PKCS#12 file (pyHanko's SimpleSigner)."""

    def __init__(self, path: Path, passphrase: bytes | None) -> None:
        # pyHanko is imported when a key is loaded, not by every process that imports this module.
        from pyhanko.sign import signers

        try:
            data = path.read_bytes()
        except OSError as error:
            raise SigningUnavailable(_("Không đọc được tệp khóa ký số: %(path)s.") % {"path": path}) from error
        try:
            self._signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=passphrase)
        except (ValueError, TypeError) as error:
            raise SigningUnavailable(_("Không mở được tệp khóa ký số: sai mật khẩu hoặc tệp hỏng.")) from error

    @property
    def subject(self) -> str:
        return self._signer.signing_cert.subject.human_friendly

    def check_validity(self, now: dt.datetime) -> None:
        """Refuse a certificate outside its validity: a reader would show every file as invalid."""
        validity = self._signer.signing_cert["tbs_certificate"]["validity"]
        not_before, not_after = validity["not_before"].native, validity["not_after"].native
        if now > not_after:
            message = _("Chứng thư ký số đã hết hạn ngày %(date)s: cần gia hạn hoặc thay chứng thư trước khi ký.")
            raise SigningUnavailable(message % {"date": not_after.strftime("%d/%m/%Y")})
        if now < not_before:
            message = _("Chứng thư ký số chỉ có hiệu lực từ ngày %(date)s.")
            raise SigningUnavailable(message % {"date": not_before.strftime("%d/%m/%Y")})

    def sign(self, pdf: bytes, appearance: Appearance | None = None) -> bytes:
        # Checked at each signature: a long-running worker may outlive the certificate.
        self.check_validity(dt.datetime.now(dt.UTC))
        return pades.sign_pdf(pdf, signer=self._signer, appearance=appearance)


@functools.lru_cache(maxsize=4)
def _pkcs12_signer(path: str, passphrase: str, modified: float) -> Pkcs12Signer:
    # Keyed on the file's mtime: a replaced key file is read again without a restart.
    return Pkcs12Signer(Path(path), passphrase.encode("utf-8") if passphrase else None)


def configured_signer() -> Signer | None:
    """The signer the settings describe, or None when signing is off."""
    path = settings.SIGNING_PKCS12_PATH
    if not path:
        return None
    try:
        modified = Path(path).stat().st_mtime
    except OSError as error:
        raise SigningUnavailable(_("Không đọc được tệp khóa ký số: %(path)s.") % {"path": path}) from error
    return _pkcs12_signer(str(path), settings.SIGNING_PKCS12_PASSPHRASE, modified)


def sign_if_configured(pdf: bytes, appearance: Appearance | None = None) -> bytes:
    """``pdf`` signed by the configured signer, or unchanged when signing is off."""
    signer = configured_signer()
    return pdf if signer is None else signer.sign(pdf, appearance)
