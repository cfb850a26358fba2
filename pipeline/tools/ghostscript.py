"""The Ghostscript wrapper: rewrite a PDF with every font program embedded.

PDF/A needs the program of every font that shows text. Born-digital PDFs from office software
and older one-stop systems often name Helvetica or Times without embedding them; Ghostscript
embeds metric-compatible substitutes (URW fonts). Images pass through without lossy
re-encoding or downsampling.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pipeline.errors import ToolMissing, UnreadablePage

_KEEP_IMAGES_AS_THEY_ARE = (
    "-dPassThroughJPEGImages=true",
    "-dPassThroughJPXImages=true",
    "-dAutoFilterColorImages=false",
    "-dAutoFilterGrayImages=false",
    "-dColorImageFilter=/FlateEncode",
    "-dGrayImageFilter=/FlateEncode",
    "-dDownsampleColorImages=false",
    "-dDownsampleGrayImages=false",
    "-dDownsampleMonoImages=false",
    "-sColorConversionStrategy=LeaveColorUnchanged",
)


def embed_fonts(source: Path, target: Path, *, timeout: int) -> Path:
    program = shutil.which("gs")
    if program is None:
        raise ToolMissing("Ghostscript is not installed", advice="apt-get install ghostscript")
    command = [
        program, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
        "-dEmbedAllFonts=true", "-dSubsetFonts=true", "-dCompatibilityLevel=1.7",
        "-dAutoRotatePages=/None", *_KEEP_IMAGES_AS_THEY_ARE,
        f"-sOutputFile={target}",
        # pdfwrite leaves the 14 standard fonts unembedded unless told to embed them too.
        "-c", "<</NeverEmbed [ ]>> setdistillerparams", "-f", str(source),
    ]  # fmt: skip
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise UnreadablePage(f"embedding fonts took over {timeout} s", path=source) from None
    except subprocess.CalledProcessError as error:
        detail = error.stderr.decode("utf-8", "replace").strip()[:300]
        raise UnreadablePage(
            f"its fonts could not be embedded ({detail})",
            advice="Export the PDF again with fonts embedded (PDF/A) and drop it in again.",
            path=source,
        ) from None
    return target
