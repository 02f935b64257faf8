"""The journal under contention and failure: other writers never wait for an import's parsing,
a busy, read-only or full journal is one line and exit 1, and a finished `go` session is never lost."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback import cli, imports, journal, session
from runback.cli import app
from runback.journal import Journal, explain
from runback.routine import Outcome

from .conftest import DATA

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_today", lambda: TODAY)
    monkeypatch.setattr(cli, "_now", lambda: dt.datetime(2026, 11, 26, 19, 0, tzinfo=dt.UTC))
    monkeypatch.setattr(journal, "BUSY_SECONDS", 0.2)


def db() -> Path:
    return Path(os.environ["RUNBACK_DB"])


@contextmanager
def another_writer() -> Iterator[None]:
    """Another process in the middle of a write: it holds the journal's write lock."""
    with Journal(db()):
        pass
    other = sqlite3.connect(db(), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_the_journal_is_in_wal_mode(runner: CliRunner) -> None:
    runner.invoke(app, ["log", "pain", "2"])
    with sqlite3.connect(db()) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize(
    "args",
    [["log", "pain", "3"], ["log", "run", "today:5k"], ["import", str(DATA / "imports" / "morning-run.fit")]],
)
def test_a_busy_journal_is_one_line_and_exit_1(runner: CliRunner, args: list[str]) -> None:
    with another_writer():
        result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert result.stderr.endswith("the journal is busy (another runback is writing to it); try again\n")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output


def test_reading_commands_do_not_wait_for_a_writer(runner: CliRunner) -> None:
    runner.invoke(app, ["log", "pain", "4"])
    with another_writer():
        assert runner.invoke(app, ["history", "-f", "json"]).exit_code == 0
        assert runner.invoke(app, ["report"]).exit_code == 0


def test_an_import_parses_without_holding_the_journal(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the files are being read, another writer can write: the import takes the lock only
    for its one short write at the end."""
    with Journal(db()):
        pass
    original = imports.read
    seen: list[bool] = []

    def read_and_try_writing(*args, **kwargs):  # type: ignore[no-untyped-def]
        with sqlite3.connect(db(), timeout=0, isolation_level=None) as other:
            other.execute("BEGIN IMMEDIATE")  # fails at once if the import held the lock
            other.execute("INSERT INTO pain (date, score, note, added_at) VALUES ('2026-11-26', 1, '', 'x')")
            other.execute("COMMIT")
            seen.append(True)
        return original(*args, **kwargs)

    monkeypatch.setattr(imports, "read", read_and_try_writing)
    result = runner.invoke(app, ["import", str(DATA / "imports" / "strava-export.zip")])
    assert result.exit_code == 0, result.output
    assert seen and all(seen)


def test_a_plan_from_a_busy_journal_is_still_shown(runner: CliRunner) -> None:
    runner.invoke(app, ["log", "run", "mon:8k"])
    with another_writer():
        result = runner.invoke(app, ["plan", "--from-journal", "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["totals"]["runs"] == 1
    assert "this plan is shown but not kept as the current one" in result.stderr


def finished_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(
        session,
        "run_in_terminal",
        lambda routine, bell=True: Outcome(("cat-cow", "figure-4-stretch"), quit=False),
    )


def test_a_session_finished_while_the_journal_is_busy_is_kept_and_added_later(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    finished_session(monkeypatch)
    with another_writer():
        result = runner.invoke(app, ["go", "cat-cow", "figure-4-stretch"])
    assert result.exit_code == 0, result.output
    kept = db().with_name(db().name + ".pending.jsonl")
    assert f"What you did is kept in {kept}" in result.stderr
    assert "2 of 2 done (kept for the journal)" in result.stdout
    assert kept.exists()
    # The next write to the journal adds it; the file is gone, and nothing is counted twice.
    assert runner.invoke(app, ["log", "pain", "1"]).exit_code == 0
    assert not kept.exists()
    with Journal(db(), readonly=True) as j:
        assert sorted(t for _, t in j.done(TODAY, TODAY)) == ["cat-cow", "figure-4-stretch"]


def test_a_session_that_cannot_be_kept_says_how_to_log_it(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    finished_session(monkeypatch)

    def cannot_keep(*args: object, **kwargs: object) -> Path:
        raise OSError("read-only file system")

    monkeypatch.setattr(journal, "keep_for_later", cannot_keep)
    with another_writer():
        result = runner.invoke(app, ["go", "cat-cow", "figure-4-stretch"])
    assert result.exit_code == 0
    assert "To record it later: runback log done cat-cow figure-4-stretch --date 2026-11-26" in result.stderr


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("database is locked", "the journal is busy"),
        ("attempt to write a readonly database", "the journal is read-only"),
        ("database or disk is full", "the disk is full"),
        ("file is not a database", "not a runback journal"),
    ],
)
def test_what_sqlite_says_becomes_one_line(said: str, expected: str) -> None:
    message = str(explain(Path("j.sqlite"), sqlite3.OperationalError(said)))
    assert message.startswith("j.sqlite: ") and expected in message and "\n" not in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files")
def test_a_read_only_journal_is_one_line(runner: CliRunner) -> None:
    runner.invoke(app, ["log", "pain", "2"])
    db().chmod(0o444)
    result = runner.invoke(app, ["log", "pain", "3"])
    assert result.exit_code == 1
    assert "the journal is read-only" in result.stderr
