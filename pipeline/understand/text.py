"""Page text as the extractors see it: column segments with their words, and folded text.

Tesseract joins the two header columns of an NĐ 30 page into one line ("UBND TỈNH BẮC NINH
CỘNG HÒA XÃ HỘI …"), so each line is cut where a gap between words is wider than a few letter
heights. The segments of all pages are joined into one text; a match anywhere in it maps back to
the words it covers, which give the field's evidence (page, box) and OCR confidence.

``fold`` lowercases and drops diacritics one character for one character, so a pattern written
without accents finds "thảng", "thang" and "tháng" at the same offsets as in the original.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.values import BoundingBox, PageText, Word, nfc

# Words further apart than this many word heights belong to different columns.
COLUMN_GAP_IN_HEIGHTS = 2.5


def fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0]
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


class _FoldTable(dict[int, str]):
    """``fold_char`` for ``str.translate``, each character worked out once per process."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLDED = _FoldTable()


def fold(text: str) -> str:
    """Lower case without diacritics, the same length as ``text`` (NFC)."""
    return text.translate(_FOLDED)


@dataclass(frozen=True)
class Segment:
    """Words of one line that belong to one column."""

    page: int
    words: tuple[Word, ...]
    page_width: float
    page_height: float

    @property
    def text(self) -> str:
        return nfc(" ".join(w.text for w in self.words))

    @property
    def box(self) -> BoundingBox:
        return union(w.box for w in self.words)

    @property
    def centre_x(self) -> float:
        box = self.box
        return (box.left + box.width / 2) / self.page_width

    @property
    def top(self) -> float:
        return self.box.top / self.page_height


def union(boxes: Iterable[BoundingBox]) -> BoundingBox:
    items = list(boxes)
    left = min(b.left for b in items)
    top = min(b.top for b in items)
    right = max(b.right for b in items)
    bottom = max(b.bottom for b in items)
    return BoundingBox(left, top, right - left, bottom - top)


def page_segments(page: PageText) -> list[Segment]:
    segments: list[Segment] = []
    for line in page.lines:
        current: list[Word] = []
        words = sorted(line, key=lambda w: w.box.left)
        for index, word in enumerate(words):
            if current and (_column_gap(current[-1], word) or _motto_starts(words, index)):
                segments.append(Segment(page.index, tuple(current), page.width_px, page.height_px))
                current = []
            current.append(word)
        if current:
            segments.append(Segment(page.index, tuple(current), page.width_px, page.height_px))
    return segments


def _column_gap(previous: Word, word: Word) -> bool:
    height = max(previous.box.height, word.box.height, 1.0)
    return word.box.left - previous.box.right > COLUMN_GAP_IN_HEIGHTS * height


def _motto_starts(words: Sequence[Word], index: int) -> bool:
    """The national motto ("CỘNG HÒA XÃ HỘI …", "Độc lập - Tự do …") starts the right column
    even when OCR set it close to the header's last word."""
    pair = " ".join(fold(w.text) for w in words[index : index + 2])
    return pair in _MOTTO_STARTS


_MOTTO_STARTS = {"cong hoa", "doc lap"}


@dataclass(frozen=True)
class Evidence:
    page: int
    box: BoundingBox
    ocr_confidence: float

    def as_json(self) -> dict[str, object]:
        box = self.box
        return {
            "page": self.page,
            "box": [
                round(box.left, 1),
                round(box.top, 1),
                round(box.width, 1),
                round(box.height, 1),
            ],
        }


class Text:
    """The segments of a document as one string, with a way back from offsets to words."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        self.segments = list(segments)
        parts: list[str] = []
        self._starts: list[int] = []
        self._words: list[tuple[Segment, Word]] = []
        # Where each segment starts in ``text``.
        self.offsets: list[int] = []
        offset = 0
        for segment in self.segments:
            self.offsets.append(offset)
            for position, word in enumerate(segment.words):
                if position:
                    parts.append(" ")
                    offset += 1
                self._starts.append(offset)
                self._words.append((segment, word))
                parts.append(nfc(word.text))
                offset += len(nfc(word.text))
            parts.append("\n")
            offset += 1
        self.text = "".join(parts)
        self.folded = fold(self.text)

    @classmethod
    def of_pages(cls, pages: Sequence[PageText]) -> Text:
        return cls([s for page in pages for s in page_segments(page)])

    def words_in(self, start: int, end: int) -> list[tuple[Segment, Word]]:
        first = max(bisect_right(self._starts, start) - 1, 0)
        found = []
        for index in range(first, len(self._words)):
            word_start = self._starts[index]
            if word_start >= end:
                break
            segment, word = self._words[index]
            if word_start + len(nfc(word.text)) > start:
                found.append((segment, word))
        return found

    def evidence(self, start: int, end: int) -> Evidence | None:
        """Page, box and lowest OCR confidence of the words under text[start:end], on the page of
        its first word."""
        words = self.words_in(start, end)
        if not words:
            return None
        page = words[0][0].page
        on_page = [w for s, w in words if s.page == page]
        # One misread word makes the value wrong: the weakest word speaks for the field.
        confidence = min(w.confidence for w in on_page)
        return Evidence(page, union(w.box for w in on_page), confidence)

    def segment_at(self, offset: int) -> Segment | None:
        words = self.words_in(offset, offset + 1)
        return words[0][0] if words else None
