"""import, log, history, report and plan --from-journal, as a runner uses them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from runback import cli
from runback.cli import app
from runback.plot import install_hint

from .conftest import DATA, freeze_clock

IMPORTS = DATA / "imports"


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    freeze_clock(monkeypatch, dt.date(2026, 11, 29), hour=20)


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_import_counts_and_fails_bad_files_without_stopping(runner: CliRunner) -> None:
    files = [str(IMPORTS / n) for n in ("morning-run.fit", "bad-crc.fit", "tempo-run.tcx", "xxe.gpx",
                                        "strava-export.zip", "evening-ride.fit")]  # fmt: skip
    result = invoke(runner, "import", *files)
    assert result.exit_code == 1
    assert result.stdout == "7 files: imported 8 activities, skipped 0 already in the journal, 2 failed\n"
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0] == f"Error: {IMPORTS / 'bad-crc.fit'}: the FIT file is damaged (its CRC does not match)"
    assert "Traceback" not in result.output
    again = invoke(runner, "import", str(IMPORTS / "strava-export.zip"), str(IMPORTS / "morning-run.fit"))
    assert again.exit_code == 0
    assert (
        again.stdout
        == "3 files: 3 unchanged, imported 0 activities, skipped 0 already in the journal, 0 failed\n"
    )
    forced = invoke(
        runner, "import", "--force", str(IMPORTS / "strava-export.zip"), str(IMPORTS / "morning-run.fit")
    )
    assert forced.exit_code == 0
    assert forced.stdout == "3 files: imported 0 activities, skipped 6 already in the journal, 0 failed\n"


def test_import_needs_a_path_and_a_readable_journal(runner: CliRunner, tmp_path: Path) -> None:
    assert invoke(runner, "import").exit_code == 2
    (tmp_path / "dir.sqlite").mkdir()
    result = invoke(runner, "--db", str(tmp_path / "dir.sqlite"), "import", str(IMPORTS / "morning-run.fit"))
    assert result.exit_code == 1 and "is a directory, not a journal" in result.stderr


def test_log_pain_run_and_done(runner: CliRunner) -> None:
    assert invoke(runner, "log", "pain", "4", "--note", "stiff").stdout == "Logged pain 4/10 for 2026-11-29\n"
    assert invoke(runner, "log", "pain", "2", "--date", "fri").stdout == "Logged pain 2/10 for 2026-11-27\n"
    assert invoke(runner, "log", "pain", "11").exit_code == 2
    assert invoke(runner, "log", "pain", "3", "--date", "2026-12-25").exit_code == 2
    assert invoke(runner, "log", "run", "sat:18k:long", "tue:45m:tempo").stdout == "Logged 2 runs\n"
    assert invoke(runner, "log", "run", "sat:18k:long").stdout == "Logged 1 run\n"  # a double day
    bad = invoke(runner, "log", "run", "sat:18x")
    assert bad.exit_code == 2 and "run 'sat:18x'" in bad.stderr
    assert (
        invoke(runner, "log", "done", "figure-4-stretch", "cat-cow").stdout
        == "Logged 2 routines done on 2026-11-29\n"
    )
    unknown = invoke(runner, "log", "done", "cartwheel")
    assert unknown.exit_code == 2 and "no technique 'cartwheel'" in unknown.stderr


def test_plan_from_the_journal(runner: CliRunner) -> None:
    invoke(runner, "import", str(IMPORTS / "strava-export.zip"))
    invoke(runner, "log", "pain", "4")
    result = invoke(runner, "plan", "--from-journal", "-f", "json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["week"]["label"] == "2026-W48"
    assert plan["pain"] == 4 and plan["status"] == "eased"
    assert plan["totals"]["runs"] == 3
    saturday = plan["days"][5]["runs"][0]
    assert saturday["kind"] == "long" and saturday["distance_km"] == 18.1  # 112 min: long from its length
    done = invoke(runner, "log", "done", "today")
    assert done.exit_code == 0 and done.stdout.startswith("Logged ") and "done on 2026-11-29" in done.stdout
    options_win = json.loads(invoke(runner, "plan", "--from-journal", "--pain", "0", "-f", "json").stdout)
    assert options_win["pain"] == 0


def test_previous_weeks_come_from_the_journal(runner: CliRunner) -> None:
    for day in ("2026-11-03", "2026-11-10", "2026-11-17"):
        invoke(runner, "log", "run", f"{day}:10k")
    invoke(runner, "log", "run", "mon:10k", "wed:10k", "sat:20k:long")
    plan = json.loads(invoke(runner, "plan", "--from-journal", "-f", "json").stdout)
    codes = [w["code"] for w in plan["warnings"]]
    assert "weekly-increase-large" in codes  # 40 km against 10 km weeks


def test_history_formats(runner: CliRunner) -> None:
    invoke(runner, "import", str(IMPORTS / "strava-export.zip"), str(IMPORTS / "morning-run.fit"))
    invoke(runner, "log", "pain", "3", "--date", "2026-11-24")
    invoke(runner, "log", "pain", "5", "--date", "2026-11-26")
    data = json.loads(invoke(runner, "history", "--weeks", "2", "-f", "json").stdout)
    assert data["schema"] == "runback.history/1"
    history_schema = files("runback").joinpath("schemas", "history-1.schema.json").read_text()
    jsonschema.validate(data, json.loads(history_schema))
    last = data["weeks"][-1]
    assert last == {
        "week": "2026-W48", "start": "2026-11-23", "runs": 4, "km": 39.1, "longest_km": 18.1, "hard": 0,
        "cross_minutes": 93, "pain_avg": 4.0, "pain_max": 5, "done": 0, "planned": None,
    }  # fmt: skip
    rows = list(csv.reader(io.StringIO(invoke(runner, "history", "--weeks", "2", "-f", "csv").stdout)))
    assert rows[0][:4] == ["week", "start", "runs", "km"] and rows[2][:4] == [
        "2026-W48",
        "2026-11-23",
        "4",
        "39.1",
    ]
    text = invoke(runner, "history", "--weeks", "2").stdout.splitlines()
    assert text[-1].startswith("2026-W48\t2026-11-23\t4\t39.1")
    table = invoke(runner, "history", "--weeks", "2", "-f", "table").stdout
    assert "█" in table and "2026-W48" in table


@pytest.mark.parametrize(
    ("prefix", "base", "hint"),
    [
        ("/home/me/.local/share/pipx/venvs/runback", "/usr", "pipx inject runback matplotlib"),
        ("/home/me/.local/pipx/venvs/runback", "/usr", "pipx inject runback matplotlib"),
        ("/home/me/my env", "/usr", "'/home/me/my env/bin/python' -m pip install matplotlib"),
        ("/usr", "/usr", "install runback with pipx, then: pipx inject runback matplotlib"),
    ],
)
def test_the_plot_hint_fits_how_runback_was_installed(prefix: str, base: str, hint: str) -> None:
    assert install_hint(prefix, base, f"{prefix}/bin/python") == hint


def test_history_plot_needs_matplotlib_or_draws(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "weeks.png"
    invoke(runner, "log", "pain", "2")
    result = invoke(runner, "history", "--plot", str(target))
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert result.exit_code == 1
        assert result.stderr == f"Error: --plot needs matplotlib: {install_hint()}\n"
        assert not target.exists()
    else:
        assert result.exit_code == 0 and target.read_bytes().startswith(b"\x89PNG")
    assert invoke(runner, "history", "--plot", str(tmp_path / "weeks.gif")).exit_code == 2


def test_report_markdown_and_html(runner: CliRunner, tmp_path: Path) -> None:
    invoke(runner, "import", str(IMPORTS / "strava-export.zip"))
    invoke(runner, "log", "pain", "7", "--date", "2026-11-28", "--note", "after <the> long run & hills")
    invoke(runner, "log", "done", "cat-cow", "--date", "2026-11-27")
    md = invoke(runner, "report", "--weeks", "2").stdout
    assert md.startswith("# Running and back pain: 2026-11-16 to 2026-11-29")
    assert "| 2026-11-28 | 18.1 | 0 | 7 | after \\<the\\> long run & hills |" in md
    assert "- Cat-cow (`cat-cow`): 1 time" in md
    assert "2026-11-28: back pain 7/10" in md
    assert "not medical advice" in md
    target = tmp_path / "report.html"
    result = invoke(runner, "report", "-f", "html", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    html = target.read_text()
    assert html.startswith("<!DOCTYPE html>") and "after &lt;the&gt; long run &amp; hills" in html
    assert "<script" not in html


def test_no_journal_yet_is_an_empty_history_and_creates_nothing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RUNBACK_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = invoke(runner, "history", "--weeks", "3", "-f", "json")
    assert result.exit_code == 0 and [w["runs"] for w in json.loads(result.stdout)["weeks"]] == [0, 0, 0]
    assert invoke(runner, "report").exit_code == 0
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("command", [["history"], ["report"]])
def test_a_mistyped_db_is_an_error_not_a_new_journal(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    typo = tmp_path / "jornal.sqlite"
    result = invoke(runner, "--db", str(typo), *command)
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: {typo}: no journal here yet ('runback import' or 'runback log' starts one;"
        " --db or RUNBACK_DB chooses another)\n"
    )
    assert result.stdout == ""
    assert not typo.exists()


def test_the_report_keeps_a_days_worst_pain_and_every_note(runner: CliRunner) -> None:
    invoke(runner, "log", "pain", "9", "--note", "could not stand up")
    invoke(runner, "log", "pain", "3", "--note", "better by evening")
    report = invoke(runner, "report", "--weeks", "1").stdout
    assert "| 2026-11-29 | 0 | 0 | 9 | could not stand up; better by evening |" in report
    assert "2026-11-29: back pain 9/10" in report
    plan = json.loads(invoke(runner, "plan", "--from-journal", "-f", "json").stdout)
    assert plan["pain"] == 3  # the plan reads the latest score, not the day's worst


def test_equal_runs_are_runs_unless_their_time_or_id_says_they_are_the_same(runner: CliRunner) -> None:
    assert invoke(runner, "log", "run", "mon:5k", "mon:5k").stdout == "Logged 2 runs\n"
    assert invoke(runner, "log", "run", "mon:5k").stdout == "Logged 1 run\n"
    assert invoke(runner, "log", "run", "mon@07:00:5k", "mon@18:30:5k").stdout == "Logged 2 runs\n"
    assert invoke(runner, "log", "run", "mon@07:00:5k").stdout == "Logged 0 runs, 1 already logged\n"
    assert invoke(runner, "log", "run", "--id", "parkrun", "sat:5k:race").stdout == "Logged 1 run\n"
    assert (
        invoke(runner, "log", "run", "--id", "parkrun", "sat:5k:race").stdout
        == "Logged 0 runs, 1 already logged\n"
    )
    weeks = json.loads(invoke(runner, "history", "--weeks", "1", "-f", "json").stdout)["weeks"]
    assert weeks[0]["runs"] == 6


def test_a_run_with_only_its_elapsed_time(runner: CliRunner) -> None:
    from runback.journal import Activity, Journal

    with Journal(Path(os.environ["RUNBACK_DB"])) as journal, journal.transaction():
        journal.add_activities(
            [Activity("run:x", "run", dt.date(2026, 11, 25), "fit", elapsed_min=40.0)],
            dt.datetime(2026, 11, 29, tzinfo=dt.UTC),
        )
    for args in (["plan", "--from-journal"], ["report"], ["history"], ["go", "today", "--no-timer"]):
        result = invoke(runner, *args)
        assert result.exit_code == 0, (args, result.output)
    plan = json.loads(invoke(runner, "plan", "--from-journal", "-f", "json").stdout)
    assert plan["days"][2]["runs"][0]["duration_min"] == 40.0


def test_load_before_a_mid_week_start_is_the_weeks_before_it(runner: CliRunner) -> None:
    for day in ("2026-10-28", "2026-11-04", "2026-11-11", "2026-11-18"):
        invoke(runner, "log", "run", f"{day}:10k")
    invoke(runner, "log", "run", "2026-11-25:40k:long")
    plan = json.loads(invoke(runner, "plan", "--from-journal", "--start", "2026-11-25", "-f", "json").stdout)
    increase = next(w for w in plan["warnings"] if w["code"] == "weekly-increase-large")
    assert "300%" in increase["text"]


def test_a_busy_journal_says_so(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from runback import journal as journal_module

    invoke(runner, "log", "pain", "2")
    monkeypatch.setattr(journal_module, "BUSY_SECONDS", 0.1)
    holder = sqlite3.connect(os.environ["RUNBACK_DB"], isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = invoke(runner, "log", "pain", "3")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1 and "busy" in result.stderr and "Traceback" not in result.output


def test_a_progress_bar_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ticks = []
    with cli._progress(50) as advance:
        advance()
        ticks.append(1)
    assert capsys.readouterr().err == ""  # not a terminal: nothing drawn
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True)
    monkeypatch.setenv("TERM", "xterm")
    with cli._progress(50) as advance:
        for _ in range(50):
            advance()
    drawn = capsys.readouterr().err
    assert "Importing" in drawn or "\x1b[" in drawn
    with cli._progress(3) as advance:  # a few files: no bar
        advance()
    assert capsys.readouterr().err == "" and ticks == [1]


def test_an_effort_of_7_or_more_is_a_hard_session_in_history_report_and_plan(runner: CliRunner) -> None:
    assert invoke(runner, "log", "run", "mon:8k:rpe7", "tue:8k:rpe6", "wed:6k").stdout == "Logged 3 runs\n"
    week = json.loads(invoke(runner, "history", "--weeks", "1", "-f", "json").stdout)["weeks"][0]
    assert (week["runs"], week["hard"]) == (3, 1)
    assert "| 2026-W48 | 3 | 22 | 8 | 1 |" in invoke(runner, "report", "--weeks", "1").stdout
    plan = json.loads(invoke(runner, "plan", "--from-journal", "-f", "json").stdout)
    assert plan["totals"]["hard_sessions"] == 1
    assert [r["rpe"] for d in plan["days"] for r in d["runs"]] == [7, 6, None]


def test_a_journal_of_schema_4_keeps_its_runs_and_gains_efforts(runner: CliRunner, tmp_path: Path) -> None:
    import sqlite3

    from runback.journal import MIGRATIONS

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        for script in MIGRATIONS[:4]:
            db.executescript(script)
        db.execute("PRAGMA user_version = 4")
        db.execute(
            "INSERT INTO activities (key, sport, kind, date, distance_km, source, added_at)"
            " VALUES ('strava:1', 'run', 'easy', '2026-11-23', 8.0, 'strava', '2026-11-23T20:00:00')"
        )
    db.close()
    assert invoke(runner, "--db", str(path), "log", "run", "tue:10k:rpe8").exit_code == 0
    week = json.loads(invoke(runner, "--db", str(path), "history", "--weeks", "1", "-f", "json").stdout)[
        "weeks"
    ][0]
    assert (week["runs"], week["km"], week["hard"]) == (2, 18.0, 1)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 5
    db.close()


def test_log_done_today_records_what_go_today_walks_through(runner: CliRunner) -> None:
    invoke(runner, "log", "run", "mon:8k", "wed:10k", "thu:6k")
    walked = invoke(runner, "go", "today").stdout  # no current plan: one made from the journal
    listed = [line.rsplit("  ", 1)[1] for line in walked.splitlines() if line.startswith("[ ] ")]
    assert listed
    done = invoke(runner, "log", "done", "today")
    assert done.stdout == f"Logged {len(listed)} routines done on 2026-11-29\n"
    assert json.loads(invoke(runner, "history", "--weeks", "1", "-f", "json").stdout)["weeks"][0][
        "done"
    ] == len(listed)


def test_history_reaches_back_to_the_first_activity(runner: CliRunner) -> None:
    invoke(runner, "log", "run", "2010-03-02:10k", "2026-11-24:5k")
    everything = json.loads(invoke(runner, "history", "--all", "-f", "json").stdout)["weeks"]
    assert everything[0]["week"] == "2010-W09" and everything[0]["runs"] == 1
    assert everything[-1]["week"] == "2026-W48" and len(everything) > 520
    since = json.loads(invoke(runner, "history", "--since", "2026-11-01", "-f", "json").stdout)["weeks"]
    assert [w["week"] for w in since] == ["2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert len(json.loads(invoke(runner, "history", "--weeks", "600", "-f", "json").stdout)["weeks"]) == 600
    assert len(json.loads(invoke(runner, "history", "-f", "json").stdout)["weeks"]) == 12


def test_history_all_of_a_journal_without_activities_is_this_week(runner: CliRunner) -> None:
    invoke(runner, "log", "pain", "2")
    weeks = json.loads(invoke(runner, "history", "--all", "-f", "json").stdout)["weeks"]
    assert [w["week"] for w in weeks] == ["2026-W48"]
