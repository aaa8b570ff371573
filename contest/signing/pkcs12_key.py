"""The PKCS#12 backend: a key and its certificate chain in a password-protected file (small bodies,
the demo). The key is in this process's memory while it signs, unlike a token's."""

from pathlib import Path

from django.utils.translation import gettext as _

from contest.signing.errors import SigningUnavailable


def load(path: Path, passphrase: bytes | None):
    """pyHanko's signer for the file at ``path``."""
    # pyHanko is imported when a key is loaded, not by every process that imports this module.
    from pyhanko.sign import signers

    try:
        data = path.read_bytes()
    except OSError as error:
        raise SigningUnavailable(_("Không đọc được tệp khóa ký số: %(path)s.") % {"path": path}) from error
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=passphrase)
    except (ValueError, TypeError) as error:
        raise SigningUnavailable(_("Không mở được tệp khóa ký số: sai mật khẩu hoặc tệp hỏng.")) from error
