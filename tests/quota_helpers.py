"""Helpers of the quota tests: a register written as CSV, documents stored directly (as the
pipeline would after extraction), and the quota report read back as JSON."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.count.register import COLUMNS
from pipeline.db.models import Document
from pipeline.db.session import open_database
from pipeline.settings import PACKAGE_CONFIG_DIR


def write_register(path: Path, rows: list[dict[str, str]]) -> Path:
    lines = [",".join(COLUMNS)]
    lines += [",".join(row.get(column, "") for column in COLUMNS) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def import_register(path: Path, rows: list[dict[str, str]]) -> None:
    assert main(["register", "import", str(write_register(path, rows))]) == 0


def let_documents_create_register_rows(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Use a copy of the shipped config in `config` where unmatched result documents create
    their register rows."""
    shutil.copytree(PACKAGE_CONFIG_DIR, config)
    quotas = config / "quotas.toml"
    quotas.write_text(
        quotas.read_text(encoding="utf-8").replace(
            "unmatched_documents_create_register_rows = false",
            "unmatched_documents_create_register_rows = true",
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("SOHOA_CONFIG_DIR", str(config))


def store_document(
    url: str,
    *,
    number: str | None,
    issue_date: date | None,
    unit: str | None,
    committed: datetime,
    kind: str = "result",
    dossier_code: str | None = None,
    doc_type: str | None = None,
) -> int:
    with open_database(url).begin() as session:
        document = Document(
            source_sha256=f"{hash((number, unit, committed, dossier_code)) & (2**64 - 1):064x}",
            file_name=f"{number or dossier_code or 'scan'}.pdf".replace("/", "-"),
            media_type="application/pdf",
            kind=kind,
            unit_code=unit,
            issuer_unit_code=unit,
            page_count=1,
            pdf_sha256=f"{hash(('pdf', number, unit, committed, dossier_code)) & (2**64 - 1):064x}",
            signed_by="test",
            committed_at=committed.astimezone(UTC),
            number=number,
            issue_date=issue_date,
            dossier_code=dossier_code,
            doc_type=doc_type,
        )
        session.add(document)
        session.flush()
        return document.id


def report(capsys: pytest.CaptureFixture[str], as_of: str, *extra: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["report", "quota", "--as-of", as_of, "--format", "json", *extra]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def tier(report_json: dict[str, Any], name: str) -> dict[str, Any]:
    return next(row for row in report_json["tiers"] if row["tier"] == name)


def unit(report_json: dict[str, Any], code: str) -> dict[str, Any]:
    return next(row for row in report_json["units"] if row["unit_code"] == code)
