"""A coherent plan through the commands a runner types: pain dated from the day it was logged,
the journal's weeks before the config's, the reason for each item in every format, and the
stop rules shared by plan, go and log."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback import cli, session
from runback.cli import app
from runback.routine import Outcome, Routine

TODAY = dt.date(2026, 11, 27)  # a Friday


@pytest.fixture(autouse=True)
def friday(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_today", lambda: TODAY)
    monkeypatch.setattr(cli, "_now", lambda: dt.datetime(2026, 11, 27, 18, 0, tzinfo=dt.UTC))


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def plan_json(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = invoke(runner, "plan", *args, "-f", "json")
    assert result.exit_code in (0, 3), result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_pain_on_friday_blocks_friday_and_saturday_not_next_monday(runner: CliRunner) -> None:
    plan = plan_json(runner, "--pain", "7", "--week", "2026-W49", "mon:8k", "tue:6k", "sat:32k:long")
    assert plan["pain"] == 7 and plan["pain_date"] == "2026-11-27"
    runs = [r for day in plan["days"] for r in day["runs"]]
    assert [r["status"] for r in runs] == ["eased", "eased", "eased"]
    assert all("settled to 3/10 or less" in r["condition"] for r in runs)
    assert runs[2]["distance_km"] == 24.0 and runs[2]["typed_km"] == 32.0
    this_week = plan_json(runner, "--pain", "7", "sat:10k", "sun:10k")
    assert [d["label"] for d in this_week["days"][4:]] == ["no running", "no running", "run (easy)"]


def test_a_flare_in_the_journal_brings_running_back_by_the_ladder(runner: CliRunner) -> None:
    """Pain 7 logged on Friday: Friday and Saturday are the 48 hours of no running; after them no
    run until the entry tests are done, then the walk-run ladder's first phase, a rest day apart."""
    invoke(runner, "log", "pain", "7")
    this_week = plan_json(runner, "--from-journal", "sat:10k", "sun:10k")
    assert [r["status"] for d in this_week["days"][5:] for r in d["runs"]] == ["replaced", "held"]
    assert any(n["code"] == "entry-tests" for n in this_week["notes"])
    next_week = plan_json(runner, "--from-journal", "--week", "2026-W49", "mon:8k", "tue:6k", "sat:32k:long")
    assert [r["status"] for d in next_week["days"] for r in d["runs"]] == ["held", "held", "held"]
    assert next_week["status"] == "no-running"


def test_a_past_weeks_plan_uses_the_pain_of_that_week_not_todays(runner: CliRunner) -> None:
    invoke(runner, "log", "pain", "2", "--date", "2026-11-12")
    invoke(runner, "log", "pain", "9")
    past = plan_json(runner, "--from-journal", "--week", "2026-W46", "mon:8k")
    assert past["status"] == "usual" and past["pain"] == 2
    now = invoke(runner, "plan", "--from-journal", "mon:8k")
    assert now.exit_code == 3


def test_the_journal_wins_over_the_config_and_unknown_weeks_are_not_zero(runner: CliRunner) -> None:
    Path(os.environ["RUNBACK_CONFIG"]).write_text('previous-weeks = ["10k", "10k", "10k", "10k"]\n')
    for day in ("2026-10-27", "2026-11-03", "2026-11-10", "2026-11-17"):
        invoke(runner, "log", "run", f"{day}:30k")
    plan = plan_json(runner, "--from-journal", "mon:10k", "wed:10k", "sat:15k:long")
    codes = {w["code"] for w in plan["warnings"]}
    assert "weekly-increase-large" not in codes and "weekly-increase" in codes  # 35 km against 30, not 10
    acwr = next(w for w in plan["warnings"] if w["code"] == "acwr")
    assert "1.17" in acwr["text"] and "2026-W44, 2026-W45, 2026-W46, 2026-W47" in acwr["basis"]


def test_a_new_journal_raises_no_load_alarm(runner: CliRunner) -> None:
    """The first weeks of use: the weeks before the journal's first entry are unknown, not 0 km."""
    invoke(runner, "log", "run", "mon:10k", "wed:12k", "fri:15k:long")
    plan = plan_json(runner, "--from-journal")
    assert not {"weekly-increase", "weekly-increase-large", "acwr"} & {w["code"] for w in plan["warnings"]}
    report = invoke(runner, "report", "--weeks", "2").stdout
    assert "above your recent weeks" not in report


def test_hard_sessions_and_typed_distance_in_the_json(runner: CliRunner) -> None:
    plan = plan_json(
        runner, "--week", "2026-W49", "tue:6k", "thu:8k:tempo", "sat:18k:long", "sun:5k", "--pain", "3"
    )
    totals = plan["totals"]
    assert totals == {"runs": 4, "distance_km": 32.5, "typed_km": 37.0, "run_minutes": totals["run_minutes"],
                      "hard_sessions": 0, "recovery_minutes": totals["recovery_minutes"],
                      "session_minutes": totals["session_minutes"], "rest_days": 3}  # fmt: skip
    usual = plan_json(runner, "--week", "2026-W49", "tue:6k", "thu:8k:tempo")
    assert usual["totals"]["hard_sessions"] == 1


@pytest.mark.parametrize("fmt", ["text", "table", "markdown", "ics", "json"])
def test_every_format_says_why_an_item_is_there(runner: CliRunner, fmt: str) -> None:
    result = invoke(runner, "plan", "--week", "2026-W49", "sat:18k:long", "--sitting-hours", "9", "-f", fmt)
    assert result.exit_code == 0
    unfolded = result.stdout.replace("\r\n ", "").replace("\n ", "") if fmt == "ics" else result.stdout
    assert "after a long run" in unfolded
    assert "hip-flexor drill after 9 h of sitting" in unfolded


@pytest.mark.parametrize("pain", [8, 9])
def test_go_stops_from_the_same_threshold_as_plan(runner: CliRunner, pain: int) -> None:
    invoke(runner, "log", "pain", str(pain))
    go = invoke(runner, "go", "post-run", "--no-timer")
    assert go.exit_code == 3 and f"{pain}/10" in go.stdout
    plan = invoke(runner, "plan", "--from-journal", "mon:8k")
    assert plan.exit_code == 3
    assert (
        go.stdout.splitlines()[0]
        == json.loads(invoke(runner, "plan", "--from-journal", "mon:8k", "-f", "json").stdout)["stop"]["text"]
    )


def test_go_below_the_threshold_runs(runner: CliRunner) -> None:
    invoke(runner, "log", "pain", "7")
    assert invoke(runner, "go", "acute-flare", "--no-timer").exit_code == 0


def test_log_pain_warns_from_the_catalogues_threshold(runner: CliRunner) -> None:
    assert "see a gp or physiotherapist today" in invoke(runner, "log", "pain", "8").stderr.lower()
    assert invoke(runner, "log", "pain", "7").stderr == ""


def test_a_routine_keeps_to_the_runners_minutes(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    Path(os.environ["RUNBACK_CONFIG"]).write_text("minutes = 6\n")
    ran: list[Routine] = []
    monkeypatch.setattr(cli, "_interactive", lambda: True)

    def fake(routine: Routine, *, bell: bool = True) -> Outcome:
        ran.append(routine)
        return Outcome((), quit=True)

    monkeypatch.setattr(session, "run_in_terminal", fake)
    invoke(runner, "go", "after-long-run")
    assert ran and sum(step.minutes for step in ran[0].steps) <= 6
    Path(os.environ["RUNBACK_CONFIG"]).write_text("minutes = 60\n")
    invoke(runner, "go", "after-long-run")
    assert sum(step.minutes for step in ran[1].steps) > 6


def test_a_soon_flag_keeps_the_plan_with_a_note(runner: CliRunner) -> None:
    result = invoke(runner, "plan", "--week", "2026-W49", "mon:8k", "--red-flag", "inflammatory-back-pain")
    assert result.exit_code == 0
    assert "book an appointment with your GP soon" in result.stdout
