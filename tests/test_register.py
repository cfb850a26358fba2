"""`sohoa register import`: CSV and XLSX registers, checked row by row, upserted by natural key,
on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from pipeline.cli import main
from pipeline.count.register import COLUMNS
from pipeline.db.models import RegisteredResult
from pipeline.db.session import open_database

HEADER = ",".join(COLUMNS)


def _csv(path: Path, *lines: str, bom: bool = False) -> Path:
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _stored(url: str) -> dict[tuple[str, str, date], RegisteredResult]:
    with open_database(url)() as session:
        rows = session.scalars(select(RegisteredResult)).all()
    return {(r.unit_code, r.number, r.issue_date): r for r in rows}


def _count(url: str) -> int:
    with open_database(url)() as session:
        return session.scalar(select(func.count()).select_from(RegisteredResult)) or 0


def test_a_csv_register_is_imported_with_vietnamese_dates_and_nfc_text(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decomposed = "Quye\u0302\u0301t"  # "Quyết" typed with a combining accent
    register = _csv(
        tmp_path / "register.csv",
        HEADER,
        "256, 123/GPXD-UBND ,15/03/2022,giay_phep_xay_dung,15/03/2023,,,027090001234,2022-04-01",
        f"27-SXD,{decomposed}/QĐ-SXD,2022-01-05,quyet_dinh,,,,,",
        bom=True,
    )
    assert main(["register", "import", str(register)]) == 0
    stored = _stored(database_url)
    permit = stored[("256", "123/GPXD-UBND", date(2022, 3, 15))]
    assert permit.valid_until == date(2023, 3, 15)
    assert permit.digitised_on == date(2022, 4, 1)
    assert permit.subject_id == "027090001234"
    assert permit.revoked_on is None
    decision = stored[("27-SXD", "Quyết/QĐ-SXD", date(2022, 1, 5))]
    assert decision.doc_type == "quyet_dinh"
    assert decision.subject_id is None
    assert "2 added, 0 updated, 0 unchanged, 0 rejected" in capsys.readouterr().err


def test_reimporting_updates_rows_and_never_duplicates_them(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _csv(
        tmp_path / "a.csv", HEADER, "256,1/QĐ,2022-03-15,,,,,,", "256,2/QĐ,2022-03-15,,,,,,"
    )
    assert main(["register", "import", str(first)]) == 0
    assert main(["register", "import", str(first)]) == 0
    assert "0 added, 0 updated, 2 unchanged" in capsys.readouterr().err
    revoked = _csv(tmp_path / "b.csv", HEADER, "256,1/QĐ,15/03/2022,,,2022-06-01,,,")
    assert main(["register", "import", str(revoked)]) == 0
    assert "0 added, 1 updated, 0 unchanged" in capsys.readouterr().err
    assert _count(database_url) == 2
    assert _stored(database_url)[("256", "1/QĐ", date(2022, 3, 15))].revoked_on == date(2022, 6, 1)


def test_every_bad_row_is_reported_with_its_line_and_the_good_rows_are_imported(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = _csv(
        tmp_path / "register.csv",
        HEADER,
        "256,1/QĐ,2022-03-15,,,,,,",
        "999,2/QĐ,2022-03-15,,,,,,",
        "256,3/QĐ,31/02/2022,,,,,,",
        ",4/QĐ,2022-03-15,,,,,,",
        "256,,2022-03-15,,,,,,",
        "256,6/QĐ,,,,,,,",
        "256,7/QĐ,2022-03-15,,2022-03-14,,,,",
        "256,8/QĐ,2022-03-15,,,March,,,",
        "256,9/QĐ,2022-03-15,,,,,,",
    )
    rejects = tmp_path / "rejects.csv"
    assert main(["register", "import", str(register), "--rejects", str(rejects)]) == 0
    err = capsys.readouterr().err
    assert "2 added, 0 updated, 0 unchanged, 7 rejected" in err
    for line, reason in [
        (3, "unit_code '999' is not a configured unit"),
        (4, "issue_date '31/02/2022' is a day that does not exist"),
        (5, "unit_code is empty"),
        (6, "number is empty"),
        (7, "issue_date is empty"),
        (8, "valid_until 2022-03-14 is before issue_date 2022-03-15"),
        (9, "revoked_on 'March' is not a date"),
    ]:
        assert f"line {line}: {reason}" in err
    assert {key[1] for key in _stored(database_url)} == {"1/QĐ", "9/QĐ"}
    with rejects.open(encoding="utf-8-sig", newline="") as stream:
        written = list(csv.DictReader(stream))
    assert [row["line"] for row in written] == ["3", "4", "5", "6", "7", "8", "9"]
    assert written[0]["unit_code"] == "999"


def test_a_register_whose_every_row_is_bad_reports_them_all_and_adds_nothing(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = _csv(tmp_path / "register.csv", HEADER, "999,1/QĐ,2022-03-15,,,,,,", ",2/QĐ,,,,,,,")
    assert main(["register", "import", str(register)]) == 0
    err = capsys.readouterr().err
    assert "0 added, 0 updated, 0 unchanged, 2 rejected" in err
    assert "line 2: unit_code '999' is not a configured unit" in err
    assert _count(database_url) == 0


def test_quotes_backslashes_and_any_unicode_in_a_cell_are_stored_as_they_are(
    database_url: str, tmp_path: Path
) -> None:
    # Rows reach the database as JSON text: what JSON escapes must come back unchanged.
    numbers = ['12/"QĐ"-UBND', "7\\x/QĐ", "Số 5/QĐ–UBND 𝟘", "3/QĐ\tUBND"]
    register = tmp_path / "register.csv"
    with register.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER.split(","))
        writer.writerows(
            [["256", number, "2022-03-15", "", "", "", "", "", ""] for number in numbers]
        )
    assert main(["register", "import", str(register)]) == 0
    assert {key[1] for key in _stored(database_url)} == set(numbers)


def test_an_xlsx_register_with_real_date_cells_is_imported(
    database_url: str, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Unit_Code", "number", "issue_date", "valid_until", "digitised_on"])
    sheet.append([256, "12/GP", datetime(2022, 3, 15), "15/03/2023", None])
    sheet.append([None, None, None, None, None])
    sheet.append(["27-SXD", "13/QĐ", date(2022, 1, 5), None, datetime(2022, 2, 1)])
    sheet.append(["27-SXD", "14/QĐ", "30/02/2022", None, None])
    path = tmp_path / "register.xlsx"
    workbook.save(path)
    rejects = tmp_path / "rejects.csv"
    assert main(["register", "import", str(path), "--rejects", str(rejects)]) == 0
    stored = _stored(database_url)
    assert stored[("256", "12/GP", date(2022, 3, 15))].valid_until == date(2023, 3, 15)
    assert stored[("27-SXD", "13/QĐ", date(2022, 1, 5))].digitised_on == date(2022, 2, 1)
    assert len(stored) == 2
    assert rejects.read_text(encoding="utf-8-sig").splitlines()[1].startswith("5,")


def test_twenty_thousand_rows_import_in_batches(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [f"256,{n}/QĐ,{1 + n % 28:02d}/03/2022,,,,,," for n in range(20_000)]
    register = _csv(tmp_path / "register.csv", HEADER, *lines)
    assert main(["register", "import", str(register)]) == 0
    assert main(["register", "import", str(register)]) == 0
    assert "0 added, 0 updated, 20000 unchanged, 0 rejected" in capsys.readouterr().err
    assert _count(database_url) == 20_000


def test_a_missing_required_column_is_named(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = _csv(tmp_path / "register.csv", "unit_code,number,date", "256,1/QĐ,2022-03-15")
    assert main(["register", "import", str(register)]) == 1
    assert "no 'issue_date' column" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "register file not found"),
        ("register.pdf", b"%PDF-1.7", "must be a .csv or .xlsx file"),
        ("register.xlsx", b"not a zip", "cannot open the workbook"),
        ("register.csv", "unit_code,number,issue_date\n256,Qu\xe1,2022".encode("cp1258"), "UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_clear_error(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes | None,
    message: str,
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["register", "import", str(path)]) != 0
    assert message in capsys.readouterr().err
