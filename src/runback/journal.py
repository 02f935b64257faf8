"""The training journal: a local SQLite database of activities, pain scores and routines done.

It lives in the platform's data directory, or at ``--db PATH`` / $RUNBACK_DB. The schema carries
a version (SQLite's ``user_version``) and migrates forward on open. Every import or log is one
transaction: an interrupted import leaves the journal as it was before it began.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .errors import RunbackError

if TYPE_CHECKING:
    from .planner import Plan
    from .week import Run

DB_ENV = "RUNBACK_DB"
BUSY_SECONDS = 5.0  # how long to wait for another runback that is writing

MIGRATIONS: tuple[str, ...] = (
    # 1: activities (runs and cross-training), pain scores, routines done
    """
    CREATE TABLE activities (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        sport TEXT NOT NULL,
        kind TEXT,
        date TEXT NOT NULL,
        start_utc TEXT,
        utc_offset_min INTEGER,
        distance_km REAL,
        moving_min REAL,
        elapsed_min REAL,
        hr_avg REAL,
        hr_max REAL,
        ascent_m REAL,
        source TEXT NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE INDEX activities_date ON activities (date);
    CREATE TABLE pain (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
        note TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL
    );
    CREATE INDEX pain_date ON pain (date);
    CREATE TABLE done (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        technique TEXT NOT NULL,
        planned INTEGER NOT NULL DEFAULT 1,
        source TEXT NOT NULL,
        added_at TEXT NOT NULL,
        UNIQUE (date, technique)
    );
    CREATE INDEX done_date ON done (date);
    """,
    # 2: the current plan's routines, day by day, for adherence (planned against done)
    """
    CREATE TABLE planned (
        date TEXT NOT NULL,
        technique TEXT NOT NULL,
        section TEXT NOT NULL,
        minutes INTEGER NOT NULL,
        level TEXT NOT NULL DEFAULT 'usual',
        PRIMARY KEY (date, technique)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class Activity(NamedTuple):
    """One activity: a run, or cross-training (ride, swim, walk, ...)."""

    key: str
    sport: str
    date: dt.date
    source: str
    kind: str | None = None
    start_utc: dt.datetime | None = None
    utc_offset_min: int | None = None
    distance_km: float | None = None
    moving_min: float | None = None
    elapsed_min: float | None = None
    hr_avg: float | None = None
    hr_max: float | None = None
    ascent_m: float | None = None

    @property
    def minutes(self) -> float | None:
        """Moving time where the file has it, else elapsed time."""
        return self.moving_min or self.elapsed_min or None


class PlannedItem(NamedTuple):
    """A routine in the current plan."""

    date: dt.date
    technique: str
    section: str
    minutes: int
    level: str = "usual"


class PainEntry(NamedTuple):
    date: dt.date
    score: int
    note: str


def manual_runs(runs: Iterable[Run]) -> list[Activity]:
    """Runs logged by hand. The same run logged again has the same key (so it is not counted
    twice); the same run twice in one go is two runs that day."""
    out = []
    seen: dict[str, int] = {}
    for run in runs:
        key = f"manual:run:{run.date.isoformat()}:{run.kind.value}:{run.distance_km}:{run.duration_min}"
        seen[key] = seen.get(key, 0) + 1
        out.append(
            Activity(
                key=key if seen[key] == 1 else f"{key}:{seen[key]}",
                sport="run",
                date=run.date,
                source="manual",
                kind=run.kind.value,
                distance_km=run.distance_km,
                moving_min=run.duration_min,
            )
        )
    return out


def db_path(override: Path | None = None) -> Path:
    if override is not None:
        return override
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("runback", appauthor=False) / "journal.sqlite"


class Journal:
    """An open journal. Use as a context manager; writes go through ``transaction()``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if path.is_dir():
            raise RunbackError(f"{path}: is a directory, not a journal")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_SECONDS)
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise RunbackError(
                    f"{path}: the journal is busy (another runback is writing); try again"
                ) from None
            raise RunbackError(f"{path}: cannot use the journal ({e})") from None
        except sqlite3.DatabaseError as e:
            raise RunbackError(f"{path}: not a runback journal ({e})") from None
        except OSError as e:
            raise RunbackError(f"{path}: cannot open the journal: {e.strerror or e}") from None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RunbackError(f"{self.path}: made by a newer runback (schema {version}); upgrade runback")
        if version == SCHEMA_VERSION:
            return
        with self.transaction():
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction: everything inside commits together, or not at all."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- writing -----------------------------------------------------------------------------

    def add_activities(self, activities: Iterable[Activity], now: dt.datetime) -> tuple[int, int]:
        """Add activities not already in the journal (by key): ``(added, already there)``.
        Call inside ``transaction()``."""
        added = skipped = 0
        stamp = now.isoformat(timespec="seconds")
        for a in activities:
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO activities (key, sport, kind, date, start_utc, utc_offset_min, distance_km,"
                " moving_min, elapsed_min, hr_avg, hr_max, ascent_m, source, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    a.key, a.sport, a.kind, a.date.isoformat(),
                    a.start_utc.isoformat() if a.start_utc else None, a.utc_offset_min,
                    a.distance_km, a.moving_min, a.elapsed_min, a.hr_avg, a.hr_max, a.ascent_m, a.source, stamp,
                ),
            )  # fmt: skip
            if cursor.rowcount:
                added += 1
            else:
                skipped += 1
        return added, skipped

    def add_pain(self, date: dt.date, score: int, note: str, now: dt.datetime) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO pain (date, score, note, added_at) VALUES (?, ?, ?, ?)",
                (date.isoformat(), score, note, now.isoformat(timespec="seconds")),
            )

    def add_done(
        self, date: dt.date, techniques: Iterable[str], source: str, now: dt.datetime, *, planned: bool = True
    ) -> int:
        """Record techniques done on a day; a technique already recorded that day is not counted twice."""
        added = 0
        with self.transaction():
            for technique in techniques:
                cursor = self.db.execute(
                    "INSERT OR IGNORE INTO done (date, technique, planned, source, added_at) VALUES (?, ?, ?, ?, ?)",
                    (date.isoformat(), technique, int(planned), source, now.isoformat(timespec="seconds")),
                )
                added += cursor.rowcount
        return added

    def keep_plan(self, plan: Plan) -> bool:
        """Make a plan's timed routines the current plan for its week: what ``runback go today``
        walks through, and what adherence counts. False when it already was."""
        items = [
            PlannedItem(day.date, item.technique, item.section, item.minutes, item.level)
            for day in plan.days
            for item in day.routines
        ]
        return self.set_planned(plan.week.dates, items)

    def set_planned(self, dates: Iterable[dt.date], items: Iterable[PlannedItem]) -> bool:
        """Make ``items`` (in the plan's order) the plan for ``dates``; False, and nothing written,
        when it already is."""
        days = sorted(set(dates))
        wanted = list(items)
        if not days or sorted(self.planned(days[0], days[-1])) == sorted(wanted):
            return False
        with self.transaction():
            for date in days:
                self.db.execute("DELETE FROM planned WHERE date = ?", (date.isoformat(),))
            self.db.executemany(
                "INSERT OR REPLACE INTO planned (date, technique, section, minutes, level) VALUES (?, ?, ?, ?, ?)",
                [(i.date.isoformat(), i.technique, i.section, i.minutes, i.level) for i in wanted],
            )
        return True

    # -- reading -----------------------------------------------------------------------------

    def planned(self, start: dt.date, end: dt.date) -> list[PlannedItem]:
        rows = self.db.execute(
            "SELECT date, technique, section, minutes, level FROM planned WHERE date BETWEEN ? AND ?"
            " ORDER BY date, rowid",
            (start.isoformat(), end.isoformat()),
        )
        return [PlannedItem(dt.date.fromisoformat(d), t, s, m, level) for d, t, s, m, level in rows]

    def activities(self, start: dt.date, end: dt.date) -> list[Activity]:
        """Activities from ``start`` to ``end`` inclusive, in date order."""
        rows = self.db.execute(
            "SELECT key, sport, date, source, kind, start_utc, utc_offset_min, distance_km, moving_min,"
            " elapsed_min, hr_avg, hr_max, ascent_m FROM activities WHERE date BETWEEN ? AND ?"
            " ORDER BY date, start_utc, key",
            (start.isoformat(), end.isoformat()),
        )
        return [
            Activity(
                key, sport, dt.date.fromisoformat(date), source, kind,
                dt.datetime.fromisoformat(start_utc) if start_utc else None, *rest,
            )
            for key, sport, date, source, kind, start_utc, *rest in rows
        ]  # fmt: skip

    def pain(self, start: dt.date, end: dt.date) -> list[PainEntry]:
        """Pain by day from ``start`` to ``end``: the day's worst score, and all its notes."""
        rows = self.db.execute(
            "SELECT date, MAX(score), GROUP_CONCAT(NULLIF(note, ''), '; ') FROM"
            " (SELECT date, score, note FROM pain WHERE date BETWEEN ? AND ? ORDER BY id)"
            " GROUP BY date ORDER BY date",
            (start.isoformat(), end.isoformat()),
        )
        return [PainEntry(dt.date.fromisoformat(d), s, n or "") for d, s, n in rows]

    def latest_pain(self, on_or_before: dt.date, within_days: int) -> PainEntry | None:
        """The score logged last (the latest day, and the latest entry on it) within the days given."""
        row = self.db.execute(
            "SELECT date, score, note FROM pain WHERE date BETWEEN ? AND ? ORDER BY date DESC, id DESC LIMIT 1",
            ((on_or_before - dt.timedelta(days=within_days)).isoformat(), on_or_before.isoformat()),
        ).fetchone()
        return PainEntry(dt.date.fromisoformat(row[0]), row[1], row[2]) if row else None

    def done(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        rows = self.db.execute(
            "SELECT date, technique FROM done WHERE date BETWEEN ? AND ? ORDER BY date, technique",
            (start.isoformat(), end.isoformat()),
        )
        return [(dt.date.fromisoformat(d), t) for d, t in rows]
