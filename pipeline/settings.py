"""Configuration as data: `config/sohoa.toml` and the unit lists it names, validated at start-up.

Every problem is reported as a `ConfigError` that names the file and what to change.
"""

from __future__ import annotations

import csv
import os
import tomllib
from datetime import date
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


class UnitName(Frozen):
    """One name a unit bore, in force from ``valid_from`` until the day before ``valid_until``
    (either open when None): a town made a city keeps its code and gains a name."""

    name: str = Field(min_length=1)
    type: str
    valid_from: date | None = None
    valid_until: date | None = None

    @field_validator("name", "type")
    @classmethod
    def _nfc(cls, value: str) -> str:
        return nfc(value.strip())

    def in_force_on(self, day: date) -> bool:
        starts = self.valid_from is None or self.valid_from <= day
        return starts and (self.valid_until is None or day < self.valid_until)


class Unit(Frozen):
    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    type: str
    tier: Tier
    parent_code: str | None = None
    # The unit's names over time (config unit_name_files); empty when it was never renamed.
    names: tuple[UnitName, ...] = ()

    @field_validator("name", "type")
    @classmethod
    def _nfc(cls, value: str) -> str:
        return nfc(value.strip())

    def name_on(self, day: date | None) -> UnitName:
        """The name in force on ``day``; the configured name when the day is unknown."""
        if day is not None:
            for named in self.names:
                if named.in_force_on(day):
                    return named
        return UnitName(name=self.name, type=self.type)

    @property
    def all_names(self) -> tuple[UnitName, ...]:
        return self.names or (UnitName(name=self.name, type=self.type),)


class DocType(Frozen):
    """A document type of the closed list (config/doc_types.toml, DESIGN §5)."""

    name: str = Field(min_length=1)
    # Months a paper of this type stays valid from its issue date (DESIGN §3); None: no expiry.
    valid_months: int | None = Field(default=None, ge=1)


class UnderstandSettings(Frozen):
    # A document with any field below this confidence goes to a person (review "needs_review").
    review_threshold: float = Field(default=0.8, ge=0.0, le=1.0)


class PreprocessSettings(Frozen):
    """Steps applied to the image Tesseract reads (pipeline/read/preprocess.py); never stored."""

    orientation: Literal["off", "opencv", "osd"] = "opencv"
    deskew: bool = True
    deskew_min_degrees: float = Field(default=0.5, ge=0.0, le=10.0)
    remove_borders: bool = True
    normalise_background: bool = True
    binarise: bool = False
    suppress_colour_ink: bool = True
    min_dpi: int = Field(default=0, ge=0, le=600)


class OcrSettings(Frozen):
    language: str = "vie"
    max_dpi: int = Field(default=300, ge=72, le=1200)
    default_dpi: int = Field(default=300, ge=72, le=1200)
    page_timeout_seconds: int = Field(default=300, ge=1)
    workers: int = Field(default=0, ge=0)
    preprocess: PreprocessSettings = PreprocessSettings()
    # Vietnamese post-correction of the OCR words (pipeline/read/postcorrect.py).
    post_correction: bool = True
    context_correction: bool = False

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


class InboxSettings(Frozen):
    """A folder that scanning staff drop scans into, watched by `sohoa watch`."""

    path: Path
    unit: str | None = None
    kind: Literal["result", "dossier"] = "result"
    # Network shares (SMB/NFS) deliver no file events: look at the folder every poll_seconds.
    polling: bool = False
    poll_seconds: float = Field(default=2.0, gt=0)
    # Higher goes first: a front-desk inbox above an archive inbox.
    priority: int = 0
    # A file is taken once its size and mtime have not changed for this long.
    stable_seconds: float = Field(default=5.0, ge=0)
    after_commit: Literal["move", "delete"] = "move"
    # Default: processed/ and quarantine/ beside the inbox folder.
    processed_dir: Path | None = None
    quarantine_dir: Path | None = None

    @property
    def processed_folder(self) -> Path:
        return self.processed_dir or self.path.parent / "processed"

    @property
    def quarantine_folder(self) -> Path:
        return self.quarantine_dir or self.path.parent / "quarantine"


class WatchSettings(Frozen):
    # Every inbox is reconciled against the ledger this often, so a missed event strands nothing.
    rescan_seconds: float = Field(default=60.0, gt=0)


class ConfigFile(Frozen):
    unit_files: tuple[str, ...]
    unit_name_files: tuple[str, ...] = ()
    doc_types_file: str | None = None
    understand: UnderstandSettings = UnderstandSettings()
    inboxes: tuple[InboxSettings, ...] = ()
    watch: WatchSettings = WatchSettings()
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
    inboxes: tuple[InboxSettings, ...] = ()
    watch: WatchSettings = WatchSettings()
    doc_types: dict[str, DocType] = Field(default_factory=dict)
    understand: UnderstandSettings = UnderstandSettings()

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
    for name in config.unit_name_files:
        units = _with_names(units, config_dir / name)
    doc_types = _read_doc_types(config_dir / config.doc_types_file) if config.doc_types_file else {}
    return Settings(
        config_dir=config_dir,
        data_dir=data_dir,
        database_url=database_url,
        units=units,
        ocr=config.ocr,
        limits=config.limits,
        signing=config.signing,
        inboxes=_resolve_inboxes(config.inboxes, config_dir, units),
        watch=config.watch,
        doc_types=doc_types,
        understand=config.understand,
    )


def _resolve_inboxes(
    inboxes: tuple[InboxSettings, ...], config_dir: Path, units: dict[str, Unit]
) -> tuple[InboxSettings, ...]:
    """Inbox folders relative to the configuration folder, with units that exist."""
    resolved = []
    for inbox in inboxes:
        if inbox.unit is not None and inbox.unit not in units:
            raise ConfigError(
                f"inbox {inbox.path} names unit {inbox.unit!r}, which is not a configured unit",
                path=config_dir / "sohoa.toml",
            )
        folders = {
            name: config_dir / value
            for name in ("path", "processed_dir", "quarantine_dir")
            if (value := getattr(inbox, name)) is not None
        }
        resolved.append(inbox.model_copy(update=folders))
    return tuple(resolved)


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


def _with_names(units: dict[str, Unit], path: Path) -> dict[str, Unit]:
    """Units with their names over time from a CSV of code,name,type,valid_from,valid_until."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise ConfigError("unit name list not found", path=path) from None
    names: dict[str, list[UnitName]] = {}
    for line_number, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        if code not in units:
            raise ConfigError(f"line {line_number}: unknown unit code {code!r}", path=path)
        try:
            named = UnitName(
                name=row.get("name", ""),
                type=row.get("type", ""),
                valid_from=row.get("valid_from") or None,  # type: ignore[arg-type]  # pydantic
                valid_until=row.get("valid_until") or None,  # type: ignore[arg-type]  # pydantic
            )
        except ValidationError as error:
            message = f"line {line_number}: {_describe_validation(error)}"
            raise ConfigError(message, path=path) from None
        names.setdefault(code, []).append(named)
    for code, history in names.items():
        if units[code].name not in {named.name for named in history}:
            raise ConfigError(
                f"unit {code}: its name {units[code].name!r} is not among its dated names",
                path=path,
            )
    return {
        code: unit.model_copy(update={"names": tuple(names[code])}) if code in names else unit
        for code, unit in units.items()
    }


def _read_doc_types(path: Path) -> dict[str, DocType]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("document type list not found", path=path) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"is not valid TOML ({error})", path=path) from None
    doc_types = {}
    for slug, value in raw.items():
        try:
            doc_types[slug] = DocType.model_validate(value)
        except ValidationError as error:
            raise ConfigError(f"[{slug}] {_describe_validation(error)}", path=path) from None
    return doc_types


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
