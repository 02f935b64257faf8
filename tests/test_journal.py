"""The journal: schema and migrations, transactions, and an import killed half-way."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from runback.errors import RunbackError
from runback.journal import SCHEMA_VERSION, Activity, Journal

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


def run(date: str, km: float, key: str) -> Activity:
    return Activity(key=key, sport="run", date=dt.date.fromisoformat(date), source="test", distance_km=km)


def test_new_journal_has_the_current_schema(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        assert journal.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert journal.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_old_journal_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    db = sqlite3.connect(path)
    from runback.journal import MIGRATIONS

    db.executescript(MIGRATIONS[0])
    db.execute(
        "INSERT INTO pain (date, score, note, added_at) VALUES ('2026-11-20', 3, 'old', '2026-11-20T08:00:00')"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Journal(path) as journal:
        assert journal.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert journal.pain(dt.date(2026, 11, 1), dt.date(2026, 11, 30))[0].note == "old"
        from runback.journal import PlannedItem

        journal.set_planned(
            [dt.date(2026, 11, 26)], [PlannedItem(dt.date(2026, 11, 26), "cat-cow", "mobility", 1)]
        )
        assert journal.planned(dt.date(2026, 11, 26), dt.date(2026, 11, 26))[0].level == "usual"


def test_a_newer_journal_or_a_stranger_file_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(RunbackError, match="made by a newer runback"):
        Journal(newer)
    stranger = tmp_path / "notes.sqlite"
    stranger.write_text("these are not the droids")
    with pytest.raises(RunbackError, match="not a runback journal"):
        Journal(stranger)


def test_keys_make_imports_idempotent(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        with journal.transaction():
            assert journal.add_activities([run("2026-11-23", 8, "a"), run("2026-11-24", 5, "b")], NOW) == (
                2,
                0,
            )
        with journal.transaction():
            assert journal.add_activities([run("2026-11-23", 8, "a")], NOW) == (0, 1)
        assert [a.key for a in journal.activities(dt.date(2026, 11, 1), dt.date(2026, 11, 30))] == ["a", "b"]


def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        with pytest.raises(KeyboardInterrupt), journal.transaction():
            journal.add_activities([run("2026-11-23", 8, "a")], NOW)
            raise KeyboardInterrupt
        assert journal.activities(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == []


def test_the_latest_pain_of_a_day_counts(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        journal.add_pain(dt.date(2026, 11, 25), 6, "morning", NOW)
        journal.add_pain(dt.date(2026, 11, 25), 3, "evening", NOW)
        latest = journal.latest_pain(dt.date(2026, 11, 26), within_days=7)
        assert latest is not None and (latest.score, latest.note) == (3, "evening")
        assert journal.latest_pain(dt.date(2026, 12, 10), within_days=7) is None


GPX = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>
{points}
</trkseg></trk></gpx>
"""


def many_gpx(folder: Path, count: int, first_day: int = 0) -> None:
    folder.mkdir()
    for n in range(count):
        start = dt.datetime(2020, 1, 1, 7, 0, tzinfo=dt.UTC) + dt.timedelta(days=first_day + n)
        points = "\n".join(
            f'<trkpt lat="{45 + i * 0.001:.4f}" lon="13.6"><ele>50</ele>'
            f"<time>{(start + dt.timedelta(seconds=30 * i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time></trkpt>"
            for i in range(200)
        )
        (folder / f"run-{n:04d}.gpx").write_text(GPX.format(points=points))


def test_an_import_killed_half_way_loses_nothing_and_corrupts_nothing(tmp_path: Path) -> None:
    """SIGKILL at different moments of an import (reading the files, or writing them): the
    journal is intact and holds all of the import or none of it; importing again completes it."""
    db = tmp_path / "journal.sqlite"
    env = {**os.environ, "RUNBACK_DB": str(db)}
    first = tmp_path / "first"
    many_gpx(first, 2, first_day=1000)
    subprocess.run(
        [sys.executable, "-m", "runback", "import", str(first)], env=env, check=True, capture_output=True
    )
    big = tmp_path / "big"
    many_gpx(big, 400)
    for delay in (0.3, 0.8, 1.5):
        process = subprocess.Popen(
            [sys.executable, "-m", "runback", "import", str(big)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        with Journal(db) as journal:
            assert journal.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            count = len(journal.activities(dt.date(2000, 1, 1), dt.date(2100, 1, 1)))
            assert count in (2, 402), count
    again = subprocess.run(
        [sys.executable, "-m", "runback", "import", str(big)], env=env, capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    assert "imported 400 activities" in again.stdout or "skipped 400 already" in again.stdout
    with Journal(db) as journal:
        assert len(journal.activities(dt.date(2000, 1, 1), dt.date(2100, 1, 1))) == 402


def test_the_same_plan_again_writes_nothing(tmp_path: Path) -> None:
    from runback.journal import PlannedItem

    day = dt.date(2026, 11, 26)
    items = [PlannedItem(day, "figure-4-stretch", "after-run", 3), PlannedItem(day, "cat-cow", "mobility", 1)]
    with Journal(tmp_path / "j.sqlite") as journal:
        assert journal.set_planned([day], items) is True
        assert journal.set_planned([day], items) is False
        assert [i.technique for i in journal.planned(day, day)] == ["figure-4-stretch", "cat-cow"]
        assert journal.set_planned([day], items[:1]) is True
        assert journal.planned(day, day) == items[:1]
