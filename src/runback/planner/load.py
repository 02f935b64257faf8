"""Load warnings: a week's running against the weeks before it, and its shape.

One function for every command that warns about load: ``plan`` (on the runs as planned, after
any easing), and ``history`` and ``report`` (on the runs as logged). A week before the one
looked at is known or unknown, never zero for want of data; a comparison needs enough known
weeks and says which it used.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..units import Units, distance
from ..vocab import RunKind
from ..week import weekday_name
from .model import PreviousWeek, Warning

if TYPE_CHECKING:
    from ..models import Message, Rules


class DayLoad(NamedTuple):
    """The runs of one day, as (kind, km) pairs: planned runs in a plan, logged ones in history."""

    date: dt.date
    runs: tuple[tuple[RunKind, float], ...]


def known_weeks(rules: Rules, previous: Sequence[PreviousWeek]) -> list[PreviousWeek]:
    """The known weeks among the last ``acwr_weeks`` before a week; empty when too few of them
    are known (``load_known_weeks``, or all of them when fewer weeks were given)."""
    window = previous[-rules.acwr_weeks :]
    known = [w for w in window if w.km is not None]
    return known if known and len(known) >= min(rules.load_known_weeks, len(window)) else []


def load_warnings(
    rules: Rules,
    days: Sequence[DayLoad],
    previous: Sequence[PreviousWeek],
    *,
    ratio: bool = True,
    units: Units = Units.km,
) -> tuple[Warning, ...]:
    """Warnings about a week's load, each only when it is true of the runs given; ``ratio`` adds
    the acute:chronic workload ratio, for information. Distances are said in ``units``."""
    m = rules.messages
    out: list[Warning] = []
    runs = [run for day in days for run in day.runs]
    week_km = sum(km for _, km in runs)
    known = known_weeks(rules, previous)
    average = sum(w.km or 0.0 for w in known) / len(known) if known else 0.0
    labels = ", ".join(w.label for w in known)
    if runs and known and average >= rules.load_min_km:
        change = (week_km - average) / average * 100
        values = {"km": distance(week_km, units), "previous": distance(average, units), "weeks": len(known),
                  "pct": round(change), "labels": labels}  # fmt: skip
        if change > rules.increase_warn_pct:
            out.append(warning("weekly-increase-large", m.weekly_increase_large, values))
        elif change > rules.increase_note_pct:
            out.append(warning("weekly-increase", m.weekly_increase, values))
    not_races = [km for kind, km in runs if kind is not RunKind.race]
    if len(runs) >= rules.long_run_share_min_runs and week_km > 0 and not_races:
        longest = max(not_races)
        share = longest / week_km
        if share > rules.long_run_share:
            values = {
                "km": distance(longest, units),
                "total": distance(week_km, units),
                "pct": round(share * 100),
            }
            out.append(warning("long-run-share", m.long_run_share, values))
    big = set(rules.hard_kinds) | set(rules.long_kinds)
    for a, b in itertools.pairwise(days):
        if (b.date - a.date).days == 1 and _kinds(a) & big and _kinds(b) & big:
            values = {"first": weekday_name(a.date), "second": weekday_name(b.date)}
            out.append(warning("back-to-back", m.back_to_back, values))
    if len(days) == 7 and all(day.runs for day in days):
        out.append(warning("no-rest-day", m.no_rest_day, {}))
    if ratio and runs and known and average >= rules.load_min_km:
        values = {
            "ratio": f"{week_km / average:.2f}",
            "weeks": len(known),
            "high": rules.acwr_high,
            "labels": labels,
        }
        out.append(warning("acwr", m.acwr, values))
    return tuple(out)


def _kinds(day: DayLoad) -> set[RunKind]:
    return {kind for kind, _ in day.runs}


def warning(code: str, message: Message, values: dict[str, object]) -> Warning:
    return Warning(
        code=code,
        text=message.text.format(**values),
        basis=message.basis.format(**values) if message.basis else "",
        evidence=message.evidence or "",
        source=message.source,
    )
