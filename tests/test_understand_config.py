"""The configuration extraction relies on: units with their names over time, the offices and
desks below each People's Committee, and the closed list of document types."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.settings import PACKAGE_CONFIG_DIR, Settings, Tier, load_settings

DESIGN_SLUGS = {
    "quyet_dinh",
    "giay_phep_xay_dung",
    "gcn_ho_kinh_doanh",
    "gcn_attp",
    "khai_sinh",
    "gcn_ket_hon",
    "chung_thuc_ban_sao",
    "giay_phep_lao_dong",
    "phieu_hen_tra_ket_qua",
    "don_de_nghi",
}


def test_document_types_are_the_closed_list_with_default_validity(settings: Settings) -> None:
    assert set(settings.doc_types) == DESIGN_SLUGS
    assert settings.doc_types["giay_phep_xay_dung"].valid_months == 12
    assert settings.doc_types["gcn_attp"].valid_months == 36
    assert settings.doc_types["giay_phep_lao_dong"].valid_months == 24
    assert settings.doc_types["khai_sinh"].valid_months is None
    assert settings.doc_types["quyet_dinh"].name == "Quyết định"


def test_every_district_has_its_offices_and_desks(settings: Settings) -> None:
    districts = [
        u for u in settings.units.values() if u.tier is Tier.DISTRICT and "-" not in u.code
    ]
    assert len(districts) == 8
    for district in districts:
        below = {u.code.rsplit("-", 1)[1] for u in settings.units.values()
                 if u.parent_code == district.code and u.code.startswith("27-")}  # fmt: skip
        assert {"TP", "TCKH", "TNMT", "LDTBXH", "VHTT", "YT", "NV", "HCC", "MC"} <= below
        assert {"KTHT", "QLDT"} & below
    office = settings.unit("27-260-TP")
    assert office.name == "Phòng Tư pháp huyện Tiên Du" and office.tier is Tier.DISTRICT
    desk = settings.unit("27-09163-MC")
    assert desk.name == "Bộ phận Một cửa phường Vũ Ninh" and desk.tier is Tier.COMMUNE
    assert settings.unit("27-BQLKCN").tier is Tier.PROVINCE


@pytest.mark.parametrize(
    ("code", "day", "name"),
    [
        ("261", date(2021, 10, 31), "Thị xã Từ Sơn"),
        ("261", date(2021, 11, 1), "Thành phố Từ Sơn"),
        ("259", date(2023, 4, 9), "Huyện Quế Võ"),
        ("259", date(2023, 4, 10), "Thị xã Quế Võ"),
        ("262", date(2025, 1, 1), "Thị xã Thuận Thành"),
        ("27-262-TCKH", date(2022, 1, 1), "Phòng Tài chính - Kế hoạch huyện Thuận Thành"),
        ("27-262-TCKH", date(2024, 1, 1), "Phòng Tài chính - Kế hoạch thị xã Thuận Thành"),
        ("260", date(2024, 1, 1), "Huyện Tiên Du"),
    ],
)
def test_a_unit_is_named_as_on_the_day(settings: Settings, code: str, day: date, name: str) -> None:
    assert settings.unit(code).name_on(day).name == name


def test_the_configured_name_stands_when_the_day_is_unknown(settings: Settings) -> None:
    assert settings.unit("259").name_on(None).name == "Huyện Quế Võ"


def copied_config(tmp_path: Path) -> Path:
    config = tmp_path / "config"
    shutil.copytree(PACKAGE_CONFIG_DIR, config)
    return config


def test_a_name_for_an_unknown_unit_names_the_line(tmp_path: Path) -> None:
    config = copied_config(tmp_path)
    names = config / "units" / "bac-ninh-names.csv"
    names.write_text(names.read_text(encoding="utf-8") + "99999,Xã Không Có,Xã,,\n", "utf-8")
    with pytest.raises(ConfigError, match="unknown unit code '99999'"):
        load_settings(config)


def test_a_bad_date_in_the_names_names_the_line(tmp_path: Path) -> None:
    config = copied_config(tmp_path)
    names = config / "units" / "bac-ninh-names.csv"
    text = names.read_text(encoding="utf-8").replace("2021-11-01", "2021-13-01", 1)
    names.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="line 2"):
        load_settings(config)


def test_a_document_type_without_a_name_is_refused(tmp_path: Path) -> None:
    config = copied_config(tmp_path)
    (config / "doc_types.toml").write_text("[quyet_dinh]\nvalid_months = 0\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    message = caught.value.for_person()
    assert "doc_types.toml" in message and "[quyet_dinh]" in message
    assert "name" in message and "valid_months" in message
