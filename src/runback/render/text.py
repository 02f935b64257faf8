"""Plain text: no colour, no box drawing, one record per line with tab-separated fields, so that
``grep``, ``cut -f`` and ``awk -F'\\t'`` work on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models import Source, Technique, describe_dose

if TYPE_CHECKING:
    from ..history import History, WeekSummary
    from ..planner import Item, Plan, PlannedRun
    from ..programme import Progress
    from ..query import RedFlagList, TechniqueCard, TechniqueList
    from ..routine import Routine


def technique_list(view: TechniqueList) -> str:
    return _lines(_technique_row(t, view.detail) for t in view.techniques)


def technique_card(view: TechniqueCard) -> str:
    return _lines(_card(view.technique))


def red_flags(view: RedFlagList) -> str:
    rows = ["\t".join((FLAG_ACTIONS[f.level.value], f.id, f.name, f.description)) for f in view.flags]
    return _lines([*rows, f"# {view.notices.red_flags}", f"# {view.notices.urgent}"])


def plan(view: Plan) -> str:
    return _lines(_plan(view))


def history(view: History) -> str:
    return _lines(_tabbed(*history_row(w)) for w in view.weeks)


def progress(view: Progress) -> str:
    """A record a week for each movement: ``level``, family, week, level, decision, reason."""
    return _lines(
        _tabbed("level", row.family, cell.week, cell.label, cell.decision or "-", cell.reason)
        for row in view.rows
        for cell in row.cells
    )


def routine(view: Routine) -> str:
    """A routine as a checklist to follow without a timer: each technique, its dose and its steps."""
    minutes = sum(s.minutes for s in view.steps)
    lines = [f"{view.title} ({len(view.steps)} techniques, about {minutes} min)"]
    for s in view.steps:
        lines.append(f"[ ] {s.technique.name}: {s.dose} ({s.minutes} min)  {s.technique.id}")
        lines += [f"    {i}. {text}" for i, text in enumerate(s.technique.steps, 1)]
    return "".join(f"{line}\n" for line in lines)


FLAG_ACTIONS = {"emergency": "emergency", "urgent": "see-clinician-today", "soon": "see-gp-soon"}

HISTORY_COLUMNS = (
    "week", "start", "runs", "km", "longest_km", "hard", "cross_minutes", "pain_avg", "pain_max", "done", "planned",
)  # fmt: skip


def history_row(w: WeekSummary) -> tuple[object, ...]:
    """A week's figures in HISTORY_COLUMNS order; missing values are empty."""

    def blank(value: object) -> object:
        return "" if value is None else value

    return (
        w.week.label, w.week.start.isoformat(), w.runs, f"{w.km:g}", f"{w.longest_km:g}", w.hard,
        f"{w.cross_minutes:g}", blank(w.pain_avg), blank(w.pain_max), w.done, blank(w.planned),
    )  # fmt: skip


def _tabbed(*fields: object) -> str:
    return "\t".join(str(f) for f in fields)


def run_text(p: PlannedRun) -> str:
    """``8 km easy (about 48 min)``: the run as typed, the other amount estimated from pace."""
    from ..week import format_minutes

    kind = p.run.kind.value
    if p.estimated == "duration":
        return f"{p.run.amount} {kind} (about {format_minutes(p.typed_minutes)})"
    if p.estimated == "distance":
        return f"{p.run.amount} {kind} (about {p.typed_km:.1f} km)"
    return f"{p.typed_km:.1f} km {kind} in {format_minutes(p.typed_minutes)}"


def run_advice(p: PlannedRun) -> str:
    """What the plan asks of a changed run, and when it may go ahead: empty when as typed."""
    return "; ".join(part for part in (p.advice, p.condition) if part)


def item_dose(item: Item) -> str:
    """The dose, and the minutes it takes where the dose does not say: ``30 s x 2 per side (3 min)``."""
    if item.minutes and " min" not in item.dose:
        return f"{item.dose} ({item.minutes} min)"
    return item.dose


def _plan(plan: Plan) -> list[str]:
    """Records, one a line, the first field naming the kind: week, stop, day, run, item, note,
    warning, notice. Dates are ISO, so ``grep 2026-11-28`` finds a day's lines."""
    from ..week import weekday_name

    week = plan.week
    totals = plan.totals
    lines = [
        _tabbed(
            "week",
            week.label,
            week.start.isoformat(),
            week.end.isoformat(),
            plan.status,
            f"pain {plan.pain}/10",
            f"{totals.runs} run{'s' if totals.runs != 1 else ''}",
            f"{totals.km:g} km",
            f"{totals.recovery_minutes} min recovery",
        )
    ]
    if plan.stop is not None:
        lines.append(_tabbed("stop", STOP_LEVELS[plan.stop.level], plan.stop.text))
    lines += [_tabbed("note", note.code, note.text) for note in plan.notes]
    for day in plan.days:
        date, name = day.date.isoformat(), weekday_name(day.date)
        lines.append(_tabbed("day", date, name, day.label, f"{day.recovery_minutes} min recovery"))
        for p in day.runs:
            advice = run_advice(p)
            lines.append(
                _tabbed("run", date, name, run_text(p), f"{p.status}: {advice}" if advice else p.status)
            )
        for i in day.items:
            minutes = f"{i.minutes} min" + (" (session)" if i.session else "") if i.minutes else "-"
            lines.append(_tabbed("item", date, name, i.section, i.technique, i.name, i.dose, minutes, i.why))
        lines += [_tabbed("day-note", date, note) for note in day.notes]
    for w in plan.warnings:
        lines.append(
            _tabbed("warning", w.code, w.text, w.basis, f"evidence: {w.evidence}" if w.evidence else "")
        )
    lines += [_tabbed("notice", plan.disclaimer), _tabbed("notice", plan.red_flags_hint)]
    return lines


STOP_LEVELS = {"emergency": "emergency", "urgent": "see-clinician"}


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
    """``Authors. Title. Publisher, year. URL``: authors ending in "et al." keep one full stop."""
    authors = f"{s.authors.removesuffix('.')}. " if s.authors else ""
    return f"{authors}{s.title}. {s.publisher}, {s.year}. {s.url}"


def _card(t: Technique) -> list[str]:
    lines = [
        f"id: {t.id}",
        f"name: {t.name}",
        f"category: {t.category.value}",
        f"purpose: {t.purpose}",
        *([f"timing: {t.timing}"] if t.timing else []),
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
