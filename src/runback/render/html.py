"""HTML to print, self-contained (no scripts, no external files), on A4.

``report``: one page for a clinician, a chart drawn as inline SVG, then what they read first, then
the tables. ``plan``: a week's plan for the fridge door, a box to tick beside each item.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from ..units import Units, convert, distance
from .markdown import LICENSED
from .text import source_line

if TYPE_CHECKING:
    from ..history import DayPoint, DaySummary, Report, WeekSummary
    from ..planner import Day, Plan

STYLE = """
@page { size: A4; margin: 10mm 12mm; }
body { font: 8pt/1.3 system-ui, sans-serif; max-width: 186mm; margin: 1em auto; color: #111; }
h1 { font-size: 12pt; margin: 0; } h2 { font-size: 9pt; margin: 0.5em 0 0.1em; }
p, ul { margin: 0.1em 0; } ul { padding-left: 1.2em; } li { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0 0.35em; text-align: left; white-space: nowrap; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; } td.note { white-space: normal; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.2em; }
.flag { color: #a40; } .note { color: #555; font-style: italic; } .small { font-size: 7pt; color: #444; }
svg { display: block; width: 100%; height: auto; }
@media print { body { margin: 0; max-width: none; } }
"""

# The chart: a day a slot; distance as bars on the left axis, scores (0-10) as lines on the right.
WIDTH, HEIGHT = 720, 156
LEFT, RIGHT, TOP, BOTTOM = 34, 686, 22, 138
COLOURS = {"km": "#9cc9a6", "pain": "#c0392b", "morning": "#e67e22", "psfs": "#2c6fbb", "grid": "#ddd"}


def report(r: Report) -> str:
    title = f"Running and back pain: {r.start.isoformat()} to {r.end.isoformat()}"
    p = r.programme
    movements = [
        f"<li><b>{escape(m.name)}:</b> {escape(m.level)}. Last decision {escape(m.decision)}</li>"
        for m in p.movements
    ] or ["<li>No movement has been through a week of the programme yet.</li>"]
    overrides = [f"<li>{escape(o)}</li>" for o in p.overrides] or [
        "<li>No week in this period overrode the model.</li>"
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        "<p>A summary from the runner's own training journal (runback), to take to a GP or physiotherapist.</p>",
        "<h2>Pain and function against load</h2>",
        chart(r.chart, r.units),
        "<h2>Trends</h2>",
        _list(r.trends),
        "<h2>Next-day pain after load</h2>",
        _list(r.after_load) if r.after_load else "",
        f"<p class=note>{escape(r.after_load_note)}</p>",
        "<h2>Programme</h2>",
        f"<ul>{''.join(movements)}<li><b>Running:</b> {escape(p.running)}</li>{''.join(overrides)}</ul>",
        f"<p class=note>{escape(p.basis)}</p>",
        "<div class=cols><div>",
        "<h2>Questionnaires</h2>",
        f"<p>{escape(LICENSED)}:</p>{_list(r.licensed)}" if r.licensed else "<p>None entered.</p>",
        "<h2>Training load by week</h2>",
        _weeks(r.weeks, r.units),
        "<h2>Routines done</h2>",
        "<p>"
        + (
            escape("; ".join(f"{name}: {n}" for _, name, n in r.routines) + ".")
            if r.routines
            else "None recorded."
        )
        + "</p>",
        "</div><div>",
        "<h2>The last two weeks, day by day</h2>",
        _days(r.days, r.units),
        "</div></div>",
        "<h2>Flags raised</h2>",
        _list(r.flags, "flag") if r.flags else "<p>None.</p>",
        "<h2>Sources</h2>",
        _list([f"{what}: {source_line(s)}" for what, s in r.sources], "small"),
        f"<p class=note>{escape(r.disclaimer)}</p>",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


PLAN_STYLE = """
@page { size: A4; margin: 12mm; }
body { font: 9.5pt/1.35 system-ui, sans-serif; max-width: 186mm; margin: 1em auto; color: #111; }
h1 { font-size: 14pt; margin: 0 0 0.2em; } h2 { font-size: 10.5pt; margin: 0.8em 0 0.2em; }
p { margin: 0.2em 0; } ul { list-style: none; padding: 0; margin: 0.2em 0; } li { margin: 0.1em 0; }
li::before { content: ""; display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.45em;
  border: 1px solid #333; vertical-align: -0.1em; }
li.plain::before { border-color: transparent; }
.summary { color: #333; } .why, .id { color: #666; } .id { font-family: ui-monospace, monospace; font-size: 8pt; }
.stop { border: 2px solid #a40; padding: 0.4em 0.6em; color: #a40; font-weight: bold; }
.notes p { color: #333; } .warning { color: #a40; } .small { font-size: 8pt; color: #444; }
section { break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } }
"""


def plan(p: Plan) -> str:
    """The plan as one printable page per week's worth: each day's run and items with a box to
    tick, then the load warnings and the notices, as the Markdown note has them."""
    from .markdown import _dates

    totals = p.totals
    title = f"Recovery plan: {p.week.label} ({_dates(p)})"
    runs = f"{totals.runs} run{'s' if totals.runs != 1 else ''}"
    summary = f"Pain {p.pain}/10 · {runs}, {distance(totals.km, p.units)} · {totals.recovery_minutes} min of recovery work"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{PLAN_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p class=summary>{escape(summary)}</p>",
    ]
    if p.stop is not None:
        parts.append(f"<p class=stop>{escape(p.stop.text)}</p>")
    if p.notes:
        parts.append("<div class=notes>" + "".join(f"<p>{escape(n.text)}</p>" for n in p.notes) + "</div>")
    parts += [_plan_day(day, p) for day in p.days]
    if p.warnings:
        parts.append("<h2>Load</h2>")
        parts += [
            f"<p><b class=warning>{escape(w.text)}</b> {escape(w.basis)}"
            + (f" (evidence: {escape(w.evidence)})" if w.evidence else "")
            + "</p>"
            for w in p.warnings
        ]
    parts += [f"<p class=small>{escape(p.disclaimer)}</p>", f"<p class=small>{escape(p.red_flags_hint)}</p>"]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _plan_day(day: Day, p: Plan) -> str:
    from ..week import short_date
    from .text import item_dose, run_advice, run_text

    rows = []
    for r in day.runs:
        advice = f" <span class=why>{escape(run_advice(r))}</span>" if run_advice(r) else ""
        rows.append(f"<li><b>Run:</b> {escape(run_text(r, p.units))}{advice}</li>")
    for i in day.items:
        why = f" <span class=why>({escape(i.why)})</span>" if i.why else ""
        rows.append(
            f"<li>{escape(i.name)}: {escape(item_dose(i))} <span class=id>{escape(i.technique)}</span>{why}</li>"
        )
    if not rows:
        rows.append("<li class=plain>Rest.</li>")
    rows += [f"<li class=plain><i>{escape(note)}</i></li>" for note in day.notes]
    heading = f"{short_date(day.date)}: {day.label}"
    return f"<section><h2>{escape(heading)}</h2><ul>{''.join(rows)}</ul></section>"


def _list(items: Sequence[str], css: str = "") -> str:
    attribute = f" class={css}" if css else ""
    return "<ul>" + "".join(f"<li{attribute}>{escape(item)}</li>" for item in items) + "</ul>"


def _weeks(weeks: Sequence[WeekSummary], units: Units) -> str:
    rows = []
    for w in weeks:
        done = f"{w.done} of {w.planned}" if w.planned is not None else str(w.done)
        pain = "" if w.pain_avg is None else f"{w.pain_avg:g}"
        rows.append(
            f"<tr><td>{escape(w.week.label)}</td><td class=n>{w.runs}</td><td class=n>{convert(w.km, units):g}</td>"
            f"<td class=n>{convert(w.longest_km, units):g}</td><td class=n>{w.hard}</td><td class=n>{w.cross_minutes:g}</td>"
            f"<td class=n>{pain}</td><td class=n>{done}</td></tr>"
        )
    return (
        f"<table><tr><th>week</th><th class=n>runs</th><th class=n>{units}</th><th class=n>longest ({units})</th>"
        "<th class=n>hard</th><th class=n>cross min</th><th class=n>pain avg</th>"
        f"<th class=n>routines done</th></tr>{''.join(rows)}</table>"
    )


def _days(days: Sequence[DaySummary], units: Units) -> str:
    if not days:
        return "<p>Nothing logged in these days.</p>"
    rows = "".join(
        f"<tr><td>{d.date.isoformat()}</td><td class=n>{convert(d.run_km, units):g}</td><td class=n>{d.cross_minutes:g}</td>"
        f"<td class=n>{'' if d.pain is None else d.pain}</td><td class=note>{escape(d.note)}</td></tr>"
        for d in days
    )
    return (
        f"<table><tr><th>date</th><th class=n>run {units}</th><th class=n>cross min</th>"
        f"<th class=n>pain</th><th>note</th></tr>{rows}</table>"
    )


def _n(value: float) -> str:
    """A coordinate with one decimal: the same text on every machine."""
    return f"{value:.1f}"


def _km_top(points: Sequence[DayPoint]) -> float:
    """The distance axis's top: the longest day rounded up to 5 km (at least 5)."""
    return max(5.0, 5.0 * math.ceil(max((p.km for p in points), default=0.0) / 5.0))


def chart(points: Sequence[DayPoint], units: Units = Units.km) -> str:
    """Daily distance (in ``units``) as bars against the left axis, and the day's worst pain, the
    morning's pain and the PSFS average as lines against the right axis (0-10), a week between
    grid lines. Plain SVG 1.1 with no script and no timestamp: the same days draw the same bytes."""
    if not points:
        return ""
    points = [p._replace(km=convert(p.km, units)) for p in points]
    slot = (RIGHT - LEFT) / len(points)
    km_top = _km_top(points)

    def x(i: int) -> float:
        return LEFT + slot * (i + 0.5)

    def y_km(km: float) -> float:
        return BOTTOM - (BOTTOM - TOP) * km / km_top

    def y_score(score: float) -> float:
        return BOTTOM - (BOTTOM - TOP) * score / 10

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" font-family="system-ui, sans-serif" font-size="10" role="img">',
        "<title>Daily running distance (bars), back pain and PSFS (lines)</title>",
    ]
    for score in (0, 5, 10):
        y = _n(y_score(score))
        out.append(f'<line x1="{LEFT}" y1="{y}" x2="{RIGHT}" y2="{y}" stroke="{COLOURS["grid"]}"/>')
        out.append(f'<text x="{RIGHT + 4}" y="{_n(y_score(score) + 3.5)}">{score}</text>')
        out.append(
            f'<text x="{LEFT - 4}" y="{_n(y_score(score) + 3.5)}" text-anchor="end">{km_top * score / 10:g}</text>'
        )
    out.append(f'<text x="{LEFT - 4}" y="{TOP - 8}" text-anchor="end">{units}</text>')
    out.append(f'<text x="{RIGHT + 4}" y="{TOP - 8}">0-10</text>')
    for i, p in enumerate(points):
        if p.date.weekday() == 0:
            edge = _n(LEFT + slot * i)
            out.append(f'<line x1="{edge}" y1="{TOP}" x2="{edge}" y2="{BOTTOM}" stroke="{COLOURS["grid"]}"/>')
            week = p.date.isocalendar()[1]
            out.append(f'<text x="{_n(LEFT + slot * i + 2)}" y="{BOTTOM + 12}">W{week:02d}</text>')
        if p.km > 0:
            top = y_km(p.km)
            out.append(
                f'<rect x="{_n(x(i) - slot * 0.3)}" y="{_n(top)}" width="{_n(slot * 0.6)}" '
                f'height="{_n(BOTTOM - top)}" fill="{COLOURS["km"]}"/>'
            )
    series = (
        ("pain", [(i, p.pain) for i, p in enumerate(points) if p.pain is not None], ""),
        ("morning", [(i, p.morning) for i, p in enumerate(points) if p.morning is not None], ' stroke-dasharray="4 3"'),
        ("psfs", [(i, p.psfs) for i, p in enumerate(points) if p.psfs is not None], ""),
    )  # fmt: skip
    for name, values, dash in series:  # the lines first, then every marker over them
        if len(values) > 1:
            path = " ".join(f"{_n(x(i))},{_n(y_score(v))}" for i, v in values)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{COLOURS[name]}" stroke-width="1.4"{dash}/>'
            )
    for name, values, _ in series:
        colour = COLOURS[name]
        for i, v in values:
            cx, cy = _n(x(i)), _n(y_score(v))
            if name == "psfs":
                out.append(
                    f'<rect x="{_n(x(i) - 3)}" y="{_n(y_score(v) - 3)}" width="6" height="6" fill="{colour}"/>'
                )
            elif name == "morning":
                out.append(
                    f'<circle cx="{cx}" cy="{cy}" r="3.2" fill="none" stroke="{colour}" stroke-width="1.2"/>'
                )
            else:
                out.append(f'<circle cx="{cx}" cy="{cy}" r="2" fill="{colour}"/>')
    legend = (
        ("km", f"run {units} a day (left axis)"),
        ("pain", "pain, the day's worst"),
        ("morning", "pain, morning"),
        ("psfs", "PSFS average (higher is better)"),
    )
    at = LEFT
    for name, label in legend:
        out.append(f'<rect x="{at}" y="{TOP - 16}" width="10" height="6" fill="{COLOURS[name]}"/>')
        out.append(f'<text x="{at + 14}" y="{TOP - 10}">{escape(label)}</text>')
        at += 28 + 5 * len(label)
    out.append("</svg>")
    return "\n".join(out)
