"""The command line as a whole: every command's help, every format of every view, and one line for
every mistake, wherever it is made."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from runback import bounds, cli
from runback.cli import app
from runback.render import Format
from runback.vocab import Condition, Equipment, Target

from .conftest import freeze_clock

ROOT = get_command(app)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    freeze_clock(monkeypatch, dt.date(2026, 11, 26), hour=19)


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def walk(words: list[str], command: Any) -> list[tuple[list[str], Any]]:
    """Every command and subcommand under ``command``, with the words that run it."""
    found = [(words, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += walk([*words, name], sub)
    return found


COMMANDS = walk([], ROOT)
VIEWS = {" ".join(words): command for words, command in COMMANDS if isinstance(command, cli._ViewCommand)}


# --- help ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("words", "command"), COMMANDS, ids=[" ".join(w) or "runback" for w, _ in COMMANDS])
def test_every_command_has_help_with_an_example(runner: CliRunner, words: list[str], command: Any) -> None:
    result = invoke(runner, *words, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: runback {' '.join(words)}".rstrip())
    assert re.search(r"^  Example: \S", result.stdout, re.MULTILINE), result.stdout


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_help_lists_exactly_the_formats_of_the_view(runner: CliRunner, name: str) -> None:
    supported = VIEWS[name].formats()
    shown = " ".join(invoke(runner, *name.split(), "--help").stdout.split())
    assert f"-f, --format FORMAT Output format: {', '.join(supported)}. Default: " in shown
    assert ("--json" in shown) == (Format.json in supported)


# --- every view in every format ------------------------------------------------------------------

WEEK = ["--week", "2026-W48"]
VIEW_ARGS = {
    "show": [["show", "stretching"], ["show", "figure-4-stretch"], ["show", "red-flags"]],
    "list": [["list", "--slot", "post-run"]],
    "plan": [["plan", "mon:8k", "tue:45m:tempo", "sat:18k:long", *WEEK]],
    "history": [["history", "--weeks", "3"]],
    "report": [["report", "--weeks", "2"]],
    "progress": [["progress", "--weeks", "3"]],
    "go": [["go", "post-run"], ["go", "today"]],
}
CASES = [(args, fmt) for name, runs in VIEW_ARGS.items() for args in runs for fmt in VIEWS[name].formats()]


def test_every_command_that_prints_a_view_is_walked() -> None:
    assert set(VIEW_ARGS) == set(VIEWS)


@pytest.mark.parametrize(("args", "fmt"), CASES, ids=[f"{' '.join(a)} -f {f}" for a, f in CASES])
def test_every_view_renders_in_every_format_and_the_same_each_time(
    runner: CliRunner, args: list[str], fmt: Format
) -> None:
    invoke(runner, "log", "run", "mon:8k", "tue@18:00:10k:tempo:rpe8")
    invoke(runner, "log", "pain", "3", "--note", "stiff", "--date", "tue")
    invoke(runner, "log", "done", "cat-cow", "--date", "tue")
    first = invoke(runner, *args, "-f", fmt.value)
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() and first.stderr == ""
    assert invoke(runner, *args, "-f", fmt.value).stdout_bytes == first.stdout_bytes
    if fmt is Format.json:
        assert json.loads(first.stdout)["schema"].startswith("runback.")


def test_json_is_one_spelling_for_every_command_with_json(runner: CliRunner) -> None:
    for name, runs in VIEW_ARGS.items():
        if Format.json in VIEWS[name].formats():
            assert invoke(runner, *runs[0], "--json").stdout == invoke(runner, *runs[0], "-f", "json").stdout


def test_the_report_takes_its_format_from_the_file_it_writes(runner: CliRunner, tmp_path: Any) -> None:
    invoke(runner, "log", "run", "mon:8k")
    target = tmp_path / "back.html"
    result = invoke(runner, "report", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"Wrote the report to {target}\n"
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert invoke(runner, "report").stdout.startswith("# Running and back pain")  # its own default


# --- one line for every mistake ------------------------------------------------------------------

CONDITIONS = ", ".join(Condition)
TARGETS = ", ".join(Target)
EQUIPMENT = ", ".join(["none", *Equipment])
BAD = [
    (["plan", "mon:8k", "--pain", "11"], "--pain: 11 is out of range: give a whole number from 0 to 10"),
    (
        ["plan", "mon:8k", "--condition", "bad-back"],
        f"--condition: 'bad-back' is not one of {CONDITIONS}",
    ),
    (
        ["plan", "mon:8k", "--condition", "sciatca"],
        f"--condition: 'sciatca' is not one of {CONDITIONS} (did you mean 'sciatica'?)",
    ),
    (
        ["plan", "mon:8k", "--minutes", "2"],
        f"--minutes: 2 is out of range: give a whole number from {bounds.DAILY_MINUTES[0]} to "
        f"{bounds.DAILY_MINUTES[1]}",
    ),
    (["list", "--target", "back"], f"--target: 'back' is not one of {TARGETS} (did you mean 'lower-back'?)"),
    (
        ["plan", "mon:8k", "--weight", "thirty"],
        "--weight: 'thirty' is not a body mass; write 68, 68kg or 150lb",
    ),
    (["plan", "tue:6k:long:tempo"], "run 'tue:6k:long:tempo': two kinds given: long and tempo; give one"),
    (["list", "--equipment", "pol"], f"--equipment: 'pol' is not one of {EQUIPMENT} (did you mean 'pool'?)"),
    (["show", "stretching", "-f", "csv"], "--format: 'csv' is not one of table, text, markdown, json"),
    (
        ["history", "-f", "cvs"],
        "--format: 'cvs' is not one of table, text, markdown, json, csv (did you mean 'csv'?)",
    ),
    (["report", "--json"], "--json: this command has no JSON output; --format takes markdown or html"),
    (["go", "post-run", "--json"], "--json: this command has no JSON output; --format takes text"),
    (["show", "stretching", "--json", "-f", "text"], "--json and --format text: give one of them"),
    (["plan", "--fromat", "json"], "no option --fromat (did you mean --format?)"),
    (["plna"], "no command 'plna' (did you mean 'plan'?)"),
    (["log", "pain"], "missing SCORE; see 'runback log pain --help'"),
    (["log", "pain", "x"], "SCORE: 'x' is not a whole number: give a whole number from 0 to 10"),
    (["log", "pain", "3", "extra"], "unexpected argument extra; see 'runback log pain --help'"),
    (["plan", "--week"], "--week needs a value"),
    (["log", "pain", "3", "--after", "lunch"], "--after: 'lunch' is not one of run, routine"),
    (
        ["log", "pain", "3", "--date", "tuesdy"],
        "--date: 'tuesdy' is not a day: use mon..sun or a date such as 2026-11-23 (did you mean 'tuesday'?)",
    ),
    (["progress", "--weeks", "200"], "--weeks: 200 is out of range: give a whole number from 1 to 104"),
    (
        ["history", "--all", "--weeks", "3"],
        "--weeks, --since and --all each choose the weeks: give one of them",
    ),
    (["log", "run", "--id", "x", "mon:5k", "tue:5k"], "--id names one run; give one run with it, not 2"),
    (["catalogue", "check"], "missing FILE; see 'runback catalogue check --help'"),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_a_usage_mistake_is_one_line_naming_the_option_the_value_and_the_choices(
    runner: CliRunner, args: list[str], message: str
) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"


@pytest.mark.parametrize("day", ["tue", "tues", "Tuesday", "TUES", "tuesday"])
def test_a_day_by_any_of_its_names(runner: CliRunner, day: str) -> None:
    plan = json.loads(invoke(runner, "plan", f"{day}:8k", *WEEK, "--json").stdout)
    assert [len(d["runs"]) for d in plan["days"]] == [0, 1, 0, 0, 0, 0, 0]
    assert invoke(runner, "log", "pain", "2", "--date", day).stdout == "Logged pain 2/10 for 2026-11-24\n"
