"""`sohoa process` understands what it stores: sidecar fields, confidences and review, typed
columns in the database, and the unit taken from the matched issuer when --unit is not given.
Real Tesseract on one scan, the text layer of the born-digital decision; SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, select

from pipeline.cli import main
from pipeline.db.models import Document
from pipeline.sidecar import document_sidecar
from tests.conftest import SAMPLES

DECISION = SAMPLES / "qd-ubnd-tinh-so-hoa-2022-0228.pdf"
RECEIPT = SAMPLES / "phieu-hen-tthcc-tinh-2022-0314.png"


def truth(sample: Path) -> dict[str, object]:
    text = (SAMPLES / "ground-truth" / f"{sample.name}.json").read_text(encoding="utf-8")
    fields: dict[str, object] = json.loads(text)["fields"]
    return fields


def sidecar(out: Path, sample: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((out / f"{sample.name}.json").read_text("utf-8"))
    return data


def test_process_fills_fields_confidence_review_and_unit(database_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["process", str(DECISION), str(RECEIPT), "--out", str(out)]) == 0

    decision = sidecar(out, DECISION)
    assert decision["fields"] == truth(DECISION)
    assert decision["review"] == "auto"
    assert decision["unit"] == "27"  # Ủy ban nhân dân tỉnh Bắc Ninh, matched from the header
    confidence = decision["confidence"]
    assert isinstance(confidence, dict) and confidence["number"] >= 0.8
    assert set(confidence) >= {"doc_type", "issuer", "number", "issue_date"}

    receipt = sidecar(out, RECEIPT)
    assert receipt["unit"] == "27-HCC"
    fields = receipt["fields"]
    assert isinstance(fields, dict)
    expected = truth(RECEIPT)
    for name in ("doc_type", "tier", "issuer", "issue_date", "dossier_code", "number"):
        assert fields[name] == expected[name], name

    engine = create_engine(database_url)
    with engine.connect() as connection:
        row = connection.execute(select(Document).where(Document.file_name == DECISION.name)).one()
    engine.dispose()
    assert row.doc_type == "quyet_dinh"
    assert row.issue_date == date(2022, 2, 28)
    assert row.issuer_unit_code == "27" and row.tier == "province"
    assert row.number == "215/QĐ-UBND"
    assert row.review == "auto"
    assert row.fields["number"]["evidence"]["page"] == 0
    assert len(row.fields["number"]["evidence"]["box"]) == 4


def test_a_unit_given_on_the_command_line_is_kept(database_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["process", str(DECISION), "--out", str(out), "--unit", "27-VP"]) == 0
    decision = sidecar(out, DECISION)
    assert decision["unit"] == "27-VP"
    fields = decision["fields"]
    assert isinstance(fields, dict) and fields["issuer"] == "Ủy ban nhân dân tỉnh Bắc Ninh"


def test_a_value_a_person_cleared_stays_null_in_the_sidecar() -> None:
    machine = {"number": {"value": "215/QĐ-UBND", "confidence": 0.6, "evidence": None}}
    understood = Document(fields=machine, review="reviewed", number=None, doc_type="quyet_dinh")
    assert document_sidecar(understood)["fields"]["number"] is None
    assert document_sidecar(understood)["fields"]["doc_type"] == "quyet_dinh"
    # A row from before understanding keeps what its fields JSON says.
    older = Document(fields={"dossier_code": "000.00.25.H06-220301-0042"}, review=None)
    assert document_sidecar(older)["fields"]["dossier_code"] == "000.00.25.H06-220301-0042"
