"""JSON for scripts: documented, stable keys, and a ``schema`` key naming the shape and its version.

Shapes: ``runback.technique/1`` (one technique), ``runback.technique-list/1`` (``count`` and
``techniques``), ``runback.red-flags/2`` (``flags`` with their ``level``, and the advice),
``runback.plan/2`` (a week's plan), ``runback.history/1`` (weeks of the journal) and
``runback.progress/1`` (the programme across weeks); the last three ship a JSON Schema in
``runback/schemas/``.
A technique's keys are the catalogue's fields, with ``dose.text`` (the dose in words) and
``minutes`` added.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..models import Technique, describe_dose

if TYPE_CHECKING:
    from ..history import History, WeekSummary
    from ..planner import Note, Plan, Warning
    from ..programme import Progress
    from ..query import RedFlagList, TechniqueCard, TechniqueList


def dumps(document: dict[str, Any]) -> str:
    """The document as JSON. NaN and Infinity are not JSON, so a non-finite number is an error
    here rather than an output other programs cannot read."""
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def technique_card(view: TechniqueCard) -> str:
    return dumps({"schema": "runback.technique/1", **technique(view.technique)})


def technique_list(view: TechniqueList) -> str:
    items = [technique(t) for t in view.techniques]
    return dumps({"schema": "runback.technique-list/1", "count": len(items), "techniques": items})


def red_flags(view: RedFlagList) -> str:
    return dumps(
        {
            "schema": "runback.red-flags/2",
            "advice": view.notices.red_flags,
            "urgent_advice": view.notices.urgent,
            "flags": [plain(f) for f in view.flags],
        }
    )


def plan(view: Plan) -> str:
    return dumps(plan_document(view))


def history(view: History) -> str:
    return dumps({"schema": view.schema, "weeks": [week_document(w) for w in view.weeks]})


def progress(view: Progress) -> str:
    """``runback.progress/1``: each movement's level week by week, and running's state."""
    return dumps(
        {
            "schema": view.schema,
            "weeks": list(view.weeks),
            "movements": [
                {
                    "family": row.family,
                    "name": row.name,
                    "top": row.top,
                    "weeks": [
                        {
                            "week": c.week,
                            "level": c.label,
                            "rung": c.level,
                            "decision": c.decision or None,
                            "reason": c.reason,
                        }
                        for c in row.cells
                    ],
                }
                for row in view.rows
            ],
        }
    )


def week_document(w: WeekSummary) -> dict[str, Any]:
    """A week of history: ``week`` (ISO week), ``start``, ``runs``, ``km``, ``longest_km``, ``hard``
    (hard sessions), ``cross_minutes``, ``pain_avg`` and ``pain_max`` (null without scores),
    ``done`` (routines done) and ``planned`` (routines planned, or null)."""
    return {
        "week": w.week.label,
        "start": w.week.start.isoformat(),
        "runs": w.runs,
        "km": w.km,
        "longest_km": w.longest_km,
        "hard": w.hard,
        "cross_minutes": w.cross_minutes,
        "pain_avg": w.pain_avg,
        "pain_max": w.pain_max,
        "done": w.done,
        "planned": w.planned,
    }


def plan_document(plan: Plan) -> dict[str, Any]:
    """A plan as ``runback.plan/2``: what the plan asks for, with what was typed beside it."""
    from ..week import weekday_name

    week = plan.week
    totals = plan.totals
    return {
        "schema": "runback.plan/2",
        "week": {"label": week.label, "start": week.start.isoformat(), "end": week.end.isoformat()},
        "status": plan.status,
        "pain": plan.pain,
        "pain_date": plan.pain_date.isoformat() if plan.pain_date else None,
        "conditions": list(plan.conditions),
        "budget_minutes": plan.budget_minutes,
        "stop": None
        if plan.stop is None
        else {
            "text": plan.stop.text,
            "level": plan.stop.level,
            "red_flags": list(plan.stop.flags),
            "unknown": list(plan.stop.unknown),
        },
        "totals": {
            "runs": totals.runs,
            "distance_km": totals.km,
            "typed_km": totals.typed_km,
            "run_minutes": totals.run_minutes,
            "hard_sessions": totals.hard_sessions,
            "recovery_minutes": totals.recovery_minutes,
            "session_minutes": totals.session_minutes,
            "rest_days": totals.rest_days,
        },
        "days": [
            {
                "date": day.date.isoformat(),
                "weekday": weekday_name(day.date),
                "label": day.label,
                "recovery_minutes": day.recovery_minutes,
                "session_minutes": day.session_minutes,
                "runs": [
                    {
                        "kind": p.kind.value,
                        "typed_kind": p.run.kind.value,
                        "distance_km": round(p.km, 2),
                        "typed_km": round(p.typed_km, 2),
                        "duration_min": round(p.minutes, 1),
                        "typed_min": round(p.typed_minutes, 1),
                        "estimated": p.estimated,
                        "rpe": p.run.rpe,
                        "status": p.status,
                        "advice": p.advice,
                        "condition": p.condition,
                    }
                    for p in day.runs
                ],
                "items": [
                    {
                        "section": i.section,
                        "technique": i.technique,
                        "name": i.name,
                        "category": i.category,
                        "dose": i.dose,
                        "minutes": i.minutes,
                        "session": i.session,
                        "level": i.level,
                        "why": i.why,
                        "note": i.note,
                    }
                    for i in day.items
                ],
                "notes": list(day.notes),
            }
            for day in plan.days
        ],
        "notes": [guidance(n) for n in plan.notes],
        "warnings": [guidance(w) for w in plan.warnings],
        "disclaimer": plan.disclaimer,
        "red_flags": [{"id": f.id, "name": f.name, "level": f.level} for f in plan.red_flags],
        "red_flags_hint": plan.red_flags_hint,
    }


def guidance(item: Note | Warning) -> dict[str, Any]:
    """A note or a warning: its text, what it rests on, and its source (an object, or null)."""
    return {
        "code": item.code,
        "text": item.text,
        "basis": item.basis,
        "evidence": item.evidence,
        "source": plain(item.source) if item.source is not None else None,
    }


def technique(t: Technique) -> dict[str, Any]:
    data: dict[str, Any] = plain(t)
    data["dose"]["text"] = describe_dose(t.dose)
    data["minutes"] = t.minutes
    return data


def plain(value: Any) -> Any:
    """A model as JSON-ready data, keys in field order (no pydantic schema is built for it)."""
    if isinstance(value, BaseModel):
        return {
            (info.alias or name): plain(getattr(value, name))
            for name, info in type(value).model_fields.items()
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value
