"""OCR accuracy against ground truth, tolerant of reading order.

Tesseract reads a two-column header (agency on the left, national motto on the right) across
both columns line by line, while a typist writes the left column first. A plain Levenshtein
distance over the page charges that as errors although every character was read. Here each
ground-truth line is matched to the stretch of the OCR text that resembles it best (longest
lines first), its edit distance is counted, and that stretch is used up; whatever OCR text is
left unmatched counts as inserted. This is a simple form of the "flexible character accuracy"
of Clausner, Pletschacher and Antonacopoulos (2020).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import partial_ratio_alignment

# Replaces used-up OCR text; never occurs in Vietnamese text, so nothing aligns to it.
_USED = "\u0000"


@dataclass(frozen=True)
class CharacterErrors:
    errors: int
    characters: int

    @property
    def rate(self) -> float:
        return self.errors / max(1, self.characters)


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def character_errors(
    truth: str, ocr: str, fold: Callable[[str], str] | None = None
) -> CharacterErrors:
    """Edit distance of each aligned line; with ``fold`` (one character to one character, such
    as ``without_diacritics``) the lines are aligned as read and compared folded, so the folded
    count is never above the plain one."""
    pairs, leftover = align_lines(truth, ocr)
    if fold is not None:
        pairs = [(fold(line), fold(stretch)) for line, stretch in pairs]
    errors = sum(Levenshtein.distance(line, stretch) for line, stretch in pairs)
    unmatched = sum(1 for c in leftover if c not in (_USED, "\n", " "))
    return CharacterErrors(errors + unmatched, sum(len(line) for line, _ in pairs))


def word_errors(truth: str, ocr: str) -> CharacterErrors:
    """Word error rate with the same reading-order tolerance: each ground-truth line is
    compared word by word with the stretch of OCR text it was aligned to (widened to whole
    words); words of unmatched OCR text count as inserted."""
    pairs, leftover = align_lines(truth, ocr, whole_words=True)
    errors = sum(Levenshtein.distance(line.split(), stretch.split()) for line, stretch in pairs)
    unmatched = len(leftover.replace(_USED, " ").split())
    return CharacterErrors(errors + unmatched, sum(len(line.split()) for line, _ in pairs))


def without_diacritics(text: str) -> str:
    """Vietnamese letters without tone marks and vowel marks: 'Bắc Ninh' -> 'Bac Ninh'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def align_lines(
    truth: str, ocr: str, whole_words: bool = False
) -> tuple[list[tuple[str, str]], str]:
    """Each ground-truth line (longest first) with the OCR stretch it matches best, and the OCR
    text no line matched (used-up stretches replaced by ``_USED``)."""
    lines = sorted(
        (_normal(line) for line in truth.splitlines() if line.strip()), key=len, reverse=True
    )
    remaining = "\n".join(_normal(line) for line in ocr.splitlines() if line.strip())
    pairs: list[tuple[str, str]] = []
    for line in lines:
        alignment = (
            partial_ratio_alignment(line, remaining) if remaining.strip(_USED + "\n ") else None
        )
        if alignment is None or alignment.score == 0:
            pairs.append((line, ""))
            continue
        start, end = alignment.dest_start, alignment.dest_end
        if whole_words:
            start, end = _word_bounds(remaining, start, end)
        pairs.append((line, remaining[start:end]))
        remaining = remaining[:start] + _USED * (end - start) + remaining[end:]
    return pairs, remaining


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to the words it cuts into, never into used-up text."""
    stops = (" ", "\n", _USED)
    while start > 0 and text[start - 1] not in stops and text[start] not in stops:
        start -= 1
    while end < len(text) and text[end] not in stops and end > start and text[end - 1] not in stops:
        end += 1
    return start, end
