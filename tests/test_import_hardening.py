"""Hostile and broken activity files: bombs, malformed zips, impossible values and awkward folders.
Each fails (or is skipped) alone, by name, and never stops the files beside it."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import sqlite3
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback import bounds, cli
from runback.cli import app
from runback.imports import read, sources
from runback.journal import Activity, Journal
from runback.render.jsondoc import dumps

from .conftest import DATA

IMPORTS = DATA / "imports"
TODAY = dt.date(2026, 11, 29)
GPX_HEAD = b'<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
GPX_TAIL = b"</trkseg></trk></gpx>"
GOOD = IMPORTS / "tempo-run.tcx"
GOOD_SUMMARY = "imported 1 activity"


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_today", lambda: TODAY)
    monkeypatch.setattr(cli, "_now", lambda: dt.datetime(2026, 11, 29, 20, 0, tzinfo=dt.UTC))
    monkeypatch.setenv("TZ", "UTC")


def run_import(runner: CliRunner, *paths: Path | str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["import", *map(str, paths)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def gz_repeat(head: bytes, unit: bytes, count: int, tail: bytes) -> bytes:
    """A .gz of head + unit * count + tail, compressed a chunk at a time (the whole is never held)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [packer.compress(head)]
    per_chunk = max(1, 2**20 // len(unit))
    for start in range(0, count, per_chunk):
        out.append(packer.compress(unit * min(per_chunk, count - start)))
    return b"".join([*out, packer.compress(tail), packer.flush()])


def gpx(points: list[tuple[float, float, str]], extra: str = "") -> str:
    rows = "".join(
        f'<trkpt lat="{lat}" lon="{lon}"><time>{when}</time>{extra}</trkpt>' for lat, lon, when in points
    )
    return GPX_HEAD.decode() + rows + GPX_TAIL.decode()


# --- 1. bombs: bounded, refused by name, and the rest imported ------------------------------------


BOMBS = {  # name: (head, unit, times, tail) of a small .gz that unpacks to head + unit * times + tail
    # two million empty elements (8 MB, a 10 KB .gz): well-formed, and under the size bound
    "elements.gpx.gz": (GPX_HEAD, b"<a/>", 2_000_000, GPX_TAIL),
    "points.gpx.gz": (GPX_HEAD, b"<trkpt><time>2026-11-20T06:00:00Z</time></trkpt>", 150_000, GPX_TAIL),
    "attributes.gpx.gz": (GPX_HEAD + b"<trkpt ", b'a="" ', 500_000, b"/>" + GPX_TAIL),
    # blanks that unpack past the bound for GPX from a 40 KB .gz: refused before they are held whole
    "blank.gpx.gz": (GPX_HEAD, b" " * 1024, 41 * 1024, GPX_TAIL),
}


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("elements.gpx.gz", f"more than {bounds.MAX_XML_ELEMENTS:,} XML elements"),
        ("points.gpx.gz", f"more than {bounds.MAX_TRACKPOINTS:,} track points"),
        ("attributes.gpx.gz", f"more than {bounds.MAX_XML_ATTRIBUTES:,} XML attributes"),
        ("blank.gpx.gz", f"larger than {bounds.MAX_GPX_BYTES // 2**20} MB when unpacked"),
    ],
)
def test_an_xml_bomb_is_refused_by_name_and_the_other_files_go_in(
    runner: CliRunner, tmp_path: Path, name: str, problem: str
) -> None:
    (tmp_path / name).write_bytes(gz_repeat(*BOMBS[name]))
    result = run_import(runner, tmp_path / name, GOOD)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {tmp_path / name}: ") and problem in line
    assert result.stdout.startswith(f"2 files: {GOOD_SUMMARY},")


def fit_file(messages: int, fields: int = 1) -> bytes:
    """A FIT file of one definition (``fields`` one-byte fields of a record) and ``messages``
    tiny data messages: the cheapest bytes that make fitdecode do the most work."""
    definition = bytes([0x40, 0, 0]) + struct.pack("<HB", 20, fields)
    definition += b"".join(bytes([i, 1, 2]) for i in range(fields))
    body = definition + (b"\x00" + bytes(fields)) * messages
    return struct.pack("<BBHI4s", 12, 0x10, 2100, len(body), b".FIT") + body + b"\x00\x00"


@pytest.mark.parametrize(
    ("messages", "fields"),
    [(bounds.MAX_FIT_MESSAGES + 1, 1), (bounds.MAX_FIT_VALUES // 255 + 1, 255)],
    ids=["messages", "values"],
)
def test_a_fit_bomb_is_refused_before_it_is_decoded(
    runner: CliRunner, tmp_path: Path, messages: int, fields: int
) -> None:
    (tmp_path / "bomb.fit.gz").write_bytes(gzip.compress(fit_file(messages, fields)))
    result = run_import(runner, tmp_path / "bomb.fit.gz", IMPORTS / "morning-run.fit")
    assert result.exit_code == 1
    assert f"bomb.fit.gz: more than {bounds.MAX_FIT_MESSAGES:,} FIT messages" in result.stderr
    assert result.stdout.startswith("2 files: imported 1 activity,")


def test_a_csv_of_more_lines_than_an_export_holds_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    header = b"Activity ID,Activity Date,Activity Type,Elapsed Time,Distance\n"
    (tmp_path / "activities.csv.gz").write_bytes(gz_repeat(header, b"\n", bounds.MAX_CSV_LINES + 1, b""))
    result = run_import(runner, tmp_path / "activities.csv.gz")
    assert result.exit_code == 1
    assert f"more than {bounds.MAX_CSV_LINES:,} lines" in result.stderr


def test_a_fifo_with_an_activitys_name_is_refused_not_waited_on(runner: CliRunner, tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(tmp_path / "run.gpx")
    result = run_import(runner, tmp_path / "run.gpx")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'run.gpx'}: not a regular file\n"


def odd_fit() -> bytes:
    """A FIT record whose timestamp (a uint32) is 8 bytes long: fitdecode reads it as a pair."""
    body = bytes([0x40, 0, 0]) + struct.pack("<HB", 20, 1) + bytes([253, 8, 0x86]) + b"\x00" + bytes(8)
    return struct.pack("<BBHI4s", 12, 0x10, 2100, len(body), b".FIT") + body + b"\x00\x00"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("odd.fit", odd_fit(), "not a readable FIT file (TypeError: "),
        ("activities.csv", b"Activity ID,Activity\rDate\n", "line 1: not CSV (new-line character"),
    ],
)
def test_a_parser_failure_says_which_format_and_where(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    """Failures that once fell through to the catch-all 'not a readable activity'."""
    (tmp_path / name).write_bytes(content)
    (source,) = sources([tmp_path / name])
    failure = read(*source, today=TODAY).failure  # type: ignore[misc]
    assert failure is not None and failure.problem.startswith(problem)


# --- 2. malformed zips: each member fails alone ---------------------------------------------------


def make_zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytearray:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return bytearray(path.read_bytes())


def central(data: bytearray, name: bytes) -> int:
    """Where the central directory's entry for a member starts (its name appears last there)."""
    at = data.rindex(name) - 46
    assert data[at : at + 4] == b"PK\x01\x02"
    return at


def local(data: bytearray, name: bytes) -> int:
    at = data.index(name) - 30
    assert data[at : at + 4] == b"PK\x03\x04"
    return at


def test_a_member_name_that_is_not_utf8_fails_alone(runner: CliRunner, tmp_path: Path) -> None:
    data = make_zip(tmp_path / "export.zip", {"a/Xrun.gpx": b"<gpx/>", "good.tcx": GOOD.read_bytes()})
    for at in (local(data, b"a/Xrun.gpx"), central(data, b"a/Xrun.gpx")):
        # the name's X, not the first 0x58 after the header (a CRC or the zip's clock can hold one)
        data[data.index(b"a/Xrun.gpx", at) + 2] = 0xFF
    entry = central(data, b"a/\xffrun.gpx")
    data[entry + 9] |= 0x08  # flag bit 11: "this name is UTF-8"
    (tmp_path / "export.zip").write_bytes(bytes(data))
    result = run_import(runner, tmp_path / "export.zip")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'export.zip'}:a/\\xffrun.gpx: its name is not valid UTF-8, though the zip says it is\n"
    )
    assert result.stdout == "2 files: imported 1 activity, skipped 0 already in the journal, 1 failed\n"


def test_an_empty_member_name_is_passed_over(runner: CliRunner, tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as zf:
        zf.writestr(zipfile.ZipInfo(""), b"x")  # zipfile's own is_dir() fails on this name
        zf.writestr("good.tcx", GOOD.read_bytes())
    result = run_import(runner, tmp_path / "export.zip")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 file: imported 1 activity, skipped 0 already in the journal, 0 failed\n"


def test_a_member_of_a_newer_zip_version_fails_alone(runner: CliRunner, tmp_path: Path) -> None:
    data = make_zip(tmp_path / "export.zip", {"new.fit": b"x", "good.tcx": GOOD.read_bytes()})
    data[central(data, b"new.fit") + 6] = 255
    (tmp_path / "export.zip").write_bytes(bytes(data))
    result = run_import(runner, tmp_path / "export.zip")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: {tmp_path / 'export.zip'}:new.fit: needs zip version 25.5; runback reads up to 6.3\n"
    )
    assert result.stdout.startswith("2 files: imported 1 activity,")


def test_a_member_packed_with_an_unknown_method_fails_alone(runner: CliRunner, tmp_path: Path) -> None:
    data = make_zip(tmp_path / "export.zip", {"odd.gpx": b"<gpx/>", "good.tcx": GOOD.read_bytes()})
    struct.pack_into("<H", data, local(data, b"odd.gpx") + 8, 99)
    struct.pack_into("<H", data, central(data, b"odd.gpx") + 10, 99)
    (tmp_path / "export.zip").write_bytes(bytes(data))
    result = run_import(runner, tmp_path / "export.zip")
    assert result.exit_code == 1
    assert f"{tmp_path / 'export.zip'}:odd.gpx: packed in a way runback cannot unpack" in result.stderr
    assert result.stdout.startswith("2 files: imported 1 activity,")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"not a zip", "not a readable .zip file (File is not a zip file)"),
        (b"PK\x05\x06" + bytes(18), "no activity files in this .zip file"),  # an empty zip
    ],
)
def test_a_zip_that_is_not_an_export_fails_alone(
    runner: CliRunner, tmp_path: Path, content: bytes, problem: str
) -> None:
    (tmp_path / "export.zip").write_bytes(content)
    result = run_import(runner, tmp_path / "export.zip", GOOD)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 'export.zip'}: {problem}")
    assert result.stdout.startswith("2 files: imported 1 activity,")


def test_zip_bombs_are_refused_member_by_member(runner: CliRunner, tmp_path: Path) -> None:
    """A member whose size is told honestly but is too big; one whose size lies (it unpacks to
    far more than it says); a .gz member of a huge ratio; and two members sharing their data."""
    inner = gz_repeat(*BOMBS["blank.gpx.gz"])
    data = make_zip(
        tmp_path / "export.zip",
        {
            "big.gpx": b" " * (bounds.MAX_GPX_BYTES + 1),
            "liar.gpx": b" " * (8 * 2**20),
            "ratio.gpx.gz": inner,
            "one.fit": b"x" * 100,
            "two.fit": b"y" * 100,
            "good.tcx": GOOD.read_bytes(),
        },
    )
    struct.pack_into("<L", data, central(data, b"liar.gpx") + 24, 1000)  # says 1,000 bytes
    struct.pack_into("<L", data, central(data, b"two.fit") + 42, local(data, b"one.fit"))
    (tmp_path / "export.zip").write_bytes(bytes(data))
    result = run_import(runner, tmp_path / "export.zip")
    errors = sorted(result.stderr.splitlines())
    zipped = f"Error: {tmp_path / 'export.zip'}:"
    assert errors == [
        f"{zipped}big.gpx: larger than 40 MB when unpacked: more than an activity holds",
        f"{zipped}liar.gpx: damaged in the .zip file (Bad CRC-32 for file 'liar.gpx')",
        f"{zipped}one.fit: its data overlaps another file's in the zip, as in a zip bomb: refused",
        f"{zipped}ratio.gpx.gz: larger than 40 MB when unpacked: more than an activity holds",
        f"{zipped}two.fit: its data overlaps another file's in the zip, as in a zip bomb: refused",
    ]
    assert result.stdout == "6 files: imported 1 activity, skipped 0 already in the journal, 5 failed\n"


# --- 3. impossible values: the activity is skipped, the file's others kept ------------------------

STRAVA_HEADER = "Activity ID,Activity Date,Activity Type,Elapsed Time,Distance,Average Heart Rate\n"


def test_an_impossible_strava_row_is_skipped_with_its_line(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "activities.csv").write_text(
        STRAVA_HEADER
        + '1,"Nov 24, 2026, 6:15:00 AM",Run,2950,8.0,140\n'
        + '2,"Nov 25, 2026, 6:15:00 AM",Run,2950,1e308,140\n'
        + '3,"Nov 26, 2026, 6:15:00 AM",Run,-14400,8.0,\n'
        + '4,"Nov 27, 2026, 6:15:00 AM",Run,2950,inf,\n'
    )
    result = run_import(runner, tmp_path / "activities.csv")
    assert result.exit_code == 0, result.output
    csv_file = tmp_path / "activities.csv"
    assert result.stderr.splitlines() == [
        f"Skipped {csv_file} line 3: a distance of 1e+308 km is not plausible for a run",
        f"Skipped {csv_file} line 4: a time of -240 min is not plausible",
        f"Skipped {csv_file} line 5: a distance of inf km is not plausible for a run",
    ]
    assert (
        result.stdout
        == "1 file: imported 1 activity, skipped 0 already in the journal and 3 implausible, 0 failed\n"
    )
    table = runner.invoke(app, ["history", "-f", "table", "--weeks", "1"])
    assert table.exit_code == 0 and "8" in table.stdout


def test_a_strava_distance_of_zero_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "activities.csv").write_text(STRAVA_HEADER + '1,"Nov 24, 2026, 6:15:00 AM",Run,2400,0,\n')
    (source,) = sources([tmp_path / "activities.csv"])
    (run,) = read(*source, today=TODAY).activities  # type: ignore[misc]
    assert run.distance_km is None and run.elapsed_min == 40.0


def test_an_implausible_heart_rate_or_ascent_is_dropped_and_the_run_kept(tmp_path: Path) -> None:
    (tmp_path / "activities.csv").write_text(
        "Activity ID,Activity Date,Activity Type,Elapsed Time,Distance,Max Heart Rate,Elevation Gain\n"
        '1,"Nov 24, 2026, 6:15:00 AM",Run,2400,8,900,1e9\n'
    )
    (source,) = sources([tmp_path / "activities.csv"])
    (run,) = read(*source, today=TODAY).activities  # type: ignore[misc]
    assert (run.distance_km, run.hr_max, run.ascent_m) == (8.0, None, None)


@pytest.mark.parametrize(
    ("points", "problem"),
    [
        (  # times that run backwards: a run of -240 min
            [(46.0, 14.5, "2026-11-24T10:00:00Z"), (46.01, 14.5, "2026-11-24T08:00:00Z"),
             (46.02, 14.5, "2026-11-24T06:00:00Z")],
            "a time of -240 min is not plausible",
        ),
        (  # pole to pole in a second
            [(89.9, 0.0, "2026-11-24T06:00:00Z"), (-89.9, 0.0, "2026-11-24T06:00:01Z")],
            "is not plausible for a run",
        ),
    ],
)  # fmt: skip
def test_an_impossible_gpx_track_is_skipped_and_the_other_files_go_in(
    runner: CliRunner, tmp_path: Path, points: list[tuple[float, float, str]], problem: str
) -> None:
    (tmp_path / "odd.gpx").write_text(gpx(points))
    result = run_import(runner, tmp_path / "odd.gpx", GOOD)
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Skipped {tmp_path / 'odd.gpx'}: ") and problem in line
    assert (
        result.stdout
        == "2 files: imported 1 activity, skipped 0 already in the journal and 1 implausible, 0 failed\n"
    )


def strict_json(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_history_and_report_leave_out_impossible_rows_an_older_version_stored(
    runner: CliRunner, tmp_path: Path
) -> None:
    with Journal(tmp_path / "journal.sqlite") as journal, journal.transaction():
        journal.add_activities(
            [
                Activity("a", "run", dt.date(2026, 11, 24), "strava", distance_km=1e308, elapsed_min=50.0),
                Activity("b", "run", dt.date(2026, 11, 25), "gpx", distance_km=8.0, elapsed_min=-240.0),
                Activity("c", "run", dt.date(2026, 11, 23), "gpx", distance_km=19_815.0, elapsed_min=1 / 60),
                Activity(
                    "d",
                    "ride",
                    dt.date(2026, 11, 23),
                    "fit",
                    distance_km=float("nan"),
                    moving_min=float("inf"),
                ),
                Activity("e", "run", dt.date(2026, 11, 26), "gpx", distance_km=8.0, elapsed_min=45.0),
            ],
            dt.datetime(2026, 11, 27, tzinfo=dt.UTC),
        )
    for fmt in ("table", "text", "markdown", "csv"):
        result = runner.invoke(app, ["history", "-f", fmt, "--weeks", "2"])
        assert result.exit_code == 0, result.output
    history = strict_json(runner.invoke(app, ["history", "-f", "json", "--weeks", "1"]).stdout)
    assert history["weeks"][-1]["runs"] == 1 and history["weeks"][-1]["km"] == 8.0  # type: ignore[index]
    for fmt in ("markdown", "html"):
        report = runner.invoke(app, ["report", "-f", fmt])
        assert report.exit_code == 0 and "inf" not in report.stdout.lower(), report.output
    plan = runner.invoke(app, ["plan", "--from-journal", "-f", "json"])
    assert plan.exit_code == 0, plan.output
    assert strict_json(plan.stdout)["totals"]["distance_km"] == 8.0  # type: ignore[index]


def test_json_output_refuses_a_number_that_is_not_json() -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        dumps({"km": float("inf")})


# --- 4. folders -----------------------------------------------------------------------------------


def export(folder: Path) -> Path:
    with zipfile.ZipFile(IMPORTS / "strava-export.zip") as zf:
        zf.extractall(folder)
    return folder


def test_a_folder_named_through_dotdot_or_a_hidden_folder_is_imported(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export(tmp_path / ".downloads" / "export")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    result = run_import(runner, "../.downloads/export")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2 files: imported 5 activities, skipped 0 already in the journal, 0 failed\n"


def test_hidden_files_inside_a_folder_are_still_passed_over(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "export" / ".git").mkdir(parents=True)
    (tmp_path / "export" / "__MACOSX").mkdir()
    for hidden in (".git/run.gpx", "._run.gpx", "__MACOSX/run.gpx"):
        (tmp_path / "export" / hidden).write_text("not a run")
    (tmp_path / "export" / "run.tcx").write_bytes(GOOD.read_bytes())
    result = run_import(runner, tmp_path / "export")
    assert result.exit_code == 0 and result.stdout.startswith("1 file: imported 1 activity,"), result.output


def test_a_folder_without_activity_files_says_so(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "me.jpg").write_bytes(b"\xff\xd8")
    result = run_import(runner, tmp_path / "photos")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'photos'}: no activity files in this folder (runback reads .gpx, .tcx, .fit, "
        "their .gz, and Strava's activities.csv)\n"
    )


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_subfolder_or_file_is_reported_by_name(runner: CliRunner, tmp_path: Path) -> None:
    folder = export(tmp_path / "export")
    (folder / "locked").mkdir()
    (folder / "locked" / "run.fit").write_bytes((IMPORTS / "morning-run.fit").read_bytes())
    (folder / "secret.tcx").write_bytes(GOOD.read_bytes())
    (folder / "locked").chmod(0)
    (folder / "secret.tcx").chmod(0)
    try:
        result = run_import(runner, folder)
    finally:
        (folder / "locked").chmod(0o700)
    assert result.exit_code == 1
    assert sorted(result.stderr.splitlines()) == [
        f"Error: {folder / 'locked'}: cannot read this folder: Permission denied",
        f"Error: {folder / 'secret.tcx'}: cannot read: Permission denied",
    ]
    assert "imported 5 activities" in result.stdout


def test_a_folder_the_system_refuses_is_reported_by_name(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as above wherever the test runs (root reads everything): the system's refusal
    is simulated for one subfolder and one file."""
    folder = export(tmp_path / "export")
    (folder / "locked").mkdir()
    (folder / "secret.tcx").write_bytes(GOOD.read_bytes())
    scandir, open_ = os.scandir, os.open

    def refuse_scandir(path: str) -> object:
        if Path(path) == folder / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    def refuse_open(path: str, flags: int, *args: int) -> int:
        if Path(path) == folder / "secret.tcx":
            raise PermissionError(13, "Permission denied", str(path))
        return open_(path, flags, *args)

    monkeypatch.setattr(os, "scandir", refuse_scandir)
    monkeypatch.setattr(os, "open", refuse_open)
    result = run_import(runner, folder)
    assert result.exit_code == 1
    assert sorted(result.stderr.splitlines()) == [
        f"Error: {folder / 'locked'}: cannot read this folder: Permission denied",
        f"Error: {folder / 'secret.tcx'}: cannot read: Permission denied",
    ]
    assert "imported 5 activities" in result.stdout


def test_a_journal_row_is_never_written_for_a_skipped_activity(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "activities.csv").write_text(STRAVA_HEADER + '1,"Nov 24, 2026, 6:15:00 AM",Run,2950,1e308,\n')
    assert run_import(runner, tmp_path / "activities.csv").exit_code == 0
    with sqlite3.connect(tmp_path / "journal.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM activities").fetchone() == (0,)
