"""The sample papers: what each one says, and the fields an extractor should find on it.

Two small stories run through the set, so matching can be tested too: Nguyễn Văn An applies to
Tiên Du for a construction permit (application → receipt → permit), and a Từ Sơn company's
foreign director gets a work permit through the provincial one-stop centre (receipt → permit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import agencies as units
from .layout import MM, Align, Block, Break, Column, Columns, Face, Gap, Para, Span
from .nd30 import (
    INDENT,
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


@dataclass(frozen=True)
class Fields:
    """The extracted fields of DESIGN.md §5, as an extractor should find them on the paper."""

    doc_type: str
    tier: str | None
    issuer: str | None
    number: str | None
    issue_date: date | None
    valid_until: date | None
    subject_name: str | None
    subject_id: str | None
    dossier_code: str | None


@dataclass(frozen=True)
class Paper:
    """One paper document: its content as blocks, and how its sheets are put together."""

    stem: str
    fields: Fields
    blocks: tuple[Block, ...]
    number_pages: bool = False
    photocopied_pages: frozenset[int] = frozenset()
    blank_back_after: int | None = None


AN = "Nguyễn Văn An"
AN_ID = "027090001234"
AN_ADDRESS = "thôn Lũng Giang, thị trấn Lim, huyện Tiên Du, tỉnh Bắc Ninh"
AN_DOSSIER = "000.00.25.H06-220301-0042"
AN_PLOT = "thửa đất số 318, tờ bản đồ số 9"
HANUL = "Công ty TNHH Điện tử Hanul Vina"
HANUL_TAX_CODE = "2301098765"
HANUL_DOSSIER = "000.00.00.H06-220314-0117"
POLICE = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"


def item(text: str, level: int = 0) -> Para:
    """A list item: '- …' at the first level, '+ …' under it."""
    bullet = "- " if level == 0 else "+ "
    return body(bullet + text, indent=INDENT * (1.0 + level * 0.5), after=2.0)


def centred(text: str, face: Face = Face.BOLD, after: float = 6.0) -> Para:
    return Para((Span(text, face),), size=14, align=Align.CENTRE, space_before=4, space_after=after)


# --- Tiên Du: construction permit for a house ---------------------------------------------


def building_permit_application() -> Paper:
    """Mẫu số 01, Phụ lục II, NĐ 15/2021: filled in and signed by the applicant."""
    filed = date(2022, 2, 28)
    blocks: tuple[Block, ...] = (
        *citizen_header(),
        *title(
            "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG",
            summary=(),
            rule=False,
        ),
        line("(Sử dụng cho nhà ở riêng lẻ)", Face.ITALIC, after=10.0),
        line("Kính gửi: Ủy ban nhân dân huyện Tiên Du", Face.REGULAR, after=10.0),
        body(Span("1. Thông tin về chủ đầu tư:", Face.BOLD)),
        item(f"Tên chủ đầu tư: {AN}."),
        item("Người đại diện: không; chức vụ: không."),
        item(f"Địa chỉ liên hệ: {AN_ADDRESS}."),
        item("Số điện thoại: 0912 458 306."),
        item(f"Căn cước công dân số {AN_ID}, cấp ngày 10/7/2021 tại {POLICE}."),
        body(Span("2. Thông tin công trình:", Face.BOLD)),
        item("Địa điểm xây dựng:"),
        item("Lô đất số: không; diện tích: 120,0 m².", 1),
        item(f"Tại: {AN_PLOT}, {AN_ADDRESS}.", 1),
        body(Span("3. Nội dung đề nghị cấp phép:", Face.BOLD)),
        item("Loại công trình: nhà ở riêng lẻ; cấp công trình: cấp III."),
        item("Diện tích xây dựng tầng 1 (tầng trệt): 94,2 m²."),
        item(
            "Tổng diện tích sàn: 283,6 m², gồm tầng 1 là 94,2 m², tầng 2 là 86,4 m², "
            "tầng 3 là 86,4 m² và tầng tum là 16,6 m²."
        ),
        item(
            "Chiều cao công trình: 13,8 m, trong đó tầng 1 cao 3,9 m, tầng 2 và tầng 3 "
            "mỗi tầng cao 3,6 m, tầng tum cao 2,7 m."
        ),
        item("Số tầng: 03 tầng trên mặt đất và 01 tầng tum; không có tầng hầm, tầng lửng."),
        body(
            Span("4. Đơn vị hoặc người chủ nhiệm thiết kế: ", Face.BOLD),
            "Công ty TNHH Tư vấn thiết kế xây dựng Phúc Lâm.",
        ),
        item("Mã số chứng chỉ năng lực: BAN-00018342."),
        item("Tên chủ nhiệm thiết kế: Vũ Đình Long; chứng chỉ hành nghề số BAN-00027715."),
        item("Địa chỉ: số 27 đường Lý Thái Tổ, phường Suối Hoa, thành phố Bắc Ninh."),
        item("Điện thoại: 0222 3826 415."),
        body(
            Span("5. Dự kiến thời gian hoàn thành công trình: ", Face.BOLD),
            "10 tháng kể từ ngày khởi công.",
        ),
        body(
            Span("6. Cam kết: ", Face.BOLD),
            "Tôi xin cam đoan làm theo đúng giấy phép được cấp, nếu sai tôi xin hoàn toàn chịu "
            "trách nhiệm và bị xử lý theo quy định của pháp luật.",
        ),
        body(Span("Gửi kèm theo Đơn này các tài liệu:", Face.BOLD)),
        item(
            "Bản sao Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác "
            "gắn liền với đất số CS 04512 do Sở Tài nguyên và Môi trường tỉnh Bắc Ninh cấp "
            "ngày 18/5/2019."
        ),
        item(
            "Hai bộ bản vẽ thiết kế xây dựng gồm: mặt bằng vị trí công trình trên lô đất, "
            "mặt bằng các tầng, các mặt đứng, mặt cắt chính, mặt bằng móng và sơ đồ đấu nối "
            "hệ thống thoát nước mưa, nước thải, cấp điện, cấp nước."
        ),
        item(
            "Bản kê khai kinh nghiệm của tổ chức thiết kế kèm theo bản sao chứng chỉ hành "
            "nghề của chủ nhiệm thiết kế."
        ),
        item(
            "Cam kết bảo đảm an toàn đối với công trình liền kề của chủ đầu tư, có xác nhận "
            "của các hộ liền kề."
        ),
        Gap(6.0),
        dated_signature(
            place_and_date("Tiên Du", filed),
            Signer(("NGƯỜI LÀM ĐƠN",), AN, note="(Ký, ghi rõ họ tên)"),
        ),
    )
    fields = Fields(
        doc_type="don_de_nghi",
        tier="district",
        issuer=units.UBND_TIEN_DU.canonical,
        number=None,
        issue_date=filed,
        valid_until=None,
        subject_name=AN,
        subject_id=AN_ID,
        dossier_code=None,
    )
    return Paper("don-de-nghi-gpxd-nguyen-van-an-2022-0228", fields, blocks, blank_back_after=0)


def building_permit_receipt() -> Paper:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01, TT 01/2018/TT-VPCP)."""
    received = date(2022, 3, 1)
    due = date(2022, 3, 22)
    blocks: tuple[Block, ...] = (
        header(units.HCC_TIEN_DU, (), place_and_date("Tiên Du", received)),
        *title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", rule=False),
        line(f"Mã hồ sơ: {AN_DOSSIER}", Face.BOLD),
        line("(Liên: giao cho người nộp hồ sơ)", Face.ITALIC, after=10.0),
        body(
            "Trung tâm Hành chính công huyện Tiên Du tiếp nhận hồ sơ của: ",
            Span(f"Ông {AN}", Face.BOLD),
        ),
        body(f"Căn cước công dân số: {AN_ID}", after=3.0),
        body(f"Địa chỉ: {AN_ADDRESS}", after=3.0),
        body("Số điện thoại: 0912 458 306\tEmail: không có", after=3.0),
        body(
            "Nội dung yêu cầu giải quyết: ",
            Span("Cấp giấy phép xây dựng đối với nhà ở riêng lẻ", Face.BOLD),
            " (mã thủ tục 1.009994)",
        ),
        body("1. Thành phần hồ sơ nộp gồm:", after=2.0),
        item(
            "Đơn đề nghị cấp giấy phép xây dựng theo Mẫu số 01 Phụ lục II "
            "Nghị định số 15/2021/NĐ-CP;"
        ),
        item("Bản sao Giấy chứng nhận quyền sử dụng đất số CS 04512;"),
        item("Hai bộ bản vẽ thiết kế xây dựng;"),
        item(
            "Bản kê khai kinh nghiệm của tổ chức thiết kế; "
            "cam kết bảo đảm an toàn công trình liền kề."
        ),
        body("2. Số lượng hồ sơ: 01 (bộ).", after=3.0),
        body("3. Thời gian giải quyết hồ sơ theo quy định là: 15 ngày làm việc.", after=3.0),
        body(f"4. Thời gian nhận hồ sơ: 09 giờ 20 phút, ngày {short_date(received)}.", after=3.0),
        body(
            f"5. Thời gian trả kết quả giải quyết hồ sơ: 14 giờ 00 phút, ngày {short_date(due)}.",
            after=3.0,
        ),
        body(
            "6. Đăng ký nhận kết quả tại: Trung tâm Hành chính công huyện Tiên Du "
            "hoặc qua dịch vụ bưu chính công ích."
        ),
        body("Vào Sổ theo dõi hồ sơ, Quyển số: 03, Số thứ tự: 0042."),
        Gap(4.0),
        signature_row(
            Signer(("NGƯỜI NỘP HỒ SƠ",), AN, note="(Ký và ghi rõ họ tên)"),
            Signer(("NGƯỜI TIẾP NHẬN HỒ SƠ",), "Ngô Thị Lan", note="(Ký và ghi rõ họ tên)"),
        ),
    )
    fields = Fields(
        doc_type="phieu_hen_tra_ket_qua",
        tier="district",
        issuer=units.HCC_TIEN_DU.canonical,
        number=None,
        issue_date=received,
        valid_until=None,
        subject_name=AN,
        subject_id=AN_ID,
        dossier_code=AN_DOSSIER,
    )
    return Paper("phieu-hen-tthcc-tien-du-2022-0301", fields, blocks)


def building_permit() -> Paper:
    """Giấy phép xây dựng nhà ở riêng lẻ (Mẫu số 07, Phụ lục II, NĐ 15/2021), front and back."""
    issued = date(2022, 3, 15)
    signer = Signer(
        ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "Hoàng Văn Thịnh", seal=units.UBND_TIEN_DU.seal_text
    )
    blocks: tuple[Block, ...] = (
        header(units.UBND_TIEN_DU, ("Số: 123/GPXD-UBND",), place_and_date("Tiên Du", issued)),
        *title("GIẤY PHÉP XÂY DỰNG", rule=False),
        line("(Sử dụng cho nhà ở riêng lẻ)", Face.ITALIC, after=10.0),
        body(
            f"Xét đơn đề nghị cấp giấy phép xây dựng của ông {AN}, hồ sơ số {AN_DOSSIER} "
            f"tiếp nhận ngày {short_date(date(2022, 3, 1))};"
        ),
        body(
            Span("1. Cấp cho: ", Face.BOLD),
            Span(f"Ông {AN}", Face.BOLD),
            f"; căn cước công dân số {AN_ID}, cấp ngày 10/7/2021 tại {POLICE}.",
        ),
        body(f"Địa chỉ thường trú: {AN_ADDRESS}."),
        body(Span("2. Được phép xây dựng công trình: ", Face.BOLD), "Nhà ở riêng lẻ."),
        item(
            "Theo thiết kế: bản vẽ thiết kế xây dựng do Công ty TNHH Tư vấn thiết kế xây dựng "
            "Phúc Lâm lập tháng 02/2022, chủ nhiệm thiết kế Vũ Đình Long."
        ),
        item("Gồm các nội dung sau:"),
        item(f"Vị trí xây dựng: {AN_PLOT}, {AN_ADDRESS}.", 1),
        item("Cốt nền xây dựng công trình: +0,45 m so với cốt mặt đường hiện trạng.", 1),
        item("Mật độ xây dựng: 78,5%; hệ số sử dụng đất: 2,36 lần.", 1),
        item(
            "Chỉ giới đường đỏ, chỉ giới xây dựng: chỉ giới xây dựng trùng chỉ giới đường đỏ, "
            "cách tim đường trục thôn 6,5 m.",
            1,
        ),
        item("Diện tích xây dựng tầng 1 (tầng trệt): 94,2 m².", 1),
        item("Tổng diện tích sàn: 283,6 m² (bao gồm cả tầng tum).", 1),
        item("Chiều cao công trình: 13,8 m; số tầng: 03 tầng và 01 tầng tum.", 1),
        body(
            Span("3. Giấy tờ về quyền sử dụng đất: ", Face.BOLD),
            "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền "
            "với đất số CS 04512 do Sở Tài nguyên và Môi trường tỉnh Bắc Ninh cấp ngày 18/5/2019.",
        ),
        body(
            Span("4. Giấy phép này có hiệu lực khởi công xây dựng ", Face.BOLD),
            "trong thời hạn 12 tháng kể từ ngày cấp; quá thời hạn trên thì phải đề nghị "
            "gia hạn giấy phép xây dựng.",
        ),
        closing(signer, ("- Chủ đầu tư;", "- UBND thị trấn Lim;", "- Lưu: VT, KT&HT.")),
        Break(),
        centred("CHỦ ĐẦU TƯ PHẢI THỰC HIỆN CÁC NỘI DUNG SAU ĐÂY:"),
        body(
            "1. Phải hoàn toàn chịu trách nhiệm trước pháp luật nếu xâm phạm các quyền hợp "
            "pháp của các chủ sở hữu liền kề."
        ),
        body(
            "2. Phải thực hiện đúng các quy định của pháp luật về đất đai, về đầu tư xây dựng "
            "và Giấy phép xây dựng này."
        ),
        body(
            "3. Phải thông báo cho cơ quan cấp giấy phép xây dựng đến kiểm tra khi định vị "
            "công trình, xây móng và công trình ngầm (như hầm vệ sinh tự hoại, xử lý nước "
            "thải, ...)."
        ),
        body(
            "4. Xuất trình Giấy phép xây dựng cho cơ quan có thẩm quyền khi được yêu cầu theo "
            "quy định của pháp luật và treo biển báo tại địa điểm xây dựng theo quy định."
        ),
        body(
            "5. Khi điều chỉnh thiết kế làm thay đổi một trong các nội dung quy định tại khoản 1 "
            "Điều 98 Luật Xây dựng năm 2014 thì phải đề nghị điều chỉnh giấy phép xây dựng và "
            "chờ quyết định của cơ quan cấp giấy phép."
        ),
        body(
            "6. Thực hiện các biện pháp bảo đảm an toàn lao động, vệ sinh môi trường, phòng "
            "chống cháy nổ trong suốt quá trình thi công; không để vật liệu xây dựng lấn chiếm "
            "lòng đường, vỉa hè."
        ),
        centred("ĐIỀU CHỈNH, GIA HẠN GIẤY PHÉP", after=4.0),
        body("1. Nội dung điều chỉnh, gia hạn: không có.", after=3.0),
        body("2. Thời gian có hiệu lực của giấy phép: theo khoản 4 trang 1.", after=3.0),
    )
    fields = Fields(
        doc_type="giay_phep_xay_dung",
        tier="district",
        issuer=units.UBND_TIEN_DU.canonical,
        number="123/GPXD-UBND",
        issue_date=issued,
        valid_until=date(2023, 3, 15),
        subject_name=AN,
        subject_id=AN_ID,
        dossier_code=AN_DOSSIER,
    )
    return Paper("gpxd-ubnd-tien-du-2022-0315", fields, blocks)


# --- Từ Sơn: land-use change, household business ---------------------------------------------


def land_use_change_decision() -> Paper:
    issued = date(2022, 4, 12)
    holder = "Trần Văn Bình"
    holder_id = "027075004321"
    signer = Signer(
        ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        "Phạm Quang Minh",
        seal=units.UBND_TU_SON.seal_text,
    )
    blocks: tuple[Block, ...] = (
        header(units.UBND_TU_SON, ("Số: 1187/QĐ-UBND",), place_and_date("Từ Sơn", issued)),
        *title(
            "QUYẾT ĐỊNH",
            summary=(
                "Về việc cho phép hộ ông Trần Văn Bình chuyển mục đích sử dụng đất",
                "từ đất trồng cây lâu năm sang đất ở tại đô thị",
            ),
        ),
        centred("ỦY BAN NHÂN DÂN THÀNH PHỐ TỪ SƠN"),
        body(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, "
            "bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa "
            "phương ngày 22 tháng 11 năm 2019;"
        ),
        body("Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;"),
        body(
            "Căn cứ Nghị định số 43/2014/NĐ-CP ngày 15 tháng 5 năm 2014 của Chính phủ quy định "
            "chi tiết thi hành một số điều của Luật Đất đai; Nghị định số 01/2017/NĐ-CP ngày 06 "
            "tháng 01 năm 2017 của Chính phủ sửa đổi, bổ sung một số nghị định quy định chi tiết "
            "thi hành Luật Đất đai;"
        ),
        body(
            "Căn cứ Thông tư số 30/2014/TT-BTNMT ngày 02 tháng 6 năm 2014 của Bộ trưởng Bộ Tài "
            "nguyên và Môi trường quy định về hồ sơ giao đất, cho thuê đất, chuyển mục đích sử "
            "dụng đất, thu hồi đất;"
        ),
        body(
            "Căn cứ Kế hoạch sử dụng đất năm 2022 của thành phố Từ Sơn đã được Ủy ban nhân dân "
            "tỉnh Bắc Ninh phê duyệt;"
        ),
        body(
            f"Xét đơn xin chuyển mục đích sử dụng đất của hộ ông {holder} và đề nghị của Trưởng "
            "phòng Tài nguyên và Môi trường tại Tờ trình số 156/TTr-TNMT ngày 05 tháng 4 năm 2022."
        ),
        centred("QUYẾT ĐỊNH:"),
        article(
            1,
            f"Cho phép hộ ông {holder}, căn cước công dân số {holder_id}, địa chỉ thường trú: "
            "khu phố Đa Hội, phường Châu Khê, thành phố Từ Sơn, tỉnh Bắc Ninh, được chuyển mục "
            "đích sử dụng 120,0 m² đất trồng cây lâu năm sang đất ở tại đô thị thuộc thửa đất số "
            "245, tờ bản đồ số 12, khu phố Đa Hội, phường Châu Khê.",
        ),
        body(
            "Vị trí, ranh giới khu đất được xác định theo trích lục bản đồ địa chính do Chi nhánh "
            "Văn phòng Đăng ký đất đai thành phố Từ Sơn lập ngày 21 tháng 3 năm 2022."
        ),
        body("Mục đích sử dụng đất sau khi chuyển: đất ở tại đô thị (ODT)."),
        body("Thời hạn sử dụng đất: ổn định lâu dài."),
        body(
            "Hình thức sử dụng đất: Nhà nước giao đất có thu tiền sử dụng đất. Hộ ông Trần Văn "
            "Bình có trách nhiệm nộp tiền sử dụng đất theo thông báo của cơ quan thuế."
        ),
        article(2, "Căn cứ Điều 1 của Quyết định này, giao:"),
        body(
            "1. Phòng Tài nguyên và Môi trường thông báo cho người sử dụng đất nộp nghĩa vụ tài "
            "chính; chỉ đạo Chi nhánh Văn phòng Đăng ký đất đai thành phố Từ Sơn chỉnh lý hồ sơ "
            "địa chính, cập nhật biến động vào cơ sở dữ liệu đất đai và trao Giấy chứng nhận sau "
            "khi người sử dụng đất hoàn thành nghĩa vụ tài chính."
        ),
        body(
            "2. Cơ quan thuế xác định và thông báo số tiền sử dụng đất phải nộp theo giá đất cụ "
            "thể được cấp có thẩm quyền phê duyệt."
        ),
        body(
            "3. Ủy ban nhân dân phường Châu Khê có trách nhiệm giám sát việc sử dụng đất đúng "
            "mục đích, kịp thời báo cáo các trường hợp vi phạm."
        ),
        article(
            3,
            "Quyết định này có hiệu lực thi hành kể từ ngày ký. Chánh Văn phòng Hội đồng nhân "
            "dân và Ủy ban nhân dân thành phố, Trưởng phòng Tài nguyên và Môi trường, Giám đốc "
            "Chi nhánh Văn phòng Đăng ký đất đai thành phố Từ Sơn, Chủ tịch Ủy ban nhân dân "
            f"phường Châu Khê và hộ ông {holder} chịu trách nhiệm thi hành Quyết định này.",
        ),
        closing(
            signer,
            (
                "- Như Điều 3;",
                "- Chủ tịch, các PCT UBND thành phố;",
                "- Cổng thông tin điện tử thành phố;",
                "- Lưu: VT, TNMT.",
            ),
        ),
    )
    fields = Fields(
        doc_type="quyet_dinh",
        tier="district",
        issuer=units.UBND_TU_SON.canonical,
        number="1187/QĐ-UBND",
        issue_date=issued,
        valid_until=None,
        subject_name=holder,
        subject_id=holder_id,
        dossier_code=None,
    )
    return Paper("qd-ubnd-tu-son-2022-0412", fields, blocks, number_pages=True)


def household_business_certificate() -> Paper:
    """Giấy chứng nhận đăng ký hộ kinh doanh (Phụ lục III-5, TT 01/2021/TT-BKHĐT)."""
    registered = date(2022, 4, 18)
    owner = "Đỗ Văn Hùng"
    owner_id = "027082007719"
    code = "21E8001415"
    signer = Signer(("TRƯỞNG PHÒNG",), "Đào Thị Thanh Huyền", seal=units.TAI_CHINH_TU_SON.seal_text)
    blocks: tuple[Block, ...] = (
        header(units.TAI_CHINH_TU_SON, (), None),
        *title("GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", rule=False),
        line(f"Mã số hộ kinh doanh: {code}", Face.BOLD),
        line(f"Đăng ký lần đầu: {vn_date(registered)}", Face.ITALIC, after=12.0),
        labelled("1. Tên hộ kinh doanh", "HỘ KINH DOANH ĐỒ GỖ MỸ NGHỆ ĐỖ HÙNG"),
        body(
            "2. Địa chỉ trụ sở hộ kinh doanh: số 46 khu phố Đồng Kỵ, phường Đồng Kỵ, thành phố "
            "Từ Sơn, tỉnh Bắc Ninh, Việt Nam",
            after=3.0,
        ),
        body("Điện thoại: 0984 512 376\tEmail: dohung.dogo@gmail.com", after=3.0),
        body(
            "3. Ngành, nghề kinh doanh: sản xuất đồ gỗ xây dựng; sản xuất giường, tủ, bàn, ghế "
            "bằng gỗ; bán lẻ đồ gỗ nội thất trong các cửa hàng chuyên doanh.",
            after=3.0,
        ),
        labelled("4. Vốn kinh doanh", "800.000.000 đồng (Tám trăm triệu đồng)"),
        labelled("5. Số lượng lao động", "06 người"),
        field_row(f"6. Họ và tên đại diện hộ kinh doanh: {owner.upper()}", "Giới tính: Nam"),
        field_row("Sinh ngày: 23/09/1982", "Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body("Loại giấy tờ pháp lý của cá nhân: Căn cước công dân", after=3.0),
        labelled("Số giấy tờ pháp lý của cá nhân", owner_id),
        body(f"Ngày cấp: 14/6/2021\tNơi cấp: {POLICE}", after=3.0),
        body(
            "Địa chỉ thường trú: số 46 khu phố Đồng Kỵ, phường Đồng Kỵ, thành phố Từ Sơn, "
            "tỉnh Bắc Ninh, Việt Nam",
            after=3.0,
        ),
        body(
            "Địa chỉ liên lạc: số 46 khu phố Đồng Kỵ, phường Đồng Kỵ, thành phố Từ Sơn, "
            "tỉnh Bắc Ninh, Việt Nam",
            after=10.0,
        ),
        closing(signer),
    )
    fields = Fields(
        doc_type="gcn_ho_kinh_doanh",
        tier="district",
        issuer=units.TAI_CHINH_TU_SON.canonical,
        number=code,
        issue_date=registered,
        valid_until=None,
        subject_name=owner,
        subject_id=owner_id,
        dossier_code=None,
    )
    return Paper("gcn-hkd-tu-son-2022-0418", fields, blocks)


# --- Province: food safety, work permit, digitisation targets ---------------------------------


def food_safety_certificate() -> Paper:
    """Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (NĐ 155/2018), health sector."""
    issued = date(2022, 4, 20)
    company = "Công ty TNHH Thực phẩm Hương Lúa Kinh Bắc"
    tax_code = "2301156789"
    signer = Signer(
        ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "Lương Văn Khải", seal=units.SO_Y_TE.seal_text
    )
    blocks: tuple[Block, ...] = (
        header(units.SO_Y_TE, ("Số: 87/2022/ATTP-CNĐK",), place_and_date("Bắc Ninh", issued)),
        *title("GIẤY CHỨNG NHẬN", "CƠ SỞ ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM"),
        centred("SỞ Y TẾ TỈNH BẮC NINH", after=2.0),
        centred("CHỨNG NHẬN", after=10.0),
        labelled("Cơ sở", company.upper()),
        labelled("Mã số doanh nghiệp", tax_code),
        body("Chủ cơ sở: bà Phạm Thị Thu Hằng, Giám đốc", after=3.0),
        body(
            "Địa chỉ cơ sở sản xuất: lô C4, Khu công nghiệp Đại Đồng - Hoàn Sơn, xã Hoàn Sơn, "
            "huyện Tiên Du, tỉnh Bắc Ninh",
            after=3.0,
        ),
        body("Điện thoại: 0222 3716 588", after=10.0),
        centred("ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM THEO QUY ĐỊNH ĐỂ SẢN XUẤT:", after=4.0),
        centred("Nước uống đóng chai; nước đá dùng liền", Face.REGULAR, after=10.0),
        body(
            "Cơ sở có trách nhiệm duy trì các điều kiện bảo đảm an toàn thực phẩm đã được "
            "chứng nhận và chịu sự thanh tra, kiểm tra của cơ quan nhà nước có thẩm quyền."
        ),
        body(
            Span("Giấy chứng nhận có hiệu lực đến ngày 19 tháng 4 năm 2025.", Face.BOLD_ITALIC),
            after=10.0,
        ),
        closing(signer, ("- Cơ sở;", "- Chi cục ATVSTP;", "- Lưu: VT, NVY.")),
    )
    fields = Fields(
        doc_type="gcn_attp",
        tier="province",
        issuer=units.SO_Y_TE.canonical,
        number="87/2022/ATTP-CNĐK",
        issue_date=issued,
        valid_until=date(2025, 4, 19),
        subject_name=company,
        subject_id=tax_code,
        dossier_code=None,
    )
    return Paper("gcn-attp-so-y-te-2022-0420", fields, blocks)


def work_permit_receipt() -> Paper:
    received = date(2022, 3, 14)
    blocks: tuple[Block, ...] = (
        header(units.HCC_TINH, (), place_and_date("Bắc Ninh", received)),
        *title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", rule=False),
        line(f"Mã hồ sơ: {HANUL_DOSSIER}", Face.BOLD),
        line("(Liên: giao cho người nộp hồ sơ)", Face.ITALIC, after=10.0),
        body(
            "Trung tâm Hành chính công tỉnh Bắc Ninh tiếp nhận hồ sơ của: ",
            Span(HANUL, Face.BOLD),
        ),
        body(f"Mã số doanh nghiệp: {HANUL_TAX_CODE}", after=3.0),
        body(
            "Địa chỉ: lô A2, Khu công nghiệp Yên Phong, xã Long Châu, huyện Yên Phong, "
            "tỉnh Bắc Ninh",
            after=3.0,
        ),
        body("Số điện thoại: 0222 3699 120\tEmail: hr@hanulvina.com.vn", after=3.0),
        body(
            "Nội dung yêu cầu giải quyết: ",
            Span("Cấp giấy phép lao động cho người lao động nước ngoài", Face.BOLD),
            " làm việc tại Việt Nam (ông PARK JI-HOON, quốc tịch Hàn Quốc).",
        ),
        body("1. Thành phần hồ sơ nộp gồm:", after=2.0),
        item(
            "Văn bản đề nghị cấp giấy phép lao động theo Mẫu số 11/PLI Nghị định số 152/2020/NĐ-CP;"
        ),
        item("Giấy chứng nhận sức khỏe; phiếu lý lịch tư pháp; văn bản chứng minh nhà quản lý;"),
        item("Bản sao hộ chiếu còn giá trị; 02 ảnh màu cỡ 4 cm x 6 cm;"),
        item("Văn bản chấp thuận nhu cầu sử dụng người lao động nước ngoài."),
        body("2. Số lượng hồ sơ: 01 (bộ).", after=3.0),
        body("3. Thời gian giải quyết hồ sơ theo quy định là: 05 ngày làm việc.", after=3.0),
        body(f"4. Thời gian nhận hồ sơ: 10 giờ 05 phút, ngày {short_date(received)}.", after=3.0),
        body(
            "5. Thời gian trả kết quả giải quyết hồ sơ: 10 giờ 00 phút, ngày 21/3/2022.", after=3.0
        ),
        body("6. Đăng ký nhận kết quả tại: Trung tâm Hành chính công tỉnh Bắc Ninh."),
        body("Vào Sổ theo dõi hồ sơ, Quyển số: 11, Số thứ tự: 0117."),
        Gap(4.0),
        signature_row(
            Signer(("NGƯỜI NỘP HỒ SƠ",), "Lee Soo-min", note="(Ký và ghi rõ họ tên)"),
            Signer(("NGƯỜI TIẾP NHẬN HỒ SƠ",), "Vương Thị Ngọc Ánh", note="(Ký và ghi rõ họ tên)"),
        ),
    )
    fields = Fields(
        doc_type="phieu_hen_tra_ket_qua",
        tier="province",
        issuer=units.HCC_TINH.canonical,
        number=None,
        issue_date=received,
        valid_until=None,
        subject_name=HANUL,
        subject_id=HANUL_TAX_CODE,
        dossier_code=HANUL_DOSSIER,
    )
    return Paper("phieu-hen-tthcc-tinh-2022-0314", fields, blocks)


def work_permit() -> Paper:
    """Giấy phép lao động (Mẫu số 12/PLI, NĐ 152/2020), bilingual."""
    issued = date(2022, 3, 21)
    signer = Signer(
        ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "Trịnh Minh Đức", seal=units.SO_LAO_DONG.seal_text
    )
    blocks: tuple[Block, ...] = (
        header(units.SO_LAO_DONG, ("Số: 157/GPLĐ-SLĐTBXH",), place_and_date("Bắc Ninh", issued)),
        *title("GIẤY PHÉP LAO ĐỘNG", rule=False),
        line("WORK PERMIT", Face.BOLD, after=12.0),
        labelled("1. Họ và tên (Full name)", "PARK JI-HOON"),
        labelled("2. Giới tính (Sex)", "Nam (Male)"),
        labelled("3. Ngày sinh (Date of birth)", "14/08/1984"),
        labelled("4. Quốc tịch hiện nay (Nationality)", "Hàn Quốc (Republic of Korea)"),
        labelled("5. Số hộ chiếu (Passport number)", "M48207713"),
        labelled("6. Làm việc tại (Working at)", HANUL),
        body(
            "7. Địa điểm làm việc (Working place): lô A2, Khu công nghiệp Yên Phong, xã Long Châu, "
            "huyện Yên Phong, tỉnh Bắc Ninh",
            after=3.0,
        ),
        labelled("8. Vị trí công việc (Job assignment)", "Nhà quản lý (Manager)"),
        labelled("9. Chức danh công việc (Job title)", "Giám đốc sản xuất (Production Director)"),
        labelled("10. Hình thức làm việc (Working form)", "Hợp đồng lao động (Labour contract)"),
        body(
            "11. Thời hạn làm việc (Period of work): từ ngày (from) ",
            Span("01/4/2022", Face.BOLD),
            " đến ngày (to) ",
            Span("31/3/2024", Face.BOLD),
            after=3.0,
        ),
        labelled(
            "12. Tình trạng giấy phép lao động (Work permit status)", "Cấp mới (New issuance)"
        ),
        Gap(8.0),
        closing(signer, ("- Người lao động;", f"- {HANUL};", "- Lưu: VT, VLATLĐ.")),
    )
    fields = Fields(
        doc_type="giay_phep_lao_dong",
        tier="province",
        issuer=units.SO_LAO_DONG.canonical,
        number="157/GPLĐ-SLĐTBXH",
        issue_date=issued,
        valid_until=date(2024, 3, 31),
        subject_name="Park Ji-hoon",
        subject_id="M48207713",
        dossier_code=None,
    )
    return Paper("gpld-so-ldtbxh-2022-0321", fields, blocks)


def digitisation_targets_decision() -> Paper:
    """A born-digital decision of the province, as published on its portal."""
    issued = date(2022, 2, 28)
    signer = Signer(("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "Đặng Hữu Thành")
    blocks: tuple[Block, ...] = (
        header(units.UBND_TINH, ("Số: 215/QĐ-UBND",), place_and_date("Bắc Ninh", issued)),
        *title(
            "QUYẾT ĐỊNH",
            summary=(
                "Về việc giao chỉ tiêu số hóa hồ sơ, kết quả giải quyết",
                "thủ tục hành chính năm 2022 trên địa bàn tỉnh Bắc Ninh",
            ),
        ),
        centred("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH"),
        body(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, "
            "bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa "
            "phương ngày 22 tháng 11 năm 2019;"
        ),
        body(
            "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực "
            "hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính; Nghị "
            "định số 107/2021/NĐ-CP ngày 06 tháng 12 năm 2021 của Chính phủ sửa đổi, bổ sung một "
            "số điều của Nghị định số 61/2018/NĐ-CP;"
        ),
        body(
            "Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ về thực "
            "hiện thủ tục hành chính trên môi trường điện tử;"
        ),
        body(
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công "
            "tác văn thư;"
        ),
        body(
            "Căn cứ Kế hoạch số 328/KH-UBND ngày 11 tháng 02 năm 2022 của Ủy ban nhân dân tỉnh "
            "về thực hiện số hóa hồ sơ, kết quả giải quyết thủ tục hành chính năm 2022;"
        ),
        body("Theo đề nghị của Chánh Văn phòng Ủy ban nhân dân tỉnh."),
        centred("QUYẾT ĐỊNH:"),
        article(
            1,
            "Giao chỉ tiêu số hóa hồ sơ, kết quả giải quyết thủ tục hành chính năm 2022 cho các "
            "sở, ban, ngành; Ủy ban nhân dân các huyện, thị xã, thành phố và Ủy ban nhân dân các "
            "xã, phường, thị trấn như sau:",
        ),
        body(
            "1. Các sở, ban, ngành: số hóa 100% hồ sơ tiếp nhận và giải quyết thủ tục hành chính "
            "từ quý I năm 2022; số hóa tối thiểu 50% kết quả giải quyết thủ tục hành chính còn "
            "hiệu lực, thực hiện từ tháng 02 đến tháng 12 năm 2022."
        ),
        body(
            "2. Ủy ban nhân dân các huyện, thị xã, thành phố: 100% đơn vị thực hiện số hóa 100% "
            "hồ sơ tiếp nhận và giải quyết thủ tục hành chính từ quý II năm 2022; số hóa tối "
            "thiểu 40% kết quả giải quyết thủ tục hành chính còn hiệu lực."
        ),
        body(
            "3. Ủy ban nhân dân các xã, phường, thị trấn: tối thiểu 50% đơn vị thực hiện số hóa "
            "100% hồ sơ tiếp nhận và giải quyết thủ tục hành chính từ quý III năm 2022; số hóa "
            "tối thiểu 35% kết quả giải quyết thủ tục hành chính còn hiệu lực."
        ),
        body(
            "4. Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 99%; 100% hồ sơ giải quyết quá hạn có "
            "văn bản xin lỗi tổ chức, cá nhân theo quy định."
        ),
        body(
            "Việc số hóa thực hiện theo quy định tại Nghị định số 107/2021/NĐ-CP và hướng dẫn "
            "của Văn phòng Chính phủ; bản điện tử có màu đối với trang có dấu, độ phân giải "
            "tối thiểu 200 dpi, được ký số của cơ quan, đơn vị thực hiện số hóa và đồng bộ với "
            "Cổng Dịch vụ công quốc gia."
        ),
        article(2, "Tổ chức thực hiện"),
        body(
            "1. Văn phòng Ủy ban nhân dân tỉnh chủ trì, theo dõi, đôn đốc việc thực hiện; tổng "
            "hợp kết quả số hóa hằng tháng, báo cáo Chủ tịch Ủy ban nhân dân tỉnh trước ngày 25 "
            "của tháng; chỉ đạo Trung tâm Hành chính công tỉnh hướng dẫn nghiệp vụ số hóa cho "
            "bộ phận một cửa các cấp."
        ),
        body(
            "2. Sở Thông tin và Truyền thông bảo đảm hạ tầng kỹ thuật, chữ ký số và kết nối "
            "giữa Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh với Cổng Dịch vụ "
            "công quốc gia; hướng dẫn bảo đảm an toàn thông tin trong quá trình số hóa."
        ),
        body(
            "3. Sở Tài chính tham mưu bố trí kinh phí thực hiện số hóa từ nguồn ngân sách nhà "
            "nước theo phân cấp hiện hành."
        ),
        body(
            "4. Sở Nội vụ đưa kết quả thực hiện chỉ tiêu số hóa vào tiêu chí đánh giá, xếp loại "
            "mức độ hoàn thành nhiệm vụ năm 2022 của cơ quan, đơn vị và người đứng đầu."
        ),
        body(
            "5. Ủy ban nhân dân các huyện, thị xã, thành phố chỉ đạo, hướng dẫn Ủy ban nhân dân "
            "cấp xã lựa chọn đơn vị thực hiện trong quý III năm 2022, bảo đảm đạt chỉ tiêu được "
            "giao; rà soát, số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực đang lưu "
            "trữ tại cơ quan, đơn vị."
        ),
        article(
            3,
            "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, "
            "Giám đốc các sở, Thủ trưởng các ban, ngành thuộc tỉnh; Chủ tịch Ủy ban nhân dân các "
            "huyện, thị xã, thành phố; Chủ tịch Ủy ban nhân dân các xã, phường, thị trấn và các "
            "tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này.",
        ),
        closing(
            signer,
            (
                "- Như Điều 3;",
                "- Văn phòng Chính phủ (b/c);",
                "- TTTU, TTHĐND tỉnh (b/c);",
                "- Chủ tịch, các PCT UBND tỉnh;",
                "- Cổng thông tin điện tử tỉnh;",
                "- Lưu: VT, KSTT.",
            ),
        ),
    )
    fields = Fields(
        doc_type="quyet_dinh",
        tier="province",
        issuer=units.UBND_TINH.canonical,
        number="215/QĐ-UBND",
        issue_date=issued,
        valid_until=None,
        subject_name=None,
        subject_id=None,
        dossier_code=None,
    )
    return Paper("qd-ubnd-tinh-so-hoa-2022-0228", fields, blocks, number_pages=True)


# --- Communes: civil status and a certified copy ----------------------------------------------


def birth_certificate() -> Paper:
    registered = date(2022, 2, 14)
    child = "Nguyễn Minh Khang"
    child_id = "027222003518"
    signer = Signer(
        ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "Trần Đức Long", seal=units.UBND_VU_NINH.seal_text
    )
    residence = "số 12 đường Nguyễn Văn Cừ, phường Vũ Ninh, thành phố Bắc Ninh, tỉnh Bắc Ninh"
    blocks: tuple[Block, ...] = (
        header(
            units.UBND_VU_NINH,
            ("Số: 45", "Quyển số: 01/2022"),
            place_and_date("Vũ Ninh", registered),
        ),
        *title("GIẤY KHAI SINH"),
        labelled("Họ, chữ đệm, tên", child.upper()),
        body("Ngày, tháng, năm sinh: 05/02/2022", after=3.0),
        body("Ghi bằng chữ: ngày năm, tháng hai, năm hai nghìn không trăm hai mươi hai", after=3.0),
        field_row("Giới tính: Nam", "Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body("Nơi sinh: Bệnh viện Sản - Nhi tỉnh Bắc Ninh", after=3.0),
        body("Quê quán: xã Liên Bão, huyện Tiên Du, tỉnh Bắc Ninh", after=3.0),
        labelled("Số định danh cá nhân", child_id),
        Gap(8.0),
        labelled("Họ, chữ đệm, tên người mẹ", "TRẦN THU HƯƠNG"),
        field_row("Năm sinh: 1994", "Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body(f"Nơi cư trú: {residence}", after=3.0),
        Gap(8.0),
        labelled("Họ, chữ đệm, tên người cha", "NGUYỄN ĐỨC THẮNG"),
        field_row("Năm sinh: 1991", "Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body(f"Nơi cư trú: {residence}", after=3.0),
        Gap(8.0),
        body(
            "Người đi khai sinh: Nguyễn Đức Thắng; quan hệ với người được khai sinh: cha", after=3.0
        ),
        body("Giấy tờ tùy thân: Căn cước công dân số 027091008842", after=3.0),
        body(
            "Nơi đăng ký khai sinh: Ủy ban nhân dân phường Vũ Ninh, thành phố Bắc Ninh, "
            "tỉnh Bắc Ninh",
            after=3.0,
        ),
        body(f"Ngày, tháng, năm đăng ký: {short_date(registered)}", after=10.0),
        closing(signer),
    )
    fields = Fields(
        doc_type="khai_sinh",
        tier="commune",
        issuer=units.UBND_VU_NINH.canonical,
        number="45",
        issue_date=registered,
        valid_until=None,
        subject_name=child,
        subject_id=child_id,
        dossier_code=None,
    )
    return Paper("khai-sinh-ubnd-vu-ninh-2022-0214", fields, blocks)


def marriage_certificate() -> Paper:
    registered = date(2022, 4, 22)
    husband, husband_id = "Lê Quang Huy", "027095006127"
    wife, wife_id = "Nguyễn Thị Mai Anh", "027197002284"
    official = Signer(
        ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "Nguyễn Văn Quyết", seal=units.UBND_PHAT_TICH.seal_text
    )
    blocks: tuple[Block, ...] = (
        header(
            units.UBND_PHAT_TICH,
            ("Số: 12", "Quyển số: 01/2022"),
            place_and_date("Phật Tích", registered),
        ),
        *title("GIẤY CHỨNG NHẬN KẾT HÔN"),
        labelled("Họ, chữ đệm, tên chồng", husband.upper()),
        field_row("Ngày, tháng, năm sinh: 03/11/1995"),
        field_row("Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body("Nơi cư trú: thôn Phật Tích, xã Phật Tích, huyện Tiên Du, tỉnh Bắc Ninh", after=3.0),
        body(f"Giấy tờ tùy thân: Căn cước công dân số {husband_id}", after=10.0),
        labelled("Họ, chữ đệm, tên vợ", wife.upper()),
        field_row("Ngày, tháng, năm sinh: 19/06/1997"),
        field_row("Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body("Nơi cư trú: thôn Ngô Xá, xã Phật Tích, huyện Tiên Du, tỉnh Bắc Ninh", after=3.0),
        body(f"Giấy tờ tùy thân: Căn cước công dân số {wife_id}", after=10.0),
        body(
            "Nơi đăng ký kết hôn: Ủy ban nhân dân xã Phật Tích, huyện Tiên Du, tỉnh Bắc Ninh",
            after=3.0,
        ),
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
        issuer=units.UBND_PHAT_TICH.canonical,
        number="12",
        issue_date=registered,
        valid_until=None,
        subject_name=husband,
        subject_id=husband_id,
        dossier_code=None,
    )
    return Paper("gcn-ket-hon-ubnd-phat-tich-2022-0422", fields, blocks)


def certified_copy() -> Paper:
    """A photocopy of a marital-status confirmation, certified on the back by Vũ Ninh."""
    confirmed = date(2022, 5, 9)
    certified = date(2022, 5, 20)
    holder, holder_id = "Lê Thị Hoa", "027193005566"
    original_signer = Signer(
        ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        "Lê Văn Sơn",
        seal=units.UBND_KINH_BAC.seal_text,
    )
    certifier = Signer(
        ("NGƯỜI THỰC HIỆN CHỨNG THỰC", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        "Nguyễn Thị Bích Ngọc",
        seal=units.UBND_VU_NINH.seal_text,
    )
    blocks: tuple[Block, ...] = (
        header(units.UBND_KINH_BAC, ("Số: 58/XNTTHN",), place_and_date("Kinh Bắc", confirmed)),
        *title("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN"),
        centred("ỦY BAN NHÂN DÂN PHƯỜNG KINH BẮC", after=2.0),
        centred("XÁC NHẬN:", after=8.0),
        labelled("Họ, chữ đệm, tên", holder.upper()),
        field_row("Ngày, tháng, năm sinh: 17/08/1993", "Giới tính: Nữ"),
        field_row("Dân tộc: Kinh", "Quốc tịch: Việt Nam"),
        body(f"Giấy tờ tùy thân: Căn cước công dân số {holder_id}, cấp ngày 02/4/2021", after=3.0),
        body(
            "Nơi cư trú: số 8 phố Thiên Đức, phường Kinh Bắc, thành phố Bắc Ninh, tỉnh Bắc Ninh",
            after=3.0,
        ),
        body(
            "Trong thời gian cư trú tại phường Kinh Bắc, thành phố Bắc Ninh, tỉnh Bắc Ninh "
            "từ ngày 17/08/1993 đến ngày 09/5/2022",
            after=3.0,
        ),
        labelled("Tình trạng hôn nhân", "Hiện tại chưa đăng ký kết hôn với ai."),
        body("Giấy này được cấp để làm thủ tục đăng ký kết hôn.", after=3.0),
        body(
            "Giấy này có giá trị sử dụng trong thời hạn 6 tháng, kể từ ngày cấp.",
            after=10.0,
        ),
        closing(original_signer, ("- Người được cấp;", "- Lưu: VT, TP-HT.")),
        Break(),
        Gap(30 * MM),
        certification_statement(certifier, certified),
    )
    fields = Fields(
        doc_type="chung_thuc_ban_sao",
        tier="commune",
        issuer=units.UBND_VU_NINH.canonical,
        number="1386",
        issue_date=certified,
        valid_until=None,
        subject_name=holder,
        subject_id=holder_id,
        dossier_code=None,
    )
    return Paper(
        "chung-thuc-ubnd-vu-ninh-2022-0520", fields, blocks, photocopied_pages=frozenset({0})
    )


def certification_statement(certifier: Signer, certified: date) -> Block:
    """The lời chứng of a certified copy (Mẫu 31, TT 01/2020/TT-BTP), printed on the back."""
    statement = (
        line("ỦY BAN NHÂN DÂN PHƯỜNG VŨ NINH", Face.BOLD, 13.0),
        line("THÀNH PHỐ BẮC NINH, TỈNH BẮC NINH", Face.BOLD, 13.0, after=8.0),
        line("Chứng thực bản sao đúng với bản chính.", Face.REGULAR),
        line("Số chứng thực: 1386\tQuyển số: 01/2022-SCT/BS", Face.REGULAR),
        line(vn_date(certified).capitalize(), Face.ITALIC, after=8.0),
        *signature_column(certifier),
    )
    return Columns((Column(0.3, ()), Column(0.7, statement)))


def all_papers() -> list[Paper]:
    return [
        building_permit_application(),
        building_permit_receipt(),
        building_permit(),
        land_use_change_decision(),
        household_business_certificate(),
        food_safety_certificate(),
        work_permit_receipt(),
        work_permit(),
        digitisation_targets_decision(),
        birth_certificate(),
        marriage_certificate(),
        certified_copy(),
        *second_papers(),
    ]


def second_papers() -> list[Paper]:
    from .second_papers import second_papers as papers  # it builds on this module

    return papers()
