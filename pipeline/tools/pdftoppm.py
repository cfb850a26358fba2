"""The PDF rasteriser wrapper (poppler's pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pipeline.errors import ToolMissing, UnreadablePage


def render_page(pdf: Path, page_number: int, dpi: float, out: Path, *, timeout: int) -> Path:
    """Render one page (1-based) to a greyscale PGM, cropped to the CropBox, /Rotate applied.

    PGM rather than PNG: compressing a noisy 300 dpi scan as PNG takes pdftoppm twenty times
    longer than rendering it, and the file only lives until Tesseract has read it.
    """
    program = shutil.which("pdftoppm")
    if program is None:
        raise ToolMissing("pdftoppm is not installed", advice="apt-get install poppler-utils")
    prefix = out.with_suffix("")
    command = [
        program,
        "-q",
        "-cropbox",
        "-gray",
        "-singlefile",
        "-r",
        f"{dpi:.2f}",
        "-f",
        str(page_number),
        "-l",
        str(page_number),
        str(pdf),
        str(prefix),
    ]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise UnreadablePage(
            f"page {page_number} took over {timeout} s to render", path=pdf
        ) from None
    except subprocess.CalledProcessError as error:
        detail = error.stderr.decode("utf-8", "replace").strip()[:300]
        raise UnreadablePage(
            f"page {page_number} could not be rendered ({detail})", path=pdf
        ) from None
    rendered = prefix.with_suffix(".pgm")
    if not rendered.exists():
        raise UnreadablePage(f"page {page_number} rendered to nothing", path=pdf)
    return rendered
