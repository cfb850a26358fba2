"""What the keep stage's worker half takes and gives back: plain values, cheap to import where
jobs are made (the parent process need not load pikepdf, pdfplumber and pyHanko to hand a
document to a worker)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.values import LoadedInput, PageText


@dataclass(frozen=True)
class SigningIdentity:
    unit_code: str
    pkcs12_path: Path
    passphrase: bytes | None
    is_test: bool
    trust_roots: tuple[Path, ...]


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
