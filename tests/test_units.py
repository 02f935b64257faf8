"""Miles and pounds, and the runner's own easy pace, from the command line, the config and the
journal, in every format a runner reads."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback.cli import app
from runback.errors import UsageError
from runback.units import Units, read_pace, read_weight

from .conftest import freeze_clock

WEEK = ("--week", "2026-W48")
RUNS = ("tue:6k", "thu:8k:tempo", "sat:18k:long")


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    freeze_clock(monkeypatch, dt.date(2026, 11, 29), hour=20)


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def config(text: str) -> None:
    Path(os.environ["RUNBACK_CONFIG"]).write_text(text)


@pytest.mark.parametrize(
    ("typed", "units", "kg"),
    [
        ("68", Units.km, 68.0),
        ("68kg", Units.mi, 68.0),
        ("150lb", Units.km, 68.04),
        ("150 lbs", Units.km, 68.04),
        ("150", Units.mi, 68.04),
    ],
)
def test_a_weight_is_read_in_kilograms_or_pounds(typed: str, units: Units, kg: float) -> None:
    assert read_weight(typed, units) == pytest.approx(kg, abs=0.01)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("thirty", "--weight: 'thirty' is not a body mass; write 68, 68kg or 150lb"),
        ("500kg", "--weight: 500 kg is not a plausible body mass"),
        ("20lb", "--weight: 20 lb is not a plausible body mass"),
    ],
)
def test_a_weight_that_cannot_be_a_runners_is_refused(typed: str, message: str) -> None:
    with pytest.raises(UsageError, match="^" + re.escape(message)):
        read_weight(typed, Units.km)


def test_a_pace_per_mile_is_the_same_pace_per_kilometre() -> None:
    assert read_pace("5:40/km", "--easy-pace") == pytest.approx(5 + 40 / 60)
    assert read_pace("9:07/mi", "--easy-pace") == pytest.approx((9 + 7 / 60) / 1.609344)
    for wrong in ("5.40", "fast", "1:00/km", "40:00/mi"):
        with pytest.raises(UsageError, match=r"^--easy-pace: "):
            read_pace(wrong, "--easy-pace")


def test_a_runner_in_miles_reads_miles_everywhere_and_json_keeps_kilometres(runner: CliRunner) -> None:
    text = invoke(runner, "plan", *RUNS, *WEEK, "--units", "mi", "-f", "text").stdout
    head = text.splitlines()[0].split("\t")
    assert "19.9 mi" in head
    assert "run\t2026-11-24\tTue\t3.7 mi easy (about 36 min)\tas-planned" in text.splitlines()
    assert " km" not in text.replace("mL/kg", "")
    markdown = invoke(runner, "plan", *RUNS, *WEEK, "--units", "mi", "-f", "markdown").stdout
    assert "distance_mi: 19.9" in markdown and "11.2 mi long" in markdown
    ics = invoke(runner, "plan", *RUNS, *WEEK, "--units", "mi", "-f", "ics").stdout
    assert "3.7 mi" in ics and " km" not in ics
    said = json.loads(invoke(runner, "plan", *RUNS, *WEEK, "--units", "mi", "-f", "json").stdout)
    assert said["units"] == "mi" and said["totals"]["distance_km"] == 32
    assert said["days"][1]["runs"][0]["distance_km"] == 6


def test_units_in_the_config_are_the_default_and_the_option_wins(runner: CliRunner) -> None:
    config('units = "mi"\n')
    assert "19.9 mi" in invoke(runner, "plan", *RUNS, *WEEK, "-f", "text").stdout.splitlines()[0]
    assert (
        "32 km" in invoke(runner, "plan", *RUNS, *WEEK, "--units", "km", "-f", "text").stdout.splitlines()[0]
    )


def test_a_bare_weight_is_kilograms_or_with_miles_pounds_and_the_plan_says_which(runner: CliRunner) -> None:
    def before_run(*args: str) -> str:
        text = invoke(runner, "plan", "tue:6k", *WEEK, *args, "-f", "text").stdout
        return next(line for line in text.splitlines() if "\thydrate-before-run\t" in line).split("\t")[6]

    assert before_run("--weight", "68") == "340-480 mL (5-7 mL/kg for 68 kg)"
    assert before_run("--weight", "150lb") == "340-480 mL (5-7 mL/kg for 68 kg)"
    assert before_run("--weight", "150", "--units", "mi") == "11-16 fl oz (340-480 mL; 5-7 mL/kg for 150 lb)"
    config('units = "mi"\nweight = 150\n')
    assert before_run() == "11-16 fl oz (340-480 mL; 5-7 mL/kg for 150 lb)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--weight", "thirty"), "Error: --weight: 'thirty' is not a body mass; write 68, 68kg or 150lb"),
        (("--units", "miles"), "Error: --units: 'miles' is not one of km, mi"),
        (("--easy-pace", "5.40"), "Error: --easy-pace: '5.40' is not a pace; write MM:SS/km or MM:SS/mi"),
    ],
)
def test_a_mistyped_unit_weight_or_pace_is_one_line(
    runner: CliRunner, args: tuple[str, ...], message: str
) -> None:
    result = invoke(runner, "plan", "mon:8k", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(message)


def test_a_config_with_an_impossible_weight_or_pace_names_the_line(runner: CliRunner) -> None:
    config('units = "mi"\nweight = 20\neasy-pace = "fast"\n')
    result = invoke(runner, "plan", "mon:8k")
    path = os.environ["RUNBACK_CONFIG"]
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {path}:2: weight: 20 lb is not a plausible body mass (20-300 kg, 44-661 lb)",
        f"Error: {path}:3: easy-pace: 'fast' is not a pace; write MM:SS/km or MM:SS/mi, e.g. 5:40/km",
    ]


def test_an_easy_pace_of_ones_own_from_the_option_or_the_config(runner: CliRunner) -> None:
    def monday(*args: str) -> str:
        text = invoke(runner, "plan", "mon:8k", *WEEK, *args, "-f", "text").stdout
        return next(line for line in text.splitlines() if line.startswith("run\t")).split("\t")[3]

    assert monday() == "8 km easy (about 48 min)"  # the catalogue's 6:00/km
    assert monday("--easy-pace", "5:00/km") == "8 km easy (about 40 min)"
    config('easy_pace = "8:03/mi"\n')  # the key as written in Python, or as easy-pace
    assert monday() == "8 km easy (about 40 min)"
    assert monday("--easy-pace", "6:30/km") == "8 km easy (about 52 min)"
    note = invoke(runner, "plan", "mon:8k", *WEEK, "-f", "json").stdout
    assert "an easy pace of 5:00/km (your config)" in note


def test_plan_from_the_journal_learns_the_easy_pace_from_the_last_eight_weeks(runner: CliRunner) -> None:
    from runback.journal import Activity, Journal

    easy = [
        Activity(f"run:{i}", "run", dt.date(2026, 11, 2) + dt.timedelta(days=3 * i), "fit",
                 distance_km=8.0, moving_min=8.0 * pace)
        for i, pace in enumerate((5.5, 5.6, 5.7))
    ]  # fmt: skip
    long_ago = Activity("run:old", "run", dt.date(2026, 8, 3), "fit", distance_km=8.0, moving_min=80.0)
    with Journal(Path(os.environ["RUNBACK_DB"])) as journal, journal.transaction():
        journal.add_activities([*easy, long_ago], dt.datetime(2026, 11, 29, tzinfo=dt.UTC))
    result = json.loads(invoke(runner, "plan", "--from-journal", "mon:8k", *WEEK, "-f", "json").stdout)
    assert result["days"][0]["runs"][0]["duration_min"] == pytest.approx(8 * 5.6)
    note = next(n for n in result["notes"] if n["code"] == "easy-pace")
    assert "5:36/km (the median of your easy runs in the 8 weeks before)" in note["text"]
    given = json.loads(
        invoke(
            runner, "plan", "--from-journal", "mon:8k", *WEEK, "--easy-pace", "6:00/km", "-f", "json"
        ).stdout
    )
    assert given["days"][0]["runs"][0]["duration_min"] == pytest.approx(48.0)


def test_history_and_report_in_miles(runner: CliRunner) -> None:
    for day in ("2026-11-17", "2026-11-24"):
        invoke(runner, "log", "run", f"{day}:16k")
    history = invoke(runner, "history", "--weeks", "2", "--units", "mi", "-f", "csv").stdout
    assert history.splitlines()[0].startswith("week,") and ",mi,longest_mi," in history.splitlines()[0]
    assert ",9.9," in history
    report = invoke(runner, "report", "--weeks", "2", "--units", "mi").stdout
    assert "9.9 mi" in report
    data = json.loads(invoke(runner, "history", "--weeks", "2", "--units", "mi", "--json").stdout)
    assert data["units"] == "mi" and data["weeks"][-1]["km"] == 16


def test_a_bare_previous_distance_is_in_the_runners_units(runner: CliRunner) -> None:
    """A runner in miles who types --previous 20 ran 20 miles, as a bare weight is pounds."""

    def warnings(*args: str) -> list[str]:
        result = invoke(runner, "plan", *RUNS, *WEEK, *args, "--json")
        assert result.exit_code == 0, result.output
        return [w["text"] for w in json.loads(result.stdout)["warnings"]]

    in_miles = warnings("--units", "mi", "--previous", "20mi")
    assert warnings("--units", "mi", "--previous", "20") == in_miles
    assert warnings("--units", "mi", "--previous-weeks", "20,20") == warnings(
        "--units", "mi", "--previous-weeks", "20mi,20mi"
    )
    assert warnings("--previous", "20") != warnings("--previous", "20mi")  # kilometres by default
    config('units = "mi"\nprevious-weeks = [20, "20"]\n')
    assert warnings() == warnings("--previous-weeks", "20mi,20mi")


def test_a_config_weight_that_is_not_a_number_or_text_is_one_line(runner: CliRunner) -> None:
    config("weight = true\n")
    result = invoke(runner, "plan", "mon:8k")
    assert result.exit_code == 1
    assert result.stderr == (
        f'Error: {os.environ["RUNBACK_CONFIG"]}:1: weight: give a number of kg, or a text such as "150lb" (got True)\n'
    )


def test_the_html_report_says_its_units_in_every_distance_header(runner: CliRunner) -> None:
    invoke(runner, "log", "run", "2026-11-24:16k")
    page = invoke(runner, "report", "--weeks", "2", "--units", "mi", "-f", "html").stdout
    assert "<th class=n>mi</th><th class=n>longest (mi)</th>" in page
