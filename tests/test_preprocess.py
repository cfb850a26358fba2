"""Page preprocessing for OCR: each step on synthetic pages whose answer is known, then a
sideways scan through `sohoa process`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import cv2
import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.cli import main
from pipeline.read.blank import looks_blank
from pipeline.read.osd import osd_rotation
from pipeline.read.preprocess import (
    Prepared,
    at_reading_resolution,
    background_normalised,
    binarised,
    boxes_on_page,
    ink_suppressed,
    measure_orientation,
    measure_skew,
    prepare,
    to_grey,
    turned_clockwise,
    without_borders,
    working_binary,
)
from pipeline.settings import PreprocessSettings
from pipeline.tools.pdftotext import page_text
from pipeline.tools.tesseract import TesseractRequest, read_words
from pipeline.values import BoundingBox, Word
from tests.conftest import SAMPLES, SERIF

BOLD = SERIF.with_name("LiberationSerif-Bold.ttf")
BODY = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "QUYẾT ĐỊNH",
    "Về việc cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014 và các văn bản hướng dẫn;",
    "Xét đề nghị của Trưởng phòng Quản lý đô thị tại Tờ trình số 125/TTr-QLĐT,",
    "Điều 1. Cấp giấy phép xây dựng cho hộ gia đình ông Nguyễn Văn Hùng, địa chỉ",
    "thường trú tại thôn Đông Khê, xã Phật Tích, huyện Tiên Du, tỉnh Bắc Ninh.",
    "Điều 2. Chủ đầu tư có trách nhiệm thực hiện đúng nội dung giấy phép được cấp;",
    "thông báo khởi công xây dựng cho Ủy ban nhân dân cấp xã trước bảy ngày.",
    "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND và",
    "UBND huyện, Trưởng phòng Quản lý đô thị và các cá nhân liên quan chịu trách",
    "nhiệm thi hành Quyết định này./.",
    "Nơi nhận: Như Điều 3; Lưu: VT, QLĐT.",
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
]
DPI = 200


def typeset(lines: list[str], dpi: int = DPI, size_pt: float = 12) -> np.ndarray:
    """An upright A4 page (greyscale) with the lines typeset from the top margin."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(SERIF), round(size_pt * dpi / 72))
    for number, line in enumerate(lines):
        draw.text((dpi, dpi + number * round(size_pt * 1.9 * dpi / 72)), line, font=font, fill=0)
    return np.asarray(image)


def skewed(page: np.ndarray, degrees: float) -> np.ndarray:
    """The page scanned crooked: turned counter-clockwise by ``degrees``, corners white."""
    return np.asarray(
        Image.fromarray(page).rotate(degrees, Image.Resampling.BILINEAR, fillcolor=255)
    )


def scanned_turned(page: np.ndarray, clockwise_fix: int) -> np.ndarray:
    """The page as fed so that it takes ``clockwise_fix`` degrees clockwise to stand upright."""
    return turned_clockwise(page, (360 - clockwise_fix) % 360)


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return typeset(BODY)


# --- skew and orientation ---------------------------------------------------------------------


@pytest.mark.parametrize("degrees", [-9.6, -4.3, -1.2, 0.0, 0.7, 2.9, 6.4, 9.8])
def test_skew_is_measured_within_three_tenths_of_a_degree(page: np.ndarray, degrees: float) -> None:
    found = measure_orientation(skewed(page, degrees), DPI)
    assert found.rotation == 0
    assert abs(found.skew_degrees - degrees) <= 0.3


def test_deskewed_page_has_level_lines(page: np.ndarray) -> None:
    prepared = prepare(skewed(page, 4.6), DPI, 300, PreprocessSettings())
    assert abs(prepared.deskew_degrees + 4.6) <= 0.3
    assert abs(measure_skew(working_binary(prepared.image, DPI))) <= 0.3


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_quarter_turned_pages_come_back_upright(page: np.ndarray, turn: int) -> None:
    steps = PreprocessSettings(deskew=False, normalise_background=False)
    prepared = prepare(scanned_turned(page, turn), DPI, 300, steps)
    assert prepared.rotation == turn
    assert prepared.image.shape == page.shape
    assert np.array_equal(prepared.image, page)


@pytest.mark.parametrize(("turn", "degrees"), [(90, 3.1), (180, -2.4), (270, 7.5)])
def test_turned_and_skewed_pages_are_found(page: np.ndarray, turn: int, degrees: float) -> None:
    found = measure_orientation(scanned_turned(skewed(page, degrees), turn), DPI)
    assert found.rotation == turn
    assert abs(found.skew_degrees - degrees) <= 0.3


@pytest.mark.parametrize("turn", [90, 180])
def test_tesseract_osd_finds_the_turn_too(page: np.ndarray, turn: int) -> None:
    steps = PreprocessSettings(orientation="osd", deskew=False, normalise_background=False)
    prepared = prepare(scanned_turned(page, turn), DPI, 300, steps, osd_rotation)
    assert prepared.rotation == turn
    assert np.array_equal(prepared.image, page)


def test_boxes_read_from_the_deskewed_image_land_on_the_page() -> None:
    canvas = np.full((1000, 800), 255, np.uint8)
    prepared = Prepared(canvas, DPI, 0, deskew_degrees=-5.0)
    centre_on_page = (620.0, 130.0)
    # Where the deskew (5° clockwise about the centre) carried that point.
    turn = cv2.getRotationMatrix2D((400, 500), -5.0, 1.0)
    x, y = turn @ np.array([*centre_on_page, 1.0])
    word = Word("Điều", BoundingBox(x - 40, y - 10, 80, 20), 0.9)
    (placed,) = boxes_on_page((word,), prepared)
    assert placed.box.left + 40 == pytest.approx(centre_on_page[0], abs=0.01)
    assert placed.box.top + 10 == pytest.approx(centre_on_page[1], abs=0.01)
    assert (placed.box.width, placed.box.height, placed.text) == (80, 20, "Điều")


# --- blank pages -------------------------------------------------------------------------------


def noisy_paper(rng: np.random.Generator, dpi: int = DPI) -> np.ndarray:
    """Tinted paper under uneven light, with sensor noise and a scatter of dust specks."""
    height, width = round(11.69 * dpi), round(8.27 * dpi)
    light = np.linspace(225, 245, width)[None, :] * np.ones((height, 1))
    paper = light + rng.normal(0, 9, (height, width))
    for _ in range(60):
        y, x = rng.integers(0, height - 4), rng.integers(0, width - 4)
        paper[y : y + rng.integers(1, 4), x : x + rng.integers(1, 4)] = rng.integers(30, 120)
    return np.clip(paper, 0, 255).astype(np.uint8)


def test_near_empty_page_with_scanner_noise_is_blank() -> None:
    assert looks_blank(noisy_paper(np.random.default_rng(5)))


def test_page_with_one_short_line_is_not_blank() -> None:
    page = noisy_paper(np.random.default_rng(6))
    line = typeset(["Trang 2"], size_pt=11)
    page = np.minimum(page, line)
    assert not looks_blank(page)


# --- borders, resolution, colour ----------------------------------------------------------------


def test_scanner_margins_are_painted_white_and_text_is_kept(page: np.ndarray) -> None:
    scan = page.copy()
    scan[:, :70] = 25  # the lid seen past the sheet's left edge
    scan[-90:, :] = 40  # and past its bottom edge
    cleaned = without_borders(scan)
    assert cleaned[:, :60].min() == 255
    assert cleaned[-80:, :].min() == 255
    text_area = (slice(DPI, DPI + 600), slice(DPI, page.shape[1] - DPI))
    assert np.array_equal(cleaned[text_area], page[text_area])


def test_page_without_margins_is_left_alone(page: np.ndarray) -> None:
    assert without_borders(page) is page


def test_reading_resolution() -> None:
    page = np.full((3508, 2480), 255, np.uint8)  # A4 at 300 dpi
    smaller, dpi = at_reading_resolution(page, 600, max_dpi=300, min_dpi=0)
    assert (smaller.shape, dpi) == ((1754, 1240), 300)
    same, dpi = at_reading_resolution(page, 200, max_dpi=300, min_dpi=0)
    assert same is page and dpi == 200
    larger, dpi = at_reading_resolution(page, 200, max_dpi=300, min_dpi=300)
    assert (larger.shape, dpi) == ((5262, 3720), 300)


def test_uneven_light_is_divided_out_and_ink_stays(page: np.ndarray) -> None:
    height, width = page.shape
    light = np.linspace(0.55, 1.0, width)[None, :] * np.linspace(0.8, 1.0, height)[:, None]
    scan = (page.astype(np.float64) * light * 0.92).astype(np.uint8)  # tinted, darker left
    even = background_normalised(scan, DPI)
    paper, ink = page == 255, page < 60
    assert np.percentile(scan[paper], 95) - np.percentile(scan[paper], 5) > 80
    assert np.percentile(even[paper], 95) - np.percentile(even[paper], 5) < 25
    assert np.percentile(even[paper], 5) > 220
    assert np.median(even[ink]) < 90
    binary = binarised(even)
    assert set(np.unique(binary).tolist()) == {0, 255}
    assert (binary[ink] == 0).mean() > 0.95 and (binary[paper] == 255).mean() > 0.99


def stamped(page: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, tuple[int, int]]:
    """The page printed in black, then a red seal stamped over the signer's lines (ink
    multiplies, as it does on paper); returns the colour scan (BGR) and the seal's centre."""
    height, width = page.shape
    seal = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(seal)
    centre = (round(DPI * 2.6), round(DPI + 16 * 12 * 1.9 * DPI / 72))
    radius = round(0.8 * DPI)
    for ring in (radius, radius - 12, round(radius * 0.45)):
        draw.ellipse(
            (centre[0] - ring, centre[1] - ring, centre[0] + ring, centre[1] + ring),
            outline=255,
            width=9,
        )
    font = ImageFont.truetype(str(BOLD), round(0.16 * DPI))
    draw.text((centre[0] - radius + 40, centre[1] - 30), "UBND HUYỆN TIÊN DU", font=font, fill=255)
    draw.regular_polygon((centre[0], centre[1] - radius // 2, 28), 5, fill=255)
    coverage = np.asarray(seal, dtype=np.float64) / 255 * rng.uniform(0.75, 0.95, (height, width))
    red_ink = np.array([45.0, 35.0, 215.0]) / 255  # BGR reflectance of seal ink
    paper = np.repeat(page[:, :, None].astype(np.float64), 3, axis=2)
    colour = paper * (1 - coverage[:, :, None] * (1 - red_ink))
    return np.clip(colour, 0, 255).astype(np.uint8), centre


def test_red_seal_fades_and_black_text_beneath_stays(page: np.ndarray) -> None:
    scan, _ = stamped(page, np.random.default_rng(7))
    faded = ink_suppressed(scan)
    seal_only = (page > 250) & (to_grey(scan) < 200)
    assert seal_only.sum() > 5000
    assert np.percentile(faded[seal_only], 95) >= 200  # seal ink is as light as paper
    text = page < 100
    assert np.percentile(faded[text], 50) <= 100  # black ink, under the seal too, stays black


@pytest.mark.parametrize("suppress", [True, False])
def test_text_beneath_a_red_seal_reads(page: np.ndarray, tmp_path: Path, suppress: bool) -> None:
    scan, _ = stamped(page, np.random.default_rng(7))
    steps = PreprocessSettings(suppress_colour_ink=suppress)
    prepared = prepare(scan, DPI, 300, steps)
    target = tmp_path / "ocr.png"
    cv2.imwrite(str(target), prepared.image)
    words = read_words(TesseractRequest(target, "vie", DPI, 120))
    text = " ".join(w.text for w in words)
    signer_block = ["TM.", "ỦY", "BAN", "NHÂN", "DÂN", "KT.", "CHỦ", "TỊCH", "PHÓ"]
    missing = [w for w in signer_block if w not in text.split()]
    if suppress:
        assert missing == []
    else:
        # Without suppression the seal costs words; the test above would then mean nothing.
        assert missing, "the seal does not hide any word, so it tests nothing"


# --- end to end --------------------------------------------------------------------------------


def test_sideways_scan_is_stored_upright_and_read(tmp_path: Path, data_dir: Path) -> None:
    source = SAMPLES / "gcn-hkd-tu-son-2022-0418.jpg"
    scan = tmp_path / "sideways.jpg"
    with Image.open(source) as upright:
        upright.rotate(90, expand=True).save(scan, dpi=(300, 300), quality=92)
    out = tmp_path / "out"
    assert main(["process", str(scan), "--out", str(out)]) == 0
    sidecar = json.loads((out / "sideways.jpg.json").read_text(encoding="utf-8"))
    (page,) = sidecar["pages"]
    assert page["rotation"] == 90
    assert "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH" in page["text"]
    pdf_path = out / "sideways.jpg.pdf"
    with pikepdf.open(pdf_path) as pdf:
        assert int(pdf.pages[0].obj.get("/Rotate", 0)) == 90
    assert "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH" in page_text(pdf_path, 1)
    assert os.environ["SOHOA_DATA_DIR"] == str(data_dir)
