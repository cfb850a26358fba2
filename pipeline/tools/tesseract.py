"""The Tesseract wrapper: one call per page, returning word boxes with confidences.

Tesseract's TSV output carries every word with its box, confidence and block/paragraph/line
numbers, so one call gives both the words and (by joining them) the page text.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytesseract

from pipeline.errors import ToolMissing, UnreadablePage
from pipeline.values import BoundingBox, Word, nfc

TSV_COLUMNS = 12


@dataclass(frozen=True)
class TesseractRequest:
    image: Path
    language: str
    dpi: int
    timeout_seconds: int


def tesseract_version() -> str:
    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError):
        raise ToolMissing(
            "Tesseract is not installed",
            advice="Install it with: apt-get install tesseract-ocr tesseract-ocr-vie",
        ) from None


def read_words(request: TesseractRequest) -> tuple[Word, ...]:
    """Run Tesseract once on an image file and parse its TSV into words."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        tsv = pytesseract.image_to_data(
            str(request.image),
            lang=request.language,
            config=f"--dpi {request.dpi}",
            timeout=request.timeout_seconds,
        )
    except pytesseract.TesseractNotFoundError:
        raise ToolMissing(
            "Tesseract is not installed", advice="apt-get install tesseract-ocr"
        ) from None
    except RuntimeError as error:  # pytesseract signals its timeout this way
        raise UnreadablePage(
            f"Tesseract gave up after {request.timeout_seconds} s ({error})",
            advice="Check the scan is a document page; raise ocr.page_timeout_seconds if it is.",
            path=request.image,
        ) from None
    except (pytesseract.TesseractError, subprocess.SubprocessError) as error:
        raise UnreadablePage(
            f"Tesseract could not read the page ({error})", path=request.image
        ) from None
    return parse_tsv(str(tsv))


def parse_tsv(tsv: str) -> tuple[Word, ...]:
    words: list[Word] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t", TSV_COLUMNS - 1)
        if len(cells) != TSV_COLUMNS or cells[0] != "5":
            continue
        text = nfc(cells[11].strip())
        if not text:
            continue
        left, top, width, height = (float(cells[i]) for i in range(6, 10))
        words.append(
            Word(
                text=text,
                box=BoundingBox(left, top, width, height),
                confidence=max(0.0, min(1.0, float(cells[10]) / 100.0)),
                block=int(cells[2]),
                paragraph=int(cells[3]),
                line=int(cells[4]),
            )
        )
    return tuple(words)
