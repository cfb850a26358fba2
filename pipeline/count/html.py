"""The quota report as one self-contained HTML file: inline CSS and SVG, no scripts, no
external resources, so that a manager can open it offline, print it and forward it."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from pipeline.count.formats import TALLY_HEADINGS, percent, tally_cells
from pipeline.count.quota import TIER_ORDER, QuotaReport, Tally, TierRow, TrendPoint

TIER_NAMES = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}
TIER_COLOURS = {"province": "#1f5fa8", "district": "#2e8540", "commune": "#c05a00"}

_STYLE = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 2em;
       color: #222; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #999; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.5em; }
th { background: #eee; }
td.n { text-align: right; white-space: nowrap; }
tr.miss td.met { color: #a00; font-weight: bold; }
tr.hit td.met { color: #070; font-weight: bold; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5em; }
figure { margin: 0; }
figcaption { font-size: 0.85em; color: #444; }
@media print {
  body { margin: 0.5cm; }
  h2 { page-break-after: avoid; }
  table, figure { page-break-inside: avoid; }
}
"""


def report_html(report: QuotaReport) -> str:
    plan = escape(report.plan.name) if report.plan is not None else "no plan in force"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        f"<title>Quota report {report.as_of.isoformat()}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>Digitised still-valid results as of {report.as_of.isoformat()}</h1>",
        f'<p class="meta">Plan in force: {plan}. Ratio = digitised valid results ÷ valid '
        "results; gap = valid results still to digitise to reach the quota.</p>",
        "<h2>Tiers against their quota</h2>",
        '<div class="charts">',
        *(_tier_bar(row) for row in report.tiers),
        "</div>",
        _tally_table(("tier",), [((TIER_NAMES[r.tier.value],), r.tally) for r in report.tiers]),
        "<h2>Monthly trend</h2>",
        _trend_chart(report.trend),
        "<h2>Units</h2>",
        _tally_table(
            ("unit", "name", "tier"),
            [
                (
                    (
                        u.unit_code,
                        u.name + (f" ({u.reorganised})" if u.reorganised else ""),
                        u.tier.value,
                    ),
                    u.tally,
                )
                for u in report.units
                if u.tally.valid or u.tally.digitised
            ],
        ),
    ]
    silent = sum(1 for u in report.units if not (u.tally.valid or u.tally.digitised))
    if silent:
        parts.append(f"<p>{silent} more units have no valid results on this date.</p>")
    if report.doc_types is not None:
        parts.append("<h2>Doc types</h2>")
        parts.append(
            _tally_table(
                ("tier", "doc type"),
                [((d.tier.value, d.doc_type or "(none)"), d.tally) for d in report.doc_types],
            )
        )
    parts.extend(_dossier_section(report))
    parts.extend(_unmatched_section(report))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _tally_table(keys: tuple[str, ...], rows: Sequence[tuple[tuple[str, ...], Tally]]) -> str:
    head = "".join(f"<th>{escape(k)}</th>" for k in (*keys, *TALLY_HEADINGS))
    body = []
    for key_cells, tally in rows:
        css = "" if tally.met is None else (' class="hit"' if tally.met else ' class="miss"')
        cells = "".join(f"<td>{escape(c)}</td>" for c in key_cells)
        numbers = tally_cells(tally)
        cells += "".join(f'<td class="n">{escape(c)}</td>' for c in numbers[:-1])
        cells += f'<td class="met">{escape(numbers[-1])}</td>'
        body.append(f"<tr{css}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _tier_bar(row: TierRow) -> str:
    """A vertical bar of the tier's ratio on a 0-100 % scale, with its quota as a red line."""
    width, height, top, bottom, left = 200, 240, 20, 30, 40
    plot = height - top - bottom
    ratio = row.tally.ratio or 0.0
    bar = round(plot * ratio)
    colour = TIER_COLOURS[row.tier.value]
    shapes = [
        f'<rect x="{left}" y="{top}" width="{width - left - 20}" height="{plot}" '
        'fill="#f4f4f4" stroke="#999"/>',
        f'<rect class="bar" x="{left + 30}" y="{top + plot - bar}" width="{width - left - 80}" '
        f'height="{bar}" fill="{colour}"/>',
    ]
    for tick in (0, 25, 50, 75, 100):
        y = top + plot - plot * tick / 100
        shapes.append(
            f'<text x="{left - 4}" y="{y + 4:.0f}" font-size="10" text-anchor="end">{tick}%</text>'
        )
    if row.tally.quota is not None:
        y = top + plot - plot * row.tally.quota / 100
        shapes.append(
            f'<line class="quota" x1="{left}" x2="{width - 20}" y1="{y:.0f}" y2="{y:.0f}" '
            'stroke="#d00" stroke-width="3" stroke-dasharray="6,3"/>'
        )
    shapes.append(
        f'<text x="{(left + width - 20) // 2}" y="{height - 10}" font-size="12" '
        f'text-anchor="middle">{escape(percent(row.tally.ratio))}</text>'
    )
    caption = f"{TIER_NAMES[row.tier.value]} ({row.tier.value}): {percent(row.tally.ratio)}"
    if row.tally.quota is not None:
        caption += f", quota {row.tally.quota} % (red line)"
    return (
        f'<figure><svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(caption)}">{"".join(shapes)}</svg>'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _trend_chart(points: Sequence[TrendPoint]) -> str:
    """Each tier's ratio at each month-end: one line per tier, quotas as dashed lines."""
    if not points:
        return "<p>No trend requested.</p>"
    width, height, left, right, top, bottom = 640, 280, 50, 20, 20, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)

    def y_of(ratio: float) -> float:
        return top + plot_h - plot_h * ratio

    shapes = [
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fafafa" '
        'stroke="#999"/>'
    ]
    for tick in (0, 25, 50, 75, 100):
        y = y_of(tick / 100)
        shapes.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.0f}" y2="{y:.0f}" stroke="#ddd"/>'
            f'<text x="{left - 4}" y="{y + 4:.0f}" font-size="10" text-anchor="end">{tick}%</text>'
        )
    for index, point in enumerate(points):
        x = left + step * index
        shapes.append(
            f'<text x="{x:.0f}" y="{top + plot_h + 16}" font-size="9" text-anchor="middle">'
            f"{point.day.strftime('%m/%Y')}</text>"
        )
    for order, tier in enumerate(TIER_ORDER):
        colour = TIER_COLOURS[tier.value]
        series = [next(row.tally for row in point.tiers if row.tier == tier) for point in points]
        coordinates = [
            f"{left + step * i:.0f},{y_of(t.ratio or 0.0):.0f}" for i, t in enumerate(series)
        ]
        shapes.append(
            f'<polyline class="trend" points="{" ".join(coordinates)}" fill="none" '
            f'stroke="{colour}" stroke-width="3"/>'
        )
        latest_quota = series[-1].quota
        if latest_quota is not None:
            y = y_of(latest_quota / 100)
            shapes.append(
                f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.0f}" y2="{y:.0f}" '
                f'stroke="{colour}" stroke-dasharray="4,4"/>'
            )
        legend_x = left + order * 170
        shapes.append(
            f'<rect x="{legend_x}" y="{height - 18}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{legend_x + 16}" y="{height - 8}" font-size="11">'
            f"{TIER_NAMES[tier.value]}</text>"
        )
    return (
        f'<figure><svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'role="img" aria-label="ratio per tier at each month-end">'
        f"{''.join(shapes)}</svg><figcaption>Ratio per tier at each month-end; dashed: the "
        "tier's quota in force at the last point.</figcaption></figure>"
    )


def _dossier_section(report: QuotaReport) -> list[str]:
    dossiers = report.dossiers
    quota = None if dossiers.rollout_quota is None else dossiers.rollout_quota / 100
    met = "–" if dossiers.rollout_met is None else ("yes" if dossiers.rollout_met else "no")
    rows = "".join(
        f"<tr><td>{escape(d.unit_code)}</td><td>{escape(d.name)}</td><td>{d.tier.value}</td>"
        f'<td class="n">{d.received:,}</td><td class="n">{d.digitised:,}</td></tr>'
        for d in dossiers.units
    )
    return [
        f"<h2>Dossiers received {dossiers.since.isoformat()} to {report.as_of.isoformat()}</h2>",
        f"<p>Received {dossiers.received:,}, digitised {dossiers.digitised:,}. Commune rollout: "
        f"{dossiers.communes_digitising} of {dossiers.communes} communes digitised dossiers "
        f"({percent(dossiers.rollout)}; plan {percent(quota)}; met: {met}).</p>",
        "<table><thead><tr><th>unit</th><th>name</th><th>tier</th><th>received</th>"
        f"<th>digitised</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else "",
    ]


def _unmatched_section(report: QuotaReport) -> list[str]:
    parts = [f"<h2>Unmatched result documents: {len(report.unmatched)}</h2>"]
    if report.unmatched:
        rows = "".join(
            f"<tr><td>{escape(u.file_name)}</td><td>{escape(u.reason)}</td></tr>"
            for u in report.unmatched
        )
        parts.append(
            f"<table><thead><tr><th>file</th><th>why</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    return parts
