"""The signer interface, and the one PAdES signer behind it whatever holds the key.

A signer turns a PDF into the same PDF with a PAdES signature appended as an incremental update:
the signed bytes are exactly what was rendered, so the signature covers everything a reader sees.

Two choices, both from the environment (config/settings/base.py, docs/operations.md):

- **Which key signs** (``SIGNING_KEY_BACKEND``): ``pkcs12`` (a file: pkcs12_key.py), ``pkcs11`` (a token
  or HSM, the key never leaves it: pkcs11_key.py) or ``remote`` (a remote-signing service, hash out
  and signature in: remote_key.py). Unset: ``pkcs12`` when ``SIGNING_PKCS12_PATH`` is set, else
  signing is off and documents are stored unchanged, as before signing existed.
- **At which level** (levels.py): B-B, B-T with a timestamp authority, B-LT with validation data.
"""

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from contest.signing import levels, pkcs11_key, pkcs12_key, remote_key
from contest.signing.appearance import Appearance, field_options
from contest.signing.errors import PinRequired, SigningUnavailable
from contest.signing.threads import outside_event_loop

__all__ = ["FIELD_NAME", "PadesSigner", "Signer", "SigningUnavailable", "configured_signer", "sign_if_configured"]

# The field pyHanko creates: invisible, or with an Appearance the Decree 30 block (appearance.py).
FIELD_NAME = "ChuKySo"
# The last signature's byte range: /ByteRange [0 a b c] leaves the hex /Contents between a and b.
_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+\d+\s*\]")


class Signer(Protocol):
    def sign(self, pdf: bytes, appearance: Appearance | None = None) -> bytes:
        """``pdf`` signed; with ``appearance`` the signature is visible at the signer's place."""
        ...


def check_validity(certificate, now: dt.datetime) -> None:
    """Refuse a certificate outside its validity: a reader would show every file as invalid."""
    validity = certificate["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if now > not_after:
        message = _("Chứng thư ký số đã hết hạn ngày %(date)s: cần gia hạn hoặc thay chứng thư trước khi ký.")
        raise SigningUnavailable(message % {"date": not_after.strftime("%d/%m/%Y")})
    if now < not_before:
        message = _("Chứng thư ký số chỉ có hiệu lực từ ngày %(date)s.")
        raise SigningUnavailable(message % {"date": not_before.strftime("%d/%m/%Y")})


class PadesSigner:
    """Signs with any pyHanko signer (the key's backend) at the level ``level`` allows."""

    def __init__(self, key, level: levels.LevelConfig, *, on_key_error=None) -> None:
        self._key = key
        self.level = level
        self._on_key_error = on_key_error
        # The space reserved for the signature, learnt from the first one: pyHanko otherwise makes
        # every signature twice (a dry run to measure it), which is ~40 % of a certificate's signing.
        self._reserved: int | None = None

    @property
    def subject(self) -> str:
        return self._key.signing_cert.subject.human_friendly

    def check_validity(self, now: dt.datetime) -> None:
        check_validity(self._key.signing_cert, now)

    def _metadata(self):
        from pyhanko.sign import fields, signers

        long_term = self.level.long_term
        return signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            # B-LT: the chain's validation data goes into the file; otherwise the chain travels in
            # the signature, so a reader that trusts the CA needs nothing else.
            embed_validation_info=long_term,
            validation_context=levels.validation_context(self.level) if long_term else None,
        )

    def _sign_once(
        self, pdf: bytes, reserved: int | None, appearance: Appearance | None = None, *, timestamp: bool = True
    ) -> bytes:
        import io

        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers

        timestamper = levels.timestamper(self.level) if self.level.timestamped and timestamp else None
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        options = field_options(appearance, FIELD_NAME) if appearance is not None else {}
        pdf_signer = signers.PdfSigner(self._metadata(), signer=self._key, timestamper=timestamper, **options)
        return outside_event_loop(pdf_signer.sign_pdf, writer, bytes_reserved=reserved).getvalue()

    def _sign_in_reserved_space(self, pdf: bytes, appearance: Appearance | None) -> bytes:
        from pyhanko.sign.general import SigningError

        if self._reserved is None:
            return self._sign_once(pdf, None, appearance)
        try:
            return self._sign_once(pdf, self._reserved, appearance)
        except SigningError as error:
            if "larger than expected" not in str(error):
                raise
            # A larger reply than the first (a timestamp authority's): measure again.
            self._reserved = None
            return self._sign_once(pdf, None, appearance)

    def sign(self, pdf: bytes, appearance: Appearance | None = None) -> bytes:
        from pyhanko.sign.general import SigningError
        from pyhanko.sign.timestamps.common_utils import TimestampRequestError
        from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

        # Checked at each signature: a long-running worker may outlive the certificate.
        self.check_validity(dt.datetime.now(dt.UTC))
        try:
            signed = self._sign_in_reserved_space(pdf, appearance)
        except TimestampRequestError as error:
            if not self.level.without_timestamp_if_unreachable:
                message = _("Không lấy được dấu thời gian từ máy chủ %(url)s: kiểm tra kết nối hoặc thử lại sau.")
                raise SigningUnavailable(message % {"url": self.level.tsa_url}) from error
            # The organiser allowed B-B for this batch; the space learnt stays large enough.
            signed = self._sign_once(pdf, self._reserved, appearance, timestamp=False)
        except SigningError as error:
            # pyHanko wraps a chain that does not validate (B-LT's check before signing).
            cause = error.__cause__
            if not isinstance(cause, (PathBuildingError, PathValidationError)):
                raise
            message = _(
                "Không xác minh được chứng thư ký số bằng chứng thư gốc và danh sách thu hồi đã cấu hình "
                "(cần cho mức ký B-LT): %(reason)s"
            )
            raise SigningUnavailable(message % {"reason": cause}) from error
        except pkcs11_key.token_errors() as error:
            if self._on_key_error is not None:
                self._on_key_error()
            message = _("Thiết bị ký số không ký được (đã rút ra hoặc bị lỗi): %(reason)s")
            raise SigningUnavailable(message % {"reason": str(error) or type(error).__name__}) from error
        if self._reserved is None:
            found = _BYTE_RANGE.findall(signed[-65536:]) or _BYTE_RANGE.findall(signed)
            start, end = (int(n) for n in found[-1])
            self._reserved = end - start - 2  # the hex digits between < and >
        return signed


def level_config(*, without_timestamp_if_unreachable: bool = False) -> levels.LevelConfig:
    def paths(value: str) -> tuple[Path, ...]:
        return tuple(Path(p) for p in value.split(",") if p.strip())

    return levels.LevelConfig(
        tsa_url=settings.SIGNING_TSA_URL,
        tsa_timeout=settings.SIGNING_TSA_TIMEOUT,
        trust_roots=paths(settings.SIGNING_TRUST_ROOTS),
        crls=paths(settings.SIGNING_CRLS),
        fetch_revocation=settings.SIGNING_FETCH_REVOCATION,
        without_timestamp_if_unreachable=without_timestamp_if_unreachable,
    )


def backend() -> str:
    """``pkcs12``, ``pkcs11``, ``remote`` or "" (signing off)."""
    return settings.SIGNING_KEY_BACKEND or ("pkcs12" if settings.SIGNING_PKCS12_PATH else "")


def token_config() -> pkcs11_key.TokenConfig:
    slot = settings.SIGNING_PKCS11_SLOT
    return pkcs11_key.TokenConfig(
        module=settings.SIGNING_PKCS11_MODULE,
        token_label=settings.SIGNING_PKCS11_TOKEN_LABEL,
        slot=int(slot) if str(slot).strip() else None,
        key_label=settings.SIGNING_PKCS11_KEY_LABEL,
        cert_label=settings.SIGNING_PKCS11_CERT_LABEL,
    )


def needs_pin() -> bool:
    """The key is on a token whose PIN the organiser enters for each batch (none in the environment)."""
    return backend() == "pkcs11" and not settings.SIGNING_PKCS11_PIN


@functools.lru_cache(maxsize=4)
def _pkcs12_signer(path: str, passphrase: str, modified: float, level: levels.LevelConfig) -> PadesSigner:
    # Keyed on the file's mtime: a replaced key file is read again without a restart.
    key = pkcs12_key.load(Path(path), passphrase.encode("utf-8") if passphrase else None)
    return PadesSigner(key, level)


def _pkcs12(level: levels.LevelConfig) -> PadesSigner:
    path = settings.SIGNING_PKCS12_PATH
    try:
        modified = Path(path).stat().st_mtime
    except OSError as error:
        raise SigningUnavailable(_("Không đọc được tệp khóa ký số: %(path)s.") % {"path": path}) from error
    return _pkcs12_signer(str(path), settings.SIGNING_PKCS12_PASSPHRASE, modified, level)


def _pkcs11(pin: str | None, level: levels.LevelConfig) -> PadesSigner:
    pin = settings.SIGNING_PKCS11_PIN or pin
    if not pin:
        raise PinRequired(_("Cần nhập mã PIN của thiết bị ký số để ký đợt này."))
    config = token_config()
    return PadesSigner(pkcs11_key.signer_for(config, pin), level, on_key_error=release_token)


def remote_config() -> remote_key.RemoteConfig:
    return remote_key.RemoteConfig(
        url=settings.SIGNING_REMOTE_URL,
        token=settings.SIGNING_REMOTE_TOKEN,
        timeout=settings.SIGNING_REMOTE_TIMEOUT,
        approval_wait=settings.SIGNING_REMOTE_APPROVAL_WAIT,
    )


@functools.lru_cache(maxsize=2)
def _remote_signer(config: remote_key.RemoteConfig, level: levels.LevelConfig) -> PadesSigner:
    # The service's certificates are asked for once per process; each signature is a request.
    return PadesSigner(remote_key.load(config), level)


def release_token() -> None:
    """Log out of the token and forget the PIN this process held (a batch is over; the token
    failed). Nothing to do for the other backends."""
    if backend() == "pkcs11":
        pkcs11_key.forget(token_config())


def configured_signer(*, pin: str | None = None, without_timestamp_if_unreachable: bool = False) -> PadesSigner | None:
    """The signer the settings describe, or None when signing is off. ``pin``: the token's PIN the
    organiser entered for a batch (used when the environment holds none);
    ``without_timestamp_if_unreachable``: the organiser allowed B-B when the TSA cannot be reached."""
    chosen = backend()
    if not chosen:
        return None
    level = level_config(without_timestamp_if_unreachable=without_timestamp_if_unreachable)
    if chosen == "pkcs12":
        return _pkcs12(level)
    if chosen == "pkcs11":
        return _pkcs11(pin, level)
    if chosen == "remote":
        return _remote_signer(remote_config(), level)
    raise SigningUnavailable(_("Cách ký số “%(backend)s” không có (SIGNING_KEY_BACKEND).") % {"backend": chosen})


def sign_if_configured(pdf: bytes, *, signer: Signer | None = None, appearance: Appearance | None = None) -> bytes:
    """``pdf`` signed by ``signer`` or the configured one, or unchanged when signing is off. With
    ``appearance`` the signature is visible at the signer's place (appearance.py, Decree 30)."""
    signer = signer or configured_signer()
    return pdf if signer is None else signer.sign(pdf, appearance)
