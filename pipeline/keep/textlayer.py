"""The invisible text layer of one page, as a content stream.

Words arrive in raster pixels of the page image they were read from (origin top-left, y down).
A :class:`RasterFrame` says how that raster lies on the page: the raster is what a renderer
shows of the page's CropBox after applying /Rotate, as ``pdftoppm -cropbox`` draws it (plain
pdftoppm renders the MediaBox). The layer first concatenates the matrix from that displayed
frame (points, origin bottom-left, y up) to user space, so every word is then placed in
displayed coordinates and reads upright whatever the page's rotation.

Each word is shown in text rendering mode 3 (neither fill nor stroke), spanning its box's width
through the horizontal scaling (Tz). Vertically, all words of a line share the line's extent:
the font size is the height of the union of the line's word boxes and the baseline its bottom
edge. Sizing each word by its own box would give "-" or "a" a far smaller font and a higher
baseline than "Đường", and poppler then splits the line into fragments at every such word.
Between the words of a line a space character is shown whose advance spans the gap, so that
extractors see a real space rather than guess one from distances.
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
        top, bottom = _within(
            min(w.box.top for w in words), max(w.box.bottom for w in words), self.frame.height_px
        )
        size = round(max((bottom - top) * self.frame.y_scale, MIN_FONT_SIZE), 2)
        baseline = self.frame.height - bottom * self.frame.y_scale
        operators: list[str] = []
        for position, word in enumerate(words):
            following = words[position + 1] if position + 1 < len(words) else None
            operators += self.show_word(word, following, size, baseline)
        return operators

    def show_word(
        self, word: Word, following: Word | None, size: float, baseline: float
    ) -> list[str]:
        """Tf, Tz, Tm and Tj for the word, then a space spanning the gap to the next word."""
        string = self.codes.encode(nfc(word.text.strip()))
        left, right = _within(word.box.left, word.box.right, self.frame.width_px)
        left, right = left * self.frame.x_scale, right * self.frame.x_scale
        scaling = self._horizontal_scaling(right - left, len(string) // 2, size)
        operators = [
            f"/{self.font} {_number(size)} Tf {_number(scaling)} Tz "
            f"1 0 0 1 {_number(left)} {_number(baseline)} Tm <{string.hex()}> Tj"
        ]
        if following is not None:
            gap = max(following.box.left, 0.0) * self.frame.x_scale - right
            space = self._horizontal_scaling(gap, 1, size)
            operators.append(f"{_number(space)} Tz <{self.codes.encode(SPACE).hex()}> Tj")
        return operators

    def _horizontal_scaling(self, width: float, characters: int, size: float) -> float:
        """The Tz percentage that makes ``characters`` glyphs advance exactly ``width`` points."""
        return 100 * max(width, 0.0) / (characters * self.em_advance * size)


def _within(start: float, end: float, limit: float) -> tuple[float, float]:
    """Clamp an extent to the raster: poppler drops glyphs whose origin is off the page."""
    start = min(max(start, 0.0), limit)
    return start, min(max(end, start), limit)


def _operands(matrix: Matrix) -> str:
    return " ".join(_number(v) for v in matrix)


def _number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
