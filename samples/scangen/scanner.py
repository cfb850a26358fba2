"""A flatbed scanner in numpy: prints a page plan on paper, stamps and signs it, scans it.

Every random choice comes from the ``numpy.random.Generator`` passed in, so a page comes out
the same on every run. Images are float32 reflectance in [0, 1], shape (height, width, 3)
until the very end.

So that the bytes do not depend on which SIMD instructions the CPU offers, whole-page
arithmetic is kept to plain IEEE multiplies and adds in numpy; anything that could take a
different vector or FMA path per CPU (numpy's transcendental functions, OpenCV's float filters
and warps) runs either on short vectors through Python's ``math`` or inside Pillow, whose x86-64
wheels are built for the baseline instruction set. OpenCV only draws strokes and dots, in
integers.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .layout import MM, Face, PagePlan, SealMark, SignatureMark

Array = np.ndarray
RGB = tuple[float, float, float]

TONER: RGB = (0.07, 0.07, 0.08)
SEAL_RED: RGB = (0.80, 0.10, 0.13)
BALLPOINT_BLUE: RGB = (0.13, 0.20, 0.56)
PHOTOCOPY_GREY: RGB = (0.30, 0.30, 0.31)
SCANNER_LID: RGB = (0.90, 0.90, 0.89)
STAR = "★"


@dataclass(frozen=True)
class ScanSettings:
    dpi: int
    colour: bool


def px(points: float, dpi: int) -> float:
    return points * dpi / 72


@lru_cache(maxsize=64)
def font(face: Face, size_px: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(face.path), size_px, layout_engine=ImageFont.Layout.BASIC)


# --- printing ---------------------------------------------------------------------------------


def page_pixels(plan: PagePlan, dpi: int) -> tuple[int, int]:
    return round(px(plan.width, dpi)), round(px(plan.height, dpi))


def print_text(plan: PagePlan, dpi: int) -> Array:
    """Toner coverage of the typeset text and rules, 0 (none) to 1 (solid)."""
    width, height = page_pixels(plan, dpi)
    sheet = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(sheet)
    for piece in plan.pieces:
        where = (px(piece.x, dpi), px(piece.baseline, dpi))
        draw.text(
            where, piece.text, font=font(piece.face, px(piece.size, dpi)), fill=0, anchor="ls"
        )
    for rule in plan.rules:
        y = px(rule.y, dpi)
        weight = max(1, round(px(rule.weight, dpi)))
        draw.line([(px(rule.x0, dpi), y), (px(rule.x1, dpi), y)], fill=0, width=weight)
    return 1.0 - np.asarray(sheet, dtype=np.float32) / 255.0


def lay_ink(page: Array, coverage: Array, colour: RGB, top: int = 0, left: int = 0) -> None:
    """Multiply-blend ink of a colour with the given coverage onto the page, in place."""
    h, w = coverage.shape
    top_c, left_c = max(top, 0), max(left, 0)
    bottom_c, right_c = min(top + h, page.shape[0]), min(left + w, page.shape[1])
    if bottom_c <= top_c or right_c <= left_c:
        return
    cov = coverage[top_c - top : bottom_c - top, left_c - left : right_c - left, None]
    absorb = 1.0 - np.asarray(colour, dtype=np.float32)
    page[top_c:bottom_c, left_c:right_c] *= 1.0 - cov * absorb


def smooth_field(rng: np.random.Generator, shape: tuple[int, int], cells: int) -> Array:
    """Low-frequency noise of about unit size: a coarse random grid upsampled smoothly."""
    h, w = shape
    grid = rng.normal(0.0, 1.0, (max(2, cells * h // max(h, w)), max(2, cells * w // max(h, w))))
    coarse = Image.fromarray(grid.astype(np.float32))
    return np.asarray(coarse.resize((w, h), Image.Resampling.BICUBIC), dtype=np.float32)


def on_small(values: Array, fn: Callable[[float], float]) -> Array:
    """Apply a math function element by element (for short vectors only)."""
    return np.array([fn(float(v)) for v in values], dtype=np.float64)


# --- signatures and seals ---------------------------------------------------------------------


def signature_stroke(rng: np.random.Generator, width: float, height: float) -> Array:
    """A cursive scribble: loops drifting left to right, then a flourish back underneath."""
    t = np.linspace(0.0, 1.0, 600)
    loops = rng.uniform(3.0, 5.5)
    phase = rng.uniform(0, 2 * math.pi)
    drift_rate, drift_phase = rng.uniform(0.8, 1.6), rng.uniform(0, 6)
    wobble = 1.0 + 0.35 * on_small(2 * math.pi * drift_rate * t + drift_phase, math.sin)
    turn = 2 * math.pi * loops * t + phase
    rise = rng.uniform(-1.0, 1.0)
    x = width * (0.06 + 0.74 * t) + width * 0.045 * wobble * on_small(turn, math.sin)
    y = height * (0.42 - 0.26 * wobble * on_small(turn, math.cos) + 0.12 * (t - 0.5) * rise)
    tail_t = np.linspace(0.0, 1.0, 160)
    tail_x = x[-1] - width * rng.uniform(0.55, 0.8) * tail_t
    tail_y = y[-1] + height * (0.3 * on_small(math.pi * tail_t, math.sin) + 0.15 * tail_t)
    path = np.stack([np.concatenate([x, tail_x]), np.concatenate([y, tail_y])], axis=1)
    slant = rng.uniform(-0.35, 0.1)
    path[:, 0] += slant * (path[:, 1] - height / 2)
    return path


def signature_ink(rng: np.random.Generator, mark: SignatureMark, dpi: int) -> Array:
    w, h = round(px(mark.width, dpi)), round(px(mark.height, dpi))
    canvas = np.zeros((h, w), dtype=np.uint8)
    path = signature_stroke(rng, w, h)
    pen = max(2, round(0.35 * MM * dpi / 72))
    cv2.polylines(canvas, [np.round(path * 16).astype(np.int32)], False, 255, pen, cv2.LINE_AA, 4)
    coverage = canvas.astype(np.float32) / 255.0
    pressure = 0.75 + 0.25 * smooth_field(rng, (h, w), 8).clip(-1, 1)
    return coverage * pressure


def star_points(
    cx: float, cy: float, radius: float, turn: float = 0.0
) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.382
        a = turn + i * math.pi / 5
        points.append((cx + r * math.sin(a), cy - r * math.cos(a)))
    return points


def ring_letter_size(text: str, radius: float, largest: float) -> float:
    """Letters as large as fit once around the ring, but no larger than ``largest``."""
    unit = font(Face.BOLD, 100.0)
    ems = sum(unit.getlength(c) / 100 if c != STAR else 0.9 for c in text) + 0.12 * len(text)
    return min(largest, 2 * math.pi * radius / ems)


def ring_text(
    draw: ImageDraw.ImageDraw,
    sheet: Image.Image,
    text: str,
    centre: float,
    radius: float,
    size: float,
) -> None:
    """Letters around a circle, their tops outwards, spread evenly over the whole ring."""
    face = font(Face.BOLD, size)
    advances = [face.getlength(c) if c != STAR else size * 0.9 for c in text]
    gap = size * 0.12
    total = sum(advances) + gap * len(text)
    angle = 0.0
    for char, advance in zip(text, advances, strict=True):
        mid = (angle + (advance + gap) / 2) / total * 2 * math.pi
        angle += advance + gap
        cx = centre + radius * math.sin(mid)
        cy = centre - radius * math.cos(mid)
        if char == STAR:
            draw.polygon(star_points(cx, cy, size * 0.42, mid), fill=255)
            continue
        if char == " ":
            continue
        glyph = Image.new("L", (round(size * 2), round(size * 2)), 0)
        ImageDraw.Draw(glyph).text(
            (glyph.width / 2, glyph.height / 2), char, font=face, fill=255, anchor="mm"
        )
        turned = glyph.rotate(-math.degrees(mid), resample=Image.Resampling.BICUBIC)
        sheet.paste(255, (round(cx - turned.width / 2), round(cy - turned.height / 2)), turned)


def seal_ink(rng: np.random.Generator, mark: SealMark, dpi: int) -> Array:
    """A round seal: thick outer ring, the agency name around it, a star in the middle."""
    r = px(mark.radius, dpi)
    size = round(2 * r + 8)
    c = size / 2
    sheet = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(sheet)

    def ring(radius: float, width: float) -> None:
        draw.ellipse(
            [c - radius, c - radius, c + radius, c + radius], outline=255, width=round(width)
        )

    ring(r, r * 0.055)
    ring(r * 0.90, r * 0.014)
    ring(r * 0.58, r * 0.02)
    text = mark.ring_text + " "
    ring_text(draw, sheet, text, c, r * 0.74, ring_letter_size(text, r * 0.74, r * 0.25))
    draw.polygon(star_points(c, c, r * 0.34), fill=255)
    sheet = sheet.rotate(rng.uniform(-35, 35), resample=Image.Resampling.BICUBIC)
    coverage = np.asarray(sheet, dtype=np.float32) / 255.0
    mottle = 0.72 + 0.3 * smooth_field(rng, (size, size), 10) + rng.normal(0, 0.08, (size, size))
    tilt = np.linspace(rng.uniform(0.75, 0.95), 1.0, size, dtype=np.float32)
    tilt = tilt[None, :] if rng.random() < 0.5 else tilt[:, None]
    inked: Array = (coverage * mottle.clip(0.25, 1.0) * tilt * 0.88).astype(np.float32)
    return inked


def sign_and_stamp(page: Array, plan: PagePlan, rng: np.random.Generator, dpi: int) -> None:
    """Signatures first, then the seal over them, as the clerk does it."""
    sig_colour = PHOTOCOPY_GREY if plan.photocopy else BALLPOINT_BLUE
    seal_colour = PHOTOCOPY_GREY if plan.photocopy else SEAL_RED
    for mark in plan.marks:
        if isinstance(mark, SignatureMark):
            jitter = rng.normal(0, 2.0, 2)
            top = round(px(mark.y + jitter[0], dpi))
            left = round(px(mark.x + jitter[1], dpi))
            lay_ink(page, signature_ink(rng, mark, dpi), sig_colour, top, left)
    for mark in plan.marks:
        if isinstance(mark, SealMark):
            coverage = seal_ink(rng, mark, dpi)
            jitter = rng.normal(0, 3.0, 2)
            top = round(px(mark.y + jitter[0], dpi) - coverage.shape[0] / 2)
            left = round(px(mark.x + jitter[1], dpi) - coverage.shape[1] / 2)
            lay_ink(page, coverage, seal_colour, top, left)


# --- paper and scanner ------------------------------------------------------------------------


def paper(rng: np.random.Generator, shape: tuple[int, int]) -> Array:
    """Off-white paper with a faint cloudy tone."""
    tone = np.array([0.955, 0.948, 0.925], dtype=np.float32) + rng.normal(0, 0.006, 3).astype(
        np.float32
    )
    cloud = 1.0 + 0.008 * smooth_field(rng, shape, 12)
    return (cloud[..., None] * tone).astype(np.float32)


def toner_specks(rng: np.random.Generator, shape: tuple[int, int], count: int) -> Array:
    """Dust and stray toner: a few small dark dots."""
    specks = np.zeros(shape, dtype=np.uint8)
    for _ in range(count):
        y, x = int(rng.integers(0, shape[0])), int(rng.integers(0, shape[1]))
        radius = int(rng.integers(1, 4))
        cv2.circle(specks, (x, y), radius, int(rng.integers(90, 220)), -1, cv2.LINE_AA)
    return specks.astype(np.float32) / 255.0


def skew(image: Image.Image, angle_deg: float) -> Image.Image:
    """The sheet lay slightly crooked on the glass; the lid shows at the corners."""
    lid = tuple(round(c * 255) for c in SCANNER_LID)
    return image.rotate(angle_deg, resample=Image.Resampling.BILINEAR, fillcolor=lid)


def lighting(rng: np.random.Generator, shape: tuple[int, int]) -> Array:
    """Uneven illumination: a broad falloff plus a shadow along the edge near the hinge."""
    h, w = shape
    depth = 2 * rng.uniform(0.03, 0.06)
    across_y = ((np.arange(h) / h - rng.uniform(0.3, 0.7)) ** 2).astype(np.float32)
    across_x = ((np.arange(w) / w - rng.uniform(0.3, 0.7)) ** 2).astype(np.float32)
    falloff = 1.0 - np.float32(depth) * (across_y[:, None] + across_x[None, :])
    along_x = rng.random() < 0.5
    distance = np.arange(w if along_x else h) / (0.03 * max(h, w))
    strength = rng.uniform(0.04, 0.09)
    shadow = (1.0 - strength * on_small(distance, lambda d: math.exp(-d))).astype(np.float32)
    return falloff * (shadow[None, :] if along_x else shadow[:, None])


def optics(image: Image.Image, dpi: int) -> Image.Image:
    """The lens is never perfectly sharp."""
    return image.filter(ImageFilter.GaussianBlur(0.6 * dpi / 300))


def sensor_noise(rng: np.random.Generator, page: Array) -> Array:
    """Gaussian read noise, the same in all channels (the sensor's luminance noise)."""
    noise = rng.standard_normal(page.shape[:2], dtype=np.float32)
    noise *= np.float32(0.006)
    page += noise[..., None]
    return page


def device_jpeg(image: Image.Image, quality: int = 75) -> Image.Image:
    """The scanner's own JPEG stage, for scans that are then saved losslessly (PNG, TIFF)."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    with Image.open(buffer) as compressed:
        return compressed.convert(image.mode)


def to_image(page: Array) -> Image.Image:
    return Image.fromarray(np.clip(page * 255.0 + 0.5, 0, 255).astype(np.uint8))


def to_reflectance(image: Image.Image) -> Array:
    return np.asarray(image, dtype=np.float32) / np.float32(255.0)


def scan_page(plan: PagePlan, settings: ScanSettings, rng: np.random.Generator) -> Image.Image:
    """Print, sign, stamp, then scan one page at the given resolution."""
    dpi = settings.dpi
    width, height = page_pixels(plan, dpi)
    shape = (height, width)
    page = paper(rng, shape)
    if not plan.blank:
        ink = print_text(plan, dpi)
        if plan.photocopy:
            ink = np.maximum(ink, toner_specks(rng, shape, 160))
        lay_ink(page, ink, TONER)
        sign_and_stamp(page, plan, rng, dpi)
    lay_ink(page, toner_specks(rng, shape, 6), (0.35, 0.34, 0.33))
    on_glass = optics(skew(to_image(page), float(rng.uniform(-1.3, 1.3))), dpi)
    lit = to_reflectance(on_glass) * lighting(rng, shape)[..., None]
    scanned = to_image(sensor_noise(rng, lit))
    return scanned if settings.colour else scanned.convert("L")
