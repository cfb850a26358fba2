"""Tesseract as an orientation reader, for the pages the OpenCV measure cannot tell.

Two ways to ask it:

- ``osd_rotation``: Tesseract's orientation and script detection (``--psm 0``) on the whole
  page. Slower than the OpenCV measure in preprocess.py (about 0.5-1 s a page at 150 dpi,
  against 0.1 s) and unreliable on near-empty pages (a few lines give it too few letters: it
  called a signature page sideways); kept as ``ocr.preprocess.orientation = "osd"``.
- ``reading_turn``: a levelled sample of the page read as it is and upside down; the way up in
  which Tesseract reads valid Vietnamese syllables, confidently, wins. Upside-down Vietnamese
  reads as a handful of unsure fragments, upright as words: on the 40 near-empty pages of
  ``bench/sparse_pages.py`` and the evaluation set's 8 such pages, the right way up won by a
  margin of 3.4 or more (READING_MARGIN is 2).
"""

from __future__ import annotations

import os
import re
import subprocess

import cv2
import numpy as np
import pytesseract

from pipeline.errors import ToolMissing
from pipeline.read.preprocess import Image
from pipeline.read.vietnamese import spelled_syllable

OSD_DPI = 150
READING_LANGUAGE = "vie"
READING_TIMEOUT_SECONDS = 60
# One way up must read at least this many confident syllables more than the other to decide
# (a syllable counts its confidence, 0 to 1).
READING_MARGIN = 2.0
_LETTERS = re.compile(r"[^\W\d_]+")


def osd_rotation(grey: Image, dpi: float) -> int:
    """The clockwise turn Tesseract's OSD says makes the page upright; 0 when it cannot say."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    scale = min(1.0, OSD_DPI / dpi)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    try:
        report = pytesseract.image_to_osd(small, config=f"--dpi {round(dpi * scale)}")
    except pytesseract.TesseractNotFoundError:
        raise _tesseract_missing() from None
    except (pytesseract.TesseractError, subprocess.SubprocessError):
        return 0  # too little text to tell, as on a nearly empty page
    for line in str(report).splitlines():
        if line.startswith("Rotate:"):
            return int(line.split(":", 1)[1]) % 360
    return 0


def reading_turn(sample: Image, dpi: float) -> int | None:
    """0 when the sample reads as Vietnamese as it is, 180 when it does upside down, None when
    neither reads clearly better (no text, or Tesseract failed)."""
    upright = vietnamese_read(sample, dpi)
    flipped = vietnamese_read(np.ascontiguousarray(sample[::-1, ::-1]), dpi)
    if upright is None or flipped is None or abs(upright - flipped) < READING_MARGIN:
        return None
    return 0 if upright > flipped else 180


def vietnamese_read(image: Image, dpi: float) -> float | None:
    """How much of the image Tesseract reads as Vietnamese: the sum of the confidences of the
    words that are possible syllables of two letters or more; None when Tesseract fails."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        data = pytesseract.image_to_data(
            image,
            lang=READING_LANGUAGE,
            config=f"--dpi {round(dpi)}",
            timeout=READING_TIMEOUT_SECONDS,
            output_type=pytesseract.Output.DICT,
        )
    except pytesseract.TesseractNotFoundError:
        raise _tesseract_missing() from None
    except (pytesseract.TesseractError, subprocess.SubprocessError, RuntimeError):
        return None  # RuntimeError: pytesseract's timeout
    score = 0.0
    for text, confidence in zip(data["text"], data["conf"], strict=True):
        for letters in _LETTERS.findall(str(text).lower()):
            if len(letters) >= 2 and spelled_syllable(letters) is not None:
                score += max(0.0, float(confidence)) / 100.0
    return score


def _tesseract_missing() -> ToolMissing:
    return ToolMissing(
        "Tesseract is not installed", advice="apt-get install tesseract-ocr tesseract-ocr-vie"
    )
