"""What a person sees when a command cannot run: a reason, a fix, and a distinct exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import text_page


def test_inputs_sharing_a_name_are_refused_before_any_work(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in ("desk-1", "desk-2"):
        (tmp_path / folder).mkdir()
        text_page(tmp_path / folder / "scan-0001.png", ["Giấy tiếp nhận hồ sơ"])
    code = main(
        [
            "process",
            str(tmp_path / "desk-1"),
            str(tmp_path / "desk-2"),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 3
    assert "both named scan-0001.png" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_unknown_unit_and_missing_path_are_named(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = text_page(tmp_path / "a.png", ["Quyết định"])
    assert main(["process", str(page), "--out", str(tmp_path), "--unit", "00000"]) == 3
    assert "00000" in capsys.readouterr().err
    assert main(["process", str(tmp_path / "missing.jpg"), "--out", str(tmp_path)]) == 2
    assert "missing.jpg: no such file" in capsys.readouterr().err


def test_verify_fails_on_a_pdf_it_never_stored(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stranger = tmp_path / "stranger.pdf"
    stranger.write_bytes(
        b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n"
    )
    assert main(["verify", str(stranger)]) == 1
    out = capsys.readouterr().err
    assert "FAIL" in out and "matches no file this installation stored" in out
