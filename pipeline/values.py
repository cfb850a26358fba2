"""Typed values that flow between the pipeline's stages.

Each stage takes and returns these small frozen objects; no stage reaches into another's
internals. Coordinates are raster pixels of the page image the words were read from, origin
top-left, at ``dpi`` dots per inch; a page whose text came from a PDF text layer uses 72 dpi,
so its pixels are PDF points.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class DocumentKind(StrEnum):
    RESULT = "result"
    DOSSIER = "dossier"


class TextSource(StrEnum):
    OCR = "ocr"
    TEXT_LAYER = "text_layer"
    BLANK = "blank"


class PageOrigin(StrEnum):
    IMAGE = "image"
    PDF_PAGE = "pdf_page"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class BoundingBox:
    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Word:
    """One word as read, in NFC, with its box and a confidence in [0, 1]."""

    text: str
    box: BoundingBox
    confidence: float
    block: int = 0
    paragraph: int = 0
    line: int = 0

    @property
    def line_key(self) -> tuple[int, int, int]:
        return (self.block, self.paragraph, self.line)


@dataclass(frozen=True)
class PageText:
    """What was read from one page: the value that crosses the OCR boundary."""

    index: int
    source: TextSource
    words: tuple[Word, ...]
    width_px: float
    height_px: float
    dpi: float
    rotation: int = 0

    @property
    def lines(self) -> list[list[Word]]:
        grouped: dict[tuple[int, int, int], list[Word]] = {}
        for word in self.words:
            grouped.setdefault(word.line_key, []).append(word)
        return list(grouped.values())

    @property
    def text(self) -> str:
        """Lines joined by newlines, paragraphs separated by a blank line."""
        parts: list[str] = []
        previous: tuple[int, int] | None = None
        for line in self.lines:
            paragraph = line[0].line_key[:2]
            if previous is not None:
                parts.append("\n\n" if paragraph != previous else "\n")
            parts.append(" ".join(w.text for w in line))
            previous = paragraph
        return nfc("".join(parts))

    @property
    def confidence(self) -> float | None:
        """Mean word confidence weighted by word length; None when nothing was read."""
        total = sum(len(w.text) for w in self.words)
        if total == 0:
            return None
        return sum(w.confidence * len(w.text) for w in self.words) / total

    @property
    def blank(self) -> bool:
        return self.source is TextSource.BLANK


@dataclass(frozen=True)
class PageSource:
    """One page of an input, ready for reading and assembly.

    ``image_path`` is the page image to read (a file on disk, so a worker in another process can
    open it); ``embedded_text`` is set instead when a PDF page already carries its own text.
    """

    index: int
    origin: PageOrigin
    image_path: Path | None
    dpi: float
    width_px: int
    height_px: int
    embedded_text: PageText | None = None


@dataclass(frozen=True)
class LoadedInput:
    """An input file split into pages. ``pdf_path`` is set when the input is a PDF."""

    path: Path
    sha256: str
    media_type: str
    pages: tuple[PageSource, ...]
    pdf_path: Path | None = None
    already_signed: bool = False
    warnings: tuple[str, ...] = field(default_factory=tuple)
