"""Scanning a page plan the way real centres scan: every degradation chosen and recorded.

``samples/scangen/scanner.py`` prints, signs and stamps the page; this module scans it with the
degradations the benchmark asks for, each one a parameter of ``PageScan`` so that the ground
truth can say exactly what was done to every page:

- skew up to ±5° (counter-clockwise positive, as ``PIL.Image.rotate``), the lid in the corners;
- the sheet fed sideways or upside down (a 90/180/270° turn after scanning);
- 200 or 300 dpi; colour, greyscale, or the scanner's black-and-white mode (a fixed threshold);
- JPEG artefacts at a low quality, sensor noise, strongly uneven lighting, dark borders where
  the scanner saw past the sheet's edge.

As in scangen, whole-page arithmetic is plain IEEE multiplies and adds so the bytes do not
depend on the CPU.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from enum import StrEnum

import numpy as np
from PIL import Image
from scangen.layout import PagePlan, SealMark, SignatureMark
from scangen.scanner import (
    TONER,
    lay_ink,
    lighting,
    optics,
    page_pixels,
    paper,
    print_text,
    sign_and_stamp,
    skew,
    to_image,
    to_reflectance,
    toner_specks,
)


class ColourMode(StrEnum):
    COLOUR = "colour"
    GREY = "grey"
    BLACK_AND_WHITE = "bw"


BW_THRESHOLD = 128
NORMAL_NOISE = 0.006


@dataclass(frozen=True)
class PageScan:
    """Everything done to one page between the printed sheet and the file."""

    dpi: int
    colour: ColourMode
    skew_degrees: float
    turned_clockwise: int
    jpeg_quality: int | None
    noise: float
    uneven_light: float
    dark_border_sides: tuple[str, ...]

    @property
    def upright_rotation(self) -> int:
        """The clockwise rotation that makes the page upright again (the sidecar's
        ``rotation``)."""
        return (360 - self.turned_clockwise) % 360

    def record(self) -> dict[str, object]:
        return {**asdict(self), "dark_border_sides": list(self.dark_border_sides)}


def page_tags(scan: PageScan, plan: PagePlan) -> list[str]:
    """The degradation groups a page belongs to, for the benchmark's breakdown."""
    tags = [f"dpi{scan.dpi}", scan.colour.value]
    if scan.turned_clockwise:
        tags += ["rotated", f"rotated{scan.turned_clockwise}"]
    else:
        tags.append("upright")
    if abs(scan.skew_degrees) >= 2.0:
        tags.append("skew>=2")
    if scan.jpeg_quality is not None and scan.jpeg_quality < 50:
        tags.append("jpeg-low")
    if scan.noise > NORMAL_NOISE:
        tags.append("noise")
    if scan.uneven_light > 0:
        tags.append("uneven-light")
    if scan.dark_border_sides:
        tags.append("dark-border")
    if any(isinstance(m, SealMark) for m in plan.marks):
        tags.append("seal")
    if any(isinstance(m, SignatureMark) for m in plan.marks):
        tags.append("signature")
    if plan.photocopy:
        tags.append("photocopy")
    if plan.blank:
        tags.append("blank")
    return tags


def strong_light(shape: tuple[int, int], depth: float, from_left: bool) -> np.ndarray:
    """A lamp that fades across the page (a lifted lid, a curled sheet): 1 down to 1-depth."""
    h, w = shape
    ramp = np.linspace(0.0, 1.0, w, dtype=np.float32)
    if not from_left:
        ramp = ramp[::-1]
    fade = np.float32(1.0) - np.float32(depth) * ramp * ramp
    return np.broadcast_to(fade[None, :], (h, w))


def dark_borders(
    page: np.ndarray, sides: tuple[str, ...], rng: np.random.Generator, skew_degrees: float
) -> None:
    """Where the scanner saw past the sheet: dark bands along some edges, in place."""
    h, w = page.shape[:2]
    slope = math.tan(math.radians(skew_degrees))
    ys = np.arange(h, dtype=np.float32)[:, None]
    xs = np.arange(w, dtype=np.float32)[None, :]
    for side in sides:
        depth = float(rng.uniform(0.012, 0.045)) * (w if side in ("left", "right") else h)
        shade = np.float32(rng.uniform(0.06, 0.2))
        if side == "left":
            mask = xs < np.float32(depth) + np.float32(slope) * (ys - h / 2)
        elif side == "right":
            mask = xs > np.float32(w - depth) + np.float32(slope) * (ys - h / 2)
        elif side == "top":
            mask = ys < np.float32(depth) - np.float32(slope) * (xs - w / 2)
        else:
            mask = ys > np.float32(h - depth) - np.float32(slope) * (xs - w / 2)
        page[mask] = shade


def scan(plan: PagePlan, settings: PageScan, rng: np.random.Generator) -> Image.Image:
    """Print, sign, stamp and scan one page with the given degradations (all but the JPEG
    compression, which the file writer applies at ``settings.jpeg_quality``)."""
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
    lay_ink(page, toner_specks(rng, shape, 6 if not plan.blank else 40), (0.35, 0.34, 0.33))
    on_glass = optics(skew(to_image(page), settings.skew_degrees), dpi)
    light = lighting(rng, shape)
    if settings.uneven_light > 0:
        light = light * strong_light(shape, settings.uneven_light, bool(rng.random() < 0.5))
    lit = to_reflectance(on_glass) * light[..., None]
    dark_borders(lit, settings.dark_border_sides, rng, settings.skew_degrees)
    noise = rng.standard_normal(shape, dtype=np.float32) * np.float32(settings.noise)
    lit += noise[..., None]
    image = to_image(lit)
    if settings.colour is not ColourMode.COLOUR:
        image = image.convert("L")
    if settings.colour is ColourMode.BLACK_AND_WHITE:
        image = Image.fromarray(np.asarray(image) > BW_THRESHOLD)
    return turn(image, settings.turned_clockwise)


def turn(image: Image.Image, clockwise: int) -> Image.Image:
    """The sheet went through the feeder sideways or upside down."""
    match clockwise % 360:
        case 0:
            return image
        case 90:
            return image.transpose(Image.Transpose.ROTATE_270)
        case 180:
            return image.transpose(Image.Transpose.ROTATE_180)
        case 270:
            return image.transpose(Image.Transpose.ROTATE_90)
    raise ValueError(f"a page turns by a multiple of 90°, not {clockwise}")
