"""A seal image and a handwritten-looking signature for the demo's certificate template and the
signing tests, drawn with Pillow as transparent PNGs (no binary in the repository).

The seal says "MẪU" (specimen) in its centre: a demo seal must never pass for a real one.
"""

import io
import math
import random

from PIL import Image, ImageDraw

from contest.demo.illustrations import demo_font

SEAL_RED = (200, 20, 30, 235)
INK_BLUE = (20, 40, 150, 255)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _ring_text(draw, image, text, centre, radius, size):
    """``text`` written along the top of a circle, one letter at a time (as seals are engraved)."""
    font = demo_font(size)
    span = math.radians(250)
    start = -math.pi / 2 - span / 2
    step = span / max(len(text) - 1, 1)
    for index, letter in enumerate(text):
        angle = start + index * step
        tile = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((size, size), letter, font=font, fill=SEAL_RED, anchor="mm")
        tile = tile.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.cos(angle) - size
        y = centre + radius * math.sin(angle) - size
        image.alpha_composite(tile, (int(x), int(y)))


def seal_png(body: str = "BAN TỔ CHỨC HỘI THI", size: int = 400) -> bytes:
    """A round red seal with ``body`` around its rim and a star in the centre."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c = size / 2
    draw.ellipse((6, 6, size - 6, size - 6), outline=SEAL_RED, width=10)
    draw.ellipse((size * 0.2, size * 0.2, size * 0.8, size * 0.8), outline=SEAL_RED, width=4)
    _ring_text(draw, image, body.upper(), c, size * 0.39, int(size * 0.085))
    points = []
    for i in range(10):
        radius = size * (0.14 if i % 2 == 0 else 0.055)
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((c + radius * math.cos(angle), c - size * 0.03 + radius * math.sin(angle)))
    draw.polygon(points, fill=SEAL_RED)
    draw.text((c, c + size * 0.17), "MẪU", font=demo_font(int(size * 0.07)), fill=SEAL_RED, anchor="mm")
    return _png(image)


def signature_png(seed: int = 7, size: tuple[int, int] = (600, 300)) -> bytes:
    """A looping pen stroke in blue ink, like a signature on paper."""
    phase = random.Random(seed).random() * math.tau
    width, height = size
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = []
    # A circle drawn faster than the pen moves right makes the loops of a cursive hand.
    for step in range(400):
        t = step / 399
        x = width * (0.1 + 0.7 * t) + 38 * math.sin(t * 26)
        y = height * (0.5 - 0.12 * math.sin(t * 6)) + 60 * math.cos(t * 26) * (0.8 + 0.2 * math.sin(t * 5 + phase))
        points.append((x, y))
    draw.line(points, fill=INK_BLUE, width=7, joint="curve")
    draw.line([(width * 0.15, height * 0.8), (width * 0.88, height * 0.72)], fill=INK_BLUE, width=5)
    return _png(image)
