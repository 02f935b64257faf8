"""Markdown for notes: CommonMark with pipe tables, as Obsidian and GitHub render it."""

from __future__ import annotations

import re
from typing import Any

from ..models import Technique, describe_dose
from ..query import RedFlagList, TechniqueCard, TechniqueList
from .text import source_line

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def esc(text: str) -> str:
    """Text as literal Markdown: characters that would start formatting are escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render(view: Any) -> str:
    if isinstance(view, TechniqueList):
        return _list(view)
    if isinstance(view, TechniqueCard):
        return "\n".join(_card(view.technique, level=1)) + "\n"
    if isinstance(view, RedFlagList):
        return _red_flags(view)
    raise TypeError(f"no markdown rendering for {type(view).__name__}")


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
        ("When", ", ".join(t.slots)),
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
    for flag in view.flags:
        label = "EMERGENCY" if flag.urgent else "see a clinician today"
        lines.append(f"- **{esc(flag.name)}** ({label}): {esc(flag.description)}")
    return "\n".join(lines) + "\n"
