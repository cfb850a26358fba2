"""The image Tesseract reads, made from the page scan: each step a small function over pixels.

Only the OCR image is changed; the stored page keeps the scan's colour and pixels. The one
exception is orientation: a page found sideways or upside down is stored upright by turning it
(the PDF page's /Rotate), so `prepare` reports the clockwise quarter turn it applied and the
word boxes are given in the raster of the upright page. A deskew is not stored: the boxes read
from the deskewed image are turned back onto the upright page (`boxes_on_page`).

Working copies for the measurements (orientation, skew) are binary images at about 150 dpi:
enough to see text lines and the ink above and below them, and cheap to project.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from pipeline.settings import PreprocessSettings
from pipeline.values import BoundingBox, Word

Image = npt.NDArray[Any]

WORKING_DPI = 150
PAPER_WHITE = 255
MAX_SKEW_DEGREES = 10.0
COARSE_STEP_DEGREES = 1.0
MIDDLE_STEP_DEGREES = 0.25
FINE_STEP_DEGREES = 0.05
# Ink pixels used to score a skew angle; more only slows the projection down.
SKEW_SAMPLE_POINTS = 30_000
# A dark region touching the edge is a scanner margin when it runs along a fifth of that edge.
BORDER_SHARE_OF_EDGE = 0.2
BORDER_DARKNESS = 0.5
# Letter-sized connected components at WORKING_DPI (an A4 page is about 1240 x 1754 px there).
MIN_LETTER_AREA = 5
LETTER_MAX_SHARE_OF_WIDTH = 0.06
LETTER_MAX_SHARE_OF_HEIGHT = 0.04
# Ink above a text line's core over ink below it: about 2 or more upright, 1/2 or less flipped
# (measured over the samples and the evaluation set); nearer 1 the page is checked by reading.
UPRIGHT_MARGIN = 1.5
# Lines are profiled in vertical strips about an inch wide: blocks side by side (recipients on
# the left, the signer on the right) then do not merge into one "line", and a skew left over
# after levelling moves a line by a fraction of a pixel across a strip instead of several.
LINE_STRIP_INCHES = 1.0
# Fewer line pieces than this (a signature page, "Nơi nhận" alone) are too little evidence:
# such a page is checked by reading it both ways up, however clear its ratio.
MIN_LINE_PIECES = 20
# The sample of a page read both ways up: the band this tall with the most letters in it.
READING_SAMPLE_INCHES = 2.5


@dataclass(frozen=True)
class Orientation:
    """The clockwise quarter turn that makes the page upright, and the skew left after it."""

    rotation: int
    skew_degrees: float
    confident: bool


@dataclass(frozen=True)
class Prepared:
    """The OCR image and how it relates to the upright page.

    ``image`` is the upright page at ``dpi``, turned by ``deskew_degrees`` about its centre
    (same size); ``rotation`` is the clockwise turn applied to the scan to make it upright.
    """

    image: Image
    dpi: float
    rotation: int
    deskew_degrees: float

    @property
    def width_px(self) -> int:
        return int(self.image.shape[1])

    @property
    def height_px(self) -> int:
        return int(self.image.shape[0])


# --- the whole preparation ---------------------------------------------------------------------


def prepare(
    scan: Image,
    dpi: float,
    max_dpi: int,
    steps: PreprocessSettings,
    osd: OsdReader | None = None,
    judge: ReadingJudge | None = None,
) -> Prepared:
    """The OCR image of a scan (greyscale, or BGR colour when ink suppression may use it)."""
    grey, dpi = cleaned(scan, dpi, max_dpi, steps)
    return straightened(grey, dpi, steps, osd, judge)


def cleaned(
    scan: Image, dpi: float, max_dpi: int, steps: PreprocessSettings
) -> tuple[Image, float]:
    """The first steps, before anything is measured: coloured ink faded, the reading
    resolution, the scanner's margins painted white. Blank pages are judged on this image."""
    grey = ink_suppressed(scan) if steps.suppress_colour_ink else to_grey(scan)
    grey, dpi = at_reading_resolution(grey, dpi, max_dpi, steps.min_dpi)
    if steps.remove_borders:
        grey = without_borders(grey)
    return grey, dpi


def straightened(
    grey: Image,
    dpi: float,
    steps: PreprocessSettings,
    osd: OsdReader | None = None,
    judge: ReadingJudge | None = None,
) -> Prepared:
    """The rest: turned upright, deskewed, background and binarisation as switched on.

    A page the OpenCV measure cannot tell is read both ways up by ``judge`` when there is one,
    else asked of Tesseract's OSD (``osd``), which every page is asked of in "osd" mode.
    """
    orientation = Orientation(0, 0.0, True)
    if steps.orientation != "off" or steps.deskew:
        orientation = measure_orientation(grey, dpi, steps.orientation != "off")
    unsure = steps.orientation == "opencv" and not orientation.confident
    if unsure and judge is not None:
        orientation = checked_by_reading(grey, dpi, orientation, judge)
        unsure = False
    skew = orientation.skew_degrees
    ask_osd = steps.orientation == "osd" or unsure
    if ask_osd and osd is not None:
        turn = osd(grey, dpi)
        if (turn - orientation.rotation) % 180:
            skew = measure_skew(working_binary(turned_clockwise(grey, turn), dpi))
        orientation = Orientation(turn, skew, True)
    grey = turned_clockwise(grey, orientation.rotation)
    deskew = 0.0
    if steps.deskew and abs(skew) >= steps.deskew_min_degrees:
        deskew = -skew
        grey = rotated(grey, deskew)
    if steps.normalise_background:
        grey = background_normalised(grey, dpi)
    if steps.binarise:
        grey = binarised(grey)
    return Prepared(grey, dpi, orientation.rotation, deskew)


# Reads the clockwise turn that makes a greyscale page upright (Tesseract's OSD).
OsdReader = Callable[[Image, float], int]
# Reads a levelled sample of a page as it is and upside down: 0 or 180, whichever reads as
# Vietnamese; None when neither does.
ReadingJudge = Callable[[Image, float], int | None]


# --- colour, resolution, borders ---------------------------------------------------------------


def to_grey(scan: Image) -> Image:
    if scan.ndim == 2:
        return scan
    grey: Image = cv2.cvtColor(scan, cv2.COLOR_BGR2GRAY)
    return grey


def ink_suppressed(scan: Image) -> Image:
    """Greyscale in which coloured ink (a red seal, a blue signature) is as light as paper.

    Each pixel takes its brightest channel: red ink is bright in red, blue ink in blue, so both
    fade to the paper, while black text, even printed under the seal, stays dark in every
    channel. Greyscale scans are returned as they are.
    """
    if scan.ndim == 2:
        return scan
    # Pairwise maxima of the channels: numpy's max over the channel axis is 30 times slower.
    brightest: Image = np.maximum(np.maximum(scan[:, :, 0], scan[:, :, 1]), scan[:, :, 2])
    return brightest


def at_reading_resolution(
    grey: Image, dpi: float, max_dpi: int, min_dpi: int
) -> tuple[Image, float]:
    """Scaled down to ``max_dpi`` when finer, up to ``min_dpi`` when coarser (0: never up)."""
    if dpi > max_dpi:
        target = float(max_dpi)
    elif min_dpi and dpi < min_dpi:
        target = float(min_dpi)
    else:
        return grey, dpi
    scale = target / dpi
    size = (max(1, round(grey.shape[1] * scale)), max(1, round(grey.shape[0] * scale)))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    resized: Image = cv2.resize(grey, size, interpolation=interpolation)
    return resized, target


def without_borders(grey: Image) -> Image:
    """The scanner's dark margins painted paper-white.

    A margin is a dark region touching an edge of the image and running along at least a fifth
    of it; letters touching the edge are far shorter, so they are kept.
    """
    # Margins are large: every fourth pixel or so shows them, with no averaging to pay for.
    small, _ = _reduced(grey, 600, cv2.INTER_NEAREST)
    paper = float(np.percentile(small, 90))
    dark = (small < paper * BORDER_DARKNESS).astype(np.uint8)
    if not (dark[0].any() or dark[-1].any() or dark[:, 0].any() or dark[:, -1].any()):
        return grey  # nothing dark touches the edges: no margin, and no labelling to pay for
    _, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=4)
    height, width = small.shape
    left, top = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    touches_side = (left == 0) | (left + w == width)
    touches_end = (top == 0) | (top + h == height)
    margins = (touches_side & (h >= BORDER_SHARE_OF_EDGE * height)) | (
        touches_end & (w >= BORDER_SHARE_OF_EDGE * width)
    )
    margins[0] = False
    if not margins.any():
        return grey
    mask = margins[labels].astype(np.uint8)
    # A little wider than found: the margin's soft edge is darker than the paper too.
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    full = cv2.resize(mask, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST)
    cleaned = grey.copy()
    cleaned[full > 0] = PAPER_WHITE
    return cleaned


# --- orientation and skew -------------------------------------------------------------------


def working_binary(grey: Image, dpi: float) -> Image:
    """Letters as 1, paper as 0, at about WORKING_DPI.

    Whatever is not shaped like a letter is left out: specks (photocopy toner, dust), and
    anything longer or taller than letters are (rules, underlines, the sheet's edge against the
    scanner lid, a seal's ring, a signature), which would pull the projections off the lines.
    """
    small, _ = _reduced(grey, max(1, round(grey.shape[1] * min(1.0, WORKING_DPI / dpi))))
    block = _odd(max(15, round(small.shape[1] / 40)))
    ink = cv2.adaptiveThreshold(
        small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15
    )
    return _letters_only(ink)


def _letters_only(ink: Image) -> Image:
    height, width = ink.shape
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    w, h, area = (
        stats[:, cv2.CC_STAT_WIDTH],
        stats[:, cv2.CC_STAT_HEIGHT],
        stats[:, cv2.CC_STAT_AREA],
    )
    letters = (
        (area >= MIN_LETTER_AREA)
        & (w <= LETTER_MAX_SHARE_OF_WIDTH * width)
        & (h <= LETTER_MAX_SHARE_OF_HEIGHT * height)
    )
    letters[0] = False
    kept: Image = letters[labels].astype(np.uint8)
    return kept


def measure_orientation(grey: Image, dpi: float, find_rotation: bool = True) -> Orientation:
    """The quarter turn and skew of a page, from its text lines.

    Text lines make the ink's projection across them sharply peaked; the axis (and angle) with
    the sharper projection is the one the lines run along. Which way up they read is told by
    the ink above and below each line's core band: capitals, ascenders and Vietnamese tone
    marks put far more ink above the core than descenders put below it.
    """
    ink = working_binary(grey, dpi)
    ink_dpi = dpi * ink.shape[1] / grey.shape[1]
    points = _ink_points(ink)
    if len(points) < 50:
        return Orientation(0, 0.0, False)
    across, across_score = _best_angle(points, vertical=False)
    if not find_rotation:
        return Orientation(0, _refined_angle(points, across, vertical=False), True)
    _, down_score = _best_angle(points, vertical=True)
    sideways = down_score > across_score
    if sideways:
        ink = turned_clockwise(ink, 90)
        skew = measure_skew(ink)
    else:
        skew = _refined_angle(points, across, vertical=False)
    level = rotated(ink * 255, -skew, fill=0) > 127
    lines = ink_above_and_below_lines(level.astype(np.uint8), round(LINE_STRIP_INCHES * ink_dpi))
    flipped = lines.below > lines.above
    ratio = (max(lines.above, lines.below) + 1) / (min(lines.above, lines.below) + 1)
    rotation = (90 if sideways else 0) + (180 if flipped else 0)
    confident = ratio >= UPRIGHT_MARGIN and lines.pieces >= MIN_LINE_PIECES
    # Half a turn leaves the slope of a line as it was.
    return Orientation(rotation, skew, confident)


def checked_by_reading(
    grey: Image, dpi: float, orientation: Orientation, judge: ReadingJudge
) -> Orientation:
    """The measured orientation, or half a turn from it, whichever reads as text.

    The text lines' axis is clear even on a near-empty page; which way up they read is what
    a few short lines cannot show by their shape. So a sample of them, turned as measured and
    levelled, is read both ways up. When neither reads, the measure stands, unsure.
    """
    level = rotated(turned_clockwise(grey, orientation.rotation), -orientation.skew_degrees)
    sample = text_sample(background_normalised(level, dpi), dpi)
    turn = None if sample is None else judge(sample, dpi)
    if turn is None:
        return orientation
    # Half a turn leaves the slope of a line as it was.
    return Orientation((orientation.rotation + turn) % 360, orientation.skew_degrees, True)


def text_sample(grey: Image, dpi: float) -> Image | None:
    """The part of a levelled page worth reading to tell which way up it is: the band
    READING_SAMPLE_INCHES tall holding the most letters, cut to the words in it.

    Words are letters run together along a line; a lone speck of noise is no word, so it does
    not widen the sample. None when the page has no words.
    """
    letters = working_binary(grey, dpi)
    scale = grey.shape[1] / letters.shape[1]
    ink_dpi = dpi / scale
    words = _word_boxes(letters, ink_dpi)
    if not len(words):
        return None
    left, top, width, height = words[:, 0], words[:, 1], words[:, 2], words[:, 3]
    band_top, band_bottom = _busiest_band(words, letters.shape[0], ink_dpi)
    inside = (top < band_bottom) & (top + height > band_top)
    pad = round(0.1 * ink_dpi)
    y0 = max(0, max(band_top, int(top[inside].min())) - pad)
    y1 = min(letters.shape[0], min(band_bottom, int((top + height)[inside].max())) + pad)
    x0 = max(0, int(left[inside].min()) - pad)
    x1 = min(letters.shape[1], int((left + width)[inside].max()) + pad)
    sample: Image = grey[
        round(y0 * scale) : round(y1 * scale), round(x0 * scale) : round(x1 * scale)
    ]
    return np.ascontiguousarray(sample)


def _word_boxes(letters: Image, ink_dpi: float) -> npt.NDArray[np.int64]:
    """Left, top, width, height and letter pixels of each word of a binary letters image."""
    gap = _odd(max(3, round(0.06 * ink_dpi)))
    joined = cv2.dilate(letters, np.ones((1, gap), np.uint8))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    width, height = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    is_word = (width >= 0.15 * ink_dpi) & (width >= 2 * height)
    is_word[0] = False
    inked = np.bincount(labels[letters > 0], minlength=len(stats))
    boxes: npt.NDArray[np.int64] = np.column_stack((stats[:, :4], inked))[is_word].astype(np.int64)
    return boxes


def _busiest_band(words: npt.NDArray[np.int64], rows: int, ink_dpi: float) -> tuple[int, int]:
    """The rows of the READING_SAMPLE_INCHES tall band whose words hold the most letter ink
    (each word's ink counted along its height)."""
    ink_by_row = np.zeros(rows + 1)
    for _, top, _, height, inked in words:
        ink_by_row[top : top + height] += inked / height
    band = max(1, min(rows, round(READING_SAMPLE_INCHES * ink_dpi)))
    totals = np.convolve(ink_by_row[:rows], np.ones(band), mode="valid")
    top = int(np.argmax(totals))
    return top, top + band


def measure_skew(ink: Image) -> float:
    """Degrees the text lines of a binary image rise counter-clockwise (within ±10°)."""
    points = _ink_points(ink)
    if len(points) < 50:
        return 0.0
    coarse, _ = _best_angle(points, vertical=False)
    return _refined_angle(points, coarse, vertical=False)


@dataclass(frozen=True)
class LineInk:
    """Ink above and below the core bands of the line pieces of a page, and how many pieces."""

    above: float
    below: float
    pieces: int


def ink_above_and_below_lines(ink: Image, strip_width: int) -> LineInk:
    """Ink rows above and below the core band of each text line of an upright binary image.

    Each vertical strip ``strip_width`` wide is profiled on its own. A run of inked rows is a
    line piece when its core (the rows at least half as inked as its fullest) is one band; a
    run whose core falls apart is several lines run together (tight leading, noise between
    them) and says nothing about which way up they are.
    """
    above = below = 0.0
    pieces = 0
    for left in range(0, ink.shape[1], max(1, strip_width)):
        rows = ink[:, left : left + strip_width].sum(axis=1).astype(np.float64)
        has_ink = rows > max(2.0, 0.05 * float(rows.max(initial=0)))
        for start, stop in _runs(has_ink):
            profile = rows[start:stop]
            if len(profile) < 6:
                continue
            core = np.flatnonzero(profile >= 0.5 * profile.max())
            if core[-1] - core[0] + 1 != len(core):
                continue
            above += float(profile[: core[0]].sum())
            below += float(profile[core[-1] + 1 :].sum())
            pieces += 1
    return LineInk(above, below, pieces)


def _ink_points(ink: Image) -> npt.NDArray[np.float64]:
    ys, xs = np.nonzero(ink)
    if len(xs) > SKEW_SAMPLE_POINTS:
        step = len(xs) // SKEW_SAMPLE_POINTS + 1
        ys, xs = ys[::step], xs[::step]
    return np.column_stack((xs, ys)).astype(np.float64)


def _projection_sharpness(points: npt.NDArray[np.float64], degrees: float, vertical: bool) -> float:
    """How peaked the ink's projection is across lines turned by ``degrees``.

    Lines rising counter-clockwise by ``degrees`` (y down) lie along y + x·tan = const.
    """
    x, y = points[:, 0], points[:, 1]
    if vertical:
        x, y = y, -x
    angle = math.radians(degrees)
    offsets = y * math.cos(angle) + x * math.sin(angle)
    counts = np.bincount((offsets - offsets.min()).astype(np.int64))
    return float(np.dot(counts, counts)) / len(points)


def _best_angle(points: npt.NDArray[np.float64], vertical: bool) -> tuple[float, float]:
    angles = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, COARSE_STEP_DEGREES)
    scores = [_projection_sharpness(points, float(a), vertical) for a in angles]
    best = int(np.argmax(scores))
    return float(angles[best]), scores[best]


def _refined_angle(points: npt.NDArray[np.float64], coarse: float, vertical: bool) -> float:
    """The sharpest angle near ``coarse``, searched in ever finer steps."""
    best = coarse
    for span, step in (
        (COARSE_STEP_DEGREES, MIDDLE_STEP_DEGREES),
        (MIDDLE_STEP_DEGREES, FINE_STEP_DEGREES),
    ):
        angles = np.arange(best - span, best + span + 1e-9, step)
        scores = [_projection_sharpness(points, float(a), vertical) for a in angles]
        best = float(angles[int(np.argmax(scores))])
    return round(best, 2)


# --- geometry --------------------------------------------------------------------------------


def turned_clockwise(image: Image, degrees: int) -> Image:
    quarter_turns = (degrees // 90) % 4
    if quarter_turns == 0:
        return image
    turned: Image = np.ascontiguousarray(np.rot90(image, k=-quarter_turns))
    return turned


def rotated(image: Image, degrees: float, fill: int = PAPER_WHITE) -> Image:
    """Turned counter-clockwise by ``degrees`` about the centre, same size, corners filled."""
    if degrees == 0:
        return image
    matrix = _turn_matrix(image.shape[1], image.shape[0], degrees)
    turned: Image = cv2.warpAffine(
        image,
        matrix,
        (image.shape[1], image.shape[0]),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=fill,
    )
    return turned


def boxes_on_page(words: tuple[Word, ...], prepared: Prepared) -> tuple[Word, ...]:
    """Words read from the deskewed OCR image, placed on the upright (not deskewed) page.

    Each box keeps its size and has its centre turned back; for the small angles of a skew
    that is the word's place on the page.
    """
    if prepared.deskew_degrees == 0:
        return words
    undo = _turn_matrix(prepared.width_px, prepared.height_px, -prepared.deskew_degrees)
    placed = []
    for word in words:
        box = word.box
        cx = box.left + box.width / 2
        cy = box.top + box.height / 2
        x = float(undo[0, 0] * cx + undo[0, 1] * cy + undo[0, 2])
        y = float(undo[1, 0] * cx + undo[1, 1] * cy + undo[1, 2])
        moved = BoundingBox(x - box.width / 2, y - box.height / 2, box.width, box.height)
        placed.append(
            Word(word.text, moved, word.confidence, word.block, word.paragraph, word.line)
        )
    return tuple(placed)


def _turn_matrix(width: int, height: int, degrees: float) -> Image:
    matrix: Image = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return matrix


# --- illumination and binarisation -----------------------------------------------------------


def background_normalised(grey: Image, dpi: float) -> Image:
    """Uneven lighting and tinted paper divided out: the paper becomes white everywhere.

    The background is the page with its ink closed over (a closing wider than a stroke),
    estimated at a quarter of the resolution and smoothed.
    """
    small, _ = _reduced(grey, max(1, grey.shape[1] // 4))
    kernel = cv2.getStructuringElement(
        cv2.MORPH_RECT, (_odd(round(dpi / 20)), _odd(round(dpi / 20)))
    )
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    background = cv2.medianBlur(background, 5)
    background = cv2.resize(
        background, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_LINEAR
    )
    normalised: Image = cv2.divide(grey, background, scale=PAPER_WHITE)
    return normalised


def binarised(grey: Image) -> Image:
    """Black ink on white paper by Otsu's threshold (best after background normalisation)."""
    _, binary = cv2.threshold(grey, 0, PAPER_WHITE, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    result: Image = binary
    return result


# --- helpers -------------------------------------------------------------------------------


def _reduced(grey: Image, width: int, interpolation: int = cv2.INTER_AREA) -> tuple[Image, float]:
    if grey.shape[1] <= width:
        return grey, 1.0
    scale = width / grey.shape[1]
    size = (width, max(1, round(grey.shape[0] * scale)))
    small: Image = cv2.resize(grey, size, interpolation=interpolation)
    return small, scale


def _runs(flags: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _odd(value: int) -> int:
    return value if value % 2 else value + 1
