"""The invisible text layer of one page, as a content stream.

Words arrive in raster pixels of the page image they were read from (origin top-left, y down).
A :class:`RasterFrame` says how that raster lies on the page: the raster is what a renderer
shows of the page's CropBox after applying /Rotate, as ``pdftoppm -cropbox`` draws it (plain
pdftoppm renders the MediaBox). The layer first concatenates the matrix from that displayed
frame (points, origin bottom-left, y up) to user space, so every word is then placed in
displayed coordinates and reads upright whatever the page's rotation.

Each word is shown in text rendering mode 3 (neither fill nor stroke), spanning its box's width
through the horizontal scaling (Tz). All words of a line share one baseline and font size:
sizing each word by its own box would give "-" or "a" a far smaller font and a higher baseline
than "Đường", and poppler then splits the line into fragments at every such word. The baseline
follows the line's skew (see `_Baseline`), so the lines of a skewed scan do not overlap; lines
that run down, up or leftwards (a sideways page, a vertical stamp) are drawn turned. Between
the words of a line a space character is shown whose advance spans the gap, and each word ends
a little before the next begins, so that extractors see the same words Tesseract read.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import SupportsFloat

from pipeline.errors import AssemblyError
from pipeline.keep.glyphless import SPACE, CharacterCodes
from pipeline.values import PageText, Word, nfc

INVISIBLE = 3
MIN_FONT_SIZE = 0.5
# Poppler separates two words by a space where their glyphs are a tenth of an em apart.
WORD_GAP_EM = 0.2
MIN_WORD_WIDTH_EM = 0.1
# Poppler breaks a word where one glyph's origin climbs half an em or more above the previous
# glyph's, measured square to the page, so along a sloping baseline a glyph may advance only so
# far: a two-letter word stretched over a seal's width on a steep "line" would come apart.
MAX_GLYPH_CLIMB_EM = 0.4
ASPECT_TOLERANCE = 0.02

Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True)
class Rectangle:
    """A page box in user space, normalised so that ``llx < urx`` and ``lly < ury``."""

    llx: float
    lly: float
    urx: float
    ury: float

    @classmethod
    def from_pdf(cls, values: Iterable[SupportsFloat]) -> Rectangle:
        x0, y0, x1, y1 = (float(v) for v in values)
        return cls(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    @property
    def width(self) -> float:
        return self.urx - self.llx

    @property
    def height(self) -> float:
        return self.ury - self.lly

    def intersection(self, other: Rectangle) -> Rectangle:
        return Rectangle(
            max(self.llx, other.llx),
            max(self.lly, other.lly),
            max(min(self.urx, other.urx), max(self.llx, other.llx)),
            max(min(self.ury, other.ury), max(self.lly, other.lly)),
        )


@dataclass(frozen=True)
class RasterFrame:
    """How a raster of ``width_px`` x ``height_px`` pixels lies on a page.

    ``width`` and ``height`` are the displayed page size in points (after /Rotate);
    ``to_user_space`` maps displayed points to the page's user space.
    """

    width: float
    height: float
    width_px: float
    height_px: float
    to_user_space: Matrix

    @property
    def x_scale(self) -> float:
        """Points per raster pixel across."""
        return self.width / self.width_px

    @property
    def y_scale(self) -> float:
        """Points per raster pixel down."""
        return self.height / self.height_px


def raster_frame(
    crop_box: Rectangle, rotate: int, width_px: float, height_px: float
) -> RasterFrame:
    """The frame of a raster rendered from ``crop_box`` with the page rotated by ``rotate``."""
    if rotate % 90 != 0:
        raise AssemblyError(
            f"page rotation {rotate}° is not a multiple of 90°",
            advice="This is a defect in the input or in sohoa; report it with the input file.",
        )
    if width_px <= 0 or height_px <= 0:
        raise AssemblyError(
            f"the page was read from an empty raster ({width_px} x {height_px} px)",
            advice="This is a defect in sohoa; report it with the input file.",
        )
    rotate %= 360
    quarter_turned = rotate in (90, 270)
    width = crop_box.height if quarter_turned else crop_box.width
    height = crop_box.width if quarter_turned else crop_box.height
    return RasterFrame(
        width=width,
        height=height,
        width_px=width_px,
        height_px=height_px,
        to_user_space=_displayed_to_user_space(crop_box, rotate),
    )


def _displayed_to_user_space(box: Rectangle, rotate: int) -> Matrix:
    # /Rotate turns the page clockwise for display; undo that turn, then shift to the box origin.
    if rotate == 90:
        return (0.0, 1.0, -1.0, 0.0, box.urx, box.lly)
    if rotate == 180:
        return (-1.0, 0.0, 0.0, -1.0, box.urx, box.ury)
    if rotate == 270:
        return (0.0, -1.0, 1.0, 0.0, box.llx, box.ury)
    return (1.0, 0.0, 0.0, 1.0, box.llx, box.lly)


def check_raster_matches(frame: RasterFrame, page: PageText, page_number: int) -> None:
    """Refuse a raster whose shape is not the displayed page's: the words would land elsewhere."""
    ratio = frame.x_scale / frame.y_scale
    if abs(math.log(ratio)) > ASPECT_TOLERANCE:
        raise AssemblyError(
            f"page {page_number}: the text was read from a {page.width_px:g} x "
            f"{page.height_px:g} px raster, which does not have the shape of the page as "
            f"displayed ({frame.width:.1f} x {frame.height:.1f} pt, rotation included)",
            advice="This is a defect in sohoa (page rotation between reading and "
            "assembly); report it with the input file.",
        )


def text_layer(
    page: PageText,
    frame: RasterFrame,
    font: str,
    codes: CharacterCodes,
    glyph_width: float,
) -> bytes:
    """The content stream showing ``page``'s words invisibly, wrapped in q/Q."""
    typesetter = _Typesetter(frame, font, codes, em_advance=glyph_width / 1000)
    operators = ["q", f"{_operands(frame.to_user_space)} cm", "BT", f"{INVISIBLE} Tr"]
    for line in page.lines:
        operators += typesetter.show_line([w for w in line if w.text.strip()])
    operators += ["ET", "Q"]
    return ("\n".join(operators) + "\n").encode("ascii")


@dataclass(frozen=True)
class _Typesetter:
    frame: RasterFrame
    font: str
    codes: CharacterCodes
    em_advance: float

    def show_line(self, words: list[Word]) -> list[str]:
        if not words:
            return []
        if not _runs_left_to_right(words):
            if _runs_rightwards_too_steeply(words):
                return self.show_apart(words)
            return [op for word in words for op in self.show_turned_word(word, _turn(words))]
        baseline = _Baseline.of(words, self.frame)
        size = self._size(baseline)
        spans = self._spans(words, size)
        operators: list[str] = [f"/{self.font} {_number(size)} Tf"]
        for position, (word, (start, end)) in enumerate(zip(words, spans, strict=True)):
            next_start = spans[position + 1][0] if position + 1 < len(spans) else None
            operators += self.show_word(word, start, end, next_start, size, baseline)
        return operators

    def show_apart(self, words: list[Word]) -> list[str]:
        """Each word level on a baseline of its own, ending a word gap (at the largest of their
        sizes) before the next begins: poppler joins neighbours whose baselines differ by less
        than half their size unless a gap lies between them."""
        baselines = [_Baseline.of([word], self.frame) for word in words]
        sizes = [self._size(baseline) for baseline in baselines]
        spans = self._spans(words, max(sizes))
        operators: list[str] = []
        for word, baseline, size, (start, end) in zip(words, baselines, sizes, spans, strict=True):
            operators.append(f"/{self.font} {_number(size)} Tf")
            operators += self.show_word(word, start, end, None, size, baseline)
        return operators

    def _size(self, baseline: _Baseline) -> float:
        return round(max(baseline.text_height * self.frame.y_scale, MIN_FONT_SIZE), 2)

    def _spans(self, words: list[Word], size: float) -> list[tuple[float, float]]:
        """Where each word's glyphs start and end along the line, in raster pixels.

        Poppler puts a space between two words only where the gap between their glyphs exceeds
        a tenth of the font size, and OCR boxes often touch or overlap ("of a", a seal's specks
        over a name). Each word therefore ends a clear gap before the next one's box, and
        starts a clear gap after the previous one's glyphs, squeezed if it must be.
        """
        gap = WORD_GAP_EM * size / self.frame.x_scale
        least = MIN_WORD_WIDTH_EM * size / self.frame.x_scale
        spans: list[tuple[float, float]] = []
        cursor = -math.inf
        for position, word in enumerate(words):
            left, right = _within(word.box.left, word.box.right, self.frame.width_px)
            start = max(left, cursor + gap)
            if position + 1 < len(words):
                right = min(right, max(words[position + 1].box.left, 0.0) - gap)
            end = max(right, start + least)
            spans.append((start, end))
            cursor = end
        return spans

    def show_word(
        self,
        word: Word,
        start: float,
        end: float,
        next_start: float | None,
        size: float,
        baseline: _Baseline,
    ) -> list[str]:
        """Tz, Tm and Tj for the word, then a space spanning the gap to the next word."""
        string = self.codes.encode(nfc(word.text.strip()))
        along = baseline.stretch
        scaling = self._horizontal_scaling(
            (end - start) * self.frame.x_scale * along, len(string) // 2, size
        )
        x = start * self.frame.x_scale
        y = self.frame.height - baseline.at(start) * self.frame.y_scale
        cos, sin = baseline.direction
        scaling = min(scaling, self._steepest_scaling(sin))
        operators = [
            f"{_number(scaling)} Tz "
            f"{_number(cos)} {_number(sin)} {_number(-sin)} {_number(cos)} "
            f"{_number(x)} {_number(y)} Tm <{string.hex()}> Tj"
        ]
        if next_start is not None:
            gap = (next_start - end) * self.frame.x_scale * along
            space = self._horizontal_scaling(max(gap, 0.0), 1, size)
            operators.append(f"{_number(space)} Tz <{self.codes.encode(SPACE).hex()}> Tj")
        return operators

    def show_turned_word(self, word: Word, turn: int) -> list[str]:
        """A word of a line that reads down (turn 90), up (270) or right to left (180).

        Such lines come from a page not yet turned upright, or a stamp printed sideways. The
        word is drawn along its line with the glyph tops facing the way the page's text does, so
        extractors see it as one rotated word, apart from its neighbours.
        """
        string = self.codes.encode(nfc(word.text.strip()))
        box, x_scale, y_scale = word.box, self.frame.x_scale, self.frame.y_scale
        if turn == 180:
            origin, height, length = (box.right, box.top), box.height * y_scale, box.width * x_scale
            matrix = (-1.0, 0.0, 0.0, -1.0)
        elif turn == 90:
            origin, height, length = (box.left, box.top), box.width * x_scale, box.height * y_scale
            matrix = (0.0, -1.0, 1.0, 0.0)
        else:
            origin, height, length = (
                (box.right, box.bottom),
                box.width * x_scale,
                box.height * y_scale,
            )
            matrix = (0.0, 1.0, -1.0, 0.0)
        size = round(max(height, MIN_FONT_SIZE), 2)
        advance = max(length - WORD_GAP_EM * size, length / 3)
        scaling = self._horizontal_scaling(advance, len(string) // 2, size)
        x, y = origin[0] * x_scale, self.frame.height - origin[1] * y_scale
        return [
            f"/{self.font} {_number(size)} Tf {_number(scaling)} Tz "
            f"{' '.join(_number(v) for v in matrix)} {_number(x)} {_number(y)} Tm "
            f"<{string.hex()}> Tj"
        ]

    def _steepest_scaling(self, sin: float) -> float:
        """The largest Tz at which each glyph climbs less than MAX_GLYPH_CLIMB_EM."""
        if abs(sin) < 1e-9:
            return math.inf
        return 100 * MAX_GLYPH_CLIMB_EM / (self.em_advance * abs(sin))

    def _horizontal_scaling(self, width: float, characters: int, size: float) -> float:
        """The Tz percentage that makes ``characters`` glyphs advance exactly ``width`` points."""
        return 100 * max(width, 0.0) / (characters * self.em_advance * size)


@dataclass(frozen=True)
class _Baseline:
    """A line's baseline in raster pixels: ``y = intercept + slope * x`` (y down).

    A scan skewed by even one degree makes the words of a long line drift by several line
    heights' worth of their own height; a level baseline would then lay one line's words over
    the next, and extractors interleave them. The slope comes from the word centres; the
    baseline runs under every word's lowest corner, and the text height is measured square to
    it, so a skewed word's taller bounding box does not inflate the font size.
    """

    intercept: float
    slope: float
    text_height: float

    @classmethod
    def of(cls, words: list[Word], frame: RasterFrame) -> _Baseline:
        slope = _centre_slope(words)
        lowest = [w.box.right if slope > 0 else w.box.left for w in words]
        highest = [w.box.left if slope > 0 else w.box.right for w in words]
        bottoms = [min(w.box.bottom, frame.height_px) for w in words]
        intercept = max(b - slope * x for b, x in zip(bottoms, lowest, strict=True))
        height = max(
            intercept + slope * x - max(w.box.top, 0.0) for w, x in zip(words, highest, strict=True)
        )
        return cls(intercept, slope, max(height, 0.0) * math.cos(math.atan(slope)))

    def at(self, x: float) -> float:
        return self.intercept + self.slope * x

    @property
    def direction(self) -> tuple[float, float]:
        """cos and sin of the baseline's angle in PDF space, where y points up."""
        angle = -math.atan(self.slope)
        return math.cos(angle), math.sin(angle)

    @property
    def stretch(self) -> float:
        """Length along the baseline per unit of horizontal extent."""
        return math.hypot(1.0, self.slope)


# Beyond this the words of a "line" are not one straight line; treat the line as level.
MAX_SKEW_SLOPE = math.tan(math.radians(15))


def _heading(words: list[Word]) -> tuple[float, float]:
    """From the first word's centre to the last one's, in raster pixels (y down)."""
    first, last = words[0].box, words[-1].box
    dx = (last.left + last.width / 2) - (first.left + first.width / 2)
    dy = (last.top + last.height / 2) - (first.top + first.height / 2)
    return dx, dy


def _runs_left_to_right(words: list[Word]) -> bool:
    """True when the line's words follow each other rightwards, within the skew we follow."""
    if len(words) < 2:
        return True
    dx, dy = _heading(words)
    return dx > 0 and abs(dy) <= dx * MAX_SKEW_SLOPE


def _runs_rightwards_too_steeply(words: list[Word]) -> bool:
    """True for a "line" that heads rightwards but climbs or falls too steeply to be text
    (specks and seal fragments that Tesseract grouped): neither one baseline nor a turned line
    fits it, so each of its words stands level on its own."""
    dx, dy = _heading(words)
    return dx > 0 and abs(dy) <= dx


def _turn(words: list[Word]) -> int:
    """How far a line that does not run rightwards is turned clockwise: 90, 180 or 270."""
    dx, dy = _heading(words)
    if abs(dy) > abs(dx):
        return 90 if dy > 0 else 270
    return 180


def _centre_slope(words: list[Word]) -> float:
    if len(words) < 2:
        return 0.0
    xs = [w.box.left + w.box.width / 2 for w in words]
    ys = [w.box.top + w.box.height / 2 for w in words]
    weights = [max(w.box.width, 1.0) for w in words]
    total = sum(weights)
    mean_x = sum(w * x for w, x in zip(weights, xs, strict=True)) / total
    mean_y = sum(w * y for w, y in zip(weights, ys, strict=True)) / total
    spread = sum(w * (x - mean_x) ** 2 for w, x in zip(weights, xs, strict=True))
    if spread <= 0:
        return 0.0
    covariance = sum(
        w * (x - mean_x) * (y - mean_y) for w, x, y in zip(weights, xs, ys, strict=True)
    )
    slope = covariance / spread
    return slope if abs(slope) <= MAX_SKEW_SLOPE else 0.0


def _within(start: float, end: float, limit: float) -> tuple[float, float]:
    """Clamp an extent to the raster: poppler drops glyphs whose origin is off the page."""
    start = min(max(start, 0.0), limit)
    return start, min(max(end, start), limit)


def _operands(matrix: Matrix) -> str:
    return " ".join(_number(v) for v in matrix)


def _number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
