from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.settings import PACKAGE_CONFIG_DIR, Settings, Tier, load_settings
from tests.conftest import SHARED_DATA


def test_all_2022_units_of_bac_ninh_are_configured_with_their_tier(settings: Settings) -> None:
    with (SHARED_DATA / "bac-ninh-units-2022.csv").open(encoding="utf-8") as handle:
        reference = list(csv.DictReader(handle))
    assert len(reference) == 135
    for row in reference:
        unit = settings.unit(row["gso_code"])
        assert unit.name == row["name"]
        assert unit.tier == Tier(row["tier"])
    tiers = [u.tier for u in settings.units.values() if not u.code.startswith("27-")]
    assert tiers.count(Tier.DISTRICT) == 8 and tiers.count(Tier.COMMUNE) == 126


def test_departments_are_province_tier(settings: Settings) -> None:
    construction = settings.unit("27-SXD")
    assert construction.name == "Sở Xây dựng tỉnh Bắc Ninh"
    assert construction.tier is Tier.PROVINCE
    assert settings.unit("27-HCC").parent_code == "27"


def test_environment_chooses_data_dir_and_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOHOA_DATA_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.delenv("SOHOA_DATABASE_URL", raising=False)
    settings = load_settings()
    assert settings.data_dir == tmp_path / "elsewhere"
    assert settings.database_url == f"sqlite:///{tmp_path / 'elsewhere' / 'sohoa.db'}"
    monkeypatch.setenv("SOHOA_DATABASE_URL", "postgresql+psycopg://u@localhost/x")
    assert load_settings().database_url == "postgresql+psycopg://u@localhost/x"


def test_unknown_unit_is_a_clear_error(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="not in the configured units"):
        settings.unit("99999")


def test_invalid_config_names_the_file_and_the_setting(tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(PACKAGE_CONFIG_DIR, config)
    toml = config / "sohoa.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("max_dpi = 300", "max_dpi = 5"))
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    assert "sohoa.toml" in caught.value.for_person()
    assert "ocr.max_dpi" in caught.value.for_person()


def test_bad_tier_in_a_unit_list_names_the_line(tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(PACKAGE_CONFIG_DIR, config)
    departments = config / "units" / "bac-ninh-departments.csv"
    original = "27-SXD,Sở Xây dựng tỉnh Bắc Ninh,Sở,province"
    text = departments.read_text(encoding="utf-8").replace(original, original[:-8] + "ministry")
    departments.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="line 11"):
        load_settings(config)
