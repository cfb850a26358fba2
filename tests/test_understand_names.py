"""The holder's name after its label, written as a sentence writes it."""

from __future__ import annotations

import pytest

from pipeline.understand.names import find_holder_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Họ, chữ đệm, tên: LÊ THỊ HOA\nNgày, tháng, năm sinh", "Lê Thị Hoa"),
        ("Họ, chữ đệm, tên chồng: LÊ QUANG HUY\n", "Lê Quang Huy"),
        ("- Tên chủ đầu tư: Nguyễn Văn An.\n", "Nguyễn Văn An"),
        ("1. Cấp cho: Ông Nguyễn Văn An; căn cước công dân số", "Nguyễn Văn An"),
        ("tiếp nhận hồ sơ của: Ông\nNguyễn Văn An\nCăn cước công dân số: 0", "Nguyễn Văn An"),
        ("1. Họ và tên (Full name): PARK JI-HOON\n2. Giới tính", "Park Ji-hoon"),
        ("1. Họ và tên / Full name: PARK SEO YEON\n2. Giới tính", "Park Seo Yeon"),
        (
            "tiếp nhận hồ sơ của: Bà Nghiêm\nThị Bích Lan\nCăn cước công dân số: 0",
            "Nghiêm Thị Bích Lan",
        ),
        ("Họ và tên: NGUYỄN VĂN AN\nGIỚI TÍNH NAM", "Nguyễn Văn An"),
        (
            "tiếp nhận hồ sơ của: Bà Bùi Thị Hồng\nLiên\nCăn cước công dân số: 1",
            "Bùi Thị Hồng Liên",
        ),
        ("Họ và tên: Nguyễn Văn An\nĐịa chỉ thường trú: thôn", "Nguyễn Văn An"),
        (
            "5. Đại diện hộ kinh doanh: NGUYỄN THỊ HỒNG NHUNG ` Giới tính: Nữ",
            "Nguyễn Thị Hồng Nhung",
        ),
        ("Tôi là: DƯƠNG THỊ HỒNG NGỌC\nSinh ngày: 08/11/1986", "Dương Thị Hồng Ngọc"),
        (
            "Cơ sở: CÔNG TY CỔ PHẦN NƯỚC SẠCH QUẾ VÕ\nMã số doanh nghiệp: 2300100100",
            "Công ty Cổ phần Nước sạch Quế Võ",
        ),
        ("6. Họ và tên đại diện hộ kinh doanh: ĐỖ VĂN HÙNG Giới tính: Nam", "Đỗ Văn Hùng"),
        ("Về việc cho phép hộ ông Trần Văn Bình chuyển mục đích sử dụng đất", "Trần Văn Bình"),
        (
            "tiếp nhận hồ sơ của: Công ty\n'TNHH Điện tử Hanul Vina\nMã số doanh nghiệp: 1",
            "Công ty TNHH Điện tử Hanul Vina",
        ),
        (
            "Cơ sở: CÔNG TY TNHH THỰC PHẨM HƯƠNG LÚA KINH BẮC\nMã số doanh nghiệp: 2301156789",
            "Công ty TNHH Thực phẩm Hương Lúa Kinh Bắc",
        ),
    ],
)
def test_holder_names(text: str, expected: str) -> None:
    found = find_holder_name(text)
    assert found is not None and found.value == expected
    assert text[found.start : found.end].replace("\n", " ").strip("'") != ""


def test_a_surname_read_without_its_marks_is_mended_at_lower_certainty() -> None:
    found = find_holder_name("Họ, chữ đệm, tên: NGUYÊN MINH KHANG\n")
    assert found is not None
    assert found.value == "Nguyễn Minh Khang"
    assert found.certainty < 0.9


def test_a_name_in_capitals_of_an_organisation_is_less_certain() -> None:
    found = find_holder_name("Cơ sở: CÔNG TY TNHH THỰC PHẨM HƯƠNG LÚA KINH BẮC\n")
    assert found is not None and found.organisation and found.certainty < 0.8


@pytest.mark.parametrize(
    "text",
    [
        "- Người đại diện: không; chức vụ: không.",
        "Họ và tên: \nNgày sinh: 01/01/1990",
        "QUYẾT ĐỊNH\nĐiều 1. Giao chỉ tiêu số hóa cho các sở, ban, ngành",
    ],
)
def test_no_name_is_invented(text: str) -> None:
    assert find_holder_name(text) is None


@pytest.mark.parametrize(
    ("printed", "written"),
    [
        # Legal form, one business line, then a proper name whose first syllable ("Sạch") is
        # no business line and so is capitalised with the rest of the name.
        ("CÔNG TY TNHH THỰC PHẨM SẠCH THIÊN PHÚ", "Công ty TNHH Thực phẩm Sạch Thiên Phú"),
        # A two-syllable business line ("Nước sạch") keeps its second syllable in lower case.
        ("CÔNG TY CỔ PHẦN NƯỚC SẠCH QUẾ VÕ", "Công ty Cổ phần Nước sạch Quế Võ"),
        ("CÔNG TY CỔ PHẦN CƠ KHÍ CHÍNH XÁC QUẾ VÕ", "Công ty Cổ phần Cơ khí Chính xác Quế Võ"),
        (
            "CÔNG TY TNHH THƯƠNG MẠI VÀ DỊCH VỤ AN PHÁT",
            "Công ty TNHH Thương mại và Dịch vụ An Phát",
        ),
        (
            "CÔNG TY TNHH MTV XÂY DỰNG VÀ PHÁT TRIỂN ĐÔ THỊ KINH BẮC",
            "Công ty TNHH MTV Xây dựng và Phát triển Đô thị Kinh Bắc",
        ),
        (
            "CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN ĐIỆN LỰC BẮC NINH",
            "Công ty Trách nhiệm hữu hạn Một thành viên Điện lực Bắc Ninh",
        ),
        (
            "HỢP TÁC XÃ NÔNG NGHIỆP DỊCH VỤ TỔNG HỢP TÂN CHI",
            "Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp Tân Chi",
        ),
        ("HỘ KINH DOANH TẠP HÓA MINH ANH", "Hộ kinh doanh Tạp hóa Minh Anh"),
        (
            "CHI NHÁNH CÔNG TY CỔ PHẦN ĐẦU TƯ XÂY DỰNG BẮC NINH",
            "Chi nhánh Công ty Cổ phần Đầu tư Xây dựng Bắc Ninh",
        ),
        (
            "DOANH NGHIỆP TƯ NHÂN VẬN TẢI HOÀNG LONG",
            "Doanh nghiệp tư nhân Vận tải Hoàng Long",
        ),
        (
            "CÔNG TY TNHH LINH KIỆN CHÍNH XÁC YAMATO VIỆT NAM",
            "Công ty TNHH Linh kiện Chính xác Yamato Việt Nam",
        ),
        # No business line: the proper name follows the legal form directly; a "và" inside it
        # is the name's own.
        ("CÔNG TY TNHH HANUL VINA", "Công ty TNHH Hanul Vina"),
        ("CÔNG TY CỔ PHẦN AN VÀ BÌNH", "Công ty Cổ phần An Và Bình"),
    ],
)
def test_an_organisation_printed_in_capitals_is_written_by_nd30(printed: str, written: str) -> None:
    found = find_holder_name(f"Cơ sở: {printed}\nMã số doanh nghiệp: 2300100100")
    assert found is not None and found.organisation
    assert found.value == written
    assert found.certainty < 0.8


def test_an_organisation_printed_in_sentence_case_is_kept_as_printed() -> None:
    found = find_holder_name("Cơ sở: Công ty TNHH Thực phẩm sạch Thiên Phú\n")
    assert found is not None and found.value == "Công ty TNHH Thực phẩm sạch Thiên Phú"
    assert found.certainty == 1.0
