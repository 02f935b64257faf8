"""iCalendar (RFC 5545): one all-day event for each day of the week, made with the icalendar library.

UIDs are stable (``runback-recovery-2026-11-23@runback``), so importing the file again updates a
day's event instead of adding a second one; every day of the week has its event, so a new plan
replaces all of an old one. A stopped plan puts its message on every day.

A revised plan must win over the one a calendar already holds: DTSTAMP is the day the plan was
made (midnight UTC) and SEQUENCE counts the days from 2000-01-01 to it, so a plan made on a
later day carries a higher SEQUENCE on every event. Both come from the plan's inputs, not the
wall clock, so the same plan made on the same day gives the same bytes; a second revision on the
same day has the same SEQUENCE, and calendars that import by UID (khal, for one) take it anyway.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .. import __version__
from .text import item_dose, run_advice, run_text

if TYPE_CHECKING:
    from ..planner import Day, Plan

EPOCH = dt.date(2000, 1, 1)


def plan(plan: Plan) -> str:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", f"-//runback//runback {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "runback recovery")
    made = plan.made or plan.week.start
    stamp = dt.datetime.combine(made, dt.time(0, 0), tzinfo=dt.UTC)
    sequence = (made - EPOCH).days
    if plan.stop is not None:
        text = "\n".join([plan.stop.text, "", plan.disclaimer, plan.red_flags_hint])
        for date in plan.week.dates:
            calendar.add_component(
                _event(date, "runback: no plan, stop and see a clinician", text, stamp, sequence)
            )
    for day in plan.days:
        calendar.add_component(_event(day.date, _summary(day), _description(plan, day), stamp, sequence))
    return str(calendar.to_ical().decode("utf-8"))


def _event(date: dt.date, summary: str, description: str, stamp: dt.datetime, sequence: int) -> Any:
    from icalendar import Event

    event = Event()
    event.add("uid", f"runback-recovery-{date.isoformat()}@runback")
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("dtstart", date)
    event.add("dtend", date + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def _summary(day: Day) -> str:
    if not day.items and not day.runs:
        return f"Rest: {day.label}"
    minutes = f"{day.recovery_minutes} min"
    if day.session_minutes:
        minutes += f" + {day.session_minutes} min session"
    return f"Recovery {minutes}: {day.label}"


def _description(plan: Plan, day: Day) -> str:
    lines = [f"Run: {run_text(p)}" + (f" - {run_advice(p)}" if run_advice(p) else "") for p in day.runs]
    for item in day.items:
        why = f" ({item.why})" if item.why else ""
        lines.append(f"[ ] {item.name}: {item_dose(item)} [{item.technique}]{why}")
    lines += list(day.notes)
    lines += ["", plan.disclaimer, plan.red_flags_hint]
    return "\n".join(lines)
