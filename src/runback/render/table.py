"""Tables for the terminal, drawn by rich. Text from the catalogue is never read as rich markup."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..models import Technique, describe_dose
from .text import run_advice, run_text, source_line

if TYPE_CHECKING:
    from ..history import History
    from ..planner import Plan
    from ..programme import Progress
    from ..query import RedFlagList, TechniqueCard, TechniqueList


def technique_list(view: TechniqueList) -> Table:
    return _list(view)


def technique_card(view: TechniqueCard) -> Group:
    return _card(view.technique)


def red_flags(view: RedFlagList) -> Group:
    return _red_flags(view)


def plan(view: Plan) -> Group:
    return _plan(view)


def history(view: History) -> Table:
    """Weeks as rows, with a bar of each week's distance: the chart is the table."""
    table = Table(box=box.SIMPLE_HEAD, title="Training history", title_justify="left")
    table.add_column("Week", no_wrap=True)
    table.add_column("Runs", justify="right")
    table.add_column("km", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("Long", justify="right")
    table.add_column("Hard", justify="right")
    table.add_column("Cross", justify="right")
    table.add_column("Pain", justify="right")
    table.add_column("Done", justify="right")
    top = max((w.km for w in view.weeks), default=0.0) or 1.0
    for w in view.weeks:
        bar = Text("█" * round(16 * w.km / top), style="green")
        pain = Text("-" if w.pain_avg is None else f"{w.pain_avg:g}", style=_pain_style(w.pain_max))
        done = f"{w.done}/{w.planned}" if w.planned is not None else str(w.done)
        table.add_row(
            w.week.label, str(w.runs), f"{w.km:g}", bar, f"{w.longest_km:g}", str(w.hard),
            f"{w.cross_minutes:g}", pain, done,
        )  # fmt: skip
    return table


DECISION_STYLE = {"progress": "green", "hold": "yellow", "regress": "red", "override": "magenta"}
SPARKS = "▁▂▃▄▅▆▇█"


def progress(view: Progress) -> Group:
    """Each family's level week by week (level.step, or the running ladder's phase), coloured by
    the decision, with a sparkline of the climb; then this week's reasons."""
    table = Table(
        box=box.SIMPLE_HEAD, title="Programme: levels by week", title_justify="left", pad_edge=False
    )
    table.add_column("Movement", no_wrap=True, overflow="ellipsis", max_width=18)
    for week in view.weeks:
        table.add_column(week.rsplit("W", 1)[-1], justify="right", no_wrap=True, min_width=3)
    table.add_column("", no_wrap=True, min_width=len(view.weeks))
    for row in view.rows:
        cells = [Text(_short(c.label), style=DECISION_STYLE.get(c.decision, "dim")) for c in row.cells]
        spark = "".join(SPARKS[min(len(SPARKS) - 1, round((len(SPARKS) - 1) * c.level / max(1, row.top)))]
                        for c in row.cells)  # fmt: skip
        table.add_row(Text(row.name, style="bold"), *cells, spark)
    table.caption = "level.step each week; green up, yellow held, red down"
    reasons = [
        Text.assemble((f"{row.name}: ", "bold"), row.cells[-1].reason)
        for row in view.rows
        if row.cells[-1].decision
    ]
    return Group(table, *reasons)


def _short(label: str) -> str:
    """``single-leg-bridge 2.1`` as ``2.1``; running's states short: ``ph3``, ``tests``, ``-``."""
    if label.startswith("phase "):
        return "ph" + label.split()[1]
    if label == "entry tests":
        return "tests"
    if label == "normal":
        return "-"
    return label.rsplit(" ", 1)[-1]


def _pain_style(worst: int | None) -> str:
    if worst is None:
        return "dim"
    return "red" if worst >= 6 else "yellow" if worst >= 3 else "green"


FLAG_ACTIONS = {
    "emergency": ("EMERGENCY: A&E now", "bold red"),
    "urgent": ("see a doctor today", "yellow"),
    "soon": ("see a GP soon", "cyan"),
}
_STATUS_STYLE = {"usual": "green", "eased": "yellow", "no-running": "bold yellow", "stop": "bold red"}


def _plan(plan: Plan) -> Group:
    from ..week import short_date

    totals = plan.totals
    title = Text.assemble(
        (f"Recovery plan {plan.week.label}", "bold"),
        f"  {plan.week.start.isoformat()} to {plan.week.end.isoformat()}  ",
        (plan.status, _STATUS_STYLE.get(plan.status, "")),
        f"  pain {plan.pain}/10 · {totals.runs} run{'s' if totals.runs != 1 else ''} · {totals.km:g} km · "
        f"{totals.recovery_minutes} min recovery work (up to {plan.budget_minutes} a day)",
    )
    parts: list[Any] = [title]
    if plan.stop is not None:
        parts.append(Text(plan.stop.text, style="bold red"))
    parts += [Text(f"• {note.text}", style="yellow") for note in plan.notes]
    for day in plan.days:
        heading = Text.assemble(
            (short_date(day.date), "bold"), f"  {day.label}", (f"  {day.recovery_minutes} min", "cyan")
        )
        if day.session_minutes:
            heading.append(f" + {day.session_minutes} min session", style="dim")
        table = Table(box=box.SIMPLE, title=heading, title_justify="left", show_header=False, pad_edge=False)
        table.add_column(style="dim", no_wrap=True)
        table.add_column(ratio=2)
        table.add_column(ratio=3)
        table.add_column(justify="right", no_wrap=True)
        for p in day.runs:
            table.add_row("run", Text(run_text(p), style="bold"), Text(run_advice(p), style="yellow"), "")
        for item in day.items:
            minutes = f"{item.minutes}" if item.minutes else ""
            name = Text.assemble(item.name, (f"\n{item.why}", "dim")) if item.why else Text(item.name)
            table.add_row(item.section, name, Text(item.dose), minutes)
        if not day.runs and not day.items:
            table.add_row("", Text("rest"), Text(""), "")
        for note in day.notes:
            table.add_row("", Text(note, style="italic"), Text(""), "")
        parts.append(table)
    for w in plan.warnings:
        evidence = f" (evidence: {w.evidence})" if w.evidence else ""
        parts.append(Text.assemble(("! ", "bold yellow"), w.text, (f" {w.basis}{evidence}", "dim")))
    parts += [Text(plan.disclaimer, style="dim"), Text(plan.red_flags_hint, style="bold")]
    return Group(*parts)


def _run_line(p: Any) -> str:
    line = run_text(p)
    return f"{line}\n→ {p.advice}" if p.advice else line


def _name(t: Technique) -> Text:
    return Text.assemble((t.name, "bold"), "\n", (t.id, "dim"))


def _list(view: TechniqueList) -> Table:
    table = Table(title=view.title, box=box.SIMPLE_HEAD, show_lines=view.detail, title_justify="left")
    table.add_column("Technique", ratio=2)
    if not view.detail:
        table.add_column("Category")
    table.add_column("Dose", ratio=2)
    table.add_column("Min", justify="right")
    table.add_column("How" if view.detail else "When", ratio=4 if view.detail else 2)
    for t in view.techniques:
        dose = Text(describe_dose(t.dose))
        minutes = str(t.minutes)
        if view.detail:
            how = Text("\n".join(f"{i}. {s}" for i, s in enumerate(t.steps, 1)))
            table.add_row(_name(t), dose, minutes, how)
        else:
            table.add_row(_name(t), t.category.value, dose, minutes, ", ".join(t.slots))
    table.caption = f"{len(view.techniques)} techniques"
    return table


def _card(t: Technique) -> Group:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    dose = describe_dose(t.dose) + (f" ({t.dose.note})" if t.dose.note else "")
    rows = [
        ("Purpose", t.purpose),
        ("Targets", ", ".join(t.targets)),
        ("Dose", dose),
        ("Time", f"about {t.minutes} min"),
        ("When", ", ".join(t.slots) + (f"; {t.timing}" if t.timing else "")),
        ("Intensity", t.intensity.value),
        ("Equipment", ", ".join(t.equipment) or "none"),
        ("Not with", ", ".join(t.contraindications) or "none listed"),
    ]
    if t.alternatives:
        rows.append(("Alternatives", ", ".join(t.alternatives)))
    if t.progression_of:
        rows.append(("Progression of", t.progression_of))
    for label, value in rows:
        facts.add_row(label, Text(value))
    steps = Text("\n".join(f"{i}. {s}" for i, s in enumerate(t.steps, 1)))
    parts: list[Any] = [
        Text.assemble((t.name, "bold underline"), "  ", (f"{t.id} · {t.category.value}", "dim")),
        facts,
        Text("\nSteps", style="bold"),
        steps,
    ]
    if t.cautions:
        parts += [Text("\nCautions", style="bold yellow"), Text("\n".join(f"• {c}" for c in t.cautions))]
    parts += [
        Text("\nSources", style="bold"),
        Text("\n".join(f"• {source_line(s)}" for s in t.sources), style="dim"),
    ]
    return Group(*parts)


def _red_flags(view: RedFlagList) -> Group:
    table = Table(box=box.SIMPLE_HEAD, title="Red flags", title_justify="left")
    table.add_column("Action", no_wrap=True)
    table.add_column("Sign", ratio=1)
    table.add_column("What to look for", ratio=3)
    for flag in view.flags:
        action = Text(*FLAG_ACTIONS[flag.level.value])
        name = Text.assemble((flag.name, "bold"), (f"\n{flag.id}", "dim"))
        table.add_row(action, name, Text(flag.description))
    return Group(
        Text(view.notices.red_flags, style="bold"),
        Text(view.notices.urgent, style="bold red"),
        table,
    )
