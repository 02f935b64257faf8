"""Weeks of training from the journal: load, pain and routines done, and the report for a clinician.

Pure functions over what the journal returns; no I/O here. An activity whose distance, time or
speed is impossible (a row an older runback stored before imports were checked) is left out of
every sum, so that no total becomes infinite or NaN.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from . import bounds
from .units import Units, distance
from .vocab import RunKind
from .week import Run, Week

if TYPE_CHECKING:
    from .journal import Activity, Journal, PainEntry, PlannedItem
    from .models import Catalogue, Rules, Source
    from .planner.model import PreviousWeek, Warning
    from .programme import PainScore, Programme
    from .vocab import Condition


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
    units: Units = Units.km  # how distances are shown (the JSON keeps kilometres)


class DayPoint(NamedTuple):
    """One day of the report's chart."""

    date: dt.date
    km: float  # running distance
    pain: int | None  # the day's worst score
    morning: int | None  # the morning's score (the last one logged that morning)
    psfs: float | None  # the PSFS average, on a day it was scored


class WeekPoint(NamedTuple):
    """One week of the report's sparklines."""

    label: str
    km: float
    pain: float | None  # the average of each day's worst
    morning: float | None
    psfs: float | None


class Movement(NamedTuple):
    """A movement's level in the programme now, and the last decision that moved or held it."""

    name: str
    level: str  # "Single-leg bridge, 2 x 8 reps per side (level 2 of 3, step 1 of 3)"
    decision: str  # "2026-W48: progressed: ..."


class ProgrammeSummary(NamedTuple):
    movements: tuple[Movement, ...]
    running: str  # running's state on the return-to-run ladder, and its last step
    overrides: tuple[str, ...]  # "2026-W47: you chose more than the model allowed"
    basis: str  # what the rule that moves levels rests on


class Report(NamedTuple):
    """The report for a clinician: a chart, the trends with their noise, next-day pain after
    load, the programme, licensed scores, then load by week, flags and the last two weeks."""

    start: dt.date
    end: dt.date
    chart: tuple[DayPoint, ...]  # every day of the period
    weekly: tuple[WeekPoint, ...]
    trends: tuple[str, ...]
    after_load: tuple[str, ...]  # one sentence per kind of day with enough mornings
    after_load_note: str  # the caveat, or why nothing is shown
    programme: ProgrammeSummary
    licensed: tuple[str, ...]  # "ODI: 22 on 2026-10-20, 14 on 2026-11-27"
    weeks: tuple[WeekSummary, ...]
    days: tuple[DaySummary, ...]  # the last two weeks' days with pain or load
    routines: tuple[tuple[str, str, int], ...]  # technique id, name, times done
    flags: tuple[str, ...]
    sources: tuple[tuple[str, Source], ...]  # what each source supports, and the source
    disclaimer: str
    chart_file: str | None = None  # a picture of the chart beside a Markdown report
    units: Units = Units.km


class ReportRows(NamedTuple):
    """What the report reads from the journal."""

    activities: Sequence[Activity]  # the period's, and the day before it (for next-morning pain)
    pain: Sequence[PainEntry]  # each day's worst, with its notes
    scores: Sequence[PainScore]  # every pain score, with when it was taken
    done: Sequence[tuple[dt.date, str]]
    psfs: Sequence[tuple[dt.date, str, int]]
    licensed: Sequence[tuple[dt.date, str, float]]
    choices: Sequence[tuple[str, str]]
    previous: Sequence[PreviousWeek]  # the weeks before the period, for the load warnings
    planned: Sequence[int | None] | None = None
    span: tuple[dt.date, dt.date] | None = None


RECENT_DAYS = 14  # the day-by-day table: the last two weeks


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


def plausible(activities: Iterable[Activity]) -> list[Activity]:
    """The activities whose distance, time and speed are possible (``bounds.activity_problem``)."""
    return [
        a for a in activities if bounds.activity_problem(a.sport, a.distance_km, a.minutes, a.date) is None
    ]


def weekly_km(activities: Sequence[Activity], weeks: Sequence[Week], rules: Rules) -> tuple[float, ...]:
    """Each week's running distance, as the load warnings compare weeks (plausible runs only)."""
    return tuple(
        round(sum(run_km(a, rules) for a in week if a.sport == "run"), 1)
        for week in _by_week(weeks, plausible(activities), lambda a: a.date)
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


def history_of(
    journal: Journal, catalogue: Catalogue, first: dt.date, today: dt.date, units: Units = Units.km
) -> History:
    """The weeks from ``first``'s to ``today``'s, from the journal, to be shown in ``units``."""
    span = weeks_between(first, today)
    start, end = span[0].start, span[-1].end
    return History(
        summarize(
            span,
            plausible(journal.activities(start, end)),
            journal.pain(start, end),
            journal.done(start, end),
            catalogue.rules,
            planned_counts(journal.planned(start, end), span),
        ),
        units=units,
    )


def report_of(
    journal: Journal,
    catalogue: Catalogue,
    today: dt.date,
    count: int,
    conditions: Sequence[Condition] = (),
    *,
    units: Units = Units.km,
) -> Report:
    """The report over the ``count`` weeks ending with ``today``'s, from the journal; the weeks
    before them give the load warnings their comparison, and the whole journal up to today the
    programme's levels."""
    from . import saved
    from .catalogue import cache_dir

    span = weeks_ending(today, count)
    before = weeks_ending(span[0].start - dt.timedelta(days=1), catalogue.rules.acwr_weeks)
    start, end = span[0].start, span[-1].end
    earlier = journal.activities(before[0].start, before[-1].end)
    rows = ReportRows(
        activities=plausible(journal.activities(start - dt.timedelta(days=1), end)),
        pain=journal.pain(start, end),
        scores=journal.pain_scores(start, end),
        done=journal.done(start, end),
        psfs=journal.psfs(start, end),
        licensed=journal.scores(start, end),
        choices=journal.choices(),
        previous=known(before, weekly_km(earlier, before, catalogue.rules), journal.activity_span()),
        planned=planned_counts(journal.planned(start, end), span),
        span=journal.activity_span(),
    )
    result = saved.load(
        catalogue, journal, span[-1], today, conditions, cache_dir(), until=today, begin=span[0]
    )
    return report(catalogue, span, rows, result, units=units)


def as_run(activity: Activity, rules: Rules) -> Run | None:
    """A logged run for the planner; None for one with neither a distance nor a time."""
    if activity.distance_km is None and activity.minutes is None:
        return None
    return Run(
        activity.date, run_kind(activity, rules), activity.distance_km, activity.minutes, activity.rpe,
        origin=activity.key,
    )  # fmt: skip


def easy_pace_of(journal: Journal, week: Week, rules: Rules) -> float | None:
    """The runner's easy pace (min/km): the median pace of the easy and recovery runs with a
    distance and a time in the ``EASY_PACE_WEEKS`` weeks before ``week``; None with fewer than
    ``EASY_PACE_RUNS`` such runs or a median outside the plausible range."""
    start = week.start - dt.timedelta(weeks=bounds.EASY_PACE_WEEKS)
    paces = [
        run.duration_min / run.distance_km
        for run in logged_runs(journal.activities(start, week.start - dt.timedelta(days=1)), rules)
        if run.kind in (RunKind.easy, RunKind.recovery) and run.distance_km and run.duration_min
    ]
    if len(paces) < bounds.EASY_PACE_RUNS:
        return None
    median = statistics.median(paces)
    low, high = bounds.EASY_PACE_MIN_PER_KM
    return median if low <= median <= high else None


def logged_runs(activities: Sequence[Activity], rules: Rules) -> list[Run]:
    """The plausible runs among activities, for the planner."""
    return [run for a in plausible(activities) if a.sport == "run" and (run := as_run(a, rules)) is not None]


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
    rows: ReportRows,
    result: Programme,
    *,
    units: Units = Units.km,
) -> Report:
    """The report for a GP or physiotherapist, from the journal's rows and the programme: what
    they read first (the chart, the trends against their noise, next-day pain after load, the
    programme, licensed scores), then load by week, flags and the last two weeks day by day."""
    from .outcomes import sources

    rules = catalogue.rules
    start, end = weeks[0].start, weeks[-1].end
    summaries = summarize(weeks, rows.activities, rows.pain, rows.done, rules, rows.planned)
    chart = day_points(start, end, rows, rules)
    after, note = after_load(rows, start, end, rules, units)
    progression, ladder = rules.progression.basis.source, rules.return_to_run.basis.source
    return Report(
        start=start,
        end=end,
        chart=chart,
        weekly=week_points(summaries, chart),
        trends=trends(rows),
        after_load=after,
        after_load_note=note,
        programme=programme_summary(catalogue, result, weeks, rows.choices, units),
        licensed=licensed(rows.licensed),
        weeks=summaries,
        days=days(
            max(start, end - dt.timedelta(days=RECENT_DAYS - 1)), end, rows.activities, rows.pain, rules
        ),
        routines=routines_done(catalogue, rows.done),
        flags=flags(catalogue, summaries, rows, units),
        sources=tuple(
            (what, source)
            for what, source in zip(
                ("PSFS change", "pain change", "programme levels", "return to running"),
                (*sources(), progression, ladder),
                strict=True,
            )
            if source is not None
        ),
        disclaimer=catalogue.notices.disclaimer,
        units=units,
    )


def day_points(start: dt.date, end: dt.date, rows: ReportRows, rules: Rules) -> tuple[DayPoint, ...]:
    """Every day from ``start`` to ``end``: distance run, the worst pain, the morning's pain and
    the PSFS average, each where logged."""
    km: dict[dt.date, float] = {}
    for a in rows.activities:
        if a.sport == "run":
            km[a.date] = km.get(a.date, 0.0) + run_km(a, rules)
    worst = {p.date: p.score for p in rows.pain}
    mornings = dict(morning_scores(rows.scores))
    psfs: dict[dt.date, list[int]] = {}
    for day, _, score in rows.psfs:
        psfs.setdefault(day, []).append(score)
    out = []
    day = start
    while day <= end:
        scored = psfs.get(day)
        out.append(DayPoint(day, round(km.get(day, 0.0), 1), worst.get(day), mornings.get(day),
                            round(sum(scored) / len(scored), 1) if scored else None))  # fmt: skip
        day += dt.timedelta(days=1)
    return tuple(out)


def morning_scores(scores: Iterable[PainScore]) -> list[tuple[dt.date, int]]:
    """One morning score a day, the last logged, as the programme reads it; in date order."""
    out: dict[dt.date, int] = {}
    for p in scores:
        if p.context == "morning":
            out[p.date] = p.score
    return sorted(out.items())


def week_points(summaries: Sequence[WeekSummary], chart: Sequence[DayPoint]) -> tuple[WeekPoint, ...]:
    """Each week's distance and average pain (as the load table has them), with its average
    morning pain and PSFS."""

    def mean(values: list[float]) -> float | None:
        return round(sum(values) / len(values), 1) if values else None

    out = []
    for summary in summaries:
        inside = [p for p in chart if p.date in summary.week]
        out.append(
            WeekPoint(
                summary.week.label,
                summary.km,
                summary.pain_avg,
                mean([p.morning for p in inside if p.morning is not None]),
                mean([p.psfs for p in inside if p.psfs is not None]),
            )
        )
    return tuple(out)


def trends(rows: ReportRows) -> tuple[str, ...]:
    """PSFS and pain over the period, each judged against its noise, or why there is no trend."""
    from .outcomes import PAIN_WEEK_DAYS, pain_trend, psfs_trend

    psfs = psfs_trend(rows.psfs)
    pain = pain_trend([(p.date, p.score) for p in rows.pain])
    return (
        psfs.sentence if psfs else "PSFS: not scored on two days in this period, so no trend to show.",
        pain.sentence
        if pain
        else f"Back pain: no trend to show; it takes two weeks with at least {PAIN_WEEK_DAYS} days scored.",
    )


def after_load(
    rows: ReportRows, start: dt.date, end: dt.date, rules: Rules, units: Units = Units.km
) -> tuple[tuple[str, ...], str]:
    """Morning pain after long runs, hard sessions and runs over the usual distance (the median
    of the period's days run), against the other mornings; with the caveat that goes with it."""
    from .outcomes import MIN_MORNINGS, next_morning

    runs = [a for a in rows.activities if a.sport == "run"]
    km: dict[dt.date, float] = {}
    for a in runs:
        km[a.date] = km.get(a.date, 0.0) + run_km(a, rules)
    kinds = {
        "a long run": {a.date for a in runs if run_kind(a, rules) is RunKind.long},
        "a hard session": {a.date for a in runs if run_kind(a, rules) in rules.hard_kinds},
    }
    inside = [value for day, value in km.items() if day >= start]
    usual = round(statistics.median(inside), 1) if inside else None
    over_usual = f"a run over your usual {distance(usual, units)}" if usual is not None else ""
    if usual is not None:
        kinds[over_usual] = {day for day, value in km.items() if value > usual}
    found = next_morning([m for m in morning_scores(rows.scores) if start <= m[0] <= end], kinds)
    if not found:
        return (), (
            f"Too few morning scores to compare: it takes at least {MIN_MORNINGS} mornings after such days"
            f" and {MIN_MORNINGS} other mornings (runback log pain N --morning)."
        )
    usual_note = (
        f" Usual distance: the median of the days run in this period ({distance(usual, units)})."
        if usual is not None and any(a.kind == over_usual for a in found)
        else ""
    )
    return tuple(a.sentence for a in found), (
        "An association in one person's journal, not a cause: other things change from day to day"
        " (sleep, work, stress), and a few mornings make a shaky average." + usual_note
    )


def programme_summary(
    catalogue: Catalogue,
    result: Programme,
    weeks: Sequence[Week],
    choices: Sequence[tuple[str, str]],
    units: Units = Units.km,
) -> ProgrammeSummary:
    """Each movement's level now with its last decision and reason, running's state on the
    return-to-run ladder, and the weeks in the period the runner overrode the model."""
    from .programme import LADDER, OVERRIDE, TESTS, step_text

    rules, m = catalogue.rules, catalogue.rules.messages
    by_id = {t.id: t for t in catalogue.techniques}
    movements = []
    for root, level in result.levels.items():
        decided = [d for d in result.history if d.family == root]
        if not decided:
            continue
        step = level.step
        dose, _ = step_text(catalogue, step)
        where = m.level.text.format(level=step.level, levels=step.levels, step=step.step, steps=step.steps)
        movements.append(Movement(by_id[root].name, f"{by_id[step.technique].name}, {dose} ({where})",
                                  f"{decided[-1].week}: {decided[-1].reason}"))  # fmt: skip
    run, r = result.run, rules.return_to_run
    since = f"after a flare on {run.since.isoformat()}: " if run.since else ""
    if run.status == TESTS:
        running = f"{since}not running until the entry tests are done ({' and '.join(t.name for t in r.entry_tests)})"
    elif run.status == LADDER:
        phase = r.phases[run.phase - 1]
        values = {"phase": run.phase, "phases": len(r.phases), "run": phase.run_min, "walk": phase.walk_min,
                  "km": distance(phase.km, units), "done": run.done, "repeats": r.repeats}  # fmt: skip
        running = since + (m.ladder_run if phase.run_min else m.ladder_continuous).text.format(**values)
    else:
        running = "running as usual, not on the return-to-run ladder"
    steps = [d for d in result.history if d.family == "running"]
    if steps:
        last = steps[-1]
        running += f"; last step {last.week}: {last.reason or f'{last.decision} to {last.level}'}"
    labels = {w.label for w in weeks}
    overrides = tuple(
        f"{week}: you chose more than the model allowed" for week, choice in choices
        if choice == OVERRIDE and week in labels
    )  # fmt: skip
    basis = rules.progression.basis
    return ProgrammeSummary(
        tuple(movements),
        running[0].upper() + running[1:] + ".",
        overrides,
        f"Levels move at most a step a week, by the pain during and the next morning. {basis.basis or ''}".strip(),
    )


def licensed(rows: Sequence[tuple[dt.date, str, float]]) -> tuple[str, ...]:
    """Each questionnaire's scores with their dates, in the order entered: ``ODI: 22 on 2026-10-20``."""
    by_instrument: dict[str, list[str]] = {}
    for day, instrument, score in rows:
        by_instrument.setdefault(instrument, []).append(f"{score:g} on {day.isoformat()}")
    return tuple(f"{name.upper()}: {', '.join(entries)}" for name, entries in by_instrument.items())


def routines_done(
    catalogue: Catalogue, done: Sequence[tuple[dt.date, str]]
) -> tuple[tuple[str, str, int], ...]:
    """Each technique done in the period and how often, the most done first."""
    names = {t.id: t.name for t in catalogue.techniques}
    counts: dict[str, int] = {}
    for _, technique in done:
        counts[technique] = counts.get(technique, 0) + 1
    return tuple(
        (tid, names.get(tid, tid), n)
        for tid, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


def flags(
    catalogue: Catalogue, summaries: Sequence[WeekSummary], rows: ReportRows, units: Units = Units.km
) -> tuple[str, ...]:
    """The load warnings each week raised, and the days of pain high enough to stop running."""
    rules = catalogue.rules
    out: list[str] = []
    history = list(rows.previous)
    for summary in summaries:
        for warning in load_warnings(catalogue, summary.week, rows.activities, history, units):
            out.append(f"{summary.week.label}: {warning.text}")
        history += known([summary.week], [summary.km], rows.span)
    for entry in rows.pain:
        if entry.score >= rules.pain_no_running:
            out.append(
                f"{entry.date.isoformat()}: back pain {entry.score}/10"
                + (f" ({entry.note})" if entry.note else "")
            )
    return tuple(out)


def load_warnings(
    catalogue: Catalogue,
    week: Week,
    activities: Sequence[Activity],
    previous: Sequence[PreviousWeek],
    units: Units = Units.km,
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
        DayLoad(
            date,
            tuple(
                (rules.load_kind(run_kind(a, rules), a.rpe), run_km(a, rules))
                for a in logged
                if a.date == date
            ),
        )
        for date in week.dates
    ]
    return warnings_for(rules, days, previous, ratio=False, units=units)
