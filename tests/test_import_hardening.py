"""Impossible values already in a journal: history, report and plans leave them out, and JSON
output stays JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback import cli
from runback.cli import app
from runback.journal import Activity, Journal
from runback.render.jsondoc import dumps

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_today", lambda: TODAY)
    monkeypatch.setattr(cli, "_now", lambda: dt.datetime(2026, 11, 29, 20, 0, tzinfo=dt.UTC))
    monkeypatch.setenv("TZ", "UTC")


def strict_json(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_history_and_report_leave_out_impossible_rows_an_older_version_stored(
    runner: CliRunner, tmp_path: Path
) -> None:
    with Journal(tmp_path / "journal.sqlite") as journal, journal.transaction():
        journal.add_activities(
            [
                Activity("a", "run", dt.date(2026, 11, 24), "strava", distance_km=1e308, elapsed_min=50.0),
                Activity("b", "run", dt.date(2026, 11, 25), "gpx", distance_km=8.0, elapsed_min=-240.0),
                Activity("c", "run", dt.date(2026, 11, 23), "gpx", distance_km=19_815.0, elapsed_min=1 / 60),
                Activity(
                    "d",
                    "ride",
                    dt.date(2026, 11, 23),
                    "fit",
                    distance_km=float("nan"),
                    moving_min=float("inf"),
                ),
                Activity("e", "run", dt.date(2026, 11, 26), "gpx", distance_km=8.0, elapsed_min=45.0),
            ],
            dt.datetime(2026, 11, 27, tzinfo=dt.UTC),
        )
    for fmt in ("table", "text", "markdown", "csv"):
        result = runner.invoke(app, ["history", "-f", fmt, "--weeks", "2"])
        assert result.exit_code == 0, result.output
    history = strict_json(runner.invoke(app, ["history", "-f", "json", "--weeks", "1"]).stdout)
    assert history["weeks"][-1]["runs"] == 1 and history["weeks"][-1]["km"] == 8.0  # type: ignore[index]
    for fmt in ("markdown", "html"):
        report = runner.invoke(app, ["report", "-f", fmt])
        assert report.exit_code == 0 and "inf" not in report.stdout.lower(), report.output
    plan = runner.invoke(app, ["plan", "--from-journal", "-f", "json"])
    assert plan.exit_code == 0, plan.output
    assert strict_json(plan.stdout)["totals"]["distance_km"] == 8.0  # type: ignore[index]


def test_json_output_refuses_a_number_that_is_not_json() -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        dumps({"km": float("inf")})
