"""Video checks: container brand and, for MP4/MOV, the duration from the movie header."""

import struct

from django.utils import formats
from django.utils.translation import gettext as _

from contest.core.errors import InvalidUpload
from contest.dossiers.uploads.base import FileType, Stream

# Video ---------------------------------------------------------------------------------------


def check_video(stream: Stream, *, name: str, ftype: FileType, size: int, max_minutes: int) -> None:
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


def _mp4_duration(stream: Stream, size: int) -> float | None:
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


def _find_box(stream: Stream, wanted: bytes, start: int, end: int, max_boxes: int = 1000) -> tuple[int, int] | None:
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
