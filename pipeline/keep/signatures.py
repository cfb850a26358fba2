"""Whether a PDF already carries a signature: asked of every input PDF when it is loaded, so it
needs pikepdf only, not the signing library."""

from __future__ import annotations

from pathlib import Path

import pikepdf


def has_signature(pdf: Path) -> bool:
    """Whether the PDF carries a filled signature field; False when the PDF cannot be read."""
    try:
        with pikepdf.open(pdf) as document:
            return carries_signature(document)
    except (pikepdf.PikepdfError, OSError, ValueError, TypeError, RuntimeError):
        return False


def carries_signature(document: pikepdf.Pdf) -> bool:
    """Whether an open PDF carries a filled signature field."""
    try:
        return any(
            field.field_type == "/Sig" and isinstance(field.value, pikepdf.Dictionary)
            for field in document.acroform.fields
        )
    except (pikepdf.PikepdfError, ValueError, TypeError, RuntimeError):
        return False
