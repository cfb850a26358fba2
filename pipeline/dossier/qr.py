"""QR codes on a page image, read with OpenCV's detectors.

A scanned receipt's QR code is small (modules of half a millimetre, blurred and JPEG-compressed),
where OpenCV's ArUco-based detector finds codes that the classic ``QRCodeDetector`` misses at
the same resolution (measured on samples/dossier-stack). So the page is searched at about 150 dpi
with the ArUco detector, and a page that looks like a receipt is also searched at full resolution
with the classic one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from pipeline.values import nfc

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
    payloads = _decode(_aruco_detector(), _working_copy(grey))
    if not payloads and thorough:
        payloads = _decode(_classic_detector(), grey)
    return payloads


@cache
def _aruco_detector() -> Any:
    return cv2.QRCodeDetectorAruco()


@cache
def _classic_detector() -> Any:
    return cv2.QRCodeDetector()


def _decode(detector: Any, grey: GreyImage) -> tuple[str, ...]:
    try:
        found, payloads, _points, _straight = detector.detectAndDecodeMulti(grey)
    except cv2.error:
        return ()
    if not found:
        return ()
    return tuple(nfc(text) for text in payloads if text)


def _working_copy(grey: GreyImage) -> GreyImage:
    height, width = grey.shape[:2]
    if width <= WORKING_WIDTH:
        return grey
    size = (WORKING_WIDTH, max(1, round(height * WORKING_WIDTH / width)))
    smaller: GreyImage = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(smaller)
