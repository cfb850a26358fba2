"""What the read stage takes: a plain value, cheap to import where jobs are made (the parent
process need not load OpenCV and Tesseract's wrapper to hand a page to a worker)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.settings import PreprocessSettings
from pipeline.values import PageSource


@dataclass(frozen=True)
class ReadJob:
    page: PageSource
    pdf_path: Path | None
    work_dir: Path
    language: str
    max_dpi: int
    timeout_seconds: int
    preprocess: PreprocessSettings = field(default_factory=PreprocessSettings)
    post_correction: bool = True
    context_correction: bool = False
