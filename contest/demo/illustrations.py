"""Illustrations for the demo's photos and covers, drawn with Pillow (no binary in the repository).

Each picture is a stylised scene of what a model does (an alley being widened, a vegetable
greenhouse, a riverside street, a camera on an alley, a cultural house, a bread cabinet, a village
loudspeaker, a neighbourhood meeting, a cattle pasture, a ceremony) with a caption band in proper
Vietnamese, written with the Liberation Serif the app ships for its PDFs. The seed varies colours,
positions and people, so no two pictures of the demo are the same. Plainly drawings, not photos
passed off as real: the demo is fictional.
"""

import io
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1200, 800
FONTS = Path(__file__).resolve().parents[2] / "static" / "fonts"
RED, YELLOW = (200, 16, 46), (255, 205, 0)
SHIRTS = [(30, 90, 160), (200, 60, 50), (240, 240, 235), (40, 130, 80), (230, 160, 40), (120, 60, 140), (20, 20, 30)]
SKINS = [(236, 200, 160), (222, 180, 140), (200, 150, 110)]


def demo_font(size, bold=True):
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def _mix(a, b, t):
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _gradient(draw, box, top, bottom):
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        draw.line([(x0, y), (x1, y)], fill=_mix(top, bottom, (y - y0) / max(1, y1 - y0)))


def _sky(draw, rng, horizon, *, dusk=False):
    top, bottom = ((40, 50, 110), (240, 140, 90)) if dusk else ((70 + rng.randint(0, 30), 140, 215), (200, 228, 245))
    _gradient(draw, (0, 0, WIDTH, horizon), top, bottom)
    sun = (255, 190, 90) if dusk else (255, 240, 190)
    x, y = rng.randint(120, WIDTH - 120), rng.randint(60, max(80, horizon // 3))
    draw.ellipse([x - 45, y - 45, x + 45, y + 45], fill=sun)
    if not dusk:
        for _ in range(rng.randint(2, 4)):
            cx, cy = rng.randint(0, WIDTH), rng.randint(40, max(60, horizon // 2))
            for dx, r in ((-40, 28), (0, 38), (40, 30)):
                draw.ellipse([cx + dx - r, cy - r, cx + dx + r, cy + r], fill=(250, 250, 252))


def _person(draw, rng, x, feet, scale=1.0, *, hat=False, shirt=None):
    """A standing figure of height ~150·scale with its feet at (x, feet)."""
    s = scale
    shirt = shirt or rng.choice(SHIRTS)
    skin = rng.choice(SKINS)
    trousers = rng.choice([(40, 40, 50), (70, 60, 50), (30, 50, 90)])
    draw.rectangle([x - 14 * s, feet - 62 * s, x - 3 * s, feet], fill=trousers)
    draw.rectangle([x + 3 * s, feet - 62 * s, x + 14 * s, feet], fill=trousers)
    draw.polygon(
        [
            (x - 22 * s, feet - 60 * s),
            (x + 22 * s, feet - 60 * s),
            (x + 18 * s, feet - 118 * s),
            (x - 18 * s, feet - 118 * s),
        ],
        fill=shirt,
    )
    draw.ellipse([x - 15 * s, feet - 150 * s, x + 15 * s, feet - 118 * s], fill=skin)
    draw.pieslice([x - 15 * s, feet - 152 * s, x + 15 * s, feet - 124 * s], 180, 360, fill=(30, 25, 25))
    if hat:  # nón lá
        draw.polygon(
            [(x - 34 * s, feet - 132 * s), (x + 34 * s, feet - 132 * s), (x, feet - 168 * s)], fill=(225, 205, 150)
        )


def _crowd(draw, rng, count, y_range, x_range=(60, WIDTH - 60), *, hats=0.0):
    people = sorted((rng.randint(*y_range), rng.randint(*x_range)) for _ in range(count))
    for feet, x in people:
        scale = 0.55 + 0.6 * (feet - y_range[0]) / max(1, y_range[1] - y_range[0])
        _person(draw, rng, x, feet, scale, hat=rng.random() < hats)


def _house(draw, rng, x, base, w, h, *, roof=None, wall=None):
    wall = wall or rng.choice([(244, 226, 190), (236, 214, 214), (222, 234, 214), (250, 240, 220), (214, 226, 240)])
    roof = roof or rng.choice([(170, 60, 45), (150, 75, 50), (120, 50, 40)])
    draw.rectangle([x, base - h, x + w, base], fill=wall)
    draw.polygon([(x - 12, base - h), (x + w // 2, base - h - h // 2), (x + w + 12, base - h)], fill=roof)
    door = (120, 80, 50)
    draw.rectangle([x + w // 2 - 14, base - 50, x + w // 2 + 14, base], fill=door)
    for wx in (x + 14, x + w - 40):
        draw.rectangle([wx, base - h + 22, wx + 26, base - h + 50], fill=(120, 170, 200))


def _tree(draw, rng, x, base, size=1.0):
    draw.rectangle([x - 6 * size, base - 60 * size, x + 6 * size, base], fill=(100, 70, 40))
    green = rng.choice([(50, 130, 60), (70, 150, 70), (40, 110, 55)])
    for dx, dy, r in ((0, -100, 42), (-28, -78, 32), (28, -78, 32)):
        draw.ellipse(
            [x + (dx - r) * size, base + (dy - r) * size, x + (dx + r) * size, base + (dy + r) * size], fill=green
        )


def _banner(draw, x0, y0, x1, y1, text, size=34):
    draw.rectangle([x0, y0, x1, y1], fill=RED)
    font = demo_font(size)
    w = draw.textlength(text, font=font)
    draw.text(((x0 + x1 - w) / 2, y0 + (y1 - y0 - size) / 2 - 4), text, font=font, fill=YELLOW)


def _flag(draw, x, top):
    draw.rectangle([x - 3, top, x + 3, top + 220], fill=(90, 90, 90))
    draw.rectangle([x + 3, top, x + 93, top + 60], fill=RED)
    cx, cy, r = x + 48, top + 30, 18
    points = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        radius = r if i % 2 == 0 else r * 0.4
        points.append((cx + radius * math.cos(a), cy + radius * math.sin(a)))
    draw.polygon(points, fill=YELLOW)


# -- scenes ---------------------------------------------------------------------------------------


def _road(draw, rng):
    horizon = 330
    _sky(draw, rng, horizon)
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=(150, 145, 135))
    draw.polygon([(430, horizon), (770, horizon), (1100, HEIGHT), (100, HEIGHT)], fill=(190, 190, 185))
    for i in range(4):
        _house(draw, rng, 10 + i * 95, horizon + 40 + i * 60, 90, 120 + i * 20)
        _house(draw, rng, WIDTH - 100 - i * 95, horizon + 40 + i * 60, 90, 120 + i * 20)
    _banner(draw, 330, 150, 870, 215, "Dân bàn – dân làm – dân giám sát")
    draw.line([(330, 150), (300, 330)], fill=(90, 90, 90), width=6)
    draw.line([(870, 150), (900, 330)], fill=(90, 90, 90), width=6)
    draw.polygon([(560, 600), (660, 600), (680, 640), (540, 640)], fill=(90, 110, 130))  # a wheelbarrow
    draw.ellipse([590, 630, 630, 670], fill=(40, 40, 40))
    _crowd(draw, rng, 9, (470, 760), (260, 940), hats=0.5)


def _vegetables(draw, rng):
    horizon = 300
    _sky(draw, rng, horizon)
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=(120, 90, 60))
    draw.polygon(
        [(80, horizon - 10), (1120, horizon - 10), (1180, horizon + 80), (20, horizon + 80)], fill=(235, 240, 240)
    )
    for i in range(9):
        x = 60 + i * 130
        draw.line([(x, horizon - 10), (x - 10, horizon + 80)], fill=(200, 205, 205), width=3)
    for row in range(6):
        y = horizon + 110 + row * 65
        draw.rectangle([40, y, WIDTH - 40, y + 38], fill=(95, 70, 45))
        for x in range(60 + row * 7 % 30, WIDTH - 60, 42):
            shade = rng.choice([(60, 150, 60), (80, 170, 70), (50, 130, 50)])
            draw.ellipse([x - 18, y - 16, x + 18, y + 20], fill=shade)
    _crowd(draw, rng, 6, (520, 780), hats=0.9)
    for x in (rng.randint(150, 400), rng.randint(800, 1050)):
        draw.ellipse([x - 40, 690, x + 40, 740], fill=(190, 150, 80))
        draw.ellipse([x - 32, 680, x + 32, 705], fill=(70, 160, 60))


def _riverside(draw, rng):
    horizon = 300
    _sky(draw, rng, horizon)
    _gradient(draw, (0, horizon, WIDTH, 470), (60, 120, 170), (90, 150, 190))
    draw.arc([150, 180, 1050, 520], 200, 340, fill=(230, 180, 40), width=14)  # the bridge
    draw.rectangle([0, 380, WIDTH, 400], fill=(120, 120, 130))
    draw.rectangle([0, 470, WIDTH, HEIGHT], fill=(205, 195, 180))
    for i in range(5):
        _tree(draw, rng, 80 + i * 260, 520, 0.9)
    for x in (300, 720):
        draw.rectangle([x, 560, x + 170, 640], fill=(250, 250, 245))
        draw.polygon(
            [(x - 15, 560), (x + 185, 560), (x + 170, 520), (x, 520)], fill=rng.choice([(40, 130, 80), (200, 60, 50)])
        )
    for x in (rng.randint(520, 600), rng.randint(940, 1010)):
        draw.rectangle([x, 610, x + 46, 680], fill=(40, 140, 70))
        draw.rectangle([x - 4, 600, x + 50, 612], fill=(30, 110, 55))
    _crowd(draw, rng, 10, (600, 790), hats=0.1)


def _camera(draw, rng):
    horizon = 360
    _sky(draw, rng, horizon, dusk=True)
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=(90, 90, 100))
    draw.polygon([(480, horizon), (720, horizon), (1000, HEIGHT), (200, HEIGHT)], fill=(130, 130, 135))
    for i in range(3):
        _house(draw, rng, 20 + i * 120, horizon + 60 + i * 70, 110, 150 + i * 30)
        _house(draw, rng, WIDTH - 130 - i * 120, horizon + 60 + i * 70, 110, 150 + i * 30)
    # the camera on a house wall, and its field of view
    draw.rectangle([850, 330, 905, 360], fill=(235, 235, 240))
    draw.polygon([(850, 335), (830, 345), (850, 355)], fill=(40, 40, 50))
    draw.polygon([(830, 345), (560, 700), (760, 720)], fill=(255, 240, 180))
    for x in (300, 900):
        draw.rectangle([x - 3, 300, x + 3, 520], fill=(60, 60, 60))
        draw.ellipse([x - 18, 285, x + 18, 315], fill=(255, 230, 150))
    _crowd(draw, rng, 3, (650, 760), (420, 780))


def _cultural_house(draw, rng):
    horizon = 420
    _sky(draw, rng, horizon)
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=(170, 200, 120))
    draw.rectangle([300, 220, 900, 470], fill=(250, 236, 190))
    draw.polygon([(270, 220), (600, 110), (930, 220)], fill=(170, 60, 45))
    for x in range(340, 880, 110):
        draw.rectangle([x, 300, x + 50, 470], fill=(140, 90, 50))
    draw.rectangle([300, 230, 900, 270], fill=RED)
    text = "NHÀ VĂN HÓA TỔ DÂN PHỐ"
    font = demo_font(30)
    w = draw.textlength(text, font=font)
    draw.text(((1200 - w) / 2, 232), text, font=font, fill=YELLOW)
    _flag(draw, 1010, 200)
    _tree(draw, rng, 150, 500, 1.2)
    draw.ellipse([380, 560, 820, 720], outline=(240, 240, 240), width=4)
    for i in range(10):  # a circle of dancers
        a = i * 2 * math.pi / 10
        _person(draw, rng, int(600 + 200 * math.cos(a)), int(650 + 60 * math.sin(a)), 0.75)


def _bread(draw, rng):
    horizon = 320
    _sky(draw, rng, horizon)
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=(200, 190, 175))
    _house(draw, rng, 80, 520, 300, 200)
    draw.rectangle([520, 330, 860, 600], fill=(60, 110, 160))
    draw.rectangle([540, 380, 840, 580], fill=(210, 230, 240))
    for row in range(3):
        for col in range(5):
            x, y = 560 + col * 56, 395 + row * 62
            draw.rounded_rectangle([x, y, x + 48, y + 30], radius=12, fill=(215, 160, 80))
    _banner(draw, 500, 280, 880, 330, "Tủ bánh mì nghĩa tình", size=30)
    for i in range(6):  # a queue
        _person(draw, rng, 470 - i * 70 + rng.randint(-10, 10), 760, 0.9, hat=i % 3 == 0)
    _person(draw, rng, 920, 740, 1.0, shirt=(30, 90, 160))


def _loudspeaker(draw, rng):
    horizon = 380
    _sky(draw, rng, horizon)
    _gradient(draw, (0, horizon, WIDTH, HEIGHT), (150, 190, 80), (90, 150, 60))
    for row in range(8):
        y = horizon + 30 + row * 55
        draw.line([(0, y), (WIDTH, y + 20)], fill=(120, 170, 70), width=3)
    for i in range(4):
        _house(draw, rng, 700 + i * 120, horizon + 20, 90, 80)
    draw.rectangle([380, 120, 392, 700], fill=(110, 110, 115))
    for dx, dy in ((-1, 0), (1, 0), (-1, 1), (1, 1)):
        x, y = 386 + dx * 20, 150 + dy * 70
        draw.polygon([(x, y), (x + dx * 110, y - 30), (x + dx * 110, y + 40), (x, y + 14)], fill=(225, 225, 230))
    _tree(draw, rng, 120, 640, 1.3)
    _crowd(draw, rng, 4, (640, 780), (500, 1100), hats=0.7)


def _meeting(draw, rng):
    _gradient(draw, (0, 0, WIDTH, HEIGHT), (250, 240, 225), (225, 210, 190))
    draw.rectangle([0, 0, WIDTH, 300], fill=(160, 30, 35))
    _banner(draw, 120, 60, 1080, 140, "HỘI NGHỊ TỔ LIÊN GIA AN TOÀN", size=44)
    draw.rectangle([300, 170, 900, 200], fill=(140, 20, 25))
    draw.rectangle([350, 300, 850, 360], fill=(240, 240, 235))
    for x in range(400, 820, 120):
        _person(draw, rng, x, 330, 0.6)
    draw.rectangle([330, 340, 870, 380], fill=(30, 100, 60))
    for row in range(3):
        for col in range(7):
            _person(draw, rng, 140 + col * 155 + row * 20, 560 + row * 100, 0.8 + row * 0.15)


def _cows(draw, rng):
    horizon = 360
    _sky(draw, rng, horizon)
    _gradient(draw, (0, horizon, WIDTH, HEIGHT), (140, 190, 90), (100, 160, 70))
    draw.polygon([(0, horizon), (300, 250), (620, horizon)], fill=(110, 150, 120))
    draw.polygon([(500, horizon), (850, 230), (1200, horizon)], fill=(95, 140, 110))
    for _cow in range(5):
        x, y = rng.randint(150, 1000), rng.randint(470, 700)
        colour = rng.choice([(170, 110, 60), (150, 90, 50), (200, 150, 100)])
        draw.ellipse([x, y, x + 170, y + 85], fill=colour)
        draw.ellipse([x + 140, y - 20, x + 200, y + 35], fill=colour)
        for lx in (x + 20, x + 50, x + 110, x + 140):
            draw.rectangle([lx, y + 65, lx + 12, y + 125], fill=colour)
        draw.polygon([(x + 150, y - 15), (x + 140, y - 40), (x + 162, y - 20)], fill=(240, 235, 220))
    _person(draw, rng, 1050, 760, 1.1, hat=True)
    _person(draw, rng, 980, 770, 1.1, shirt=(30, 90, 160))
    _flag(draw, 60, 360)


def _ceremony(draw, rng):
    _gradient(draw, (0, 0, WIDTH, HEIGHT), (120, 10, 20), (70, 5, 10))
    _banner(draw, 100, 70, 1100, 160, "LỄ TỔNG KẾT CUỘC THI “DÂN VẬN KHÉO”", size=46)
    draw.rectangle([0, 520, WIDTH, HEIGHT], fill=(140, 30, 35))
    for i in range(6):
        x = 180 + i * 170
        _person(draw, rng, x, 560, 1.25)
        draw.rectangle([x - 30, 430, x + 30, 470], fill=(250, 245, 230))  # certificates held up
        draw.rectangle([x - 24, 436, x + 24, 464], outline=(200, 160, 40), width=3)
    for x in (60, 1140):
        draw.ellipse([x - 50, 250, x + 50, 350], fill=(220, 60, 80))
        draw.ellipse([x - 30, 270, x + 30, 330], fill=(250, 190, 60))


def _office(draw, rng):
    _gradient(draw, (0, 0, WIDTH, HEIGHT), (235, 238, 242), (210, 215, 222))
    draw.rectangle([0, 520, WIDTH, HEIGHT], fill=(170, 150, 120))
    draw.rectangle([120, 120, 560, 420], fill=(40, 50, 70))
    draw.rectangle([135, 135, 545, 405], fill=(245, 248, 250))
    for row in range(6):
        draw.rectangle([160, 160 + row * 38, 160 + rng.randint(200, 360), 180 + row * 38], fill=(200, 210, 225))
    draw.rectangle([150, 160, 300, 182], fill=(179, 20, 27))
    draw.rectangle([300, 420, 380, 470], fill=(60, 60, 70))
    draw.rectangle([600, 420, 1100, 520], fill=(140, 100, 60))
    _person(draw, rng, 760, 600, 1.3, shirt=(240, 240, 235))
    _person(draw, rng, 950, 610, 1.3, shirt=(30, 90, 160))
    _flag(draw, 1040, 80)


SCENES = {
    "road": _road,
    "vegetables": _vegetables,
    "riverside": _riverside,
    "camera": _camera,
    "cultural_house": _cultural_house,
    "bread": _bread,
    "loudspeaker": _loudspeaker,
    "meeting": _meeting,
    "cows": _cows,
    "ceremony": _ceremony,
    "office": _office,
}


def _caption_band(image, caption):
    band_height = 86
    band = Image.new("RGBA", (WIDTH, band_height), (20, 10, 10, 190))
    draw = ImageDraw.Draw(band)
    size = 34
    font = demo_font(size, bold=False)
    while draw.textlength(caption, font=font) > WIDTH - 60 and size > 20:
        size -= 2
        font = demo_font(size, bold=False)
    draw.text((30, (band_height - size) / 2 - 4), caption, font=font, fill=(255, 255, 255))
    image.alpha_composite(band, (0, HEIGHT - band_height))


def illustration(scene: str, caption: str = "", *, seed: int = 0, band: bool = True, crop=None) -> bytes:
    """A JPEG of ``scene`` (a key of SCENES), 1200×800 or the ``crop`` box of it, with ``caption``
    written in a band along the bottom (unless ``band`` is False: a cover or a banner)."""
    rng = random.Random(f"{scene}:{caption}:{seed}")
    image = Image.new("RGBA", (WIDTH, HEIGHT), (255, 255, 255, 255))
    SCENES[scene](ImageDraw.Draw(image), rng)
    image = image.filter(ImageFilter.SMOOTH)
    if caption and band:
        _caption_band(image, caption)
    if crop:
        image = image.crop(crop)
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()
