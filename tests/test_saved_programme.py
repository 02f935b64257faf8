"""Saved programme states: a plan from a long journal starts from where the programme stood as a
recent week began, and gives exactly what a replay from the first day gives, before and after
the journal changes."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from runback import saved
from runback.catalogue import load_catalogue
from runback.journal import Journal
from runback.programme import programme, weeks_to
from runback.week import Week

TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 25, 20, tzinfo=dt.UTC)


def fill(journal: Journal, weeks: int) -> None:
    """Strength twice a week with the scores around it, a flare, tests and a few runs."""
    for n in range(weeks * 7):
        day = TODAY - dt.timedelta(days=weeks * 7 - n)
        if day.weekday() in (1, 3):
            journal.add_done(day, ["glute-bridge", "clamshell"], "log", NOW)
            journal.add_pain(day, 1 + n % 2, "", NOW, "morning")
            journal.add_pain(day, n % 5, "", NOW, "routine")
            journal.add_pain(day + dt.timedelta(days=1), (n // 3) % 4, "", NOW, "morning")
    journal.add_pain(TODAY - dt.timedelta(days=30), 7, "", NOW)
    journal.add_test(TODAY - dt.timedelta(days=27), "brisk-walk", 1, NOW)
    journal.add_test(TODAY - dt.timedelta(days=27), "single-leg-hops", 1, NOW)


def full(journal: Journal, week: Week):  # type: ignore[no-untyped-def]
    catalogue = load_catalogue()
    return programme(catalogue, journal.programme_rows(TODAY), week, TODAY, until=TODAY)


def test_a_saved_start_gives_the_same_programme_and_is_used(tmp_path: Path) -> None:
    catalogue = load_catalogue()
    cache = Path(os.environ["RUNBACK_CACHE_DIR"])
    week = weeks_to(TODAY, 1)[0]
    with Journal(tmp_path / "j.sqlite") as journal:
        fill(journal, 30)
        first = saved.load(catalogue, journal, week, TODAY, (), cache, until=TODAY)
        assert sorted(p.name for p in cache.glob("programme-*.json"))
        again = saved.load(catalogue, journal, week, TODAY, (), cache, until=TODAY)
        replayed = full(journal, week)
        assert first.levels == again.levels == replayed.levels
        assert first.run == again.run == replayed.run
        assert len(again.history) < len(replayed.history)  # it started from the saved week


def test_a_change_in_the_journal_before_the_saved_week_is_replayed(tmp_path: Path) -> None:
    catalogue = load_catalogue()
    cache = Path(os.environ["RUNBACK_CACHE_DIR"])
    week = weeks_to(TODAY, 1)[0]
    with Journal(tmp_path / "j.sqlite") as journal:
        fill(journal, 12)
        saved.load(catalogue, journal, week, TODAY, (), cache, until=TODAY)
        # A morning score logged late, for a week long before the saved one: every level after
        # it can change, so the saved state no longer holds.
        for n in range(12):
            day = TODAY - dt.timedelta(days=7 * n + 6)
            journal.add_pain(day, 9, "late", NOW, "morning")
        after = saved.load(catalogue, journal, week, TODAY, (), cache, until=TODAY)
        assert after.levels == full(journal, week).levels


def test_a_tampered_saved_state_is_not_used(tmp_path: Path) -> None:
    catalogue = load_catalogue()
    cache = Path(os.environ["RUNBACK_CACHE_DIR"])
    week = weeks_to(TODAY, 1)[0]
    with Journal(tmp_path / "j.sqlite") as journal:
        fill(journal, 8)
        saved.load(catalogue, journal, week, TODAY, (), cache, until=TODAY)
        for path in cache.glob("programme-*.json"):
            path.write_text(path.read_text().replace('"rungs":[', '"rungs":"oops","x":['))
        result = saved.load(catalogue, journal, week, TODAY, (), cache, until=TODAY)
        assert result.levels == full(journal, week).levels


def test_a_week_that_starts_on_another_day_uses_the_levels_of_its_monday(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from runback.cli import app

    runner = CliRunner()
    runner.invoke(app, ["log", "run", "2026-11-18:10k"])
    result = runner.invoke(app, ["plan", "--from-journal", "--start", "2026-11-25", "-f", "json"])
    assert result.exit_code == 0, result.output
