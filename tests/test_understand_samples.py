"""Extraction on the samples as the read stage reads them, scored against their ground truth.

The words come from tests/data/understand-ocr/ (made by its refresh.py with the real read
stage), so this runs without Tesseract. Two promises are checked: nearly every field is exact,
and a wrong value never comes with a confidence at or above the review threshold.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.settings import Settings, load_settings
from pipeline.sidecar import FIELD_NAMES
from pipeline.understand.extract import NEEDS_REVIEW, Understanding, understand
from pipeline.values import BoundingBox, DocumentKind, PageText, TextSource, Word

OCR = Path(__file__).resolve().parent / "data" / "understand-ocr"
GROUND_TRUTH = Path(__file__).resolve().parent.parent / "samples" / "ground-truth"
MIN_EXACT_SHARE = 0.95
SCAN_SUFFIXES = {".jpg", ".png", ".tif", ".pdf"}

SETTINGS = load_settings()


def pages_of(path: Path) -> list[PageText]:
    pages = []
    for page in json.loads(path.read_text(encoding="utf-8")):
        words = tuple(
            Word(
                w["text"],
                BoundingBox(**w["box"]),
                w["confidence"],
                w["block"],
                w["paragraph"],
                w["line"],
            )
            for w in page["words"]
        )
        pages.append(
            PageText(
                page["index"],
                TextSource(page["source"]),
                words,
                page["width_px"],
                page["height_px"],
                page["dpi"],
                page["rotation"],
            )
        )
    return pages


def samples() -> list[str]:
    return sorted(p.name.removesuffix(".json") for p in OCR.glob("*.json"))


def truth_of(name: str) -> dict[str, Any]:
    fields: dict[str, Any] = json.loads((GROUND_TRUTH / f"{name}.json").read_text("utf-8"))[
        "fields"
    ]
    return fields


@pytest.fixture(scope="module")
def understood() -> dict[str, Understanding]:
    return {name: understand(pages_of(OCR / f"{name}.json"), DocumentKind.RESULT, SETTINGS)
            for name in samples()}  # fmt: skip


def test_the_stored_words_are_of_existing_samples() -> None:
    """A sample added later is scored once refresh.py has read it; a removed one must go."""
    scans = {p.name for p in GROUND_TRUTH.parent.iterdir() if p.suffix in SCAN_SUFFIXES}
    assert len(samples()) >= 12
    assert set(samples()) <= scans


def test_nearly_every_field_is_exact(understood: dict[str, Understanding]) -> None:
    wrong = []
    scored = 0
    for name, result in understood.items():
        truth = truth_of(name)
        for field in FIELD_NAMES:
            scored += 1
            if result.value(field) != truth[field]:
                wrong.append((name, field, result.value(field), truth[field]))
    assert 1 - len(wrong) / scored >= MIN_EXACT_SHARE, wrong


def test_no_confident_wrong_answer(understood: dict[str, Understanding]) -> None:
    threshold = SETTINGS.understand.review_threshold
    confident_and_wrong = [
        (name, field, result.value(field), truth_of(name)[field], result.fields[field].confidence)
        for name, result in understood.items()
        for field in FIELD_NAMES
        if result.value(field) != truth_of(name)[field]
        and result.fields[field].confidence >= threshold
    ]
    assert confident_and_wrong == []


def test_a_document_with_a_doubtful_field_goes_to_review(
    understood: dict[str, Understanding],
) -> None:
    threshold = SETTINGS.understand.review_threshold
    for result in understood.values():
        doubtful = [
            f for f in result.fields.values() if f.value is not None and f.confidence < threshold
        ]
        if doubtful:
            assert result.review == NEEDS_REVIEW


def test_the_born_digital_decision_is_read_exactly(understood: dict[str, Understanding]) -> None:
    result = understood["qd-ubnd-tinh-so-hoa-2022-0228.pdf"]
    assert result.values == truth_of("qd-ubnd-tinh-so-hoa-2022-0228.pdf")
    assert result.review == "auto"
    assert result.issuer_unit_code == "27"


def test_each_found_field_points_at_its_words(understood: dict[str, Understanding]) -> None:
    result = understood["gpxd-ubnd-tien-du-2022-0315.pdf"]
    number = result.fields["number"]
    assert number.evidence is not None and number.evidence.page == 0
    # The number sits in the header's left column, near the top of the page.
    assert number.evidence.box.left < 1240 and number.evidence.box.top < 600
    dossier = result.fields["dossier_code"]
    assert dossier.evidence is not None and dossier.evidence.box.top > number.evidence.box.top
    json_form = result.evidence_json["number"]
    assert json_form["value"] == "123/GPXD-UBND" and len(json_form["evidence"]["box"]) == 4


def test_a_stricter_threshold_sends_more_to_review(settings: Settings) -> None:
    strict = settings.model_copy(
        update={"understand": settings.understand.model_copy(update={"review_threshold": 0.999})}
    )
    pages = pages_of(OCR / "gpxd-ubnd-tien-du-2022-0315.pdf.json")
    assert understand(pages, DocumentKind.RESULT, settings).review == "auto"
    assert understand(pages, DocumentKind.RESULT, strict).review == NEEDS_REVIEW


def test_nothing_read_gives_nulls_and_review(settings: Settings) -> None:
    result = understand([], DocumentKind.RESULT, settings)
    assert all(value is None for value in result.values.values())
    assert result.review == NEEDS_REVIEW


def test_a_field_the_type_does_not_carry_has_no_confidence(
    understood: dict[str, Understanding],
) -> None:
    receipt = understood["phieu-hen-tthcc-tinh-2022-0314.png"]
    assert receipt.value("number") is None and "number" not in receipt.confidence
    assert receipt.evidence_json["number"] == {"value": None, "confidence": None, "evidence": None}
    assert "dossier_code" in receipt.confidence  # a receipt must carry one
    decision = understood["qd-ubnd-tinh-so-hoa-2022-0228.pdf"]
    assert "subject_id" not in decision.confidence  # a decision may be addressed to no one


def test_a_receipt_is_issued_by_the_unit_it_says_received_the_dossier(settings: Settings) -> None:
    lines = [
        ("UBND PHƯỜNG ĐÌNH BẢNG", 300, 240),
        ("BỘ PHẬN MỘT CỬA", 300, 310),
        ("Đình Bảng, ngày 18 tháng 12 năm 2022", 1500, 420),
        ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 700, 530),
        ("Ủy ban nhân dân phường Đình Bảng tiếp nhận hồ sơ của: Bà Bùi Thị Hồng", 480, 840),
        ("Liên", 360, 920),
    ]
    page = typeset(lines)
    result = understand([page], DocumentKind.RESULT, settings)
    assert result.value("doc_type") == "phieu_hen_tra_ket_qua"
    assert result.value("issuer") == "Ủy ban nhân dân phường Đình Bảng"
    assert result.value("tier") == "commune"
    assert result.value("subject_name") == "Bùi Thị Hồng Liên"
    assert result.value("issue_date") == "2022-12-18"


def typeset(lines: list[tuple[str, int, int]]) -> PageText:
    """A page of clean words at 300 dpi A4: each line's words 40 px high, 25 px apart."""
    words = []
    for number, (line, left, top) in enumerate(lines):
        x = float(left)
        for text in line.split():
            width = 28.0 * len(text)
            words.append(Word(text, BoundingBox(x, top, width, 40.0), 0.96, number, 0, 0))
            x += width + 25.0
    return PageText(0, TextSource.OCR, tuple(words), 2480, 3508, 300)
