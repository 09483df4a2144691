"""Official seals (公章) on a page image: found by their red ring, taken off the page before the body is read,
and read on their own so that their text reaches the raw text only as a marked line.

A 公文's seal is pressed in red over the signature and the date (GB/T 9704: 印章 "端正、居中下压发文机关署名
和成文日期"): the organ's name runs clockwise around an arc inside a red ring, a star often stands in the middle,
sometimes ``××专用章`` under it. Read with the page, its characters land among the signature's as fragments.
So a page is looked at in colour first: a red region shaped like a ring (round or oval, hollow, red ink inside
it) is a seal; its red ink is whitened before the page is recognised (the black text it covers stays: where
translucent seal ink lies on black the pixel is dark, not red), and the ring's text band is unrolled into a
straight strip (polar unwrapping) and recognised on its own, as is the disc inside it.

A red head (红头: the issuer's name in large red characters at the top, a red rule under it) is red but not a
ring: a straight row of characters, each too small and not hollow with ink inside, and a rule far from round.
A greyscale scan or photocopy has no colour to go by: its seal is read with the page, as before.

The seal's text is given back as one line ``〔印章：<text>〕`` (:data:`SEAL_MARK`; no body text begins a line
with it), which the cleaning drops and audits (``drop_seal_text``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

# The seal line's marker: a hexagonal bracket (GB/T 9704 uses it only around a document number's year, 〔2019〕)
# around 印章 and a full-width colon, the whole line.
SEAL_MARK = "〔印章："
SEAL_END = "〕"
SEAL_LINE = re.compile(r"^〔印章：[^〔〕\n]*〕$")

# Colour, measured per pixel on the page image (8-bit RGB). Seal ink is a saturated red, (200–240, 20–90,
# 30–100) in scans, fading to about (230, 120, 120): red exceeds both green and blue by far. Black and grey
# text, their antialiased edges and yellowed paper keep the channels within about 20–50 of each other, and
# the larger of green and blue (not their mean) is the one compared, so yellow paper (240, 230, 190) is not red.
RED_OVER = 60  # red ink: R − max(G, B) at least this
RED_MIN = 120  # and R at least this (a dark brown is not seal ink)
# The pale halo of a red stroke (antialiasing, ink spread) is whitened with the stroke: a weaker excess.
RED_HALO = 30
# Ink, as against paper: the darkest channel below this (paper, even yellowed, keeps all three above ~190).
INK_MAX = 180
# A seal is 38–45 mm across (round 公章; ovals 40 × 30 mm) on a page 210 mm wide: at least this share of the
# page's shorter side (a page photographed with margins cut still keeps it above 8%), at most half of it.
SEAL_MIN_SIZE = 0.08
SEAL_MAX_SIZE = 0.5
# Round or oval: height over width within this range.
SEAL_MIN_ASPECT = 0.6
# Ring: in this share of the directions from the centre, the farthest red pixel lies on the ellipse the
# region's box draws (normalised radius within RING_TOLERANCE of 1); a square character's corners lie at
# √2, a straight rule far outside in every direction but two.
RING_DIRECTIONS = 36
RING_SHARE = 0.85
RING_TOLERANCE = 0.15
# Hollow: the ring's own pixels lie mostly near its rim (median normalised radius at least this) …
RING_MIN_MEDIAN = 0.75
# … and red ink inside it (the text, the star): at least this share of the ellipse's area. An empty red
# circle (a ``〇`` in a red head, a drawn outline) is not a seal.
INSIDE_MIN_SHARE = 0.02
# Where the seal's text is: the arc between these normalised radii (inside the ring), the disc inside that.
BAND_INNER = 0.45
BAND_OUTER = 0.93
DISC = 0.5


@dataclass(frozen=True)
class Seal:
    """A seal on the page: the centre and half-axes of its ring, in page pixels."""

    x: float
    y: float
    rx: float
    ry: float

    def normalised_radius(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        return np.hypot((xs - self.x) / self.rx, (ys - self.y) / self.ry)


def redness(pixels: np.ndarray) -> np.ndarray:
    """How far each pixel's red exceeds the larger of its green and blue (negative for neutral and blue ink).

    >>> redness(np.array([[[220, 30, 40], [20, 20, 20], [240, 230, 190]]])).tolist()
    [[180, 0, 10]]
    """
    pixels = pixels.astype(np.int16)
    return pixels[..., 0] - np.maximum(pixels[..., 1], pixels[..., 2])


def red_ink(pixels: np.ndarray) -> np.ndarray:
    """The pixels of red ink: red well above green and blue, bright in red, darker than paper."""
    return (redness(pixels) >= RED_OVER) & (pixels[..., 0] >= RED_MIN) & (pixels.min(axis=2) < INK_MAX)


def find_seals(pixels: np.ndarray) -> list[Seal]:
    """The seals on a page (an RGB array, rows × columns × 3): red regions shaped like a ring with red ink inside."""
    from scipy import ndimage

    red = red_ink(pixels)
    shorter = min(red.shape)
    if red.sum() < (SEAL_MIN_SIZE * shorter) ** 2 * 0.05:
        return []
    # a ring broken by a worn stamp or a light press is closed again by a little dilation
    labels, _ = ndimage.label(ndimage.binary_dilation(red, iterations=2))
    seals = []
    for number, box in enumerate(ndimage.find_objects(labels), start=1):
        height, width = box[0].stop - box[0].start, box[1].stop - box[1].start
        if not (SEAL_MIN_SIZE * shorter <= min(height, width) and max(height, width) <= SEAL_MAX_SIZE * shorter):
            continue
        if not SEAL_MIN_ASPECT <= height / width <= 1 / SEAL_MIN_ASPECT:
            continue
        seal = Seal(box[1].start + width / 2, box[0].start + height / 2, width / 2, height / 2)
        ys, xs = np.nonzero(labels[box] == number)
        if is_ring(seal, xs + box[1].start, ys + box[0].start) and _ink_inside(seal, red, labels, number):
            seals.append(seal)
    return seals


def is_ring(seal: Seal, xs: np.ndarray, ys: np.ndarray) -> bool:
    """Whether the pixels draw the seal's ring: in almost every direction the farthest lies on its ellipse,
    and most lie near it.

    >>> angles = np.linspace(0, 2 * np.pi, 400)
    >>> is_ring(Seal(0, 0, 10, 10), 10 * np.cos(angles), 10 * np.sin(angles))
    True
    >>> side = np.linspace(-10, 10, 100)  # a square's outline: its corners lie at √2
    >>> square = (np.concatenate([side, side, -10 + 0 * side, 10 + 0 * side]),
    ...           np.concatenate([-10 + 0 * side, 10 + 0 * side, side, side]))
    >>> is_ring(Seal(0, 0, 10, 10), *square)
    False
    """
    radius = seal.normalised_radius(xs, ys)
    if not len(radius) or np.median(radius) < RING_MIN_MEDIAN:
        return False
    angle = np.arctan2((ys - seal.y) / seal.ry, (xs - seal.x) / seal.rx)
    sector = ((angle + math.pi) / (2 * math.pi) * RING_DIRECTIONS).astype(int) % RING_DIRECTIONS
    farthest = np.zeros(RING_DIRECTIONS)
    np.maximum.at(farthest, sector, radius)
    on_ring = np.abs(farthest - 1) <= RING_TOLERANCE
    return bool(on_ring.mean() >= RING_SHARE)


def _ink_inside(seal: Seal, red: np.ndarray, labels: np.ndarray, ring: int) -> bool:
    """Whether red ink other than the ring lies inside it (the seal's text and star)."""
    top, bottom = int(seal.y - seal.ry), int(seal.y + seal.ry) + 1
    left, right = int(seal.x - seal.rx), int(seal.x + seal.rx) + 1
    ys, xs = np.mgrid[top:bottom, left:right]
    inside = (seal.normalised_radius(xs, ys) < 1 - RING_TOLERANCE) & (labels[top:bottom, left:right] != ring)
    return (red[top:bottom, left:right] & inside).sum() >= INSIDE_MIN_SHARE * math.pi * seal.rx * seal.ry


def without_seals(pixels: np.ndarray, seals: list[Seal]) -> np.ndarray:
    """The page with the seals' red ink (and its pale halo) whitened; black text under a seal stays."""
    page = pixels.copy()
    ys, xs = np.mgrid[0 : page.shape[0], 0 : page.shape[1]]
    for seal in seals:
        on_seal = (seal.normalised_radius(xs, ys) <= 1.05) & (redness(page) >= RED_HALO)
        page[on_seal] = 255
    return page


def seal_ink(pixels: np.ndarray) -> np.ndarray:
    """The red ink alone, dark on white (greyscale), for recognising a seal's text without the page's."""
    return (255 - np.clip(redness(pixels).astype(np.int32) * 2, 0, 255)).astype(np.uint8)


def unrolled_band(ink: np.ndarray, seal: Seal) -> np.ndarray:
    """The ring's text band unrolled into a straight strip: clockwise from the bottom, the rim at the top, so the
    organ's name (set clockwise, characters' tops outward) reads left to right, upright."""
    mean_radius = (seal.rx + seal.ry) / 2
    height = max(1, int((BAND_OUTER - BAND_INNER) * mean_radius))
    width = max(1, int(2 * math.pi * (BAND_OUTER + BAND_INNER) / 2 * mean_radius))
    radius = np.linspace(BAND_OUTER, BAND_INNER, height)[:, None]
    angle = np.linspace(-math.pi, math.pi, width, endpoint=False)[None, :]  # clockwise from the top
    xs = np.clip(np.rint(seal.x + radius * seal.rx * np.sin(angle)), 0, ink.shape[1] - 1).astype(int)
    ys = np.clip(np.rint(seal.y - radius * seal.ry * np.cos(angle)), 0, ink.shape[0] - 1).astype(int)
    return _padded(ink[ys, xs])


def inner_disc(ink: np.ndarray, seal: Seal) -> np.ndarray:
    """The disc inside the text band (the star, a ``××专用章`` line under it), paper around it."""
    top, bottom = max(0, int(seal.y - DISC * seal.ry)), int(seal.y + DISC * seal.ry) + 1
    left, right = max(0, int(seal.x - DISC * seal.rx)), int(seal.x + DISC * seal.rx) + 1
    crop = ink[top:bottom, left:right].copy()
    ys, xs = np.mgrid[top : top + crop.shape[0], left : left + crop.shape[1]]
    crop[seal.normalised_radius(xs, ys) > DISC] = 255
    return _padded(crop)


def _padded(strip: np.ndarray, margin: int = 16) -> np.ndarray:
    """White around an image: the detector misses text touching the edge."""
    return np.pad(strip, margin, constant_values=255)


def seal_line(text: str) -> str:
    """A seal's text as the marked line the cleaning recognises.

    >>> seal_line("城关县人民政府 〔办公室〕")
    '〔印章：城关县人民政府 办公室〕'
    >>> bool(SEAL_LINE.match(seal_line("城关县人民政府"))), bool(SEAL_LINE.match("〔2019〕3号"))
    (True, False)
    """
    return SEAL_MARK + re.sub(r"[〔〕\n]", "", text).strip() + SEAL_END
