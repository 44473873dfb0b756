"""Pictures for the demo site, drawn with Pillow on this machine: page illustrations and illustrated portraits.

Nothing is downloaded. Each picture is drawn from a fixed seed, so running ``load_demo`` again writes
the same bytes under the same name and changes nothing.
"""

import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter

HERO_SIZE = (1600, 900)
PORTRAIT_SIZE = 400

# Calm background pairs (top-left, bottom-right) and a darker ink for the motif.
PALETTES = {
    "teal": ((220, 236, 239), (188, 218, 222), (11, 90, 107)),
    "sage": ((232, 242, 234), (200, 224, 208), (33, 94, 60)),
    "sand": ((246, 238, 226), (232, 214, 190), (138, 82, 30)),
    "lilac": ((238, 234, 246), (214, 206, 234), (84, 62, 140)),
    "sky": ((228, 238, 248), (196, 216, 238), (30, 78, 140)),
}


def _gradient(size: tuple[int, int], start: tuple, end: tuple) -> Image.Image:
    width, height = size
    small = Image.new("RGB", (2, 2))
    small.putdata([start, _mix(start, end, 0.5), _mix(start, end, 0.5), end])
    return small.resize(size, Image.Resampling.BILINEAR)


def _mix(a: tuple, b: tuple, t: float) -> tuple:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=84, optimize=True, progressive=True)
    return buffer.getvalue()


def _soft_circles(draw: ImageDraw.ImageDraw, rng: random.Random, colour: tuple, count: int) -> None:
    width, height = HERO_SIZE
    for _ in range(count):
        r = rng.randint(60, 260)
        x, y = rng.randint(-100, width + 100), rng.randint(-100, height + 100)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*colour, rng.randint(14, 34)))


def _capsules(draw, rng, ink):
    """Capsules and round tablets: the medicine article."""
    for cx, cy, angle in ((980, 430, -30), (1230, 560, 20), (1100, 250, 60)):
        length, radius = 260, 62
        dx, dy = math.cos(math.radians(angle)) * length / 2, math.sin(math.radians(angle)) * length / 2
        draw.line((cx - dx, cy - dy, cx + dx, cy + dy), fill=(*ink, 230), width=radius * 2)
        for sx, sy in ((cx - dx, cy - dy), (cx + dx, cy + dy)):
            draw.ellipse((sx - radius, sy - radius, sx + radius, sy + radius), fill=(*ink, 230))
        draw.line((cx - dx, cy - dy, cx, cy), fill=(255, 255, 255, 120), width=radius * 2)
        ex, ey = cx - dx, cy - dy
        draw.ellipse((ex - radius, ey - radius, ex + radius, ey + radius), fill=(255, 255, 255, 120))
    for cx, cy, r in ((760, 640, 70), (1380, 300, 55), (880, 760, 45)):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(255, 255, 255, 235), outline=(*ink, 200), width=6)
        draw.line((cx - r * 0.6, cy, cx + r * 0.6, cy), fill=(*ink, 160), width=5)


def _network(draw, rng, ink, points=22, reach=260):
    """Dots joined by lines: nerves and pain signals."""
    nodes = [(rng.randint(650, 1500), rng.randint(120, 800)) for _ in range(points)]
    for i, (x1, y1) in enumerate(nodes):
        for x2, y2 in nodes[i + 1 :]:
            if math.dist((x1, y1), (x2, y2)) < reach:
                draw.line((x1, y1, x2, y2), fill=(*ink, 120), width=5)
    for x, y in nodes:
        r = rng.randint(12, 26)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*ink, 220))


def _waves(draw, rng, ink):
    """Looping bands: the digestive tract."""
    for band in range(4):
        points = []
        for step in range(0, 1001, 10):
            x = 600 + step
            y = 250 + band * 130 + math.sin(step / 95 + band) * 70
            points.append((x, y))
        draw.line(points, fill=(*ink, 90 + band * 40), width=34 - band * 4, joint="curve")


def _joints(draw, rng, ink):
    """Rounded joints along a bent finger: the hands of arthritis."""
    x, y = 760, 760
    for i, (dx, dy) in enumerate(((150, -150), (170, -90), (160, -30), (150, 20))):
        nx, ny = x + dx, y + dy
        draw.line((x, y, nx, ny), fill=(*ink, 150), width=70)
        r = 58 - i * 6
        draw.ellipse((nx - r, ny - r, nx + r, ny + r), fill=(255, 255, 255, 230), outline=(*ink, 230), width=10)
        x, y = nx, ny
    draw.ellipse((700, 700, 820, 820), fill=(255, 255, 255, 230), outline=(*ink, 230), width=10)


Motif = Callable[[ImageDraw.ImageDraw, random.Random, tuple], None]
MOTIFS: dict[str, Motif] = {"capsules": _capsules, "network": _network, "waves": _waves, "joints": _joints}


def illustration(motif: str, palette: str, seed: int) -> bytes:
    """Return a 1600x900 JPEG: a soft gradient with circles and the motif on the right-hand side."""
    start, end, ink = PALETTES[palette]
    rng = random.Random(seed)
    image = _gradient(HERO_SIZE, start, end).convert("RGBA")
    layer = Image.new("RGBA", HERO_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    _soft_circles(draw, rng, ink, 9)
    layer = layer.filter(ImageFilter.GaussianBlur(6))
    image = Image.alpha_composite(image, layer)
    layer = Image.new("RGBA", HERO_SIZE, (0, 0, 0, 0))
    MOTIFS[motif](ImageDraw.Draw(layer), rng, ink)
    image = Image.alpha_composite(image, layer)
    return _jpeg(image.convert("RGB"))


# Illustrated people: skin and hair tones, drawn shapes only.
SKIN = {"light": (241, 206, 180), "medium": (198, 144, 106), "deep": (122, 82, 58)}
HAIR = {"dark": (43, 34, 32), "grey": (158, 158, 162), "auburn": (128, 62, 32)}


def _shade(colour: tuple, factor: float) -> tuple:
    return tuple(max(0, min(255, round(channel * factor))) for channel in colour)


def portrait(palette: str, skin: str, hair: str, style: str = "short", glasses: bool = False) -> bytes:
    """Return a square JPEG of a drawn person (head and shoulders), standing in for a photo.

    A flat illustration from shapes: nobody's likeness, and never a photograph. Drawn at twice the size and
    reduced, so the edges are smooth (Pillow's shapes have no anti-aliasing of their own).
    """
    start, end, ink = PALETTES[palette]
    skin_tone, hair_tone = SKIN[skin], HAIR[hair]
    size = PORTRAIT_SIZE * 2
    image = _gradient((size, size), start, end).convert("RGBA")
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.ellipse((100, 80, 700, 680), fill=(255, 255, 255, 90))  # a soft halo behind the head
    if style == "long":
        draw.rounded_rectangle((230, 200, 570, 640), radius=150, fill=hair_tone)
    draw.ellipse((150, 590, 650, 1090), fill=ink)  # shoulders
    draw.polygon([(330, 600), (400, 700), (470, 600)], fill=(255, 255, 255, 235))  # open collar
    draw.rounded_rectangle((350, 470, 450, 640), radius=40, fill=_shade(skin_tone, 0.88))  # neck
    draw.polygon([(350, 600), (400, 690), (450, 600)], fill=_shade(skin_tone, 0.88))
    for x in (255, 545):  # ears
        draw.ellipse((x - 28, 345, x + 28, 425), fill=_shade(skin_tone, 0.95))
    draw.ellipse((260, 190, 540, 530), fill=skin_tone)  # face
    if style == "bun":
        draw.ellipse((335, 95, 465, 215), fill=hair_tone)
    draw.chord((245, 165, 555, 440), 180, 360, fill=hair_tone)  # hair over the forehead
    draw.pieslice((245, 165, 555, 440), 160, 200, fill=hair_tone)
    if style == "long":
        draw.rectangle((236, 300, 262, 520), fill=hair_tone)
        draw.rectangle((538, 300, 564, 520), fill=hair_tone)
    eye = (45, 40, 40)
    for x in (345, 455):
        draw.ellipse((x - 13, 352, x + 13, 378), fill=eye)
        draw.line((x - 26, 322, x + 26, 318), fill=_shade(hair_tone, 0.9), width=9)
    for x in (325, 475):  # cheeks
        draw.ellipse((x - 22, 405, x + 22, 435), fill=(226, 120, 120, 70))
    draw.arc((352, 395, 448, 470), 20, 160, fill=_shade(skin_tone, 0.55), width=9)  # a calm smile
    if glasses:
        for x in (345, 455):
            draw.rounded_rectangle((x - 42, 335, x + 42, 395), radius=18, outline=(40, 40, 48), width=8)
        draw.line((387, 360, 413, 360), fill=(40, 40, 48), width=8)
    image = Image.alpha_composite(image, layer).convert("RGB")
    return _jpeg(image.resize((PORTRAIT_SIZE, PORTRAIT_SIZE), Image.Resampling.LANCZOS))
