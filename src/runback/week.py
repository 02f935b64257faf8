"""A week of runs: the week's dates, and runs read from command-line specs, YAML or CSV files.

A run spec is ``DAY[@HH:MM]:AMOUNT[:KIND][:rpeN]``: ``mon:8k``, ``tue:45m:tempo``,
``2026-11-28:1:10:00:long:rpe6``, ``today@07:00:10k``. Pure parsing: files arrive as text, and
errors name the token, or the file and line, and what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from . import bounds
from .errors import DataError, UsageError, closest, quoted
from .units import MILE_KM
from .vocab import RunKind

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
AMOUNT_HELP = "a distance (8k, 8km, 5mi, 5000m) or a duration (45m, 45min, 1h10m, 1:10:00)"
SPEC_HELP = "write DAY:AMOUNT[:KIND][:rpeN], e.g. mon:8k or sat:18k:long:rpe6"


class Run(NamedTuple):
    date: dt.date
    kind: RunKind = RunKind.easy
    distance_km: float | None = None
    duration_min: float | None = None
    rpe: int | None = None
    origin: str = ""
    start: dt.time | None = None  # the time of day it began, when given (``today@07:00:10k``)


class Week(NamedTuple):
    start: dt.date

    @property
    def dates(self) -> tuple[dt.date, ...]:
        return tuple(self.start + dt.timedelta(days=i) for i in range(7))

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def label(self) -> str:
        """``2026-W48`` for a Monday-to-Sunday ISO week, else ``2026-11-25..2026-12-01``."""
        year, week, weekday = self.start.isocalendar()
        if weekday == 1:
            return f"{year}-W{week:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def weekday_name(date: dt.date) -> str:
    """``Thu``: the same in every locale."""
    return WEEKDAY_NAMES[date.weekday()]


def short_date(date: dt.date) -> str:
    """``Thu 26 Nov``: the same in every locale."""
    return f"{weekday_name(date)} {date.day} {MONTH_NAMES[date.month - 1]}"


def _trim(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def format_minutes(minutes: float) -> str:
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


# --- the week ------------------------------------------------------------------------------------


def week_of(*, iso_week: str | None, start: str | None, today: dt.date) -> Week:
    """The week from ``--week 2026-W48`` or ``--start 2026-11-23``; by default today's ISO week."""
    if iso_week and start:
        raise UsageError("give --week or --start, not both")
    if iso_week:
        match = re.fullmatch(r"(\d{4})-?W(\d{2})", iso_week.strip(), re.IGNORECASE)
        if not match:
            raise UsageError(f"--week '{iso_week}': write an ISO week such as 2026-W48")
        try:
            first = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise UsageError(f"--week '{iso_week}': {match[1]} has no week {match[2]}") from None
        return _within_years(first, f"--week '{iso_week}'")
    if start:
        try:
            first = _date(start)
        except ValueError as e:
            raise UsageError(f"--start: {e}") from None
        return _within_years(first, f"--start '{start}'")
    return Week(today - dt.timedelta(days=today.weekday()))


def _within_years(first: dt.date, where: str) -> Week:
    if bounds.date_problem(first) or bounds.date_problem(first + dt.timedelta(days=6)):
        first_year, last_year = bounds.FIRST_DAY.year, bounds.LAST_DAY.year
        raise UsageError(f"{where}: plan a week between {first_year} and {last_year}")
    return Week(first)


# --- amounts -------------------------------------------------------------------------------------

_DISTANCE = re.compile(r"(\d+(?:\.\d+)?)\s*(k|km|mi|m)")
_HOURS_MINUTES = re.compile(r"(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*(?:m|min))?")
_CLOCK = re.compile(r"(\d+):([0-5]\d)(?::([0-5]\d))?")


def parse_amount(text: str, *, bare: str | None = None) -> tuple[float | None, float | None]:
    """``(km, minutes)``, one of them None. ``bare`` reads a plain number as 'km' or 'minutes'.

    Raises ValueError with a message fit to follow the token's name.
    """
    raw = text.strip().lower()
    if raw.startswith("-"):
        raise ValueError(f"{quoted(text)} is negative; give {AMOUNT_HELP}")
    if re.fullmatch(r"\d+(\.\d+)?", raw):
        if not bare:
            raise ValueError(f"{quoted(text)} has no unit: write {raw}k for km or {raw}m for minutes")
        value = float(raw)
        return _checked((value, None) if bare == "km" else (None, value), text)
    match = _DISTANCE.fullmatch(raw)
    if match:
        value, unit = float(match[1]), match[2]
        if unit == "m":  # 45m is minutes, 5000m is metres, and between them the reader cannot tell
            if value <= 300:
                return _checked((None, value), text)
            if value < 1000:
                raise ValueError(
                    f"{quoted(text)} is unclear: write {_trim(value)}min for minutes or a distance in km"
                )
            return _checked((value / 1000, None), text)
        return _checked((value * MILE_KM if unit == "mi" else value, None), text)
    clock = _CLOCK.fullmatch(raw)
    if clock is None and re.fullmatch(r"\d+(:\d+){1,2}", raw):
        raise ValueError(
            f"{quoted(text)} is not a duration: write H:MM:SS or M:SS, with minutes and seconds 00-59"
        )
    if clock:
        a, b, c = clock.groups()
        minutes = int(a) * 60 + int(b) + int(c) / 60 if c is not None else int(a) + int(b) / 60
        return _checked((None, minutes), text)
    hm = _HOURS_MINUTES.fullmatch(raw)
    if hm and (hm[1] or hm[2]):
        return _checked((None, float(hm[1] or 0) * 60 + float(hm[2] or 0)), text)
    raise ValueError(f"{quoted(text)} is not {AMOUNT_HELP}")


def _checked(amount: tuple[float | None, float | None], text: str) -> tuple[float | None, float | None]:
    km, minutes = amount
    problem = bounds.run_problem(km, minutes)
    if problem:
        hint = (
            " (a:bb is minutes:seconds; write 1:30:00 for an hour and a half)"
            if minutes and ":" in text
            else ""
        )
        raise ValueError(f"{quoted(text)} is {problem}{hint}")
    return km, minutes


# --- run specs on the command line ---------------------------------------------------------------

_RPE = re.compile(r"rpe(\d+)", re.IGNORECASE)
_TIME_OF_DAY = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
_UNITS = ("k", "km", "mi", "m", "min", "h")


def parse_spec(token: str, week: Week) -> Run:
    """One ``DAY[@HH:MM]:AMOUNT[:KIND][:rpeN]`` token within a week; a UsageError names the token."""
    try:
        return _spec(token, lambda day: day_in(week, day))
    except ValueError as e:
        raise UsageError(f"run {quoted(token)}: {e}") from None


def parse_past_spec(token: str, today: dt.date) -> Run:
    """A run already done: a day name is the latest such day up to today; a date is not in the future."""
    try:
        return _spec(token, lambda day: day_done(day, today))
    except ValueError as e:
        raise UsageError(f"run {quoted(token)}: {e}") from None


def weekday_number(text: str) -> int | None:
    """Monday's 0 to Sunday's 6 from a day's name: its first three letters or more (``tue``,
    ``tues``, ``Tuesday``), or ``weds``; None when the text names no day."""
    name = text.strip().lower().rstrip(".")
    if name == "weds":
        return 2
    if len(name) < 3:
        return None
    return next((i for i, full in enumerate(FULL_DAYS) if full.startswith(name)), None)


def day_done(text: str, today: dt.date) -> dt.date:
    """A day already begun: today, yesterday, the latest day of that name, or a date up to today."""
    name = text.strip().lower()
    if name in ("today", "yesterday"):
        return today - dt.timedelta(days=0 if name == "today" else 1)
    number = weekday_number(name)
    if number is not None:
        return today - dt.timedelta(days=(today.weekday() - number) % 7)
    date = _date(text, DAY_HELP, ("today", "yesterday", *DAYS, *FULL_DAYS))
    if date > today:
        raise ValueError(f"{text} is in the future")
    problem = bounds.date_problem(date)
    if problem:
        raise ValueError(problem)
    return date


DAY_HELP = "a day: use mon..sun or a date such as 2026-11-23"


def _date(text: str, what: str = "a date such as 2026-11-23", names: tuple[str, ...] = ()) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        near = closest(text, names) if names else None
        hint = f" (did you mean '{near}'?)" if near else ""
        raise ValueError(f"{quoted(text)} is not {what}{hint}")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{quoted(text)} is not a real date") from None


def _spec(token: str, day_of: Callable[[str], dt.date]) -> Run:
    """A run from its spec; ValueError saying what is wrong with it (after the token's name)."""
    fields = token.strip().split(":")
    day, rest = fields[0], fields[1:]
    start = None
    if "@" in day:
        day, _, hour = day.partition("@")
        clock = f"{hour}:{rest.pop(0)}" if rest else hour
        start = _time_of_day(clock)
    if not day:
        raise ValueError(f"has no day; {SPEC_HELP}")
    if not rest:
        raise ValueError(f"has no amount after the day; {SPEC_HELP}")
    if not all(rest):
        raise ValueError(f"has an empty field (two colons together, or one at the end); {SPEC_HELP}")
    amount: list[str] = []
    while rest and not rest[0][0].isalpha():
        amount.append(rest.pop(0))
    if not amount:
        if _RPE.fullmatch(rest[0]) or rest[0].lower() in set(RunKind):
            raise ValueError(f"has no amount before {quoted(rest[0])}; {SPEC_HELP}")
        parse_amount(rest[0])  # says what the word is not
    kinds, efforts = _kinds_and_efforts(amount, rest)
    km, minutes = parse_amount(":".join(amount))
    kind = run_kind(kinds[0]) if kinds else RunKind.easy
    rpe = rpe_value(efforts[0]) if efforts else None
    return Run(day_of(day), kind, km, minutes, rpe, origin=token, start=start)


def _kinds_and_efforts(amount: list[str], words: list[str]) -> tuple[list[str], list[str]]:
    """The fields after the amount: at most one kind of run and one effort, in either order."""
    kinds: list[str] = []
    efforts: list[str] = []
    for word in words:
        if not word[0].isalpha():
            raise ValueError(f"{quoted(word)} comes after {quoted(kinds[-1] if kinds else efforts[-1])}: "
                             f"give one amount, right after the day; {SPEC_HELP}")  # fmt: skip
        if word.lower() in _UNITS:
            number = amount[-1] if amount else ""
            raise ValueError(f"write the unit with its number, {number}{word.lower()}, not {number}:{word}")
        (efforts if word.lower().startswith("rpe") else kinds).append(word)
    for found, what in ((kinds, "kinds"), (efforts, "efforts")):
        if len(found) > 1:
            count = {2: "two", 3: "three"}.get(len(found), str(len(found)))
            raise ValueError(f"{count} {what} given: {' and '.join(found)}; give one")
    return kinds, efforts


def _time_of_day(text: str) -> dt.time:
    match = _TIME_OF_DAY.fullmatch(text)
    if not match:
        raise ValueError(f"{quoted(text)} is not a time of day: write DAY@HH:MM, e.g. today@07:00:10k")
    return dt.time(int(match[1]), int(match[2]))


def rpe_value(text: str) -> int:
    match = _RPE.fullmatch(text.strip()) or re.fullmatch(r"(\d+)", text.strip())
    if not match or not 1 <= int(match[1]) <= 10:
        raise ValueError(f"{quoted(text)} is not an effort: write rpe1 to rpe10")
    return int(match[1])


def run_kind(text: str) -> RunKind:
    try:
        return RunKind(text.strip().lower())
    except ValueError:
        near = closest(text, list(RunKind))
        hint = f" (did you mean '{near}'?)" if near else ""
        raise ValueError(
            f"{quoted(text)} is not a kind of run: use one of {', '.join(RunKind)}{hint}"
        ) from None


def day_in(week: Week, text: str) -> dt.date:
    """A day's name (``mon``, ``tues``, ``Wednesday``) within the week, or an ISO date that must fall in it."""
    number = weekday_number(text)
    if number is not None:
        return week.dates[(number - week.start.weekday()) % 7]
    date = _date(text, DAY_HELP, (*DAYS, *FULL_DAYS))
    if date not in week:
        raise ValueError(f"{text} is outside the week {week.start.isoformat()} to {week.end.isoformat()}")
    return date


# --- run files -----------------------------------------------------------------------------------

CSV_COLUMNS = ("date", "day", "distance", "duration", "kind", "rpe")


def read_runs(text: str, source: str, week: Week) -> list[Run]:
    """Runs from a YAML or CSV file's text (CSV when the first line is a header with a comma)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    header = {cell.strip().lower() for cell in first.split(",")}
    if "," in first and header & {"date", "day"}:
        return _read_csv(text, source, week)
    return _read_yaml(text, source, week)


def check_week_runs(runs: list[Run], week: Week) -> None:
    """A week holds at most a few runs a day and MAX_RUNS_PER_WEEK in all; more is a mistake."""
    if len(runs) > bounds.MAX_RUNS_PER_WEEK:
        raise UsageError(
            f"{len(runs)} runs in one week; runback plans at most {bounds.MAX_RUNS_PER_WEEK} "
            f"({bounds.MAX_RUNS_PER_DAY} a day)"
        )
    for date in week.dates:
        count = sum(1 for run in runs if run.date == date)
        if count > bounds.MAX_RUNS_PER_DAY:
            raise UsageError(
                f"{count} runs on {short_date(date)}; runback plans at most {bounds.MAX_RUNS_PER_DAY} a day"
            )


def _read_csv(text: str, source: str, week: Week) -> list[Run]:
    from .csvrows import BadRow, rows

    try:
        header, body = rows(text)
    except BadRow as e:
        raise DataError(f"{source}:{e.line}: {e}") from None
    header = [h.lower() for h in header]
    repeated = [h for h in header if header.count(h) > 1]
    if repeated:
        raise DataError(f"{source}:1: the column '{repeated[0]}' appears twice")
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise DataError(
            f"{source}:1: unknown column '{unknown[0]}'; the columns are {', '.join(CSV_COLUMNS)}"
        )
    if not {"date", "day"} & set(header) or not {"distance", "duration"} & set(header):
        raise DataError(f"{source}:1: needs a 'date' or 'day' column and a 'distance' or 'duration' column")
    runs: list[Run] = []
    try:
        for number, row in body:
            if len(runs) >= bounds.MAX_RUNS_PER_WEEK:
                raise DataError(
                    f"{source}:{number}: more than {bounds.MAX_RUNS_PER_WEEK} runs; a runs file holds one week"
                )
            record = {k: v.strip() for k, v in zip(header, row, strict=True) if v.strip()}
            runs.append(_record(record, week, f"{source}:{number}"))
    except BadRow as e:
        raise DataError(f"{source}:{e.line}: {e}") from None
    return runs


def _read_yaml(text: str, source: str, week: Week) -> list[Run]:
    from . import yamlsafe

    data, positions = yamlsafe.load(text, source, max_values=100 * bounds.MAX_RUNS_PER_WEEK)
    prefix: tuple[str, ...] = ()
    if isinstance(data, dict) and set(data) == {"runs"}:
        data, prefix = data["runs"], ("runs",)
    if not isinstance(data, list):
        raise DataError(f"{source}: expected a list of runs (or a 'runs:' list)")
    if len(data) > bounds.MAX_RUNS_PER_WEEK:
        raise DataError(
            f"{source}: {len(data)} runs; a runs file holds one week, at most {bounds.MAX_RUNS_PER_WEEK}"
        )
    runs = []
    for index, item in enumerate(data):
        line, _ = yamlsafe.locate(positions, (*prefix, index))
        where = f"{source}:{line}"
        if isinstance(item, str):
            try:
                runs.append(_spec(item, lambda day: day_in(week, day)))
            except ValueError as e:
                raise DataError(f"{where}: run {quoted(item)}: {e}") from None
        elif isinstance(item, dict):
            runs.append(_record(item, week, where))
        else:
            raise DataError(f"{where}: a run is a mapping (day, distance, kind, rpe) or a spec like 'mon:8k'")
    return runs


def _record(record: dict[str, Any], week: Week, where: str) -> Run:
    unknown = set(record) - set(CSV_COLUMNS)
    if unknown:
        raise DataError(f"{where}: unknown field '{sorted(unknown)[0]}'; use {', '.join(CSV_COLUMNS)}")
    try:
        when = record.get("date", record.get("day"))
        if when is None or isinstance(when, bool):
            raise ValueError("needs a date or a day")
        date = day_in(week, str(when))
        amounts = [(k, record[k]) for k in ("distance", "duration") if record.get(k) is not None]
        if len(amounts) != 1:
            raise ValueError("needs a distance or a duration (one of them)")
        key, value = amounts[0]
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError(f"{key} {quoted(value)} is not a number")
        km, minutes = parse_amount(str(value), bare="km" if key == "distance" else "minutes")
        if (key == "distance") != (km is not None):
            raise ValueError(f"{key} {quoted(value)} is a {'duration' if km is None else 'distance'}")
        kind = run_kind(str(record["kind"])) if record.get("kind") else RunKind.easy
        rpe = rpe_value(str(record["rpe"])) if record.get("rpe") is not None else None
    except ValueError as e:
        raise DataError(f"{where}: {e}") from None
    return Run(date, kind, km, minutes, rpe, origin=where)
