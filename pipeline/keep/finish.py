"""The keep stage's worker half: assemble the PDF/A, prove its text layer, sign it.

Runs in a worker process; the commit to the store and the database happens in the parent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.ingest.sniff import file_sha256
from pipeline.keep.pdfa import assemble_pdfa
from pipeline.keep.roundtrip import check_text_layer
from pipeline.keep.sign import SigningIdentity, sign_pdf
from pipeline.values import LoadedInput, PageText


@dataclass(frozen=True)
class FinishJob:
    loaded: LoadedInput
    pages: tuple[PageText, ...]
    work_dir: Path
    title: str
    created: datetime
    identity: SigningIdentity
    reason: str
    location: str


@dataclass(frozen=True)
class FinishedPdf:
    path: Path
    sha256: str
    size: int


def finish_document(job: FinishJob) -> FinishedPdf:
    unsigned = job.work_dir / "document.unsigned.pdf"
    signed = job.work_dir / "document.pdf"
    assemble_pdfa(job.loaded, job.pages, unsigned, title=job.title, created=job.created)
    check_text_layer(unsigned, job.pages)
    sign_pdf(unsigned, signed, job.identity, reason=job.reason, location=job.location)
    return FinishedPdf(signed, file_sha256(signed), signed.stat().st_size)
