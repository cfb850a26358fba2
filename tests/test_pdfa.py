"""Assembly of searchable PDF/A-2b files, the text-layer round trip and the PDF/A checks.

Page images are drawn here with Pillow, Vietnamese words at known places; a hand-built
PageText puts each word's box where it was drawn, as Tesseract would. Everything runs the real
pikepdf, pdfplumber and poppler; Tesseract is not needed.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from html import unescape
from pathlib import Path
from typing import Any, cast

import numpy as np
import pdfplumber
import pikepdf
import pytest
from pikepdf import Dictionary, Name
from PIL import Image, ImageDraw, ImageFont

from pipeline.errors import AssemblyError, ToolMissing
from pipeline.keep.glyphless import BFCHAR_BLOCK_LIMIT, CharacterCodes, to_unicode_cmap
from pipeline.keep.pdfa import assemble_pdfa, srgb_profile
from pipeline.keep.pdfa_check import check_pdfa
from pipeline.keep.roundtrip import check_text_layer, tokens
from pipeline.tools.pdftotext import page_text
from pipeline.values import (
    BoundingBox,
    LoadedInput,
    PageOrigin,
    PageSource,
    PageText,
    TextSource,
    Word,
)

SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
DPI = 100
CREATED = datetime(2022, 2, 11, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=7)))
TITLE = "Giấy phép xây dựng số 123/GPXD-UBND"
HEADER = [
    ["CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM"],
    ["Độc", "lập", "-", "Tự", "do", "-", "Hạnh", "phúc"],
    ["Bắc", "Ninh,", "ngày", "11", "tháng", "02", "năm", "2022"],
    ["GIẤY", "PHÉP", "XÂY", "DỰNG", "đường", "Nguyễn", "Văn", "Cừ"],
]
PAGE_PX = (850, 1100)  # US Letter at 100 dpi
LANDSCAPE_PX = (800, 500)

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils is not installed",
)


# --- building pages ---------------------------------------------------------------------------


def draw_page(
    lines: Sequence[Sequence[str]],
    size: tuple[int, int] = PAGE_PX,
    *,
    font_px: int = 26,
    mode: str = "RGB",
    origin: tuple[int, int] = (60, 70),
) -> tuple[Image.Image, list[Word]]:
    """A white page with ``lines`` drawn in black, and the words with their ink boxes."""
    font = ImageFont.truetype(str(SERIF), font_px)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    words: list[Word] = []
    y = origin[1]
    for number, line in enumerate(lines):
        x: float = origin[0]
        for text in line:
            left, top, right, bottom = draw.textbbox((x, y), text, font=font)
            assert right <= size[0] and bottom <= size[1], f"{text!r} does not fit on the page"
            draw.text((x, y), text, font=font, fill="black")
            box = BoundingBox(left, top, right - left, bottom - top)
            words.append(Word(text, box, 0.95, block=0, paragraph=0, line=number))
            x = right + font_px // 2
        y += int(font_px * 1.9)
    return image.convert(mode), words


def ocr_text(words: Sequence[Word], size: tuple[int, int], *, rotation: int = 0) -> PageText:
    return PageText(0, TextSource.OCR, tuple(words), size[0], size[1], DPI, rotation=rotation)


def image_input(path: Path, size: tuple[int, int], dpi: float = DPI) -> LoadedInput:
    source = PageSource(0, PageOrigin.IMAGE, path, dpi, size[0], size[1])
    return LoadedInput(path, "0" * 64, "image/png", (source,))


def assemble_image(
    tmp_path: Path,
    image: Image.Image,
    words: Sequence[Word],
    name: str = "page.png",
    **save: Any,
) -> Path:
    path = tmp_path / name
    image.save(path, **save)
    out = tmp_path / f"{name}.pdf"
    assemble_pdfa(
        image_input(path, image.size),
        [ocr_text(words, image.size)],
        out,
        title=TITLE,
        created=CREATED,
    )
    return out


def only_image(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    (image,) = pdf.pages[0].get_images().values()
    return cast(pikepdf.Stream, image)


def vietnamese_letters() -> list[str]:
    """Every Vietnamese letter in both cases: 12 vowels x 6 tones, đ, and the consonants."""
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    vowels = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
    lower = [unicodedata.normalize("NFC", v + t) for v in vowels for t in tones]
    lower += ["đ", *"bcdghklmnpqrstvx"]
    return lower + [c.upper() for c in lower]


def poppler_words(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """Words and boxes (points, displayed page, top-left origin) as poppler sees page 1."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-cropbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        (unescape(text), float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, text in re.findall(pattern, html)
    ]


def assert_on_words(
    found: Sequence[tuple[str, float, float, float, float]], words: Sequence[Word]
) -> None:
    """Every drawn word is found once, spanning its box and covering it vertically."""
    scale = 72 / DPI
    by_text = {text: (x0, y0, x1, y1) for text, x0, y0, x1, y1 in found}
    for word in words:
        if sum(1 for w in words if w.text == word.text) > 1:
            continue
        x0, y0, x1, y1 = by_text[word.text]
        assert x0 == pytest.approx(word.box.left * scale, abs=0.6), word.text
        assert x1 == pytest.approx(word.box.right * scale, abs=0.6), word.text
        assert y0 <= word.box.top * scale + 0.6, word.text
        assert y1 >= word.box.bottom * scale - 0.6, word.text
        assert y1 - y0 < 3 * word.box.height * scale + 2, word.text


def render(pdf: Path, dpi: int = DPI) -> Image.Image:
    png = subprocess.run(
        ["pdftoppm", "-cropbox", "-r", str(dpi), "-f", "1", "-l", "1", "-gray", "-png", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("L")


# --- images go in without loss ----------------------------------------------------------------


@pytest.mark.parametrize(("mode", "colour_space"), [("RGB", "/DeviceRGB"), ("L", "/DeviceGray")])
def test_jpeg_bytes_are_embedded_unchanged(tmp_path: Path, mode: str, colour_space: str) -> None:
    image, words = draw_page(HEADER, mode=mode)
    out = assemble_image(tmp_path, image, words, "scan.jpg", quality=80)
    with pikepdf.open(out) as pdf:
        stream = only_image(pdf)
        assert stream.Filter == Name.DCTDecode
        assert str(stream.ColorSpace) == colour_space
        assert stream.read_raw_bytes() == (tmp_path / "scan.jpg").read_bytes()


def test_png_is_embedded_losslessly(tmp_path: Path) -> None:
    image, words = draw_page(HEADER)
    image.putpixel((5, 5), (200, 30, 90))
    out = assemble_image(tmp_path, image, words)
    with pikepdf.open(out) as pdf:
        stream = only_image(pdf)
        assert stream.ColorSpace == Name.DeviceRGB
        decoded = pikepdf.PdfImage(stream).as_pil_image()
    assert np.array_equal(np.asarray(decoded), np.asarray(image))


@pytest.mark.parametrize(("mode", "bits"), [("L", 8), ("1", 1)])
def test_grey_and_bilevel_images_keep_their_depth(tmp_path: Path, mode: str, bits: int) -> None:
    image, words = draw_page(HEADER, mode=mode)
    out = assemble_image(tmp_path, image, words, "scan.tif" if mode == "1" else "scan.png")
    with pikepdf.open(out) as pdf:
        stream = only_image(pdf)
        assert stream.ColorSpace == Name.DeviceGray
        assert stream.BitsPerComponent == bits
        decoded = pikepdf.PdfImage(stream).as_pil_image()
    assert decoded.mode == mode
    assert np.array_equal(np.asarray(decoded), np.asarray(image))


@pytest.mark.parametrize("mode", ["CMYK", "P", "RGBA"])
def test_cmyk_palette_and_alpha_images_become_rgb(tmp_path: Path, mode: str) -> None:
    drawn, words = draw_page(HEADER)
    ImageDraw.Draw(drawn).rectangle((700, 20, 760, 60), fill=(200, 20, 40))  # a red seal
    image = drawn.convert(mode)
    out = assemble_image(tmp_path, image, words, "scan.tif" if mode == "CMYK" else "scan.png")
    with pikepdf.open(out) as pdf:
        stream = only_image(pdf)
        assert stream.ColorSpace == Name.DeviceRGB
        decoded = pikepdf.PdfImage(stream).as_pil_image()
    assert np.array_equal(np.asarray(decoded), np.asarray(image.convert("RGB")))
    assert check_pdfa(out) == []


@pytest.mark.parametrize(("grey_mode", "bits"), [("L", 8), ("1", 1)])
def test_grey_palette_images_stay_grey(tmp_path: Path, grey_mode: str, bits: int) -> None:
    drawn, words = draw_page(HEADER)
    grey = drawn.convert(grey_mode)
    out = assemble_image(tmp_path, grey.convert("P"), words)
    with pikepdf.open(out) as pdf:
        stream = only_image(pdf)
        assert stream.ColorSpace == Name.DeviceGray
        assert stream.BitsPerComponent == bits
        decoded = pikepdf.PdfImage(stream).as_pil_image()
    assert np.array_equal(np.asarray(decoded.convert("L")), np.asarray(grey.convert("L")))


def test_page_size_is_pixels_over_dpi(tmp_path: Path) -> None:
    image, words = draw_page(HEADER[:1], size=(1000, 1500))
    path = tmp_path / "scan.png"
    image.save(path)
    out = tmp_path / "out.pdf"
    assemble_pdfa(
        image_input(path, image.size, dpi=200),
        [replace(ocr_text(words, image.size), dpi=200)],
        out,
        title=TITLE,
        created=CREATED,
    )
    with pikepdf.open(out) as pdf:
        assert [float(v) for v in pdf.pages[0].mediabox] == [0, 0, 360, 540]


# --- the text layer ---------------------------------------------------------------------------


def test_text_layer_round_trips_through_both_extractors(tmp_path: Path) -> None:
    image, words = draw_page(HEADER)
    out = assemble_image(tmp_path, image, words)
    read = ocr_text(words, image.size)
    check_text_layer(out, [read])
    assert page_text(out, 1).split("\n")[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    with pdfplumber.open(out) as pdf:
        assert "Độc lập - Tự do - Hạnh phúc" in pdf.pages[0].extract_text()


def test_more_than_100_distinct_vietnamese_letters_round_trip_exactly(tmp_path: Path) -> None:
    letters = vietnamese_letters()
    assert len(set(letters)) > BFCHAR_BLOCK_LIMIT
    line_words = ["".join(letters[i : i + 6]) for i in range(0, len(letters), 6)]
    lines = [line_words[i : i + 6] for i in range(0, len(line_words), 6)]
    image, words = draw_page(lines, font_px=22)
    out = assemble_image(tmp_path, image, words)
    read = ocr_text(words, image.size)

    check_text_layer(out, [read])
    assert tokens(page_text(out, 1)) == tokens(read.text)
    with pdfplumber.open(out) as pdf:
        extracted = pdf.pages[0].extract_text()
    assert set("".join(extracted.split())) == set(letters)
    with pikepdf.open(out) as pdf:
        (font,) = pdf.pages[0].Resources.Font.values()
        cmap = font.ToUnicode.read_bytes().decode("ascii")
    blocks = [int(n) for n in re.findall(r"(\d+) beginbf(?:char|range)", cmap)]
    assert sum(blocks) >= len(set(letters)) and max(blocks) <= BFCHAR_BLOCK_LIMIT


def test_extracted_word_boxes_lie_on_the_drawn_words(tmp_path: Path) -> None:
    image, words = draw_page(HEADER)
    out = assemble_image(tmp_path, image, words)
    with pdfplumber.open(out) as pdf:
        found = [
            (w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
            for w in pdf.pages[0].extract_words()
        ]
    assert_on_words(found, words)
    assert_on_words(poppler_words(out), words)


def test_text_layer_font_is_glyphless_type0_with_consistent_widths(tmp_path: Path) -> None:
    image, words = draw_page(HEADER[:2])
    out = assemble_image(tmp_path, image, words)
    with pikepdf.open(out) as pdf:
        (font,) = pdf.pages[0].Resources.Font.values()
        cid_font = font.DescendantFonts[0]
        program = cid_font.FontDescriptor.FontFile2.read_bytes()
        gid_map = cid_font.CIDToGIDMap.read_bytes()
        content = b"".join(c.read_bytes() for c in pdf.pages[0].Contents)
    assert (font.Subtype, font.Encoding, cid_font.Subtype) == (
        Name.Type0,
        Name("/Identity-H"),
        Name.CIDFontType2,
    )
    assert program == Path("/usr/share/tesseract-ocr/5/tessdata/pdf.ttf").read_bytes()
    assert gid_map == b"\x00\x01" * 65536
    assert cid_font.DW == 500  # pdf.ttf: advance 1024 of 2048 units per em
    assert b"3 Tr" in content


def test_characters_beyond_the_bmp_get_codes_of_their_own() -> None:
    codes = CharacterCodes(["Việt", "𝐀𠀀"])
    assert codes.encode("ệ") == "ệ".encode("utf-16-be")
    assert codes.encode("𝐀") == b"\xd8\x00" and codes.encode("𠀀") == b"\xd8\x01"
    cmap = to_unicode_cmap(codes.to_unicode).decode("ascii")
    assert "<D800> <D835DC00>" in cmap


def test_beyond_bmp_words_round_trip(tmp_path: Path) -> None:
    image, words = draw_page(HEADER[:1])
    words.append(Word("𠀀𝐀", BoundingBox(60, 300, 80, 30), 0.5, line=9))
    out = assemble_image(tmp_path, image, words)
    check_text_layer(out, [ocr_text(words, image.size)])


def box_word(text: str, left: float, width: float, *, line: int = 0) -> Word:
    return Word(text, BoundingBox(left, 100, width, 30), 0.5, line=line)


@pytest.mark.parametrize(
    "words",
    [
        [box_word("Một", 100, 80), box_word("hai", 150, 80), box_word("ba", 200, 40)],
        [box_word("Ủy", 100, 0), box_word("ban", 110, 50)],
        [box_word("sau", 300, 50), box_word("trước", 100, 80)],
        [box_word("ngoài", 780, 80), box_word("trang", -20, 50, line=1)],
        [box_word("Vie\u0323\u0302t", 100, 80), box_word("“Quyết", 200, 80)],
    ],
    ids=["overlapping", "zero-width", "right-to-left", "off-the-raster", "decomposed"],
)
def test_awkward_boxes_still_round_trip(tmp_path: Path, words: list[Word]) -> None:
    out = assemble_image(tmp_path, Image.new("L", (800, 600), 255), words)
    check_text_layer(out, [ocr_text(words, (800, 600))])


def test_a_wide_word_on_a_steep_line_stays_one_word(tmp_path: Path) -> None:
    # From a seal: two letters read 253 px wide, and a speck far below shares their "line",
    # whose baseline then slopes about 5.5 degrees (seen with background normalisation on).
    words = [
        Word("XS", BoundingBox(1443, 1600, 253, 48), 0.5),
        Word("`", BoundingBox(1923, 1654, 12, 9), 0.5),
    ]
    out = assemble_image(tmp_path, Image.new("L", (2480, 3508), 255), words)
    check_text_layer(out, [ocr_text(words, (2480, 3508))])


def test_a_steeply_climbing_jumble_of_words_stays_apart(tmp_path: Path) -> None:
    # From a birth certificate's seal: three fragments Tesseract called one line, climbing
    # about 22 degrees, too steep for a baseline and not a turned line either.
    words = [
        Word("`", BoundingBox(1786, 2544, 23, 27), 0.5),
        Word("xẾ", BoundingBox(1841, 2517, 48, 71), 0.5),
        Word("&", BoundingBox(1891, 2502, 24, 25), 0.5),
    ]
    out = assemble_image(tmp_path, Image.new("L", (2480, 3508), 255), words)
    check_text_layer(out, [ocr_text(words, (2480, 3508))])


def test_tall_neighbours_on_different_baselines_stay_apart(tmp_path: Path) -> None:
    # From a permit scanned at 200 dpi: two tall fragments 7 px apart whose baselines differ
    # by a quarter of their height, which poppler puts on one line and would run together.
    words = [
        Word("Ã", BoundingBox(868, 1599, 47, 85), 0.5),
        Word("⁄", BoundingBox(922, 1573, 36, 88), 0.5),
    ]
    out = assemble_image(tmp_path, Image.new("L", (1654, 2339), 255), words)
    check_text_layer(out, [ocr_text(words, (1654, 2339))])


# --- pages from PDFs --------------------------------------------------------------------------


def source_pdf(path: Path, raster: Image.Image, rotate: int, *, text: str | None = None) -> None:
    """A one-page PDF with a non-zero MediaBox origin, an inset CropBox and /Rotate, that
    pdftoppm renders as ``raster`` (which holds the page as displayed)."""
    shown_w, shown_h = raster.width * 72 / DPI, raster.height * 72 / DPI
    w, h = (shown_h, shown_w) if rotate in (90, 270) else (shown_w, shown_h)
    llx, lly = 100 + 15, -200 + 25
    stored = raster.convert("RGB").rotate(rotate, expand=True)
    with pikepdf.new() as pdf:
        image = pikepdf.Stream(pdf, zlib.compress(stored.tobytes()))
        image.Type, image.Subtype, image.Filter = Name.XObject, Name.Image, Name.FlateDecode
        image.Width, image.Height = stored.size
        image.ColorSpace, image.BitsPerComponent = Name.DeviceRGB, 8
        page = pdf.add_blank_page()
        page.obj.MediaBox = [100, -200, 100 + w + 30, -200 + h + 50]
        page.obj.CropBox = [llx, lly, llx + w, lly + h]
        page.obj.Rotate = rotate
        page.obj.Resources = Dictionary(XObject=Dictionary(Im0=image))
        content = f"q {w:.4f} 0 0 {h:.4f} {llx} {lly} cm /Im0 Do Q\n"
        if text is not None:
            font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
            page.obj.Resources.Font = Dictionary(F1=font)
            content += f"BT 3 Tr /F1 12 Tf {llx + 20} {lly + 20} Td ({text}) Tj ET\n"
        page.obj.Contents = pikepdf.Stream(pdf, content.encode())
        pdf.save(path)


def pdf_input(path: Path, size: tuple[int, int]) -> LoadedInput:
    source = PageSource(0, PageOrigin.PDF_PAGE, None, DPI, size[0], size[1])
    return LoadedInput(path, "0" * 64, "application/pdf", (source,), pdf_path=path)


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_pdf_page_text_lands_on_the_words_whatever_the_rotation(
    tmp_path: Path, rotate: int
) -> None:
    raster, words = draw_page(HEADER, size=LANDSCAPE_PX)
    original = tmp_path / "in.pdf"
    source_pdf(original, raster, rotate)
    rendered = np.asarray(render(original), dtype=float)
    assert rendered.shape == LANDSCAPE_PX[::-1]
    assert np.mean(np.abs(rendered - np.asarray(raster.convert("L"), dtype=float))) < 8

    out = tmp_path / "out.pdf"
    read = ocr_text(words, raster.size)
    assemble_pdfa(pdf_input(original, raster.size), [read], out, title=TITLE, created=CREATED)

    assert_on_words(poppler_words(out), words)
    check_text_layer(out, [read])
    assert check_pdfa(out) == []
    with pikepdf.open(original) as before, pikepdf.open(out) as after:
        for box in ("/MediaBox", "/CropBox", "/Rotate"):
            assert after.pages[0].obj[box] == before.pages[0].obj[box]


def test_text_layer_pages_are_copied_without_a_second_layer(tmp_path: Path) -> None:
    raster, _ = draw_page(HEADER[:1], size=(400, 300), font_px=14)
    original = tmp_path / "in.pdf"
    source_pdf(original, raster, 0, text="born digital")
    existing = PageText(0, TextSource.TEXT_LAYER, (), 400, 300, DPI)
    out = tmp_path / "out.pdf"
    assemble_pdfa(pdf_input(original, raster.size), [existing], out, title=TITLE, created=CREATED)
    assert page_text(out, 1).split() == ["born", "digital"]
    with pikepdf.open(out) as pdf:
        assert list(pdf.pages[0].Resources.Font.keys()) == ["/F1"]


def test_image_page_turned_upright_by_the_reader_gets_rotate(tmp_path: Path) -> None:
    upright, words = draw_page(HEADER, size=LANDSCAPE_PX)
    scan = upright.rotate(90, expand=True)  # the scanner fed the page sideways
    path = tmp_path / "scan.png"
    scan.save(path)
    out = tmp_path / "out.pdf"
    read = ocr_text(words, upright.size, rotation=90)
    assemble_pdfa(image_input(path, scan.size), [read], out, title=TITLE, created=CREATED)
    with pikepdf.open(out) as pdf:
        assert pdf.pages[0].rotation == 90
    assert_on_words(poppler_words(out), words)


def test_a_raster_of_the_wrong_shape_is_refused(tmp_path: Path) -> None:
    image, words = draw_page(HEADER[:1], size=(700, 500))
    path = tmp_path / "scan.png"
    image.save(path)
    wrong = ocr_text(words, (500, 700))
    with pytest.raises(AssemblyError, match="does not have the shape"):
        assemble_pdfa(
            image_input(path, image.size), [wrong], tmp_path / "o.pdf", title=TITLE, created=CREATED
        )


def interactive_pdf(path: Path, raster: Image.Image) -> None:
    """A page with JavaScript everywhere PDF/A forbids it, and a printable stamp annotation."""
    source_pdf(path, raster, 0)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        script = Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert('x')"))
        pdf.Root.OpenAction = pdf.make_indirect(script)
        page = pdf.pages[0].obj
        page.AA = Dictionary(O=script)
        llx, lly = float(page.CropBox[0]), float(page.CropBox[1])
        stamp = pikepdf.Stream(pdf, b"0 0 0 rg 0 0 40 40 re f")
        stamp.Type, stamp.Subtype, stamp.BBox = Name.XObject, Name.Form, [0, 0, 40, 40]
        square = Dictionary(
            Type=Name.Annot,
            Subtype=Name.Square,
            Rect=[llx + 200, lly + 100, llx + 240, lly + 140],
            F=4,
            AP=Dictionary(N=stamp),
        )
        link = Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=[llx, lly, llx + 50, lly + 50], A=script
        )
        page.Annots = pdf.make_indirect(
            pikepdf.Array([pdf.make_indirect(square), pdf.make_indirect(link)])
        )
        pdf.save(path)


def test_javascript_and_annotations_are_dropped_but_the_page_still_shows(tmp_path: Path) -> None:
    raster, words = draw_page(HEADER[:2], size=(400, 300), font_px=14)
    original = tmp_path / "in.pdf"
    interactive_pdf(original, raster)
    assert any("JavaScript" in p for p in check_pdfa(original))
    out = tmp_path / "out.pdf"
    assemble_pdfa(
        pdf_input(original, raster.size),
        [ocr_text(words, raster.size)],
        out,
        title=TITLE,
        created=CREATED,
    )
    assert check_pdfa(out) == []
    with pikepdf.open(out) as pdf:
        assert "/Annots" not in pdf.pages[0].obj and "/AA" not in pdf.pages[0].obj
        assert "/OpenAction" not in pdf.Root
    shown = np.asarray(render(out))
    stamp_centre = (300 - 120 * DPI // 72, 220 * DPI // 72)
    assert shown[stamp_centre] < 50, "the flattened stamp is drawn"
    assert shown[0, 0] > 200


PEER_PDFS = Path(__file__).resolve().parents[2] / "shared" / "data" / "peer-pdfs"


def displayed_raster(page: pikepdf.Page) -> tuple[int, int]:
    """The size in pixels at DPI of what pdftoppm -cropbox renders of ``page``."""
    crop = [float(v) for v in page.cropbox]
    width, height = abs(crop[2] - crop[0]), abs(crop[3] - crop[1])
    if page.rotation in (90, 270):
        width, height = height, width
    return round(width * DPI / 72), round(height * DPI / 72)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("multipage.pdf", []),  # images with /Interpolate true
        ("c02-22.pdf", []),
        ("cardinal.pdf", []),  # pages at 0/90/180/270
        ("rotated_skew.pdf", []),
        ("acroform.pdf", []),  # form fields, flattened
        ("livecycle.pdf", []),  # XFA form
        ("no_contents.pdf", []),
        ("kcs.pdf", []),  # no trailer /ID, no binary header comment
        ("formxobject.pdf", ["font Helvetica is not embedded"]),  # content kept as it is
    ],
)
def test_peer_pdfs_assemble(tmp_path: Path, name: str, expected: list[str]) -> None:
    if not (PEER_PDFS / name).exists():
        pytest.skip(f"{PEER_PDFS / name} is not available")
    original = tmp_path / name
    shutil.copyfile(PEER_PDFS / name, original)
    with pikepdf.open(original) as pdf:
        sizes = [displayed_raster(page) for page in list(pdf.pages)[:3]]
    sources = tuple(PageSource(i, PageOrigin.PDF_PAGE, None, DPI, *s) for i, s in enumerate(sizes))
    read = [
        PageText(i, TextSource.OCR, (box_word("Thủ", w * 0.1, w * 0.2),), w, h, DPI)
        for i, (w, h) in enumerate(sizes)
    ]
    if name == "formxobject.pdf":  # a born-digital page: its text is its own
        read = [replace(r, source=TextSource.TEXT_LAYER, words=()) for r in read]
    loaded = LoadedInput(original, "0" * 64, "application/pdf", sources, pdf_path=original)
    out = tmp_path / "out.pdf"
    assemble_pdfa(loaded, read, out, title=name, created=CREATED)
    check_text_layer(out, read)
    problems = check_pdfa(out)
    assert len(problems) == len(expected)
    assert all(e in p for e, p in zip(expected, problems, strict=True))


# --- check_text_layer -------------------------------------------------------------------------


def test_check_text_layer_names_the_page_and_the_changed_word(tmp_path: Path) -> None:
    image, words = draw_page(HEADER)
    out = assemble_image(tmp_path, image, words)
    changed = [replace(w, text="Viết") if w.text == "VIỆT" else w for w in words]
    with pytest.raises(AssemblyError) as raised:
        check_text_layer(out, [ocr_text(changed, image.size)])
    message = raised.value.message
    assert message.startswith("page 1:")
    assert "'Viết'" in message and "'VIỆT'" in message


def test_check_text_layer_catches_a_single_diacritic(tmp_path: Path) -> None:
    image, words = draw_page(HEADER)
    out = assemble_image(tmp_path, image, words)
    changed = [replace(w, text="Hanh") if w.text == "Hạnh" else w for w in words]
    with pytest.raises(AssemblyError, match="missing 'Hanh'"):
        check_text_layer(out, [ocr_text(changed, image.size)])


def test_check_text_layer_ignores_pages_not_read_by_ocr(tmp_path: Path) -> None:
    image, words = draw_page(HEADER[:1])
    out = assemble_image(tmp_path, image, words)
    blank = PageText(0, TextSource.BLANK, (), *image.size, DPI)
    check_text_layer(out, [blank])


# --- check_pdfa -------------------------------------------------------------------------------


@pytest.fixture
def assembled(tmp_path: Path) -> Path:
    image, words = draw_page(HEADER)
    return assemble_image(tmp_path, image, words)


def test_our_output_meets_the_checked_rules(assembled: Path) -> None:
    assert check_pdfa(assembled) == []
    with pikepdf.open(assembled) as pdf:
        assert pdf.pdf_version == "1.7"
        assert pdf.open_metadata().pdfa_status == "2B"
        assert str(pdf.docinfo.Title) == TITLE
        assert str(pdf.docinfo.CreationDate).startswith("D:20220211093015+07'00")
        assert len(pdf.trailer.ID) == 2


def test_pikepdf_pdfa_validator_agrees(assembled: Path) -> None:
    validator = pytest.importorskip("pikepdf.pdfa", exc_type=ImportError)
    report = validator.validate_written(assembled, "2b")
    assert [str(f) for f in report.findings] == []


def edit(path: Path, change: Callable[[pikepdf.Pdf], object]) -> Path:
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        change(pdf)
        pdf.save(path)
    return path


def add_visible_helvetica(pdf: pikepdf.Pdf, *, in_form: bool = False) -> None:
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    resources = Dictionary(Font=Dictionary(FH=font))
    text = b"BT /FH 12 Tf 10 10 Td (visible) Tj ET"
    page = pdf.pages[0]
    if in_form:
        form = pikepdf.Stream(pdf, text)
        form.Type, form.Subtype, form.BBox, form.Resources = (
            Name.XObject,
            Name.Form,
            [0, 0, 100, 100],
            resources,
        )
        name = page.add_resource(form, Name.XObject, prefix="Fm")
        page.contents_add(pikepdf.Stream(pdf, f"q {name} Do Q".encode()))
    else:
        page.add_resource(font, Name.Font, Name("/FH"))
        page.contents_add(pikepdf.Stream(pdf, text))


@pytest.mark.parametrize("in_form", [False, True])
def test_check_pdfa_finds_an_unembedded_font(assembled: Path, in_form: bool) -> None:
    edit(assembled, lambda pdf: add_visible_helvetica(pdf, in_form=in_form))
    problems = check_pdfa(assembled)
    assert len(problems) == 1 and "Helvetica is not embedded" in problems[0]
    assert ("form XObject" in problems[0]) == in_form


def test_check_pdfa_accepts_an_unembedded_font_used_only_invisibly(assembled: Path) -> None:
    def invisible(pdf: pikepdf.Pdf) -> None:
        font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
        pdf.pages[0].add_resource(font, Name.Font, Name("/FH"))
        pdf.pages[0].contents_add(pikepdf.Stream(pdf, b"BT 3 Tr /FH 12 Tf (hidden) Tj ET"))

    assert check_pdfa(edit(assembled, invisible)) == []


def test_check_pdfa_finds_encryption(assembled: Path, tmp_path: Path) -> None:
    encrypted, locked = tmp_path / "encrypted.pdf", tmp_path / "locked.pdf"
    with pikepdf.open(assembled) as pdf:
        pdf.save(encrypted, encryption=pikepdf.Encryption(owner="owner", user=""))
        pdf.save(locked, encryption=pikepdf.Encryption(owner="owner", user="user"))
    assert any("encrypted" in p for p in check_pdfa(encrypted))
    assert check_pdfa(locked) == [
        "locked.pdf is encrypted with a password; PDF/A forbids encryption."
    ]


def test_check_pdfa_finds_missing_xmp(assembled: Path) -> None:
    edit(assembled, lambda pdf: pdf.Root.__delitem__("/Metadata"))
    assert check_pdfa(assembled) == ["The catalog has no XMP metadata stream (PDF/A-2 6.6.2.1)."]


def test_check_pdfa_finds_metadata_that_disagrees(assembled: Path) -> None:
    edit(assembled, lambda pdf: pdf.docinfo.__setitem__("/Creator", pikepdf.String("other")))
    (problem,) = check_pdfa(assembled)
    assert "Creator 'other' differs from XMP xmp:CreatorTool 'sohoa'" in problem


def test_check_pdfa_finds_cmyk_with_an_rgb_intent_and_javascript(assembled: Path) -> None:
    def spoil(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].contents_add(pikepdf.Stream(pdf, b"0 0 0 1 k 0 0 5 5 re f"))
        pdf.Root.OpenAction = Dictionary(S=Name.Launch, F=pikepdf.String("calc.exe"))

    problems = check_pdfa(edit(assembled, spoil))
    assert any("uses DeviceCMYK but the output intent is RGB" in p for p in problems)
    assert any("Launch action" in p for p in problems)


def test_check_pdfa_finds_no_output_intent(assembled: Path) -> None:
    edit(assembled, lambda pdf: pdf.Root.__delitem__("/OutputIntents"))
    problems = check_pdfa(assembled)
    assert problems[0].startswith("There is no PDF/A output intent")
    assert any("uses DeviceRGB but there is no output intent" in p for p in problems)


# --- determinism, atomic writing, tools -------------------------------------------------------


def test_assembling_twice_gives_identical_bytes(tmp_path: Path) -> None:
    image, words = draw_page(HEADER)
    outputs = []
    for folder in (tmp_path / "a", tmp_path / "b"):
        folder.mkdir()
        outputs.append(assemble_image(folder, image, words).read_bytes())
    assert outputs[0] == outputs[1]


def test_icc_profile_carries_a_fixed_date() -> None:
    assert srgb_profile() == srgb_profile()
    assert srgb_profile()[24:36] == b"\x07\xd0\x00\x01\x00\x01\x00\x00\x00\x00\x00\x00"


def test_output_is_replaced_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    image, words = draw_page(HEADER[:1])
    out = assemble_image(tmp_path, image, words)
    before = out.read_bytes()

    def fail(*_: object, **__: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pikepdf.Pdf, "save", fail)
    with pytest.raises(OSError, match="disk full"):
        assemble_image(tmp_path, image, words)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.png", "page.png.pdf"]


def test_created_without_microseconds_in_xmp(assembled: Path) -> None:
    with pikepdf.open(assembled) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode()
    assert "2022-02-11T09:30:15+07:00" in xmp and ".123456" not in xmp


def test_page_counts_must_match(tmp_path: Path) -> None:
    image, words = draw_page(HEADER[:1])
    path = tmp_path / "scan.png"
    image.save(path)
    with pytest.raises(AssemblyError, match="1 pages were loaded but 2 were read"):
        assemble_pdfa(
            image_input(path, image.size),
            [ocr_text(words, image.size)] * 2,
            tmp_path / "o.pdf",
            title=TITLE,
            created=datetime.now(UTC),
        )


def test_pdftotext_missing_is_reported(assembled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ToolMissing, match="pdftotext"):
        page_text(assembled, 1)


def test_pdftotext_page_out_of_range_is_an_error(assembled: Path) -> None:
    with pytest.raises(Exception, match="page 5"):
        page_text(assembled, 5)
