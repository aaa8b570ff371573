"""A development key made by the real management command, for the tests that sign."""

import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from pypdf import PdfWriter

PASSPHRASE = "mật khẩu thử"
SIGNER = "Ban Tổ chức Hội thi thử nghiệm"


@dataclass(frozen=True)
class DevKey:
    path: Path
    ca_pem: bytes


def make_dev_key(directory: Path, settings) -> DevKey:
    """Make a key with ``manage.py make_signing_cert`` and configure the signer to use it."""
    settings.SIGNING_PKCS12_PASSPHRASE = PASSPHRASE
    path = directory / "signer.p12"
    call_command("make_signing_cert", out=path, name=SIGNER, stdout=io.StringIO())
    settings.SIGNING_PKCS12_PATH = str(path)
    return DevKey(path=path, ca_pem=(directory / "ca.pem").read_bytes())


def small_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Giấy chứng nhận thử"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def one_byte_changed(pdf: bytes, marker: bytes) -> bytes:
    """``pdf`` with the first byte after ``marker`` changed: same length, same structure."""
    at = pdf.index(marker) + len(marker)
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def pdfsig(pdf: bytes, directory: Path) -> str | None:
    """poppler's report on the file's signatures, or None when poppler-utils is not installed."""
    executable = shutil.which("pdfsig")
    if executable is None:
        return None
    path = directory / "checked.pdf"
    path.write_bytes(pdf)
    result = subprocess.run([executable, str(path)], capture_output=True, text=True, check=False)
    return result.stdout + result.stderr
