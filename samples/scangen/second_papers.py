"""The second paper of each document type, so that every type appears at least twice and the
set spans the three tiers with other units than the first set.

A third small story: Công ty TNHH Thực phẩm Sạch Thiên Phú applies to the Sở Công Thương for a
food-safety certificate (application → certificate).
"""

from __future__ import annotations

from datetime import date

from . import agencies as units
from .documents import POLICE, Fields, Paper, centred, item
from .layout import MM, Block, Break, Column, Columns, Face, Gap, Span
from .nd30 import (
    Signer,
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

THIEN_PHU = "Công ty TNHH Thực phẩm Sạch Thiên Phú"
THIEN_PHU_TAX_CODE = "2300987415"
THIEN_PHU_ADDRESS = "lô B3, Cụm công nghiệp Đông Thọ, xã Đông Thọ, huyện Yên Phong, tỉnh Bắc Ninh"


def factory_building_permit() -> Paper:
    """Giấy phép xây dựng of the province (Mẫu số 02, Phụ lục III, NĐ 15/2021) for a works."""
    issued = date(2022, 6, 7)
    owner = "Công ty Cổ phần Cơ khí Chính xác Quế Võ"
    tax_code = "2301024587"
    signer = Signer(
        ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "Hoàng Đức Thịnh", seal=units.SO_XAY_DUNG.seal_text
    )
    blocks: tuple[Block, ...] = (
        header(units.SO_XAY_DUNG, ("Số: 64/GPXD-SXD",), place_and_date("Bắc Ninh", issued)),
        *title("GIẤY PHÉP XÂY DỰNG", rule=False),
        line("(Sử dụng cho công trình không theo tuyến)", Face.ITALIC, after=10.0),
        body(f"1. Cấp cho: {owner}", after=3.0),
        labelled("Mã số doanh nghiệp", tax_code),
        body(
            "Địa chỉ: lô C12, Khu công nghiệp Quế Võ, xã Phương Liễu, huyện Quế Võ, tỉnh Bắc Ninh",
            after=3.0,
        ),
        body("2. Được phép xây dựng công trình: Nhà xưởng sản xuất số 2", after=3.0),
        item("Theo thiết kế: do Công ty Cổ phần Tư vấn Xây dựng Bắc Ninh lập."),
        item("Vị trí xây dựng: lô C12, Khu công nghiệp Quế Võ."),
        item("Cốt nền xây dựng công trình: +0,45 m; mật độ xây dựng: 58%."),
        item("Diện tích xây dựng: 4.860 m²; tổng diện tích sàn: 5.320 m²."),
        item("Chiều cao công trình: 14,2 m; số tầng: 01 tầng, có sàn lửng văn phòng."),
        body(
            "3. Giấy tờ về quyền sử dụng đất: Giấy chứng nhận quyền sử dụng đất số CT 07714 "
            "do Sở Tài nguyên và Môi trường tỉnh Bắc Ninh cấp ngày 12/01/2021.",
            after=3.0,
        ),
        body(
            "4. Giấy phép này có hiệu lực khởi công xây dựng trong thời hạn 12 tháng kể từ "
            "ngày cấp; quá thời hạn trên thì phải đề nghị gia hạn giấy phép xây dựng.",
            after=10.0,
        ),
        closing(signer, ("- Chủ đầu tư;", "- UBND huyện Quế Võ;", "- Lưu: VT, QLXD.")),
    )
    fields = Fields(
        doc_type="giay_phep_xay_dung",
        tier="province",
        issuer=units.SO_XAY_DUNG.canonical,
        number="64/GPXD-SXD",
        issue_date=issued,
        valid_until=date(2023, 6, 7),
        subject_name=owner,
        subject_id=tax_code,
        dossier_code=None,
    )
    return Paper("gpxd-so-xay-dung-2022-0607", fields, blocks)


def household_business_gia_binh() -> Paper:
    registered = date(2022, 5, 9)
    owner, owner_id = "Phạm Thị Thu Trang", "027188004431"
    code = "21K8000327"
    signer = Signer(("TRƯỞNG PHÒNG",), "Ngô Văn Tuấn", seal=units.TAI_CHINH_GIA_BINH.seal_text)
    blocks: tuple[Block, ...] = (
        header(units.TAI_CHINH_GIA_BINH, (), None),
        *title("GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", rule=False),
        line(f"Mã số hộ kinh doanh: {code}", Face.BOLD),
        line(f"Đăng ký lần đầu: {vn_date(registered)}", Face.ITALIC, after=12.0),
        labelled("1. Tên hộ kinh doanh", "HỘ KINH DOANH GỐM ĐÔNG PHÚ"),
        body(
            "2. Địa chỉ trụ sở hộ kinh doanh: thôn Đông Phú, xã Đông Cứu, huyện Gia Bình, "
            "tỉnh Bắc Ninh, Việt Nam",
            after=3.0,
        ),
        body("Điện thoại: 0978 330 615", after=3.0),
        body(
            "3. Ngành, nghề kinh doanh: sản xuất sản phẩm gốm sứ mỹ nghệ; bán lẻ hàng gốm sứ.",
            after=3.0,
        ),
        labelled("4. Vốn kinh doanh", "350.000.000 đồng (Ba trăm năm mươi triệu đồng)"),
        labelled("5. Số lượng lao động", "04 người"),
        field_row(f"6. Họ và tên đại diện hộ kinh doanh: {owner.upper()}", "Giới tính: Nữ"),
        field_row("Sinh ngày: 02/11/1988", "Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body("Loại giấy tờ pháp lý của cá nhân: Căn cước công dân", after=3.0),
        labelled("Số giấy tờ pháp lý của cá nhân", owner_id),
        body(f"Ngày cấp: 20/8/2021\tNơi cấp: {POLICE}", after=3.0),
        body(
            "Địa chỉ thường trú: thôn Đông Phú, xã Đông Cứu, huyện Gia Bình, tỉnh Bắc Ninh",
            after=10.0,
        ),
        closing(signer),
    )
    fields = Fields(
        doc_type="gcn_ho_kinh_doanh",
        tier="district",
        issuer=units.TAI_CHINH_GIA_BINH.canonical,
        number=code,
        issue_date=registered,
        valid_until=None,
        subject_name=owner,
        subject_id=owner_id,
        dossier_code=None,
    )
    return Paper("gcn-hkd-gia-binh-2022-0509", fields, blocks)


def food_safety_application() -> Paper:
    """Đơn đề nghị cấp Giấy chứng nhận cơ sở đủ điều kiện ATTP (Mẫu 01, NĐ 155/2018)."""
    filed = date(2022, 6, 20)
    director = "Vũ Thị Ngọc Lan"
    blocks: tuple[Block, ...] = (
        *citizen_header(),
        *title(
            "ĐƠN ĐỀ NGHỊ CẤP GIẤY CHỨNG NHẬN",
            "CƠ SỞ ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM",
            rule=False,
        ),
        line("Kính gửi: Sở Công Thương tỉnh Bắc Ninh", Face.REGULAR, after=10.0),
        body(f"Cơ sở: {THIEN_PHU}", after=3.0),
        labelled("Mã số doanh nghiệp", THIEN_PHU_TAX_CODE),
        body(f"Địa chỉ cơ sở sản xuất: {THIEN_PHU_ADDRESS}", after=3.0),
        body("Điện thoại: 0222 3868 412\tEmail: thienphu.food@gmail.com", after=3.0),
        body(f"Người đại diện theo pháp luật: {director}, Giám đốc", after=3.0),
        body(
            "Đề nghị được cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm cho "
            "loại hình sản xuất: bánh kẹo, mứt và sản phẩm từ ngũ cốc.",
            after=3.0,
        ),
        body("Hồ sơ gửi kèm gồm:", after=2.0),
        item("Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ sản xuất;"),
        item("Danh sách chủ cơ sở và người trực tiếp sản xuất đã được xác nhận kiến thức;"),
        item("Giấy xác nhận đủ sức khỏe của chủ cơ sở và người trực tiếp sản xuất."),
        body(
            "Chúng tôi cam kết thực hiện đúng các quy định về an toàn thực phẩm và chịu "
            "trách nhiệm về tính chính xác của hồ sơ.",
            after=10.0,
        ),
        dated_signature(
            place_and_date("Yên Phong", filed),
            Signer(("ĐẠI DIỆN CƠ SỞ",), director, note="(Ký, ghi rõ họ tên, đóng dấu)"),
        ),
    )
    fields = Fields(
        doc_type="don_de_nghi",
        tier="province",
        issuer=units.SO_CONG_THUONG.canonical,
        number=None,
        issue_date=filed,
        valid_until=None,
        subject_name=THIEN_PHU,
        subject_id=THIEN_PHU_TAX_CODE,
        dossier_code=None,
    )
    return Paper("don-de-nghi-attp-thien-phu-2022-0620", fields, blocks)


def food_safety_certificate_industry() -> Paper:
    issued = date(2022, 7, 11)
    signer = Signer(
        ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "Nguyễn Hữu Bình", seal=units.SO_CONG_THUONG.seal_text
    )
    blocks: tuple[Block, ...] = (
        header(
            units.SO_CONG_THUONG, ("Số: 31/2022/GCNATTP-SCT",), place_and_date("Bắc Ninh", issued)
        ),
        *title("GIẤY CHỨNG NHẬN", "CƠ SỞ ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM"),
        centred("SỞ CÔNG THƯƠNG TỈNH BẮC NINH", after=2.0),
        centred("CHỨNG NHẬN", after=10.0),
        labelled("Cơ sở", THIEN_PHU.upper()),
        labelled("Mã số doanh nghiệp", THIEN_PHU_TAX_CODE),
        body("Chủ cơ sở: bà Vũ Thị Ngọc Lan, Giám đốc", after=3.0),
        body(f"Địa chỉ cơ sở sản xuất: {THIEN_PHU_ADDRESS}", after=3.0),
        body("Điện thoại: 0222 3868 412", after=10.0),
        centred("ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM THEO QUY ĐỊNH ĐỂ SẢN XUẤT:", after=4.0),
        centred("Bánh kẹo, mứt và sản phẩm từ ngũ cốc", Face.REGULAR, after=10.0),
        body(
            Span("Giấy chứng nhận có hiệu lực đến ngày 10 tháng 7 năm 2025.", Face.BOLD_ITALIC),
            after=10.0,
        ),
        closing(signer, ("- Cơ sở;", "- Lưu: VT, QLCN.")),
    )
    fields = Fields(
        doc_type="gcn_attp",
        tier="province",
        issuer=units.SO_CONG_THUONG.canonical,
        number="31/2022/GCNATTP-SCT",
        issue_date=issued,
        valid_until=date(2025, 7, 10),
        subject_name=THIEN_PHU,
        subject_id=THIEN_PHU_TAX_CODE,
        dossier_code=None,
    )
    return Paper("gcn-attp-so-cong-thuong-2022-0711", fields, blocks)


def birth_extract_kinh_bac() -> Paper:
    """Trích lục khai sinh (bản sao), issued again from the civil-status register."""
    issued = date(2022, 8, 3)
    child, child_id = "Đặng Gia Bảo", "027220001976"
    signer = Signer(
        ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        "Lê Văn Sơn",
        seal=units.UBND_KINH_BAC.seal_text,
    )
    blocks: tuple[Block, ...] = (
        header(units.UBND_KINH_BAC, ("Số: 118/TLKS-BS",), place_and_date("Kinh Bắc", issued)),
        *title("TRÍCH LỤC KHAI SINH", summary=("(BẢN SAO)",)),
        labelled("Họ, chữ đệm, tên", child.upper()),
        body("Ngày, tháng, năm sinh: 26/10/2020", after=3.0),
        field_row("Giới tính: Nam", "Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body("Nơi sinh: Bệnh viện Đa khoa tỉnh Bắc Ninh", after=3.0),
        labelled("Số định danh cá nhân", child_id),
        labelled("Họ, chữ đệm, tên người mẹ", "NGUYỄN THỊ THANH TÂM"),
        labelled("Họ, chữ đệm, tên người cha", "ĐẶNG VĂN QUÂN"),
        body(
            "Nơi đăng ký khai sinh: Ủy ban nhân dân phường Kinh Bắc, thành phố Bắc Ninh, "
            "tỉnh Bắc Ninh",
            after=3.0,
        ),
        body("Ngày, tháng, năm đăng ký: 05/11/2020", after=10.0),
        closing(signer),
    )
    fields = Fields(
        doc_type="khai_sinh",
        tier="commune",
        issuer=units.UBND_KINH_BAC.canonical,
        number="118/TLKS-BS",
        issue_date=issued,
        valid_until=None,
        subject_name=child,
        subject_id=child_id,
        dossier_code=None,
    )
    return Paper("trich-luc-khai-sinh-ubnd-kinh-bac-2022-0803", fields, blocks)


def marriage_certificate_canh_hung() -> Paper:
    registered = date(2022, 9, 16)
    husband, husband_id = "Bùi Văn Dũng", "027094003318"
    wife, wife_id = "Trần Thị Minh Thư", "027196008841"
    official = Signer(
        ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "Đỗ Quang Vinh", seal=units.UBND_CANH_HUNG.seal_text
    )
    blocks: tuple[Block, ...] = (
        header(
            units.UBND_CANH_HUNG,
            ("Số: 31", "Quyển số: 01/2022"),
            place_and_date("Cảnh Hưng", registered),
        ),
        *title("GIẤY CHỨNG NHẬN KẾT HÔN"),
        labelled("Họ, chữ đệm, tên chồng", husband.upper()),
        field_row("Ngày, tháng, năm sinh: 14/02/1994"),
        body("Nơi cư trú: thôn Ân Phú, xã Cảnh Hưng, huyện Tiên Du, tỉnh Bắc Ninh", after=3.0),
        body(f"Giấy tờ tùy thân: Căn cước công dân số {husband_id}", after=10.0),
        labelled("Họ, chữ đệm, tên vợ", wife.upper()),
        field_row("Ngày, tháng, năm sinh: 30/07/1996"),
        body("Nơi cư trú: thôn Cảnh Hưng, xã Cảnh Hưng, huyện Tiên Du, tỉnh Bắc Ninh", after=3.0),
        body(f"Giấy tờ tùy thân: Căn cước công dân số {wife_id}", after=10.0),
        body(f"Ngày, tháng, năm đăng ký: {short_date(registered)}", after=14.0),
        signature_row(
            Signer(("CHỒNG",), husband, note="(Ký, ghi rõ họ tên)"),
            Signer(("VỢ",), wife, note="(Ký, ghi rõ họ tên)"),
        ),
        Gap(6.0),
        closing(official),
    )
    fields = Fields(
        doc_type="gcn_ket_hon",
        tier="commune",
        issuer=units.UBND_CANH_HUNG.canonical,
        number="31",
        issue_date=registered,
        valid_until=None,
        subject_name=husband,
        subject_id=husband_id,
        dossier_code=None,
    )
    return Paper("gcn-ket-hon-ubnd-canh-hung-2022-0916", fields, blocks)


def certified_copy_tien_du() -> Paper:
    """A photocopied household-business certificate certified by Tiên Du's Justice Office."""
    registered = date(2021, 12, 6)
    certified = date(2022, 10, 4)
    owner, owner_id = "Nguyễn Thị Hồng Nhung", "027186002290"
    code = "21D8004512"
    original = Signer(("TRƯỞNG PHÒNG",), "Lưu Văn Hòa", seal=units.TAI_CHINH_GIA_BINH.seal_text)
    certifier = Signer(
        ("NGƯỜI THỰC HIỆN CHỨNG THỰC", "KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"),
        "Phan Thị Thu Hà",
        seal=units.TU_PHAP_TIEN_DU.seal_text,
    )
    statement = (
        line("PHÒNG TƯ PHÁP HUYỆN TIÊN DU", Face.BOLD, 13.0),
        line("TỈNH BẮC NINH", Face.BOLD, 13.0, after=8.0),
        line("Chứng thực bản sao đúng với bản chính.", Face.REGULAR),
        line("Số chứng thực: 2417\tQuyển số: 03/2022-SCT/BS", Face.REGULAR),
        line(vn_date(certified).capitalize(), Face.ITALIC, after=8.0),
        *signature_column(certifier),
    )
    blocks: tuple[Block, ...] = (
        header(units.TAI_CHINH_GIA_BINH, (), None),
        *title("GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", rule=False),
        line(f"Mã số hộ kinh doanh: {code}", Face.BOLD),
        line(f"Đăng ký lần đầu: {vn_date(registered)}", Face.ITALIC, after=12.0),
        labelled("1. Tên hộ kinh doanh", "HỘ KINH DOANH TẠP HÓA HỒNG NHUNG"),
        body("2. Địa chỉ: thôn Bình Ngô, xã An Bình, huyện Thuận Thành, tỉnh Bắc Ninh", after=3.0),
        body("3. Ngành, nghề kinh doanh: bán lẻ lương thực, thực phẩm, đồ uống.", after=3.0),
        labelled("4. Vốn kinh doanh", "150.000.000 đồng"),
        field_row(f"5. Đại diện hộ kinh doanh: {owner.upper()}", "Giới tính: Nữ"),
        body("Loại giấy tờ pháp lý của cá nhân: Căn cước công dân", after=3.0),
        labelled("Số giấy tờ pháp lý của cá nhân", owner_id),
        body(f"Ngày cấp: 11/3/2021\tNơi cấp: {POLICE}", after=10.0),
        closing(original),
        Break(),
        Gap(30 * MM),
        Columns((Column(0.3, ()), Column(0.7, statement))),
    )
    fields = Fields(
        doc_type="chung_thuc_ban_sao",
        tier="district",
        issuer=units.TU_PHAP_TIEN_DU.canonical,
        number="2417",
        issue_date=certified,
        valid_until=None,
        subject_name=owner,
        subject_id=owner_id,
        dossier_code=None,
    )
    return Paper(
        "chung-thuc-phong-tu-phap-tien-du-2022-1004",
        fields,
        blocks,
        photocopied_pages=frozenset({0}),
    )


def work_permit_industrial_zones() -> Paper:
    issued = date(2022, 11, 2)
    worker, passport = "TANAKA HIROSHI", "TR5521084"
    signer = Signer(
        ("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"), "Đinh Công Minh", seal=units.BQL_KCN.seal_text
    )
    blocks: tuple[Block, ...] = (
        header(units.BQL_KCN, ("Số: 2211/GPLĐ-BQL",), place_and_date("Bắc Ninh", issued)),
        *title("GIẤY PHÉP LAO ĐỘNG", rule=False),
        line("WORK PERMIT", Face.BOLD, after=12.0),
        labelled("1. Họ và tên (Full name)", worker),
        labelled("2. Giới tính (Sex)", "Nam (Male)"),
        labelled("3. Ngày sinh (Date of birth)", "09/01/1979"),
        labelled("4. Quốc tịch hiện nay (Nationality)", "Nhật Bản (Japan)"),
        labelled("5. Số hộ chiếu (Passport number)", passport),
        labelled(
            "6. Làm việc tại (Working at)", "Công ty TNHH Linh kiện Chính xác Yamato Việt Nam"
        ),
        body(
            "7. Địa điểm làm việc (Working place): lô K5, Khu công nghiệp Tiên Sơn, "
            "thành phố Từ Sơn, tỉnh Bắc Ninh",
            after=3.0,
        ),
        labelled("8. Vị trí công việc (Job assignment)", "Chuyên gia (Expert)"),
        labelled("9. Chức danh công việc (Job title)", "Kỹ sư khuôn mẫu (Mould Engineer)"),
        body(
            "10. Thời hạn làm việc (Period of work): từ ngày (from) ",
            Span("15/11/2022", Face.BOLD),
            " đến ngày (to) ",
            Span("14/11/2024", Face.BOLD),
            after=10.0,
        ),
        closing(signer, ("- Người lao động;", "- Lưu: VT, QLLĐ.")),
    )
    fields = Fields(
        doc_type="giay_phep_lao_dong",
        tier="province",
        issuer=units.BQL_KCN.canonical,
        number="2211/GPLĐ-BQL",
        issue_date=issued,
        valid_until=date(2024, 11, 14),
        subject_name="Tanaka Hiroshi",
        subject_id=passport,
        dossier_code=None,
    )
    return Paper("gpld-bql-kcn-2022-1102", fields, blocks)


def second_papers() -> list[Paper]:
    return [
        factory_building_permit(),
        household_business_gia_binh(),
        food_safety_application(),
        food_safety_certificate_industry(),
        birth_extract_kinh_bac(),
        marriage_certificate_canh_hung(),
        certified_copy_tien_du(),
        work_permit_industrial_zones(),
    ]
