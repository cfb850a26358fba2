"""Write the shipped training texts of the document-type model (training-texts.jsonl), then
train the shipped model on them (model.npz, model.json).

    .venv/bin/python ocr_models/doctype/make_training_texts.py [--texts-only]

Each text is one invented paper of a DESIGN §5 type, assembled from the phrases such papers
print (header, motto, number, title, body, signature), with random people, places and numbers,
then passed through OCR-like damage: dropped diacritics, confused letters, lost and broken
lines. Nothing here comes from samples/, so the samples stay a fair test. Deterministic: the
generator is seeded, so the file is the same on every run.
"""

from __future__ import annotations

import json
import random
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "training-texts.jsonl"
TEXTS_PER_TYPE = 40
SEED = 20220211

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
PROVINCE = [("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH", "Bắc Ninh", "UBND")]
DISTRICTS = ["Tiên Du", "Gia Bình", "Lương Tài", "Yên Phong", "Quế Võ", "Thuận Thành"]
TOWNS = ["Từ Sơn", "Bắc Ninh"]
COMMUNES = [
    ("XÃ", "Phật Tích"),
    ("XÃ", "Đông Phong"),
    ("PHƯỜNG", "Vũ Ninh"),
    ("PHƯỜNG", "Kinh Bắc"),
    ("THỊ TRẤN", "Lim"),
    ("XÃ", "Tam Giang"),
]
DEPARTMENTS = [
    "SỞ XÂY DỰNG",
    "SỞ Y TẾ",
    "SỞ TƯ PHÁP",
    "SỞ KẾ HOẠCH VÀ ĐẦU TƯ",
    "SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI",
    "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN\nNÔNG THÔN",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Ngô", "Bùi", "Đặng"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]
GIVEN = ["An", "Bình", "Hoa", "Lan", "Tuấn", "Hùng", "Mai", "Sơn", "Hải", "Yến", "Long"]
FOREIGN = ["KIM MIN JUN", "PARK JI HOON", "LI WEI", "TANAKA HIROSHI", "CHEN JIAN"]


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def date_words(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1, 28), rng.randint(1, 12), rng.randint(2018, 2024)


def place_date(rng: random.Random, place: str) -> str:
    day, month, year = date_words(rng)
    return f"{place}, ngày {day:02d} tháng {month:02d} năm {year}"


def citizen_id(rng: random.Random) -> str:
    return "0" + "".join(str(rng.randint(0, 9)) for _ in range(11))


def issuer(rng: random.Random, tiers: str = "pdc") -> tuple[str, str, str]:
    """(header lines, place, body name) of a random unit of one of the given tiers."""
    tier = rng.choice(tiers)
    if tier == "p":
        if rng.random() < 0.5:
            return PROVINCE[0][0], "Bắc Ninh", "Ủy ban nhân dân tỉnh Bắc Ninh"
        department = rng.choice(DEPARTMENTS)
        return f"UBND TỈNH BẮC NINH\n{department}", "Bắc Ninh", department.title()
    if tier == "d":
        kind, name = rng.choice(
            [("HUYỆN", d) for d in DISTRICTS] + [("THÀNH PHỐ", t) for t in TOWNS]
        )
        if rng.random() < 0.3:
            office = rng.choice(["PHÒNG TÀI CHÍNH - KẾ HOẠCH", "PHÒNG TƯ PHÁP", "PHÒNG KINH TẾ"])
            return f"UBND {kind} {name.upper()}\n{office}", name, office.title()
        return (
            f"ỦY BAN NHÂN DÂN\n{kind} {name.upper()}",
            name,
            f"Ủy ban nhân dân {kind.lower()} {name}",
        )
    kind, name = rng.choice(COMMUNES)
    return f"ỦY BAN NHÂN DÂN\n{kind} {name.upper()}", name, f"Ủy ban nhân dân {kind.lower()} {name}"


def number(rng: random.Random, symbol: str) -> str:
    return f"Số: {rng.randint(1, 2999)}/{symbol}"


def signature(rng: random.Random) -> str:
    role = rng.choice(["TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "GIÁM ĐỐC"])
    return f"{role}\n{person(rng)}"


def pick(rng: random.Random, lines: list[str], low: int = 2) -> list[str]:
    return rng.sample(lines, rng.randint(min(low, len(lines)), len(lines)))


def paper(
    header: str, number_line: str, date_line: str, title: list[str], body: list[str], closing: str
) -> str:
    return "\n".join([header, number_line, MOTTO, date_line, *title, *body, closing])


def quyet_dinh(rng: random.Random) -> str:
    header, place, body_name = issuer(rng)
    subject = rng.choice(
        [
            "Về việc cấp giấy phép xây dựng có thời hạn",
            "Về việc phê duyệt kế hoạch số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            "Về việc cho phép chuyển mục đích sử dụng đất",
            "Về việc thu hồi Giấy chứng nhận đăng ký hộ kinh doanh",
            "Về việc công bố danh mục thủ tục hành chính",
            "Về việc khen thưởng",
        ]
    )
    body = pick(
        rng,
        [
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;",
            f"Căn cứ Quyết định số {rng.randint(1, 900)}/QĐ-UBND của {body_name};",
            f"Theo đề nghị của Trưởng phòng Tư pháp tại Tờ trình số {rng.randint(1, 99)}/TTr-TP.",
            "Điều 1. Phê duyệt nội dung như sau:",
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
            "Điều 3. Chánh Văn phòng và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành",
            "Quyết định này./.\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.",
        ],
        4,
    )
    title = ["QUYẾT ĐỊNH", subject, f"CHỦ TỊCH {body_name.upper()}" if rng.random() < 0.5 else ""]
    return paper(
        header,
        number(rng, "QĐ-UBND"),
        place_date(rng, place),
        title,
        [*body, "QUYẾT ĐỊNH:"],
        signature(rng),
    )


def giay_phep_xay_dung(rng: random.Random) -> str:
    header, place, _ = issuer(rng, "pd")
    body = pick(
        rng,
        [
            f"1. Cấp cho: Ông (bà) {person(rng)}",
            "Địa chỉ: thôn Đông, xã Tam Giang, huyện Yên Phong, tỉnh Bắc Ninh",
            "2. Được phép xây dựng công trình: nhà ở riêng lẻ",
            f"- Theo thiết kế: do Công ty TNHH Tư vấn thiết kế {rng.choice(GIVEN)} lập",
            f"- Diện tích xây dựng tầng 1: {rng.randint(50, 150)},{rng.randint(0, 9)} m2",
            f"- Tổng diện tích sàn: {rng.randint(100, 400)} m2; chiều cao công trình: 12,5 m",
            "- Số tầng: 03 tầng; cốt xây dựng: +0,45 m",
            "3. Giấy tờ về quyền sử dụng đất: Giấy chứng nhận quyền sử dụng đất số CS 01234",
            "4. Giấy phép này có hiệu lực khởi công xây dựng trong thời hạn 12 tháng kể từ ngày"
            " cấp",
            "CHỦ ĐẦU TƯ PHẢI THỰC HIỆN CÁC NỘI DUNG SAU ĐÂY:",
            "Căn cứ Đơn đề nghị cấp giấy phép xây dựng ngày 28/02 của chủ đầu tư",
        ],
        4,
    )
    title = ["GIẤY PHÉP XÂY DỰNG", "(Sử dụng cho nhà ở riêng lẻ)" if rng.random() < 0.7 else ""]
    return paper(
        header,
        number(rng, rng.choice(["GPXD", "GPXD-UBND", "GPXD-SXD"])),
        place_date(rng, place),
        title,
        body,
        signature(rng),
    )


def gcn_ho_kinh_doanh(rng: random.Random) -> str:
    kind, name = rng.choice([("HUYỆN", d) for d in DISTRICTS] + [("THÀNH PHỐ", t) for t in TOWNS])
    header = f"UBND {kind} {name.upper()}\nPHÒNG TÀI CHÍNH - KẾ HOẠCH"
    code = f"21{rng.choice('ABCDEFGH')}8{rng.randint(100000, 999999)}"
    body = pick(
        rng,
        [
            f"Mã số hộ kinh doanh: {code}",
            f"Đăng ký lần đầu: ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm 2021",
            f"1. Tên hộ kinh doanh: HỘ KINH DOANH {person(rng).upper()}",
            "2. Địa điểm kinh doanh: số 12 đường Lý Thái Tổ, phường Đông Ngàn",
            "3. Ngành, nghề kinh doanh: bán lẻ thực phẩm, đồ uống",
            f"4. Vốn kinh doanh: {rng.randint(50, 900)}.000.000 đồng",
            f"5. Chủ hộ kinh doanh: {person(rng)}; Căn cước công dân số {citizen_id(rng)}",
            "TRƯỞNG PHÒNG",
        ],
        4,
    )
    title = ["GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH"]
    if rng.random() < 0.4:
        title = ["GIẤY CHỨNG NHẬN", "ĐĂNG KÝ HỘ KINH DOANH"]
    return paper(header, "", place_date(rng, name), title, body, person(rng))


def gcn_attp(rng: random.Random) -> str:
    header = rng.choice(
        [
            "UBND TỈNH BẮC NINH\nSỞ Y TẾ",
            "UBND TỈNH BẮC NINH\nSỞ CÔNG THƯƠNG",
            "UBND TỈNH BẮC NINH\nSỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN\nNÔNG THÔN",
            "UBND HUYỆN TIÊN DU\nPHÒNG Y TẾ",
        ]
    )
    body = pick(
        rng,
        [
            "CHỨNG NHẬN",
            f"Cơ sở: Bếp ăn tập thể Công ty TNHH {rng.choice(GIVEN)} Vina",
            f"Chủ cơ sở: {person(rng)}",
            "Địa chỉ: Khu công nghiệp Quế Võ, thị xã Quế Võ, tỉnh Bắc Ninh",
            "ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM THEO QUY ĐỊNH ĐỂ SẢN XUẤT, KINH DOANH:",
            "Dịch vụ ăn uống - bếp ăn tập thể",
            "Giấy chứng nhận có hiệu lực 03 năm kể từ ngày cấp",
            "Căn cứ Nghị định số 15/2018/NĐ-CP ngày 02/02/2018 của Chính phủ",
        ],
        4,
    )
    title = rng.choice(
        [
            ["GIẤY CHỨNG NHẬN", "CƠ SỞ ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM"],
            ["GIẤY CHỨNG NHẬN CƠ SỞ ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM"],
        ]
    )
    return paper(
        header,
        number(rng, rng.choice(["ATTP-CNĐK", "GCNATTP-SYT", "ATTP-CN"])),
        place_date(rng, "Bắc Ninh"),
        title,
        body,
        signature(rng),
    )


def khai_sinh(rng: random.Random) -> str:
    header, place, _ = issuer(rng, "c")
    body = pick(
        rng,
        [
            f"Họ, chữ đệm, tên: {person(rng).upper()}",
            f"Ngày, tháng, năm sinh: {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2021",
            "Ghi bằng chữ: Ngày mười lăm, tháng ba, năm hai nghìn không trăm hai mươi mốt",
            "Giới tính: Nam Dân tộc: Kinh Quốc tịch: Việt Nam",
            "Nơi sinh: Bệnh viện Đa khoa tỉnh Bắc Ninh",
            f"Số định danh cá nhân: {citizen_id(rng)}",
            f"Họ, chữ đệm, tên người mẹ: {person(rng)}",
            f"Họ, chữ đệm, tên người cha: {person(rng)}",
            "Nơi đăng ký khai sinh: Ủy ban nhân dân",
        ],
        5,
    )
    title = [
        rng.choice(
            [
                "GIẤY KHAI SINH",
                "GIẤY KHAI SINH",
                "TRÍCH LỤC KHAI SINH",
                "TRÍCH LỤC KHAI SINH (BẢN SAO)",
            ]
        )
    ]
    return paper(
        header,
        number(rng, "TLKS-BS") if "TRÍCH" in title[0] else "Số: " + str(rng.randint(1, 300)),
        place_date(rng, place),
        title,
        body,
        signature(rng),
    )


def gcn_ket_hon(rng: random.Random) -> str:
    header, place, _ = issuer(rng, "c")
    body = pick(
        rng,
        [
            "CHỒNG",
            "VỢ",
            f"Họ, chữ đệm, tên: {person(rng).upper()}",
            f"Họ, chữ đệm, tên: {person(rng).upper()}",
            "Ngày, tháng, năm sinh: 12/05/1995",
            "Dân tộc: Kinh Quốc tịch: Việt Nam",
            f"Giấy tờ tùy thân: Căn cước công dân số {citizen_id(rng)}",
            "Nơi cư trú: thôn Phật Tích, xã Phật Tích, huyện Tiên Du, tỉnh Bắc Ninh",
            "Đăng ký kết hôn ngày: 22 tháng 4 năm 2022",
            "Ghi chú: Vợ chồng ký tên",
        ],
        5,
    )
    return paper(
        header,
        number(rng, "GCNKH"),
        place_date(rng, place),
        ["GIẤY CHỨNG NHẬN KẾT HÔN"],
        body,
        signature(rng),
    )


def giay_phep_lao_dong(rng: random.Random) -> str:
    header = rng.choice(
        [
            "UBND TỈNH BẮC NINH\nSỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI",
            "UBND TỈNH BẮC NINH\nBAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP",
        ]
    )
    body = pick(
        rng,
        [
            f"1. Họ và tên (Full name): {rng.choice(FOREIGN)}",
            "2. Giới tính (Sex): Nam (Male)",
            "3. Ngày, tháng, năm sinh (Date of birth): 05/11/1985",
            "4. Quốc tịch hiện nay (Nationality): Hàn Quốc (Korea)",
            f"5. Số hộ chiếu (Passport number): M{rng.randint(10000000, 99999999)}",
            "6. Làm việc tại doanh nghiệp, tổ chức (Working at enterprise, organization):",
            "7. Vị trí công việc (Job assignment): Nhà quản lý (Manager)",
            "9. Thời hạn làm việc từ ngày (Period of work from) 01/04/2022"
            " đến ngày (to) 31/03/2024",
            "Chức danh công việc (Job title): Giám đốc sản xuất",
        ],
        5,
    )
    title = ["GIẤY PHÉP LAO ĐỘNG", "WORK PERMIT"]
    return paper(
        header,
        "Số (No.): BAN" + str(rng.randint(100000, 999999)),
        place_date(rng, "Bắc Ninh"),
        title,
        body,
        signature(rng),
    )


def phieu_hen_tra_ket_qua(rng: random.Random) -> str:
    kind, name = rng.choice([("TỈNH", "Bắc Ninh")] + [("HUYỆN", d) for d in DISTRICTS])
    desk = rng.choice(["TRUNG TÂM HÀNH CHÍNH CÔNG", "BỘ PHẬN MỘT CỬA"])
    header = f"UBND {kind} {name.upper()}\n{desk}"
    code = (
        f"000.00.{rng.randint(10, 40)}.H06-{rng.randint(200101, 241231)}-{rng.randint(1, 9999):04d}"
    )
    body = pick(
        rng,
        [
            f"Mã hồ sơ: {code}",
            f"Trung tâm Hành chính công tiếp nhận hồ sơ của: {person(rng)}",
            f"Số điện thoại: 09{rng.randint(10000000, 99999999)}",
            "Nội dung yêu cầu giải quyết: Cấp giấy phép xây dựng nhà ở riêng lẻ",
            "1. Đơn đề nghị cấp giấy phép xây dựng. Số lượng: 01 bản chính",
            "2. Bản sao Giấy chứng nhận quyền sử dụng đất. Số lượng: 01",
            "Thời gian giải quyết hồ sơ theo quy định là: 15 ngày làm việc",
            "Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 01/03/2022",
            "Thời gian trả kết quả giải quyết hồ sơ: ngày 22/03/2022",
            "Vào Sổ theo dõi hồ sơ, Quyển số: 01",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
        ],
        5,
    )
    title = [
        rng.choice(
            [
                "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
                "PHIẾU HẸN TRẢ KẾT QUẢ",
                "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            ]
        )
    ]
    return paper(header, "", place_date(rng, name), title, body, person(rng))


def don_de_nghi(rng: random.Random) -> str:
    what = rng.choice(
        [
            "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG",
            "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP LAO ĐỘNG CHO NGƯỜI NƯỚC NGOÀI",
            "ĐƠN ĐỀ NGHỊ CẤP GIẤY CHỨNG NHẬN CƠ SỞ ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM",
            "ĐƠN ĐỀ NGHỊ CẤP BẢN SAO TRÍCH LỤC KHAI SINH",
            "ĐƠN ĐĂNG KÝ HỘ KINH DOANH",
            "ĐƠN XIN XÁC NHẬN",
        ]
    )
    _, place, body_name = issuer(rng)
    body = pick(
        rng,
        [
            f"Kính gửi: {body_name}",
            f"Tên tôi là: {person(rng)}",
            f"Căn cước công dân số {citizen_id(rng)}, cấp ngày 10/7/2021",
            "Địa chỉ liên hệ: thôn Lũng Giang, thị trấn Lim, huyện Tiên Du",
            f"Số điện thoại: 09{rng.randint(10000000, 99999999)}",
            "Tôi xin cam đoan những nội dung trên là đúng sự thật",
            "Gửi kèm theo Đơn này các tài liệu:",
            "NGƯỜI LÀM ĐƠN\n(Ký, ghi rõ họ tên)",
        ],
        4,
    )
    return "\n".join([MOTTO, what, *body, place_date(rng, place), person(rng)])


def chung_thuc_ban_sao(rng: random.Random) -> str:
    copied = rng.choice([khai_sinh, gcn_ket_hon, quyet_dinh, gcn_ho_kinh_doanh, giay_phep_xay_dung])
    header, _, _ = issuer(rng, "cd")
    day, month, year = date_words(rng)
    stamp = "\n".join(
        [
            header.replace("\n", " "),
            rng.choice(
                ["Chứng thực bản sao đúng với bản chính.", "CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH"]
            ),
            f"Số chứng thực: {rng.randint(1, 5000)} Quyển số: 01/{year}-SCT/BS",
            f"Ngày {day} tháng {month} năm {year}",
            "NGƯỜI THỰC HIỆN CHỨNG THỰC",
            person(rng),
        ]
    )
    return copied(rng) + "\f" + stamp


MAKERS: dict[str, Callable[[random.Random], str]] = {
    "quyet_dinh": quyet_dinh,
    "giay_phep_xay_dung": giay_phep_xay_dung,
    "gcn_ho_kinh_doanh": gcn_ho_kinh_doanh,
    "gcn_attp": gcn_attp,
    "khai_sinh": khai_sinh,
    "gcn_ket_hon": gcn_ket_hon,
    "chung_thuc_ban_sao": chung_thuc_ban_sao,
    "giay_phep_lao_dong": giay_phep_lao_dong,
    "phieu_hen_tra_ket_qua": phieu_hen_tra_ket_qua,
    "don_de_nghi": don_de_nghi,
}

CONFUSIONS = {
    "ế": "é",
    "ị": "i",
    "ậ": "â",
    "ồ": "ô",
    "ơ": "o",
    "ư": "u",
    "G": "C",
    "I": "l",
    "O": "0",
    "Đ": "D",
    "ạ": "a",
    "ả": "á",
    "ỉ": "i",
    "S": "5",
    "ự": "u",
}


def ocr_damage(text: str, rng: random.Random) -> str:
    """Scanner and OCR slips: words lose their accents, letters are confused, lines vanish or
    break in two."""
    strength = rng.choice([0.0, 0.02, 0.05, 0.1])
    lines = []
    for line in text.split("\n"):
        if rng.random() < strength:
            continue
        words = []
        for word in line.split(" "):
            if rng.random() < strength * 2:
                word = strip_accents(word)
            word = "".join(CONFUSIONS.get(c, c) if rng.random() < strength else c for c in word)
            words.append(word)
        line = " ".join(words)
        if len(line) > 30 and rng.random() < strength:
            cut = rng.randint(10, len(line) - 10)
            line = line[:cut] + "\n" + line[cut:]
        lines.append(line)
    return "\n".join(lines)


def strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def training_texts(per_type: int = TEXTS_PER_TYPE, seed: int = SEED) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for doc_type, make in MAKERS.items():
        for _ in range(per_type):
            text = unicodedata.normalize("NFC", ocr_damage(make(rng), rng))
            rows.append({"doc_type": doc_type, "text": text, "source": "shipped"})
    return rows


SHIPPED_VERSION = "doctype-shipped-2"


def main(argv: list[str] | None = None) -> int:
    rows = training_texts()
    OUTPUT.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    print(f"{OUTPUT}: {len(rows)} texts")
    if "--texts-only" in (sys.argv[1:] if argv is None else argv):
        return 0
    from pipeline.understand import doctype_model

    model = doctype_model.train(doctype_model.shipped_texts(OUTPUT), version=SHIPPED_VERSION)
    doctype_model.save(model, HERE)
    print(f"{HERE / doctype_model.MODEL_FILE}: {model.version}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
