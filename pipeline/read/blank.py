"""Blank-page detection without OCR: the back of a single-sided sheet, scanner noise only.

A page is blank when it has almost no ink *and* nothing on it is shaped like a written word.
The ink share alone would call a page with one short line ("Trang 2") blank: such a line covers
less of an A4 page than scanner noise can. Dust specks and sensor noise are small and scattered;
letters sit side by side on a line, so once joined across their gaps they make a blob that is
wider than it is tall and about as tall as a line of text.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

# Whatever OpenCV hands back for a greyscale image; its stubs type the element loosely.
GreyImage = npt.NDArray[Any]

# A line of a few words on an A4 page covers about 0.5 % of it; scanner specks far less.
INK_SHARE_OF_BLANK_PAGE = 0.0005
WORKING_WIDTH = 600
# Grey levels below the paper that count as ink once area-averaging has smoothed the noise.
INK_CONTRAST = 48
# Words are looked for at 1000-2000 px across the page (a whole factor down from the scan);
# the page width is taken as 210 mm.
WORD_WORKING_WIDTH = 1000
PAGE_WIDTH_MM = 210.0
LETTER_GAP_MM = 1.2
WORD_HEIGHT_MM = (1.5, 12.0)
WORD_MIN_WIDTH_MM = 4.0
WORD_MIN_ASPECT = 1.5
# Pixels of a working copy averaged into one cell of the paper's brightness.
PAPER_CELL = 16


def looks_blank(grey: GreyImage) -> bool:
    # One area-averaging pass over the full page, by a whole factor (OpenCV's fast path); the
    # smaller copy is made from the first.
    factor = max(1, grey.shape[1] // WORD_WORKING_WIDTH)
    words_copy = grey
    if factor > 1:
        words_copy = cv2.resize(
            grey, None, fx=1 / factor, fy=1 / factor, interpolation=cv2.INTER_AREA
        )
    small = _working_copy(words_copy, WORKING_WIDTH)
    ink = small < _paper(small) - INK_CONTRAST
    if float(ink.mean()) >= INK_SHARE_OF_BLANK_PAGE:
        return False
    return not has_a_word(words_copy)


def has_a_word(grey: GreyImage) -> bool:
    """Whether any blob of ink, its letters joined, has the size and shape of a written word."""
    small = cv2.medianBlur(_working_copy(grey, WORD_WORKING_WIDTH), 3)
    height, width = small.shape
    mm = width / PAGE_WIDTH_MM
    ink = (small < _paper(small) - INK_CONTRAST).astype(np.uint8)
    joined = cv2.dilate(ink, np.ones((1, max(1, round(LETTER_GAP_MM * mm))), np.uint8))
    _, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    for left, top, w, h, _area in stats[1:].tolist():
        if left == 0 or top == 0 or left + w == width or top + h == height:
            continue  # the scanner's margin or the sheet's edge, not writing
        if (
            WORD_HEIGHT_MM[0] * mm <= h <= WORD_HEIGHT_MM[1] * mm
            and w >= WORD_MIN_WIDTH_MM * mm
            and w >= WORD_MIN_ASPECT * h
        ):
            return True
    return False


def _paper(small: GreyImage) -> GreyImage:
    """The paper's brightness around each pixel: the brightest of each neighbourhood about
    1 cm wide, smoothed, so uneven lighting and a shaded edge are not taken for ink."""
    height, width = small.shape
    cells = (max(1, width // PAPER_CELL), max(1, height // PAPER_CELL))
    coarse = cv2.resize(small, cells, interpolation=cv2.INTER_AREA)
    coarse = cv2.GaussianBlur(cv2.dilate(coarse, np.ones((3, 3), np.uint8)), (3, 3), 0)
    paper = cv2.resize(coarse, (width, height), interpolation=cv2.INTER_LINEAR)
    return paper.astype(np.int16)


def _working_copy(grey: GreyImage, working_width: int) -> GreyImage:
    height, width = grey.shape
    if width <= working_width:
        return grey
    scale = working_width / width
    size = (working_width, max(1, round(height * scale)))
    resized: GreyImage = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    return resized
