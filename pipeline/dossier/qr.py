"""QR codes on a page image, read with OpenCV's detector."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

GreyImage = npt.NDArray[Any]

# About 150 dpi on an A4 page: a receipt's QR keeps 3 pixels or more a module, and the
# detector runs three times faster than at 300 dpi.
WORKING_WIDTH = 1240


def read_qr_codes(image_path: Path, *, thorough: bool = False) -> tuple[str, ...]:
    """The payloads of the QR codes on the page image, in NFC; empty when there are none or the
    image cannot be decoded. ``thorough`` also tries the full resolution when the reduced image
    gave nothing (worth it on a page that looks like a receipt)."""
    grey = cv2.imread(str(image_path), cv2.IMREAD_GRAYSCALE)
    if grey is None:
        return ()
    return decode_qr_codes(grey, thorough=thorough)


def decode_qr_codes(grey: GreyImage, *, thorough: bool = False) -> tuple[str, ...]:
    payloads = _decode(_working_copy(grey))
    if not payloads and thorough and grey.shape[1] > WORKING_WIDTH:
        payloads = _decode(grey)
    return payloads


def _decode(grey: GreyImage) -> tuple[str, ...]:
    detector = cv2.QRCodeDetector()
    try:
        found, payloads, _points, _straight = detector.detectAndDecodeMulti(grey)
    except cv2.error:
        return ()
    if not found:
        return ()
    return tuple(text for text in payloads if text)


def _working_copy(grey: GreyImage) -> GreyImage:
    height, width = grey.shape[:2]
    if width <= WORKING_WIDTH:
        return grey
    size = (WORKING_WIDTH, max(1, round(height * WORKING_WIDTH / width)))
    smaller: GreyImage = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(smaller)
