"""Weeks of training from the journal: load, pain and routines done, and the report for a clinician.

Pure functions over what the journal returns; no I/O here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from .vocab import RunKind
from .week import Run, Week

if TYPE_CHECKING:
    from .journal import Activity, Journal, PainEntry, PlannedItem
    from .models import Catalogue, Rules
    from .planner.model import PreviousWeek, Warning


T = TypeVar("T")
DEFAULT_WEEKS = 12  # what ``runback history`` shows when no weeks are chosen


class WeekSummary(NamedTuple):
    week: Week
    runs: int
    km: float
    longest_km: float
    hard: int
    cross_minutes: float
    pain_avg: float | None
    pain_max: int | None
    done: int
    planned: int | None = None


class DaySummary(NamedTuple):
    date: dt.date
    run_km: float
    cross_minutes: float
    pain: int | None
    note: str


class History(NamedTuple):
    weeks: tuple[WeekSummary, ...]
    schema: str = "runback.history/1"


class Report(NamedTuple):
    start: dt.date
    end: dt.date
    weeks: tuple[WeekSummary, ...]
    days: tuple[DaySummary, ...]
    routines: tuple[tuple[str, str, int], ...]  # technique id, name, times done
    flags: tuple[str, ...]
    disclaimer: str


def weeks_ending(last: dt.date, count: int) -> list[Week]:
    """``count`` ISO weeks, oldest first, the last being the week of ``last``."""
    monday = last - dt.timedelta(days=last.weekday())
    return [Week(monday - dt.timedelta(weeks=count - 1 - i)) for i in range(count)]


def run_kind(activity: Activity, rules: Rules) -> RunKind:
    """A logged run keeps its kind; an imported one is long from ``long_run_minutes``, else easy."""
    if activity.kind:
        return RunKind(activity.kind)
    return RunKind.long if (activity.minutes or 0) >= rules.long_run_minutes else RunKind.easy


def run_km(activity: Activity, rules: Rules) -> float:
    """A run's distance, estimated from its time at the rules' pace when only the time was logged."""
    if activity.distance_km is not None:
        return activity.distance_km
    return (activity.minutes or 0.0) / rules.pace_min_per_km[run_kind(activity, rules)]


def weekly_km(activities: Sequence[Activity], weeks: Sequence[Week], rules: Rules) -> tuple[float, ...]:
    """Each week's running distance, as the load warnings compare weeks."""
    return tuple(
        round(sum(run_km(a, rules) for a in week if a.sport == "run"), 1)
        for week in _by_week(weeks, activities, lambda a: a.date)
    )


def known(
    weeks: Sequence[Week], km: Sequence[float], span: tuple[dt.date, dt.date] | None
) -> list[PreviousWeek]:
    """Weeks with their distance where the journal knows them: from the week of its first activity
    to the week of its last. A week outside that span is unknown, never zero."""
    from .planner.model import PreviousWeek

    return [
        PreviousWeek(week.label, value if span and span[0] <= week.end and week.start <= span[1] else None)
        for week, value in zip(weeks, km, strict=True)
    ]


def previous_weeks(journal: Journal, week: Week, rules: Rules) -> tuple[PreviousWeek, ...]:
    """The ``acwr_weeks`` weeks before ``week`` from the journal, for a plan's load warnings."""
    before = [Week(week.start - dt.timedelta(weeks=rules.acwr_weeks - i)) for i in range(rules.acwr_weeks)]
    logged = journal.activities(before[0].start, before[-1].end)
    return tuple(known(before, weekly_km(logged, before, rules), journal.activity_span()))


def planned_counts(planned: Sequence[PlannedItem], weeks: Sequence[Week]) -> tuple[int | None, ...]:
    """Routines planned each week; None for a week without a current plan."""
    return tuple(len(week) or None for week in _by_week(weeks, planned, lambda item: item.date))


def weeks_between(first: dt.date, last: dt.date) -> list[Week]:
    """The ISO weeks from ``first``'s to ``last``'s, oldest first; none before runback's first year
    (nothing is dated earlier), and always at least ``last``'s."""
    from .bounds import FIRST_DAY

    start = max(first, FIRST_DAY)
    count = (last - start).days // 7 + 2 if start <= last else 1
    weeks = weeks_ending(last, count)
    return [w for w in weeks if w.end >= start] or weeks[-1:]


def history_of(journal: Journal, catalogue: Catalogue, first: dt.date, today: dt.date) -> History:
    """The weeks from ``first``'s to ``today``'s, from the journal."""
    span = weeks_between(first, today)
    start, end = span[0].start, span[-1].end
    return History(
        summarize(
            span,
            journal.activities(start, end),
            journal.pain(start, end),
            journal.done(start, end),
            catalogue.rules,
            planned_counts(journal.planned(start, end), span),
        )
    )


def report_of(journal: Journal, catalogue: Catalogue, today: dt.date, count: int) -> Report:
    """The report over the ``count`` weeks ending with ``today``'s, from the journal; the weeks
    before them give the load warnings their comparison."""
    span = weeks_ending(today, count)
    before = weeks_ending(span[0].start - dt.timedelta(days=1), catalogue.rules.acwr_weeks)
    start, end = span[0].start, span[-1].end
    earlier = journal.activities(before[0].start, before[-1].end)
    return report(
        catalogue,
        span,
        journal.activities(start, end),
        journal.pain(start, end),
        journal.done(start, end),
        known(before, weekly_km(earlier, before, catalogue.rules), journal.activity_span()),
        planned_counts(journal.planned(start, end), span),
        journal.activity_span(),
    )


def as_run(activity: Activity, rules: Rules) -> Run | None:
    """A logged run for the planner; None for one with neither a distance nor a time."""
    if activity.distance_km is None and activity.minutes is None:
        return None
    return Run(
        activity.date, run_kind(activity, rules), activity.distance_km, activity.minutes, activity.rpe,
        origin=activity.key,
    )  # fmt: skip


def logged_runs(activities: Sequence[Activity], rules: Rules) -> list[Run]:
    return [run for a in activities if a.sport == "run" and (run := as_run(a, rules)) is not None]


def _by_week(weeks: Sequence[Week], items: Iterable[T], date_of: Callable[[T], dt.date]) -> list[list[T]]:
    """The items falling in each week, in one pass over them."""
    index = {date: i for i, week in enumerate(weeks) for date in week.dates}
    buckets: list[list[T]] = [[] for _ in weeks]
    for item in items:
        i = index.get(date_of(item))
        if i is not None:
            buckets[i].append(item)
    return buckets


def summarize(
    weeks: Sequence[Week],
    activities: Sequence[Activity],
    pain: Sequence[PainEntry],
    done: Sequence[tuple[dt.date, str]],
    rules: Rules,
    planned: Sequence[int | None] | None = None,
) -> tuple[WeekSummary, ...]:
    by_week = zip(
        _by_week(weeks, activities, lambda a: a.date),
        _by_week(weeks, pain, lambda p: p.date),
        _by_week(weeks, done, lambda d: d[0]),
        strict=True,
    )
    out = []
    for index, (week, (logged, week_pain, week_done)) in enumerate(zip(weeks, by_week, strict=True)):
        runs = [a for a in logged if a.sport == "run"]
        cross = [a for a in logged if a.sport != "run"]
        scores = [p.score for p in week_pain]
        km = [run_km(a, rules) for a in runs]
        out.append(
            WeekSummary(
                week=week,
                runs=len(runs),
                km=round(sum(km), 1),
                longest_km=round(max(km, default=0.0), 1),
                hard=sum(rules.is_hard(run_kind(a, rules), a.rpe) for a in runs),
                cross_minutes=round(sum(a.minutes or 0.0 for a in cross)),
                pain_avg=round(sum(scores) / len(scores), 1) if scores else None,
                pain_max=max(scores) if scores else None,
                done=len(week_done),
                planned=planned[index] if planned is not None else None,
            )
        )
    return tuple(out)


def days(
    start: dt.date, end: dt.date, activities: Sequence[Activity], pain: Sequence[PainEntry], rules: Rules
) -> tuple[DaySummary, ...]:
    by_day = {p.date: p for p in pain}
    logged: dict[dt.date, list[Activity]] = {}
    for a in activities:
        logged.setdefault(a.date, []).append(a)
    out = []
    date = start
    while date <= end:
        todays = logged.get(date, [])
        entry = by_day.get(date)
        km = sum(run_km(a, rules) for a in todays if a.sport == "run")
        cross = sum(a.minutes or 0.0 for a in todays if a.sport != "run")
        if todays or entry:
            out.append(
                DaySummary(
                    date,
                    round(km, 1),
                    round(cross),
                    entry.score if entry else None,
                    entry.note if entry else "",
                )
            )
        date += dt.timedelta(days=1)
    return tuple(out)


def report(
    catalogue: Catalogue,
    weeks: Sequence[Week],
    activities: Sequence[Activity],
    pain: Sequence[PainEntry],
    done: Sequence[tuple[dt.date, str]],
    previous: Sequence[PreviousWeek],
    planned: Sequence[int | None] | None = None,
    span: tuple[dt.date, dt.date] | None = None,
) -> Report:
    """A one-page summary for a GP or physiotherapist: load by week, pain by day against load,
    routines done and the flags raised (load warnings, and days of high pain)."""
    rules = catalogue.rules
    summaries = summarize(weeks, activities, pain, done, rules, planned)
    names = {t.id: t.name for t in catalogue.techniques}
    counts: dict[str, int] = {}
    for _, technique in done:
        counts[technique] = counts.get(technique, 0) + 1
    routines = tuple(
        (tid, names.get(tid, tid), n)
        for tid, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    flags: list[str] = []
    history = list(previous)
    for summary in summaries:
        for warning in load_warnings(catalogue, summary.week, activities, history):
            flags.append(f"{summary.week.label}: {warning.text}")
        history += known([summary.week], [summary.km], span)
    for entry in pain:
        if entry.score >= rules.pain_no_running:
            flags.append(
                f"{entry.date.isoformat()}: back pain {entry.score}/10"
                + (f" ({entry.note})" if entry.note else "")
            )
    return Report(
        start=weeks[0].start,
        end=weeks[-1].end,
        weeks=summaries,
        days=days(weeks[0].start, weeks[-1].end, activities, pain, rules),
        routines=routines,
        flags=tuple(flags),
        disclaimer=catalogue.notices.disclaimer,
    )


def load_warnings(
    catalogue: Catalogue, week: Week, activities: Sequence[Activity], previous: Sequence[PreviousWeek]
) -> tuple[Warning, ...]:
    """The load warnings for a week that has happened, from its logged runs (the planner's rules,
    on what was run; the ratio to recent weeks is left to the week-by-week table)."""
    from .planner.load import DayLoad
    from .planner.load import load_warnings as warnings_for

    rules = catalogue.rules
    logged = [a for a in activities if a.date in week and a.sport == "run"]
    if not logged:
        return ()
    days = [
        DayLoad(date, tuple((run_kind(a, rules), run_km(a, rules)) for a in logged if a.date == date))
        for date in week.dates
    ]
    return warnings_for(rules, days, previous, ratio=False)
