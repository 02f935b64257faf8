"""Tables for the terminal, drawn by rich. Text from the catalogue is never read as rich markup."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..models import Technique, describe_dose
from ..query import RedFlagList, TechniqueCard, TechniqueList
from .text import source_line


def render(view: Any) -> Any:
    if isinstance(view, TechniqueList):
        return _list(view)
    if isinstance(view, TechniqueCard):
        return _card(view.technique)
    if isinstance(view, RedFlagList):
        return _red_flags(view)
    raise TypeError(f"no table rendering for {type(view).__name__}")


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
        ("When", ", ".join(t.slots)),
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
        action = (
            Text("EMERGENCY", style="bold red")
            if flag.urgent
            else Text("see a clinician today", style="yellow")
        )
        table.add_row(action, Text(flag.name, style="bold"), Text(flag.description))
    return Group(
        Text(view.notices.red_flags, style="bold"),
        Text(view.notices.urgent, style="bold red"),
        table,
    )
