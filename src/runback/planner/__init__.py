"""The planner: a week of runs and a runner's profile in, a day-by-day recovery plan out.

``plan(catalogue, week, profile)`` is a pure function: no I/O, no clock, no randomness, and no
iteration over sets, so the same input gives the same plan on every machine. It is a short
pipeline of stages (``STAGES``, see ``runback.planner.stages``) that a reader can follow and a
clinician can review one at a time; each reads its numbers and words from the catalogue's rules.
The checker (``runback.planner.check``) states what every plan must hold.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import stages
from .model import (
    AS_PLANNED,
    EASED,
    HELD,
    REPLACED,
    STATUS_EASED,
    STATUS_NO_RUNNING,
    STATUS_STOP,
    STATUS_USUAL,
    Day,
    Item,
    Note,
    Plan,
    PlannedRun,
    PreviousWeek,
    Profile,
    ReportedFlag,
    Stop,
    Totals,
    Warning,
    WeekRuns,
)
from .safety import pain_stop

if TYPE_CHECKING:
    from ..models import Catalogue

Stage = Callable[[stages.Draft], stages.Draft]

STAGES: tuple[Stage, ...] = (
    stages.safety_gate,
    stages.conditions,
    stages.pain_ladder,
    stages.return_to_run,
    stages.shape,
    stages.place,
    stages.fit,
    stages.guidance,
)

__all__ = [
    "AS_PLANNED", "EASED", "HELD", "REPLACED", "STAGES", "STATUS_EASED", "STATUS_NO_RUNNING", "STATUS_STOP",
    "STATUS_USUAL", "Day", "Item", "Note", "Plan", "PlannedRun", "PreviousWeek", "Profile", "Stop",
    "Totals", "Warning", "WeekRuns", "pain_stop", "plan", "routine",
]  # fmt: skip


def plan(catalogue: Catalogue, week: WeekRuns, profile: Profile) -> Plan:
    """The week's plan. Pure and deterministic."""
    budget = profile.minutes if profile.minutes is not None else catalogue.rules.default_minutes
    draft = stages.start(catalogue, week.week, week.runs, profile, budget)
    for stage in STAGES:
        draft = stage(draft)
        if draft.stop is not None:
            break
    return finish(draft)


def finish(draft: stages.Draft) -> Plan:
    """The plan from the last draft: totals from the runs as planned."""
    rules = draft.rules
    base = Plan(
        week=draft.week,
        status=STATUS_STOP,
        pain=draft.profile.pain,
        budget_minutes=draft.budget,
        days=(),
        notes=draft.notes,
        stop=draft.stop,
        disclaimer=draft.catalogue.notices.disclaimer,
        red_flags_hint=draft.catalogue.notices.pointer,
        conditions=tuple(sorted(c.value for c in set(draft.profile.conditions))),
        pain_date=draft.profile.pain_day,
        made=draft.profile.today,
        red_flags=tuple(
            ReportedFlag(f.id, f.name, f.level.value)
            for f in draft.catalogue.red_flags
            if f.id in draft.profile.red_flags
        ),
    )
    if draft.stop is not None:
        return base
    runs = [p for day in draft.days for p in day.running]
    typed = [p for day in draft.days for p in day.runs]
    totals = Totals(
        runs=len(runs),
        km=round(sum(p.km for p in runs), 1),
        run_minutes=round(sum(p.minutes for p in runs), 1),
        hard_sessions=sum(1 for p in runs if p.hard(rules)),
        recovery_minutes=sum(d.recovery_minutes for d in draft.days),
        session_minutes=sum(d.session_minutes for d in draft.days),
        rest_days=sum(1 for d in draft.days if not d.running),
        typed_km=round(sum(p.typed_km for p in typed), 1),
    )
    held = [p for day in draft.days for p in day.runs if p.status == HELD]
    if draft.window or (held and not runs):
        status = STATUS_NO_RUNNING
    elif draft.eased or any(p.status == EASED for p in runs):
        status = STATUS_EASED
    else:
        status = STATUS_USUAL
    return base._replace(status=status, days=draft.days, totals=totals, warnings=draft.warnings)


def routine(catalogue: Catalogue, name: str, profile: Profile) -> tuple[Item, ...]:
    """A named routine from the rules (``post-run``, ``warm-up``, ...): chosen as a plan's day is,
    leaving out what the runner cannot do or has no equipment for, within their minutes."""
    from .choose import Chooser, Context

    rules = catalogue.rules
    budget = profile.minutes if profile.minutes is not None else rules.default_minutes
    chosen = Chooser(catalogue, profile).day(list(rules.routines[name]), Context())
    shorten = functools.partial(stages.at_low_dose, catalogue)
    items, _ = stages.fit_items(stages._in_order(rules, chosen.items), budget, shorten)
    return tuple(i for i in stages.pair_self_release(rules, items) if not i.session)
