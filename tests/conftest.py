from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

DATA = Path(__file__).parent / "data"

# A mutation run (`mutmut run`, configured in pyproject.toml) sets MUTANT_UNDER_TEST in every process
# it starts. There the properties run over a tenth of their examples, the same examples each time
# and none replayed from an earlier run, so that every mutant gets tried on a small machine and a
# rerun gives the same verdicts. Any other run keeps each property's own count.
MUTATION_RUN = "MUTANT_UNDER_TEST" in os.environ
settings.register_profile("mutation", derandomize=True, database=None)
if MUTATION_RUN:
    settings.load_profile("mutation")


def examples(count: int) -> int:
    """A property's number of examples: its own, or a tenth of it (at least 10) in a mutation run."""
    return max(count // 10, 10) if MUTATION_RUN else count


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own cache, config and journal, no colour and a fixed terminal width."""
    monkeypatch.setenv("RUNBACK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RUNBACK_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("RUNBACK_DB", str(tmp_path / "journal.sqlite"))
    monkeypatch.delenv("RUNBACK_CATALOGUE", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def catalogue():  # type: ignore[no-untyped-def]
    from runback.catalogue import load_catalogue

    return load_catalogue(use_cache=False)


def freeze_clock(monkeypatch: pytest.MonkeyPatch, today: dt.date, hour: int = 20) -> None:
    """runback's today (and its now, at ``hour`` UTC), and the machine's time zone UTC, for a
    test's commands: journals and plans date what they record by them."""
    from runback import cli

    monkeypatch.setattr(cli, "_today", lambda: today)
    monkeypatch.setattr(
        cli, "_now", lambda: dt.datetime(today.year, today.month, today.day, hour, tzinfo=dt.UTC)
    )
    monkeypatch.setenv("TZ", "UTC")
