"""Plausible values are defined once and hold wherever data comes in."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from runback import bounds, cli
from runback.cli import app

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def thursday(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_today", lambda: TODAY)


@pytest.mark.parametrize(
    ("sport", "km", "minutes", "day", "expected"),
    [
        ("run", 10.0, 55.0, TODAY, None),
        ("run", None, 40.0, TODAY, None),
        ("run", 1e308, 60.0, TODAY, "distance"),
        ("run", float("inf"), 60.0, TODAY, "distance"),
        ("run", -3.0, 60.0, TODAY, "distance"),
        ("run", 10.0, -240.0, TODAY, "time"),
        ("run", 10.0, float("nan"), TODAY, "time"),
        ("run", 19_815.0, 1 / 60, TODAY, "distance"),
        ("run", 42.2, 60.0, TODAY, "speed"),  # a marathon in an hour
        ("ride", 42.2, 60.0, TODAY, None),
        ("run", 10.0, 50.0, dt.date(1989, 12, 31), "outside"),
        ("run", 10.0, 50.0, TODAY + dt.timedelta(days=30), "future"),
    ],
)
def test_activity_bounds(
    sport: str, km: float | None, minutes: float, day: dt.date, expected: str | None
) -> None:
    problem = bounds.activity_problem(sport, km, minutes, day, TODAY)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None and expected in problem


def test_many_runs_on_one_day_are_refused(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", *(["mon:10k"] * 5), "--week", "2026-W48"])
    assert result.exit_code == 2
    assert "5 runs on Mon 23 Nov; runback plans at most 4 a day" in result.stderr
    assert result.stdout == ""


def test_a_runs_file_of_a_year_is_refused_quickly(runner: CliRunner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "runs.csv"
    big.write_text("day,distance\n" + "mon,8\n" * 100_000)
    result = runner.invoke(app, ["plan", "--runs", str(big), "--week", "2026-W48"])
    assert result.exit_code == 1
    assert "more than 21 runs; a runs file holds one week" in result.stderr


@pytest.mark.parametrize("date", ["0001-01-01", "1969-07-20"])
def test_log_refuses_dates_plan_refuses(runner: CliRunner, date: str) -> None:
    result = runner.invoke(app, ["log", "pain", "3", "--date", date])
    assert result.exit_code == 2
    assert f"{date} is outside 2000-2099" in result.stderr
    plan = runner.invoke(app, ["plan", "mon:8k", "--start", date])
    assert plan.exit_code == 2 and "plan a week between 2000 and 2099" in plan.stderr


def test_a_run_spec_beyond_the_bounds_names_them(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "mon:400k", "--week", "2026-W48"])
    assert result.exit_code == 2
    assert "'400k' is not a plausible run: between 0.5 and 350 km" in result.stderr


@pytest.mark.parametrize(("weight", "ok"), [("20", True), ("300", True), ("19.5", False), ("301", False)])
def test_the_config_and_the_option_take_the_same_weights(
    runner: CliRunner, weight: str, ok: bool, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import os
    from pathlib import Path

    by_option = runner.invoke(app, ["plan", "mon:8k", "--week", "2026-W48", "--weight", weight])
    Path(os.environ["RUNBACK_CONFIG"]).write_text(f"weight = {weight}\n")
    by_config = runner.invoke(app, ["plan", "mon:8k", "--week", "2026-W48"])
    assert (by_option.exit_code == 0) == ok == (by_config.exit_code == 0)
