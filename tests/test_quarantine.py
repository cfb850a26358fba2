"""Bad input never stops a batch and is never lost: quarantine, reason file, error row, sidecar."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
from PIL import Image
from sqlalchemy import create_engine, select

from pipeline.cli import main
from pipeline.db.models import Document, ProcessingError
from pipeline.ingest.sniff import file_sha256
from pipeline.keep.sign import has_signature, sign_pdf
from pipeline.keep.testpki import ensure_test_identity
from tests.conftest import SHARED_DATA, text_page


def make_bad_inputs(folder: Path) -> dict[str, str]:
    """Bad files by name, with the words their reason must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rong.jpg").write_bytes(b"")
    whole = text_page(folder / "whole.jpg", ["Giấy chứng nhận"]).read_bytes()
    (folder / "whole.jpg").unlink()
    (folder / "cut-short.jpg").write_bytes(whole[: len(whole) // 3])
    shutil.copy(SHARED_DATA / "peer-pdfs" / "invalid.pdf", folder / "damaged.pdf")
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(folder / "locked.pdf", encryption=pikepdf.Encryption(user="x", owner="y"))
    (folder / "ghi-chu.pdf").write_text("Hồ sơ gồm 3 trang\n", encoding="utf-8")
    Image.new("1", (20_000, 20_000), 1).save(folder / "bomb.png")
    return {
        "rong.jpg": "empty",
        "cut-short.jpg": "cannot be decoded",
        "damaged.pdf": "damaged",
        "locked.pdf": "password",
        "ghi-chu.pdf": "looks like text",
        "bomb.png": "image bomb",
    }


def test_bad_inputs_are_quarantined_and_the_rest_processed(data_dir: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    expected = make_bad_inputs(inbox)
    text_page(inbox / "quyet-dinh.png", ["QUYẾT ĐỊNH", "Về việc cấp giấy phép xây dựng"])
    out = tmp_path / "out"

    assert main(["process", str(inbox), "--out", str(out), "--unit", "256"]) == 0

    good = json.loads((out / "quyet-dinh.png.json").read_text("utf-8"))
    assert good["error"] is None and "QUYẾT ĐỊNH" in good["pages"][0]["text"]
    assert good["unit"] == "256"
    quarantined = list((data_dir / "quarantine").rglob("*.reason.txt"))
    assert len(quarantined) == len(expected)
    engine = create_engine(f"sqlite:///{data_dir / 'sohoa.db'}")
    with engine.connect() as connection:
        errors = {row.file_name: row for row in connection.execute(select(ProcessingError))}
    for name, words in expected.items():
        sidecar = json.loads((out / f"{name}.json").read_text("utf-8"))
        assert words in sidecar["error"], (name, sidecar["error"])
        assert sidecar["pages"] == []
        reason = next(p for p in quarantined if p.name == f"{name}.reason.txt")
        text = reason.read_text("utf-8")
        assert words in text and "What to do:" in text
        kept = reason.with_name(name)
        assert kept.read_bytes() == (inbox / name).read_bytes()
        assert errors[name].quarantine_path == str(kept)
        assert (inbox / name).exists()


def test_a_pdf_that_is_already_signed_is_kept_byte_for_byte(data_dir: Path, tmp_path: Path) -> None:
    page = text_page(tmp_path / "page.png", ["GIẤY CHỨNG NHẬN KẾT HÔN"])
    unsigned = tmp_path / "unsigned.pdf"
    with Image.open(page) as image:
        image.convert("RGB").save(tmp_path / "pillow.pdf", "PDF", resolution=300)
    with pikepdf.open(tmp_path / "pillow.pdf") as pdf:  # Pillow's xref is too loose for pyHanko
        pdf.save(unsigned)
    signed = tmp_path / "da-ky.pdf"
    identity = ensure_test_identity(tmp_path / "other-pki", "99", "Cơ quan khác")
    sign_pdf(unsigned, signed, identity, reason="ký số", location="Bắc Ninh")
    original_bytes = signed.read_bytes()

    assert main(["process", str(signed), "--out", str(tmp_path / "out")]) == 0

    assert signed.read_bytes() == original_bytes
    sha = file_sha256(signed)
    stored = next((data_dir / "store").rglob(f"{sha}.pdf"))
    assert stored.read_bytes() == original_bytes
    output = tmp_path / "out" / "da-ky.pdf.pdf"
    assert has_signature(output) and output.read_bytes() != original_bytes
    engine = create_engine(f"sqlite:///{data_dir / 'sohoa.db'}")
    with engine.connect() as connection:
        document = connection.execute(select(Document)).one()
    assert document.source_was_signed is True
    sidecar = json.loads((tmp_path / "out" / "da-ky.pdf.json").read_text("utf-8"))
    assert "KẾT HÔN" in sidecar["pages"][0]["text"]
