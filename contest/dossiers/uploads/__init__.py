"""Validation of uploaded dossier files (DOMAIN.md §6). Pure: reads the upload, writes nothing.

Nothing the browser says is trusted: the type comes from the content (magic bytes, then a real
parse with pypdf, zipfile or Pillow), the extension must agree with it, and the contest's limits
(data on :class:`~contest.core.models.Contest`) decide size, pages and accepted types. Images are
decoded and re-encoded so that the stored file carries no EXIF (GPS, camera serials) and no
trailing payload. Every refusal is an :class:`~contest.core.errors.InvalidUpload` whose message names
the file and the limit.
"""

import re
import unicodedata
import zipfile
from typing import Any, cast

import filetype
from django.core.files.base import File
from django.utils.translation import gettext as _

from contest.core.errors import InvalidUpload
from contest.core.text import nfc
from contest.dossiers.enums import AttachmentKind
from contest.dossiers.uploads.base import (
    ENDORSEMENT_TYPES,
    HEAD_BYTES,
    IMAGE_FORMATS,
    KIND_NOUNS,
    MB,
    MP4_BRANDS,
    NAME_MAX_LENGTH,
    SUPPORTED_TYPES,
    TYPE_ALIASES,
    TYPES,
    CheckedUpload,
    ContestLimits,
    FileType,
    Stream,
    sha256_of,
)
from contest.dossiers.uploads.documents import docx_pages, pdf_pages
from contest.dossiers.uploads.images import checked_image
from contest.dossiers.uploads.video import check_video

__all__ = ["SUPPORTED_TYPES", "CheckedUpload", "clean_name", "validate_upload"]


def validate_upload(*, contest: ContestLimits, kind: str, uploaded_file: File[Any]) -> CheckedUpload:
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

    # An UploadedFile's data is in .file; a plain File (tests, commands) is the stream itself.
    inner = getattr(uploaded_file, "file", None)
    stream = cast(Stream, inner if inner is not None else uploaded_file)
    head = _read_head(stream)
    ftype = _sniff(head, stream)
    if ftype is None or ftype.code not in allowed:
        raise InvalidUpload(_type_message(name=name, what=what, allowed=allowed, head=head, ftype=ftype))
    _check_extension(name, ftype)

    if ftype.code in IMAGE_FORMATS:
        return checked_image(stream, name=name, ftype=ftype)
    pages = None
    if ftype.code == "pdf":
        pages = pdf_pages(stream, name=name)
    elif ftype.code == "docx":
        pages = docx_pages(stream, name=name, limit_mb=limit_mb)
    else:
        check_video(stream, name=name, ftype=ftype, size=size, max_minutes=contest.max_video_minutes)
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
        sha256=sha256_of(stream),
        pages=pages,
    )


def allowed_types(contest: ContestLimits, kind: AttachmentKind) -> list[str]:
    """The contest's accepted type codes for ``kind``, restricted to those we can check."""
    if kind == AttachmentKind.ENDORSEMENT and not hasattr(contest, "allowed_endorsement_types"):
        raw = list(ENDORSEMENT_TYPES)
    else:
        raw = contest.allowed_types(kind)
    # An unknown code (say "doc") is dropped: a file we cannot inspect is a file we cannot accept.
    codes = [TYPE_ALIASES.get(code, code) for code in raw]
    return [code for code in dict.fromkeys(codes) if code in TYPES]


def size_limit_mb(contest: ContestLimits, kind: AttachmentKind) -> int:
    return {
        AttachmentKind.REPORT: contest.max_report_mb,
        AttachmentKind.PHOTO: contest.max_photo_mb,
        AttachmentKind.VIDEO: contest.max_video_mb,
        # The endorsement is one scanned document: evidence-sized.
        AttachmentKind.ENDORSEMENT: contest.max_evidence_mb,
        AttachmentKind.EVIDENCE: contest.max_evidence_mb,
    }[kind]


def clean_name(name: object) -> str:
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


def extension_of(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


# Sniffing ------------------------------------------------------------------------------------


def _read_head(stream: Stream) -> bytes:
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    return head


def _sniff(head: bytes, stream: Stream) -> FileType | None:
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


def _is_word_package(stream: Stream) -> bool:
    try:
        with zipfile.ZipFile(stream) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        stream.seek(0)


def _describe(head: bytes) -> str | None:
    """A short name for what a refused file really is, to make the message useful."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "SVG"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return "HTML"
    guess = filetype.guess(head)
    if guess is not None:
        return str(guess.extension).upper()
    return None


def _type_message(*, name: str, what: object, allowed: list[str], head: bytes, ftype: FileType | None) -> str:
    params = {"what": what, "name": name, "allowed": ", ".join(TYPES[c].label for c in allowed)}
    actual = ftype.label if ftype else _describe(head)
    if actual:
        params["actual"] = actual
        return (
            _("%(what)s “%(name)s” thực chất là tệp %(actual)s, không thuộc định dạng được nhận (%(allowed)s).")
            % params
        )
    return _("%(what)s “%(name)s” không thuộc định dạng được nhận (%(allowed)s) hoặc đã bị hỏng.") % params


def _check_extension(name: str, ftype: FileType) -> None:
    ext = extension_of(name)
    if ext not in ftype.extensions:
        raise InvalidUpload(
            _("Đuôi tệp của “%(name)s” không khớp với nội dung: đây là tệp %(type)s, đuôi phải là %(extensions)s.")
            % {"name": name, "type": ftype.label, "extensions": ", ".join(f".{e}" for e in ftype.extensions)}
        )
