"""Markdown for notes: CommonMark with pipe tables, as Obsidian and GitHub render it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..models import Technique, describe_dose
from .text import item_dose, run_advice, run_text, source_line

if TYPE_CHECKING:
    from ..history import History, Report, WeekSummary
    from ..planner import Plan
    from ..programme import Progress
    from ..query import RedFlagList, TechniqueCard, TechniqueList

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def esc(text: str) -> str:
    """Text as literal Markdown: characters that would start formatting are escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def technique_list(view: TechniqueList) -> str:
    return _list(view)


def technique_card(view: TechniqueCard) -> str:
    return "\n".join(_card(view.technique, level=1)) + "\n"


def red_flags(view: RedFlagList) -> str:
    return _red_flags(view)


def plan(view: Plan) -> str:
    return front_matter(view) + "\n".join(plan_body(view, level=1)) + "\n"


def history(view: History) -> str:
    return "\n".join(["# Training history", "", *_weeks_table(view.weeks)]) + "\n"


def report(view: Report) -> str:
    return "\n".join(_report(view)) + "\n"


def progress(view: Progress) -> str:
    lines = ["# Programme: levels by week", "", "| movement | " + " | ".join(view.weeks) + " |",
             "|---|" + "---:|" * len(view.weeks)]  # fmt: skip
    for row in view.rows:
        cells = [f"{c.label}" + (f" ({c.decision})" if c.decision else "") for c in row.cells]
        lines.append(f"| {esc(row.name)} | " + " | ".join(esc(c) for c in cells) + " |")
    reasons = [f"- {esc(row.name)}: {esc(row.cells[-1].reason)}" for row in view.rows if row.cells[-1].reason]
    return "\n".join([*lines, "", *reasons]) + "\n"


def _cell(value: object) -> str:
    return "-" if value is None else esc(str(value))


def _weeks_table(weeks: tuple[WeekSummary, ...]) -> list[str]:
    lines = [
        "| week | runs | km | longest | hard | cross-training min | pain avg | pain max | routines done |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for w in weeks:
        done = f"{w.done} of {w.planned}" if w.planned is not None else str(w.done)
        cells = (w.week.label, w.runs, f"{w.km:g}", f"{w.longest_km:g}", w.hard, f"{w.cross_minutes:g}",
                 w.pain_avg, w.pain_max, done)  # fmt: skip
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def _report(r: Report) -> list[str]:
    lines = [
        f"# Running and back pain: {r.start.isoformat()} to {r.end.isoformat()}",
        "",
        "A summary from the runner's own training journal (runback), to take to a GP or physiotherapist.",
        "",
        "## Pain and function against load",
        "",
        *_sparklines(r),
        "",
    ]
    if r.chart_file:
        from urllib.parse import quote

        lines += [f"![Daily distance, back pain and PSFS]({quote(r.chart_file)})", ""]
    lines += ["## Trends", "", *[f"- {esc(t)}" for t in r.trends], "", "## Next-day pain after load", ""]
    lines += [f"- {esc(s)}" for s in r.after_load]
    lines += [*([""] if r.after_load else []), f"*{esc(r.after_load_note)}*", "", "## Programme", ""]
    p = r.programme
    lines += [f"- **{esc(m.name)}:** {esc(m.level)}. Last decision {esc(m.decision)}" for m in p.movements]
    if not p.movements:
        lines.append("- No movement has been through a week of the programme yet.")
    lines += [f"- **Running:** {esc(p.running)}"]
    lines += [f"- {esc(o)}" for o in p.overrides] or ["- No week in this period overrode the model."]
    lines += ["", f"*{esc(p.basis)}*", "", "## Questionnaires", ""]
    if r.licensed:
        lines += [f"{LICENSED}:", "", *[f"- {esc(s)}" for s in r.licensed]]
    else:
        lines.append("None entered.")
    lines += ["", "## Training load by week", "", *_weeks_table(r.weeks), "", "## Flags raised", ""]
    lines += [f"- {esc(flag)}" for flag in r.flags] or ["None."]
    lines += ["", "## The last two weeks, day by day", ""]
    if r.days:
        lines += ["| date | run km | cross-training min | pain (0-10) | note |", "|---|---:|---:|---:|---|"]
        for d in r.days:
            lines.append(
                f"| {d.date.isoformat()} | {d.run_km:g} | {d.cross_minutes:g} | {_cell(d.pain)} | {esc(d.note)} |"
            )
    else:
        lines.append("Nothing logged in these days.")
    lines += ["", "## Routines done", ""]
    if r.routines:
        lines += [f"- {esc(name)} (`{tid}`): {n} time{'s' if n != 1 else ''}" for tid, name, n in r.routines]
    else:
        lines.append("None recorded.")
    lines += ["", "## Sources", "", *[f"- {esc(what)}: {esc(source_line(s))}" for what, s in r.sources]]
    lines += ["", f"*{esc(r.disclaimer)}*"]
    return lines


LICENSED = "As entered by the runner from a licensed form; runback does not include the questionnaire"
BLOCKS = "▁▂▃▄▅▆▇█"
NO_DATA = "·"


def spark(values: Sequence[float | None], top: float) -> str:
    """One block a value, its height against ``top``; a value above nothing shows at least the
    second block, so that a little is never drawn as none; ``·`` where nothing was logged."""
    out = []
    for value in values:
        if value is None:
            out.append(NO_DATA)
        elif value <= 0 or top <= 0:
            out.append(BLOCKS[0])
        else:
            out.append(BLOCKS[max(1, min(len(BLOCKS) - 1, round(value / top * (len(BLOCKS) - 1))))])
    return "".join(out)


def _sparklines(r: Report) -> list[str]:
    """The report's chart as text, a mark a week: notes cannot embed a picture drawn inline."""
    weeks = r.weekly
    top = max((w.km for w in weeks), default=0.0)
    rows = [
        ("km a week", spark([w.km for w in weeks], top), f"0-{top:g} km"),
        ("pain, worst", spark([w.pain for w in weeks], 10), "0-10, weekly average of each day's worst"),
        ("pain, morning", spark([w.morning for w in weeks], 10), "0-10, weekly average"),
        ("PSFS", spark([w.psfs for w in weeks], 10), "0-10, higher is better"),
    ]
    width = max(len(name) for name, _, _ in rows)
    span = f"{weeks[0].label} to {weeks[-1].label}" if weeks else ""
    return [
        "```text",
        f"{'':{width}}  {span}, a mark a week ({NO_DATA}: nothing logged)",
        *[f"{name:{width}}  {marks}  {scale}" for name, marks, scale in rows],
        "```",
    ]


def front_matter(plan: Plan) -> str:
    """YAML front matter: what Obsidian shows as properties and Dataview can query."""
    totals = plan.totals
    fields = [
        ("week", f'"{plan.week.label}"'),
        ("start", plan.week.start.isoformat()),
        ("end", plan.week.end.isoformat()),
        ("status", plan.status),
        ("pain", str(plan.pain)),
        ("runs", str(totals.runs)),
        ("distance_km", f"{totals.km:g}"),
        ("recovery_minutes", str(totals.recovery_minutes)),
        ("tags", "[runback, recovery-plan]"),
    ]
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields) + "---\n"


def _dates(plan: Plan) -> str:
    from ..week import MONTH_NAMES

    start, end = plan.week.start, plan.week.end
    if start.month == end.month:
        return f"{start.day}-{end.day} {MONTH_NAMES[end.month - 1]} {end.year}"
    return f"{start.day} {MONTH_NAMES[start.month - 1]} - {end.day} {MONTH_NAMES[end.month - 1]} {end.year}"


def plan_body(plan: Plan, level: int) -> list[str]:
    """The plan as Markdown, its title a heading of ``level`` and each day one level below."""
    from ..week import short_date

    h = "#" * level
    lines = [f"{h} Recovery plan: {plan.week.label} ({_dates(plan)})", ""]
    if plan.stop is not None:
        label = "Stop and get help today, urgently" if plan.stop.emergency else "Stop and see a clinician"
        lines += [f"> [!danger] {label}", f"> {esc(plan.stop.text)}", ""]
    for note in plan.notes:
        lines += [f"> {esc(note.text)}", ""]
    for day in plan.days:
        lines += [f"{h}# {short_date(day.date)}: {esc(day.label)}", ""]
        for p in day.runs:
            advice = f" - {esc(run_advice(p))}" if run_advice(p) else ""
            lines.append(f"- [ ] **Run:** {esc(run_text(p))}{advice}")
        for item in day.items:
            why = f" *({esc(item.why)})*" if item.why else ""
            lines.append(f"- [ ] {esc(item.name)}: {esc(item_dose(item))} `{item.technique}`{why}")
        if not day.runs and not day.items:
            lines.append("- Rest.")
        lines += [f"- *{esc(note)}*" for note in day.notes]
        lines.append("")
    if plan.warnings:
        lines += [f"{h}# Load", ""]
        for w in plan.warnings:
            evidence = f" (evidence: {w.evidence})" if w.evidence else ""
            lines.append(f"- **{esc(w.text)}** {esc(w.basis)}{evidence}")
        lines.append("")
    lines += [f"*{esc(plan.disclaimer)}*", "", f"*{esc(plan.red_flags_hint)}*"]
    return lines


def _list(view: TechniqueList) -> str:
    lines = [f"# {esc(view.title)}", ""]
    if view.detail:
        for t in view.techniques:
            lines += _summary(t)
        return "\n".join(lines)
    lines += ["| id | name | category | dose | min | when |", "|---|---|---|---|---:|---|"]
    for t in view.techniques:
        cells = (f"`{t.id}`", esc(t.name), t.category.value, esc(describe_dose(t.dose)), str(t.minutes))
        lines.append("| " + " | ".join((*cells, ", ".join(t.slots))) + " |")
    return "\n".join(lines) + "\n"


def _summary(t: Technique) -> list[str]:
    lines = [f"## {esc(t.name)}", "", f"`{t.id}` · {esc(describe_dose(t.dose))} · about {t.minutes} min", ""]
    lines += [f"{i}. {esc(step)}" for i, step in enumerate(t.steps, 1)]
    return [*lines, ""]


def _card(t: Technique, level: int) -> list[str]:
    h = "#" * level
    lines = [
        f"{h} {esc(t.name)}",
        "",
        f"`{t.id}` · {t.category.value} · {t.intensity.value}",
        "",
        esc(t.purpose),
        "",
    ]
    facts = [
        ("Targets", ", ".join(t.targets)),
        ("Dose", describe_dose(t.dose) + (f" ({t.dose.note})" if t.dose.note else "")),
        ("Time", f"about {t.minutes} min"),
        ("When", ", ".join(t.slots) + (f"; {t.timing}" if t.timing else "")),
        ("Equipment", ", ".join(t.equipment) or "none"),
        ("Not with", ", ".join(t.contraindications) or "none listed"),
    ]
    if t.alternatives:
        facts.append(("Alternatives", ", ".join(t.alternatives)))
    if t.progression_of:
        facts.append(("Progression of", t.progression_of))
    lines += [f"- **{name}:** {esc(value)}" for name, value in facts]
    lines += ["", f"{h}# Steps", ""]
    lines += [f"{i}. {esc(step)}" for i, step in enumerate(t.steps, 1)]
    if t.cautions:
        lines += ["", f"{h}# Cautions", ""] + [f"- {esc(c)}" for c in t.cautions]
    lines += ["", f"{h}# Sources", ""] + [f"- {esc(source_line(s))}" for s in t.sources]
    return lines


def _red_flags(view: RedFlagList) -> str:
    lines = [
        "# Red flags",
        "",
        f"**{esc(view.notices.red_flags)}**",
        "",
        f"**{esc(view.notices.urgent)}**",
        "",
    ]
    labels = {"emergency": "EMERGENCY: A&E now", "urgent": "see a doctor today", "soon": "see a GP soon"}
    for flag in view.flags:
        lines.append(
            f"- **{esc(flag.name)}** (`{flag.id}`, {labels[flag.level.value]}): {esc(flag.description)}"
        )
    return "\n".join(lines) + "\n"
