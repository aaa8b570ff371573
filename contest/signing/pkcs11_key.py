"""The PKCS#11 backend: the key stays on a token or HSM (a province's USB token from a licensed CA,
a network HSM, SoftHSM2 for trials and tests); this process only asks the token to sign a hash.

The vendor's module (a ``.so`` file), the token's label or slot and the key's label come from the
environment (config/settings/base.py, docs/operations.md). The PIN comes from the environment or is
entered by the organiser for one batch (signing/batch_pins.py); it is never written anywhere here.

A logged-in session is opened once and kept (logging in costs more than a signature on most tokens);
a session that the token drops (pulled out, restarted) is forgotten, and the next signature opens a
new one.
"""

import contextlib
import hmac
import threading
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from contest.signing.errors import PinIncorrect, SigningUnavailable


@dataclass(frozen=True)
class TokenConfig:
    module: str  # the vendor's PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so
    token_label: str  # the token's label ("" to use the slot number)
    slot: int | None  # the slot's index, when the label is not used
    key_label: str  # the private key's label on the token
    cert_label: str  # the certificate's label (the key's label when empty)


_sessions: dict[TokenConfig, tuple[str, Any]] = {}
_lock = threading.Lock()


def _open(config: TokenConfig, pin: str):
    """pyHanko's PKCS#11 signer on a new logged-in session, its certificate and key found."""
    # python-pkcs11 loads the vendor's library: only when a token is really used.
    import pkcs11
    from pkcs11 import exceptions as p11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    token = config.token_label or str(config.slot)
    try:
        pkcs11.lib(config.module)
    except (OSError, RuntimeError, p11.PKCS11Error) as error:
        message = _("Không nạp được thư viện PKCS#11 của thiết bị ký số: %(path)s.")
        raise SigningUnavailable(message % {"path": config.module}) from error
    try:
        session = open_pkcs11_session(
            config.module,
            slot_no=None if config.token_label else config.slot,
            token_criteria=TokenCriteria(label=config.token_label) if config.token_label else None,
            user_pin=pin,
        )
    except p11.PinIncorrect as error:
        raise PinIncorrect(_("Mã PIN của thiết bị ký số không đúng.")) from error
    except p11.PinLocked as error:
        message = _(
            "Thiết bị ký số đã bị khóa vì nhập sai mã PIN nhiều lần: cần mở khóa bằng công cụ của nhà cung cấp."
        )
        raise SigningUnavailable(message) from error
    except p11.PKCS11Error as error:
        message = _("Không tìm thấy thiết bị ký số “%(token)s”: kiểm tra token đã cắm vào máy chủ và tên cấu hình.")
        raise SigningUnavailable(message % {"token": token}) from error
    signer = PKCS11Signer(
        session,
        key_label=config.key_label,
        cert_label=config.cert_label or config.key_label,
        # Every certificate on the token: a licensed CA's token carries its intermediate.
        other_certs_to_pull=None,
    )
    try:
        certificate = signer.signing_cert  # loads the certificate and the key handle now
    except p11.PKCS11Error as error:
        session.close()
        message = _("Không tìm thấy khóa “%(key)s” và chứng thư của nó trên thiết bị ký số “%(token)s”.")
        raise SigningUnavailable(message % {"key": config.key_label, "token": token}) from error
    # An EC key signs the hash this process computed (CKM_ECDSA): every token has that mechanism,
    # where many (SoftHSM2 among them) lack the hash-and-sign ones. RSA keys keep CKM_SHA256_RSA_PKCS.
    signer.use_raw_mechanism = certificate.public_key.algorithm == "ec"
    return signer


def signer_for(config: TokenConfig, pin: str):
    """The kept signer for this token if it was opened with ``pin``, else a new one.

    One session per token: PKCS#11 logs in a whole process at once, so a second session would find
    the token logged in and never check a wrong PIN. A different PIN closes the kept session first.
    """
    with _lock:
        kept = _sessions.get(config)
        if kept is not None and hmac.compare_digest(kept[0], pin):
            return kept[1]
        if kept is not None:
            _close(_sessions.pop(config)[1])
        signer = _open(config, pin)
        _sessions[config] = (pin, signer)
        return signer


def _close(signer) -> None:
    # Loaded only when signing: pyHanko, cryptography and PKCS#11 cost every process otherwise.
    from pkcs11 import exceptions as p11

    with contextlib.suppress(p11.PKCS11Error):  # the token is gone already
        signer.pkcs11_session.close()


def forget(config: TokenConfig) -> None:
    """Close and drop the kept session (the batch is over, or the token went away): the PIN is
    no longer held by this process."""
    with _lock:
        kept = _sessions.pop(config, None)
    if kept is not None:
        _close(kept[1])


def token_errors() -> tuple[type[Exception], ...]:
    """What a signature raises when the token refuses or went away under a kept session."""
    # Loaded only when signing: pyHanko, cryptography and PKCS#11 cost every process otherwise.
    from pkcs11 import exceptions as p11

    return (p11.PKCS11Error,)
