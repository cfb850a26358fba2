"""Document numbers (số ký hiệu), certification numbers and household-business codes."""

from __future__ import annotations

import pytest

from pipeline.understand.numbers import (
    find_certification_number,
    find_household_code,
    parse_number,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Số: 123/QĐ-UBND", "123/QĐ-UBND"),
        ("Số: 328/KH-UBND", "328/KH-UBND"),
        ("Số: 87/2022/ATTP-CNĐK", "87/2022/ATTP-CNĐK"),
        ("Số: 123/GPXD-UBND", "123/GPXD-UBND"),
        ("Số: 157/GPLĐ-SLĐTBXH", "157/GPLĐ-SLĐTBXH"),
        ("Số: 56/TTr-UBND", "56/TTr-UBND"),
        ("Số: 12/QyĐ-UBND", "12/QyĐ-UBND"),
        ("Số: 45", "45"),
        # OCR: the Đ lost, O for 0, spaces around the dash, a bent label.
        ("So: 215/QD-UBND", "215/QĐ-UBND"),
        ("Sô: 1O87/QĐ - UBND", "1087/QĐ-UBND"),
        ("Số 1187/QĐ-UBND", "1187/QĐ-UBND"),
        ("S6: 157/GPLD-SLDTBXH", "157/GPLĐ-SLĐTBXH"),
        # The slash lost; a work permit's series number after "Số /No:".
        ("Số: 616GPXD-SXD", "616/GPXD-SXD"),
        ("Số /No: BN52354461", "BN52354461"),
        ("Số/No.: BN5235446l", "BN52354461"),
    ],
)
def test_numbers_as_printed(line: str, expected: str) -> None:
    found = parse_number(line)
    assert found is not None and found.value == expected


def test_a_mended_number_is_less_certain_than_a_clean_one() -> None:
    clean = parse_number("Số: 215/QĐ-UBND")
    mended = parse_number("So: 215/QD-UBND")
    garbled_label = parse_number("si? 12")
    assert clean is not None and mended is not None and garbled_label is not None
    assert clean.certainty == 1.0
    assert mended.certainty < clean.certainty
    assert garbled_label.value == "12" and garbled_label.certainty <= 0.6


@pytest.mark.parametrize(
    "line",
    ["Số điện thoại: 0912 458 306", "Số tầng: 03 tầng", "Số lượng hồ sơ: 01 (bộ)", "Quyết định"],
)
def test_other_numbered_lines_are_not_document_numbers(line: str) -> None:
    assert parse_number(line) is None


def test_certification_number_of_a_certified_copy() -> None:
    found = find_certification_number("Số chứng thực: 1386 Quyển số: 01/2022-SCT/BS")
    assert found is not None and found.value == "1386"
    assert find_certification_number("So chung thuc: 2O14") is not None
    assert find_certification_number("Chứng thực bản sao đúng với bản chính.") is None


def test_household_business_registration_code() -> None:
    found = find_household_code("Mã số hộ kinh doanh: 21E8001415")
    assert found is not None and found.value == "21E8001415"
    assert find_household_code("Ma so ho kinh doanh: 21e8001415")
    assert find_household_code("Tên hộ kinh doanh: HỘ KINH DOANH ĐỒ GỖ") is None
