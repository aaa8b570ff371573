"""The visible signature of Decree 30/2020 (Annex I, part II), drawn by pyHanko in the signature
field's own appearance, so that clicking the image in a PDF reader opens the signature's details.

At the signer's place on the document (the blank space of the signing block):

- the signer's handwritten signature image (transparent PNG), centred;
- the organisation's seal image (red, transparent PNG) over about the left third of the signature,
  as a stamped paper original;
- the signer's name, the organisation and the signing time (dd/mm/yyyy hh:mm:ss and the Vietnam
  offset, ISO 8601's ``+07:00``), small, to the right of the signature.

The time shown is the signature's own signing time (pyHanko hands it to the stamp), converted to
Vietnam time whatever the server's zone. Pure: no Django; pyHanko loads only when a file is signed.
"""

import datetime as dt
import functools
import hashlib
import io
import logging
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

# fontTools reports, at every signature, a table of the font it leaves out (FFTM, a FontForge
# timestamp nobody reads): noise in the worker's log.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# How pyHanko writes the signing time into the stamp's parameters; read back below to convert it.
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
# A CSS px is 0.75 pt (WeasyPrint lays out at 96 px per inch; PDF units are 72 per inch).
PT_PER_PX = 0.75
TEXT_SIZE = 7
# Near-black, as the typed text of the document.
INK = (0.1, 0.1, 0.1)


@dataclass(frozen=True)
class Place:
    """Where the visible signature goes: a page (from 0) and a rectangle in PDF points measured
    from the page's bottom-left corner (x1, y1, x2, y2)."""

    page: int
    box: tuple[float, float, float, float]

    @classmethod
    def from_layout(cls, *, page: int, page_height_px: float, x: float, y: float, width: float, height: float):
        """From a laid-out box in CSS px measured from the page's top-left corner (WeasyPrint)."""
        bottom = (page_height_px - y - height) * PT_PER_PX
        left = x * PT_PER_PX
        return cls(page=page, box=(left, bottom, left + width * PT_PER_PX, bottom + height * PT_PER_PX))


@dataclass(frozen=True)
class Appearance:
    """What the visible signature shows. Images are PNG bytes (empty: none); text is NFC."""

    place: Place
    signer_name: str = ""
    organisation: str = ""
    signature_image: bytes = b""
    seal_image: bytes = b""
    # Lines printed before the time, e.g. "Ký số bởi: …"; built from the fields above when empty.
    lines: tuple[str, ...] = field(default=())

    def text_lines(self, signed_at: dt.datetime) -> list[str]:
        """Short lines (the stamp sits beside the signature in a narrow column)."""
        lines = list(self.lines)
        if not lines:
            if self.signer_name:
                lines += ["Ký số bởi:", self.signer_name]
            if self.organisation:
                lines.append(self.organisation)
        local = signed_at.astimezone(VIETNAM)
        offset = local.strftime("%z")
        lines += ["Thời gian ký:", f"{local.strftime('%d/%m/%Y %H:%M:%S')} {offset[:3]}:{offset[3:]}"]
        return lines


SOURCE_FONT = Path(__file__).resolve().parents[2] / "static" / "fonts" / "LiberationSerif-Regular.ttf"
# What the stamp writes: Latin, Vietnamese (precomposed and combining marks), dashes and quotes.
STAMP_CODEPOINTS = (
    *range(0x20, 0x17F),
    *range(0x300, 0x324),
    *range(0x1EA0, 0x1F00),
    0x2013,
    0x2014,
    0x2018,
    0x2019,
    0x201C,
    0x201D,
    0x2026,
)


@functools.cache
def _font_path() -> str:
    """The shipped Liberation Serif (complete for Vietnamese), cut to the stamp's letters and
    rescaled to 1,000 units per em, in the temporary folder, made once per process.

    pyHanko writes glyph widths in the font's own units where PDF expects thousandths of an em:
    Liberation Serif's 2,048 units would space every letter apart. Rescaled, the numbers agree."""
    # fontTools and pyHanko load only in a process that draws a stamp (the signing worker), not in
    # every process that imports the certificates' rendering.
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    source = SOURCE_FONT.read_bytes()
    folder = Path(tempfile.gettempdir()) / "dvk-signing"
    target = folder / f"stamp-{hashlib.sha256(source).hexdigest()[:16]}.ttf"
    if target.is_file():
        return str(target)
    font = TTFont(io.BytesIO(source))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=STAMP_CODEPOINTS)
    subsetter.subset(font)
    scale_upem(font, 1000)
    folder.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed: another process reading the name never sees half a file.
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".ttf", delete=False) as handle:
        font.save(handle)
    os.replace(handle.name, target)
    return str(target)


@functools.lru_cache(maxsize=8)
def _image(content: bytes):
    # A certificate batch signs hundreds of files with the same two images: decode them once.
    from PIL import Image

    image: Image.Image = Image.open(io.BytesIO(content))
    image.load()
    # pyHanko embeds grey and RGB, with or without alpha; a palette PNG becomes RGBA.
    return image if image.mode in ("RGB", "RGBA", "L", "LA") else image.convert("RGBA")


def _fit(width: float, height: float, max_width: float, max_height: float) -> tuple[float, float]:
    scale = min(max_width / width, max_height / height)
    return width * scale, height * scale


def stamp_style(appearance: Appearance):
    """The pyHanko stamp style that draws ``appearance`` in the signature field's rectangle."""
    # pyHanko only where a signature is made (see _font_path).
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.text import TextBox, TextBoxStyle
    from pyhanko.stamp import TextStampStyle
    from pyhanko.stamp.base import BaseStamp

    class Decree30Stamp(BaseStamp):
        def __init__(self, writer, style, box, text_params):
            super().__init__(writer=writer, style=style, box=box)
            self.text_params = text_params

        def _draw_image(self, content: bytes, x: float, y: float, width: float, height: float) -> bytes:
            # Drawn in the unit square, then scaled to its size and moved to its place.
            image = PdfImage(_image(content), writer=self.writer, box=layout.BoxConstraints(1, 1))
            command = image.render()
            self.import_resources(image.resources)
            return b"q %g 0 0 %g %g %g cm %s Q" % (width, height, x, y, command)

        def _render_inner_content(self):
            box_width, box_height = self.box.width, self.box.height
            commands = [b"q"]
            signature_width = signature_height = 0.0
            # The signature: the middle of the box, at most 42 % of its width and 80 % of its height.
            if appearance.signature_image:
                image = _image(appearance.signature_image)
                signature_width, signature_height = _fit(image.width, image.height, box_width * 0.42, box_height * 0.8)
            signature_left = (box_width - signature_width) / 2
            signature_bottom = (box_height - signature_height) / 2
            if appearance.signature_image:
                commands.append(
                    self._draw_image(
                        appearance.signature_image, signature_left, signature_bottom, signature_width, signature_height
                    )
                )
            # The seal over the left third of the signature (its right edge there), as tall as the box.
            if appearance.seal_image:
                image = _image(appearance.seal_image)
                seal_width, seal_height = _fit(image.width, image.height, box_height, box_height)
                right = signature_left + signature_width / 3 if signature_width else box_width / 2 - seal_width / 3
                seal_left = max(0.0, right - seal_width)
                commands.append(
                    self._draw_image(
                        appearance.seal_image, seal_left, (box_height - seal_height) / 2, seal_width, seal_height
                    )
                )
            # The text in the column right of the signature, centred on its height, made smaller if
            # a long name would run out of the box (a reader clips what lies outside it).
            signed_at = dt.datetime.strptime(self.text_params["ts"], TIME_FORMAT)
            text_box = TextBox(text_style, writer=self.writer, resources=self.resources)
            text_box.content = "\n".join(appearance.text_lines(signed_at))
            text_commands = text_box.render()
            text_left = signature_left + signature_width + 3 if signature_width else box_width / 2 + 3
            room = max(box_width - text_left - 1, box_width * 0.25)
            text_left = min(text_left, box_width - room - 1)
            text_width, text_height = text_box.box.width, text_box.box.height
            scale = min(1.0, room / text_width, box_height / text_height)
            text_bottom = (box_height - text_height * scale) / 2
            commands.append(b"q %g 0 0 %g %g %g cm %s Q" % (scale, scale, text_left, text_bottom, text_commands))
            commands.append(b"Q")
            return commands

    text_style = TextBoxStyle(
        font=GlyphAccumulatorFactory(_font_path(), font_size=TEXT_SIZE),
        font_size=TEXT_SIZE,
        leading=TEXT_SIZE + 2,
        text_color=INK,
        box_layout_rule=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MIN
        ),
    )

    class Decree30StampStyle(TextStampStyle):
        def create_stamp(self, writer, box, text_params):
            return Decree30Stamp(writer, self, box, text_params)

    return Decree30StampStyle(border_width=0, timestamp_format=TIME_FORMAT, stamp_text="%(ts)s")


def field_options(appearance: Appearance, field_name: str) -> dict:
    """pyHanko ``PdfSigner`` options for a new visible field named ``field_name``."""
    # pyHanko only where a signature is made (see _font_path).
    from pyhanko.sign import fields

    left, bottom, right, top = appearance.place.box
    # Whole points, outward: pyHanko's layout wants integers, and a rounded-in box could clip.
    box = (math.floor(left), math.floor(bottom), math.ceil(right), math.ceil(top))
    return {
        "new_field_spec": fields.SigFieldSpec(field_name, on_page=appearance.place.page, box=box),
        "stamp_style": stamp_style(appearance),
    }
