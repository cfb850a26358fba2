"""The read stage: one page in, one `PageText` out. Runs in a worker process.

A job carries paths, never open handles, so a local pool or a distributed worker can run it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
from PIL import Image

from pipeline.errors import UnreadablePage
from pipeline.read.blank import GreyImage, looks_blank
from pipeline.tools.pdftoppm import render_page
from pipeline.tools.tesseract import TesseractRequest, read_words
from pipeline.values import PageSource, PageText, TextSource

# Page sizes were checked against limits.max_page_pixels when the input was loaded.
Image.MAX_IMAGE_PIXELS = None


@dataclass(frozen=True)
class ReadJob:
    page: PageSource
    pdf_path: Path | None
    work_dir: Path
    language: str
    max_dpi: int
    timeout_seconds: int


def read_page(job: ReadJob) -> PageText:
    page = job.page
    if page.embedded_text is not None:
        return page.embedded_text
    image_path, dpi = _ocr_image(job)
    width, height = _pixel_size(image_path, page.index)
    # A quarter-scale decode is enough to see ink, and a JPEG decodes four times faster so.
    preview = cv2.imread(str(image_path), cv2.IMREAD_REDUCED_GRAYSCALE_4)
    if preview is None:
        raise UnreadablePage(f"page {page.index + 1} could not be decoded", path=image_path)
    if looks_blank(preview):
        return PageText(page.index, TextSource.BLANK, (), width, height, dpi)
    request = TesseractRequest(image_path, job.language, round(dpi), job.timeout_seconds)
    words = read_words(request)
    return PageText(page.index, TextSource.OCR, words, width, height, dpi)


def _pixel_size(image_path: Path, index: int) -> tuple[int, int]:
    """Width and height from the image header, without decoding the pixels."""
    try:
        with Image.open(image_path) as image:
            return image.size
    except (OSError, ValueError) as error:
        raise UnreadablePage(
            f"page {index + 1} could not be opened ({error})", path=image_path
        ) from None


def _ocr_image(job: ReadJob) -> tuple[Path, float]:
    """The image Tesseract reads: the page itself, rendered from its PDF or scaled to max_dpi."""
    page = job.page
    if page.image_path is None:
        if job.pdf_path is None:
            raise UnreadablePage(f"page {page.index + 1} has neither an image nor a PDF")
        target = job.work_dir / f"page-{page.index:05d}.pgm"
        rendered = render_page(
            job.pdf_path, page.index + 1, page.dpi, target, timeout=job.timeout_seconds
        )
        return rendered, page.dpi
    if page.dpi <= job.max_dpi:
        return page.image_path, page.dpi
    return _downsampled(page, job), float(job.max_dpi)


def _downsampled(page: PageSource, job: ReadJob) -> Path:
    assert page.image_path is not None
    image: GreyImage | None = cv2.imread(str(page.image_path), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise UnreadablePage(f"page {page.index + 1} could not be decoded", path=page.image_path)
    scale = job.max_dpi / page.dpi
    size = (max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale)))
    smaller = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    target = job.work_dir / f"page-{page.index:05d}-ocr.png"
    cv2.imwrite(str(target), smaller)
    return target
