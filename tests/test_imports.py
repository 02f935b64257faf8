"""Reading activity files: each format, distances against the parsing libraries, and bad files."""

from __future__ import annotations

import datetime as dt
import gzip
import zipfile
from pathlib import Path

import fitdecode
import gpxpy
import pytest

from runback.imports import Failure, read, sources

from .conftest import DATA

IMPORTS = DATA / "imports"
TODAY = dt.date(2026, 11, 29)  # the sample files' last day


def read_all(*paths: Path) -> tuple[list, list[str]]:  # type: ignore[type-arg]
    activities, failures = [], []
    for source in sources(list(paths)):
        if isinstance(source, Failure):
            failures.append(str(source))
            continue
        result = read(*source, local_tz=dt.UTC, today=TODAY)
        activities += result.activities
        if result.failure:
            failures.append(str(result.failure))
    return activities, failures


@pytest.mark.parametrize("name", ["cerknicko-jezero.gpx", "korita-zbevnica.gpx"])
def test_gpx_distance_matches_gpxpy(name: str) -> None:
    (activity,), failures = read_all(IMPORTS / name)
    assert not failures
    reference = gpxpy.parse((IMPORTS / name).read_text()).length_2d() / 1000
    assert activity.distance_km == pytest.approx(reference, rel=0.01)
    assert (
        activity.sport == "run" and activity.start_utc is not None and activity.start_utc.tzinfo is not None
    )
    assert activity.moving_min and activity.ascent_m


@pytest.mark.parametrize("name", ["morning-run.fit", "evening-ride.fit"])
def test_fit_distance_matches_fitdecode(name: str) -> None:
    (activity,), failures = read_all(IMPORTS / name)
    assert not failures
    with fitdecode.FitReader(str(IMPORTS / name)) as reader:
        sessions = [f for f in reader if isinstance(f, fitdecode.FitDataMessage) and f.name == "session"]
    assert activity.distance_km == pytest.approx(sessions[0].get_value("total_distance") / 1000, rel=0.01)
    assert activity.utc_offset_min == 60  # from the activity's local timestamp


def test_fit_run_details() -> None:
    (run,), _ = read_all(IMPORTS / "morning-run.fit")
    assert (run.sport, run.date, run.moving_min, run.hr_avg, run.hr_max, run.ascent_m) == (
        "run", dt.date(2026, 11, 23), 45.0, 142.0, 165.0, 64.0,
    )  # fmt: skip
    assert run.start_utc == dt.datetime(2026, 11, 23, 6, 30, tzinfo=dt.UTC)
    (ride,), _ = read_all(IMPORTS / "evening-ride.fit")
    assert ride.sport == "ride" and ride.moving_min == 60.0


def test_tcx() -> None:
    (run,), failures = read_all(IMPORTS / "tempo-run.tcx")
    assert not failures
    assert (run.sport, run.distance_km, run.moving_min, run.hr_avg, run.hr_max) == (
        "run",
        10.0,
        50.0,
        158.0,
        176.0,
    )
    assert run.ascent_m and run.ascent_m > 0


def test_strava_export_zip_reads_the_csv_and_the_files_it_does_not_name() -> None:
    activities, failures = read_all(IMPORTS / "strava-export.zip")
    assert not failures
    assert [(a.sport, a.date.isoformat(), a.distance_km) for a in activities] == [
        ("run", "2026-11-24", 8.02),
        ("ride", "2026-11-25", 21.5),
        ("swim", "2026-11-26", 1.8),
        ("run", "2026-11-28", 18.1),
        ("run", "2026-11-29", 5.005),
    ]
    assert activities[0].hr_avg == 138 and activities[0].moving_min == 48.0


def test_strava_export_folder_with_gzipped_files(tmp_path: Path) -> None:
    with zipfile.ZipFile(IMPORTS / "strava-export.zip") as zf:
        zf.extractall(tmp_path / "export")
    activities, failures = read_all(tmp_path / "export")
    assert not failures and len(activities) == 5
    single, _ = read_all(tmp_path / "export" / "activities" / "1002.fit.gz")
    assert single[0].sport == "ride" and single[0].distance_km == 21.5


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("bad-crc.fit", "the FIT file is damaged (its CRC does not match)"),
        ("truncated.tcx", "not well-formed XML"),
        ("xxe.gpx", "refused: the XML declares a DTD or entities"),
        ("billion-laughs.tcx", "refused: the XML declares a DTD or entities"),
        ("missing-columns.csv", "not a Strava activities.csv: no column 'Activity Date'"),
        ("not-an-activity.gpx", "not well-formed XML"),
        ("route.gpx", "no track in this GPX file"),
        ("LICENSE-gpxpy.txt", "not an activity file"),
    ],
)
def test_bad_files_fail_with_one_line_each(name: str, problem: str) -> None:
    activities, (failure,) = read_all(IMPORTS / name)
    assert activities == []
    assert failure.startswith(str(IMPORTS / name)) and problem in failure and "\n" not in failure


def test_a_bad_file_never_stops_the_others() -> None:
    activities, failures = read_all(IMPORTS / "bad-crc.fit", IMPORTS / "morning-run.fit", IMPORTS / "xxe.gpx")
    assert len(activities) == 1 and len(failures) == 2


def test_a_broken_gzip_and_a_missing_path(tmp_path: Path) -> None:
    (tmp_path / "run.gpx.gz").write_bytes(gzip.compress(b"<gpx")[:10])
    _, failures = read_all(tmp_path / "run.gpx.gz", tmp_path / "nowhere.fit")
    assert "not a readable .gz file" in failures[0]
    assert failures[1].endswith("nowhere.fit: no such file or folder")


def test_the_same_file_gives_the_same_key() -> None:
    first, _ = read_all(IMPORTS / "tempo-run.tcx")
    again, _ = read_all(IMPORTS / "tempo-run.tcx")
    assert first == again and first[0].key == "run:2026-11-26T18:00:00+00:00"


def test_any_unreadable_file_is_one_failure_and_the_others_still_go_in(tmp_path: Path) -> None:
    """Files that once crashed the import: each must fail alone, with one line."""
    mixed = (
        (IMPORTS / "cerknicko-jezero.gpx")
        .read_text()
        .replace("<time>2010-08-05T14:23:59Z</time>", "<time>2010-08-05T14:23:59</time>", 1)
    )
    (tmp_path / "mixed-zones.gpx").write_text(mixed.replace("Z</time>", "+00:00</time>", 3))
    (tmp_path / "far-future.tcx").write_text(
        (IMPORTS / "tempo-run.tcx").read_text().replace("2026-11-26T18:00:00Z", "9999-12-31T23:30:00-05:00")
    )
    big = "Activity ID,Activity Date,Activity Type,Elapsed Time,Distance,Activity Description\n"
    (tmp_path / "activities.csv").write_text(
        big + '1,"Nov 24, 2026, 6:15:00 AM",Run,2950,8.0,"' + "x" * 200_000 + '"\n'
    )
    with zipfile.ZipFile(tmp_path / "export.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("activities/good.tcx", (IMPORTS / "tempo-run.tcx").read_bytes())
        zf.writestr("activities/broken.gpx", (IMPORTS / "korita-zbevnica.gpx").read_bytes())
    data = bytearray((tmp_path / "export.zip").read_bytes())
    start = data.index(b"activities/broken.gpx") + len("activities/broken.gpx") + 40
    data[start : start + 200] = bytes(200)
    (tmp_path / "export.zip").write_bytes(bytes(data))
    activities, failures = read_all(
        tmp_path / "mixed-zones.gpx", tmp_path / "far-future.tcx", tmp_path / "activities.csv",
        tmp_path / "export.zip", IMPORTS / "morning-run.fit",
    )  # fmt: skip
    names = sorted(Path(f.split(": ", 1)[0].split(":activities/")[0]).name for f in failures)
    assert "morning-run.fit" not in names and len(failures) >= 3
    assert all("\n" not in f for f in failures)
    assert [a.key for a in activities if a.source == "fit"] == ["run:2026-11-23T06:30:00+00:00"]
    assert any(a.source == "tcx" and a.date.year == 2026 for a in activities)  # the zip's good member


def test_a_corrupt_activities_csv_in_an_export_fails_alone(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "export.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("activities.csv", "Activity ID,Activity Date,Activity Type,Elapsed Time,Distance\n" * 200)
        zf.writestr("activities/run.tcx", (IMPORTS / "tempo-run.tcx").read_bytes())
    data = bytearray((tmp_path / "export.zip").read_bytes())
    start = data.index(b"activities.csv") + len("activities.csv") + 10
    data[start : start + 40] = bytes(40)
    (tmp_path / "export.zip").write_bytes(bytes(data))
    activities, failures = read_all(tmp_path / "export.zip")
    assert [a.source for a in activities] == ["tcx"]
    (failure,) = failures
    assert failure.startswith(f"{tmp_path / 'export.zip'}:activities.csv: ") and "\n" not in failure
