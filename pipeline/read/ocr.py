"""The read stage: one page in, one `PageText` out. Runs in a worker process.

A job carries paths, never open handles, so a local pool or a distributed worker can run it.
The page image is prepared for Tesseract (pipeline/read/preprocess.py); the words come back in
the raster of the upright page, and ``PageText.rotation`` says how the scan was turned to be so.
"""

from __future__ import annotations

from pathlib import Path

import cv2
from PIL import Image

from pipeline.errors import UnreadablePage
from pipeline.read.blank import GreyImage, looks_blank
from pipeline.read.job import ReadJob as ReadJob
from pipeline.read.osd import osd_rotation, reading_turn
from pipeline.read.postcorrect import correct_page
from pipeline.read.preprocess import Prepared, boxes_on_page, cleaned, straightened
from pipeline.settings import PreprocessSettings
from pipeline.tools.pdftoppm import render_page
from pipeline.tools.tesseract import TesseractRequest, read_words
from pipeline.values import PageSource, PageText, TextSource

# Page sizes were checked against limits.max_page_pixels when the input was loaded.
Image.MAX_IMAGE_PIXELS = None


# Every step switched off: Tesseract reads the page file as it is.
NO_STEPS = PreprocessSettings(
    orientation="off",
    deskew=False,
    remove_borders=False,
    normalise_background=False,
    binarise=False,
    suppress_colour_ink=False,
)


def read_page(job: ReadJob) -> PageText:
    page = job.page
    if page.embedded_text is not None:
        return page.embedded_text
    read = _read_unprepared(job) if _image_as_it_is(job) else _read_prepared(job)
    if not job.post_correction:
        return read
    return correct_page(read, context=job.context_correction)


def _read_prepared(job: ReadJob) -> PageText:
    page = job.page
    image_path, dpi = _page_image(job)
    grey, dpi = cleaned(_decoded(image_path, page.index), dpi, job.max_dpi, job.preprocess)
    if looks_blank(grey):
        return PageText(page.index, TextSource.BLANK, (), grey.shape[1], grey.shape[0], dpi)
    osd = osd_rotation if job.preprocess.orientation != "off" else None
    prepared = straightened(grey, dpi, job.preprocess, osd, reading_turn)
    ocr_image = _written(prepared, job.work_dir / f"page-{page.index:05d}-ocr.pgm")
    request = TesseractRequest(ocr_image, job.language, round(prepared.dpi), job.timeout_seconds)
    words = boxes_on_page(read_words(request), prepared)
    return PageText(
        page.index,
        TextSource.OCR,
        words,
        prepared.width_px,
        prepared.height_px,
        prepared.dpi,
        rotation=prepared.rotation,
    )


def _image_as_it_is(job: ReadJob) -> bool:
    """No step to apply: Tesseract reads the page file itself, with no decode in Python."""
    steps = job.preprocess
    switched_on = (
        steps.deskew,
        steps.remove_borders,
        steps.normalise_background,
        steps.binarise,
        steps.suppress_colour_ink,
    )
    upsampled = steps.min_dpi > 0 and job.page.dpi < steps.min_dpi
    return steps.orientation == "off" and not any(switched_on) and not upsampled


def _read_unprepared(job: ReadJob) -> PageText:
    page = job.page
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


def _decoded(image_path: Path, index: int) -> GreyImage:
    """The page's pixels: greyscale, or BGR when the scan is in colour."""
    scan: GreyImage | None = cv2.imread(str(image_path), cv2.IMREAD_ANYCOLOR)
    if scan is None:
        raise UnreadablePage(f"page {index + 1} could not be decoded", path=image_path)
    return scan


def _written(prepared: Prepared, target: Path) -> Path:
    if not cv2.imwrite(str(target), prepared.image):
        raise UnreadablePage(f"the OCR image could not be written to {target}", path=target)
    return target


def _pixel_size(image_path: Path, index: int) -> tuple[int, int]:
    """Width and height from the image header, without decoding the pixels."""
    try:
        with Image.open(image_path) as image:
            return image.size
    except (OSError, ValueError) as error:
        raise UnreadablePage(
            f"page {index + 1} could not be opened ({error})", path=image_path
        ) from None


def _page_image(job: ReadJob) -> tuple[Path, float]:
    """The page as scanned: its image file, or its PDF page rendered at its own resolution."""
    page = job.page
    if page.image_path is not None:
        return page.image_path, page.dpi
    if job.pdf_path is None:
        raise UnreadablePage(f"page {page.index + 1} has neither an image nor a PDF")
    target = job.work_dir / f"page-{page.index:05d}.pgm"
    rendered = render_page(
        job.pdf_path, page.index + 1, page.dpi, target, timeout=job.timeout_seconds
    )
    return rendered, page.dpi


def _ocr_image(job: ReadJob) -> tuple[Path, float]:
    """The image Tesseract reads: the page itself, rendered from its PDF or scaled to max_dpi."""
    page = job.page
    if page.image_path is None:
        return _page_image(job)
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
