"""The functions workers run, named here so the parent process can submit them without loading
what they use: a pool sends a function by its module and name, so a parent that imported the
stages themselves would pay for OpenCV, pikepdf, pdfplumber and pyHanko (about 1.5 CPU-seconds)
only to name them. The workers find those modules already imported (STAGE_MODULES)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.dossier.read import DossierPage
    from pipeline.keep.job import FinishedPdf, FinishJob
    from pipeline.read.job import ReadJob
    from pipeline.values import PageText

# Imported once in the pool's server process; each worker forks from it ready to work.
STAGE_MODULES = (
    "pipeline.read.ocr",
    "pipeline.keep.finish",
    "pipeline.dossier.read",
    "pipeline.exec.warm",
)


def read_page(job: ReadJob) -> PageText:
    from pipeline.read.ocr import read_page as read

    return read(job)


def read_dossier_page(job: ReadJob) -> DossierPage:
    from pipeline.dossier.read import read_dossier_page as read

    return read(job)


def finish_document(job: FinishJob) -> FinishedPdf:
    from pipeline.keep.finish import finish_document as finish

    return finish(job)
