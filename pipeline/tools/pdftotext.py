"""Wrapper around poppler's ``pdftotext``: the text of one page, as poppler extracts it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pipeline.errors import CorruptFile, SohoaError, ToolMissing

PROGRAM = "pdftotext"
TIMEOUT_SECONDS = 120.0

# pdftotext's documented exit codes: 1 the PDF could not be opened, 3 permission denied.
_EXIT_CANNOT_OPEN = 1
_EXIT_PERMISSIONS = 3


def page_text(pdf: Path, page_number: int, *, raw: bool = False) -> str:
    """Return the text of page ``page_number`` (1-based) of ``pdf``, decoded from UTF-8.

    With ``raw``, text comes in content-stream order and line-end hyphens are kept; without it,
    poppler rebuilds reading order and joins a word hyphenated across lines. The trailing form
    feed that pdftotext writes after every page is removed.
    """
    if page_number < 1:
        raise ValueError(f"page numbers start at 1, got {page_number}")
    command = [
        _program(),
        "-enc",
        "UTF-8",
        *(["-raw"] if raw else []),
        "-f",
        str(page_number),
        "-l",
        str(page_number),
        str(pdf),
        "-",
    ]
    try:
        completed = subprocess.run(
            command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except FileNotFoundError as exc:
        raise _missing() from exc
    except subprocess.TimeoutExpired as exc:
        raise SohoaError(
            f"pdftotext did not finish page {page_number} within {TIMEOUT_SECONDS:.0f} s",
            advice="Check that the machine is not overloaded and try again.",
            path=pdf,
        ) from exc
    if completed.returncode != 0:
        raise _failure(pdf, page_number, completed)
    return completed.stdout.decode("utf-8").rstrip("\f")


def _program() -> str:
    found = shutil.which(PROGRAM)
    if found is None:
        raise _missing()
    return found


def _missing() -> ToolMissing:
    return ToolMissing(
        "pdftotext (poppler-utils) is not installed or not on PATH",
        advice="Install it, e.g. `apt-get install poppler-utils`, and run the command again.",
    )


def _failure(
    pdf: Path, page_number: int, completed: subprocess.CompletedProcess[bytes]
) -> SohoaError:
    detail = completed.stderr.decode("utf-8", errors="replace").strip()
    message = f"pdftotext could not read page {page_number} (exit {completed.returncode})"
    if detail:
        message = f"{message}: {detail}"
    if completed.returncode in (_EXIT_CANNOT_OPEN, _EXIT_PERMISSIONS):
        return CorruptFile(message, advice="Check that the file is a readable PDF.", path=pdf)
    return SohoaError(message, advice="Check the page number and the file.", path=pdf)
