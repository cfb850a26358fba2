"""Vietnamese post-correction: real Tesseract errors fixed, everything else left as it was read.

The OCR lines below are what Tesseract 5 (vie) read from the sample papers at 200 dpi black and
white or 150 dpi JPEG (made from samples/ as described in the README section "Vietnamese
post-correction"); the expected lines are the samples' ground truth.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline.errors import ConfigError
from pipeline.read import ocr
from pipeline.read.postcorrect import correct_line, correct_page, load_model
from pipeline.read.vietnamese import Tone, canonical_tone_placement, parse_syllable
from pipeline.values import BoundingBox, PageOrigin, PageSource, PageText, TextSource, Word

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def corrected(line: str, *, context: bool = False) -> str:
    return " ".join(correct_line(line.split(), load_model(), context=context))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("hoà", "hòa"),
        ("hoá", "hóa"),
        ("khoẻ", "khỏe"),
        ("tuỳ", "tùy"),
        ("thuỷ", "thủy"),
        ("uỷ", "ủy"),
        ("ngòai", "ngoài"),
        ("hòan", "hoàn"),
        ("thúyêt", "thuyết"),
    ],
)
def test_tone_mark_moves_to_the_vowel_the_ground_truth_uses(word: str, expected: str) -> None:
    assert canonical_tone_placement(word) == expected


@pytest.mark.parametrize(
    "word", ["quý", "giữa", "già", "gìn", "ngoài", "thuở", "khuya", "khuỷu", "người", "quốc"]
)
def test_well_placed_tone_marks_stay(word: str) -> None:
    assert canonical_tone_placement(word) == word


def test_old_style_marks_are_normalised_in_every_case() -> None:
    assert corrected("CỘNG HOÀ XÃ HỘI") == "CỘNG HÒA XÃ HỘI"
    assert corrected("Uỷ ban nhân dân") == "Ủy ban nhân dân"
    assert corrected("Số hoá hồ sơ") == "Số hóa hồ sơ"


def test_decomposed_unicode_becomes_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Cộng hòa xã hội chủ nghĩa")
    result = corrected(decomposed)
    assert result == "Cộng hòa xã hội chủ nghĩa"
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(
    "word", ["nghiêng", "quốc", "giếng", "khuỷu", "ngoằn", "thuở", "kỹ", "yêu", "đường", "hoạch"]
)
def test_real_syllables_are_valid(word: str) -> None:
    assert parse_syllable(word) is not None


@pytest.mark.parametrize(
    "word",
    [
        "ngi",  # ng before i is spelled ngh
        "ke" + "o" + "x",  # no rhyme eox
        "ce",  # c before e is spelled k
        "ghá",  # gh only before e, ê, i
        "hoàt",  # a rhyme closed by t takes only sắc or nặng
        "bàc",
        "tịc",  # ich, not ic
        "hóá",  # two tone marks
        "acid",
        "m",
    ],
)
def test_impossible_syllables_are_invalid(word: str) -> None:
    assert parse_syllable(word) is None


def test_syllable_parts() -> None:
    syllable = parse_syllable("nghiệp")
    assert syllable is not None
    assert (syllable.onset, syllable.rhyme, syllable.tone) == ("ngh", "iêp", Tone.DOT)


@pytest.mark.parametrize(
    ("ocr", "truth"),
    [
        ("Thời hạn sử dụng đất: ốn định lâu dài.", "Thời hạn sử dụng đất: ổn định lâu dài."),
        (
            "- Bản kê khai kinh nghiệm của tổ chức thiết kế kẻm theo bản sao chứng chỉ",
            "- Bản kê khai kinh nghiệm của tổ chức thiết kế kèm theo bản sao chứng chỉ",
        ),
        (
            "- Số tầng: 03 tầng trên mặt đất và 01 tầng tưm; không có tầng hầm, tầng lửng.",
            "- Số tầng: 03 tầng trên mặt đất và 01 tầng tum; không có tầng hầm, tầng lửng.",
        ),
        ("KT. CHỦ TỊC", "KT. CHỦ TỊCH"),
        ("+ Lô đất số: không; diện tích: 120,0 m?.", "+ Lô đất số: không; diện tích: 120,0 m²."),
        (
            "- Tổng diện tích sàn: 283,6 m2, gồm tầng 1 là 94,2 m2, tầng 2 là 86,4 m°, tầng",
            "- Tổng diện tích sàn: 283,6 m², gồm tầng 1 là 94,2 m², tầng 2 là 86,4 m², tầng",
        ),
        ("~ Lưu: VT, TNMT.", "- Lưu: VT, TNMT."),
    ],
)
def test_impossible_syllables_and_misread_marks_from_tesseract_are_fixed(
    ocr: str, truth: str
) -> None:
    assert corrected(ocr) == truth
    assert corrected(ocr, context=True) == truth


CONTEXT_ERRORS = [
    (
        "Căn cứ Luật Tố chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    ),
    (
        "Từ Sơn, tỉnh Bắc Ninh, được chuyến mục đích sử dụng",
        "Từ Sơn, tỉnh Bắc Ninh, được chuyển mục đích sử dụng",
    ),
    (
        "5_ Khi điều chính thiết kế làm thay đối một trong các nội dung quy định tại",
        "5_ Khi điều chỉnh thiết kế làm thay đổi một trong các nội dung quy định tại",
    ),
    (
        "4. Xuất trình Giấy phép xây dựng cho cơ quan có thấm quyền khi được yêu",
        "4. Xuất trình Giấy phép xây dựng cho cơ quan có thẩm quyền khi được yêu",
    ),
    ("ỦY BẠN NHÂN DÂN CỘNG HÒA XÃ HỘI", "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI"),
    (
        "Quê quán: xã Liên Bão, huyện Tiên Du, tỉnh Bác Ninh",
        "Quê quán: xã Liên Bão, huyện Tiên Du, tỉnh Bắc Ninh",
    ),
]


@pytest.mark.parametrize(("ocr", "truth"), CONTEXT_ERRORS)
def test_context_correction_fixes_tone_confusions_when_switched_on(ocr: str, truth: str) -> None:
    assert corrected(ocr, context=True) == truth


@pytest.mark.parametrize(("ocr", "truth"), CONTEXT_ERRORS)
def test_valid_syllables_are_untouched_by_default(ocr: str, truth: str) -> None:
    assert corrected(ocr) == ocr


UNTOUCHABLE = [
    "Số: 1187/QĐ-UBND Từ Sơn, ngày 12 tháng 4 năm 2022",
    "căn cước công dân số 027090001234, mã hồ sơ 000.00.25.H06-220301-0042",
    "Mã số chứng chỉ năng lực: BAN-00018342.",
    "hộ ông Trần Văn Bính, thôn Đông Kỵ, xã Đông Ky, thị trấn Lìm",
    "Công ty TNHH Điện tử Hanul Vina; UBND; HĐND; Lưu: VT, KT&HT, VLATLĐ.",
    "diện tích 13,8 m, cao 3,9 m; cỡ 4 cm x 6 cm; II.",
    'họ tên) Ñ“ẽ“/Y" cm Ti Nguyễn Văn',  # a signature read by Tesseract: cm is no syllable
    "giám đốc Đoàn Thị Thuý Hằng",
    "Họ, chữ đệm, tên: NGUYÊN MINH KHANG",
    "video acid fax logic",
]


@pytest.mark.parametrize("line", UNTOUCHABLE)
@pytest.mark.parametrize("context", [False, True])
def test_numbers_codes_names_and_foreign_words_are_untouched(line: str, context: bool) -> None:
    expected = line.replace("Thuý", "Thúy")  # only the tone mark's place, as everywhere
    assert corrected(line, context=context) == expected


def ground_truth_lines() -> list[str]:
    lines = []
    for path in sorted((SAMPLES / "ground-truth").glob("*.json")):
        for page in json.loads(path.read_text(encoding="utf-8"))["pages"]:
            lines += [line for line in page["text"].splitlines() if line.strip()]
    return lines


@pytest.mark.parametrize("context", [False, True])
def test_correct_text_is_left_as_it_is(context: bool) -> None:
    lines = ground_truth_lines()
    assert len(lines) > 300
    changed = [(line, corrected(line, context=context)) for line in lines]
    assert [pair for pair in changed if pair[0] != " ".join(pair[0].split()) != pair[1]] == []
    assert [pair for pair in changed if " ".join(pair[0].split()) != pair[1]] == []


def test_words_keep_their_boxes_confidences_and_order() -> None:
    texts = ["Thời", "hạn:", "ốn", "định", "lâu", "dài."]
    words = tuple(
        Word(text, BoundingBox(10.0 + 50 * i, 20.0, 40.0, 12.0), 0.5 + i / 20, 1, 1, 1)
        for i, text in enumerate(texts)
    )
    header = Word("Uỷ", BoundingBox(5, 5, 20, 10), 0.9, 0, 0, 0)
    page = PageText(0, TextSource.OCR, (header, *words), 600, 800, 300)
    fixed = correct_page(page)
    assert [w.text for w in fixed.words] == ["Ủy", "Thời", "hạn:", "ổn", "định", "lâu", "dài."]
    assert [(w.box, w.confidence, w.line_key) for w in fixed.words] == [
        (w.box, w.confidence, w.line_key) for w in page.words
    ]
    assert fixed.text == "Ủy\n\nThời hạn: ổn định lâu dài."


def test_blank_page_passes_through() -> None:
    page = PageText(3, TextSource.BLANK, (), 600, 800, 300)
    assert correct_page(page) is page


def test_a_missing_model_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="post-correction model"):
        load_model(tmp_path)


def test_corrections_are_stable() -> None:
    for line, _ in CONTEXT_ERRORS:
        for context in (False, True):
            once = corrected(line, context=context)
            assert corrected(once, context=context) == once


@pytest.mark.parametrize("switched_on", [True, False])
def test_the_read_worker_post_corrects_when_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, switched_on: bool
) -> None:
    """The wiring in read_page; Tesseract's part is replaced by words it really returned."""
    image = np.full((400, 300), 255, np.uint8)
    cv2.putText(image, "text", (40, 200), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 4)
    path = tmp_path / "page.png"
    cv2.imwrite(str(path), image)
    read = [
        Word(t, BoundingBox(10 * i, 10, 9, 9), 0.9)
        for i, t in enumerate(["Uỷ", "ban:", "ốn", "định", "m2"])
    ]
    monkeypatch.setattr(ocr, "read_words", lambda request: tuple(read))
    page = PageSource(0, PageOrigin.IMAGE, path, 300, 300, 400)
    job = ocr.ReadJob(
        page, None, tmp_path, "vie", 300, 60, ocr.NO_STEPS, post_correction=switched_on
    )
    words = [word.text for word in ocr.read_page(job).words]
    assert words == (["Ủy", "ban:", "ổn", "định", "m2"] if switched_on else [w.text for w in read])


def test_the_shipped_model_holds_only_possible_syllables_in_the_ground_truth_convention() -> None:
    model = load_model()
    assert len(model.unigrams) > 6000 and len(model.bigrams) > 20000
    respelled = {
        s for s in model.unigrams if parse_syllable(s) is None or canonical_tone_placement(s) != s
    }
    assert respelled == set()
    assert all(left in model.unigrams and right in model.unigrams for left, right in model.bigrams)
    assert {"hòa", "thủy", "ủy", "khỏe"} <= model.unigrams.keys()
    assert not {"hoà", "thuỷ", "uỷ", "khoẻ"} & model.unigrams.keys()
