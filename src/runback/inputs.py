"""From what the runner typed (and their config file) to the planner's input: the week and its
runs, and the runner's profile. Reads the runs file or stdin; knows nothing of Typer."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import bounds
from .errors import DataError, UsageError, one_of
from .planner.model import PreviousWeek
from .units import Units, read_pace, read_weight
from .vocab import Condition, Equipment
from .week import Week

if TYPE_CHECKING:
    from .config import Settings
    from .journal import Journal
    from .models import Catalogue
    from .planner import Profile, WeekRuns


PAIN_DAYS = 7  # how old the latest logged pain score may be to count as today's


class PlanOptions(NamedTuple):
    """The options of ``runback plan`` as typed; None where not given."""

    runs: tuple[str, ...] = ()
    runs_file: str | None = None
    week: str | None = None
    start: str | None = None
    pain: int | None = None
    conditions: tuple[Condition, ...] | None = None
    red_flags: tuple[str, ...] = ()
    sitting_hours: float | None = None
    has: str | None = None
    minutes: int | None = None
    weight: str | None = None
    units: Units | None = None
    easy_pace: str | None = None
    previous: str | None = None
    previous_weeks: str | None = None


class PlanRequest(NamedTuple):
    catalogue: Catalogue
    week: WeekRuns
    profile: Profile
    runs_path: Path | None


def gather(
    options: PlanOptions,
    settings: Settings,
    catalogue: Catalogue,
    today: dt.date,
    journal: Journal | None = None,
) -> PlanRequest:
    """Everything the planner needs. Options override the config file's settings; with a journal,
    the week's logged runs, the weeks before it and the latest pain score come from there."""
    from .planner.model import Profile, WeekRuns
    from .week import check_week_runs, parse_spec, read_runs, week_of

    week = week_of(iso_week=options.week, start=options.start, today=today)
    runs = [parse_spec(token, week) for token in options.runs]
    pain, pain_date = options.pain, today
    from_journal: tuple[PreviousWeek, ...] = ()
    conditions = tuple(
        sorted(set(options.conditions if options.conditions is not None else settings.conditions))
    )
    programme = None
    units = settings.shown_units(options.units)
    easy_pace, pace_source = _easy_pace(options, settings)
    if journal is not None:
        from . import saved
        from .catalogue import cache_dir
        from .history import easy_pace_of, logged_runs, previous_weeks

        runs += logged_runs(journal.activities(week.start, week.end), catalogue.rules)
        from_journal = previous_weeks(journal, week, catalogue.rules)
        until = min(today, week.end)
        iso_week = Week(week.start - dt.timedelta(days=week.start.weekday()))  # levels move on Mondays
        programme = saved.load(catalogue, journal, iso_week, today, conditions, cache_dir(), until=until)
        if easy_pace is None and (learnt := easy_pace_of(journal, week, catalogue.rules)) is not None:
            easy_pace, pace_source = (
                learnt,
                f"the median of your easy runs in the {bounds.EASY_PACE_WEEKS} weeks before",
            )
        if pain is None:
            latest = journal.latest_pain(min(today, week.end), within_days=PAIN_DAYS)
            if latest is not None:
                pain, pain_date = latest.score, latest.date
    runs_path = None
    if options.runs_file is not None:
        if options.runs_file == "-":
            runs += read_runs(_stdin(), "<stdin>", week)
        else:
            from .yamlsafe import read_text

            runs_path = Path(options.runs_file)
            runs += read_runs(read_text(runs_path, "runs file"), options.runs_file, week)
    check_week_runs(runs, week)
    profile = Profile(
        pain=pain or 0,
        pain_date=pain_date,
        today=today,
        conditions=conditions,
        red_flags=_red_flags(options.red_flags),
        sitting_hours=options.sitting_hours
        if options.sitting_hours is not None
        else settings.sitting_hours or 0.0,
        equipment=_equipment(options.has) if options.has is not None else tuple(sorted(set(settings.has))),
        minutes=options.minutes if options.minutes is not None else settings.minutes,
        weight_kg=read_weight(options.weight, units) if options.weight is not None else settings.weight_kg(),
        units=units,
        easy_pace=easy_pace,
        pace_source=pace_source,
        previous_weeks=_previous_weeks(options, settings, week, from_journal, catalogue, units),
        programme=programme,
    )
    return PlanRequest(catalogue, WeekRuns(week, tuple(runs)), profile, runs_path)


def _easy_pace(options: PlanOptions, settings: Settings) -> tuple[float | None, str]:
    """The easy pace the runner gave (min/km), and where: the option before the config file."""
    if options.easy_pace is not None:
        return read_pace(options.easy_pace, "--easy-pace"), "your --easy-pace"
    if settings.easy_pace is not None:
        return read_pace(settings.easy_pace, "easy-pace"), "your config"
    return None, ""


def _stdin() -> str:
    """The runs file piped in, up to the same size as a runs file on disk."""
    from .yamlsafe import decode, read_stream

    return decode(read_stream(sys.stdin.buffer, "<stdin>", "runs file"), "<stdin>")


def _equipment(text: str) -> tuple[Equipment, ...]:
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in Equipment._value2member_map_]
    if unknown:
        raise UsageError(one_of("--has", unknown[0], list(Equipment)))
    return tuple(sorted({Equipment(name) for name in names}))


def _red_flags(given: tuple[str, ...]) -> tuple[str, ...]:
    """Red flags as given, trimmed. One runback does not know is not refused: the planner stops
    and names the nearest known signs, as a runner reporting a symptom must never get less."""
    return tuple(sorted({flag.strip().lower() for flag in given if flag.strip()}))


def _previous_weeks(
    options: PlanOptions,
    settings: Settings,
    week: Week,
    from_journal: tuple[PreviousWeek, ...],
    catalogue: Catalogue,
    units: Units,
) -> tuple[PreviousWeek, ...]:
    """The weeks before the planned one, for the load warnings: typed on the command line first
    (a bare number in ``units``); then the journal, when it knows enough of them; then the config
    file's (a bare number in the file's own units, as its weight)."""
    from .planner.load import known_weeks

    typed = _previous(options, units)
    if typed:
        return _labelled(typed, week)
    if from_journal and known_weeks(catalogue.rules, from_journal):
        return from_journal
    configured = _configured(settings)
    return _labelled(configured, week) if configured else from_journal


def _labelled(distances: tuple[float, ...], week: Week) -> tuple[PreviousWeek, ...]:
    """Distances of the weeks just before ``week``, oldest first, with their labels."""
    count = len(distances)
    return tuple(
        PreviousWeek(Week(week.start - dt.timedelta(weeks=count - i)).label, km)
        for i, km in enumerate(distances)
    )


def _previous(options: PlanOptions, units: Units) -> tuple[float, ...]:
    if options.previous and options.previous_weeks:
        raise UsageError("give --previous or --previous-weeks, not both")
    if options.previous:
        return (_distance(options.previous, "--previous", units),)
    if options.previous_weeks:
        return tuple(_distance(part, "--previous-weeks", units) for part in options.previous_weeks.split(","))
    return ()


def _configured(settings: Settings) -> tuple[float, ...]:
    try:
        units = settings.shown_units()
        return tuple(_distance(str(value), "previous-weeks", units) for value in settings.previous_weeks)
    except UsageError as e:
        raise DataError(f"config file: {e}") from None


def _distance(text: str, where: str, units: Units = Units.km) -> float:
    """A week's distance in km: ``32k``, ``32km``, ``20mi`` or a plain number (0 allowed) in
    ``units``, so that a runner in miles who types ``20`` means 20 miles, as a bare weight is pounds."""
    from .units import MILE_KM

    raw = text.strip().lower()
    try:
        if raw.endswith("mi"):
            km = float(raw[:-2]) * MILE_KM
        elif raw[-1:] == "k" or raw.endswith("km"):
            km = float(raw.removesuffix("km").removesuffix("k"))
        else:
            km = float(raw) * (MILE_KM if units is Units.mi else 1.0)
    except ValueError:
        raise UsageError(f"{where}: '{text}' is not a distance such as 32k or 20mi") from None
    low, high = bounds.WEEK_KM
    if not low <= km <= high or km != km:
        raise UsageError(f"{where}: '{text}' is not a plausible week's distance ({low:g}-{high:g} km)")
    return km
