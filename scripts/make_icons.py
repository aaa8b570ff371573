"""Draw the neutral favicon (static/img/favicon.svg) as the PNGs browsers and phones ask for.

Run once after changing the design: `.venv/bin/python scripts/make_icons.py`. Pillow only, drawn
four times larger and scaled down for smooth edges.
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "img"
GOLD, RED, STAR = (217, 165, 20), (179, 20, 27), (247, 209, 84)


def star(cx, cy, outer, inner):
    points = []
    for i in range(10):
        angle = -math.pi / 2 + i * math.pi / 5
        radius = outer if i % 2 == 0 else inner
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def icon(size, *, background=None):
    scale = 4
    s = size * scale / 64  # the SVG's 64-unit grid
    image = Image.new("RGBA", (size * scale, size * scale), background or (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([s * 1, s * 1, s * 63, s * 63], fill=GOLD)
    draw.ellipse([s * 4, s * 4, s * 60, s * 60], fill=RED)
    draw.polygon(star(32 * s, 31 * s, 17 * s, 6.8 * s), fill=STAR)
    draw.arc([s * 16, s * 36, s * 48, s * 56], start=20, end=160, fill=STAR, width=max(1, round(3.5 * s)))
    return image.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    icon(32).save(OUT / "favicon.png")
    # A phone's home screen draws no transparency well: a white square behind the roundel.
    touch = Image.new("RGBA", (180, 180), (255, 255, 255, 255))
    touch.alpha_composite(icon(156), (12, 12))
    touch.convert("RGB").save(OUT / "apple-touch-icon.png")
    print("static/img/favicon.png, static/img/apple-touch-icon.png")
