"""PDF and DOCX checks: real parses, page counts, zip-bomb caps."""

import io
import re
import zipfile

from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from contest.core.errors import InvalidUpload
from contest.dossiers.uploads.base import DOCX_EXPANSION_FACTOR, DOCX_MAX_PARTS, MB, Stream


def pdf_pages(stream: Stream, *, name: str) -> int:
    corrupt = _("Tệp PDF “%(name)s” bị hỏng hoặc không đọc được.") % {"name": name}
    # A PDF ends with %%EOF (after at most a little padding); without it the upload was cut off.
    stream.seek(0, io.SEEK_END)
    end = stream.tell()
    stream.seek(max(0, end - 1024))
    if b"%%EOF" not in stream.read():
        raise InvalidUpload(corrupt)
    stream.seek(0)
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted:
            # Many PDFs are encrypted only to forbid editing; they open with an empty password.
            reader.decrypt("")
        pages = len(reader.pages)
    except (FileNotDecryptedError, DependencyError) as error:
        raise InvalidUpload(
            _("Tệp PDF “%(name)s” được đặt mật khẩu nên không kiểm tra được; hãy gỡ mật khẩu rồi tải lên lại.")
            % {"name": name}
        ) from error
    except Exception as error:  # pypdf raises many kinds of error on malformed input
        raise InvalidUpload(corrupt) from error
    finally:
        stream.seek(0)
    if pages < 1:
        raise InvalidUpload(_("Tệp PDF “%(name)s” không có trang nào.") % {"name": name})
    return pages


def docx_pages(stream: Stream, *, name: str, limit_mb: int) -> int | None:
    """Check the Word package; return the page count Word recorded, if it did."""
    invalid = _("Tệp “%(name)s” không phải tài liệu Word (DOCX) hợp lệ.") % {"name": name}
    try:
        with zipfile.ZipFile(stream) as package:
            infos = package.infolist()
            names = {info.filename for info in infos}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise InvalidUpload(invalid)
            ceiling_mb = limit_mb * DOCX_EXPANSION_FACTOR
            # zipfile never inflates a part past its declared size, so capping the declared
            # total caps the work below: a zip bomb is refused before anything is inflated.
            if len(infos) > DOCX_MAX_PARTS or sum(i.file_size for i in infos) > ceiling_mb * MB:
                raise InvalidUpload(
                    _("Tệp “%(name)s” khi giải nén vượt quá %(limit)d MB; hệ thống không nhận tệp này.")
                    % {"name": name, "limit": ceiling_mb}
                )
            if "word/vbaProject.bin" in names:
                raise InvalidUpload(
                    _("Tệp “%(name)s” chứa macro; hãy lưu lại thành tài liệu DOCX thông thường rồi tải lên.")
                    % {"name": name}
                )
            if package.testzip() is not None:
                raise InvalidUpload(invalid)
            return _docx_recorded_pages(package, names)
    except InvalidUpload:
        raise
    except Exception as error:  # BadZipFile, zlib errors, unsupported compression …
        raise InvalidUpload(invalid) from error
    finally:
        stream.seek(0)


def _docx_recorded_pages(package: zipfile.ZipFile, names: set[str]) -> int | None:
    # Word and LibreOffice write the page count of the last save here; a regex, not an XML
    # parser, so that no entity trick can expand.
    if "docProps/app.xml" not in names:
        return None
    match = re.search(rb"<(?:\w+:)?Pages>\s*(\d{1,6})\s*</", package.read("docProps/app.xml"))
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None
