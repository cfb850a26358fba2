"""What a file is, from its bytes rather than its name, and its SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import EmptyFile, UnsupportedFormat

JPEG = "image/jpeg"
PNG = "image/png"
TIFF = "image/tiff"
PDF = "application/pdf"

SCAN_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf"})

_SIGNATURES = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
)
# The PDF header may follow some junk; readers accept it within the first kilobyte.
PDF_HEADER_WINDOW = 1024


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def media_type(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(PDF_HEADER_WINDOW)
    if not head:
        raise EmptyFile(
            "the file is empty (0 bytes)",
            advice="The copy or scan was probably interrupted; scan or copy the paper again.",
            path=path,
        )
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if b"%PDF-" in head:
        return PDF
    raise UnsupportedFormat(
        f"is not a JPEG, PNG, TIFF or PDF file ({_describe_head(head)})",
        advice="Save the scan as JPEG, PNG, TIFF or PDF and drop it in again.",
        path=path,
    )


def _describe_head(head: bytes) -> str:
    sample = head[:64]
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        return f"it starts with bytes {sample[:8].hex(' ')}"
    if text.isprintable() or all(c.isprintable() or c.isspace() for c in text):
        return f"it looks like text: {text.strip()[:40]!r}"
    return f"it starts with bytes {sample[:8].hex(' ')}"
