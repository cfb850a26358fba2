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


def character_errors(truth: str, ocr: str) -> CharacterErrors:
    lines = sorted(
        (_normal(line) for line in truth.splitlines() if line.strip()), key=len, reverse=True
    )
    remaining = "\n".join(_normal(line) for line in ocr.splitlines() if line.strip())
    errors = 0
    for line in lines:
        alignment = (
            partial_ratio_alignment(line, remaining) if remaining.strip(_USED + "\n ") else None
        )
        if alignment is None or alignment.score == 0:
            errors += len(line)
            continue
        start, end = alignment.dest_start, alignment.dest_end
        errors += Levenshtein.distance(line, remaining[start:end])
        remaining = remaining[:start] + _USED * (end - start) + remaining[end:]
    leftover = sum(1 for c in remaining if c not in (_USED, "\n", " "))
    return CharacterErrors(errors + leftover, sum(len(line) for line in lines))
