"""Shared definitions of the upload checks: limits, file types, the result type."""

import hashlib
from dataclasses import dataclass
from typing import IO, Any, Protocol, TypeAlias

from django.core.files.base import ContentFile, File
from django.utils.translation import gettext_lazy

from contest.dossiers.enums import AttachmentKind

# A seekable binary file: the upload itself, or the temporary file Django spooled it to.
Stream: TypeAlias = IO[bytes]


class ContestLimits(Protocol):
    """What the checks read of a contest (a Contest row): its limits per kind of file."""

    max_report_mb: int
    max_photo_mb: int
    max_video_mb: int
    max_evidence_mb: int
    max_report_pages: int
    max_video_minutes: int

    def allowed_types(self, kind: str) -> list[str]: ...


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
    def extension(self) -> str:
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

    content: File[Any]
    original_name: str
    content_type: str
    extension: str
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    thumbnail: ContentFile[bytes] | None = None


def sha256_of(stream: Stream) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for block in iter(lambda: stream.read(MB), b""):
        digest.update(block)
    stream.seek(0)
    return digest.hexdigest()
