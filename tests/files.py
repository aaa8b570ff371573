"""Small real files made in memory for upload tests (no binary fixtures in the repo)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def upload(name, content, content_type):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_bytes(pages=1):
    """A valid PDF with ``pages`` blank A4 pages, written by pypdf."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg_bytes(size=(640, 480), color=(180, 20, 27), exif_gps=False):
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "Camera maker"  # Make
        gps = exif.get_ifd(0x8825)
        gps[1] = "N"
        gps[2] = (16.0, 4.0, 12.0)
        gps[3] = "E"
        gps[4] = (108.0, 13.0, 5.0)
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def png_bytes(size=(64, 64)):
    out = io.BytesIO()
    Image.new("RGB", size, (0, 120, 0)).save(out, "PNG")
    return out.getvalue()


CONTENT_TYPES_XML = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCUMENT_XML = (
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Báo cáo</w:t></w:r></w:p></w:body></w:document>"
)


def docx_bytes():
    """A minimal but real Office Open XML document."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        z.writestr("word/document.xml", DOCUMENT_XML)
    return out.getvalue()


def jpeg_with_orientation(size=(64, 32), orientation=6):
    """A landscape JPEG whose EXIF says "rotate 90°", as phones write portrait photos."""
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.new("RGB", size, (10, 20, 200)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def webp_bytes(size=(48, 32)):
    out = io.BytesIO()
    Image.new("RGBA", size, (200, 0, 0, 128)).save(out, "WEBP")
    return out.getvalue()


def padded(content, total_bytes):
    """``content`` followed by zeros up to ``total_bytes``: a big file made cheaply."""
    return content + b"\0" * (total_bytes - len(content))


def _png_chunk(kind, data):
    import struct
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb_bytes(width=100_000, height=100_000):
    """A tiny PNG that declares huge dimensions: decoding it would need gigabytes."""
    import struct
    import zlib

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _png_chunk(b"IEND", b"")
    )


def svg_bytes():
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


def html_bytes():
    return "<!DOCTYPE html><html><body><script>alert('Dân vận')</script></body></html>".encode()


def exe_bytes():
    """The start of a Windows program (an MZ header) and some padding."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 240 + b"PE\0\0" + b"\0" * 256


def encrypted_pdf_bytes(pages=1, user_password=""):
    """An RC4-encrypted PDF; with an empty user password it opens without asking."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_with_pages(pages):
    """A DOCX whose docProps/app.xml records ``pages`` pages, as Word writes on save."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            z.writestr(info, source.read(info))
        z.writestr("docProps/app.xml", f'<?xml version="1.0"?><Properties><Pages>{pages}</Pages></Properties>')
    return out.getvalue()


def docx_bomb_bytes(uncompressed_mb):
    """A real DOCX with one part of ``uncompressed_mb`` MB of zeros (a few kB compressed)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in source.infolist():
            z.writestr(info.filename, source.read(info))
        with z.open("word/media/image1.bin", "w") as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(uncompressed_mb):
                part.write(block)
    return out.getvalue()


def _box(kind, body):
    import struct

    return struct.pack(">I", 8 + len(body)) + kind + body


def mp4_bytes(seconds=60, brand=b"isom"):
    """An ISO media file with a movie header saying it lasts ``seconds`` (no real frames)."""
    import struct

    mvhd = struct.pack(">BBBBIIII", 0, 0, 0, 0, 0, 0, 1000, seconds * 1000) + b"\0" * 80
    return (
        _box(b"ftyp", brand + b"\0\0\0\0" + brand + b"mp41")
        + _box(b"moov", _box(b"mvhd", mvhd))
        + _box(b"mdat", b"\0" * 256)
    )


def webm_bytes():
    """An EBML header with DocType "webm" followed by an (empty) segment."""
    ebml = (
        b"\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"  # versions and ID/size limits
        b"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02"  # DocType and its versions
    )
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(ebml)]) + ebml + b"\x18\x53\x80\x67\x80" + b"\0" * 128


def stored_paths():
    """Every file under the private storage root, relative to it."""
    from django.conf import settings

    root = settings.PRIVATE_MEDIA_ROOT
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def response_bytes(response) -> bytes:
    """The body of a download, streamed or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content
