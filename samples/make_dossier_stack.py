"""Make a scanned stack of three dossiers, as a one-stop desk feeds them through its scanner.

    .venv/bin/python samples/make_dossier_stack.py [--out DIR]

Each dossier starts with its receipt ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả") carrying the
mã hồ sơ as text and as a QR code; the papers handed in follow it. The second receipt's QR code
is half covered by a sticky label, so only its text can give the code; the first dossier's
application has a blank back page. Pages are typeset and scanned with ``scangen`` like the other
samples (the QR code is printed as rules, so it goes through the same paper, skew, blur and
noise), and the output is byte-for-byte the same on every run.

Next to the stack, ``ground-truth/<file name>.json`` holds each page's text and the parts the
stack must be split into, with each part's mã hồ sơ.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import cv2
import numpy as np
from make_samples import seed_for, sheets
from scangen import agencies as units
from scangen.documents import (
    Fields,
    Paper,
    building_permit_application,
    building_permit_receipt,
    centred,
    item,
    work_permit_receipt,
)
from scangen.layout import MM, Block, Face, Gap, PagePlan, RuleLine, Span
from scangen.nd30 import (
    Signer,
    body,
    citizen_header,
    dated_signature,
    header,
    line,
    place_and_date,
    short_date,
    signature_row,
    title,
)
from scangen.scanner import ScanSettings, scan_page
from scangen.writers import write_ground_truth, write_image_pdf

SAMPLES_DIR = Path(__file__).resolve().parent
STACK_NAME = "tiep-nhan-ho-so-2022-03.pdf"
DPI = 200
# One QR module is 5 pixels at 200 dpi, so the printed rules meet without gaps or overlaps.
MODULE = 5 * 72 / DPI
QR_TOP = 264 * MM
QR_RIGHT = 195 * MM

VU_NINH_DOSSIER = "000.12.01.H06-220412-0007"
CHILD = "Trần Minh Khôi"
MOTHER = "Lê Thị Hoa"
MOTHER_ID = "027194003388"


@dataclass(frozen=True)
class Dossier:
    receipt: Paper
    papers: tuple[Paper, ...]
    qr_damaged: bool = False


def vu_ninh_birth_receipt() -> Paper:
    received = date(2022, 4, 12)
    blocks: tuple[Block, ...] = (
        header(units.UBND_VU_NINH, (), place_and_date("Vũ Ninh", received)),
        *title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", rule=False),
        line(f"Mã hồ sơ: {VU_NINH_DOSSIER}", Face.BOLD),
        line("(Liên: giao cho người nộp hồ sơ)", Face.ITALIC, after=10.0),
        body(
            "Bộ phận Một cửa Ủy ban nhân dân phường Vũ Ninh tiếp nhận hồ sơ của: ",
            Span(f"Bà {MOTHER}", Face.BOLD),
        ),
        body(f"Căn cước công dân số: {MOTHER_ID}", after=3.0),
        body("Nội dung yêu cầu giải quyết: ", Span("Đăng ký khai sinh", Face.BOLD)),
        body("1. Thành phần hồ sơ nộp gồm:", after=2.0),
        item("Tờ khai đăng ký khai sinh theo mẫu;"),
        item("Giấy chứng sinh do Bệnh viện Sản - Nhi tỉnh Bắc Ninh cấp."),
        body("2. Số lượng hồ sơ: 01 (bộ).", after=3.0),
        body(f"3. Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày {short_date(received)}.", after=3.0),
        body(
            "4. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, "
            f"ngày {short_date(received)}."
        ),
        Gap(4.0),
        signature_row(
            Signer(("NGƯỜI NỘP HỒ SƠ",), MOTHER, note="(Ký và ghi rõ họ tên)"),
            Signer(("NGƯỜI TIẾP NHẬN HỒ SƠ",), "Phạm Văn Tùng", note="(Ký và ghi rõ họ tên)"),
        ),
    )
    fields = Fields(
        doc_type="phieu_hen_tra_ket_qua",
        tier="commune",
        issuer=units.UBND_VU_NINH.canonical,
        number=None,
        issue_date=received,
        valid_until=None,
        subject_name=MOTHER,
        subject_id=MOTHER_ID,
        dossier_code=VU_NINH_DOSSIER,
    )
    return Paper("phieu-hen-vu-ninh-2022-0412", fields, blocks)


def birth_registration_form() -> Paper:
    filed = date(2022, 4, 12)
    blocks: tuple[Block, ...] = (
        *citizen_header(),
        centred("TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        line("Kính gửi: Ủy ban nhân dân phường Vũ Ninh", Face.REGULAR, after=10.0),
        body(f"Họ, chữ đệm, tên người yêu cầu: {MOTHER}"),
        body(f"Giấy tờ tùy thân: Căn cước công dân số {MOTHER_ID}"),
        body("Quan hệ với người được khai sinh: mẹ"),
        body("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:"),
        item(f"Họ, chữ đệm, tên: {CHILD.upper()}"),
        item("Ngày, tháng, năm sinh: 02/4/2022; giới tính: Nam; dân tộc: Kinh"),
        item("Nơi sinh: Bệnh viện Sản - Nhi tỉnh Bắc Ninh"),
        Gap(6.0),
        dated_signature(
            place_and_date("Vũ Ninh", filed),
            Signer(("NGƯỜI YÊU CẦU",), MOTHER, note="(Ký, ghi rõ họ tên)"),
        ),
    )
    fields = replace(vu_ninh_birth_receipt().fields, doc_type="don_de_nghi", tier=None, issuer=None)
    return Paper("to-khai-khai-sinh-vu-ninh-2022-0412", fields, blocks)


def work_permit_request() -> Paper:
    filed = date(2022, 3, 14)
    blocks: tuple[Block, ...] = (
        *citizen_header(),
        centred("VĂN BẢN ĐỀ NGHỊ CẤP GIẤY PHÉP LAO ĐỘNG"),
        line("Kính gửi: Sở Lao động - Thương binh và Xã hội tỉnh Bắc Ninh", after=10.0),
        body("1. Tên doanh nghiệp: Công ty TNHH Điện tử Hanul Vina"),
        body("2. Mã số doanh nghiệp: 2301098765"),
        body("3. Đề nghị cấp giấy phép lao động cho người lao động nước ngoài:"),
        item("Họ và tên: PARK JI-HOON; quốc tịch: Hàn Quốc"),
        item("Vị trí công việc: nhà quản lý; thời hạn làm việc: 24 tháng"),
        Gap(6.0),
        dated_signature(
            place_and_date("Bắc Ninh", filed),
            Signer(("GIÁM ĐỐC",), "Lee Soo-min", note="(Ký, ghi rõ họ tên)"),
        ),
    )
    fields = replace(work_permit_receipt().fields, doc_type="don_de_nghi", tier=None, issuer=None)
    return Paper("de-nghi-gpld-hanul-2022-0314", fields, blocks)


def dossiers() -> tuple[Dossier, ...]:
    return (
        Dossier(building_permit_receipt(), (building_permit_application(),)),
        Dossier(work_permit_receipt(), (work_permit_request(),), qr_damaged=True),
        Dossier(vu_ninh_birth_receipt(), (birth_registration_form(),)),
    )


def qr_rules(payload: str, damaged: bool) -> list[RuleLine]:
    """The QR code as printed rules, one per run of dark modules, bottom right of the page;
    a damaged code has its upper left quarter (a finder pattern) covered by a label."""
    modules = cv2.QRCodeEncoder.create().encode(payload) == 0
    if damaged:
        half = modules.shape[0] // 2 + 1
        modules[:half, :half] = False
    size = modules.shape[1] * MODULE
    left, rules = QR_RIGHT - size, []
    for row, dark in enumerate(modules):
        column = 0
        while column < len(dark):
            if not dark[column]:
                column += 1
                continue
            end = column + int(np.argmin(np.append(dark[column:], False)))
            y = QR_TOP + (row + 0.5) * MODULE
            rules.append(RuleLine(left + column * MODULE, left + end * MODULE, y, MODULE))
            column = end
    return rules


def stack_plans(stack: tuple[Dossier, ...]) -> tuple[list[PagePlan], list[dict[str, object]]]:
    """Every sheet in scanning order, and the parts that the stack holds."""
    plans: list[PagePlan] = []
    parts: list[dict[str, object]] = []
    for number, dossier in enumerate(stack):
        first = len(plans)
        receipt_plan, *rest = sheets(dossier.receipt)
        code = dossier.receipt.fields.dossier_code
        assert code is not None and not rest, "a receipt is one page with its code"
        receipt_plan.rules.extend(qr_rules(code, dossier.qr_damaged))
        plans.append(receipt_plan)
        for paper in dossier.papers:
            plans.extend(sheets(paper))
        parts.append(
            {
                "part_index": number,
                "pages": list(range(first, len(plans))),
                "dossier_code": code,
                "qr": "damaged" if dossier.qr_damaged else "readable",
                "papers": [dossier.receipt.stem, *(p.stem for p in dossier.papers)],
            }
        )
    return plans, parts


def make_stack(out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / STACK_NAME
    plans, parts = stack_plans(dossiers())
    seed = seed_for(path.name)
    settings = ScanSettings(DPI, colour=False)
    images = [
        scan_page(plan, settings, np.random.default_rng([seed, index]))
        for index, plan in enumerate(plans)
    ]
    write_image_pdf(images, path, DPI)
    truth = {
        "file": path.name,
        "pages": [
            {"index": i, "text": plan.text, "blank": plan.blank} for i, plan in enumerate(plans)
        ],
        "parts": parts,
    }
    write_ground_truth(truth, out_dir / "ground-truth" / f"{path.name}.json")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, default=SAMPLES_DIR / "dossier-stack", help="output folder"
    )
    args = parser.parse_args(argv)
    print(make_stack(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
