"""Dates as papers print them, bent as OCR bends them, and which one is the date of issue."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.understand.dates import find_dates, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bắc Ninh, ngày 11 tháng 02 năm 2022", date(2022, 2, 11)),
        ("ngày 5/3/2021", date(2021, 3, 5)),
        ("11/02/2022", date(2022, 2, 11)),
        ("11.02.2022", date(2022, 2, 11)),
        # Diacritics lost or misread, O for 0, l for 1.
        ("Tien Du, ngay 28 thang O2 nam 2022", date(2022, 2, 28)),
        ("Từ Sơn, ngày l2 thảng 4 nãm 2022", date(2022, 4, 12)),
        ("Bắc Ninh, ngảy 20 tháng 4 năm 2O22", date(2022, 4, 20)),
        # A line broken inside the date.
        ("Kinh Bắc, ngày 09 tháng\n5 năm 2022", date(2022, 5, 9)),
        ("Ngày 20 tháng 5\nnăm 2022", date(2022, 5, 20)),
        ("ngày: 14 tháng: 02 năm: 2022", date(2022, 2, 14)),
    ],
)
def test_dates_in_every_printed_form(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Phật Tích, ngày 31 tháng 2 năm 2022",  # no such day
        "ngày 12 tháng 13 năm 2022",
        "Số điện thoại: 0912 458 306",
        "tờ bản đồ số 9, thửa đất số 318",
        "Quyển số: 01/2022",
    ],
)
def test_no_date_is_invented(text: str) -> None:
    assert parse_date(text) is None


def test_the_dateline_is_told_from_dates_cited_in_the_body() -> None:
    text = (
        "Số: 215/QĐ-UBND\n"
        "Bắc Ninh, ngày 28 tháng 02 năm 2022\n"
        "QUYẾT ĐỊNH\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
        "Căn cứ Kế hoạch số 328/KH-UBND ngày 11 tháng 02 năm 2022 của Ủy ban\n"
        "căn cước công dân số 027090001234, cấp ngày 10/7/2021\n"
    )
    roles = [(found.value, found.role) for found in find_dates(text)]
    assert roles == [
        (date(2022, 2, 28), "dateline"),
        (date(2015, 6, 19), "cited"),
        (date(2022, 2, 11), "cited"),
        (date(2021, 7, 10), "numeric"),
    ]


def test_a_place_named_like_a_verb_still_makes_a_dateline() -> None:
    # "Kỵ" folds to "ky", as "ký" (signed) does.
    found = find_dates("Đồng Kỵ, ngày 1 tháng 3 năm 2022")
    assert [(f.value, f.role) for f in found] == [(date(2022, 3, 1), "dateline")]


def test_a_date_on_a_line_of_its_own_or_after_a_registration_label() -> None:
    lines = "Ngày 20 tháng 5 năm 2022\nĐăng ký lần đầu: ngày 18 tháng 4 năm 2022\n"
    assert [f.role for f in find_dates(lines)] == ["line", "line"]


def test_a_cited_date_that_a_broken_line_puts_first_is_still_cited() -> None:
    text = (
        "đề nghị của Trưởng phòng tại Tờ trình số 156/TTr-TNMT\nngày 05 tháng 4 năm 2022 của Phòng"
    )
    assert [f.role for f in find_dates(text)] == ["cited"]


def test_a_date_carried_to_the_next_line_belongs_to_its_sentence() -> None:
    text = "Thời hạn làm việc: từ ngày 01/11/2022 đến ngày\n30/10/2024\n10. Tình trạng"
    assert [f.role for f in find_dates(text)] == ["numeric", "numeric"]


def test_specks_before_a_date_under_a_stamp_do_not_make_it_cited() -> None:
    found = find_dates("Số chứng thực: 1545\n-_ Ngày 18 tháng 02 năm 2022\nNGƯỜI THỰC HIỆN")
    assert [(f.value, f.role) for f in found] == [(date(2022, 2, 18), "line")]
