"""A one-page HTML report, self-contained (no scripts, no external files), that prints on A4."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..history import Report, WeekSummary

STYLE = """
body { font: 11pt/1.4 system-ui, sans-serif; max-width: 60em; margin: 2em auto; color: #111; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; font-size: 0.95em; }
th, td { border-bottom: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: 0.7em; background: #4a7; }
.flag { color: #a40; } .note { color: #555; font-style: italic; }
@media print { body { margin: 0; } }
"""


def report(r: Report) -> str:
    title = f"Running and back pain: {r.start.isoformat()} to {r.end.isoformat()}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        "<p>A summary from the runner's own training journal (runback), to take to a GP or physiotherapist.</p>",
        "<h2>Training load by week</h2>",
        _weeks(r.weeks),
        "<h2>Back pain by day, against load</h2>",
    ]
    if r.days:
        rows = "".join(
            f"<tr><td>{d.date.isoformat()}</td><td class=n>{d.run_km:g}</td><td class=n>{d.cross_minutes:g}</td>"
            f"<td class=n>{'' if d.pain is None else d.pain}</td><td class=note>{escape(d.note)}</td></tr>"
            for d in r.days
        )
        parts.append(
            "<table><tr><th>date</th><th class=n>run km</th><th class=n>cross-training min</th>"
            f"<th class=n>pain (0-10)</th><th>note</th></tr>{rows}</table>"
        )
    else:
        parts.append("<p>Nothing logged in this period.</p>")
    parts.append("<h2>Routines done</h2>")
    if r.routines:
        items = "".join(
            f"<li>{escape(name)}: {n} time{'s' if n != 1 else ''}</li>" for _, name, n in r.routines
        )
        parts.append(f"<ul>{items}</ul>")
    else:
        parts.append("<p>None recorded.</p>")
    parts.append("<h2>Flags raised</h2>")
    flags = "".join(f"<li class=flag>{escape(flag)}</li>" for flag in r.flags)
    parts.append(f"<ul>{flags}</ul>" if flags else "<p>None.</p>")
    parts.append(f"<p class=note>{escape(r.disclaimer)}</p></body></html>")
    return "\n".join(parts) + "\n"


def _weeks(weeks: tuple[WeekSummary, ...]) -> str:
    top = max((w.km for w in weeks), default=0.0) or 1.0
    rows = []
    for w in weeks:
        done = f"{w.done} of {w.planned}" if w.planned is not None else str(w.done)
        bar = f'<span class=bar style="width:{6 * w.km / top:.2f}em"></span>'
        pain = "" if w.pain_avg is None else f"{w.pain_avg:g}"
        rows.append(
            f"<tr><td>{escape(w.week.label)}</td><td class=n>{w.runs}</td><td class=n>{w.km:g}</td><td>{bar}</td>"
            f"<td class=n>{w.longest_km:g}</td><td class=n>{w.hard}</td><td class=n>{w.cross_minutes:g}</td>"
            f"<td class=n>{pain}</td><td class=n>{done}</td></tr>"
        )
    return (
        "<table><tr><th>week</th><th class=n>runs</th><th class=n>km</th><th></th><th class=n>longest</th>"
        "<th class=n>hard</th><th class=n>cross-training min</th><th class=n>pain avg</th>"
        f"<th class=n>routines done</th></tr>{''.join(rows)}</table>"
    )
