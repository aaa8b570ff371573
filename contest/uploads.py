"""Validation of uploaded dossier files (DOMAIN.md §6). Pure: reads the upload, writes nothing.

Nothing the browser says is trusted: the type comes from the content (magic bytes, then a real
parse with pypdf, zipfile or Pillow), the extension must agree with it, and the contest's limits
(data on :class:`~contest.models.Contest`) decide size, pages and accepted types. Images are
decoded and re-encoded so that the stored file carries no EXIF (GPS, camera serials) and no
trailing payload. Every refusal is an :class:`~contest.errors.InvalidUpload` whose message names
the file and the limit.
"""

import hashlib
import io
import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.core.files.base import ContentFile, File
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps

from contest.enums import AttachmentKind
from contest.errors import InvalidUpload
from contest.text import nfc

MB = 1024 * 1024
NAME_MAX_LENGTH = 255
# Safety ceilings against crafted files, not contest rules: no genuine photo from a phone or a
# camera comes near 40 Mpx, and a DOCX's parts never expand to 20 times its upload limit.
MAX_IMAGE_PIXELS = 40_000_000
DOCX_EXPANSION_FACTOR = 20
DOCX_MAX_PARTS = 2000
THUMBNAIL_SIZE = (480, 480)
HEAD_BYTES = 64

KIND_NOUNS = {
    AttachmentKind.REPORT: gettext_lazy("Báo cáo"),
    AttachmentKind.PHOTO: gettext_lazy("Ảnh"),
    AttachmentKind.VIDEO: gettext_lazy("Video"),
    AttachmentKind.ENDORSEMENT: gettext_lazy("Bản xác nhận"),
    AttachmentKind.EVIDENCE: gettext_lazy("Tệp minh chứng"),
}


@dataclass(frozen=True)
class FileType:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]

    @property
    def extension(self):
        """The extension of the stored file (the first one listed)."""
        return self.extensions[0]


TYPES = {
    t.code: t
    for t in [
        FileType("pdf", "PDF", "application/pdf", ("pdf",)),
        FileType("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
        FileType("jpeg", "JPEG", "image/jpeg", ("jpg", "jpeg", "jpe", "jfif")),
        FileType("png", "PNG", "image/png", ("png",)),
        FileType("webp", "WEBP", "image/webp", ("webp",)),
        FileType("mp4", "MP4", "video/mp4", ("mp4", "m4v")),
        FileType("webm", "WEBM", "video/webm", ("webm",)),
        FileType("mov", "MOV", "video/quicktime", ("mov", "qt")),
    ]
}
SUPPORTED_TYPES = tuple(TYPES)
# What organisers may reasonably type into the "allowed types" fields.
TYPE_ALIASES = {"jpg": "jpeg", "quicktime": "mov", "m4v": "mp4"}
IMAGE_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
# Contest has no field for the endorsement scan; DOMAIN.md §3 calls it "a signed, sealed scan".
ENDORSEMENT_TYPES = ("pdf", "jpeg", "png")

# ISO base media brands of ordinary video files (phones, cameras, editors, encoders). Still-image
# brands (heic, avif, mif1) share the container and must not pass as video.
MP4_BRANDS = frozenset(
    brand.replace(b"_", b" ")  # brands are four bytes: "M4V " is written "M4V_" here
    for brand in b"isom iso2 iso3 iso4 iso5 iso6 mp41 mp42 avc1 M4V_ M4VH M4VP dash mmp4 MSNV XAVC NDAS f4v_".split()
)


@dataclass(frozen=True)
class CheckedUpload:
    """What to store for one accepted upload; ``content`` is ready for ``FieldFile.save``."""

    content: File
    original_name: str
    content_type: str
    extension: str
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    thumbnail: ContentFile | None = None


def validate_upload(*, contest, kind, uploaded_file) -> CheckedUpload:
    """Check one uploaded file against ``contest``'s rules for ``kind``; raise InvalidUpload."""
    kind = AttachmentKind(kind)
    name = clean_name(uploaded_file.name)
    what = KIND_NOUNS[kind]
    allowed = allowed_types(contest, kind)
    if not allowed:
        raise InvalidUpload(_("Cuộc thi này không nhận %(what)s.") % {"what": str(what).lower()})
    size = uploaded_file.size or 0
    if size == 0:
        raise InvalidUpload(_("Tệp “%(name)s” rỗng.") % {"name": name})
    limit_mb = size_limit_mb(contest, kind)
    if size > limit_mb * MB:
        raise InvalidUpload(
            _("%(what)s “%(name)s” vượt quá %(limit)d MB.") % {"what": what, "name": name, "limit": limit_mb}
        )

    stream = uploaded_file.file if hasattr(uploaded_file, "file") else uploaded_file
    head = _read_head(stream)
    ftype = _sniff(head, stream)
    if ftype is None or ftype.code not in allowed:
        raise InvalidUpload(_type_message(name=name, what=what, allowed=allowed, head=head, ftype=ftype))
    _check_extension(name, ftype)

    if ftype.code in IMAGE_FORMATS:
        return _checked_image(stream, name=name, ftype=ftype)
    pages = None
    if ftype.code == "pdf":
        pages = _pdf_pages(stream, name=name)
    elif ftype.code == "docx":
        pages = _docx_pages(stream, name=name, limit_mb=limit_mb)
    else:
        _check_video(stream, name=name, ftype=ftype, size=size, max_minutes=contest.max_video_minutes)
    if kind == AttachmentKind.REPORT and pages is not None and pages > contest.max_report_pages:
        raise InvalidUpload(
            _("%(what)s “%(name)s” có %(pages)d trang, vượt quá %(limit)d trang.")
            % {"what": what, "name": name, "pages": pages, "limit": contest.max_report_pages}
        )
    stream.seek(0)
    return CheckedUpload(
        content=File(stream, name=f"upload.{ftype.extension}"),
        original_name=name,
        content_type=ftype.content_type,
        extension=ftype.extension,
        size=size,
        sha256=_sha256(stream),
        pages=pages,
    )


def allowed_types(contest, kind) -> list[str]:
    """The contest's accepted type codes for ``kind``, restricted to those we can check."""
    if kind == AttachmentKind.ENDORSEMENT and not hasattr(contest, "allowed_endorsement_types"):
        raw = list(ENDORSEMENT_TYPES)
    else:
        raw = contest.allowed_types(kind)
    # An unknown code (say "doc") is dropped: a file we cannot inspect is a file we cannot accept.
    codes = [TYPE_ALIASES.get(code, code) for code in raw]
    return [code for code in dict.fromkeys(codes) if code in TYPES]


def size_limit_mb(contest, kind) -> int:
    return {
        AttachmentKind.REPORT: contest.max_report_mb,
        AttachmentKind.PHOTO: contest.max_photo_mb,
        AttachmentKind.VIDEO: contest.max_video_mb,
        # The endorsement is one scanned document: evidence-sized.
        AttachmentKind.ENDORSEMENT: contest.max_evidence_mb,
        AttachmentKind.EVIDENCE: contest.max_evidence_mb,
    }[kind]


def clean_name(name) -> str:
    """The user's file name made safe to show and store as metadata (never used as a path)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    # Cc: control characters; Cf: invisible format characters such as U+202E, which can make
    # "gpj.exe" display as "exe.jpg".
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf"))
    name = nfc(name).strip(". ") or _("tep")
    if len(name) > NAME_MAX_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: NAME_MAX_LENGTH - len(ext) - 1].rstrip() + "." + ext
        else:
            name = name[:NAME_MAX_LENGTH]
    return name


def extension_of(name) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


# Sniffing ------------------------------------------------------------------------------------


def _read_head(stream) -> bytes:
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    return head


def _sniff(head, stream) -> FileType | None:
    if head.startswith(b"%PDF-"):
        return TYPES["pdf"]
    if head.startswith(b"\xff\xd8\xff"):
        return TYPES["jpeg"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES["png"]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return TYPES["webp"]
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"qt  ":
            return TYPES["mov"]
        return TYPES["mp4"] if brand in MP4_BRANDS else None
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return TYPES["webm"] if b"webm" in head else None
    if head.startswith(b"PK\x03\x04") and _is_word_package(stream):
        return TYPES["docx"]
    return None


def _is_word_package(stream) -> bool:
    try:
        with zipfile.ZipFile(stream) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        stream.seek(0)


def _describe(head) -> str | None:
    """A short name for what a refused file really is, to make the message useful."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "SVG"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return "HTML"
    guess = filetype.guess(head)
    if guess is not None:
        return guess.extension.upper()
    return None


def _type_message(*, name, what, allowed, head, ftype):
    params = {"what": what, "name": name, "allowed": ", ".join(TYPES[c].label for c in allowed)}
    actual = ftype.label if ftype else _describe(head)
    if actual:
        params["actual"] = actual
        return (
            _("%(what)s “%(name)s” thực chất là tệp %(actual)s, không thuộc định dạng được nhận (%(allowed)s).")
            % params
        )
    return _("%(what)s “%(name)s” không thuộc định dạng được nhận (%(allowed)s) hoặc đã bị hỏng.") % params


def _check_extension(name, ftype):
    ext = extension_of(name)
    if ext not in ftype.extensions:
        raise InvalidUpload(
            _("Đuôi tệp của “%(name)s” không khớp với nội dung: đây là tệp %(type)s, đuôi phải là %(extensions)s.")
            % {"name": name, "type": ftype.label, "extensions": ", ".join(f".{e}" for e in ftype.extensions)}
        )


def _sha256(stream) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for block in iter(lambda: stream.read(MB), b""):
        digest.update(block)
    stream.seek(0)
    return digest.hexdigest()


# Documents -----------------------------------------------------------------------------------


def _pdf_pages(stream, *, name) -> int:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

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


def _docx_pages(stream, *, name, limit_mb) -> int | None:
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


def _docx_recorded_pages(package, names) -> int | None:
    # Word and LibreOffice write the page count of the last save here; a regex, not an XML
    # parser, so that no entity trick can expand.
    if "docProps/app.xml" not in names:
        return None
    match = re.search(rb"<(?:\w+:)?Pages>\s*(\d{1,6})\s*</", package.read("docProps/app.xml"))
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


# Images --------------------------------------------------------------------------------------


def _checked_image(stream, *, name, ftype) -> CheckedUpload:
    image = _decode_image(stream, name=name, pil_format=IMAGE_FORMATS[ftype.code])
    try:
        width, height = image.size
        data = _encode_clean(image, ftype.code)
        thumbnail = _thumbnail(image)
    except Exception as error:  # an exotic mode Pillow decodes but cannot convert
        raise InvalidUpload(_("Ảnh “%(name)s” bị hỏng hoặc không phải ảnh hợp lệ.") % {"name": name}) from error
    finally:
        image.close()
    return CheckedUpload(
        content=ContentFile(data, name=f"upload.{ftype.extension}"),
        original_name=name,
        content_type=ftype.content_type,
        extension=ftype.extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        width=width,
        height=height,
        thumbnail=ContentFile(thumbnail, name="thumbnail.jpg"),
    )


def _decode_image(stream, *, name, pil_format) -> Image.Image:
    """Fully decode the image, upright, or refuse it. The caller closes the returned image."""
    too_big = _("Ảnh “%(name)s” quá lớn: tối đa %(limit)d triệu điểm ảnh.") % {
        "name": name,
        "limit": MAX_IMAGE_PIXELS // 1_000_000,
    }
    corrupt = _("Ảnh “%(name)s” bị hỏng hoặc không phải ảnh hợp lệ.") % {"name": name}
    try:
        stream.seek(0)
        # Opening reads only the header, so the pixel count is known before anything is decoded.
        with Image.open(stream, formats=[pil_format]) as probe:
            _check_pixels(probe, too_big)
            probe.verify()
        stream.seek(0)
        with Image.open(stream, formats=[pil_format]) as image:
            _check_pixels(image, too_big)
            image.load()
            return _upright(image)
    except InvalidUpload:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise InvalidUpload(too_big) from error
    except Exception as error:  # Pillow raises OSError, SyntaxError, ValueError … on bad data
        raise InvalidUpload(corrupt) from error
    finally:
        stream.seek(0)


def _upright(image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # a damaged EXIF block is no reason to refuse good pixels
        return image.copy()


def _check_pixels(image, message):
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise InvalidUpload(message)


def _encode_clean(image, code) -> bytes:
    """Re-encode the pixels alone: no EXIF, XMP, comments or text chunks, only the colour profile."""
    options = {}
    if icc := image.info.get("icc_profile"):
        options["icc_profile"] = icc
    # Palette and grey PNGs keep their transparent colour here; everything else goes.
    image.info = {k: v for k, v in image.info.items() if k == "transparency"}
    out = io.BytesIO()
    if code == "jpeg":
        image.convert("RGB" if image.mode != "L" else "L").save(out, "JPEG", quality=90, **options)
    elif code == "png":
        image.save(out, "PNG", **options)
    else:
        mode = "RGBA" if image.has_transparency_data else "RGB"
        image.convert(mode).save(out, "WEBP", quality=90, **options)
    return out.getvalue()


def _thumbnail(image) -> bytes:
    small = image.copy()
    small.thumbnail(THUMBNAIL_SIZE)
    if small.mode != "RGB":
        # Transparent areas become white rather than black in the JPEG.
        rgba = small.convert("RGBA")
        small = Image.new("RGB", rgba.size, (255, 255, 255))
        small.paste(rgba, mask=rgba.getchannel("A"))
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()


# Video ---------------------------------------------------------------------------------------


def _check_video(stream, *, name, ftype, size, max_minutes):
    if ftype.code not in ("mp4", "mov"):
        return  # WebM keeps its duration deep in the Matroska tree; its size limit suffices.
    seconds = _mp4_duration(stream, size)
    if seconds is None:
        raise InvalidUpload(_("Video “%(name)s” bị hỏng hoặc không đọc được.") % {"name": name})
    if seconds > max_minutes * 60:
        raise InvalidUpload(
            _("Video “%(name)s” dài %(minutes)s phút, vượt quá %(limit)d phút.")
            % {"name": name, "minutes": formats.number_format(seconds / 60, 1), "limit": max_minutes}
        )


def _mp4_duration(stream, size) -> float | None:
    """Seconds from the movie header (moov/mvhd); 0.0 when the file does not say; None if broken."""
    try:
        moov = _find_box(stream, b"moov", 0, size)
        if moov is None:
            return None
        mvhd = _find_box(stream, b"mvhd", *moov)
        if mvhd is None:
            return None
        stream.seek(mvhd[0])
        body = stream.read(32)
        if body[0] == 1:
            timescale, duration = struct.unpack(">IQ", body[20:32])
        else:
            timescale, duration = struct.unpack(">II", body[12:20])
    except (struct.error, IndexError, OSError):
        return None
    finally:
        stream.seek(0)
    return duration / timescale if timescale else 0.0


def _find_box(stream, wanted, start, end, max_boxes=1000):
    """(body start, body end) of the first ``wanted`` box between ``start`` and ``end``."""
    pos = start
    for _index in range(max_boxes):
        if pos + 8 > end:
            return None
        stream.seek(pos)
        header = stream.read(16)
        box_size, box_type = struct.unpack(">I4s", header[:8])
        header_size = 8
        if box_size == 1:
            box_size, header_size = struct.unpack(">Q", header[8:16])[0], 16
        elif box_size == 0:
            box_size = end - pos
        if box_size < header_size or pos + box_size > end:
            return None
        if box_type == wanted:
            return pos + header_size, pos + box_size
        pos += box_size
    return None
