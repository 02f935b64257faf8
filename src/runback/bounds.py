"""Plausible values, defined once.

Every way data comes in (run specs on the command line, runs files, the config file, imports
from watches and Strava, and what is logged by hand) checks against these bounds, so a value
refused in one place is refused in all of them, and nothing impossible reaches a plan, the
journal or an output (where it could become NaN, Infinity or a negative time).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)
FUTURE_SLACK = dt.timedelta(days=1)  # a watch in another time zone can be a day ahead

PAIN = (0, 10)  # a pain score
WEIGHT_KG = (20, 300)  # body mass, for drinking amounts
SITTING_HOURS = (0, 24)
DAILY_MINUTES = (5, 240)  # minutes a day for recovery work
RUN_KM = (0.5, 350.0)  # a run typed or logged: from a short jog to a 24-hour race
MINUTES = (3.0, 48 * 60.0)  # an activity's duration: up to a two-day ultra
MAX_RUNS_PER_DAY = 4
MAX_RUNS_PER_WEEK = 21
WEEK_KM = (0.0, 1000.0)  # a week's distance (--previous, previous-weeks)
HEART_RATE = (25.0, 250.0)
MAX_ASCENT_M = 20_000.0
MAX_ACTIVITIES_PER_FILE = 100_000  # a Strava export of fifty years of daily activities
MAX_NOTE_BYTES = 20 * 1024 * 1024  # a Markdown note runback edits: years of daily entries
UTC_OFFSET_MIN = (-12 * 60, 14 * 60)  # the world's time zones, from Baker Island to Kiribati

# Activity files. A 24-hour run recorded every second is 86,400 track points, so a file of more
# is not one activity; the other bounds on a file follow from this one, so that a hostile file
# costs no more time or memory than the longest real one. A file past a bound is refused whole.
MAX_TRACKPOINTS = 100_000
MAX_XML_ELEMENTS = MAX_TRACKPOINTS * 16  # a TCX trackpoint with position, heart rate, speed and cadence is 13
MAX_XML_ATTRIBUTES = MAX_TRACKPOINTS * 4  # a GPX point has two (lat, lon), a TCX point none
MAX_FIT_MESSAGES = MAX_TRACKPOINTS * 3  # a record a second, heart-rate variability as often, laps and events
# a record of position, distance, altitude, speed, heart rate, cadence, power and temperature is ~12 values
MAX_FIT_VALUES = MAX_TRACKPOINTS * 20
MAX_GPX_BYTES = 40 * 2**20  # MAX_TRACKPOINTS at ~400 bytes: time, elevation, heart rate and cadence, indented
# TCX is verbose: as Garmin Connect writes it (indented, with position, heart rate, speed and cadence)
# a point is ~700 bytes, and 24 hours at 1 Hz ~60 MB
MAX_TCX_BYTES = 64 * 2**20
MAX_FIT_BYTES = 16 * 2**20  # a record is ~40 bytes, so 24 hours at 1 Hz is ~4 MB
MAX_CSV_BYTES = 64 * 2**20  # Strava's activities.csv: MAX_ACTIVITIES_PER_FILE rows of ~600 bytes
MAX_CSV_LINES = MAX_ACTIVITIES_PER_FILE * 10  # a row's description can span lines
MAX_ZIP_MEMBERS = MAX_ACTIVITIES_PER_FILE * 2  # a Strava export: a file per activity, and its photos
MAX_ZIP_DIRECTORY_BYTES = MAX_ZIP_MEMBERS * 160  # a member's entry is ~100 bytes: its name, sizes and times


class SportLimits(NamedTuple):
    max_km: float
    max_kmh: float  # average speed over the whole activity


SPORTS: dict[str, SportLimits] = {
    "run": SportLimits(RUN_KM[1], 30.0),  # faster than the 800 m world record over any distance
    "walk": SportLimits(150.0, 15.0),
    "swim": SportLimits(40.0, 10.0),
    "ride": SportLimits(1200.0, 110.0),
}
OTHER = SportLimits(1200.0, 110.0)


def _trim(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def date_problem(day: dt.date, today: dt.date | None = None) -> str | None:
    """Why a day cannot be a day of runback's (None when it can). With ``today``, the day is one
    of something already done, so it cannot be in the future."""
    if not FIRST_DAY <= day <= LAST_DAY:
        return f"{day.isoformat()} is outside {FIRST_DAY.year}-{LAST_DAY.year}"
    if today is not None and day > today + FUTURE_SLACK:
        return f"{day.isoformat()} is in the future"
    return None


def run_problem(km: float | None, minutes: float | None) -> str | None:
    """Why a run's distance or duration is not plausible (None when they are)."""
    if km is not None and not (math.isfinite(km) and RUN_KM[0] <= km <= RUN_KM[1]):
        return f"not a plausible run: between {_trim(RUN_KM[0])} and {_trim(RUN_KM[1])} km"
    if minutes is not None and not (math.isfinite(minutes) and MINUTES[0] <= minutes <= MINUTES[1]):
        return f"not a plausible run: between {_trim(MINUTES[0])} minutes and {MINUTES[1] / 60:.0f} hours"
    return None


def activity_problem(
    sport: str, km: float | None, minutes: float | None, day: dt.date, today: dt.date | None = None
) -> str | None:
    """Why an imported or logged activity is impossible (None when it is plausible): a date
    outside runback's years or (with ``today``) in the future, a negative, infinite or enormous
    distance or time, or a speed no one reaches in that sport."""
    problem = date_problem(day, today)
    if problem:
        return problem
    limits = SPORTS.get(sport, OTHER)
    if km is not None and not (math.isfinite(km) and 0 <= km <= limits.max_km):
        return f"a distance of {_describe(km)} km is not plausible for a {sport}"
    if minutes is not None and not (math.isfinite(minutes) and 0 < minutes <= MINUTES[1]):
        return f"a time of {_describe(minutes)} min is not plausible"
    if km and minutes and km / (minutes / 60) > limits.max_kmh:
        return f"{_trim(km)} km in {_trim(minutes)} min ({_trim(km / (minutes / 60))} km/h) is not a plausible speed for a {sport}"
    return None


def plausible_or_none(value: float | None, low: float, high: float) -> float | None:
    """A measurement (heart rate, ascent) kept when plausible, else dropped."""
    if value is None or not math.isfinite(value) or not low <= value <= high:
        return None
    return value


def _describe(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    return f"{value:.6g}"
