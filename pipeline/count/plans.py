"""Quota plans and unit reorganisations: configuration with effective dates.

`config/quotas.toml` lists the plans (per-tier quotas for still-valid results, the commune
dossier rollout target) each with the day it takes effect; `config/units/reorganisations.csv`
links a unit to its successor from a given day. A report for a date uses what was in force
on that date.
"""

from __future__ import annotations

import csv
import tomllib
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.errors import ConfigError
from pipeline.settings import Settings, Tier

QUOTAS_FILE = "quotas.toml"
REORGANISATIONS_FILE = "units/reorganisations.csv"

Percent = int


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Plan(_Frozen):
    name: str
    effective_from: date
    results: dict[Tier, Percent]
    commune_dossier_rollout: Percent | None = Field(default=None, ge=0, le=100)

    def result_quota(self, tier: Tier) -> Percent | None:
        return self.results.get(tier)


class Matching(_Frozen):
    unmatched_documents_create_register_rows: bool = False


class QuotaFile(_Frozen):
    plans: tuple[Plan, ...] = ()
    matching: Matching = Matching()


class Reorganisation(_Frozen):
    code: str
    successor_code: str | None
    effective_on: date
    note: str = ""


class QuotaConfig(_Frozen):
    plans: tuple[Plan, ...]
    matching: Matching
    reorganisations: tuple[Reorganisation, ...]

    def plan_on(self, day: date) -> Plan | None:
        """The plan in force on `day`: the latest to take effect on or before it."""
        in_force = [plan for plan in self.plans if plan.effective_from <= day]
        return max(in_force, key=lambda plan: plan.effective_from) if in_force else None

    def reorganised_by(self, code: str, day: date) -> Reorganisation | None:
        """The reorganisation that ended `code` on or before `day`, if any."""
        done = [r for r in self.reorganisations if r.code == code and r.effective_on <= day]
        return max(done, key=lambda r: r.effective_on) if done else None


def load_quota_config(settings: Settings) -> QuotaConfig:
    quotas = _read_quota_file(settings.config_dir / QUOTAS_FILE)
    reorganisations = _read_reorganisations(settings.config_dir / REORGANISATIONS_FILE, settings)
    return QuotaConfig(
        plans=quotas.plans, matching=quotas.matching, reorganisations=reorganisations
    )


def _read_quota_file(path: Path) -> QuotaFile:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return QuotaFile()
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"is not valid TOML ({error})", path=path) from None
    try:
        quotas = QuotaFile.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(_problems(error), path=path) from None
    for plan in quotas.plans:
        for tier, percent in plan.results.items():
            if not 0 <= percent <= 100:
                raise ConfigError(
                    f"plan {plan.name!r}: the {tier} quota {percent} is not a percentage",
                    path=path,
                    advice="Write whole percentages from 0 to 100, e.g. commune = 35.",
                )
    return quotas


def _read_reorganisations(path: Path, settings: Settings) -> tuple[Reorganisation, ...]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        return ()
    links = []
    for line, row in enumerate(rows, start=2):
        try:
            link = Reorganisation(
                code=(row.get("code") or "").strip(),
                successor_code=(row.get("successor_code") or "").strip() or None,
                effective_on=(row.get("effective_on") or "").strip(),  # type: ignore[arg-type]
                note=(row.get("note") or "").strip(),
            )
        except ValidationError as error:
            raise ConfigError(f"line {line}: {_problems(error)}", path=path) from None
        for code in (link.code, link.successor_code):
            if code is not None and code not in settings.units:
                raise ConfigError(
                    f"line {line}: unit code {code!r} is not a configured unit",
                    path=path,
                    advice="Add the unit to a file in unit_files of sohoa.toml first.",
                )
        links.append(link)
    return tuple(links)


def _problems(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in item['loc']) or '(top level)'}: {item['msg']}"
        for item in error.errors()
    )
