"""Reading activities from what watches and Strava export: GPX (gpxpy), TCX (defusedxml), FIT
(fitdecode), Strava's ``activities.csv``, and whole export folders or .zip files.

Every XML document is first parsed with defusedxml, which refuses DTDs, entities and external
references, so an XXE attempt or an entity-expansion bomb fails before any other parser sees it.
Each file gives activities or one problem; a bad file never stops the others.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import itertools
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from .journal import Activity

MAX_FILE_BYTES = 64 * 1024 * 1024  # an activity file, after decompression
ACTIVITY_SUFFIXES = (".gpx", ".tcx", ".fit")
STRAVA_CSV = "activities.csv"

SPORTS = {
    # Strava activity types, FIT sport names, TCX Sport attributes, GPX <type> values: to runback's sports
    "run": "run", "running": "run", "trail run": "run", "trail_running": "run", "virtual run": "run",
    "treadmill": "run", "9": "run",
    "ride": "ride", "cycling": "ride", "biking": "ride", "virtual ride": "ride", "e-bike ride": "ride",
    "gravel ride": "ride", "mountain bike ride": "ride", "1": "ride",
    "swim": "swim", "swimming": "swim", "open_water": "swim",
    "walk": "walk", "walking": "walk", "hike": "walk", "hiking": "walk",
    "yoga": "yoga", "elliptical": "elliptical", "fitness_equipment": "elliptical",
}  # fmt: skip


class Failure(NamedTuple):
    name: str
    problem: str

    def __str__(self) -> str:
        return f"{self.name}: {self.problem}"


class FileResult(NamedTuple):
    name: str
    activities: list[Activity]
    failure: Failure | None = None


class UnreadableFile(Exception):
    """A file is not an activity runback can read; the message says why, in a few words."""


Source = tuple[str, Callable[[], bytes]]


# --- finding files -------------------------------------------------------------------------------


def sources(paths: list[Path]) -> Iterator[Source | Failure]:
    """Each activity file to read, as (name, read), from files, folders and .zip exports."""
    for path in paths:
        if path.is_dir():
            yield from _folder(path)
        elif path.suffix.lower() == ".zip":
            yield from _zip(path)
        elif not path.exists():
            yield Failure(str(path), "no such file or folder")
        else:
            yield (str(path), _reader(path))


def _reader(path: Path) -> Callable[[], bytes]:
    def read() -> bytes:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise UnreadableFile(f"larger than {MAX_FILE_BYTES // 2**20} MB")
        return data

    return read


def _activity_name(name: str) -> bool:
    lower = name.lower().removesuffix(".gz")
    return lower.endswith(ACTIVITY_SUFFIXES) or PurePosixPath(lower).name == STRAVA_CSV


def _folder(folder: Path) -> Iterator[Source | Failure]:
    """A folder's activity files in name order; with a Strava ``activities.csv`` at its top, the
    files its rows name are read through the CSV, not a second time on their own."""
    files = sorted(
        p for p in folder.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.parts)
    )
    names = {p.relative_to(folder).as_posix(): p for p in files if _activity_name(p.name)}
    csv_file = names.get(STRAVA_CSV)
    covered = _covered(_reader(csv_file) if csv_file else None)
    for relative, path in names.items():
        if relative not in covered:
            yield (str(path), _reader(path))


def _covered(strava_csv: Callable[[], bytes] | None) -> set[str]:
    """The files an export's activities.csv names. When the CSV cannot be read, none: each file is
    then read on its own, and the CSV's own failure is reported when it is read in turn."""
    if strava_csv is None:
        return set()
    try:
        return _strava_filenames(strava_csv())
    except Exception:  # an untrusted file: whatever is wrong with it is reported when it is read
        return set()


def _zip(path: Path) -> Iterator[Source | Failure]:
    try:
        archive = zipfile.ZipFile(path)
        members = sorted(
            (m for m in archive.infolist() if not m.is_dir() and _activity_name(m.filename)),
            key=lambda m: m.filename,
        )
    except (zipfile.BadZipFile, OSError) as e:
        yield Failure(str(path), f"not a readable .zip file ({e})")
        return
    csv_member = next((m for m in members if m.filename == STRAVA_CSV), None)
    covered = _covered((lambda: _member(archive, csv_member)) if csv_member else None)
    for member in members:
        if member.filename not in covered:
            yield (f"{path}:{member.filename}", lambda m=member: _member(archive, m))


def _member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    if member.file_size > MAX_FILE_BYTES:
        raise UnreadableFile(f"larger than {MAX_FILE_BYTES // 2**20} MB")
    with archive.open(member) as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(f"larger than {MAX_FILE_BYTES // 2**20} MB")
    return data


# --- reading one file ----------------------------------------------------------------------------


def read(name: str, load: Callable[[], bytes], local_tz: dt.tzinfo | None = None) -> FileResult:
    """The activities in one file, or why it could not be read."""
    try:
        data = load()
        lower = name.lower()
        if lower.endswith(".gz"):
            data = _gunzip(data)
            lower = lower.removesuffix(".gz")
        if lower.endswith(".gpx"):
            activities = read_gpx(data, name, local_tz)
        elif lower.endswith(".tcx"):
            activities = read_tcx(data, name, local_tz)
        elif lower.endswith(".fit"):
            activities = read_fit(data, name, local_tz)
        elif lower.endswith(".csv"):
            activities = read_strava_csv(data, name, local_tz)
        else:
            raise UnreadableFile("not an activity file: runback reads .gpx, .tcx, .fit, Strava's activities.csv, "
                               "their .gz, and export folders or .zip files")  # fmt: skip
    except UnreadableFile as e:
        return FileResult(name, [], Failure(name, str(e)))
    except OSError as e:
        return FileResult(name, [], Failure(name, f"cannot read: {e.strerror or e}"))
    except Exception as e:  # an untrusted file must never stop the import: any parser failure is this file's
        return FileResult(name, [], Failure(name, f"not a readable activity ({type(e).__name__}: {e})"))
    return FileResult(name, activities)


def _gunzip(data: bytes) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(MAX_FILE_BYTES + 1)
    except (OSError, EOFError) as e:
        raise UnreadableFile(f"not a readable .gz file ({e})") from None
    if len(out) > MAX_FILE_BYTES:
        raise UnreadableFile(f"larger than {MAX_FILE_BYTES // 2**20} MB when unpacked")
    return out


def _safe_xml(data: bytes) -> object:
    """Parse XML with defusedxml: no DTD, no entities, no external references."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        raise UnreadableFile(f"refused: the XML declares a DTD or entities ({type(e).__name__})") from None
    except ParseError as e:
        raise UnreadableFile(f"not well-formed XML ({e})") from None


def _local(start: dt.datetime, offset_min: int | None, local_tz: dt.tzinfo | None) -> tuple[dt.date, int]:
    """The local date of a start time, and the UTC offset in minutes used to find it."""
    if offset_min is None:
        local = start.astimezone(local_tz) if local_tz else start.astimezone()
        offset = local.utcoffset()
        offset_min = int(offset.total_seconds() // 60) if offset is not None else 0
    return (start + dt.timedelta(minutes=offset_min)).date(), offset_min


def _activity(
    sport: str,
    start: dt.datetime,
    source: str,
    local_tz: dt.tzinfo | None,
    *,
    offset_min: int | None = None,
    **values: float | None,
) -> Activity:
    start = start.astimezone(dt.UTC).replace(microsecond=0)
    date, offset = _local(start, offset_min, local_tz)
    return Activity(
        key=f"{sport}:{start.isoformat()}",
        sport=sport,
        date=date,
        source=source,
        start_utc=start,
        utc_offset_min=offset,
        **{k: (round(v, 3) if isinstance(v, float) else v) for k, v in values.items()},  # type: ignore[arg-type]
    )


def _sport(value: str | None, default: str = "other") -> str:
    if not value:
        return default
    return SPORTS.get(value.strip().lower(), "other")


def read_gpx(data: bytes, name: str, local_tz: dt.tzinfo | None = None) -> list[Activity]:
    _safe_xml(data)
    import gpxpy
    import gpxpy.gpx

    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig"))
    except (gpxpy.gpx.GPXException, UnicodeDecodeError, ValueError) as e:
        raise UnreadableFile(f"not a GPX activity ({e})") from None
    if not gpx.tracks:
        raise UnreadableFile("no track in this GPX file (a route or waypoints only): nothing to import")
    start, end = gpx.get_time_bounds()
    if start is None or end is None:
        raise UnreadableFile("the track has no times, so the activity cannot be dated")
    start, end = (t if t.tzinfo else t.replace(tzinfo=dt.UTC) for t in (start, end))
    moving = gpx.get_moving_data()
    climb = gpx.get_uphill_downhill()
    rates = [hr for track in gpx.tracks for seg in track.segments for p in seg.points if (hr := _gpx_hr(p))]
    return [
        _activity(
            _sport(gpx.tracks[0].type, default="run"),
            start,
            "gpx",
            local_tz,
            distance_km=gpx.length_2d() / 1000,
            moving_min=(moving.moving_time / 60) if moving else None,
            elapsed_min=(end - start).total_seconds() / 60,
            hr_avg=sum(rates) / len(rates) if rates else None,
            hr_max=float(max(rates)) if rates else None,
            ascent_m=float(climb.uphill) if climb else None,
        )
    ]


def _gpx_hr(point: object) -> float | None:
    for extension in getattr(point, "extensions", []) or []:
        for element in extension.iter():
            if element.tag.rsplit("}", 1)[-1].lower() == "hr" and element.text:
                try:
                    return float(element.text)
                except ValueError:
                    return None
    return None


def read_tcx(data: bytes, name: str, local_tz: dt.tzinfo | None = None) -> list[Activity]:
    root = _safe_xml(data)
    ns = {"t": "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"}
    found = root.findall(".//t:Activity", ns)  # type: ignore[attr-defined]
    if not found:
        raise UnreadableFile("no activity in this TCX file")
    activities = []
    for activity in found:
        laps = activity.findall("t:Lap", ns)
        if not laps:
            raise UnreadableFile("an activity with no laps: nothing to import")
        start = _iso(laps[0].get("StartTime") or (activity.findtext("t:Id", "", ns)))
        seconds = sum(_number(lap.findtext("t:TotalTimeSeconds", "", ns)) for lap in laps)
        metres = sum(_number(lap.findtext("t:DistanceMeters", "", ns)) for lap in laps)
        rates = [
            _number(v) for v in (lap.findtext("t:AverageHeartRateBpm/t:Value", "", ns) for lap in laps) if v
        ]
        maxima = [
            _number(v) for v in (lap.findtext("t:MaximumHeartRateBpm/t:Value", "", ns) for lap in laps) if v
        ]
        heights = [_number(a.text or "") for a in activity.iterfind(".//t:AltitudeMeters", ns)]
        ascent = sum(max(0.0, b - a) for a, b in itertools.pairwise(heights))
        activities.append(
            _activity(
                _sport(activity.get("Sport"), default="other"),
                start,
                "tcx",
                local_tz,
                distance_km=metres / 1000,
                moving_min=seconds / 60,
                elapsed_min=seconds / 60,
                hr_avg=sum(rates) / len(rates) if rates else None,
                hr_max=max(maxima) if maxima else None,
                ascent_m=ascent if heights else None,
            )
        )
    return activities


def _iso(text: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UnreadableFile(f"'{text}' is not a date and time") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UnreadableFile(f"'{text}' is not a number") from None
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        raise UnreadableFile(f"'{text}' is not a plausible value")
    return value


def read_fit(data: bytes, name: str, local_tz: dt.tzinfo | None = None) -> list[Activity]:
    import fitdecode

    sessions: list[dict[str, object]] = []
    local_offset: int | None = None
    try:
        with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "session":
                    sessions.append({f.name: f.value for f in frame.fields})
                elif frame.name == "activity":
                    values = {f.name: f.value for f in frame.fields}
                    stamp, local = values.get("timestamp"), values.get("local_timestamp")
                    if isinstance(stamp, dt.datetime) and isinstance(local, dt.datetime):
                        local_offset = round((local - stamp).total_seconds() / 60)
    except fitdecode.FitCRCError:
        raise UnreadableFile("the FIT file is damaged (its CRC does not match)") from None
    except (fitdecode.FitError, EOFError, ValueError, KeyError, IndexError) as e:
        raise UnreadableFile(f"not a readable FIT file ({type(e).__name__}: {e})") from None
    if not sessions:
        raise UnreadableFile("no session in this FIT file: not an activity")
    activities = []
    for s in sessions:
        start = s.get("start_time") or s.get("timestamp")
        if not isinstance(start, dt.datetime):
            raise UnreadableFile("a session without a start time")
        if start.tzinfo is None:
            start = start.replace(tzinfo=dt.UTC)
        activities.append(
            _activity(
                _sport(str(s.get("sport") or ""), default="other"),
                start,
                "fit",
                local_tz,
                offset_min=local_offset,
                distance_km=_fit_number(s.get("total_distance"), 1000),
                moving_min=_fit_number(s.get("total_timer_time"), 60),
                elapsed_min=_fit_number(s.get("total_elapsed_time"), 60),
                hr_avg=_fit_number(s.get("avg_heart_rate")),
                hr_max=_fit_number(s.get("max_heart_rate")),
                ascent_m=_fit_number(s.get("total_ascent")),
            )
        )
    return activities


def _fit_number(value: object, scale: float = 1) -> float | None:
    return float(value) / scale if isinstance(value, int | float) and value == value else None


# --- Strava's activities.csv ---------------------------------------------------------------------

STRAVA_REQUIRED = ("Activity ID", "Activity Date", "Activity Type", "Elapsed Time", "Distance")
_STRAVA_DATE = "%b %d, %Y, %I:%M:%S %p"


def _strava_rows(data: bytes) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    from .csvrows import rows

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("not UTF-8 text") from None
    header, body = rows(text)
    if not header:
        raise UnreadableFile("empty")
    missing = [c for c in STRAVA_REQUIRED if c not in header]
    if missing:
        raise UnreadableFile(f"not a Strava activities.csv: no column {', '.join(repr(c) for c in missing)}")
    return header, body


def _strava_filenames(data: bytes) -> set[str]:
    from .csvrows import BadRow

    header, body = _strava_rows(data)
    if "Filename" not in header:
        return set()
    index = header.index("Filename")
    try:
        return {row[index].strip() for _, row in body if row[index].strip()}
    except BadRow:
        return set()


def read_strava_csv(data: bytes, name: str, local_tz: dt.tzinfo | None = None) -> list[Activity]:
    """Strava's bulk-export activities.csv. Dates are UTC; the last 'Distance' column is metres
    when the file has two (newer exports), else the one 'Distance' is km."""
    from .csvrows import BadRow

    header, body = _strava_rows(data)
    column = {h: i for i, h in enumerate(header)}  # the last of duplicated names wins
    metres = header.count("Distance") > 1
    try:
        return [_strava_activity(number, row, column, metres, local_tz) for number, row in body]
    except BadRow as e:
        raise UnreadableFile(f"line {e.line}: {e}") from None


def _strava_activity(
    number: int, row: list[str], column: dict[str, int], metres: bool, local_tz: dt.tzinfo | None
) -> Activity:
    """One row of activities.csv."""

    def cell(key: str) -> str:
        return row[column[key]].strip() if key in column else ""

    def optional(key: str, scale: float = 1) -> float | None:
        return _number(cell(key)) / scale if cell(key) else None

    try:
        start = dt.datetime.strptime(cell("Activity Date"), _STRAVA_DATE).replace(tzinfo=dt.UTC)
    except ValueError:
        raise UnreadableFile(
            f"line {number}: '{cell('Activity Date')}' is not a Strava activity date"
        ) from None
    return _activity(
        _sport(cell("Activity Type")),
        start,
        "strava",
        local_tz,
        distance_km=_number(cell("Distance") or "0") / (1000 if metres else 1),
        moving_min=optional("Moving Time", 60),
        elapsed_min=_number(cell("Elapsed Time") or "0") / 60,
        hr_avg=optional("Average Heart Rate"),
        hr_max=optional("Max Heart Rate"),
        ascent_m=optional("Elevation Gain"),
    )
