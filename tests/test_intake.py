"""Loading inputs: every kind of bad input is refused with a reason a person can act on."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from pipeline.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedPdf,
    ImageTooLarge,
    InputRejected,
    UnsupportedFormat,
)
from pipeline.ingest.inputs import expand_inputs
from pipeline.ingest.load import load_input
from pipeline.ingest.sniff import file_sha256, media_type
from pipeline.settings import Settings
from pipeline.values import PageOrigin, TextSource
from tests.conftest import SHARED_DATA, text_page


def load(path: Path, settings: Settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    return load_input(path, file_sha256(path), settings, work)


def test_media_type_comes_from_the_bytes_not_the_name(tmp_path: Path) -> None:
    jpeg = text_page(tmp_path / "page.jpg", ["Số: 1/QĐ-UBND"])
    renamed = tmp_path / "page.pdf"
    renamed.write_bytes(jpeg.read_bytes())
    assert media_type(renamed) == "image/jpeg"


def test_multipage_tiff_becomes_one_page_per_frame(settings: Settings, tmp_path: Path) -> None:
    frames = [Image.new("L", (1240, 1754), 255) for _ in range(3)]
    tiff = tmp_path / "dossier.tif"
    frames[0].save(
        tiff, save_all=True, append_images=frames[1:], dpi=(150, 150), compression="tiff_deflate"
    )
    loaded = load(tiff, settings, tmp_path)
    assert [p.index for p in loaded.pages] == [0, 1, 2]
    assert all(p.dpi == 150 and p.image_path and p.image_path.exists() for p in loaded.pages)


def test_jpeg_page_is_read_from_the_original_file(settings: Settings, tmp_path: Path) -> None:
    jpeg = text_page(tmp_path / "scan.jpg", ["Quyết định"], dpi=200, size=(1654, 600))
    loaded = load(jpeg, settings, tmp_path)
    (page,) = loaded.pages
    assert page.image_path == jpeg and page.dpi == 200 and page.origin is PageOrigin.IMAGE


def test_pdf_page_with_text_keeps_its_text(settings: Settings, tmp_path: Path) -> None:
    loaded = load(SHARED_DATA / "peer-pdfs" / "graph_ocred.pdf", settings, tmp_path)
    assert loaded.pages[0].embedded_text is not None
    assert loaded.pages[0].embedded_text.source is TextSource.TEXT_LAYER


def test_image_only_pdf_is_rendered_near_its_native_resolution(
    settings: Settings, tmp_path: Path
) -> None:
    loaded = load(SHARED_DATA / "peer-pdfs" / "skew.pdf", settings, tmp_path)
    page = loaded.pages[0]
    assert page.embedded_text is None and page.image_path is None
    assert 72 <= page.dpi <= settings.ocr.max_dpi


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (lambda p: p.write_bytes(b""), EmptyFile, "empty"),
        (
            lambda p: p.write_text("Kính gửi: UBND xã\n", encoding="utf-8"),
            UnsupportedFormat,
            "looks like text",
        ),
        (
            lambda p: p.write_bytes((SHARED_DATA / "peer-pdfs" / "invalid.pdf").read_bytes()),
            CorruptFile,
            "damaged",
        ),
    ],
    ids=["zero-bytes", "text-named-pdf", "corrupt-pdf"],
)
def test_bad_input_is_refused_with_a_reason(
    make,
    error: type[InputRejected],
    words: str,
    settings: Settings,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    bad = tmp_path / "bad.pdf"
    make(bad)
    with pytest.raises(error) as caught:
        load(bad, settings, tmp_path)
    assert words in caught.value.for_person()
    assert caught.value.advice


def test_truncated_jpeg_is_refused(settings: Settings, tmp_path: Path) -> None:
    whole = text_page(tmp_path / "whole.jpg", ["Giấy phép xây dựng"]).read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CorruptFile, match="cannot be decoded"):
        load(cut, settings, tmp_path)


def test_encrypted_pdf_is_refused(settings: Settings, tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(locked, encryption=pikepdf.Encryption(user="mật khẩu", owner="chủ"))
    with pytest.raises(EncryptedPdf, match="password"):
        load(locked, settings, tmp_path)


def test_image_bomb_is_refused_before_decoding(settings: Settings, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    Image.new("1", (20_000, 20_000), 1).save(bomb)
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(ImageTooLarge, match="image bomb"):
        load(bomb, settings, tmp_path)


def test_folders_are_walked_skipping_what_is_not_a_scan(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ["a.jpg", "b/c.pdf", ".DS_Store", "Thumbs.db", "x.part", "~$y.pdf", "b/._z.jpg"]:
        (tmp_path / name).write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in expand_inputs([tmp_path])]
    assert found == ["a.jpg", "b/c.pdf"]


def test_scanner_pdf_page_is_read_from_its_own_jpeg(settings: Settings, tmp_path: Path) -> None:
    scan = tmp_path / "scan.jpg"
    text_page(scan, ["Quyết định"], dpi=300, size=(1240, 1754), mode="RGB")
    pdf_path = tmp_path / "scanner.pdf"
    with pikepdf.new() as pdf:
        page = pdf.add_blank_page(page_size=(1240 * 72 / 300, 1754 * 72 / 300))
        image = pikepdf.Stream(pdf, scan.read_bytes())
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height, image.BitsPerComponent = 1240, 1754, 8
        image.ColorSpace, image.Filter = pikepdf.Name.DeviceRGB, pikepdf.Name.DCTDecode
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pdf.make_stream(b"q 297.6 0 0 420.96 0 0 cm /Im0 Do Q")
        pdf.save(pdf_path)
    (page_source,) = load(pdf_path, settings, tmp_path).pages
    assert page_source.image_path is not None
    assert page_source.image_path.read_bytes() == scan.read_bytes()
    assert round(page_source.dpi) == 300 and page_source.width_px == 1240
