"""Every format of `sohoa report quota`, and the HTML report opened in a real headless
Chromium: it loads and its screenshot shows the bar and trend charts."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from pipeline.cli import main
from pipeline.count.html import TIER_COLOURS
from tests.quota_helpers import import_register

AS_OF = "2022-12-31"
TALLY = ["valid", "digitised", "ratio", "quota", "gap", "met"]


@pytest.fixture
def register(database_url: str, tmp_path: Path) -> None:
    rows = []
    for month in range(1, 13):
        for unit_code, count in (("27-SXD", 3), ("256", 2), ("09163", 4)):
            for index in range(count):
                digitised = f"2022-{month:02d}-20" if index % 2 == 0 else ""
                rows.append(
                    {
                        "unit_code": unit_code,
                        "number": f"{month}{index}/QĐ",
                        "issue_date": f"2022-{month:02d}-05",
                        "doc_type": "quyet_dinh" if index else "giay_phep",
                        "digitised_on": digitised,
                    }
                )
    import_register(tmp_path / "register.csv", rows)


def _run(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    capsys.readouterr()
    assert main(["report", "quota", "--as-of", AS_OF, *arguments]) == 0
    return capsys.readouterr().out


def test_json_has_the_shape_the_issue_fixes(
    register: None, capsys: pytest.CaptureFixture[str]
) -> None:
    report = json.loads(_run(capsys, "--format", "json"))
    assert report["as_of"] == AS_OF
    assert [row["tier"] for row in report["tiers"]] == ["province", "district", "commune"]
    for row in report["tiers"]:
        assert list(row) == ["tier", *TALLY]
    for row in report["units"]:
        assert list(row) == ["unit_code", "tier", *TALLY]
    assert isinstance(report["unmatched_documents"], int)
    province = report["tiers"][0]
    assert (province["valid"], province["digitised"], province["quota"]) == (36, 24, 0.5)
    assert province["met"] is True and province["gap"] == 0


def test_csv_table_and_files(
    register: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = list(csv.DictReader(io.StringIO(_run(capsys, "--format", "csv", "--by-doc-type"))))
    levels = {row["level"] for row in rows}
    assert levels == {"tier", "unit", "doc_type"}
    commune = next(r for r in rows if r["level"] == "tier" and r["tier"] == "commune")
    assert (commune["valid"], commune["digitised"], commune["gap"]) == ("48", "24", "0")
    table = _run(capsys)
    assert "province" in table and "27-SXD" in table and "met" in table
    out = tmp_path / "report.csv"
    _run(capsys, "--format", "csv", "--out", str(out))
    assert out.read_text(encoding="utf-8").startswith("as_of,level,tier")


def test_xlsx_has_one_sheet_per_level(
    register: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "quota.xlsx"
    _run(capsys, "--format", "xlsx", "--out", str(out), "--by-doc-type")
    workbook = openpyxl.load_workbook(out, read_only=True)
    assert workbook.sheetnames == ["Tiers", "Units", "Doc types", "Dossiers", "Unmatched"]
    tiers = list(workbook["Tiers"].iter_rows(values_only=True))
    assert tiers[1] == ("tier", *TALLY)
    assert tiers[2][:3] == ("province", 36, 24)
    assert main(["report", "quota", "--as-of", AS_OF, "--format", "xlsx"]) != 0


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs the Debian package chromium")
def test_the_html_report_opens_in_chromium_and_shows_its_charts(
    register: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert CHROMIUM is not None
    page = tmp_path / "quota.html"
    _run(capsys, "--format", "html", "--out", str(page))
    html = page.read_text(encoding="utf-8")
    assert "http" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # self-contained
    browser = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [*browser, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    )
    assert dom.returncode == 0, dom.stderr
    assert dom.stdout.count("<svg") == 4  # three tier bars and the trend
    assert dom.stdout.count('class="quota"') == 3
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*browser, "--window-size=1000,1400", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None
    painted = {rgb: count for count, rgb in colours}
    for tier, hex_colour in TIER_COLOURS.items():
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        # A bar of the tier's colour (thousands of pixels), not just its legend swatch.
        assert painted.get(rgb, 0) > 2000, f"no {tier} bar in the screenshot"
    quota_red = painted.get((0xDD, 0, 0), 0)
    assert quota_red > 300, "no quota lines in the screenshot"
