"""Prove that an assembled PDF gives back, word for word, the text that was read.

For every page whose text came from OCR, the page's text is extracted again with two unrelated
extractors and compared with ``PageText.text``, both sides NFC-normalised:

- poppler's ``pdftotext -raw`` must give back the same multiset of whitespace-separated words.
  Raw mode follows the content stream, so the explicit spaces between words decide where words
  end; poppler's reading-order mode would re-join words hyphenated across lines and interleave
  the lines of a skewed scan, which says nothing about what the PDF holds.
- pdfplumber (pdfminer) must give back the same multiset of characters. Its word grouping
  breaks every word of a line drawn at an angle into single letters, so it is asked only about
  the characters; that still catches any glyph or diacritic lost or mis-mapped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTContainer

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
            poppler = tokens(_pdftotext_text(pdf, number))
            _compare(pdf, number, "pdftotext", tokens(page.text), poppler)
            plumbed = characters(_pdfplumber_characters(document, number))
            _compare(pdf, number, "pdfplumber", characters(page.text), plumbed)


def tokens(text: str) -> Tokens:
    """The multiset of whitespace-separated words of ``text`` in NFC."""
    return Counter(nfc(text).split())


def characters(text: str) -> Tokens:
    """The multiset of the non-space characters of ``text`` in NFC."""
    return Counter(c for c in nfc(text) if not c.isspace())


def _pdfplumber_characters(document: Any, number: int) -> str:
    page = document.pages[number - 1]
    try:
        # The layout pdfplumber parsed, read directly: building pdfplumber's dictionary for
        # every character would cost a third of the check and add nothing to it.
        return "".join(_layout_characters(page.layout))
    finally:
        page.close()


def _layout_characters(item: Any) -> Iterator[str]:
    if isinstance(item, LTChar):
        yield item.get_text()
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _layout_characters(child)


def _pdftotext_text(pdf: Path, number: int) -> str:
    try:
        return page_text(pdf, number, raw=True)
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
