"""Blank-page detection without OCR: the back of a single-sided sheet, scanner noise only."""

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


def looks_blank(grey: GreyImage) -> bool:
    small = _working_copy(grey)
    background = float(np.median(small))
    ink = small < background - INK_CONTRAST
    return float(ink.mean()) < INK_SHARE_OF_BLANK_PAGE


def _working_copy(grey: GreyImage) -> GreyImage:
    height, width = grey.shape
    if width <= WORKING_WIDTH:
        return grey
    scale = WORKING_WIDTH / width
    size = (WORKING_WIDTH, max(1, round(height * scale)))
    resized: GreyImage = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    return resized
