"""Plain text: no colour, no box drawing, one record per line with tab-separated fields, so that
``grep``, ``cut -f`` and ``awk -F'\\t'`` work on it."""

from __future__ import annotations

from typing import Any

from ..models import Source, Technique, describe_dose
from ..query import RedFlagList, TechniqueCard, TechniqueList


def render(view: Any) -> str:
    if isinstance(view, TechniqueList):
        return _lines(_technique_row(t, view.detail) for t in view.techniques)
    if isinstance(view, TechniqueCard):
        return _lines(_card(view.technique))
    if isinstance(view, RedFlagList):
        rows = [
            "\t".join(("emergency" if f.urgent else "see-clinician-today", f.id, f.name, f.description))
            for f in view.flags
        ]
        return _lines([*rows, f"# {view.notices.red_flags}", f"# {view.notices.urgent}"])
    raise TypeError(f"no text rendering for {type(view).__name__}")


def _lines(lines: Any) -> str:
    return "".join(f"{_one_line(line)}\n" for line in lines)


def _one_line(text: str) -> str:
    return " ".join(text.split("\n"))


def _technique_row(t: Technique, detail: bool) -> str:
    fields = [t.id, t.category.value, t.name, describe_dose(t.dose), f"{t.minutes} min", ",".join(t.slots)]
    if detail:
        fields.append(" ".join(f"{i}. {step}" for i, step in enumerate(t.steps, 1)))
    return "\t".join(fields)


def source_line(s: Source) -> str:
    return f"{s.title}. {s.publisher}, {s.year}. {s.url}"


def _card(t: Technique) -> list[str]:
    lines = [
        f"id: {t.id}",
        f"name: {t.name}",
        f"category: {t.category.value}",
        f"purpose: {t.purpose}",
        f"targets: {', '.join(t.targets)}",
        f"dose: {describe_dose(t.dose)}",
        f"minutes: {t.minutes}",
    ]
    if t.dose.note:
        lines.append(f"dose note: {t.dose.note}")
    lines += [f"step {i}: {step}" for i, step in enumerate(t.steps, 1)]
    lines += [
        f"when: {', '.join(t.slots)}",
        f"intensity: {t.intensity.value}",
        f"equipment: {', '.join(t.equipment) or 'none'}",
        f"contraindications: {', '.join(t.contraindications) or 'none listed'}",
    ]
    lines += [f"caution: {c}" for c in t.cautions]
    if t.alternatives:
        lines.append(f"alternatives: {', '.join(t.alternatives)}")
    if t.progression_of:
        lines.append(f"progression of: {t.progression_of}")
    lines += [f"source: {source_line(s)}" for s in t.sources]
    return lines
