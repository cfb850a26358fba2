"""The keep stage's worker half: assemble the PDF/A, prove its text layer, sign it.

Runs in a worker process; the commit to the store and the database happens in the parent.
"""

from __future__ import annotations

from pipeline.ingest.sniff import file_sha256
from pipeline.keep.job import FinishedPdf as FinishedPdf
from pipeline.keep.job import FinishJob as FinishJob
from pipeline.keep.pdfa import assemble_pdfa
from pipeline.keep.roundtrip import check_text_layer
from pipeline.keep.sign import sign_pdf


def finish_document(job: FinishJob) -> FinishedPdf:
    unsigned = job.work_dir / "document.unsigned.pdf"
    signed = job.work_dir / "document.pdf"
    # Both are scratch files in the work folder: the parent's copy into the store is the one
    # made durable, and a crash before it throws the work folder away.
    assemble_pdfa(
        job.loaded, job.pages, unsigned, title=job.title, created=job.created, durable=False
    )
    check_text_layer(unsigned, job.pages)
    sign_pdf(
        unsigned,
        signed,
        job.identity,
        reason=job.reason,
        location=job.location,
        durable=False,
    )
    return FinishedPdf(signed, file_sha256(signed), signed.stat().st_size)
