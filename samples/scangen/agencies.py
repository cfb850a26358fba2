"""Bắc Ninh units (2022) that issue the sample papers, as they print themselves in the header.

The units are real (see ../shared/data/bac-ninh-units-2022.csv); every person, number and
address detail in the samples is invented.
"""

from __future__ import annotations

from .nd30 import Agency

UBND_TINH = Agency(
    name_lines=("ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH"),
    canonical="Ủy ban nhân dân tỉnh Bắc Ninh",
    tier="province",
    place="Bắc Ninh",
    seal_text="ỦY BAN NHÂN DÂN TỈNH BẮC NINH ★",
)
HCC_TINH = Agency(
    parent="UBND TỈNH BẮC NINH",
    name_lines=("TRUNG TÂM HÀNH CHÍNH CÔNG",),
    canonical="Trung tâm Hành chính công tỉnh Bắc Ninh",
    tier="province",
    place="Bắc Ninh",
    seal_text="TRUNG TÂM HÀNH CHÍNH CÔNG ★ TỈNH BẮC NINH ★",
)
SO_Y_TE = Agency(
    parent="UBND TỈNH BẮC NINH",
    name_lines=("SỞ Y TẾ",),
    canonical="Sở Y tế tỉnh Bắc Ninh",
    tier="province",
    place="Bắc Ninh",
    seal_text="SỞ Y TẾ ★ TỈNH BẮC NINH ★",
)
SO_LAO_DONG = Agency(
    parent="UBND TỈNH BẮC NINH",
    name_lines=("SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"),
    canonical="Sở Lao động - Thương binh và Xã hội tỉnh Bắc Ninh",
    tier="province",
    place="Bắc Ninh",
    seal_text="SỞ LAO ĐỘNG THƯƠNG BINH VÀ XÃ HỘI ★ BẮC NINH ★",
)
UBND_TIEN_DU = Agency(
    name_lines=("ỦY BAN NHÂN DÂN", "HUYỆN TIÊN DU"),
    canonical="Ủy ban nhân dân huyện Tiên Du",
    tier="district",
    place="Tiên Du",
    seal_text="ỦY BAN NHÂN DÂN HUYỆN TIÊN DU ★ TỈNH BẮC NINH ★",
)
HCC_TIEN_DU = Agency(
    parent="UBND HUYỆN TIÊN DU",
    name_lines=("TRUNG TÂM HÀNH CHÍNH CÔNG",),
    canonical="Trung tâm Hành chính công huyện Tiên Du",
    tier="district",
    place="Tiên Du",
    seal_text="TRUNG TÂM HÀNH CHÍNH CÔNG ★ HUYỆN TIÊN DU ★",
)
UBND_TU_SON = Agency(
    name_lines=("ỦY BAN NHÂN DÂN", "THÀNH PHỐ TỪ SƠN"),
    canonical="Ủy ban nhân dân thành phố Từ Sơn",
    tier="district",
    place="Từ Sơn",
    seal_text="ỦY BAN NHÂN DÂN THÀNH PHỐ TỪ SƠN ★ TỈNH BẮC NINH ★",
)
TAI_CHINH_TU_SON = Agency(
    parent="UBND THÀNH PHỐ TỪ SƠN",
    name_lines=("PHÒNG TÀI CHÍNH - KẾ HOẠCH",),
    canonical="Phòng Tài chính - Kế hoạch thành phố Từ Sơn",
    tier="district",
    place="Từ Sơn",
    seal_text="PHÒNG TÀI CHÍNH KẾ HOẠCH ★ THÀNH PHỐ TỪ SƠN ★",
)
UBND_VU_NINH = Agency(
    name_lines=("ỦY BAN NHÂN DÂN", "PHƯỜNG VŨ NINH"),
    canonical="Ủy ban nhân dân phường Vũ Ninh",
    tier="commune",
    place="Vũ Ninh",
    seal_text="ỦY BAN NHÂN DÂN PHƯỜNG VŨ NINH ★ TP. BẮC NINH ★",
)
UBND_KINH_BAC = Agency(
    name_lines=("ỦY BAN NHÂN DÂN", "PHƯỜNG KINH BẮC"),
    canonical="Ủy ban nhân dân phường Kinh Bắc",
    tier="commune",
    place="Kinh Bắc",
    seal_text="ỦY BAN NHÂN DÂN PHƯỜNG KINH BẮC ★ TP. BẮC NINH ★",
)
UBND_PHAT_TICH = Agency(
    name_lines=("ỦY BAN NHÂN DÂN", "XÃ PHẬT TÍCH"),
    canonical="Ủy ban nhân dân xã Phật Tích",
    tier="commune",
    place="Phật Tích",
    seal_text="ỦY BAN NHÂN DÂN XÃ PHẬT TÍCH ★ HUYỆN TIÊN DU ★",
)

# --- Units of the second set of samples (samples/scangen/second_papers.py) ----------------------

SO_XAY_DUNG = Agency(
    parent="UBND TỈNH BẮC NINH",
    name_lines=("SỞ XÂY DỰNG",),
    canonical="Sở Xây dựng tỉnh Bắc Ninh",
    tier="province",
    place="Bắc Ninh",
    seal_text="SỞ XÂY DỰNG ★ TỈNH BẮC NINH ★",
)
SO_CONG_THUONG = Agency(
    parent="UBND TỈNH BẮC NINH",
    name_lines=("SỞ CÔNG THƯƠNG",),
    canonical="Sở Công Thương tỉnh Bắc Ninh",
    tier="province",
    place="Bắc Ninh",
    seal_text="SỞ CÔNG THƯƠNG ★ TỈNH BẮC NINH ★",
)
BQL_KCN = Agency(
    parent="UBND TỈNH BẮC NINH",
    name_lines=("BAN QUẢN LÝ", "CÁC KHU CÔNG NGHIỆP"),
    canonical="Ban Quản lý các khu công nghiệp tỉnh Bắc Ninh",
    tier="province",
    place="Bắc Ninh",
    seal_text="BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP ★ BẮC NINH ★",
)
TAI_CHINH_GIA_BINH = Agency(
    parent="UBND HUYỆN GIA BÌNH",
    name_lines=("PHÒNG TÀI CHÍNH - KẾ HOẠCH",),
    canonical="Phòng Tài chính - Kế hoạch huyện Gia Bình",
    tier="district",
    place="Gia Bình",
    seal_text="PHÒNG TÀI CHÍNH KẾ HOẠCH ★ HUYỆN GIA BÌNH ★",
)
TU_PHAP_TIEN_DU = Agency(
    parent="UBND HUYỆN TIÊN DU",
    name_lines=("PHÒNG TƯ PHÁP",),
    canonical="Phòng Tư pháp huyện Tiên Du",
    tier="district",
    place="Tiên Du",
    seal_text="PHÒNG TƯ PHÁP ★ HUYỆN TIÊN DU ★",
)
UBND_CANH_HUNG = Agency(
    name_lines=("ỦY BAN NHÂN DÂN", "XÃ CẢNH HƯNG"),
    canonical="Ủy ban nhân dân xã Cảnh Hưng",
    tier="commune",
    place="Cảnh Hưng",
    seal_text="ỦY BAN NHÂN DÂN XÃ CẢNH HƯNG ★ HUYỆN TIÊN DU ★",
)
