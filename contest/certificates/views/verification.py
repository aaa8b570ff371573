"""Public verification of a certificate: what its QR code opens, and the serial-plus-code lookup.

Found only by the certificate's unguessable token, so that sequential serial numbers cannot be
walked through; anyone may read it, nobody needs to log in. A typed serial alone finds nothing: it
must come with the 8-character code printed under the QR code (the token's first characters).
Both pages are rate-limited per visitor (contest/ratelimit.py).
"""

import hashlib
import hmac

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django_ratelimit.decorators import ratelimit

from contest.certificates.models import VERIFICATION_CODE_LENGTH, Certificate
from contest.core.text import nfc

CODE_LENGTH = VERIFICATION_CODE_LENGTH
MAX_FILE_BYTES = 10 * 1024 * 1024
FILE_FIELD = "file"
VERIFY_RATE = "30/m"
LOOKUP_RATE = "10/m"


def verification_code(certificate) -> str:
    """What is printed under the QR code and typed, with the serial, on the lookup page."""
    return certificate.verification_code


class HashingUploadHandler(FileUploadHandler):
    """Hashes the uploaded file while it streams in and keeps none of it, not even in a temporary file.

    Hashing stops beyond MAX_FILE_BYTES; Django then reads and discards the rest of the body, whose
    size nginx already bounds (client_max_body_size).
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.digest = None
        self.size = 0
        self.too_big = False
        self.hashing = False

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        # Only the first file of the form's field is checked; anything else is dropped unread.
        self.hashing = field_name == FILE_FIELD and self.digest is None
        if self.hashing:
            self.digest = hashlib.sha256()

    def receive_data_chunk(self, raw_data, start):
        if not self.hashing:
            return None
        self.size += len(raw_data)
        if self.size > MAX_FILE_BYTES:
            self.too_big = True
            raise StopUpload(connection_reset=False)
        self.digest.update(raw_data)
        return None

    def file_complete(self, file_size):
        self.hashing = False
        return None

    def hexdigest(self) -> str | None:
        if self.digest is None or self.too_big or self.size == 0:
            return None
        return self.digest.hexdigest()


def _certificate(token):
    return get_object_or_404(
        Certificate.objects.select_related("contest", "template", "replaced_by", "replaces"), token=token
    )


@csrf_exempt  # the check runs in _verify, after the upload handler is in place (Django's documented pattern)
@ratelimit(key="ip", rate=VERIFY_RATE, method=ratelimit.ALL, group="certificate-verify")
def verify(request, token):
    if request.method == "POST":
        # Before anything reads request.POST: the file is hashed in flight, never stored.
        handler = HashingUploadHandler(request)
        request.upload_handlers = [handler]
        return _verify(request, token, handler)
    return _verify(request, token, None)


@csrf_protect
def _verify(request, token, handler):
    certificate = _certificate(token)
    context = {"certificate": certificate, "max_mb": MAX_FILE_BYTES // (1024 * 1024)}
    status = 200
    if handler is not None:
        request.POST  # noqa: B018 - parses the body through the hashing handler
        context.update(_file_check(certificate, handler))
        status = 400 if context.get("file_error") else 200
    return render(request, "contest/certificates/public/verify.html", context, status=status)


def _file_check(certificate, handler) -> dict:
    if handler.too_big:
        return {"file_error": _("Tệp quá lớn: chỉ kiểm tra được tệp đến %(mb)s MB.") % {"mb": MAX_FILE_BYTES // 2**20}}
    digest = handler.hexdigest()
    if digest is None:
        return {"file_error": _("Chưa chọn tệp, hoặc tệp rỗng. Hãy chọn tệp PDF giấy chứng nhận bạn nhận được.")}
    matches = bool(certificate.sha256) and hmac.compare_digest(digest, certificate.sha256)
    return {"file_checked": True, "file_matches": matches, "file_sha256": digest}


def _normalise_serial(raw: str) -> str:
    serial = nfc(raw or "").strip()
    # People copy the whole printed line "Số: 0012/GCN-BTC".
    for prefix in ("Số:", "số:", "SỐ:"):
        if serial.startswith(prefix):
            serial = serial[len(prefix) :].strip()
    return serial.upper()


def _find(serial: str, code: str):
    if not serial or len(code) != CODE_LENGTH:
        return None
    # Compared in Python: SQLite's LIKE would ignore the case of a case-sensitive token.
    for certificate in Certificate.objects.filter(serial__iexact=serial).only("token"):
        if hmac.compare_digest(verification_code(certificate), code):
            return certificate
    return None


@ratelimit(key="ip", rate=LOOKUP_RATE, method="POST", group="certificate-lookup")
def lookup(request):
    serial = code = ""
    not_found = False
    if request.method == "POST":
        serial = _normalise_serial(request.POST.get("serial", ""))
        code = "".join((request.POST.get("code") or "").split())
        certificate = _find(serial, code)
        if certificate is not None:
            return redirect("certificate-verify", token=certificate.token)
        not_found = True
    context = {"serial": serial, "code": code, "not_found": not_found, "code_length": CODE_LENGTH}
    return render(request, "contest/certificates/public/lookup.html", context)
