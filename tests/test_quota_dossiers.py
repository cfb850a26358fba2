"""Dossier intake against digitised dossiers, and the commune rollout figure; the sample
register shipped in samples/register/ imports cleanly."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import SAMPLES
from tests.quota_helpers import report, store_document

HEADER = "unit_code,dossier_code,received_on"


def test_dossiers_received_against_digitised_and_the_commune_rollout(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "intake.csv"
    export.write_text(
        "\n".join(
            [
                HEADER,
                "27-HCC,000.00.00.H06-220314-0117,2022-03-14",
                "09163,A-1,14/03/2022",
                "09163,A-2,2022-03-15",
                "27-09163-MC,A-3,2022-03-16",
                "09166,B-1,2022-03-16",
                "999,C-1,2022-03-16",
                "09163,,2022-03-16",
                "09163,C-2,2022-02-30",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    assert main(["dossiers", "import", str(export)]) == 0
    said = capsys.readouterr().err
    assert "5 added, 0 updated, 0 unchanged, 3 rejected" in said
    assert "line 7: unit_code '999' is not a configured unit" in said
    assert "line 8: dossier_code is empty" in said
    assert "line 9: received_on '2022-02-30' is a day that does not exist" in said
    assert main(["dossiers", "import", str(export)]) == 0
    assert "0 added, 0 updated, 5 unchanged, 3 rejected" in capsys.readouterr().err
    committed = datetime(2022, 3, 20, 2, 0, tzinfo=UTC)
    for code in ("A-1", "A-3", "000.00.00.H06-220314-0117"):
        store_document(
            database_url,
            number=None,
            issue_date=None,
            unit=None,
            committed=committed,
            kind="dossier",
            dossier_code=code,
        )
    before = report(capsys, "2022-03-19")["dossiers"]
    assert (before["received"], before["digitised"]) == (5, 0)
    assert before["commune_rollout"]["digitising"] == 0
    after = report(capsys, "2022-03-31")["dossiers"]
    assert (after["received"], after["digitised"]) == (5, 3)
    by_unit = {row["unit_code"]: row for row in after["units"]}
    assert (by_unit["09163"]["received"], by_unit["09163"]["digitised"]) == (2, 1)
    assert by_unit["27-09163-MC"]["digitised"] == 1
    rollout = after["commune_rollout"]
    # Phường Vũ Ninh (its own committee and its one-stop desk) is the one commune digitising.
    assert rollout["digitising"] == 1
    assert rollout["communes"] == 126
    assert rollout["quota"] == 0.5 and rollout["met"] is False
    # Only dossiers received in the period count.
    later = report(capsys, "2022-03-31", "--since", "2022-03-15")["dossiers"]
    assert later["received"] == 3


def test_the_sample_register_and_intake_import_without_rejections(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["register", "import", str(SAMPLES / "register" / "register.csv")]) == 0
    assert " 0 rejected" in capsys.readouterr().err
    assert main(["dossiers", "import", str(SAMPLES / "register" / "dossiers.csv")]) == 0
    assert " 0 rejected" in capsys.readouterr().err
    result = report(capsys, "2022-06-30")
    assert sum(row["valid"] for row in result["tiers"]) > 20
