"""Configuration as data: `config/sohoa.toml` and the unit lists it names, validated at start-up.

Every problem is reported as a `ConfigError` that names the file and what to change.
"""

from __future__ import annotations

import csv
import os
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.errors import ConfigError
from pipeline.values import nfc

PACKAGE_CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


class Tier(StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Unit(Frozen):
    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    type: str
    tier: Tier
    parent_code: str | None = None

    @field_validator("name", "type")
    @classmethod
    def _nfc(cls, value: str) -> str:
        return nfc(value.strip())


class OcrSettings(Frozen):
    language: str = "vie"
    max_dpi: int = Field(default=300, ge=72, le=1200)
    default_dpi: int = Field(default=300, ge=72, le=1200)
    page_timeout_seconds: int = Field(default=300, ge=1)
    workers: int = Field(default=0, ge=0)

    @property
    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 1


class Limits(Frozen):
    max_page_pixels: int = Field(default=200_000_000, ge=1_000_000)
    max_file_bytes: int = Field(default=2_000_000_000, ge=1)


class SigningIdentityConfig(Frozen):
    pkcs12: Path
    passphrase_env: str | None = None
    trust_roots: tuple[Path, ...] = ()


class SigningSettings(Frozen):
    default: Literal["test"] = "test"
    reason: str = "Số hóa tài liệu"
    location: str = "Việt Nam"
    identities: dict[str, SigningIdentityConfig] = Field(default_factory=dict)


class ConfigFile(Frozen):
    unit_files: tuple[str, ...]
    ocr: OcrSettings = OcrSettings()
    limits: Limits = Limits()
    signing: SigningSettings = SigningSettings()


class Settings(Frozen):
    """The whole validated configuration of one installation."""

    config_dir: Path
    data_dir: Path
    database_url: str
    units: dict[str, Unit]
    ocr: OcrSettings
    limits: Limits
    signing: SigningSettings

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "store"

    @property
    def quarantine_dir(self) -> Path:
        return self.data_dir / "quarantine"

    @property
    def work_dir(self) -> Path:
        return self.data_dir / "work"

    @property
    def test_pki_dir(self) -> Path:
        return self.data_dir / "test-pki"

    def unit(self, code: str) -> Unit:
        try:
            return self.units[code]
        except KeyError:
            raise ConfigError(
                f"unit code {code!r} is not in the configured units",
                advice="Use a GSO code from config/units/ (e.g. 256 for Thành phố Bắc Ninh) "
                "or a department code such as 27-SXD.",
            ) from None


def load_settings(config_dir: Path | None = None) -> Settings:
    config_dir = config_dir or Path(os.environ.get("SOHOA_CONFIG_DIR", PACKAGE_CONFIG_DIR))
    config_path = config_dir / "sohoa.toml"
    config = _read_config_file(config_path)
    data_dir = Path(os.environ.get("SOHOA_DATA_DIR", "var")).absolute()
    database_url = os.environ.get("SOHOA_DATABASE_URL") or f"sqlite:///{data_dir / 'sohoa.db'}"
    units: dict[str, Unit] = {}
    for name in config.unit_files:
        for unit in _read_units(config_dir / name):
            if unit.code in units:
                raise ConfigError(f"unit code {unit.code} appears twice", path=config_dir / name)
            units[unit.code] = unit
    _check_parents(units)
    return Settings(
        config_dir=config_dir,
        data_dir=data_dir,
        database_url=database_url,
        units=units,
        ocr=config.ocr,
        limits=config.limits,
        signing=config.signing,
    )


def _read_config_file(path: Path) -> ConfigFile:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            "configuration file not found",
            path=path,
            advice="Set SOHOA_CONFIG_DIR to the folder holding sohoa.toml.",
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"is not valid TOML ({error})", path=path) from None
    try:
        return ConfigFile.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(_describe_validation(error), path=path) from None


def _read_units(path: Path) -> list[Unit]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise ConfigError("unit list not found", path=path) from None
    units = []
    for line_number, row in enumerate(rows, start=2):
        code = row.get("code") or row.get("gso_code") or ""
        parent = row.get("parent_code") or row.get("parent_gso_code") or None
        try:
            units.append(
                Unit(
                    code=code.strip(),
                    name=row.get("name", ""),
                    type=row.get("type", ""),
                    tier=row.get("tier", ""),  # type: ignore[arg-type]  # validated by pydantic
                    parent_code=parent,
                )
            )
        except ValidationError as error:
            message = f"line {line_number}: {_describe_validation(error)}"
            raise ConfigError(message, path=path) from None
    return units


def _check_parents(units: dict[str, Unit]) -> None:
    for unit in units.values():
        if unit.parent_code is not None and unit.parent_code not in units:
            raise ConfigError(f"unit {unit.code} names an unknown parent {unit.parent_code}")


def _describe_validation(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        problems.append(f"{where}: {item['msg']}")
    return "; ".join(problems)
