"""Small real PDF files for the demo dossiers, written on the fly (no binaries in the repository)."""

import io
import unicodedata


def _ascii(text: str) -> str:
    """Vietnamese without diacritics, for the PDF core fonts (which have no Vietnamese glyphs)."""
    for fancy, plain in {"đ": "d", "Đ": "D", "–": "-", "—": "-", "“": '"', "”": '"', "’": "'"}.items():
        text = text.replace(fancy, plain)
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").encode("ascii", "replace").decode()


def demo_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with a few lines of text, written by hand so that it needs no font file."""

    def esc(s):
        return _ascii(s).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = ["BT", "/F1 16 Tf", "60 780 Td", "20 TL"]
    for i, line in enumerate(lines):
        if i == 1:
            text.append("/F1 11 Tf")
        text.append(f"({esc(line)}) Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
