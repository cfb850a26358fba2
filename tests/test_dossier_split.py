"""Dossier stacks: QR codes read from page images, receipts recognised from their text, the
split planned at each receipt, and a real stack through `sohoa process --kind dossier`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pikepdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from pipeline.cli import main
from pipeline.db.models import Document
from pipeline.dossier.qr import read_qr_codes
from pipeline.dossier.read import read_dossier_page
from pipeline.dossier.receipt import (
    CodeSource,
    Receipt,
    has_receipt_title,
    is_receipt_candidate,
    recognise_receipt,
)
from pipeline.dossier.split import Part, plan_parts
from pipeline.dossier.stack import part_file_name
from pipeline.errors import UnreadablePage
from pipeline.ingest.load import load_input
from pipeline.read.ocr import ReadJob
from pipeline.settings import Settings
from pipeline.values import BoundingBox, PageText, TextSource, Word
from tests.conftest import SAMPLES, SERIF

CODE_A = "000.00.25.H06-220301-0042"
CODE_B = "000.00.00.H06-220314-0117"


def qr_page(path: Path, payload: str, *, module_px: int = 8, damaged: bool = False) -> Path:
    """A white A4 page at 300 dpi with one QR code in its lower right corner."""
    page = np.full((3508, 2480), 255, np.uint8)
    code = cv2.QRCodeEncoder.create().encode(payload)
    code = cv2.resize(
        code,
        (code.shape[1] * module_px, code.shape[0] * module_px),
        interpolation=cv2.INTER_NEAREST,
    )
    top, left = 3508 - 300 - code.shape[0], 2480 - 250 - code.shape[1]
    page[top : top + code.shape[0], left : left + code.shape[1]] = code
    if damaged:  # a torn corner takes a finder pattern with it
        page[top : top + code.shape[0] // 2, left : left + code.shape[1] // 2] = 255
    cv2.imwrite(str(path), page)
    return path


def page_text(lines: list[str], *, height: float = 3508.0, top: float = 200.0) -> PageText:
    """A page read with the given lines, one word box a line, stacked from ``top``."""
    words = tuple(
        Word(line, BoundingBox(300, top + 60 * number, 1800, 50), 0.9, line=number)
        for number, line in enumerate(lines)
    )
    return PageText(0, TextSource.OCR, words, 2480, height, 300)


def test_a_qr_code_is_read_from_the_page_image(tmp_path: Path) -> None:
    assert read_qr_codes(qr_page(tmp_path / "p.png", CODE_A)) == (CODE_A,)


def test_a_small_qr_code_needs_the_thorough_look(tmp_path: Path) -> None:
    path = qr_page(tmp_path / "p.png", CODE_A, module_px=3)
    assert read_qr_codes(path, thorough=True) == (CODE_A,)


def test_a_damaged_qr_code_or_no_image_gives_nothing(tmp_path: Path) -> None:
    assert read_qr_codes(qr_page(tmp_path / "p.png", CODE_A, damaged=True), thorough=True) == ()
    assert read_qr_codes(tmp_path / "missing.png") == ()
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((1754, 1240), 255, np.uint8))
    assert read_qr_codes(blank, thorough=True) == ()


@pytest.mark.parametrize(
    "title",
    [
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "GIAY TIEP NHAN HO SO VA HEN TRA KET QUA",
        "GIẢY TIẾP NHẠN HÒ SƠ VẢ HẸN TRẢ KÉT QUÁ",
        "GIẤY TIẾP NHẬN HỎ SƠ\nVÀ HẸN TRẢ KÊT QUA",
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "CÔNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc GLẤY TIÉP NHÂN "
        "H0 SƠ VÀ HEN TRÁ KÉT QUẢ Mã hồ sơ",
    ],
)
def test_the_receipt_title_survives_ocr_noise(title: str) -> None:
    assert has_receipt_title(title)


@pytest.mark.parametrize(
    "text",
    [
        "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG",
        "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH",
        "QUYẾT ĐỊNH về việc tiếp nhận hồ sơ",
        "",
        "hẹn",
    ],
)
def test_other_titles_are_not_receipts(text: str) -> None:
    assert not has_receipt_title(text)


def test_text_fallback_gives_the_code_printed_on_the_receipt() -> None:
    page = page_text(
        ["GIÁY TIÉP NHẬN HÒ SO VÀ HẸN TRẢ KẾT QUÁ", "Mã hồ sơ: 000.00.25.H06-22O3O1-0O42"]
    )
    assert is_receipt_candidate(page)
    assert recognise_receipt(page, ()) == Receipt(CODE_A, CodeSource.TEXT)


def test_the_qr_code_wins_over_the_text() -> None:
    page = page_text(
        ["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Mã hồ sơ: 000.00.25.H06-220301-0043"]
    )
    assert recognise_receipt(page, ("not a code", CODE_A)) == Receipt(CODE_A, CodeSource.QR)


def test_a_qr_code_with_a_dossier_code_makes_a_receipt_of_a_garbled_page() -> None:
    page = page_text(["~~ ,;: ..."])
    assert recognise_receipt(page, (CODE_B,)) == Receipt(CODE_B, CodeSource.QR)
    assert recognise_receipt(page, ("https://example.vn/cccd/027090001234",)) is None


def test_a_receipt_whose_code_cannot_be_read_is_still_a_receipt() -> None:
    page = page_text(["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Mã hồ sơ: 000.00.25.H06-2203"])
    assert recognise_receipt(page, ()) == Receipt(None, None)


def test_the_title_low_on_a_page_does_not_make_a_receipt() -> None:
    form = page_text(
        ["ĐƠN ĐỀ NGHỊ", "Kèm theo: Giấy tiếp nhận hồ sơ và hẹn trả kết quả"], top=2400.0
    )
    assert not is_receipt_candidate(form)
    assert recognise_receipt(form, ()) is None


def test_blank_pages_are_never_receipts() -> None:
    blank = PageText(3, TextSource.BLANK, (), 2480, 3508, 300)
    assert not is_receipt_candidate(blank)
    assert recognise_receipt(blank, (CODE_A,)) is None


A = Receipt(CODE_A, CodeSource.QR)
B = Receipt(CODE_B, CodeSource.TEXT)


def test_each_receipt_starts_a_part_and_pages_before_the_first_are_kept() -> None:
    assert plan_parts([None, None, A, None, None, B, None]) == (
        Part(0, (0, 1)),
        Part(1, (2, 3, 4), CODE_A, CodeSource.QR),
        Part(2, (5, 6), CODE_B, CodeSource.TEXT),
    )


def test_a_stack_without_receipts_is_one_part() -> None:
    assert plan_parts([None, None, None]) == (Part(0, (0, 1, 2)),)
    assert plan_parts([]) == ()


def test_a_second_copy_of_the_same_receipt_stays_in_its_part() -> None:
    assert plan_parts([A, None, A, B]) == (
        Part(0, (0, 1, 2), CODE_A, CodeSource.QR),
        Part(1, (3,), CODE_B, CodeSource.TEXT),
    )


def test_receipts_without_a_readable_code_still_split() -> None:
    unknown = Receipt(None, None)
    assert plan_parts([A, unknown, None, unknown]) == (
        Part(0, (0,), CODE_A, CodeSource.QR),
        Part(1, (1, 2)),
        Part(2, (3,)),
    )


# --- end to end: the sample stack through `sohoa process --kind dossier` ----------------------

STACK = SAMPLES / "dossier-stack" / "tiep-nhan-ho-so-2022-03.pdf"


def stack_truth() -> dict[str, Any]:
    path = STACK.parent / "ground-truth" / f"{STACK.name}.json"
    loaded: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return loaded


def outputs(out: Path) -> dict[str, dict[str, Any]]:
    return {p.name: json.loads(p.read_text("utf-8")) for p in sorted(out.glob("*.json"))}


def test_a_stack_is_split_at_each_receipt_with_its_dossier_code(
    tmp_path: Path, database_url: str
) -> None:
    truth = stack_truth()
    out = tmp_path / "out"
    assert main(["process", str(STACK), "--out", str(out), "--kind", "dossier"]) == 0

    names = [part_file_name(STACK.name, part["part_index"]) for part in truth["parts"]]
    assert names == [STACK.name, f"{STACK.name}.part2", f"{STACK.name}.part3"]
    sidecars = outputs(out)
    assert sorted(sidecars) == sorted(f"{name}.json" for name in names)
    for part, name in zip(truth["parts"], names, strict=True):
        sidecar = sidecars[f"{name}.json"]
        assert sidecar["file"] == STACK.name
        assert sidecar["kind"] == "dossier"
        assert sidecar["fields"]["dossier_code"] == part["dossier_code"]
        expected_blanks = [truth["pages"][i]["blank"] for i in part["pages"]]
        assert [page["blank"] for page in sidecar["pages"]] == expected_blanks
        assert [page["index"] for page in sidecar["pages"]] == list(range(len(part["pages"])))
        for page in sidecar["pages"]:
            assert (page["text"] == "") == page["blank"]
        with pikepdf.open(out / f"{name}.pdf") as pdf:
            assert len(pdf.pages) == len(part["pages"])

    engine = create_engine(database_url)
    with Session(engine) as session:
        rows = session.scalars(select(Document).order_by(Document.part_index)).all()
        assert [row.part_index for row in rows] == [0, 1, 2]
        assert [row.dossier_code for row in rows] == [p["dossier_code"] for p in truth["parts"]]
        assert len({row.source_sha256 for row in rows}) == 1
        assert len({row.pdf_sha256 for row in rows}) == 3
        # The readable QR codes gave their receipts' codes; the covered one left it to the text.
        evidence = [row.fields["dossier_code"] for row in rows if row.fields]
        readable = [part["qr"] == "readable" for part in truth["parts"]]
        assert [e["confidence"] == 1.0 and e["evidence"]["box"] is None for e in evidence] == (
            readable
        )

    before = dict(sidecars)
    again = tmp_path / "again"
    assert main(["process", str(STACK), "--out", str(again), "--kind", "dossier"]) == 0
    assert outputs(again) == before
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 3
    engine.dispose()


def born_digital_stack(path: Path, qr_png: Path) -> Path:
    """A two-page PDF with a text layer: a receipt with its QR code, then an application."""
    pdfmetrics.registerFont(TTFont("Serif", str(SERIF)))
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setFont("Serif", 14)
    canvas.drawString(120, 760, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    canvas.drawString(120, 730, "Mã hồ sơ: 000.00.25.H06-220301-0043")  # misprinted; QR wins
    canvas.drawImage(str(qr_png), 420, 60, width=120, height=120)
    canvas.showPage()
    canvas.setFont("Serif", 14)
    canvas.drawString(120, 760, "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG")
    canvas.drawImage(str(qr_png), 420, 60, width=120, height=120)
    canvas.showPage()
    canvas.save()
    return path


def test_pdf_pages_are_rendered_for_qr_codes_only_when_they_look_like_receipts(
    tmp_path: Path, settings: Settings
) -> None:
    code = cv2.QRCodeEncoder.create().encode(CODE_A)
    qr_png = tmp_path / "qr.png"
    cv2.imwrite(str(qr_png), cv2.resize(code, (250, 250), interpolation=cv2.INTER_NEAREST))
    pdf = born_digital_stack(tmp_path / "stack.pdf", qr_png)
    work = tmp_path / "work"
    work.mkdir()
    loaded = load_input(pdf, "0" * 64, settings, work)
    assert all(page.embedded_text is not None for page in loaded.pages)
    read = [
        read_dossier_page(ReadJob(page, loaded.pdf_path, work, "vie", 300, 60))
        for page in loaded.pages
    ]
    assert [r.receipt for r in read] == [Receipt(CODE_A, CodeSource.QR), None]
    assert sorted(p.name for p in work.glob("qr-*")) == ["qr-00000.pgm"]


def test_a_receipt_page_that_cannot_be_rendered_falls_back_to_its_text(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_renderer(pdf: Path, page_number: int, *args: Any, **kwargs: Any) -> Path:
        raise UnreadablePage(f"page {page_number} could not be rendered", path=pdf)

    monkeypatch.setattr("pipeline.dossier.read.render_page", broken_renderer)
    qr_png = tmp_path / "qr.png"
    cv2.imwrite(str(qr_png), np.full((50, 50), 255, np.uint8))
    pdf = born_digital_stack(tmp_path / "stack.pdf", qr_png)
    loaded = load_input(pdf, "0" * 64, settings, tmp_path)
    job = ReadJob(loaded.pages[0], loaded.pdf_path, tmp_path, "vie", 300, 60)
    misprinted = "000.00.25.H06-220301-0043"
    assert read_dossier_page(job).receipt == Receipt(misprinted, CodeSource.TEXT)


def test_the_committed_stack_is_what_its_script_makes(tmp_path: Path) -> None:
    script = SAMPLES / "make_dossier_stack.py"
    subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True
    )
    truth = Path("ground-truth") / f"{STACK.name}.json"
    for made in (Path(STACK.name), truth):
        assert (tmp_path / made).read_bytes() == (STACK.parent / made).read_bytes(), made
