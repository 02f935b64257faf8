"""The training journal: a local SQLite database of activities, pain scores and routines done.

It lives in the platform's data directory, or at ``--db PATH`` / $RUNBACK_DB. The schema carries
a version (SQLite's ``user_version``) and migrates forward on open. Every import or log is one
transaction: an interrupted import leaves the journal as it was before it began.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import urllib.parse
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import RunbackError

if TYPE_CHECKING:
    from .planner import Plan
    from .programme import EntryResult, PainScore, Rows
    from .week import Run, Week

DB_ENV = "RUNBACK_DB"
BUSY_SECONDS = 20.0  # how long to wait for another runback that is writing (writes are short)

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
    # 3: the back's response over time: when a pain score was taken (during or right after a run
    # or a routine, or the next morning), the Patient-Specific Functional Scale, the entry tests
    # before running comes back, the runner's choices (hold, override), and scores the runner
    # copies from a licensed questionnaire
    """
    ALTER TABLE pain ADD COLUMN context TEXT;
    CREATE TABLE psfs (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        activity TEXT NOT NULL,
        score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
        added_at TEXT NOT NULL
    );
    CREATE INDEX psfs_date ON psfs (date);
    CREATE TABLE tests (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        test TEXT NOT NULL,
        pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
        added_at TEXT NOT NULL
    );
    CREATE TABLE choices (
        id INTEGER PRIMARY KEY,
        week TEXT NOT NULL,
        choice TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL
    );
    CREATE TABLE scores (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        instrument TEXT NOT NULL,
        score REAL NOT NULL,
        added_at TEXT NOT NULL
    );
    """,
    # 4: what each imported file was (its size, modification time and content hash), so that an
    # unchanged file is not read again, and the file each activity came from
    """
    ALTER TABLE activities ADD COLUMN file TEXT;
    CREATE TABLE files (
        name TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE INDEX activities_file ON activities (file);
    """,
    # 5: the effort of a run logged by hand (RPE 1-10), which makes a run a hard session
    """
    ALTER TABLE activities ADD COLUMN rpe INTEGER CHECK (rpe BETWEEN 1 AND 10);
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
    rpe: int | None = None  # the effort logged by hand, 1-10

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


def manual_runs(runs: Iterable[Run], *, run_id: str | None = None) -> list[Activity]:
    """Runs logged by hand. Each is a new run (two runs of 10 km today are a double day), unless it
    says which run it is: by its start time (``today@07:00:10k`` given again is the same run) or by
    a name of the runner's own (``--id``). Imports have keys of their own and never meet these."""
    import uuid

    out = []
    for run in runs:
        if run_id is not None:
            key = f"manual:id:{run_id.strip()}"
        elif run.start is not None:
            when = f"{run.date.isoformat()}T{run.start.isoformat(timespec='minutes')}"
            key = f"manual:run:{when}:{run.kind.value}:{run.distance_km}:{run.duration_min}"
        else:
            key = f"manual:run:{run.date.isoformat()}:{uuid.uuid4().hex}"
        start = dt.datetime.combine(run.date, run.start).astimezone() if run.start else None
        offset = start.utcoffset() if start else None
        out.append(
            Activity(
                key=key,
                sport="run",
                date=run.date,
                source="manual",
                kind=run.kind.value,
                start_utc=start.astimezone(dt.UTC) if start else None,
                utc_offset_min=int(offset.total_seconds() // 60) if offset is not None else None,
                distance_km=run.distance_km,
                moving_min=run.duration_min,
                rpe=run.rpe,
            )
        )
    return out


def db_path(override: Path | None = None) -> Path | None:
    """The journal's path: ``--db``, else $RUNBACK_DB, else the user's data folder (None when
    there is no home directory)."""
    if override is not None:
        return override
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    from .paths import user_dir

    folder = user_dir("data")
    return folder / "journal.sqlite" if folder is not None else None


def db_given(override: Path | None = None) -> bool:
    """Whether the journal's path was named (``--db`` or $RUNBACK_DB), not the default."""
    return override is not None or bool(os.environ.get(DB_ENV))


NO_HOME = "no home directory to keep the journal in: give --db PATH or set RUNBACK_DB=PATH"


def explain(path: Path, error: sqlite3.Error) -> RunbackError:
    """A one-line message for what SQLite said, naming the journal."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return JournalBusy(f"{path}: the journal is busy (another runback is writing to it); try again")
    if "readonly" in text or "read-only" in text:
        return JournalBusy(f"{path}: the journal is read-only; check the file's and its folder's permissions")
    if "disk is full" in text or "database or disk is full" in text:
        return JournalBusy(f"{path}: the disk is full; free some space and try again")
    if "unable to open" in text:
        return RunbackError(f"{path}: cannot open the journal (check the path and its folder)")
    if isinstance(error, sqlite3.OperationalError) and "disk i/o" in text:
        return JournalBusy(f"{path}: the journal could not be written (a disk error)")
    return RunbackError(f"{path}: not a runback journal ({error})")


class JournalBusy(RunbackError):
    """The journal exists but cannot take a write now: busy, read-only, or the disk is full."""


class Journal:
    """An open journal. Use as a context manager; writes go through ``transaction()``.

    Writers open it in WAL mode (readers never wait for a writer) with a generous busy timeout,
    and keep their transactions short; ``readonly`` opens an existing journal for reading only
    and never creates one, so a mistyped ``--db`` is an error, not a new empty journal.
    """

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        if path.is_dir():
            raise RunbackError(f"{path}: is a directory, not a journal")
        if readonly and not path.exists():
            raise RunbackError(
                f"{path}: no journal here yet ('runback import' or 'runback log' starts one;"
                " --db or RUNBACK_DB chooses another)"
            )
        try:
            if readonly:
                uri = f"file:{urllib.parse.quote(str(path.absolute()))}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_SECONDS)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_SECONDS)
                self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
            if not readonly:
                self._add_kept_for_later()
        except sqlite3.Error as e:
            raise explain(path, e) from None
        except OSError as e:
            raise RunbackError(f"{path}: cannot open the journal: {e.strerror or e}") from None

    @classmethod
    def empty(cls) -> Journal:
        """A journal with nothing in it, in memory: what a reading command sees before the first
        import or log, without creating a file."""
        journal = cls.__new__(cls)
        journal.path = Path("(no journal yet)")
        journal.readonly = False
        journal.db = sqlite3.connect(":memory:", isolation_level=None)
        journal._migrate()
        return journal

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
        if self.readonly:  # an older journal: bring it up to date once, then read it
            self.db.close()
            with Journal(self.path):
                pass
            self.db = sqlite3.connect(
                f"file:{urllib.parse.quote(str(self.path.absolute()))}?mode=ro",
                uri=True,
                isolation_level=None,
                timeout=BUSY_SECONDS,
            )
            return
        with self.transaction():
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One short transaction: everything inside commits together, or not at all. A journal
        that stays busy past the timeout, is read-only or is on a full disk is a JournalBusy.
        Inside another transaction, it is part of that one."""
        if self.db.in_transaction:
            yield self.db
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise explain(self.path, e) from None
        try:
            yield self.db
            self.db.execute("COMMIT")
        except sqlite3.Error as e:
            self._rollback()
            raise explain(self.path, e) from None
        except BaseException:
            self._rollback()
            raise

    def _read(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.db.execute(sql, parameters).fetchall()
        except sqlite3.Error as e:
            raise explain(self.path, e) from None

    def _rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    def _add_kept_for_later(self) -> None:
        """Routines done that were kept beside the journal while it was busy go in now."""
        pending = pending_path(self.path)
        records = read_pending(pending)
        if not records:
            return
        with self.transaction():
            for record in records:
                self._insert_done(
                    record.date, record.techniques, record.source, record.added_at, record.planned
                )
        pending.unlink(missing_ok=True)

    # -- writing -----------------------------------------------------------------------------

    def add_activities(self, activities: Iterable[Activity], now: dt.datetime) -> tuple[int, int]:
        """Add activities not already in the journal (by key), in one transaction:
        ``(added, already there)``."""
        with self.transaction():
            return self._insert_activities(activities, now)

    def _insert_activities(self, activities: Iterable[Activity], now: dt.datetime) -> tuple[int, int]:
        added = skipped = 0
        stamp = now.isoformat(timespec="seconds")
        for a in activities:
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO activities (key, sport, kind, date, start_utc, utc_offset_min, distance_km,"
                " moving_min, elapsed_min, hr_avg, hr_max, ascent_m, rpe, source, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    a.key, a.sport, a.kind, a.date.isoformat(),
                    a.start_utc.isoformat() if a.start_utc else None, a.utc_offset_min,
                    a.distance_km, a.moving_min, a.elapsed_min, a.hr_avg, a.hr_max, a.ascent_m, a.rpe, a.source,
                    stamp,
                ),
            )  # fmt: skip
            if cursor.rowcount:
                added += 1
            else:
                skipped += 1
        return added, skipped

    def add_pain(
        self, date: dt.date, score: int, note: str, now: dt.datetime, context: str | None = None
    ) -> None:
        """A pain score; ``context`` says when it was taken: during or right after a ``run`` or a
        ``routine``, or the ``morning``."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO pain (date, score, note, added_at, context) VALUES (?, ?, ?, ?, ?)",
                (date.isoformat(), score, note, now.isoformat(timespec="seconds"), context),
            )

    def add_test(self, date: dt.date, test: str, pain: int, now: dt.datetime) -> None:
        """An entry test before running comes back, with the pain it brought."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO tests (date, test, pain, added_at) VALUES (?, ?, ?, ?)",
                (date.isoformat(), test, pain, now.isoformat(timespec="seconds")),
            )

    def add_choice(self, week: str, choice: str, note: str, now: dt.datetime) -> None:
        """The runner's choice for a week's plan: hold, or override the model."""
        with self.transaction():
            self.db.execute("DELETE FROM choices WHERE week = ?", (week,))
            self.db.execute(
                "INSERT INTO choices (week, choice, note, added_at) VALUES (?, ?, ?, ?)",
                (week, choice, note, now.isoformat(timespec="seconds")),
            )

    def add_psfs(self, date: dt.date, scores: Iterable[tuple[str, int]], now: dt.datetime) -> int:
        """Patient-Specific Functional Scale scores for a day (one per activity; a score given
        again for the same activity that day replaces the earlier one)."""
        stamp = now.isoformat(timespec="seconds")
        count = 0
        with self.transaction():
            for activity, score in scores:
                self.db.execute(
                    "DELETE FROM psfs WHERE date = ? AND activity = ?", (date.isoformat(), activity)
                )
                self.db.execute(
                    "INSERT INTO psfs (date, activity, score, added_at) VALUES (?, ?, ?, ?)",
                    (date.isoformat(), activity, score, stamp),
                )
                count += 1
        return count

    def add_score(self, date: dt.date, instrument: str, score: float, now: dt.datetime) -> None:
        """A score the runner copies from a licensed questionnaire (runback does not embed it)."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO scores (date, instrument, score, added_at) VALUES (?, ?, ?, ?)",
                (date.isoformat(), instrument, score, now.isoformat(timespec="seconds")),
            )

    def add_done(
        self, date: dt.date, techniques: Iterable[str], source: str, now: dt.datetime, *, planned: bool = True
    ) -> int:
        """Record techniques done on a day; a technique already recorded that day is not counted twice."""
        with self.transaction():
            return self._insert_done(date, techniques, source, now.isoformat(timespec="seconds"), planned)

    def sync_done(
        self, start: dt.date, end: dt.date, done: Iterable[tuple[dt.date, str]], source: str, now: dt.datetime
    ) -> tuple[int, int]:
        """Make the routines done from ``source`` between ``start`` and ``end`` exactly ``done``:
        (added, removed). Routines recorded another way are left alone."""
        wanted = {(d.isoformat(), t) for d, t in done}
        with self.transaction():
            rows = self.db.execute(
                "SELECT id, date, technique FROM done WHERE source = ? AND date BETWEEN ? AND ?",
                (source, start.isoformat(), end.isoformat()),
            ).fetchall()
            stale = [(row_id,) for row_id, day, technique in rows if (day, technique) not in wanted]
            self.db.executemany("DELETE FROM done WHERE id = ?", stale)
            stamp = now.isoformat(timespec="seconds")
            added = 0
            for day, technique in sorted(wanted):
                added += self._insert_done(dt.date.fromisoformat(day), [technique], source, stamp, True)
        return added, len(stale)

    def _insert_done(
        self, date: dt.date, techniques: Iterable[str], source: str, stamp: str, planned: bool
    ) -> int:
        added = 0
        for technique in techniques:
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO done (date, technique, planned, source, added_at) VALUES (?, ?, ?, ?, ?)",
                (date.isoformat(), technique, int(planned), source, stamp),
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
        rows = self._read(
            "SELECT date, technique, section, minutes, level FROM planned WHERE date BETWEEN ? AND ?"
            " ORDER BY date, rowid",
            (start.isoformat(), end.isoformat()),
        )
        return [PlannedItem(dt.date.fromisoformat(d), t, s, m, level) for d, t, s, m, level in rows]

    def activities(self, start: dt.date, end: dt.date) -> list[Activity]:
        """Activities from ``start`` to ``end`` inclusive, in date order."""
        rows = self._read(
            "SELECT key, sport, date, source, kind, start_utc, utc_offset_min, distance_km, moving_min,"
            " elapsed_min, hr_avg, hr_max, ascent_m, rpe FROM activities WHERE date BETWEEN ? AND ?"
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

    def activity_span(self) -> tuple[dt.date, dt.date] | None:
        """The first and the last day with an activity: the journal knows the weeks between."""
        rows = self._read("SELECT MIN(date), MAX(date) FROM activities")
        first, last = rows[0]
        return (dt.date.fromisoformat(first), dt.date.fromisoformat(last)) if first else None

    def pain(self, start: dt.date, end: dt.date) -> list[PainEntry]:
        """Pain by day from ``start`` to ``end``: the day's worst score, and all its notes."""
        rows = self._read(
            "SELECT date, MAX(score), GROUP_CONCAT(NULLIF(note, ''), '; ') FROM"
            " (SELECT date, score, note FROM pain WHERE date BETWEEN ? AND ? ORDER BY id)"
            " GROUP BY date ORDER BY date",
            (start.isoformat(), end.isoformat()),
        )
        return [PainEntry(dt.date.fromisoformat(d), s, n or "") for d, s, n in rows]

    def latest_pain(self, on_or_before: dt.date, within_days: int) -> PainEntry | None:
        """The score logged last (the latest day, and the latest entry on it) within the days given."""
        rows = self._read(
            "SELECT date, score, note FROM pain WHERE date BETWEEN ? AND ? ORDER BY date DESC, id DESC LIMIT 1",
            ((on_or_before - dt.timedelta(days=within_days)).isoformat(), on_or_before.isoformat()),
        )
        return PainEntry(dt.date.fromisoformat(rows[0][0]), rows[0][1], rows[0][2]) if rows else None

    def pain_scores(self, start: dt.date, end: dt.date) -> list[PainScore]:
        """Every pain score from ``start`` to ``end`` with when it was taken, in the order logged."""
        rows = self._read(
            "SELECT date, score, context FROM pain WHERE date BETWEEN ? AND ? ORDER BY date, id",
            (start.isoformat(), end.isoformat()),
        )
        from .programme import PainScore

        return [PainScore(dt.date.fromisoformat(d), s, c) for d, s, c in rows]

    def run_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        rows = self._read(
            "SELECT DISTINCT date FROM activities WHERE sport = 'run' AND date BETWEEN ? AND ? ORDER BY date",
            (start.isoformat(), end.isoformat()),
        )
        return [dt.date.fromisoformat(d) for (d,) in rows]

    def tests(self, start: dt.date, end: dt.date) -> list[EntryResult]:
        rows = self._read(
            "SELECT date, test, pain FROM tests WHERE date BETWEEN ? AND ? ORDER BY date, id",
            (start.isoformat(), end.isoformat()),
        )
        from .programme import EntryResult

        return [EntryResult(dt.date.fromisoformat(d), t, p) for d, t, p in rows]

    def choices(self) -> list[tuple[str, str]]:
        return [(w, c) for w, c in self._read("SELECT week, choice FROM choices ORDER BY week, id")]

    def psfs(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str, int]]:
        rows = self._read(
            "SELECT date, activity, score FROM psfs WHERE date BETWEEN ? AND ? ORDER BY date, activity",
            (start.isoformat(), end.isoformat()),
        )
        return [(dt.date.fromisoformat(d), a, s) for d, a, s in rows]

    def psfs_activities(self) -> list[str]:
        """The activities of the latest PSFS, in the order they were given."""
        rows = self._read("SELECT activity FROM psfs WHERE date = (SELECT MAX(date) FROM psfs) ORDER BY id")
        return [a for (a,) in rows]

    def scores(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str, float]]:
        rows = self._read(
            "SELECT date, instrument, score FROM scores WHERE date BETWEEN ? AND ? ORDER BY date, id",
            (start.isoformat(), end.isoformat()),
        )
        return [(dt.date.fromisoformat(d), i, s) for d, i, s in rows]

    def fingerprint(self, week: Week) -> str:
        """What the programme read before ``week`` (rows up to its Monday, choices up to it): any
        row added, removed or changed there changes this."""
        day = week.start.isoformat()
        parts = []
        for table, column in (("done", "date"), ("pain", "date"), ("tests", "date"), ("activities", "date")):
            parts += self._read(
                f"SELECT COUNT(*), TOTAL(id), MAX(id) FROM {table} WHERE {column} <= ?", (day,)
            )
        parts += self._read("SELECT COUNT(*), TOTAL(id), MAX(id) FROM choices WHERE week <= ?", (week.label,))
        return repr(parts)

    def programme_rows(self, until: dt.date, since: dt.date = dt.date(1, 1, 1)) -> Rows:
        """What the programme reads, from ``since`` to ``until``."""
        from .programme import Rows

        first = since
        return Rows(
            done=tuple(self.done(first, until)),
            runs=tuple(self.run_days(first, until)),
            pain=tuple(self.pain_scores(first, until)),
            tests=tuple(self.tests(first, until)),
            choices=tuple(self.choices()),
        )

    def done(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        rows = self._read(
            "SELECT date, technique FROM done WHERE date BETWEEN ? AND ? ORDER BY date, technique",
            (start.isoformat(), end.isoformat()),
        )
        return [(dt.date.fromisoformat(d), t) for d, t in rows]


# --- routines done, kept beside a busy journal --------------------------------------------------

PENDING_MAX_BYTES = 1024 * 1024


class PendingDone(NamedTuple):
    date: dt.date
    techniques: tuple[str, ...]
    source: str
    planned: bool
    added_at: str


def pending_path(journal: Path) -> Path:
    return journal.with_name(journal.name + ".pending.jsonl")


def keep_for_later(
    journal: Path, date: dt.date, techniques: Iterable[str], source: str, now: dt.datetime, *, planned: bool
) -> Path:
    """Save routines done beside a journal that cannot take them now (one JSON line, appended);
    the next runback that opens the journal for writing adds them. Raises OSError if even that
    cannot be written."""
    path = pending_path(journal)
    record = {
        "date": date.isoformat(),
        "techniques": list(techniques),
        "source": source,
        "planned": planned,
        "added_at": now.isoformat(timespec="seconds"),
    }
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    try:
        os.write(fd, (json.dumps(record, sort_keys=True) + "\n").encode())
    finally:
        os.close(fd)
    return path


def read_pending(path: Path) -> list[PendingDone]:
    """The records kept beside a journal; lines that are not such records are left out."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return []
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(PENDING_MAX_BYTES)
    records = []
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            raw = json.loads(line)
            record = PendingDone(
                dt.date.fromisoformat(raw["date"]),
                tuple(str(t) for t in raw["techniques"]),
                str(raw["source"]),
                bool(raw["planned"]),
                str(raw["added_at"]),
            )
        except (ValueError, KeyError, TypeError):
            continue
        records.append(record)
    return records
