"""Split an input file into pages ready for reading: images as they are, PDFs page by page.

Everything here reads untrusted bytes, so every decoder failure becomes an `InputRejected`
that names the file and says what to do; nothing else escapes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
from PIL import Image

from pipeline.errors import CorruptFile, EncryptedPdf, ImageTooLarge, InputRejected
from pipeline.ingest import sniff
from pipeline.ingest.scanner_page import ScanJpeg, scan_jpeg
from pipeline.keep.pdfa_check import unembedded_fonts
from pipeline.keep.signatures import carries_signature
from pipeline.settings import Settings
from pipeline.tools.ghostscript import embed_fonts
from pipeline.values import (
    BoundingBox,
    LoadedInput,
    PageOrigin,
    PageSource,
    PageText,
    TextSource,
    Word,
    nfc,
)

# We check page sizes ourselves, with a reason a person can act on.
Image.MAX_IMAGE_PIXELS = None

# Modes Tesseract and the assembler take straight from the original file.
_MODES_KEPT_AS_IS = {sniff.JPEG: {"L", "RGB"}, sniff.PNG: {"1", "L", "RGB"}}
# Reported resolutions below this are placeholders written by software, not scanner settings.
_IMPLAUSIBLE_DPI = 70
# Images smaller than this share of the page (logos, stamps) do not set its resolution.
_SIGNIFICANT_IMAGE_SHARE = 0.05
# Lines of a text layer: words whose tops differ by less than this (points) share a line.
_LINE_TOLERANCE_PT = 3.0
# Letters further apart than this share of the font size belong to different words. pdfplumber's
# default, a fixed 3 pt, runs the words of small print together when the PDF has no spaces.
_WORD_GAP_OF_FONT_SIZE = 0.15


def load_input(path: Path, sha256: str, settings: Settings, work_dir: Path) -> LoadedInput:
    size = path.stat().st_size
    if size > settings.limits.max_file_bytes:
        raise ImageTooLarge(
            f"the file is {size:,} bytes, over the limit of {settings.limits.max_file_bytes:,}",
            advice="Split the scan into smaller files, or raise limits.max_file_bytes.",
            path=path,
        )
    kind = sniff.media_type(path)
    if kind == sniff.PDF:
        return _load_pdf(path, sha256, settings, work_dir)
    return _load_image(path, sha256, kind, settings, work_dir)


def _load_image(
    path: Path, sha256: str, kind: str, settings: Settings, work_dir: Path
) -> LoadedInput:
    pages: list[PageSource] = []
    try:
        with Image.open(path) as image:
            frame_count = getattr(image, "n_frames", 1)
            for index in range(frame_count):
                image.seek(index)
                size = image.size
                _check_pixels(size, settings, path, index)
                kept_as_is = frame_count == 1 and image.mode in _MODES_KEPT_AS_IS.get(kind, set())
                if kept_as_is and kind == sniff.JPEG:
                    # Only the file's integrity is at stake here: decoding at an eighth of the
                    # size still reads every byte of the scan, eight times faster.
                    image.draft(image.mode, (size[0] // 8, size[1] // 8))
                image.load()
                pages.append(_image_page(image, index, size, kept_as_is, path, work_dir, settings))
    except InputRejected:
        raise
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise CorruptFile(
            f"the image cannot be decoded ({error})",
            advice="The file is damaged or was cut short; scan or copy the paper again.",
            path=path,
        ) from None
    return LoadedInput(path=path, sha256=sha256, media_type=kind, pages=tuple(pages))


def _image_page(
    image: Image.Image,
    index: int,
    size: tuple[int, int],
    kept_as_is: bool,
    path: Path,
    work_dir: Path,
    settings: Settings,
) -> PageSource:
    dpi = _image_dpi(image.info, settings)
    width, height = size
    if kept_as_is:
        page_image = path
    else:
        page_image = work_dir / f"page-{index:05d}.png"
        # Fast, still lossless: the copy lives only until the document is assembled.
        _lossless_page_copy(image).save(page_image, format="PNG", dpi=(dpi, dpi), compress_level=1)
    return PageSource(index, PageOrigin.IMAGE, page_image, dpi, width, height)


def _lossless_page_copy(image: Image.Image) -> Image.Image:
    """The frame in a mode PNG stores and Tesseract reads: alpha flattened on white paper."""
    if image.mode in ("1", "L", "RGB"):
        return image.copy()
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    if image.mode in ("I;16", "I;16B", "I", "F"):
        return (
            image.convert("L")
            if image.mode != "I;16"
            else image.point(lambda v: v / 256).convert("L")
        )
    return image.convert("RGB")


def _image_dpi(info: Mapping[Any, Any], settings: Settings) -> float:
    reported = info.get("dpi")
    try:
        dpi = float(reported[0]) if reported else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    return dpi if dpi >= _IMPLAUSIBLE_DPI else float(settings.ocr.default_dpi)


def _check_pixels(size: tuple[int, int], settings: Settings, path: Path, index: int) -> None:
    pixels = size[0] * size[1]
    if pixels > settings.limits.max_page_pixels:
        raise ImageTooLarge(
            f"page {index + 1} is {size[0]} × {size[1]} = {pixels:,} pixels, over the limit of "
            f"{settings.limits.max_page_pixels:,} (a possible image bomb)",
            advice="Rescan at 300 dpi, or raise limits.max_page_pixels if the page is genuine.",
            path=path,
        )


def _load_pdf(path: Path, sha256: str, settings: Settings, work_dir: Path) -> LoadedInput:
    survey = _survey_pdf(path)
    # Asked of the original: the font-embedded copy below is a new file without signatures.
    already_signed = survey.signed
    pdf = path
    if survey.missing_fonts:
        # The pages are read and assembled from a copy with the fonts embedded; the original is
        # still what is stored, byte for byte.
        target = work_dir / "fonts-embedded.pdf"
        pdf = embed_fonts(path, target, timeout=settings.ocr.page_timeout_seconds)
        survey = _survey_pdf(pdf)
    pages: list[PageSource] = []
    try:
        with pdfplumber.open(pdf) as document:
            for index, plumber_page in enumerate(document.pages):
                page = _pdf_page(plumber_page, index, survey.sizes[index], settings)
                pages.append(_read_from_scan(page, survey.scans.get(index), work_dir))
    except InputRejected:
        raise
    except Exception as error:  # pdfminer raises many unrelated types on broken files
        raise CorruptFile(
            f"the PDF's pages cannot be read ({type(error).__name__}: {error})",
            advice="Open it in a PDF reader; if it is damaged, export or scan it again.",
            path=path,
        ) from None
    return LoadedInput(
        path=path,
        sha256=sha256,
        media_type=sniff.PDF,
        pages=tuple(pages),
        pdf_path=pdf,
        already_signed=already_signed,
    )


@dataclass(frozen=True)
class _PdfSurvey:
    sizes: list[tuple[float, float]]  # displayed, in points: CropBox with /Rotate applied
    missing_fonts: list[str]  # fonts that show text without an embedded program
    scans: dict[int, ScanJpeg]  # pages that are one plain JPEG scan filling the page
    signed: bool  # carries a filled signature field


def _survey_pdf(path: Path) -> _PdfSurvey:
    try:
        with pikepdf.open(path) as pdf:
            if pdf.is_encrypted:
                raise _encrypted(path)
            sizes = [_displayed_size(page) for page in pdf.pages]
            missing_fonts = unembedded_fonts(pdf)
            scans = {i: scan for i, page in enumerate(pdf.pages) if (scan := scan_jpeg(page))}
            signed = carries_signature(pdf)
    except pikepdf.PasswordError:
        raise _encrypted(path) from None
    except pikepdf.PdfError as error:
        raise CorruptFile(
            f"the PDF is damaged ({error})",
            advice="Open it in a PDF reader; if it is damaged, export or scan it again.",
            path=path,
        ) from None
    if not sizes:
        raise CorruptFile("the PDF has no pages", advice="Export or scan it again.", path=path)
    return _PdfSurvey(sizes, missing_fonts, scans, signed)


def _read_from_scan(page: PageSource, scan: ScanJpeg | None, work_dir: Path) -> PageSource:
    """A page to OCR from its own JPEG rather than a rendering, where the page is just that."""
    if scan is None or page.embedded_text is not None:
        return page
    jpeg = work_dir / f"page-{page.index:05d}.jpg"
    jpeg.write_bytes(scan.data)
    return replace(
        page, image_path=jpeg, dpi=scan.dpi, width_px=scan.width_px, height_px=scan.height_px
    )


def _encrypted(path: Path) -> EncryptedPdf:
    return EncryptedPdf(
        "the PDF is encrypted or password-protected",
        advice="Ask the sender for an unprotected copy, or remove the protection and drop it in "
        "again; an archival PDF/A may not be encrypted.",
        path=path,
    )


def _displayed_size(page: pikepdf.Page) -> tuple[float, float]:
    box = [float(v) for v in page.cropbox]
    width, height = abs(box[2] - box[0]), abs(box[3] - box[1])
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    return (height, width) if rotate in (90, 270) else (width, height)


def _pdf_page(page: Any, index: int, size: tuple[float, float], settings: Settings) -> PageSource:
    width_pt, height_pt = size
    text = _text_layer(page, index, width_pt, height_pt)
    if text is not None:
        return PageSource(
            index, PageOrigin.PDF_PAGE, None, 72.0, round(width_pt), round(height_pt), text
        )
    dpi = _render_dpi(page, width_pt, height_pt, settings)
    return PageSource(
        index,
        PageOrigin.PDF_PAGE,
        None,
        dpi,
        max(1, round(width_pt / 72 * dpi)),
        max(1, round(height_pt / 72 * dpi)),
    )


def _text_layer(page: Any, index: int, width_pt: float, height_pt: float) -> PageText | None:
    words = tuple(_text_layer_words(page.extract_words(x_tolerance_ratio=_WORD_GAP_OF_FONT_SIZE)))
    if not words:
        return None
    return PageText(index, TextSource.TEXT_LAYER, words, width_pt, height_pt, 72.0)


def _text_layer_words(raw_words: list[dict[str, Any]]) -> Iterator[Word]:
    line, line_top = -1, -math.inf
    for raw in raw_words:
        text = nfc(str(raw["text"]).strip())
        if not text:
            continue
        top = float(raw["top"])
        if abs(top - line_top) > _LINE_TOLERANCE_PT:
            line, line_top = line + 1, top
        box = BoundingBox(
            float(raw["x0"]), top, float(raw["x1"]) - float(raw["x0"]), float(raw["bottom"]) - top
        )
        yield Word(text=text, box=box, confidence=1.0, line=line)


def _render_dpi(page: Any, width_pt: float, height_pt: float, settings: Settings) -> float:
    """The page's native scan resolution, capped for OCR and by the pixel limit."""
    dpi = min(float(settings.ocr.max_dpi), _native_dpi(page, width_pt * height_pt, settings))
    area_in2 = (width_pt / 72) * (height_pt / 72)
    if area_in2 > 0 and area_in2 * dpi * dpi > settings.limits.max_page_pixels:
        dpi = math.sqrt(settings.limits.max_page_pixels / area_in2)
    return round(dpi, 2)


def _native_dpi(page: Any, page_area_pt2: float, settings: Settings) -> float:
    resolutions = []
    for image in page.images:
        shown_width = abs(float(image["x1"]) - float(image["x0"]))
        shown_height = abs(float(image["bottom"]) - float(image["top"]))
        if shown_width * shown_height < _SIGNIFICANT_IMAGE_SHARE * page_area_pt2:
            continue
        # The geometric mean holds for images drawn rotated or with non-square pixels.
        pixels = float(image["srcsize"][0]) * float(image["srcsize"][1])
        shown_in2 = (shown_width / 72) * (shown_height / 72)
        resolutions.append(math.sqrt(pixels / shown_in2))
    if not resolutions:
        return float(settings.ocr.max_dpi)
    return max(float(_IMPLAUSIBLE_DPI), max(resolutions))
