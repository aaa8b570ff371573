"""The public page that checks a PDF someone holds: chosen or dropped, validated with pyHanko,
matched by its SHA-256 against the files this app issued, and explained in plain Vietnamese.

Anyone may use it, nobody logs in. The file is read into memory (at most MAX_FILE_BYTES), checked
and dropped: never written to disk, never kept. Rate-limited per visitor like the other lookups.
"""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django_ratelimit.decorators import ratelimit

from contest.signing.services import verification

MAX_FILE_BYTES = 10 * 1024 * 1024
FILE_FIELD = "file"
CHECK_RATE = "10/m"
TEMPLATE = "contest/signing/verify_pdf.html"


class MemoryUploadHandler(FileUploadHandler):
    """Keeps the first file of the form's field in memory, up to MAX_FILE_BYTES, and nothing else:
    no temporary file, whatever its size. Beyond the limit it stops reading and says so."""

    def __init__(self, request=None):
        super().__init__(request)
        self.chunks: list[bytes] | None = None
        self.size = 0
        self.too_big = False
        self.keeping = False
        self.kept_name = ""

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.keeping = field_name == FILE_FIELD and self.chunks is None
        if self.keeping:
            self.chunks = []
            self.kept_name = self.file_name or ""

    def receive_data_chunk(self, raw_data, start):
        if not self.keeping:
            return None
        self.size += len(raw_data)
        if self.size > MAX_FILE_BYTES:
            self.too_big = True
            self.chunks = []
            raise StopUpload(connection_reset=False)
        assert self.chunks is not None
        self.chunks.append(raw_data)
        return None

    def file_complete(self, file_size):
        self.keeping = False
        return None

    def content(self) -> bytes | None:
        return None if self.chunks is None or self.too_big else b"".join(self.chunks)


def _context(**values) -> dict:
    return {"max_mb": MAX_FILE_BYTES // 2**20, **values}


@csrf_exempt  # checked in _check, once the upload handler is in place (Django's documented pattern)
@ratelimit(key="ip", rate=CHECK_RATE, method="POST", group="pdf-verify")
def verify_pdf(request):
    if request.method != "POST":
        return render(request, TEMPLATE, _context())
    # Before anything reads request.POST: the file goes to memory only.
    handler = MemoryUploadHandler(request)
    request.upload_handlers = [handler]
    return _check(request, handler)


@csrf_protect
def _check(request, handler):
    request.POST  # noqa: B018 - parses the body through the memory handler
    if handler.too_big:
        error = _("Tệp quá lớn: chỉ kiểm tra được tệp đến %(mb)s MB.") % {"mb": MAX_FILE_BYTES // 2**20}
        return render(request, TEMPLATE, _context(file_error=error), status=400)
    content = handler.content()
    if content is None:
        error = _("Chưa chọn tệp. Hãy chọn hoặc kéo thả tệp PDF bạn nhận được.")
        return render(request, TEMPLATE, _context(file_error=error), status=400)
    report = verification.check(content)
    return render(request, TEMPLATE, _context(report=report, file_name=handler.kept_name))
