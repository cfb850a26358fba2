"""Templates for the evaluation set: every document type of DESIGN.md §5, at every tier.

Each template is a real form or decision layout of Bắc Ninh's administration (NĐ 30/2020
headers, the forms of NĐ 15/2021, NĐ 155/2018, TT 04/2020/TT-BTP, TT 01/2018/TT-VPCP,
TT 01/2021/TT-BKHĐT, TT 01/2020/TT-BTP), filled in from small pools of people, places and
agencies by a generator seeded per document, so the same index always gives the same paper.
The units are real 2022 units; the people, numbers and addresses are invented.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

import numpy as np
from scangen import agencies as units
from scangen.documents import Fields, Paper, centred, item
from scangen.layout import MM, Block, Break, Column, Columns, Face, Gap, Span
from scangen.nd30 import (
    Agency,
    Signer,
    article,
    body,
    citizen_header,
    closing,
    dated_signature,
    field_row,
    header,
    labelled,
    line,
    place_and_date,
    short_date,
    signature_column,
    signature_row,
    title,
    vn_date,
)

Rng = np.random.Generator


def _agency(
    parent: str | None, names: tuple[str, ...], canonical: str, tier: str, place: str, seal: str
) -> Agency:
    return Agency(names, canonical, tier, place, seal, parent)


SO_XAY_DUNG = _agency(
    "UBND TỈNH BẮC NINH",
    ("SỞ XÂY DỰNG",),
    "Sở Xây dựng tỉnh Bắc Ninh",
    "province",
    "Bắc Ninh",
    "SỞ XÂY DỰNG ★ TỈNH BẮC NINH ★",
)
SO_TU_PHAP = _agency(
    "UBND TỈNH BẮC NINH",
    ("SỞ TƯ PHÁP",),
    "Sở Tư pháp tỉnh Bắc Ninh",
    "province",
    "Bắc Ninh",
    "SỞ TƯ PHÁP ★ TỈNH BẮC NINH ★",
)
UBND_YEN_PHONG = _agency(
    None,
    ("ỦY BAN NHÂN DÂN", "HUYỆN YÊN PHONG"),
    "Ủy ban nhân dân huyện Yên Phong",
    "district",
    "Yên Phong",
    "ỦY BAN NHÂN DÂN HUYỆN YÊN PHONG ★ TỈNH BẮC NINH ★",
)
UBND_QUE_VO = _agency(
    None,
    ("ỦY BAN NHÂN DÂN", "HUYỆN QUẾ VÕ"),
    "Ủy ban nhân dân huyện Quế Võ",
    "district",
    "Quế Võ",
    "ỦY BAN NHÂN DÂN HUYỆN QUẾ VÕ ★ TỈNH BẮC NINH ★",
)
UBND_GIA_BINH = _agency(
    None,
    ("ỦY BAN NHÂN DÂN", "HUYỆN GIA BÌNH"),
    "Ủy ban nhân dân huyện Gia Bình",
    "district",
    "Gia Bình",
    "ỦY BAN NHÂN DÂN HUYỆN GIA BÌNH ★ TỈNH BẮC NINH ★",
)
TAI_CHINH_YEN_PHONG = _agency(
    "UBND HUYỆN YÊN PHONG",
    ("PHÒNG TÀI CHÍNH - KẾ HOẠCH",),
    "Phòng Tài chính - Kế hoạch huyện Yên Phong",
    "district",
    "Yên Phong",
    "PHÒNG TÀI CHÍNH KẾ HOẠCH ★ HUYỆN YÊN PHONG ★",
)
TAI_CHINH_QUE_VO = _agency(
    "UBND HUYỆN QUẾ VÕ",
    ("PHÒNG TÀI CHÍNH - KẾ HOẠCH",),
    "Phòng Tài chính - Kế hoạch huyện Quế Võ",
    "district",
    "Quế Võ",
    "PHÒNG TÀI CHÍNH KẾ HOẠCH ★ HUYỆN QUẾ VÕ ★",
)
TU_PHAP_GIA_BINH = _agency(
    "UBND HUYỆN GIA BÌNH",
    ("PHÒNG TƯ PHÁP",),
    "Phòng Tư pháp huyện Gia Bình",
    "district",
    "Gia Bình",
    "PHÒNG TƯ PHÁP ★ HUYỆN GIA BÌNH ★",
)
UBND_DONG_PHONG = _agency(
    None,
    ("ỦY BAN NHÂN DÂN", "XÃ ĐÔNG PHONG"),
    "Ủy ban nhân dân xã Đông Phong",
    "commune",
    "Đông Phong",
    "ỦY BAN NHÂN DÂN XÃ ĐÔNG PHONG ★ HUYỆN YÊN PHONG ★",
)
UBND_VIET_HUNG = _agency(
    None,
    ("ỦY BAN NHÂN DÂN", "XÃ VIỆT HÙNG"),
    "Ủy ban nhân dân xã Việt Hùng",
    "commune",
    "Việt Hùng",
    "ỦY BAN NHÂN DÂN XÃ VIỆT HÙNG ★ HUYỆN QUẾ VÕ ★",
)
UBND_DINH_BANG = _agency(
    None,
    ("ỦY BAN NHÂN DÂN", "PHƯỜNG ĐÌNH BẢNG"),
    "Ủy ban nhân dân phường Đình Bảng",
    "commune",
    "Đình Bảng",
    "ỦY BAN NHÂN DÂN PHƯỜNG ĐÌNH BẢNG ★ TP. TỪ SƠN ★",
)
UBND_NHAN_THANG = _agency(
    None,
    ("ỦY BAN NHÂN DÂN", "XÃ NHÂN THẮNG"),
    "Ủy ban nhân dân xã Nhân Thắng",
    "commune",
    "Nhân Thắng",
    "ỦY BAN NHÂN DÂN XÃ NHÂN THẮNG ★ HUYỆN GIA BÌNH ★",
)
MOT_CUA_DINH_BANG = _agency(
    "UBND PHƯỜNG ĐÌNH BẢNG",
    ("BỘ PHẬN MỘT CỬA",),
    "Ủy ban nhân dân phường Đình Bảng",
    "commune",
    "Đình Bảng",
    "ỦY BAN NHÂN DÂN PHƯỜNG ĐÌNH BẢNG ★ TP. TỪ SƠN ★",
)
HCC_QUE_VO = _agency(
    "UBND HUYỆN QUẾ VÕ",
    ("TRUNG TÂM HÀNH CHÍNH CÔNG",),
    "Trung tâm Hành chính công huyện Quế Võ",
    "district",
    "Quế Võ",
    "TRUNG TÂM HÀNH CHÍNH CÔNG ★ HUYỆN QUẾ VÕ ★",
)

PROVINCE = (units.UBND_TINH, SO_XAY_DUNG, units.SO_Y_TE, units.SO_LAO_DONG, SO_TU_PHAP)
DISTRICT = (units.UBND_TIEN_DU, units.UBND_TU_SON, UBND_YEN_PHONG, UBND_QUE_VO, UBND_GIA_BINH)
COMMUNE = (
    units.UBND_VU_NINH,
    units.UBND_KINH_BAC,
    units.UBND_PHAT_TICH,
    UBND_DONG_PHONG,
    UBND_VIET_HUNG,
    UBND_DINH_BANG,
    UBND_NHAN_THANG,
)

FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đỗ",
    "Ngô",
    "Dương",
    "Đặng",
    "Bùi",
    "Nghiêm",
    "Trịnh",
    "Lương",
)
MIDDLE_MALE = ("Văn", "Đức", "Quang", "Minh", "Xuân", "Hữu", "Thế", "Công")
MIDDLE_FEMALE = ("Thị", "Thị Thu", "Thị Hồng", "Thị Bích", "Ngọc", "Thị Thanh", "Thị Lan")
GIVEN_MALE = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hiếu",
    "Khánh",
    "Long",
    "Mạnh",
    "Nghĩa",
    "Phúc",
    "Quyết",
    "Thắng",
    "Tuấn",
    "Việt",
    "Đạt",
)
GIVEN_FEMALE = (
    "Anh",
    "Dung",
    "Giang",
    "Hằng",
    "Hoa",
    "Hương",
    "Huyền",
    "Lan",
    "Liên",
    "Mai",
    "Ngọc",
    "Phượng",
    "Thảo",
    "Trang",
    "Yến",
)
VILLAGES = (
    ("thôn Đông Xá", "xã Đông Phong", "huyện Yên Phong"),
    ("thôn Mao Dộc", "xã Phượng Mao", "huyện Quế Võ"),
    ("khu phố Tiêu Sơn", "phường Tương Giang", "thành phố Từ Sơn"),
    ("thôn Phù Lãng", "xã Phù Lãng", "huyện Quế Võ"),
    ("thôn Lũng Giang", "thị trấn Lim", "huyện Tiên Du"),
    ("khu phố Hòa Đình", "phường Võ Cường", "thành phố Bắc Ninh"),
    ("thôn Đại Bái", "xã Đại Bái", "huyện Gia Bình"),
    ("thôn Đồng Tỉnh", "xã Văn Môn", "huyện Yên Phong"),
    ("khu phố Cổ Mễ", "phường Vũ Ninh", "thành phố Bắc Ninh"),
    ("thôn Tam Sơn", "xã Tam Sơn", "thành phố Từ Sơn"),
)
POLICE = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"


@dataclass(frozen=True)
class Person:
    name: str
    male: bool
    born: date
    id_number: str
    address: str

    @property
    def title(self) -> str:
        return "ông" if self.male else "bà"


T = TypeVar("T")


def pick(rng: Rng, choices: tuple[T, ...]) -> T:
    return choices[int(rng.integers(0, len(choices)))]


def person(rng: Rng, born_from: int = 1960, born_to: int = 2000) -> Person:
    male = bool(rng.random() < 0.5)
    middle = pick(rng, MIDDLE_MALE if male else MIDDLE_FEMALE)
    given = pick(rng, GIVEN_MALE if male else GIVEN_FEMALE)
    born = date(
        int(rng.integers(born_from, born_to)), int(rng.integers(1, 13)), int(rng.integers(1, 29))
    )
    century = (0 if male else 1) + (2 if born.year >= 2000 else 0)
    serial = int(rng.integers(0, 1_000_000))
    id_number = f"027{century}{born.year % 100:02d}{serial:06d}"
    village, commune, district = pick(rng, VILLAGES)
    address = f"{village}, {commune}, {district}, tỉnh Bắc Ninh"
    return Person(f"{pick(rng, FAMILY)} {middle} {given}", male, born, id_number, address)


def day_in_2022(rng: Rng) -> date:
    return date(2022, 1, 3) + timedelta(days=int(rng.integers(0, 350)))


def officer(rng: Rng) -> str:
    return person(rng).name


def dossier_code(agency_id: str, day: date, rng: Rng) -> str:
    return f"{agency_id}-{day:%y%m%d}-{int(rng.integers(1, 400)):04d}"


def agency_id(agency: Agency) -> str:
    return {"province": "000.00.00.H06", "district": "000.00.25.H06", "commune": "000.25.27.H06"}[
        agency.tier
    ]


CAN_CU_TO_CHUC = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung "
    "một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng "
    "11 năm 2019;"
)


# --- quyết định -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionTopic:
    summary: tuple[str, ...]
    grounds: tuple[str, ...]
    articles: Callable[[Person, Agency, Rng], tuple[Block, ...]]


def percent(value: float) -> str:
    """Vietnamese style: a decimal comma."""
    return f"{value:.2f}%".replace(".", ",")


def _poverty_articles(subject: Person, agency: Agency, rng: Rng) -> tuple[Block, ...]:
    households = int(rng.integers(40, 180))
    near = int(rng.integers(60, 240))
    return (
        article(
            1,
            f"Phê duyệt kết quả rà soát hộ nghèo, hộ cận nghèo năm 2022 trên địa bàn "
            f"{agency.place} như sau:",
        ),
        item(f"Tổng số hộ nghèo: {households} hộ, chiếm tỷ lệ {percent(households / 41)}."),
        item(f"Tổng số hộ cận nghèo: {near} hộ, chiếm tỷ lệ {percent(near / 41)}."),
        item("Danh sách chi tiết hộ nghèo, hộ cận nghèo kèm theo Quyết định này."),
        article(
            2,
            "Các hộ có tên trong danh sách được hưởng các chính sách hỗ trợ về y tế, "
            "giáo dục, nhà ở, nước sinh hoạt và tiếp cận thông tin theo quy định hiện "
            "hành của Nhà nước và của tỉnh Bắc Ninh.",
        ),
        article(
            3,
            "Giao Phòng Lao động - Thương binh và Xã hội chủ trì, phối hợp với các cơ "
            "quan, đơn vị liên quan hướng dẫn, kiểm tra việc thực hiện chính sách; định "
            "kỳ tổng hợp, báo cáo kết quả về Ủy ban nhân dân.",
        ),
        article(
            4,
            f"Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng các "
            f"phòng, ban, ngành liên quan và hộ {subject.title} {subject.name} cùng các "
            "hộ có tên trong danh sách chịu trách nhiệm thi hành Quyết định này.",
        ),
    )


def _land_articles(subject: Person, agency: Agency, rng: Rng) -> tuple[Block, ...]:
    plot, sheet = int(rng.integers(20, 900)), int(rng.integers(1, 40))
    area = int(rng.integers(60, 300))
    return (
        article(
            1,
            f"Cho phép hộ {subject.title} {subject.name}, căn cước công dân số "
            f"{subject.id_number}, địa chỉ thường trú: {subject.address}, được chuyển "
            f"mục đích sử dụng {area},0 m² đất trồng cây lâu năm sang đất ở tại nông "
            f"thôn thuộc thửa đất số {plot}, tờ bản đồ số {sheet}.",
        ),
        body("Mục đích sử dụng đất sau khi chuyển: đất ở tại nông thôn (ONT)."),
        body("Thời hạn sử dụng đất: ổn định lâu dài."),
        body("Hình thức sử dụng đất: Nhà nước giao đất có thu tiền sử dụng đất."),
        article(
            2,
            "Căn cứ Điều 1 của Quyết định này, giao Phòng Tài nguyên và Môi trường thông "
            "báo cho người sử dụng đất nộp nghĩa vụ tài chính; chỉ đạo Chi nhánh Văn "
            "phòng Đăng ký đất đai chỉnh lý hồ sơ địa chính, cập nhật biến động vào cơ sở "
            "dữ liệu đất đai và trao Giấy chứng nhận sau khi người sử dụng đất hoàn thành "
            "nghĩa vụ tài chính.",
        ),
        body(
            "Cơ quan thuế xác định và thông báo số tiền sử dụng đất phải nộp theo giá đất cụ "
            "thể được cấp có thẩm quyền phê duyệt."
        ),
        article(
            3,
            f"Quyết định này có hiệu lực thi hành kể từ ngày ký. Chánh Văn phòng, Trưởng "
            f"phòng Tài nguyên và Môi trường, Chủ tịch Ủy ban nhân dân cấp xã và hộ "
            f"{subject.title} {subject.name} chịu trách nhiệm thi hành Quyết định này.",
        ),
    )


def _team_articles(subject: Person, agency: Agency, rng: Rng) -> tuple[Block, ...]:
    members = [person(rng) for _ in range(int(rng.integers(4, 7)))]
    return (
        article(
            1,
            "Thành lập Tổ công tác số hóa hồ sơ, kết quả giải quyết thủ tục hành chính, "
            "gồm các ông, bà có tên sau:",
        ),
        item(
            f"{subject.title.capitalize()} {subject.name}, Phó Chủ tịch Ủy ban nhân dân, Tổ trưởng;"
        ),
        *(item(f"{m.title.capitalize()} {m.name}, công chức, thành viên;") for m in members),
        article(
            2,
            "Tổ công tác có nhiệm vụ tổ chức số hóa hồ sơ, kết quả giải quyết thủ tục "
            "hành chính còn hiệu lực theo Kế hoạch số 328/KH-UBND ngày 11 tháng 02 năm "
            "2022 của Ủy ban nhân dân tỉnh Bắc Ninh; bảo đảm 100% hồ sơ tiếp nhận được "
            "số hóa, kết quả được lưu trữ điện tử và khai thác, sử dụng lại.",
        ),
        body(
            "Tổ công tác làm việc theo chế độ kiêm nhiệm, tự giải thể sau khi hoàn thành nhiệm vụ."
        ),
        article(
            3,
            "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng các "
            "cơ quan, đơn vị liên quan và các ông, bà có tên tại Điều 1 chịu trách nhiệm "
            "thi hành Quyết định này.",
        ),
    )


def _reward_articles(subject: Person, agency: Agency, rng: Rng) -> tuple[Block, ...]:
    amount = int(rng.integers(5, 20)) * 100_000
    others = [person(rng) for _ in range(3)]
    return (
        article(
            1,
            "Tặng Giấy khen cho các cá nhân đã có thành tích xuất sắc trong thực hiện "
            "cải cách hành chính và chuyển đổi số năm 2022, gồm:",
        ),
        item(f"{subject.title.capitalize()} {subject.name}, công chức Văn phòng - Thống kê;"),
        *(item(f"{o.title.capitalize()} {o.name}, công chức Tư pháp - Hộ tịch;") for o in others),
        article(
            2,
            f"Mỗi cá nhân được tặng Giấy khen kèm theo tiền thưởng là {amount:,} đồng".replace(
                ",", "."
            )
            + " từ nguồn kinh phí thi đua, khen "
            "thưởng theo quy định của Luật Thi đua, khen thưởng.",
        ),
        article(
            3,
            "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng các bộ "
            "phận liên quan và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
            "Quyết định này.",
        ),
    )


DECISION_TOPICS = (
    DecisionTopic(
        ("Về việc phê duyệt kết quả rà soát hộ nghèo,", "hộ cận nghèo năm 2022"),
        (
            "Căn cứ Nghị định số 07/2021/NĐ-CP ngày 27 tháng 01 năm 2021 của Chính phủ quy định "
            "chuẩn nghèo đa chiều giai đoạn 2022 - 2025;",
            "Căn cứ Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ "
            "quy định quy trình rà soát hộ nghèo, hộ cận nghèo hằng năm;",
        ),
        _poverty_articles,
    ),
    DecisionTopic(
        ("Về việc cho phép chuyển mục đích sử dụng đất",),
        (
            "Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;",
            "Căn cứ Nghị định số 43/2014/NĐ-CP ngày 15 tháng 5 năm 2014 của Chính phủ quy định chi "
            "tiết thi hành một số điều của Luật Đất đai;",
            "Căn cứ Thông tư số 30/2014/TT-BTNMT ngày 02 tháng 6 năm 2014 của Bộ trưởng Bộ Tài "
            "nguyên và Môi trường quy định về hồ sơ giao đất, cho thuê đất, chuyển mục đích "
            "sử dụng đất, thu hồi đất;",
        ),
        _land_articles,
    ),
    DecisionTopic(
        ("Về việc thành lập Tổ công tác số hóa hồ sơ,", "kết quả giải quyết thủ tục hành chính"),
        (
            "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện "
            "cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính; Nghị định số "
            "107/2021/NĐ-CP ngày 06 tháng 12 năm 2021 sửa đổi, bổ sung một số điều của Nghị định "
            "số 61/2018/NĐ-CP;",
            "Căn cứ Kế hoạch số 328/KH-UBND ngày 11 tháng 02 năm 2022 của Ủy ban nhân dân tỉnh Bắc "
            "Ninh về số hóa hồ sơ, kết quả giải quyết thủ tục hành chính;",
        ),
        _team_articles,
    ),
    DecisionTopic(
        ("Về việc khen thưởng thành tích cải cách hành chính", "và chuyển đổi số năm 2022"),
        (
            "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung "
            "một số điều của Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013;",
            "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định "
            "chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
        ),
        _reward_articles,
    ),
)


def chairman(agency: Agency, rng: Rng) -> Signer:
    deputy = bool(rng.random() < 0.5)
    authority = (
        ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
        if deputy
        else ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    )
    return Signer(authority, officer(rng), seal=agency.seal_text)


def decision(rng: Rng, agency: Agency) -> tuple[tuple[Block, ...], Fields]:
    topic = pick(rng, DECISION_TOPICS)
    issued = day_in_2022(rng)
    number = f"{int(rng.integers(12, 2400))}/QĐ-UBND"
    subject = person(rng)
    council = " ".join(agency.name_lines).upper()
    blocks: tuple[Block, ...] = (
        header(agency, (f"Số: {number}",), place_and_date(agency.place, issued)),
        *title("QUYẾT ĐỊNH", summary=topic.summary),
        centred(council),
        body(CAN_CU_TO_CHUC),
        *(body(ground) for ground in topic.grounds),
        body(
            f"Theo đề nghị của Chánh Văn phòng tại Tờ trình số {int(rng.integers(10, 400))}/"
            f"TTr-VP ngày {short_date(issued - timedelta(days=int(rng.integers(3, 20))))}."
        ),
        centred("QUYẾT ĐỊNH:"),
        *topic.articles(subject, agency, rng),
        closing(
            chairman(agency, rng),
            ("- Như Điều 3;", "- Chủ tịch, các PCT;", "- Cổng thông tin điện tử;", "- Lưu: VT."),
        ),
    )
    return blocks, Fields(
        "quyet_dinh",
        agency.tier,
        agency.canonical,
        number,
        issued,
        None,
        subject.name,
        subject.id_number,
        None,
    )


# --- giấy phép xây dựng -----------------------------------------------------------------------


def building_permit(rng: Rng, agency: Agency) -> tuple[tuple[Block, ...], Fields]:
    issued = day_in_2022(rng)
    owner = person(rng)
    number = f"{int(rng.integers(10, 900))}/GPXD-{'SXD' if agency.tier == 'province' else 'UBND'}"
    dossier = dossier_code(agency_id(agency), issued - timedelta(days=20), rng)
    floors = int(rng.integers(2, 5))
    footprint = round(float(rng.uniform(60, 140)), 1)
    authority = (
        ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
        if agency.tier == "province"
        else ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    )
    signer = Signer(authority, officer(rng), seal=agency.seal_text)
    area = f"{footprint:.1f}".replace(".", ",")
    total = f"{footprint * floors * 0.95:.1f}".replace(".", ",")
    blocks: tuple[Block, ...] = (
        header(agency, (f"Số: {number}",), place_and_date(agency.place, issued)),
        *title("GIẤY PHÉP XÂY DỰNG", rule=False),
        line("(Sử dụng cho nhà ở riêng lẻ)", Face.ITALIC, after=10.0),
        body(
            f"Xét đơn đề nghị cấp giấy phép xây dựng của {owner.title} {owner.name}, hồ sơ số "
            f"{dossier};"
        ),
        body(
            Span("1. Cấp cho: ", Face.BOLD),
            Span(f"{owner.title.capitalize()} {owner.name}", Face.BOLD),
            f"; căn cước công dân số {owner.id_number}, cấp tại {POLICE}.",
        ),
        body(f"Địa chỉ thường trú: {owner.address}."),
        body(Span("2. Được phép xây dựng công trình: ", Face.BOLD), "Nhà ở riêng lẻ."),
        item(
            f"Vị trí xây dựng: thửa đất số {int(rng.integers(10, 800))}, tờ bản đồ số "
            f"{int(rng.integers(1, 30))}, {owner.address}.",
            1,
        ),
        item("Cốt nền xây dựng công trình: +0,45 m so với cốt mặt đường hiện trạng.", 1),
        item(f"Diện tích xây dựng tầng 1 (tầng trệt): {area} m².", 1),
        item(f"Tổng diện tích sàn: {total} m² (bao gồm cả tầng tum).", 1),
        item(f"Số tầng: {floors:02d} tầng và 01 tầng tum; không có tầng hầm.", 1),
        body(
            Span("3. Giấy tờ về quyền sử dụng đất: ", Face.BOLD),
            f"Giấy chứng nhận quyền sử dụng đất số CS {int(rng.integers(1000, 99999)):05d} do "
            "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh cấp.",
        ),
        body(
            Span("4. Giấy phép này có hiệu lực khởi công xây dựng ", Face.BOLD),
            "trong thời hạn 12 tháng kể từ ngày cấp; quá thời hạn trên thì phải đề nghị gia "
            "hạn giấy phép xây dựng.",
        ),
        closing(signer, ("- Chủ đầu tư;", "- UBND cấp xã;", "- Lưu: VT, QLĐT.")),
        Break(),
        centred("CHỦ ĐẦU TƯ PHẢI THỰC HIỆN CÁC NỘI DUNG SAU ĐÂY:"),
        body(
            "1. Phải hoàn toàn chịu trách nhiệm trước pháp luật nếu xâm phạm các quyền hợp pháp "
            "của các chủ sở hữu liền kề."
        ),
        body(
            "2. Phải thực hiện đúng các quy định của pháp luật về đất đai, về đầu tư xây dựng và "
            "Giấy phép xây dựng này."
        ),
        body(
            "3. Phải thông báo cho cơ quan cấp giấy phép xây dựng đến kiểm tra khi định vị công "
            "trình, xây móng và công trình ngầm."
        ),
        body(
            "4. Xuất trình Giấy phép xây dựng cho cơ quan có thẩm quyền khi được yêu cầu và treo "
            "biển báo tại địa điểm xây dựng theo quy định."
        ),
        body(
            "5. Thực hiện các biện pháp bảo đảm an toàn lao động, vệ sinh môi trường, phòng "
            "chống cháy nổ; không để vật liệu xây dựng lấn chiếm lòng đường, vỉa hè."
        ),
        centred("ĐIỀU CHỈNH, GIA HẠN GIẤY PHÉP", after=4.0),
        body("1. Nội dung điều chỉnh, gia hạn: không có.", after=3.0),
        body("2. Thời gian có hiệu lực của giấy phép: theo khoản 4 trang 1.", after=3.0),
    )
    valid = date(issued.year + 1, issued.month, min(issued.day, 28))
    return blocks, Fields(
        "giay_phep_xay_dung",
        agency.tier,
        agency.canonical,
        number,
        issued,
        valid,
        owner.name,
        owner.id_number,
        dossier,
    )


# --- giấy chứng nhận đăng ký hộ kinh doanh ----------------------------------------------------

TRADES = (
    ("ĐỒ GỖ MỸ NGHỆ", "sản xuất giường, tủ, bàn, ghế bằng gỗ; bán lẻ đồ gỗ nội thất"),
    ("TẠP HÓA", "bán lẻ lương thực, thực phẩm, đồ uống và hàng tiêu dùng trong cửa hàng"),
    ("GỐM SỨ", "sản xuất sản phẩm gốm sứ mỹ nghệ; bán buôn đồ dùng gia đình bằng gốm sứ"),
    ("ĂN UỐNG", "nhà hàng và các dịch vụ ăn uống phục vụ lưu động"),
    ("SỬA CHỮA XE MÁY", "bảo dưỡng, sửa chữa mô tô, xe máy; bán phụ tùng mô tô, xe máy"),
)


def household_business(rng: Rng, agency: Agency) -> tuple[tuple[Block, ...], Fields]:
    registered = day_in_2022(rng)
    owner = person(rng)
    code = f"21{'ABCDEFGH'[int(rng.integers(0, 8))]}8{int(rng.integers(0, 999999)):06d}"
    trade, activities = pick(rng, TRADES)
    family = owner.name.split()[-1].upper()
    capital = int(rng.integers(1, 20)) * 50_000_000
    signer = Signer(("TRƯỞNG PHÒNG",), officer(rng), seal=agency.seal_text)
    blocks: tuple[Block, ...] = (
        header(agency, (), None),
        *title("GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", rule=False),
        line(f"Mã số hộ kinh doanh: {code}", Face.BOLD),
        line(f"Đăng ký lần đầu: {vn_date(registered)}", Face.ITALIC, after=12.0),
        labelled("1. Tên hộ kinh doanh", f"HỘ KINH DOANH {trade} {family}"),
        body(f"2. Địa chỉ trụ sở hộ kinh doanh: {owner.address}, Việt Nam", after=3.0),
        body(
            f"Điện thoại: 09{int(rng.integers(10, 99))} {int(rng.integers(100, 999))} "
            f"{int(rng.integers(100, 999))}",
            after=3.0,
        ),
        body(f"3. Ngành, nghề kinh doanh: {activities}.", after=3.0),
        labelled("4. Vốn kinh doanh", f"{capital:,} đồng".replace(",", ".")),
        labelled("5. Số lượng lao động", f"{int(rng.integers(1, 10)):02d} người"),
        field_row(
            f"6. Họ và tên đại diện hộ kinh doanh: {owner.name.upper()}",
            f"Giới tính: {'Nam' if owner.male else 'Nữ'}",
        ),
        field_row(f"Sinh ngày: {owner.born:%d/%m/%Y}", "Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body("Loại giấy tờ pháp lý của cá nhân: Căn cước công dân", after=3.0),
        labelled("Số giấy tờ pháp lý của cá nhân", owner.id_number),
        body(f"Nơi cấp: {POLICE}", after=3.0),
        body(f"Địa chỉ thường trú: {owner.address}, Việt Nam", after=10.0),
        closing(signer),
    )
    return blocks, Fields(
        "gcn_ho_kinh_doanh",
        agency.tier,
        agency.canonical,
        code,
        registered,
        None,
        owner.name,
        owner.id_number,
        None,
    )


# --- giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm ------------------------------------

FOOD = (
    ("Công ty TNHH Thực phẩm Đình Bảng", "Bánh phu thê, bánh cốm và bánh gai"),
    ("Công ty Cổ phần Nước sạch Quế Võ", "Nước uống đóng chai; nước đá dùng liền"),
    ("Hợp tác xã Nông nghiệp Đông Phong", "Gạo nếp cái hoa vàng đóng túi"),
    ("Công ty TNHH Chế biến Nông sản Gia Bình", "Rau, củ, quả sơ chế và đóng gói"),
)


def food_safety(rng: Rng, agency: Agency) -> tuple[tuple[Block, ...], Fields]:
    issued = day_in_2022(rng)
    company, products = pick(rng, FOOD)
    tax = f"2300{int(rng.integers(100000, 999999))}"
    number = f"{int(rng.integers(10, 300))}/2022/ATTP-CNĐK"
    valid = date(issued.year + 3, issued.month, min(issued.day, 28)) - timedelta(days=1)
    owner = person(rng)
    authority = (
        ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
        if agency.tier == "province"
        else ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    )
    place = pick(rng, VILLAGES)
    blocks: tuple[Block, ...] = (
        header(agency, (f"Số: {number}",), place_and_date(agency.place, issued)),
        *title("GIẤY CHỨNG NHẬN", "CƠ SỞ ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM"),
        centred(" ".join(agency.name_lines).upper(), after=2.0),
        centred("CHỨNG NHẬN", after=10.0),
        labelled("Cơ sở", company.upper()),
        labelled("Mã số doanh nghiệp", tax),
        body(f"Chủ cơ sở: {owner.title} {owner.name}, Giám đốc", after=3.0),
        body(f"Địa chỉ cơ sở sản xuất: {', '.join(place)}, tỉnh Bắc Ninh", after=3.0),
        body(
            f"Điện thoại: 0222 3{int(rng.integers(100, 999))} {int(rng.integers(100, 999))}",
            after=10.0,
        ),
        centred("ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM THEO QUY ĐỊNH ĐỂ SẢN XUẤT:", after=4.0),
        centred(products, Face.REGULAR, after=10.0),
        body(
            "Cơ sở có trách nhiệm duy trì các điều kiện bảo đảm an toàn thực phẩm đã được chứng "
            "nhận và chịu sự thanh tra, kiểm tra của cơ quan nhà nước có thẩm quyền."
        ),
        body(
            Span(f"Giấy chứng nhận có hiệu lực đến {vn_date(valid)}.", Face.BOLD_ITALIC), after=10.0
        ),
        closing(
            Signer(authority, officer(rng), seal=agency.seal_text),
            ("- Cơ sở;", "- Chi cục ATVSTP;", "- Lưu: VT."),
        ),
    )
    return blocks, Fields(
        "gcn_attp", agency.tier, agency.canonical, number, issued, valid, company, tax, None
    )


# --- hộ tịch: khai sinh, kết hôn --------------------------------------------------------------


def birth(rng: Rng, agency: Agency) -> tuple[tuple[Block, ...], Fields]:
    registered = day_in_2022(rng)
    born = registered - timedelta(days=int(rng.integers(5, 60)))
    child = person(rng, 2022, 2023)
    mother, father = person(rng, 1985, 2000), person(rng, 1982, 1998)
    mother_name = f"{pick(rng, FAMILY)} {pick(rng, MIDDLE_FEMALE)} {pick(rng, GIVEN_FEMALE)}"
    child_name = f"{father.name.split()[0]} {' '.join(child.name.split()[1:])}"
    child_id = f"027{2 if child.male else 3}22{int(rng.integers(0, 999999)):06d}"
    number = str(int(rng.integers(1, 300)))
    blocks: tuple[Block, ...] = (
        header(
            agency, (f"Số: {number}", "Quyển số: 01/2022"), place_and_date(agency.place, registered)
        ),
        *title("GIẤY KHAI SINH"),
        labelled("Họ, chữ đệm, tên", child_name.upper()),
        body(f"Ngày, tháng, năm sinh: {born:%d/%m/%Y}", after=3.0),
        field_row(
            f"Giới tính: {'Nam' if child.male else 'Nữ'}", "Dân tộc: Kinh", "Quốc tịch: Việt Nam"
        ),
        body("Nơi sinh: Bệnh viện Sản - Nhi tỉnh Bắc Ninh", after=3.0),
        body(f"Quê quán: {father.address}", after=3.0),
        labelled("Số định danh cá nhân", child_id),
        Gap(8.0),
        labelled("Họ, chữ đệm, tên người mẹ", mother_name.upper()),
        field_row(f"Năm sinh: {mother.born.year}", "Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body(f"Nơi cư trú: {father.address}", after=3.0),
        Gap(8.0),
        labelled("Họ, chữ đệm, tên người cha", father.name.upper()),
        field_row(f"Năm sinh: {father.born.year}", "Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body(f"Nơi cư trú: {father.address}", after=3.0),
        Gap(8.0),
        body(
            f"Người đi khai sinh: {father.name}; quan hệ với người được khai sinh: cha", after=3.0
        ),
        body(f"Giấy tờ tùy thân: Căn cước công dân số {father.id_number}", after=3.0),
        body(f"Nơi đăng ký khai sinh: {agency.canonical}, tỉnh Bắc Ninh", after=3.0),
        body(f"Ngày, tháng, năm đăng ký: {short_date(registered)}", after=10.0),
        closing(chairman(agency, rng)),
    )
    return blocks, Fields(
        "khai_sinh",
        agency.tier,
        agency.canonical,
        number,
        registered,
        None,
        child_name,
        child_id,
        None,
    )


def marriage(rng: Rng, agency: Agency) -> tuple[tuple[Block, ...], Fields]:
    registered = day_in_2022(rng)
    husband = person(rng, 1985, 2000)
    while not husband.male:
        husband = person(rng, 1985, 2000)
    wife = person(rng, 1988, 2002)
    while wife.male:
        wife = person(rng, 1988, 2002)
    number = str(int(rng.integers(1, 120)))
    blocks: tuple[Block, ...] = (
        header(
            agency, (f"Số: {number}", "Quyển số: 01/2022"), place_and_date(agency.place, registered)
        ),
        *title("GIẤY CHỨNG NHẬN KẾT HÔN"),
        labelled("Họ, chữ đệm, tên chồng", husband.name.upper()),
        field_row(f"Ngày, tháng, năm sinh: {husband.born:%d/%m/%Y}"),
        field_row("Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body(f"Nơi cư trú: {husband.address}", after=3.0),
        body(f"Giấy tờ tùy thân: Căn cước công dân số {husband.id_number}", after=10.0),
        labelled("Họ, chữ đệm, tên vợ", wife.name.upper()),
        field_row(f"Ngày, tháng, năm sinh: {wife.born:%d/%m/%Y}"),
        field_row("Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body(f"Nơi cư trú: {wife.address}", after=3.0),
        body(f"Giấy tờ tùy thân: Căn cước công dân số {wife.id_number}", after=10.0),
        body(f"Nơi đăng ký kết hôn: {agency.canonical}, tỉnh Bắc Ninh", after=3.0),
        body(f"Ngày, tháng, năm đăng ký: {short_date(registered)}", after=14.0),
        signature_row(
            Signer(("CHỒNG",), husband.name, note="(Ký, ghi rõ họ tên)"),
            Signer(("VỢ",), wife.name, note="(Ký, ghi rõ họ tên)"),
        ),
        Gap(6.0),
        closing(chairman(agency, rng)),
    )
    return blocks, Fields(
        "gcn_ket_hon",
        agency.tier,
        agency.canonical,
        number,
        registered,
        None,
        husband.name,
        husband.id_number,
        None,
    )


# --- chứng thực bản sao -----------------------------------------------------------------------


def certified_copy(rng: Rng, agency: Agency) -> tuple[tuple[Block, ...], Fields]:
    """A photocopied marital-status confirmation with the lời chứng on the back."""
    holder = person(rng, 1980, 2001)
    confirmed = day_in_2022(rng)
    certified = confirmed + timedelta(days=int(rng.integers(2, 20)))
    origin = pick(rng, COMMUNE)
    number = str(int(rng.integers(100, 3000)))
    book = "01/2022-SCT/BS"
    certifier = Signer(
        ("NGƯỜI THỰC HIỆN CHỨNG THỰC",)
        + (("TRƯỞNG PHÒNG",) if agency.tier == "district" else ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        officer(rng),
        seal=agency.seal_text,
    )
    statement = (
        line(" ".join(agency.name_lines).upper(), Face.BOLD, 13.0, after=8.0),
        line("Chứng thực bản sao đúng với bản chính.", Face.REGULAR),
        line(f"Số chứng thực: {number}\tQuyển số: {book}", Face.REGULAR),
        line(vn_date(certified).capitalize(), Face.ITALIC, after=8.0),
        *signature_column(certifier),
    )
    blocks: tuple[Block, ...] = (
        header(
            origin,
            (f"Số: {int(rng.integers(10, 200))}/XNTTHN",),
            place_and_date(origin.place, confirmed),
        ),
        *title("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN"),
        centred(" ".join(origin.name_lines).upper(), after=2.0),
        centred("XÁC NHẬN:", after=8.0),
        labelled("Họ, chữ đệm, tên", holder.name.upper()),
        field_row(
            f"Ngày, tháng, năm sinh: {holder.born:%d/%m/%Y}",
            f"Giới tính: {'Nam' if holder.male else 'Nữ'}",
        ),
        field_row("Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body(f"Giấy tờ tùy thân: Căn cước công dân số {holder.id_number}", after=3.0),
        body(f"Nơi cư trú: {holder.address}", after=3.0),
        labelled("Tình trạng hôn nhân", "Hiện tại chưa đăng ký kết hôn với ai."),
        body("Giấy này được cấp để làm thủ tục đăng ký kết hôn.", after=3.0),
        body("Giấy này có giá trị sử dụng trong thời hạn 6 tháng, kể từ ngày cấp.", after=10.0),
        closing(chairman(origin, rng), ("- Người được cấp;", "- Lưu: VT, TP-HT.")),
        Break(),
        Gap(30 * MM),
        Columns((Column(0.3, ()), Column(0.7, statement))),
    )
    return blocks, Fields(
        "chung_thuc_ban_sao",
        agency.tier,
        agency.canonical,
        number,
        certified,
        None,
        holder.name,
        holder.id_number,
        None,
    )


# --- giấy phép lao động -----------------------------------------------------------------------

FOREIGNERS = (
    ("KIM MIN JUN", "Hàn Quốc", "M12345678"),
    ("TANAKA HIROSHI", "Nhật Bản", "TK4471902"),
    ("LI WEI", "Trung Quốc", "EA8810352"),
    ("PARK SEO YEON", "Hàn Quốc", "M70215536"),
)
COMPANIES = (
    ("Công ty TNHH Samsung Electronics Việt Nam", "Khu công nghiệp Yên Phong I, huyện Yên Phong"),
    ("Công ty TNHH Canon Việt Nam", "Khu công nghiệp Quế Võ, huyện Quế Võ"),
    ("Công ty TNHH Điện tử Hanul Vina", "Khu công nghiệp VSIP Bắc Ninh, huyện Tiên Du"),
)


def work_permit(rng: Rng, agency: Agency) -> tuple[tuple[Block, ...], Fields]:
    issued = day_in_2022(rng)
    name, nationality, passport = pick(rng, FOREIGNERS)
    company, place = pick(rng, COMPANIES)
    number = f"BN{int(rng.integers(10000, 99999))}{int(rng.integers(100, 999))}"
    until = issued + timedelta(days=int(rng.choice([365, 540, 730])) - 1)
    blocks: tuple[Block, ...] = (
        header(agency, (), None),
        *title("GIẤY PHÉP LAO ĐỘNG", "WORK PERMIT"),
        line(f"Số / No: {number}", Face.BOLD, after=10.0),
        labelled("1. Họ và tên / Full name", name),
        field_row(
            "2. Giới tính / Sex: Nam",
            f"3. Ngày sinh / Date of birth: "
            f"{int(rng.integers(1, 28)):02d}/{int(rng.integers(1, 12)):02d}/"
            f"{int(rng.integers(1970, 1992))}",
        ),
        labelled("4. Quốc tịch / Nationality", nationality),
        labelled("5. Số hộ chiếu / Passport number", passport),
        labelled("6. Làm việc tại / Working at", company),
        body(f"7. Địa điểm làm việc / Working place: {place}, tỉnh Bắc Ninh", after=3.0),
        labelled("8. Vị trí công việc / Job assignment", "Nhà quản lý / Manager"),
        body(
            f"9. Thời hạn làm việc / Period of work: từ ngày {short_date(issued)} đến ngày "
            f"{short_date(until)}",
            after=3.0,
        ),
        body("10. Tình trạng giấy phép lao động / Work permit status: Cấp mới / New", after=10.0),
        closing(Signer(("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), officer(rng), seal=agency.seal_text)),
    )
    return blocks, Fields(
        "giay_phep_lao_dong",
        agency.tier,
        agency.canonical,
        number,
        issued,
        until,
        name.title(),
        passport,
        None,
    )


# --- giấy tiếp nhận hồ sơ và hẹn trả kết quả --------------------------------------------------

PROCEDURES = (
    ("Cấp giấy phép xây dựng đối với nhà ở riêng lẻ", "1.009994", 15),
    ("Đăng ký thành lập hộ kinh doanh", "2.000720", 3),
    ("Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "1.001053", 20),
    ("Đăng ký khai sinh", "1.001193", 1),
    ("Cấp giấy phép lao động cho người nước ngoài", "1.000105", 5),
)


def control_sheet(
    dossier: str, received: date, due: date, clerk: str, rng: Rng
) -> tuple[Block, ...]:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 02, TT 01/2018/TT-VPCP), the dossier's
    second sheet: who handed it to whom, and when."""
    handler = officer(rng)
    steps = (
        ("Bộ phận Tiếp nhận và Trả kết quả", received, clerk),
        ("Chuyên viên thụ lý hồ sơ", received + timedelta(days=1), handler),
        ("Lãnh đạo phòng chuyên môn", due - timedelta(days=3), officer(rng)),
        ("Lãnh đạo Ủy ban nhân dân ký duyệt", due - timedelta(days=1), officer(rng)),
        ("Bộ phận Tiếp nhận và Trả kết quả", due, clerk),
    )
    return (
        Break(),
        centred("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", after=4.0),
        line(f"Mã hồ sơ: {dossier}", Face.BOLD, after=2.0),
        line(
            f"(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả ngày {short_date(received)})",
            Face.ITALIC,
            after=10.0,
        ),
        *(
            body(
                Span(f"Bước {n}. {who}: ", Face.BOLD),
                f"nhận hồ sơ ngày {short_date(day)}, người xử lý {name}; kết quả: đúng hạn.",
            )
            for n, (who, day, name) in enumerate(steps, start=1)
        ),
        body(
            "Ghi chú: trường hợp hồ sơ được chuyển qua dịch vụ bưu chính thì thời gian giao, "
            "nhận hồ sơ và việc ký nhận thể hiện trong hóa đơn của cơ quan bưu chính."
        ),
    )


def receipt(rng: Rng, agency: Agency) -> tuple[tuple[Block, ...], Fields]:
    received = day_in_2022(rng)
    applicant = person(rng)
    procedure, code, days = pick(rng, PROCEDURES)
    due = received + timedelta(days=days + 2 * (days // 5))
    dossier = dossier_code(agency_id(agency), received, rng)
    clerk = officer(rng)
    blocks: tuple[Block, ...] = (
        header(agency, (), place_and_date(agency.place, received)),
        *title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", rule=False),
        line(f"Mã hồ sơ: {dossier}", Face.BOLD),
        line("(Liên: giao cho người nộp hồ sơ)", Face.ITALIC, after=10.0),
        body(
            f"{agency.canonical} tiếp nhận hồ sơ của: ",
            Span(f"{applicant.title.capitalize()} {applicant.name}", Face.BOLD),
        ),
        body(f"Căn cước công dân số: {applicant.id_number}", after=3.0),
        body(f"Địa chỉ: {applicant.address}", after=3.0),
        body("Nội dung yêu cầu giải quyết: ", Span(procedure, Face.BOLD), f" (mã thủ tục {code})"),
        body("1. Thành phần hồ sơ nộp gồm:", after=2.0),
        item("Đơn đề nghị theo mẫu quy định: 01 bản chính;"),
        item("Bản sao các giấy tờ chứng minh theo quy định của thủ tục: 01 bộ."),
        body("2. Số lượng hồ sơ: 01 (bộ).", after=3.0),
        body(
            f"3. Thời gian giải quyết hồ sơ theo quy định là: {days:02d} ngày làm việc.", after=3.0
        ),
        body(
            f"4. Thời gian nhận hồ sơ: {int(rng.integers(7, 17)):02d} giờ "
            f"{int(rng.integers(0, 60)):02d} phút, {vn_date(received)}.",
            after=3.0,
        ),
        body(f"5. Thời gian trả kết quả giải quyết hồ sơ: {vn_date(due)}.", after=3.0),
        body("6. Đăng ký nhận kết quả tại: Bộ phận Tiếp nhận và Trả kết quả.", after=10.0),
        signature_row(
            Signer(("NGƯỜI NỘP HỒ SƠ",), applicant.name, note="(Ký và ghi rõ họ tên)"),
            Signer(("NGƯỜI TIẾP NHẬN HỒ SƠ",), clerk, note="(Ký và ghi rõ họ tên)"),
        ),
        *control_sheet(dossier, received, due, clerk, rng),
    )
    return blocks, Fields(
        "phieu_hen_tra_ket_qua",
        agency.tier,
        agency.canonical,
        None,
        received,
        None,
        applicant.name,
        applicant.id_number,
        dossier,
    )


# --- đơn đề nghị ------------------------------------------------------------------------------


def application(rng: Rng, agency: Agency) -> tuple[tuple[Block, ...], Fields]:
    """Tờ khai đăng ký hộ kinh doanh / đơn đề nghị, filled in by a citizen to ``agency``."""
    filed = day_in_2022(rng)
    applicant = person(rng)
    trade, activities = pick(rng, TRADES)
    blocks: tuple[Block, ...] = (
        *citizen_header(),
        *title("ĐƠN ĐỀ NGHỊ", summary=("Về việc đăng ký thành lập hộ kinh doanh",), rule=False),
        line(f"Kính gửi: {agency.canonical}", Face.REGULAR, after=10.0),
        body(
            f"Tôi là: {applicant.name.upper()}\tGiới tính: {'Nam' if applicant.male else 'Nữ'}",
            after=3.0,
        ),
        body(
            f"Sinh ngày: {applicant.born:%d/%m/%Y}\tDân tộc: Kinh\tQuốc tịch: Việt Nam", after=3.0
        ),
        body(f"Căn cước công dân số: {applicant.id_number}, cấp tại {POLICE}.", after=3.0),
        body(f"Địa chỉ thường trú: {applicant.address}.", after=3.0),
        body(
            f"Điện thoại: 09{int(rng.integers(10, 99))} {int(rng.integers(100, 999))} "
            f"{int(rng.integers(100, 999))}",
            after=6.0,
        ),
        body("Đăng ký hộ kinh doanh do tôi là chủ hộ với các nội dung sau:"),
        body(
            f"1. Tên hộ kinh doanh: HỘ KINH DOANH {trade} {applicant.name.split()[-1].upper()}",
            after=3.0,
        ),
        body(f"2. Địa điểm kinh doanh: {applicant.address}.", after=3.0),
        body(f"3. Ngành, nghề kinh doanh: {activities}.", after=3.0),
        body(
            f"4. Vốn kinh doanh: {int(rng.integers(1, 20)) * 50:,}.000.000 đồng.".replace(",", "."),
            after=3.0,
        ),
        body(f"5. Số lượng lao động: {int(rng.integers(1, 10)):02d} người.", after=6.0),
        body(
            "Tôi cam kết không đồng thời là chủ hộ kinh doanh khác, không là chủ doanh nghiệp "
            "tư nhân, không là thành viên hợp danh của công ty hợp danh; trụ sở hộ kinh doanh "
            "thuộc quyền sở hữu, quyền sử dụng hợp pháp của tôi và được sử dụng đúng mục đích "
            "theo quy định của pháp luật."
        ),
        body(
            "Tôi chịu trách nhiệm trước pháp luật về tính hợp pháp, chính xác và trung thực "
            "của nội dung đơn này."
        ),
        Gap(6.0),
        dated_signature(
            place_and_date(agency.place, filed),
            Signer(("NGƯỜI LÀM ĐƠN",), applicant.name, note="(Ký, ghi rõ họ tên)"),
        ),
        Break(),
        centred("DANH SÁCH GIẤY TỜ GỬI KÈM THEO ĐƠN", after=8.0),
        item("Bản sao căn cước công dân của chủ hộ kinh doanh."),
        item(
            "Bản sao hợp đồng thuê địa điểm kinh doanh hoặc giấy tờ chứng minh quyền sử dụng "
            "địa điểm kinh doanh."
        ),
        item("Bản sao biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh."),
        item("Văn bản ủy quyền cho thành viên hộ gia đình làm chủ hộ kinh doanh (nếu có)."),
        Gap(12.0),
        body(
            "Ghi chú: hồ sơ nộp trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả hoặc trực tuyến "
            "trên Cổng Dịch vụ công quốc gia."
        ),
    )
    return blocks, Fields(
        "don_de_nghi", None, None, None, filed, None, applicant.name, applicant.id_number, None
    )


Template = Callable[[Rng, Agency], tuple[tuple[Block, ...], Fields]]

TEMPLATES: dict[str, Template] = {
    "quyet_dinh": decision,
    "giay_phep_xay_dung": building_permit,
    "gcn_ho_kinh_doanh": household_business,
    "gcn_attp": food_safety,
    "khai_sinh": birth,
    "gcn_ket_hon": marriage,
    "chung_thuc_ban_sao": certified_copy,
    "giay_phep_lao_dong": work_permit,
    "phieu_hen_tra_ket_qua": receipt,
    "don_de_nghi": application,
}

# Which agencies issue each type, by tier (a citizen's application is addressed to one).
ISSUERS: dict[str, tuple[Agency, ...]] = {
    "quyet_dinh": (
        units.UBND_TINH,
        units.UBND_TU_SON,
        units.UBND_VU_NINH,
        UBND_QUE_VO,
        UBND_DONG_PHONG,
        units.UBND_TINH,
        UBND_GIA_BINH,
        UBND_VIET_HUNG,
    ),
    "giay_phep_xay_dung": (units.UBND_TIEN_DU, SO_XAY_DUNG, UBND_YEN_PHONG, UBND_GIA_BINH),
    "gcn_ho_kinh_doanh": (
        units.TAI_CHINH_TU_SON,
        TAI_CHINH_YEN_PHONG,
        TAI_CHINH_QUE_VO,
        units.TAI_CHINH_TU_SON,
    ),
    "gcn_attp": (units.SO_Y_TE, UBND_QUE_VO, units.SO_Y_TE, units.UBND_TIEN_DU),
    "khai_sinh": (
        units.UBND_VU_NINH,
        UBND_DONG_PHONG,
        UBND_NHAN_THANG,
        UBND_DINH_BANG,
        units.UBND_KINH_BAC,
    ),
    "gcn_ket_hon": (units.UBND_PHAT_TICH, UBND_VIET_HUNG, UBND_DINH_BANG, UBND_NHAN_THANG),
    "chung_thuc_ban_sao": (units.UBND_VU_NINH, TU_PHAP_GIA_BINH, UBND_DONG_PHONG, UBND_DINH_BANG),
    "giay_phep_lao_dong": (
        units.SO_LAO_DONG,
        units.SO_LAO_DONG,
        units.SO_LAO_DONG,
        units.SO_LAO_DONG,
    ),
    "phieu_hen_tra_ket_qua": (
        units.HCC_TINH,
        units.HCC_TIEN_DU,
        MOT_CUA_DINH_BANG,
        HCC_QUE_VO,
        units.HCC_TINH,
    ),
    "don_de_nghi": (units.UBND_TU_SON, UBND_YEN_PHONG, UBND_QUE_VO, units.UBND_TIEN_DU),
}


def make_paper(
    stem: str, doc_type: str, variant: int, rng: Rng, *, blank_back: bool, photocopy_first: bool
) -> Paper:
    agency = ISSUERS[doc_type][variant % len(ISSUERS[doc_type])]
    blocks, fields = TEMPLATES[doc_type](rng, agency)
    return Paper(
        stem,
        fields,
        blocks,
        number_pages=doc_type == "quyet_dinh",
        photocopied_pages=frozenset({0}) if photocopy_first else frozenset(),
        blank_back_after=0 if blank_back else None,
    )
