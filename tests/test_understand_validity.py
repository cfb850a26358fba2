"""Until when a paper is valid when it says so itself."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.understand.validity import explicit_validity, plus_months

ISSUED = date(2022, 3, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Giấy chứng nhận có hiệu lực đến ngày 19 tháng 4 năm 2025.", date(2025, 4, 19)),
        ("Giấy phép có giá trị đến 31/12/2024.", date(2024, 12, 31)),
        ("có hieu luc den ngay 3O thang 6 nam 2023", date(2023, 6, 30)),
        (
            "11. Thời hạn làm việc (Period of work): từ ngày (from) 01/4/2022 đến ngày\n"
            "(to) 31/3/2024",
            date(2024, 3, 31),
        ),
        (
            "4. Giấy phép này có hiệu lực khởi công xây dựng trong thời hạn 12 tháng\n"
            "kể từ ngày cấp; quá thời hạn trên thì phải đề nghị gia hạn",
            date(2023, 3, 15),
        ),
        ("Giấy này có giá trị sử dụng trong thời hạn 6 tháng, kể từ ngày cấp.", date(2022, 9, 15)),
    ],
)
def test_explicit_validity(text: str, expected: date) -> None:
    found = explicit_validity(text, ISSUED)
    assert found is not None and found.value == expected


@pytest.mark.parametrize(
    "text",
    [
        "Trong thời gian cư trú tại phường Kinh Bắc từ ngày 17/08/1993 đến ngày 09/5/2022",
        "Quyết định này có hiệu lực kể từ ngày ký.",
        "Thời hạn sử dụng đất: ổn định lâu dài.",
    ],
)
def test_no_validity_where_the_paper_gives_none(text: str) -> None:
    assert explicit_validity(text, ISSUED) is None


def test_a_relative_validity_needs_the_issue_date() -> None:
    text = "có hiệu lực trong thời hạn 12 tháng kể từ ngày cấp"
    assert explicit_validity(text, None) is None


def test_months_are_added_to_the_calendar() -> None:
    assert plus_months(date(2022, 3, 15), 12) == date(2023, 3, 15)
    assert plus_months(date(2022, 4, 20), 36) == date(2025, 4, 20)
    assert plus_months(date(2022, 1, 31), 1) == date(2022, 2, 28)
    assert plus_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
