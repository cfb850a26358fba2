"""Quota counters through time: what is valid and digitised on a date, per unit and tier,
against the plan in force, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

from pipeline.cli import main
from pipeline.db.models import RegisteredResult
from pipeline.db.session import make_engine, migrate
from pipeline.settings import PACKAGE_CONFIG_DIR
from tests.quota_helpers import import_register, report, store_document, tier, unit

PERMIT = {
    "unit_code": "260",
    "number": "123/GPXD-UBND",
    "issue_date": "2022-03-15",
    "doc_type": "giay_phep_xay_dung",
    "valid_until": "2022-07-31",
}


def test_a_permit_expiring_mid_year_leaves_the_denominator_after_its_valid_until(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_register(tmp_path / "r.csv", [PERMIT])
    assert unit(report(capsys, "2022-03-14"), "260")["valid"] == 0
    assert unit(report(capsys, "2022-03-15"), "260")["valid"] == 1
    assert unit(report(capsys, "2022-07-31"), "260")["valid"] == 1
    assert unit(report(capsys, "2022-08-01"), "260")["valid"] == 0
    assert tier(report(capsys, "2022-08-01"), "district")["valid"] == 0


def test_revocation_and_replacement_end_validity_on_their_day(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_register(
        tmp_path / "r.csv",
        [
            {
                "unit_code": "27",
                "number": "1/QĐ-UBND",
                "issue_date": "2022-02-01",
                "revoked_on": "2022-06-10",
            },
            {
                "unit_code": "27",
                "number": "2/QĐ-UBND",
                "issue_date": "2022-02-01",
                "replaced_on": "2022-09-01",
                "digitised_on": "2022-03-01",
            },
            {"unit_code": "27", "number": "3/QĐ-UBND", "issue_date": "2022-02-01"},
        ],
    )
    june_9 = unit(report(capsys, "2022-06-09"), "27")
    assert (june_9["valid"], june_9["digitised"]) == (3, 1)
    june_10 = unit(report(capsys, "2022-06-10"), "27")
    assert (june_10["valid"], june_10["digitised"]) == (2, 1)
    september = unit(report(capsys, "2022-09-01"), "27")
    assert (september["valid"], september["digitised"]) == (1, 0)
    assert september["ratio"] == 0.0
    assert september["gap"] == 1 and september["met"] is False


def test_a_result_digitised_in_march_counts_from_march(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_register(
        tmp_path / "r.csv",
        [
            {
                "unit_code": "09163",
                "number": "45",
                "issue_date": "2022-01-05",
                "digitised_on": "2022-03-10",
            },
            {"unit_code": "09163", "number": "46", "issue_date": "2022-01-05"},
            {"unit_code": "09163", "number": "47", "issue_date": "2022-01-06"},
        ],
    )
    before = tier(report(capsys, "2022-03-09"), "commune")
    assert (before["valid"], before["digitised"], before["ratio"]) == (3, 0, 0.0)
    # 35 % of 3 valid results is 1.05: two must be digitised.
    assert before["quota"] == 0.35 and before["gap"] == 2
    after = tier(report(capsys, "2022-03-10"), "commune")
    assert (after["digitised"], after["gap"], after["met"]) == (1, 1, False)


def test_a_stored_document_digitises_its_result_from_the_day_it_was_committed(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_register(tmp_path / "r.csv", [{**PERMIT, "valid_until": ""}])
    # Committed 2022-04-01 20:00 UTC, which is already 2 April in Vietnam.
    store_document(
        database_url,
        number="123/GPXD-UBND",
        issue_date=date(2022, 3, 15),
        unit="260",
        committed=datetime(2022, 4, 1, 20, 0, tzinfo=UTC),
    )
    assert unit(report(capsys, "2022-04-01"), "260")["digitised"] == 0
    second = report(capsys, "2022-04-02")
    assert unit(second, "260")["digitised"] == 1
    assert unit(second, "260")["met"] is True
    assert second["unmatched_documents"] == 0


def test_the_tier_of_a_result_of_an_abolished_district_stays_district(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Config: district 260 (Tiên Du) ended on 2025-07-01 (config/units/reorganisations.csv).
    import_register(
        tmp_path / "r.csv", [{**PERMIT, "valid_until": "", "digitised_on": "2022-05-01"}]
    )
    later = report(capsys, "2026-01-15")
    assert tier(later, "district")["valid"] == 1
    assert tier(later, "district")["digitised"] == 1
    assert unit(later, "260")["tier"] == "district"
    assert tier(later, "commune")["valid"] == 0 and tier(later, "province")["valid"] == 0


def test_before_the_plan_there_is_no_quota_and_a_re_import_moves_the_counts(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_register(tmp_path / "r.csv", [PERMIT])
    january = tier(report(capsys, "2022-01-31"), "district")
    assert (january["quota"], january["gap"], january["met"]) == (None, None, None)
    assert report(capsys, "2022-01-31")["plan"] is None
    assert tier(report(capsys, "2022-03-31"), "district")["quota"] == 0.4
    # The unit corrects the permit's validity: the next report sees it.
    import_register(tmp_path / "r2.csv", [{**PERMIT, "valid_until": "2022-03-20"}])
    assert unit(report(capsys, "2022-03-31"), "260")["valid"] == 0


def test_per_doc_type_on_request(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_register(
        tmp_path / "r.csv",
        [
            PERMIT,
            {
                "unit_code": "256",
                "number": "9/QĐ",
                "issue_date": "2022-03-01",
                "doc_type": "quyet_dinh",
                "digitised_on": "2022-03-02",
            },
        ],
    )
    plain = report(capsys, "2022-04-01")
    assert "doc_types" not in plain
    rows = report(capsys, "2022-04-01", "--by-doc-type")["doc_types"]
    by_type = {row["doc_type"]: row for row in rows}
    assert by_type["giay_phep_xay_dung"]["valid"] == 1
    assert by_type["quyet_dinh"]["digitised"] == 1
    assert {row["tier"] for row in rows} == {"district"}


def test_a_register_imported_before_the_quota_schema_is_counted_after_the_upgrade(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(database_url)
    migrate(engine, "0003")
    with engine.begin() as connection:
        connection.execute(
            insert(RegisteredResult),
            [
                {
                    "unit_code": "27",
                    "number": "1/QĐ",
                    "issue_date": date(2022, 1, 3),
                    "digitised_on": date(2022, 2, 1),
                    "imported_at": datetime.now(UTC),
                }
            ],
        )
    engine.dispose()
    result = unit(report(capsys, "2022-03-01"), "27")
    assert (result["valid"], result["digitised"]) == (1, 1)


def test_results_of_a_unit_dropped_from_the_config_stop_the_report_with_advice(
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import_register(
        tmp_path / "r.csv", [{"unit_code": "27-SXD", "number": "1", "issue_date": "2022-03-01"}]
    )
    config = tmp_path / "config"
    shutil.copytree(PACKAGE_CONFIG_DIR, config)
    departments = config / "units" / "bac-ninh-departments.csv"
    lines = departments.read_text(encoding="utf-8").splitlines()
    departments.write_text(
        "\n".join(line for line in lines if not line.startswith("27-SXD,")) + "\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SOHOA_CONFIG_DIR", str(config))
    capsys.readouterr()
    assert main(["report", "quota", "--as-of", "2022-04-01"]) == 3
    assert "unit '27-SXD', which is no longer configured" in capsys.readouterr().err
