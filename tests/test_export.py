"""`sohoa export --out DIR`: every stored document's sidecar (DESIGN §5), named like process."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from pipeline.cli import main
from pipeline.db.session import open_database
from pipeline.review import load_document
from pipeline.sidecar import FIELD_NAMES, document_sidecar
from tests.stored_documents import stored_document


@pytest.fixture
def sessions(database_url: str) -> sessionmaker[Session]:
    return open_database(database_url)


def test_export_writes_every_document_with_its_fields(
    sessions: sessionmaker[Session], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = stored_document(sessions, "gpxd-tien-du.pdf")
    stored_document(sessions, "stack.pdf", source="stack")
    stored_document(sessions, "stack.pdf", source="stack", part_index=1)
    out = tmp_path / "export"
    assert main(["export", "--out", str(out)]) == 0
    assert "Wrote 3 sidecar(s)" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == [
        "gpxd-tien-du.pdf.json",
        "stack.pdf.json",
        "stack.pdf.part2.json",
    ]
    sidecar = json.loads((out / "gpxd-tien-du.pdf.json").read_text(encoding="utf-8"))
    assert sidecar == json.loads(json.dumps(document_sidecar(load_document(sessions, first))))
    assert sidecar["file"] == "gpxd-tien-du.pdf"
    assert set(FIELD_NAMES) <= set(sidecar["fields"])
    assert sidecar["review"] == "needs_review"
    assert sidecar["error"] is None
    text = sidecar["pages"][0]["text"]
    assert text == unicodedata.normalize("NFC", text) and "GIẤY PHÉP XÂY DỰNG" in text


def test_documents_sharing_a_file_name_do_not_overwrite_each_other(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    stored_document(sessions, "scan-0001.jpg", source="inbox-a")
    stored_document(sessions, "scan-0001.jpg", source="inbox-b")
    out = tmp_path / "export"
    assert main(["export", "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 2 and names[-1] == "scan-0001.jpg.json"
    shas = {json.loads((out / n).read_text(encoding="utf-8"))["sha256"] for n in names}
    assert len(shas) == 2


def test_an_empty_store_exports_nothing(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    assert main(["export", "--out", str(tmp_path / "none")]) == 0
    assert list((tmp_path / "none").iterdir()) == []


def test_an_exported_sidecar_carries_the_reviewed_values(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    document_id = stored_document(sessions, "gpxd.pdf")
    review = ["review", str(document_id), "--set", "number=123/GPXD", "--accept-rest"]
    assert main([*review, "--by", "Mai"]) == 0
    assert main(["export", "--out", str(tmp_path)]) == 0
    sidecar = json.loads((tmp_path / "gpxd.pdf.json").read_text(encoding="utf-8"))
    assert sidecar["fields"]["number"] == "123/GPXD"
    assert sidecar["fields"]["issue_date"] == "2022-03-15"
    assert sidecar["confidence"]["number"] == 1.0
    assert sidecar["review"] == "reviewed"
