"""Tesseract's orientation and script detection (``--psm 0``), as an orientation reader.

Slower than the OpenCV measure in preprocess.py (about 1 s a page at 150 dpi, 3 s at 300 dpi,
against 0.1 s); kept as ``ocr.preprocess.orientation = "osd"`` for comparison.
"""

from __future__ import annotations

import os
import subprocess

import cv2
import pytesseract

from pipeline.errors import ToolMissing
from pipeline.read.preprocess import Image

OSD_DPI = 150


def osd_rotation(grey: Image, dpi: float) -> int:
    """The clockwise turn Tesseract's OSD says makes the page upright; 0 when it cannot say."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    scale = min(1.0, OSD_DPI / dpi)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    try:
        report = pytesseract.image_to_osd(small, config=f"--dpi {round(dpi * scale)}")
    except pytesseract.TesseractNotFoundError:
        raise ToolMissing(
            "Tesseract is not installed", advice="apt-get install tesseract-ocr"
        ) from None
    except (pytesseract.TesseractError, subprocess.SubprocessError):
        return 0  # too little text to tell, as on a nearly empty page
    for line in str(report).splitlines():
        if line.startswith("Rotate:"):
            return int(line.split(":", 1)[1]) % 360
    return 0
