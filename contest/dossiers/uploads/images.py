"""Image checks: decode with a pixel cap, strip metadata by re-encoding, make a thumbnail."""

import hashlib
import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps

from contest.core.errors import InvalidUpload
from contest.dossiers.uploads.base import (
    IMAGE_FORMATS,
    MAX_IMAGE_PIXELS,
    THUMBNAIL_SIZE,
    CheckedUpload,
    FileType,
    Stream,
)

# Images --------------------------------------------------------------------------------------


def checked_image(stream: Stream, *, name: str, ftype: FileType) -> CheckedUpload:
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


def _decode_image(stream: Stream, *, name: str, pil_format: str) -> Image.Image:
    """Fully decode the image, upright, or refuse it. The caller closes the returned image."""
    too_big = _("Ảnh “%(name)s” quá lớn: tối đa %(limit)d triệu điểm ảnh.") % {
        "name": name,
        "limit": MAX_IMAGE_PIXELS // 1_000_000,
    }
    corrupt = _("Ảnh “%(name)s” bị hỏng hoặc không phải ảnh hợp lệ.") % {"name": name}
    # WeasyPrint sets this Pillow-wide flag on import, which would let a cut-off JPEG through as
    # "valid". Uploads must be whole, so it is switched back off before every check (rendering
    # PDFs only ever reads images that passed this check).
    ImageFile.LOAD_TRUNCATED_IMAGES = False
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


def _upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # a damaged EXIF block is no reason to refuse good pixels
        return image.copy()


def _check_pixels(image: Image.Image, message: str) -> None:
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise InvalidUpload(message)


def _encode_clean(image: Image.Image, code: str) -> bytes:
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


def _thumbnail(image: Image.Image) -> bytes:
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
