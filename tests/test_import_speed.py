"""What makes imports fast, checked by what it does (never by time): a file the journal already
has, unchanged, is not read again; a changed one is read again and its activities replaced; many
files are read by a pool of processes and give the same journal as one process; Ctrl-C stops a
pooled import cleanly."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback import cli, imports
from runback.cli import app
from runback.journal import Journal

from .conftest import DATA

IMPORTS = DATA / "imports"
NOW = dt.datetime(2026, 11, 29, 20, 0, tzinfo=dt.UTC)
GPX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="test" '
    'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>\n{points}\n</trkseg></trk></gpx>\n'
)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(cli, "_today", lambda: dt.date(2026, 11, 29))
    monkeypatch.setattr(cli, "_now", lambda: NOW)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()  # this process and the workers it starts date activities alike
    yield
    monkeypatch.undo()
    time.tzset()


def gpx(start: dt.datetime, points: int = 60, lat: float = 46.0) -> str:
    rows = "\n".join(
        f'<trkpt lat="{lat + i * 0.0005:.4f}" lon="14.5"><ele>300</ele>'
        f"<time>{(start + dt.timedelta(seconds=20 * i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time></trkpt>"
        for i in range(points)
    )
    return GPX.format(points=rows)


def export(folder: Path, runs: int = 3) -> Path:
    """A Strava-like export: activities.csv (which names none of the files) and some GPX runs."""
    (folder / "activities").mkdir(parents=True)
    for n in range(runs):
        start = dt.datetime(2026, 10, 1, 7, 0, tzinfo=dt.UTC) + dt.timedelta(days=n)
        (folder / "activities" / f"run-{n}.gpx").write_text(gpx(start))
    (folder / "activities.csv").write_text(
        "Activity ID,Activity Date,Activity Type,Elapsed Time,Distance,Filename\n"
        '1,"Nov 24, 2026, 6:15:00 AM",Run,2950,8.0,\n'
        '2,"Nov 25, 2026, 5:30:00 PM",Ride,3600,21.5,\n'
    )
    return folder


def import_(runner: CliRunner, *args: str | Path):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["import", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables an import writes, ids included."""
    with sqlite3.connect(db) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in ("activities", "files")
        }


def db() -> Path:
    return Path(os.environ["RUNBACK_DB"])


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files an import reads (in this process)."""
    seen: list[str] = []
    original = imports.read

    def counted(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(name)
        return original(name, *args, **kwargs)

    monkeypatch.setattr(imports, "read", counted)
    return seen


# --- 1. re-import: what is known is not read again -----------------------------------------------


def test_an_unchanged_export_is_not_read_again_and_the_summary_counts_it(
    runner: CliRunner, tmp_path: Path, reads: list[str]
) -> None:
    folder = export(tmp_path / "export")
    first = import_(runner, folder)
    assert first.stdout == "4 files: imported 5 activities, skipped 0 already in the journal, 0 failed\n"
    assert len(reads) == 4
    before = rows(db())
    assert len(before["files"]) == 4
    reads.clear()
    again = import_(runner, folder)
    assert again.exit_code == 0
    assert again.stdout == (
        "4 files: 4 unchanged, imported 0 activities, skipped 0 already in the journal, 0 failed\n"
    )
    assert reads == [] and again.stderr == ""
    assert rows(db()) == before


def test_an_unchanged_zip_export_is_not_read_again(
    runner: CliRunner, tmp_path: Path, reads: list[str]
) -> None:
    shutil.copy(IMPORTS / "strava-export.zip", tmp_path / "export.zip")
    import_(runner, tmp_path / "export.zip")
    reads.clear()
    again = import_(runner, tmp_path / "export.zip")
    assert again.stdout.startswith("2 files: 2 unchanged, imported 0 activities,")
    assert reads == []
    names = [name for name, *_ in rows(db())["files"]]
    assert names == [
        f"{tmp_path / 'export.zip'}:activities.csv",
        f"{tmp_path / 'export.zip'}:activities/2001.gpx",
    ]


def test_files_are_known_by_their_absolute_path_wherever_runback_runs(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export(tmp_path / "export")
    monkeypatch.chdir(tmp_path)
    import_(runner, "export")
    monkeypatch.chdir(tmp_path / "export")
    assert import_(runner, ".").stdout.startswith("4 files: 4 unchanged,")


def test_a_touched_file_with_the_same_bytes_is_unchanged(
    runner: CliRunner, tmp_path: Path, reads: list[str]
) -> None:
    folder = export(tmp_path / "export")
    import_(runner, folder)
    os.utime(folder / "activities" / "run-1.gpx", ns=(10**18, 10**18))
    reads.clear()
    assert import_(runner, folder).stdout.startswith("4 files: 4 unchanged,")
    assert reads == []


def test_a_file_changed_in_place_with_its_size_and_time_kept_is_read_again(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The hash decides: a byte changed, with the size and modification time put back."""
    folder = export(tmp_path / "export")
    import_(runner, folder)
    path = folder / "activities" / "run-2.gpx"
    stamp = path.stat()
    text = path.read_text()
    path.write_text(text.replace("<type>running</type>", "<type>cycling</type>"))
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert path.stat().st_size == stamp.st_size
    again = import_(runner, folder)
    assert again.stdout == (
        "4 files: 3 unchanged, imported 1 activity, removed 1, skipped 0 already in the journal, 0 failed\n"
    )
    with Journal(db()) as journal:
        sports = [a.sport for a in journal.activities(dt.date(2026, 10, 1), dt.date(2026, 10, 31))]
    assert sports == ["run", "run", "ride"]  # the run became a ride: not both


def test_a_changed_csv_is_read_again_and_its_activities_replaced_not_duplicated(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = export(tmp_path / "export")
    import_(runner, folder)
    csv = folder / "activities.csv"
    csv.write_text(
        csv.read_text().replace("2950,8.0", "2950,8.4").replace('2,"Nov 25', '3,"Nov 26')
        + '4,"Nov 27, 2026, 6:00:00 AM",Run,1800,5.0,\n'
    )
    again = import_(runner, folder)
    assert again.stdout == (
        "4 files: 3 unchanged, imported 2 activities, updated 1, removed 1,"
        " skipped 0 already in the journal, 0 failed\n"
    )
    with Journal(db()) as journal:
        found = journal.activities(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert [(a.date.day, a.sport, a.distance_km) for a in found] == [
        (24, "run", 8.4),
        (26, "ride", 21.5),
        (27, "run", 5.0),
    ]
    stamps = dict(sqlite3.connect(db()).execute("SELECT key, added_at FROM activities").fetchall())
    assert len(stamps) == 3 + 3  # the three runs, and the CSV's three: no duplicates


def test_an_activity_read_again_unchanged_keeps_when_it_was_added(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = export(tmp_path / "export")
    import_(runner, folder)
    monkeypatch.setattr(cli, "_now", lambda: NOW + dt.timedelta(days=30))
    csv = folder / "activities.csv"
    csv.write_text(csv.read_text() + '3,"Nov 27, 2026, 6:00:00 AM",Run,1800,5.0,\n')
    assert "imported 1 activity, skipped 2 already in the journal" in import_(runner, folder).stdout
    added = sorted(r[0] for r in sqlite3.connect(db()).execute("SELECT added_at FROM activities"))
    assert added == ["2026-11-29T20:00:00+00:00"] * 5 + ["2026-12-29T20:00:00+00:00"]


def test_a_deleted_file_keeps_its_activities(runner: CliRunner, tmp_path: Path) -> None:
    folder = export(tmp_path / "export")
    import_(runner, folder)
    (folder / "activities" / "run-0.gpx").unlink()
    again = import_(runner, folder)
    assert again.stdout.startswith("3 files: 3 unchanged, imported 0 activities,")
    with Journal(db()) as journal:
        assert len(journal.activities(dt.date(2026, 10, 1), dt.date(2026, 10, 31))) == 3


def test_force_reads_every_file_again_and_changes_nothing(
    runner: CliRunner, tmp_path: Path, reads: list[str]
) -> None:
    folder = export(tmp_path / "export")
    import_(runner, folder)
    before = rows(db())
    reads.clear()
    forced = runner.invoke(app, ["import", "--force", str(folder)])
    assert forced.stdout == "4 files: imported 0 activities, skipped 5 already in the journal, 0 failed\n"
    assert len(reads) == 4
    assert rows(db()) == before


def test_a_file_that_failed_is_not_remembered_and_is_tried_again(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "run.gpx"
    broken.write_text(gpx(dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC))[:300])
    for _ in range(2):
        result = import_(runner, broken)
        assert result.exit_code == 1
        assert result.stdout == "1 file: imported 0 activities, skipped 0 already in the journal, 1 failed\n"
    assert rows(db())["files"] == []
    broken.write_text(gpx(dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)))
    assert import_(runner, broken).stdout.startswith("1 file: imported 1 activity,")


def test_a_file_broken_since_keeps_its_activities_and_is_tried_again(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "run.gpx"
    path.write_text(gpx(dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)))
    import_(runner, path)
    remembered = rows(db())
    path.write_text("<gpx")
    for _ in range(2):
        assert import_(runner, path).exit_code == 1
    assert rows(db()) == remembered


def test_activities_from_before_files_were_remembered_are_claimed_then_updated(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A journal from an older runback has the activity without its file: importing the file
    does not add it twice, and a later change to the file updates it."""
    path = tmp_path / "run.gpx"
    path.write_text(gpx(dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)))
    (source,) = imports.sources([path])
    (activity,) = imports.read(*source, today=dt.date(2026, 11, 29)).activities
    with Journal(db()) as journal:
        journal.add_activities([activity], NOW)
    assert "imported 0 activities, skipped 1 already in the journal" in import_(runner, path).stdout
    path.write_text(gpx(dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC), points=90))
    assert "imported 0 activities, updated 1, skipped 0" in import_(runner, path).stdout
    with Journal(db()) as journal:
        (run,) = journal.activities(dt.date(2026, 11, 2), dt.date(2026, 11, 2))
    assert run.distance_km is not None and activity.distance_km is not None
    assert run.distance_km > activity.distance_km


def test_a_name_a_zip_holds_twice_is_remembered_for_each(runner: CliRunner, tmp_path: Path) -> None:
    with (
        pytest.warns(UserWarning, match="Duplicate name"),
        zipfile.ZipFile(tmp_path / "export.zip", "w") as zf,
    ):
        zf.writestr("run.gpx", gpx(dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)))
        zf.writestr("run.gpx", gpx(dt.datetime(2026, 11, 3, 7, 0, tzinfo=dt.UTC)))
    assert import_(runner, tmp_path / "export.zip").stdout.startswith("2 files: imported 2 activities,")
    again = import_(runner, tmp_path / "export.zip")
    assert again.stdout.startswith("2 files: 2 unchanged, imported 0 activities,")
    assert len(rows(db())["activities"]) == 2


def test_a_changed_zip_member_is_read_again(runner: CliRunner, tmp_path: Path, reads: list[str]) -> None:
    def write(second_day: int) -> None:
        with zipfile.ZipFile(tmp_path / "export.zip", "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("activities/a.gpx", gpx(dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)))
            zf.writestr("activities/b.gpx", gpx(dt.datetime(2026, 11, second_day, 7, 0, tzinfo=dt.UTC)))

    write(3)
    import_(runner, tmp_path / "export.zip")
    write(4)
    reads.clear()
    again = import_(runner, tmp_path / "export.zip")
    assert again.stdout.startswith("2 files: 1 unchanged, imported 1 activity, removed 1,")
    assert reads == [f"{tmp_path / 'export.zip'}:activities/b.gpx"]


# --- 2. many files on every core -------------------------------------------------------------


def many(folder: Path, count: int) -> list[Path]:
    """``count`` runs, a third each GPX, gzipped GPX and members of a zip beside them (with a
    broken member): the paths to import."""
    folder.mkdir()
    with zipfile.ZipFile(folder.with_suffix(".zip"), "w", zipfile.ZIP_DEFLATED) as zf:
        for n in range(count):
            start = dt.datetime(2025, 1, 1, 6, 0, tzinfo=dt.UTC) + dt.timedelta(days=n, minutes=n % 60)
            text = gpx(start, points=30 + n % 50)
            if n % 3 == 0:
                (folder / f"run-{n:03d}.gpx").write_text(text)
            elif n % 3 == 1:
                (folder / f"run-{n:03d}.gpx.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
            else:
                zf.writestr(f"activities/run-{n:03d}.gpx", text)
        zf.writestr("activities/broken.gpx", "<gpx")
    return [folder, folder.with_suffix(".zip")]


def test_workers_give_the_same_journal_as_one_process(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = many(tmp_path / "export", 24)
    monkeypatch.setattr(imports, "POOL_MIN_FILES", 4)
    monkeypatch.setattr(imports, "_cores", lambda: 2)
    pooled: list[int] = []
    original = imports._pooled

    def counted(chunks, workers, *args):  # type: ignore[no-untyped-def]
        pooled.append(workers)
        return original(chunks, workers, *args)

    monkeypatch.setattr(imports, "_pooled", counted)
    outputs = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("RUNBACK_DB", str(tmp_path / f"journal-{workers}.sqlite"))
        monkeypatch.setenv("RUNBACK_IMPORT_WORKERS", workers)
        result = import_(runner, *paths)
        assert result.exit_code == 1  # the broken member
        outputs[workers] = (result.stdout, result.stderr)
    assert pooled == [2]
    assert outputs["1"] == outputs["2"]
    assert outputs["1"][0] == "25 files: imported 24 activities, skipped 0 already in the journal, 1 failed\n"
    one, two = rows(tmp_path / "journal-1.sqlite"), rows(tmp_path / "journal-2.sqlite")
    assert len(one["activities"]) == 24 and len(one["files"]) == 24
    assert one == two


def test_a_pooled_reimport_of_a_changed_file_replaces_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = many(tmp_path / "export", 12)
    folder = paths[0]
    monkeypatch.setattr(imports, "POOL_MIN_FILES", 2)
    monkeypatch.setattr(imports, "_cores", lambda: 2)
    monkeypatch.setenv("RUNBACK_IMPORT_WORKERS", "2")
    import_(runner, *paths)
    (folder / "run-000.gpx").write_text(gpx(dt.datetime(2025, 1, 1, 6, 0, tzinfo=dt.UTC), points=99))
    (folder / "run-003.gpx").write_text(gpx(dt.datetime(2025, 1, 4, 6, 3, tzinfo=dt.UTC), points=99))
    again = import_(runner, *paths)
    assert again.stdout == (
        "13 files: 10 unchanged, imported 0 activities, updated 2, skipped 0 already in the journal, 1 failed\n"
    )


@pytest.mark.parametrize("value", ["0", "many", "-2"])
def test_a_bad_number_of_workers_is_a_usage_error(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("RUNBACK_IMPORT_WORKERS", value)
    result = import_(runner, IMPORTS / "morning-run.fit")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: RUNBACK_IMPORT_WORKERS='{value}' is not a number of processes; give a whole number, 1 or more\n"
    )
    assert result.stdout == "" and not db().exists()


def test_never_more_workers_than_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "_cores", lambda: 2)
    monkeypatch.setenv("RUNBACK_IMPORT_WORKERS", "16")
    assert imports.worker_count() == 2
    monkeypatch.delenv("RUNBACK_IMPORT_WORKERS")
    assert imports.worker_count() == 2


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def start_pooled_import(
    tmp_path: Path,
) -> tuple[subprocess.Popen[str], set[int], dict[str, list[tuple[object, ...]]]]:
    """A journal with one activity, and an import of 400 files under way in a pool: the import,
    its child processes (two workers and multiprocessing's resource tracker), and the journal's
    rows before it."""
    env = {**os.environ, "RUNBACK_IMPORT_WORKERS": "2"}
    subprocess.run(
        [sys.executable, "-m", "runback", "import", str(IMPORTS / "morning-run.fit")],
        env=env,
        check=True,
        capture_output=True,
    )
    before = rows(db())
    folder = tmp_path / "big"
    folder.mkdir()
    for n in range(400):
        start = dt.datetime(2024, 1, 1, 6, 0, tzinfo=dt.UTC) + dt.timedelta(days=n)
        (folder / f"run-{n:03d}.gpx").write_text(gpx(start, points=400))
    process = subprocess.Popen(
        [sys.executable, "-m", "runback", "import", str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    seen: set[int] = set()
    deadline = time.monotonic() + 60
    while len(seen) < 3 and process.poll() is None and time.monotonic() < deadline:
        seen |= children(process.pid)
        time.sleep(0.05)
    time.sleep(0.5)
    assert process.poll() is None, "the import ended before it could be interrupted"
    assert len(seen) == 3
    return process, seen, before


def gone(pids: set[int]) -> bool:
    """Whether all of ``pids`` have ended, waiting up to 30 s."""
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(Path(f"/proc/{pid}").exists() for pid in pids)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the workers")
@pytest.mark.parametrize("target", ["the process group, as a terminal does", "runback alone"])
def test_ctrl_c_during_a_pooled_import_leaves_no_process_and_the_journal_as_it_was(
    tmp_path: Path, target: str
) -> None:
    process, seen, before = start_pooled_import(tmp_path)
    if target == "runback alone":
        process.send_signal(signal.SIGINT)
    else:
        os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert out == "" and "Traceback" not in err, err
    assert gone(seen)
    assert rows(db()) == before


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the workers")
def test_a_worker_killed_mid_import_is_one_line_and_nothing_is_written(tmp_path: Path) -> None:
    process, seen, before = start_pooled_import(tmp_path)
    worker = next(pid for pid in seen if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes())
    os.kill(worker, signal.SIGKILL)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert out == ""
    assert err == (
        "Error: a process reading the files stopped unexpectedly, so nothing was imported;"
        " RUNBACK_IMPORT_WORKERS=1 reads them in one process\n"
    )
    assert gone(seen)
    assert rows(db()) == before


def test_a_file_with_an_activity_left_out_is_read_again_next_time(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run dated days after today is implausible today and left out; the next import, once that day
    has come, reads the file again and takes it."""
    path = tmp_path / "run.gpx"
    path.write_text(gpx(dt.datetime(2026, 12, 5, 7, 0, tzinfo=dt.UTC)))
    first = import_(runner, path)
    assert "imported 0 activities" in first.stdout and "1 implausible" in first.stdout
    monkeypatch.setattr(cli, "_today", lambda: dt.date(2026, 12, 6))
    again = import_(runner, path)
    assert again.stdout.startswith("1 file: imported 1 activity,"), again.stdout
    assert import_(runner, path).stdout.startswith("1 file: 1 unchanged, imported 0 activities")
