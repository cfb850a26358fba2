"""`sohoa process` end to end on the project's samples, with real Tesseract, poppler and pyHanko."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from sqlalchemy import create_engine, func, select

from bench.ocr_metrics import character_errors
from pipeline.cli import main
from pipeline.db.models import Document, Page, ProcessingError
from pipeline.tools.pdfsig import run_pdfsig
from pipeline.tools.pdftotext import page_text
from tests.conftest import SAMPLES

GROUND_TRUTH = SAMPLES / "ground-truth"
SCAN_SUFFIXES = {".jpg", ".png", ".tif", ".pdf"}
# Clean typeset body text reads at under 1 % CER with Tesseract's vie model (measured on the
# receipts and the application: 0.4-0.7 %). What costs more on the samples is what a real scan
# adds: the red seal and blue signature over the signer's block, read as stray characters
# (2-8 % per document, the certified copy worst). Until seal suppression lands (issue 5), the
# bounds are 10 % for any document and 4 % over the whole set; a broken stage (a page read
# sideways, at the wrong scale, or from wrongly decoded pixels) reads at 30 % and worse.
MAX_DOCUMENT_CER = 0.10
MAX_SET_CER = 0.04


@dataclass(frozen=True)
class ProcessedSamples:
    out: Path
    data_dir: Path
    exit_code: int
    scans: tuple[Path, ...]


def sample_scans() -> tuple[Path, ...]:
    return tuple(sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in SCAN_SUFFIXES))


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProcessedSamples]:
    root = tmp_path_factory.mktemp("samples-run")
    data_dir, out = root / "var", root / "out"
    saved = {k: os.environ.get(k) for k in ("SOHOA_DATA_DIR", "SOHOA_DATABASE_URL")}
    os.environ["SOHOA_DATA_DIR"] = str(data_dir)
    os.environ.pop("SOHOA_DATABASE_URL", None)
    scans = sample_scans()
    code = main(["process", *map(str, scans), "--out", str(out)])
    yield ProcessedSamples(out, data_dir, code, scans)
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def sidecar(processed: ProcessedSamples, scan: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((processed.out / f"{scan.name}.json").read_text("utf-8"))
    return loaded


def truth(scan: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((GROUND_TRUTH / f"{scan.name}.json").read_text("utf-8"))
    return loaded


def has_text_layer(scan: Path) -> bool:
    if scan.suffix != ".pdf":
        return False
    with pdfplumber.open(scan) as pdf:
        return all(page.extract_words() for page in pdf.pages)


def words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def test_every_sample_is_stored_with_a_sidecar_and_a_signed_pdf(
    processed: ProcessedSamples,
) -> None:
    assert processed.exit_code == 0
    for scan in processed.scans:
        data = sidecar(processed, scan)
        assert data["error"] is None, data["error"]
        assert data["file"] == scan.name and len(data["sha256"]) == 64
        assert data["kind"] == "result"
        assert len(data["pages"]) == len(truth(scan)["pages"])
        assert set(data["fields"]) >= {"doc_type", "issuer", "number", "issue_date"}
        # Fields are understood (tests/test_understand_*.py score them); without --unit the
        # unit is the matched issuer's.
        assert data["fields"]["doc_type"] == truth(scan)["fields"]["doc_type"]
        assert data["review"] in ("auto", "needs_review")
        assert data["unit"] is None or data["fields"]["issuer"] is not None
        assert (processed.out / f"{scan.name}.pdf").read_bytes().startswith(b"%PDF-")


def test_ocr_reads_the_samples_within_the_error_bound(processed: ProcessedSamples) -> None:
    results = {}
    for scan in processed.scans:
        expected = "\n".join(p["text"] for p in truth(scan)["pages"])
        got = "\n".join(p["text"] for p in sidecar(processed, scan)["pages"])
        results[scan.name] = character_errors(expected, got)
    rates = {name: round(result.rate, 4) for name, result in results.items()}
    assert max(rates.values()) <= MAX_DOCUMENT_CER, rates
    errors = sum(r.errors for r in results.values())
    characters = sum(r.characters for r in results.values())
    assert errors / characters <= MAX_SET_CER, rates


def test_blank_back_pages_are_marked_and_empty(processed: ProcessedSamples) -> None:
    for scan in processed.scans:
        for expected, got in zip(
            truth(scan)["pages"], sidecar(processed, scan)["pages"], strict=True
        ):
            if expected.get("blank"):
                assert got["blank"] is True and got["text"] == ""
            else:
                assert got["blank"] is False and got["text"]


def test_born_digital_pdf_keeps_its_own_text_exactly(processed: ProcessedSamples) -> None:
    born_digital = [s for s in processed.scans if has_text_layer(s)]
    assert len(born_digital) == 1
    (scan,) = born_digital
    for expected, got in zip(truth(scan)["pages"], sidecar(processed, scan)["pages"], strict=True):
        assert Counter(words(got["text"])) == Counter(words(expected["text"]))
        assert got["confidence"] == 1.0


def test_text_in_the_final_pdf_equals_the_ocr_text(processed: ProcessedSamples) -> None:
    for scan in processed.scans:
        pdf = processed.out / f"{scan.name}.pdf"
        for page in sidecar(processed, scan)["pages"]:
            extracted = page_text(pdf, page["index"] + 1, raw=True)
            assert Counter(words(extracted)) == Counter(words(page["text"])), scan.name


def test_sidecar_text_is_nfc(processed: ProcessedSamples) -> None:
    for scan in processed.scans:
        raw = (processed.out / f"{scan.name}.json").read_text("utf-8")
        assert unicodedata.is_normalized("NFC", raw)


def test_signed_outputs_verify_and_one_changed_byte_breaks_them(
    processed: ProcessedSamples, tmp_path: Path
) -> None:
    pdfs = [processed.out / f"{scan.name}.pdf" for scan in processed.scans]
    assert main(["verify", *map(str, pdfs)]) == 0
    assert all(run_pdfsig(pdf).all_valid for pdf in pdfs)
    tampered = tmp_path / "tampered.pdf"
    data = bytearray(pdfs[0].read_bytes())
    data[200] ^= 0x01  # inside the first signed byte range, before /Contents
    tampered.write_bytes(bytes(data))
    assert not run_pdfsig(tampered).all_valid
    assert main(["verify", str(tampered)]) == 1


def test_database_holds_documents_pages_and_text(processed: ProcessedSamples) -> None:
    engine = create_engine(f"sqlite:///{processed.data_dir / 'sohoa.db'}")
    with engine.connect() as connection:
        documents = connection.scalar(select(func.count()).select_from(Document))
        pages = connection.scalar(select(func.count()).select_from(Page))
        errors = connection.scalar(select(func.count()).select_from(ProcessingError))
    expected_pages = sum(len(truth(scan)["pages"]) for scan in processed.scans)
    assert (documents, pages, errors) == (len(processed.scans), expected_pages, 0)


def test_store_is_content_addressed_and_read_only(processed: ProcessedSamples) -> None:
    stored = [p for p in (processed.data_dir / "store").rglob("*") if p.is_file()]
    assert len(stored) == 2 * len(processed.scans)
    for path in stored:
        assert (
            path.stem
            == subprocess.run(
                ["sha256sum", str(path)], capture_output=True, text=True, check=True
            ).stdout.split()[0]
        )
        assert not os.access(path, os.W_OK) or os.geteuid() == 0
        assert path.stat().st_mode & 0o222 == 0


def test_same_bytes_twice_give_one_document(data_dir: Path, tmp_path: Path) -> None:
    scan = next(s for s in sample_scans() if s.suffix == ".jpg")
    twin = tmp_path / "twin" / f"copy-of-{scan.name}"
    twin.parent.mkdir()
    shutil.copy(scan, twin)
    assert main(["process", str(scan), str(twin), "--out", str(tmp_path / "a")]) == 0
    assert main(["process", str(scan), "--out", str(tmp_path / "b")]) == 0
    engine = create_engine(f"sqlite:///{data_dir / 'sohoa.db'}")
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Document)) == 1
    first = json.loads((tmp_path / "a" / f"{scan.name}.json").read_text("utf-8"))
    copy = json.loads((tmp_path / "a" / f"{twin.name}.json").read_text("utf-8"))
    again = json.loads((tmp_path / "b" / f"{scan.name}.json").read_text("utf-8"))
    assert first["sha256"] == copy["sha256"] == again["sha256"]
    assert copy["file"] == twin.name and copy["pages"] == first["pages"]
