"""Six weeks of a runner's journal through the CLI: each week a plan from the journal, strength
work and runs logged with the back's response, and the programme's levels and return-to-run
phases checked week by week."""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from runback import cli
from runback.cli import app

PROGRESS_SCHEMA = json.loads(files("runback").joinpath("schemas", "progress-1.schema.json").read_text())

MONDAYS = [dt.date(2026, 10, 19) + dt.timedelta(weeks=i) for i in range(6)]  # W43..W48


class Runner:
    """The runner: a CliRunner with a clock that they move."""

    def __init__(self, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
        self.runner = runner
        self.today = MONDAYS[0]
        monkeypatch.setattr(cli, "_today", lambda: self.today)
        monkeypatch.setattr(cli, "_now", lambda: dt.datetime.combine(self.today, dt.time(20), tzinfo=dt.UTC))

    def __call__(self, *args: str) -> str:
        result = self.runner.invoke(app, list(args))
        assert result.exit_code in (0, 3), (args, result.output)
        return result.stdout

    def on(self, day: dt.date) -> Runner:
        self.today = day
        return self

    def plan(self, *runs: str) -> dict:  # type: ignore[type-arg]
        return json.loads(self("plan", "--from-journal", *runs, "-f", "json"))  # type: ignore[no-any-return]

    def strength(self, day: dt.date, during: int, morning_after: int, baseline: int = 1) -> None:
        """A strength session (glute bridges) with the scores around it."""
        self.on(day)("log", "pain", str(baseline), "--morning")
        self("log", "done", "glute-bridge", "clamshell")
        self("log", "pain", str(during), "--after", "routine")
        self.on(day + dt.timedelta(days=1))("log", "pain", str(morning_after), "--morning")

    def run(self, day: dt.date, spec: str, during: int, morning_after: int, baseline: int = 1) -> None:
        self.on(day)("log", "pain", str(baseline), "--morning")
        self("log", "run", spec)
        self("log", "pain", str(during), "--after", "run")
        self.on(day + dt.timedelta(days=1))("log", "pain", str(morning_after), "--morning")


def bridge(plan: dict) -> dict:  # type: ignore[type-arg]
    return next(
        i for d in plan["days"] for i in d["items"] if i["technique"] in ("glute-bridge", "single-leg-bridge")
    )


def levels(runner: Runner) -> dict[str, dict]:  # type: ignore[type-arg]
    data = json.loads(runner("progress", "--weeks", "6", "-f", "json"))
    jsonschema.validate(data, PROGRESS_SCHEMA)
    return {m["family"]: m for m in data["movements"]}


def test_six_weeks_of_a_programme(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    me = Runner(runner, monkeypatch)
    w = [[m + dt.timedelta(days=n) for n in range(7)] for m in MONDAYS]

    # Week 1: the first plan is at the bottom of every ladder. Two good strength days.
    first = me.on(w[0][0]).plan("mon:6k", "wed:6k", "sat:10k")
    assert bridge(first)["dose"] == "2 x 10 reps"
    me.strength(w[0][1], during=1, morning_after=1)
    me.strength(w[0][3], during=2, morning_after=1)

    # Week 2: progressed one step. Then the pain rises during a session but settles.
    second = me.on(w[1][0]).plan("mon:6k", "wed:6k", "sat:10k")
    assert bridge(second)["dose"] == "2 x 15 reps" and "progressed" in bridge(second)["why"]
    me.strength(w[1][1], during=4, morning_after=1)

    # Week 3: held, and it says why. On Wednesday a flare (pain 7): no running, then tests.
    third = me.on(w[2][0]).plan("mon:6k", "wed:6k", "sat:10k")
    assert bridge(third)["dose"] == "2 x 15 reps" and "held: pain rose to 4/10" in bridge(third)["why"]
    me.on(w[2][2])("log", "pain", "7")
    flare = me.plan("sat:10k")
    assert flare["days"][5]["runs"][0]["status"] == "held"
    assert any(n["code"] == "entry-tests" for n in flare["notes"])

    # Week 4: no running until the entry tests; passed on Monday, then phase 1 a day apart.
    fourth = me.on(w[3][0]).plan("tue:6k", "wed:6k", "thu:6k", "sat:10k")
    assert {r["status"] for d in fourth["days"] for r in d["runs"]} == {"held"}
    me("log", "test", "brisk-walk", "1")
    me("log", "test", "single-leg-hops", "2")
    fourth = me.plan("tue:6k", "wed:6k", "thu:6k", "sat:10k")
    sessions = [(d["weekday"], r["status"], r["distance_km"]) for d in fourth["days"] for r in d["runs"]]
    assert sessions == [
        ("Tue", "eased", 1.6),
        ("Wed", "held", 0.0),
        ("Thu", "eased", 1.6),
        ("Sat", "eased", 1.6),
    ]
    assert "phase 1 of 6" in fourth["days"][1]["runs"][0]["advice"]
    assert fourth["days"][1]["runs"][0]["typed_km"] == 6.0  # the run as typed, beside the ladder's
    me.run(w[3][1], "tue:1.6k", during=1, morning_after=1)
    me.run(w[3][3], "thu:1.6k", during=2, morning_after=1)

    # Week 5: phase 2 after two good sessions; then a session whose next morning is worse.
    fifth = me.on(w[4][0]).plan("tue:6k", "sat:6k")
    assert "phase 2 of 6" in fifth["days"][1]["runs"][0]["advice"]
    assert fifth["days"][1]["runs"][0]["distance_km"] == 2.4
    me.run(w[4][1], "tue:2.4k", during=2, morning_after=4)
    me.strength(w[4][3], during=1, morning_after=3)

    # Week 6: back to phase 1, and the bridge down a step, each with its reason.
    sixth = me.on(w[5][0]).plan("tue:6k")
    assert "phase 1 of 6" in sixth["days"][1]["runs"][0]["advice"]
    assert (
        bridge(sixth)["dose"] == "2 x 10 reps"
        and "regressed: the next morning was worse" in bridge(sixth)["why"]
    )

    # `runback progress` tells the same story week by week.
    moved = levels(me)
    assert [c["level"] for c in moved["glute-bridge"]["weeks"]] == [
        "glute-bridge 1.1", "glute-bridge 1.2", "glute-bridge 1.2", "glute-bridge 1.2", "glute-bridge 1.2",
        "glute-bridge 1.1",
    ]  # fmt: skip
    assert [c["decision"] for c in moved["glute-bridge"]["weeks"]] == [
        None,
        "progress",
        "hold",
        None,
        None,
        "regress",
    ]
    # Each week as it began: the flare came in W45, the tests on W46's Monday, two good sessions
    # by its Thursday, and a bad morning in W47.
    assert [c["level"] for c in moved["running"]["weeks"]] == [
        "normal", "normal", "normal", "entry tests", "phase 2", "phase 1",
    ]  # fmt: skip
    # ... and the README's worked example is this journal's real output.
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    shown = readme.split("$ runback progress --weeks 6 -f table\n", 1)[1].split("```", 1)[0]
    table = me("progress", "--weeks", "6", "-f", "table")
    assert "\n".join(line.rstrip() for line in table.splitlines()) + "\n" == shown
