"""Prove that an assembled PDF gives back, word for word, the text that was read.

For every page whose text came from OCR, the page's text is extracted again with two unrelated
extractors, pdfplumber (pdfminer) and poppler's pdftotext, and compared with ``PageText.text``.
Both sides are NFC-normalised and compared as multisets of whitespace-separated tokens: the
order in which an extractor walks a page (two-column headers, stamps) may legitimately differ,
but every word, with every diacritic, must come back exactly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pdfplumber

from pipeline.errors import AssemblyError, SohoaError, ToolMissing
from pipeline.tools.pdftotext import page_text
from pipeline.values import PageText, TextSource, nfc

EXAMPLES = 5
ADVICE = "This is a defect in sohoa: the PDF does not hold what was read. Report it with the input."

Tokens = Counter[str]


def check_text_layer(pdf: Path, pages: Sequence[PageText]) -> None:
    """Raise AssemblyError naming the first page whose text layer does not give back its text."""
    with pdfplumber.open(pdf) as document:
        if len(document.pages) != len(pages):
            raise AssemblyError(
                f"the PDF has {len(document.pages)} pages but {len(pages)} were read",
                advice=ADVICE,
                path=pdf,
            )
        for number, page in enumerate(pages, start=1):
            if page.source is not TextSource.OCR:
                continue
            expected = tokens(page.text)
            plumbed = tokens(_pdfplumber_text(document, number))
            _compare(pdf, number, "pdfplumber", expected, plumbed)
            _compare(pdf, number, "pdftotext", expected, tokens(_pdftotext_text(pdf, number)))


def tokens(text: str) -> Tokens:
    """The multiset of whitespace-separated words of ``text`` in NFC."""
    return Counter(nfc(text).split())


def _pdfplumber_text(document: Any, number: int) -> str:
    page = document.pages[number - 1]
    try:
        return str(page.extract_text())
    finally:
        page.close()


def _pdftotext_text(pdf: Path, number: int) -> str:
    try:
        return page_text(pdf, number)
    except ToolMissing:
        raise
    except SohoaError as exc:
        raise AssemblyError(
            f"pdftotext could not read back page {number}: {exc.message}", advice=ADVICE, path=pdf
        ) from exc


def _compare(pdf: Path, number: int, extractor: str, expected: Tokens, found: Tokens) -> None:
    missing = expected - found
    extra = found - expected
    if not missing and not extra:
        return
    differences = []
    if missing:
        differences.append(f"missing {_examples(missing)}")
    if extra:
        differences.append(f"extra {_examples(extra)}")
    raise AssemblyError(
        f"page {number}: the text layer read back by {extractor} differs from the text that "
        f"was read: {'; '.join(differences)}",
        advice=ADVICE,
        path=pdf,
    )


def _examples(words: Tokens) -> str:
    shown = sorted(words.elements())[:EXAMPLES]
    listed = ", ".join(repr(w) for w in shown)
    more = words.total() - len(shown)
    return f"{listed} and {more} more" if more > 0 else listed
