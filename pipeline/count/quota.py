"""Quota counters as of any date: valid and digitised results per unit and tier, against the
plan in force that day, and the dossier intake figures.

The counts come from `quota_changes` (see changes.py): one indexed sum over the changes up to
the date, so every date costs the same.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, distinct, func, select

from pipeline.count.changes import NO_DOC_TYPE
from pipeline.count.matching import VIETNAM, Unmatched, match_documents
from pipeline.count.plans import Plan, QuotaConfig
from pipeline.db.models import Document, DossierIntake, QuotaChange, QuotaMonthChange
from pipeline.errors import ConfigError
from pipeline.settings import Settings, Tier
from pipeline.values import DocumentKind

TIER_ORDER = (Tier.PROVINCE, Tier.DISTRICT, Tier.COMMUNE)
TREND_MONTHS = 12


@dataclass(frozen=True)
class Tally:
    """Valid and digitised results of one group against its quota (a whole percentage)."""

    valid: int
    digitised: int
    quota: int | None

    @property
    def ratio(self) -> float | None:
        return self.digitised / self.valid if self.valid else None

    @property
    def gap(self) -> int | None:
        """How many more valid results must be digitised to reach the quota (0 when met)."""
        if self.quota is None:
            return None
        needed = -(-self.quota * self.valid // 100)  # ceiling, in whole numbers
        return max(0, needed - self.digitised)

    @property
    def met(self) -> bool | None:
        gap = self.gap
        return None if gap is None else gap == 0

    def as_dict(self) -> dict[str, Any]:
        ratio = self.ratio
        return {
            "valid": self.valid,
            "digitised": self.digitised,
            "ratio": None if ratio is None else round(ratio, 4),
            "quota": None if self.quota is None else self.quota / 100,
            "gap": self.gap,
            "met": self.met,
        }


@dataclass(frozen=True)
class TierRow:
    tier: Tier
    tally: Tally


@dataclass(frozen=True)
class UnitRow:
    unit_code: str
    name: str
    tier: Tier
    tally: Tally
    # Set when the unit was abolished or merged on or before the report date.
    reorganised: str | None = None


@dataclass(frozen=True)
class DocTypeRow:
    tier: Tier
    doc_type: str | None
    tally: Tally


@dataclass(frozen=True)
class DossierUnitRow:
    unit_code: str
    name: str
    tier: Tier
    received: int
    digitised: int


@dataclass(frozen=True)
class DossierFigures:
    since: date
    units: tuple[DossierUnitRow, ...]
    communes: int
    communes_digitising: int
    rollout_quota: int | None

    @property
    def received(self) -> int:
        return sum(row.received for row in self.units)

    @property
    def digitised(self) -> int:
        return sum(row.digitised for row in self.units)

    @property
    def rollout(self) -> float | None:
        return self.communes_digitising / self.communes if self.communes else None

    @property
    def rollout_met(self) -> bool | None:
        if self.rollout_quota is None:
            return None
        return self.communes_digitising * 100 >= self.rollout_quota * self.communes


@dataclass(frozen=True)
class TrendPoint:
    day: date
    tiers: tuple[TierRow, ...]


@dataclass(frozen=True)
class QuotaReport:
    as_of: date
    plan: Plan | None
    tiers: tuple[TierRow, ...]
    units: tuple[UnitRow, ...]
    doc_types: tuple[DocTypeRow, ...] | None
    unmatched: tuple[Unmatched, ...]
    dossiers: DossierFigures
    trend: tuple[TrendPoint, ...]


# Counting ------------------------------------------------------------------------------------

Counts = Mapping[tuple[str, str], tuple[int, int]]


def counts_on(connection: Connection, day: date, *, by_doc_type: bool = False) -> Counts:
    """(valid, digitised) per (unit, doc type) on `day`; doc type is "" unless asked for:
    the sums of the monthly changes before `day`'s month and of the daily ones in it."""
    month = day.replace(day=1)
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    for table, when, since in (
        (QuotaMonthChange, QuotaMonthChange.month, None),
        (QuotaChange, QuotaChange.day, month),
    ):
        keys: list[Any] = [table.unit_code]
        if by_doc_type:
            keys.append(table.doc_type)
        query = select(
            *keys, func.sum(table.valid_change), func.sum(table.digitised_change)
        ).group_by(*keys)
        if since is None:
            query = query.where(when < month)
        else:
            query = query.where(when >= since, when <= day)
        for row in connection.execute(query):
            key = (row[0], row[1] if by_doc_type else NO_DOC_TYPE)
            valid, digitised = counts.get(key, (0, 0))
            counts[key] = (valid + int(row[-2]), digitised + int(row[-1]))
    return {key: value for key, value in counts.items() if value != (0, 0)}


def tier_rows(counts: Counts, settings: Settings, plan: Plan | None) -> tuple[TierRow, ...]:
    totals: dict[Tier, list[int]] = {tier: [0, 0] for tier in TIER_ORDER}
    for (unit_code, _), (valid, digitised) in counts.items():
        total = totals[_tier_of(unit_code, settings)]
        total[0] += valid
        total[1] += digitised
    return tuple(
        TierRow(tier, Tally(valid, digitised, _quota(plan, tier)))
        for tier, (valid, digitised) in totals.items()
    )


def _tier_of(unit_code: str, settings: Settings) -> Tier:
    unit = settings.units.get(unit_code)
    if unit is None:
        raise ConfigError(
            f"the register holds results of unit {unit_code!r}, which is no longer configured",
            advice="Keep units that ended in config/units (their results stay valid) and "
            "record the end in config/units/reorganisations.csv.",
        )
    return unit.tier


def _quota(plan: Plan | None, tier: Tier) -> int | None:
    return plan.result_quota(tier) if plan is not None else None


def unit_rows(
    counts: Counts, settings: Settings, config: QuotaConfig, plan: Plan | None, day: date
) -> tuple[UnitRow, ...]:
    rows = []
    for unit in settings.units.values():
        valid, digitised = counts.get((unit.code, NO_DOC_TYPE), (0, 0))
        change = config.reorganised_by(unit.code, day)
        reorganised = None
        if change is not None:
            successor = f" into {change.successor_code}" if change.successor_code else ""
            reorganised = f"reorganised{successor} on {change.effective_on.isoformat()}"
        tally = Tally(valid, digitised, _quota(plan, unit.tier))
        rows.append(UnitRow(unit.code, unit.name, unit.tier, tally, reorganised))
    rows.sort(key=lambda row: (TIER_ORDER.index(row.tier), row.unit_code))
    return tuple(rows)


def doc_type_rows(counts: Counts, settings: Settings, plan: Plan | None) -> tuple[DocTypeRow, ...]:
    totals: dict[tuple[Tier, str], list[int]] = defaultdict(lambda: [0, 0])
    for (unit_code, doc_type), (valid, digitised) in counts.items():
        total = totals[(_tier_of(unit_code, settings), doc_type)]
        total[0] += valid
        total[1] += digitised
    rows = [
        DocTypeRow(tier, doc_type or None, Tally(valid, digitised, _quota(plan, tier)))
        for (tier, doc_type), (valid, digitised) in totals.items()
    ]
    rows.sort(key=lambda row: (TIER_ORDER.index(row.tier), row.doc_type or ""))
    return tuple(rows)


def month_ends(as_of: date, months: int = TREND_MONTHS) -> list[date]:
    """The last day of each of the `months` months up to `as_of`, the last point being
    `as_of` itself."""
    days = [as_of]
    year, month = as_of.year, as_of.month
    for _ in range(months - 1):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        days.append(date(year, month, calendar.monthrange(year, month)[1]))
    return sorted(days)


# Dossiers ------------------------------------------------------------------------------------


def dossier_figures(
    connection: Connection,
    settings: Settings,
    config: QuotaConfig,
    plan: Plan | None,
    since: date,
    as_of: date,
) -> DossierFigures:
    """Dossiers received per unit from `since` to `as_of`, and how many of them a dossier
    document carrying their mã hồ sơ was committed for by the end of `as_of`."""
    until = datetime.combine(as_of + timedelta(days=1), time(), VIETNAM).astimezone(UTC)
    digitised_codes = (
        select(Document.dossier_code)
        .where(
            Document.kind == DocumentKind.DOSSIER.value,
            Document.dossier_code.is_not(None),
            Document.committed_at < until,
        )
        .distinct()
        .subquery("digitised")
    )
    query = (
        select(
            DossierIntake.unit_code,
            func.count(),
            func.count(distinct(digitised_codes.c.dossier_code)),
        )
        .select_from(DossierIntake)
        .outerjoin(digitised_codes, digitised_codes.c.dossier_code == DossierIntake.dossier_code)
        .where(DossierIntake.received_on >= since, DossierIntake.received_on <= as_of)
        .group_by(DossierIntake.unit_code)
    )
    rows = []
    for unit_code, received, digitised in connection.execute(query):
        unit = settings.units.get(unit_code)
        if unit is None:
            continue
        rows.append(DossierUnitRow(unit_code, unit.name, unit.tier, received, digitised))
    rows.sort(key=lambda row: (TIER_ORDER.index(row.tier), row.unit_code))
    communes = [
        unit.code
        for unit in settings.units.values()
        if _commune_of(unit.code, settings) == unit.code
        and config.reorganised_by(unit.code, as_of) is None
    ]
    digitising = {_commune_of(row.unit_code, settings) for row in rows if row.digitised} - {None}
    return DossierFigures(
        since=since,
        units=tuple(rows),
        communes=len(communes),
        communes_digitising=len(digitising & set(communes)),
        rollout_quota=plan.commune_dossier_rollout if plan is not None else None,
    )


def _commune_of(code: str, settings: Settings) -> str | None:
    """The commune a commune-tier unit belongs to: itself for a commune's People's Committee,
    its parent for the commune's one-stop desk; None above the commune tier."""
    unit = settings.units[code]
    if unit.tier != Tier.COMMUNE:
        return None
    parent = settings.units.get(unit.parent_code or "")
    while parent is not None and parent.tier == Tier.COMMUNE:
        unit = parent
        parent = settings.units.get(unit.parent_code or "")
    return unit.code


# The report ----------------------------------------------------------------------------------


def quota_report(
    connection: Connection,
    settings: Settings,
    config: QuotaConfig,
    as_of: date,
    *,
    by_doc_type: bool = False,
    since: date | None = None,
    trend: bool = True,
) -> QuotaReport:
    """Everything a quota report shows for `as_of`; first links the result documents stored
    since the last report to their register rows (in the caller's transaction)."""
    matching = match_documents(
        connection, create_missing=config.matching.unmatched_documents_create_register_rows
    )
    plan = config.plan_on(as_of)
    counts = counts_on(connection, as_of)
    points: Iterable[date] = month_ends(as_of) if trend else ()
    return QuotaReport(
        as_of=as_of,
        plan=plan,
        tiers=tier_rows(counts, settings, plan),
        units=unit_rows(counts, settings, config, plan, as_of),
        doc_types=(
            doc_type_rows(counts_on(connection, as_of, by_doc_type=True), settings, plan)
            if by_doc_type
            else None
        ),
        unmatched=tuple(matching.unmatched),
        dossiers=dossier_figures(
            connection, settings, config, plan, since or date(as_of.year, 1, 1), as_of
        ),
        trend=tuple(
            TrendPoint(day, tier_rows(counts_on(connection, day), settings, config.plan_on(day)))
            for day in points
        ),
    )


def report_json(report: QuotaReport) -> dict[str, Any]:
    """The report as the JSON the issue fixes, with the plan, doc types (on request) and the
    dossier figures beside it."""
    document: dict[str, Any] = {
        "as_of": report.as_of.isoformat(),
        "tiers": [{"tier": row.tier.value, **row.tally.as_dict()} for row in report.tiers],
        "units": [
            {"unit_code": row.unit_code, "tier": row.tier.value, **row.tally.as_dict()}
            for row in report.units
        ],
        "unmatched_documents": len(report.unmatched),
        "plan": report.plan.name if report.plan is not None else None,
    }
    if report.doc_types is not None:
        document["doc_types"] = [
            {"tier": row.tier.value, "doc_type": row.doc_type, **row.tally.as_dict()}
            for row in report.doc_types
        ]
    dossiers = report.dossiers
    document["dossiers"] = {
        "since": dossiers.since.isoformat(),
        "received": dossiers.received,
        "digitised": dossiers.digitised,
        "units": [
            {
                "unit_code": row.unit_code,
                "tier": row.tier.value,
                "received": row.received,
                "digitised": row.digitised,
            }
            for row in dossiers.units
        ],
        "commune_rollout": {
            "communes": dossiers.communes,
            "digitising": dossiers.communes_digitising,
            "ratio": None if dossiers.rollout is None else round(dossiers.rollout, 4),
            "quota": None if dossiers.rollout_quota is None else dossiers.rollout_quota / 100,
            "met": dossiers.rollout_met,
        },
    }
    return document
