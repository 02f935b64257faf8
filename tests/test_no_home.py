"""Without a home directory (containers, some CI: no HOME and no passwd entry), `show` and `plan`
work, with no cache and no config, and commands that need the journal say what to set."""

from __future__ import annotations

import pwd
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback.cli import app


@pytest.fixture(autouse=True)
def homeless(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name in ("RUNBACK_CACHE_DIR", "RUNBACK_CONFIG", "RUNBACK_DB"):
        monkeypatch.delenv(name)

    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)


@pytest.mark.parametrize(
    "args",
    [
        ["show", "stretching"],
        ["list", "-f", "json"],
        ["plan", "mon:8k", "sat:16k:long", "--week", "2026-W48"],
        ["go", "post-run", "--no-timer"],
    ],
)
def test_everyday_commands_work_without_a_home(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout


@pytest.mark.parametrize("args", [["history"], ["log", "pain", "3"], ["import", "x.gpx"], ["report"]])
def test_journal_commands_say_what_to_set(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: no home directory to keep the journal in: give --db PATH or set RUNBACK_DB=PATH\n"
    )


def test_a_journal_named_with_db_works_without_a_home(runner: CliRunner, tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite"
    assert runner.invoke(app, ["--db", str(journal), "log", "pain", "3"]).exit_code == 0
    assert runner.invoke(app, ["--db", str(journal), "history", "-f", "json"]).exit_code == 0


def test_config_show_says_there_is_no_config(runner: CliRunner) -> None:
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 0 and result.stdout == ""
    assert "No config file (no home directory; RUNBACK_CONFIG names one)" in result.stderr


def test_config_path_says_what_to_set(runner: CliRunner) -> None:
    result = runner.invoke(app, ["config", "path"])
    assert result.exit_code == 1
    assert "RUNBACK_CONFIG" in result.stderr
