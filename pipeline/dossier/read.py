"""The read stage for dossier inputs: the page's text, and whether it is a receipt.

Runs in a worker process beside :func:`pipeline.read.ocr.read_page`. A page image on disk (an
image input, a scanner PDF's own JPEG) is searched for QR codes; a PDF page with no image of its
own is rendered for that only when its text suggests a receipt. Blank pages are not read at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.dossier.qr import read_qr_codes
from pipeline.dossier.receipt import Receipt, is_receipt_candidate, recognise_receipt
from pipeline.errors import UnreadablePage
from pipeline.read.ocr import ReadJob, read_page
from pipeline.tools.pdftoppm import render_page
from pipeline.values import PageText

# Enough for a receipt's QR code (modules of half a millimetre or more), cheap to render.
QR_RENDER_DPI = 200.0


@dataclass(frozen=True)
class DossierPage:
    text: PageText
    receipt: Receipt | None


def read_dossier_page(job: ReadJob) -> DossierPage:
    text = read_page(job)
    return DossierPage(text, find_receipt(job, text))


def find_receipt(job: ReadJob, text: PageText) -> Receipt | None:
    if text.blank:
        return None
    candidate = is_receipt_candidate(text)
    image = _qr_image(job, candidate)
    payloads = read_qr_codes(image, thorough=candidate) if image is not None else ()
    return recognise_receipt(text, payloads)


def _qr_image(job: ReadJob, candidate: bool) -> Path | None:
    page = job.page
    if page.image_path is not None:
        return page.image_path
    if not candidate or job.pdf_path is None:
        return None
    target = job.work_dir / f"qr-{page.index:05d}.pgm"
    dpi = min(QR_RENDER_DPI, page.dpi) if page.dpi > 0 else QR_RENDER_DPI
    try:
        return render_page(job.pdf_path, page.index + 1, dpi, target, timeout=job.timeout_seconds)
    except UnreadablePage:
        # The page's text was read; without its QR code the receipt's text still gives the code.
        return None
