"""The pdfsig wrapper (poppler): a second, independent opinion on a PDF's signatures.

pdfsig prints one block per signature, for example::

    Signature #1:
      - Signature Field Name: SohoaSignature
      ...
      - Signature Validation: Signature is Valid.

It exits 0 when it found signatures (even ones it judges invalid), 2 when there are none and 1
when it cannot read the file, so the verdict is taken from the text, never from the exit code.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import SigningError, ToolMissing

VALID_STATUS = "Signature is Valid."
_SIGNATURE_HEADER = re.compile(r"^Signature #\d+:", re.MULTILINE)
_VALIDATION_LINE = re.compile(r"^\s*- Signature Validation: (.*?)\s*$", re.MULTILINE)
_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class PdfsigReport:
    signature_count: int
    all_valid: bool  # at least one signature, and every one "Signature is Valid."
    output: str


def run_pdfsig(pdf: Path) -> PdfsigReport:
    """Run pdfsig on ``pdf``; a file it cannot read reports no signatures rather than failing."""
    program = shutil.which("pdfsig")
    if program is None:
        raise ToolMissing(
            "pdfsig is not installed", advice="Install it with: apt-get install poppler-utils"
        )
    # -nocert: certificate trust is judged by pyHanko against our own roots; without it pdfsig
    # consults the NSS database and may go online for OCSP.
    command = [program, "-nocert", str(pdf)]
    try:
        completed = subprocess.run(
            command, capture_output=True, timeout=_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise SigningError(
            f"pdfsig did not finish checking the signatures within {_TIMEOUT_SECONDS} s",
            path=pdf,
        ) from None
    except OSError as exc:
        raise ToolMissing(
            f"pdfsig cannot be run ({exc})", advice="Reinstall poppler-utils."
        ) from exc
    output = _decoded(completed.stdout) + _decoded(completed.stderr)
    return parse_pdfsig_output(output)


def parse_pdfsig_output(output: str) -> PdfsigReport:
    count = len(_SIGNATURE_HEADER.findall(output))
    statuses = _VALIDATION_LINE.findall(output)
    all_valid = count > 0 and len(statuses) == count and all(s == VALID_STATUS for s in statuses)
    return PdfsigReport(signature_count=count, all_valid=all_valid, output=output)


def _decoded(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")
