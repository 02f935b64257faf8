"""What a runner meets every day in a terminal: tables that fit, a week in a few lines and one day
in full, long output paged as git pages it, and output files named for what they hold."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback import pager
from runback.cli import app

WEEK = ("--week", "2026-W48")
TYPICAL = ("mon:8k", "tue:45m:tempo", "thu:6k", "sat:18k:long")


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


@pytest.mark.parametrize("columns", ["80", "120"])
def test_an_id_is_never_cut_however_narrow_the_terminal(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, catalogue, columns: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", columns)
    listed = invoke(runner, "list", "-f", "table").stdout
    shown = invoke(runner, "show", "stretching", "-f", "table").stdout
    words = set(listed.split())
    assert all(t.id in words for t in catalogue.techniques)
    assert all(t.id in shown.split() for t in catalogue.techniques if t.category == "stretching")
    assert "…" not in listed and max(map(len, listed.splitlines())) <= int(columns)


def test_history_headers_fit_80_columns_and_say_their_units(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert invoke(runner, "log", "run", "2026-11-24:16k").exit_code == 0
    for units, header in (("km", "Long km"), ("mi", "Long mi")):
        table = invoke(runner, "history", "--weeks", "3", "--units", units, "-f", "table").stdout
        assert "…" not in table and header in table and "Cross min" in table


def test_a_week_reads_in_a_few_lines_and_one_day_in_full(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    week = invoke(runner, "plan", *TYPICAL, *WEEK, "--has", "pool,foam-roller", "-f", "table").stdout
    assert len(week.splitlines()) < 100  # the full table was 165 lines at 80 columns
    assert week.splitlines()[:2] == [
        "Recovery plan 2026-W48  2026-11-23 to 2026-11-29  usual",
        "pain 0/10 · 4 runs · 41 km · 125 min recovery work (up to 30 a day)",
    ]
    plan = json.loads(
        invoke(runner, "plan", *TYPICAL, *WEEK, "--has", "pool,foam-roller", "-f", "json").stdout
    )
    flat = " ".join(week.split())
    for day in plan["days"]:
        for item in day["items"]:
            assert f"{item['name']}: {item['dose']}" in flat
    assert "dynamic drills" not in flat  # why an item is there: in the day's full view
    saturday = invoke(runner, "plan", *TYPICAL, *WEEK, "--day", "sat", "-f", "table").stdout
    assert "Sat 28 Nov" in saturday and "Mon 23 Nov" not in saturday and "dynamic drills" in saturday


@pytest.mark.parametrize(
    ("day", "dates"),
    [("sat", ["2026-11-28"]), ("Saturday", ["2026-11-28"]), ("2026-11-24", ["2026-11-24"])],
)
def test_day_picks_one_day_of_the_week(runner: CliRunner, day: str, dates: list[str]) -> None:
    result = json.loads(invoke(runner, "plan", *TYPICAL, *WEEK, "--day", day, "-f", "json").stdout)
    assert [d["date"] for d in result["days"]] == dates
    assert result["totals"]["distance_km"] == 41  # the week's totals, as typed


def test_a_date_alone_plans_its_own_week(runner: CliRunner) -> None:
    result = json.loads(invoke(runner, "plan", "tue:8k", "--day", "2026-12-01", "-f", "json").stdout)
    assert result["week"]["label"] == "2026-W49" and [d["date"] for d in result["days"]] == ["2026-12-01"]
    assert result["days"][0]["runs"][0]["distance_km"] == 8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--day", "fryday"), "Error: --day: 'fryday' is not a day: use mon..sun or a date such as 2026-11-23 "
                              "(did you mean 'friday'?)"),
        (("--day", "2026-12-01", *WEEK), "Error: --day: 2026-12-01 is outside the week 2026-11-23 to 2026-11-29"),
        (("--day", "2026-02-30"), "Error: --day: '2026-02-30' is not a real date"),
        (("--day", "mon", "--append-to", "n.md"),
         "Error: --append-to writes the whole week into the note; --day shows one day: give one of them"),
    ],
)  # fmt: skip
def test_a_day_that_is_not_in_the_week_is_one_line(
    runner: CliRunner, args: tuple[str, ...], message: str
) -> None:
    result = invoke(runner, "plan", "mon:8k", *args)
    assert result.exit_code == 2 and result.stderr == message + "\n"


def test_output_files_are_written_in_the_format_their_name_says_or_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    page = tmp_path / "plan.html"
    assert invoke(runner, "plan", *TYPICAL, *WEEK, "-o", str(page)).exit_code == 0
    assert page.read_text().startswith("<!DOCTYPE html>") and "Glute bridge" in page.read_text()
    for name, why in (
        ("plan.csv", "this command writes no csv"),
        ("plan.xyz", "'.xyz' is no format runback knows"),
    ):
        result = invoke(runner, "plan", "mon:8k", "-o", str(tmp_path / name))
        assert result.exit_code == 2 and not (tmp_path / name).exists()
        assert result.stderr == (
            f"Error: --output: {name}: {why}; end the name in .txt, .md, .markdown, .json, .ics, .html or .htm, "
            "or give -f FORMAT\n"
        )
    forced = invoke(runner, "plan", "mon:8k", "-o", str(tmp_path / "plan.xyz"), "-f", "json")
    assert (
        forced.exit_code == 0
        and json.loads((tmp_path / "plan.xyz").read_text())["schema"] == "runback.plan/2"
    )


def test_append_to_with_another_format_says_notes_are_markdown(runner: CliRunner, tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    result = invoke(runner, "plan", "mon:8k", "--append-to", str(note), "-f", "json")
    assert result.exit_code == 2 and not note.exists()
    assert result.stderr.startswith(
        "Error: --append-to writes Markdown into the note, and nothing else is printed"
    )
    both = invoke(runner, "plan", "mon:8k", "--append-to", str(note), "-f", "json", "-o", "-")
    assert both.exit_code == 0 and json.loads(both.stdout)["schema"] == "runback.plan/2" and note.exists()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["less"]),
        ({"PAGER": "more -s"}, ["more", "-s"]),
        ({"PAGER": "more", "RUNBACK_PAGER": "less -S"}, ["less", "-S"]),
        ({"PAGER": ""}, None),
        ({"PAGER": "cat"}, None),
        ({"PAGER": "'unclosed"}, None),
    ],
)
def test_the_pager_is_the_runners_own(env: dict[str, str], expected: list[str] | None) -> None:
    assert pager.command(env) == expected


def test_only_what_does_not_fit_on_a_terminal_is_paged() -> None:
    assert pager.wanted(30, 24, terminal=True, off=False)
    assert not pager.wanted(10, 24, terminal=True, off=False)
    assert not pager.wanted(30, 24, terminal=False, off=False)
    assert not pager.wanted(30, 24, terminal=True, off=True)


def test_rows_count_the_lines_a_terminal_wraps() -> None:
    assert pager.rows("short\n\n" + "x" * 161 + "\n", 80) == 1 + 1 + 3


def _through_a_terminal(tmp_path: Path, *args: str, lines: int = 20) -> tuple[str, str]:
    """Run runback with its output on a pseudo-terminal ``lines`` high; the pager (a script) writes
    what it was given to a file. Returns what reached the terminal and what reached the pager."""
    paged = tmp_path / "paged.txt"
    paged.unlink(missing_ok=True)
    script = tmp_path / "pager.sh"
    script.write_text(f"#!/bin/sh\ncat > '{paged}'\n")
    script.chmod(0o755)
    env = {**os.environ, "RUNBACK_PAGER": str(script), "LINES": str(lines), "COLUMNS": "80", "TERM": "dumb"}
    leader, follower = pty.openpty()
    process = subprocess.run(
        [sys.executable, "-m", "runback", *args], stdin=subprocess.DEVNULL, stdout=follower,
        stderr=subprocess.PIPE, env=env, timeout=60, check=False,
    )  # fmt: skip
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.returncode == 0, process.stderr
    return shown.decode(), paged.read_text() if paged.exists() else ""


def test_long_output_on_a_terminal_goes_through_the_pager_unless_turned_off(tmp_path: Path) -> None:
    shown, paged = _through_a_terminal(tmp_path, "plan", *TYPICAL, *WEEK)
    assert "Recovery plan 2026-W48" in paged and "Recovery plan" not in shown
    shown, paged = _through_a_terminal(tmp_path, "--no-pager", "plan", *TYPICAL, *WEEK)
    assert paged == "" and "Recovery plan 2026-W48" in shown
    shown, paged = _through_a_terminal(tmp_path, "show", "figure-4-stretch", lines=60)
    assert paged == "" and "Figure-4 stretch" in shown  # fits on the screen


def test_a_wrong_day_keeps_no_plan(runner: CliRunner) -> None:
    """--day is checked before anything is planned: with --from-journal, a mistyped day leaves
    the journal without a current plan."""
    import sqlite3

    assert invoke(runner, "log", "pain", "2").exit_code == 0
    result = invoke(runner, "plan", "--from-journal", "mon:8k", *WEEK, "--day", "fryday")
    assert result.exit_code == 2 and result.stderr.startswith("Error: --day: 'fryday' is not a day")
    with sqlite3.connect(os.environ["RUNBACK_DB"]) as db:
        assert db.execute("SELECT COUNT(*) FROM planned").fetchone()[0] == 0
    assert invoke(runner, "plan", "--from-journal", "mon:8k", *WEEK, "--day", "fri").exit_code == 0
    with sqlite3.connect(os.environ["RUNBACK_DB"]) as db:
        assert db.execute("SELECT COUNT(*) FROM planned").fetchone()[0] > 0
