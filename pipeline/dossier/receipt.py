"""Recognising a dossier receipt ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả") and its mã hồ sơ.

A page is a receipt when a QR code on it holds a mã hồ sơ, or when the receipt's title stands in
the upper half of the page. The title is matched on folded text (lower case, no diacritics, đ as
d, punctuation as spaces) with a fuzzy partial match, so OCR that drops accents or misreads a
few letters still finds it. The code comes from the QR code when one decodes, else from the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from pipeline.understand.dossier_code import find_dossier_codes, parse_dossier_code
from pipeline.values import PageText

RECEIPT_TITLE = "giay tiep nhan ho so va hen tra ket qua"
# Partial-ratio score (0-100) from which folded text is taken to hold the title: a third of
# the letters may be misread before a receipt is missed.
TITLE_MATCH_SCORE = 80.0
# Share of the page height, from the top, in which the title is looked for: further down,
# a form may cite the receipt by name.
TITLE_REGION = 0.5

_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


class CodeSource(StrEnum):
    QR = "qr"
    TEXT = "text"


@dataclass(frozen=True)
class Receipt:
    """A receipt page and the mã hồ sơ read from it (None when neither QR nor text gave one)."""

    dossier_code: str | None
    code_source: CodeSource | None


def fold(text: str) -> str:
    """Lower case, diacritics and punctuation removed, runs of space collapsed."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_LETTERS.sub(" ", bare).strip()


def has_receipt_title(text: str) -> bool:
    folded = fold(text)
    if len(folded) < len(RECEIPT_TITLE) // 2:
        return False
    return fuzz.partial_ratio(RECEIPT_TITLE, folded) >= TITLE_MATCH_SCORE


def title_region_text(page: PageText) -> str:
    """The words in the upper part of the page, in reading order."""
    limit = page.height_px * TITLE_REGION
    return " ".join(word.text for word in page.words if word.box.top < limit)


def is_receipt_candidate(page: PageText) -> bool:
    """Whether the text suggests a receipt: worth a closer look for its QR code."""
    if page.blank:
        return False
    return has_receipt_title(title_region_text(page)) or bool(find_dossier_codes(page.text))


def recognise_receipt(page: PageText, qr_payloads: Sequence[str]) -> Receipt | None:
    """The receipt on this page, or None when the page is not one."""
    if page.blank:
        return None
    for payload in qr_payloads:
        code = parse_dossier_code(payload)
        if code is not None:
            return Receipt(code, CodeSource.QR)
    if not has_receipt_title(title_region_text(page)):
        return None
    codes = find_dossier_codes(page.text)
    if not codes:
        return Receipt(None, None)
    return Receipt(codes[0], CodeSource.TEXT)
