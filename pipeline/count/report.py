"""`sohoa report quota` and `sohoa dossiers import`: the commands' work, between the CLI and
the counting modules."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

from rich.console import Console

from pipeline.count.dossiers import import_dossiers
from pipeline.count.formats import print_table, report_csv, report_json_text, write_xlsx
from pipeline.count.html import report_html
from pipeline.count.plans import load_quota_config
from pipeline.count.quota import QuotaReport, quota_report
from pipeline.db.session import open_database
from pipeline.durable import atomic_output
from pipeline.errors import ConfigError
from pipeline.settings import Settings

REJECTIONS_SHOWN = 50


def build_quota_report(
    settings: Settings,
    as_of: date,
    *,
    by_doc_type: bool = False,
    since: date | None = None,
    trend: bool = True,
) -> QuotaReport:
    config = load_quota_config(settings)
    sessions = open_database(settings.database_url)
    with sessions.begin() as session:
        return quota_report(
            session.connection(),
            settings,
            config,
            as_of,
            by_doc_type=by_doc_type,
            since=since,
            trend=trend,
        )


def write_quota_report(
    settings: Settings,
    as_of: date,
    form: str,
    out: Path | None,
    *,
    by_doc_type: bool,
    since: date | None,
    console: Console,
) -> None:
    if form == "xlsx" and out is None:
        raise ConfigError(
            "an XLSX report is a file", advice="Name it with --out, e.g. --out quota.xlsx."
        )
    # Only the HTML report draws the monthly trend.
    report = build_quota_report(
        settings, as_of, by_doc_type=by_doc_type, since=since, trend=form == "html"
    )
    if out is None and form == "table":
        print_table(report, Console(highlight=False))
        return
    content = rendered(report, form)
    if out is None:
        sys.stdout.write(content.decode("utf-8"))
        return
    with atomic_output(out) as stream:
        stream.write(content)
    console.print(f"Quota report as of {as_of.isoformat()} written to {out}", markup=False)


def rendered(report: QuotaReport, form: str) -> bytes:
    """The report as the bytes of a file in `form`."""
    if form == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(report, buffer)
        return buffer.getvalue()
    if form == "table":
        text = io.StringIO()
        print_table(report, Console(file=text, width=160, highlight=False))
        return text.getvalue().encode("utf-8")
    render = {"csv": report_csv, "json": report_json_text, "html": report_html}[form]
    return render(report).encode("utf-8")


def import_dossier_file(settings: Settings, path: Path) -> list[str]:
    sessions = open_database(settings.database_url)
    with sessions.begin() as session:
        summary = import_dossiers(path, settings.units, session.connection())
    lines = [
        f"{path.name}: {summary.added} added, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {len(summary.rejections)} rejected"
    ]
    lines.extend(
        f"  line {rejection.line}: {rejection.reason}"
        for rejection in summary.rejections[:REJECTIONS_SHOWN]
    )
    if len(summary.rejections) > REJECTIONS_SHOWN:
        lines.append(f"  … and {len(summary.rejections) - REJECTIONS_SHOWN} more rejected rows")
    return lines
