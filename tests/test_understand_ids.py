"""Holder ids: CCCD, CMND, passport, tax code, found only after a label that names them."""

from __future__ import annotations

import pytest

from pipeline.understand.ids import IdKind, find_ids


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("Căn cước công dân số 027193005566, cấp ngày 02/4/2021", "027193005566", IdKind.CCCD),
        ("Căn cước công dân số: 027090001234", "027090001234", IdKind.CCCD),
        ("căn cước công dân số\n027075004321, địa chỉ", "027075004321", IdKind.CCCD),
        ("Số định danh cá nhân: O27222003518", "027222003518", IdKind.CCCD),
        ("Số giấy tờ pháp lý của cá nhân: 027082007719", "027082007719", IdKind.CCCD),
        ("CCCD số 027o90001234", "027090001234", IdKind.CCCD),
        ("Chứng minh nhân dân số 125678901", "125678901", IdKind.CMND),
        ("CMND số: 027090001234", "027090001234", IdKind.CCCD),
        ("Số hộ chiếu (Passport number): M48207713", "M48207713", IdKind.PASSPORT),
        ("Số hộ chiếu / Passport number: TR5521084", "TR5521084", IdKind.PASSPORT),
        ("Mã số doanh nghiệp: 2301156789", "2301156789", IdKind.TAX_CODE),
        ("Mã số thuế: 2301156789-001", "2301156789-001", IdKind.TAX_CODE),
        ("Ma so thue: 23O1156789", "2301156789", IdKind.TAX_CODE),
    ],
)
def test_labelled_ids(text: str, value: str, kind: IdKind) -> None:
    found = find_ids(text)
    assert [(f.value, f.kind) for f in found] == [(value, kind)]


@pytest.mark.parametrize(
    "text",
    [
        "Số điện thoại: 0912 458 306",
        "Điện thoại: 0222 3716 588",
        "thửa đất số 318, tờ bản đồ số 9",
        "Vốn kinh doanh: 800.000.000 đồng",
        "Căn cước công dân số 02709000123",  # 11 digits: not a CCCD
        "Mã hồ sơ: 000.00.25.H06-220301-0042",
    ],
)
def test_no_id_without_a_label_or_with_a_wrong_length(text: str) -> None:
    assert find_ids(text) == []


def test_ids_come_in_reading_order() -> None:
    text = (
        "Họ, chữ đệm, tên chồng: LÊ QUANG HUY\n"
        "Giấy tờ tùy thân: Căn cước công dân số 027095006127\n"
        "Họ, chữ đệm, tên vợ: NGUYỄN THỊ MAI ANH\n"
        "Giấy tờ tùy thân: Căn cước công dân số 027197002284\n"
    )
    assert [f.value for f in find_ids(text)] == ["027095006127", "027197002284"]
