"""The mã hồ sơ parser on strings as OCR and QR codes give them."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.understand.dossier_code import (
    find_dossier_codes,
    parse_dossier_code,
    received_date,
)

CODE = "000.00.25.H06-220301-0042"


@pytest.mark.parametrize(
    "read",
    [
        "000.00.25.H06-220301-0042",
        "Mã hồ sơ: 000.00.25.H06-220301-0042",
        "Ma ho so: 000.00.25.H06-220301-0042.",
        "000 . 00 . 25 . H06 - 220301 - 0042",
        "OOO.OO.25.H06-22O3O1-OO42",
        "000,00,25,H06–220301–0042",
        "000.00.25.h06 — 220301 — 0O42",
        "Mã hồ sơ:000.00.25.H06-2203 01-0042 Ngày nhận: 01/03/2022",
        "https://dichvucong.bacninh.gov.vn/tra-cuu?ma=000.00.25.H06-220301-0042",
        "０００.００.２５.Ｈ０６-２２０３０１-００４２",
    ],
)
def test_a_noisy_reading_gives_the_printed_code(read: str) -> None:
    assert parse_dossier_code(read) == CODE


def test_other_agencies_and_days_keep_their_own_digits() -> None:
    assert parse_dossier_code("H06.24-x 123.45.67.G01-231231-9999") == "123.45.67.G01-231231-9999"
    assert parse_dossier_code("000.00.l1.H06-240229-0001") == "000.00.11.H06-240229-0001"


@pytest.mark.parametrize(
    "not_a_code",
    [
        "",
        "Số: 328/KH-UBND",
        "CCCD 027090001234 cấp ngày 15/03/2022",
        "000.00.25.H06-221301-0042",  # month 13
        "000.00.25.H06-230229-0042",  # 29 February of a common year
        "000.00.25.H06-220300-0042",  # day 0
        "000.00.25.H06-220301-042",  # sequence too short
        "000.00.25.H06-220301-00421",  # sequence too long
        "1000.00.25.H06-220301-0042",  # agency group too long
        "000.00.25.606-220301-0042",  # no letter before the province digits
        "000.00.25.H06\n-220301-0042",  # broken across lines
    ],
)
def test_what_is_not_a_code_is_none(not_a_code: str) -> None:
    assert parse_dossier_code(not_a_code) is None
    assert find_dossier_codes(not_a_code) == []


def test_a_page_with_several_codes_lists_each_once_in_order() -> None:
    page = (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ\n"
        "Mã hồ sơ: 000.00.25.H06-220301-0042\n"
        "Hồ sơ liên quan: 000.00.31.H06 - 220215 - 0007\n"
        "(mã hồ sơ 000.00.25.H06-22O3O1-0042 dùng để tra cứu)"
    )
    assert find_dossier_codes(page) == [CODE, "000.00.31.H06-220215-0007"]
    assert parse_dossier_code(page) is None


def test_the_received_day_is_read_from_the_code() -> None:
    assert received_date(CODE) == date(2022, 3, 1)
    assert received_date("no code here") is None
