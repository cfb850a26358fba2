"""Matching stored result documents to register rows: OCR variants of the number are
tolerated, ambiguous numbers refused, the unmatched counted, and config may let them create
register rows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline.count.matching import folded_number
from pipeline.db.models import RegisteredResult, RegisterMatch
from pipeline.db.session import open_database
from tests.quota_helpers import (
    import_register,
    let_documents_create_register_rows,
    report,
    store_document,
    unit,
)

COMMITTED = datetime(2022, 5, 2, 3, 0, tzinfo=UTC)
ISSUED = date(2022, 4, 12)


def _register(tmp_path: Path) -> None:
    import_register(
        tmp_path / "r.csv",
        [
            {"unit_code": "261", "number": "1187/QĐ-UBND", "issue_date": "2022-04-12"},
            {"unit_code": "261", "number": "105/QĐ-UBND", "issue_date": "2022-04-12"},
            # Two rows whose numbers differ only by Đ/D: a misread number could be either.
            {"unit_code": "261", "number": "10/QĐ-UBND", "issue_date": "2022-04-12"},
            {"unit_code": "261", "number": "10/QD-UBND", "issue_date": "2022-04-12"},
        ],
    )


def _methods(url: str) -> dict[str, str]:
    with open_database(url)() as session:
        rows = session.execute(
            select(RegisteredResult.number, RegisterMatch.method).join(
                RegisterMatch, RegisterMatch.result_id == RegisteredResult.id
            )
        )
        return {number: method for number, method in rows}


def test_folding_the_usual_ocr_confusions() -> None:
    assert folded_number(" 1187 / QĐ-UBND") == folded_number("1187/QD-UBND")
    assert folded_number("1O5/qđ-ubnd") == folded_number("105/QĐ-UBND")
    assert folded_number("105/QĐ-UBND") != folded_number("106/QĐ-UBND")


def test_ocr_variants_match_and_ambiguous_numbers_are_refused(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _register(tmp_path)
    for number in ("1187 /QD-UBND", "1O5/QĐ-UBND", "10/QĐ-UBND", "10 / QÐ-UBND"):
        store_document(
            database_url, number=number, issue_date=ISSUED, unit="261", committed=COMMITTED
        )
    # Right number, wrong day: not this register row.
    store_document(
        database_url,
        number="1187/QĐ-UBND",
        issue_date=date(2022, 4, 13),
        unit="261",
        committed=COMMITTED,
    )
    # Nothing read: cannot be matched.
    store_document(database_url, number=None, issue_date=None, unit="261", committed=COMMITTED)
    result = report(capsys, "2022-05-31")
    assert _methods(database_url) == {
        "1187/QĐ-UBND": "ocr_variant",
        "105/QĐ-UBND": "ocr_variant",
        "10/QĐ-UBND": "number",
    }
    # "10 / QÐ-UBND" (with Ð, the Icelandic eth OCR sometimes gives) folds onto neither row.
    assert result["unmatched_documents"] == 3
    assert unit(result, "261")["valid"] == 4
    assert unit(result, "261")["digitised"] == 3


def test_a_number_that_fits_two_register_rows_is_left_unmatched(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _register(tmp_path)
    store_document(
        database_url, number="10 /QD-UBND", issue_date=ISSUED, unit="261", committed=COMMITTED
    )
    result = report(capsys, "2022-05-31")
    assert result["unmatched_documents"] == 1
    assert unit(result, "261")["digitised"] == 0
    capsys.readouterr()
    from pipeline.cli import main

    assert main(["report", "quota", "--as-of", "2022-05-31"]) == 0
    assert "ambiguous" in capsys.readouterr().out


def test_config_lets_unmatched_documents_create_register_rows(
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    let_documents_create_register_rows(tmp_path / "config", monkeypatch)
    _register(tmp_path)
    store_document(
        database_url, number="77/QĐ-UBND", issue_date=ISSUED, unit="261", committed=COMMITTED
    )
    store_document(
        database_url, number="10 /QD-UBND", issue_date=ISSUED, unit="261", committed=COMMITTED
    )
    result = report(capsys, "2022-05-31")
    # The new number made its register row; the ambiguous one did not (it may be a misread).
    assert _methods(database_url) == {"77/QĐ-UBND": "created"}
    assert result["unmatched_documents"] == 1
    assert unit(result, "261")["valid"] == 5
    assert unit(result, "261")["digitised"] == 1
