"""`runback plan` end to end: inputs, every format, files and notes, exit codes."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import icalendar
import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from runback import cli
from runback.cli import app
from runback.planner import Plan
from runback.render import Format, formats

from .conftest import DATA

WEEK = ["--week", "2026-W48"]
TYPICAL = ["mon:8k", "tue:45m:tempo", "thu:6k", "sat:18k:long"]
SCHEMA = json.loads(files("runback").joinpath("schemas", "plan-2.schema.json").read_text())


@pytest.fixture(autouse=True)
def thursday(monkeypatch: pytest.MonkeyPatch) -> None:
    """'Today' is Thursday 26 November 2026 in every test."""
    monkeypatch.setattr(cli, "_today", lambda: dt.date(2026, 11, 26))


def plan(runner: CliRunner, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["plan", *args], input=input)


@pytest.mark.parametrize("fmt", formats(Plan))
def test_every_format(runner: CliRunner, fmt: Format) -> None:
    result = plan(runner, *TYPICAL, *WEEK, "--format", fmt.value)
    assert result.exit_code == 0, result.output
    assert "Mon" in result.stdout or "20261123" in result.stdout
    assert result.stderr == ""


def test_text_is_one_record_per_line(runner: CliRunner) -> None:
    lines = plan(runner, *TYPICAL, *WEEK).stdout.splitlines()
    assert lines[0].startswith("week\t2026-W48\t2026-11-23\t2026-11-29\tusual")
    assert {line.split("\t")[0] for line in lines} <= {
        "week",
        "note",
        "day",
        "run",
        "item",
        "day-note",
        "warning",
        "notice",
    }
    assert sum(line.startswith("day\t") for line in lines) == 7
    assert "runback is not medical advice" in lines[-2] and "runback show red-flags" in lines[-1]
    saturday = [line for line in lines if "\t2026-11-28\t" in line]
    assert any(line.startswith("run\t2026-11-28\tSat\t18 km long") for line in saturday)


def test_json_matches_its_schema(runner: CliRunner) -> None:
    data = json.loads(plan(runner, *TYPICAL, *WEEK, "-f", "json").stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["schema"] == "runback.plan/2"
    assert next(d["date"] for d in data["days"]) == "2026-11-23"
    assert data["days"][5]["runs"][0] == {
        "kind": "long",
        "typed_kind": "long",
        "distance_km": 18.0,
        "typed_km": 18.0,
        "duration_min": 111.6,
        "typed_min": 111.6,
        "estimated": "duration",
        "rpe": None,
        "status": "as-planned",
        "advice": "",
        "condition": "",
    }


def test_markdown_front_matter_and_checklists(runner: CliRunner) -> None:
    out = plan(runner, *TYPICAL, *WEEK, "-f", "markdown").stdout
    assert out.startswith("---\n")
    front, body = out[4:].split("\n---\n", 1)
    meta = yaml.safe_load(front)
    assert meta["week"] == "2026-W48" and meta["start"] == dt.date(2026, 11, 23) and meta["runs"] == 4
    assert meta["tags"] == ["runback", "recovery-plan"]
    assert "## Sat 28 Nov: run (long)" in body
    assert (
        "- [ ] Figure-4 stretch (piriformis and deep gluteals): 30 s x 2 per side (3 min) `figure-4-stretch`"
        " *(after a run)*" in body
    )
    assert body.rstrip().endswith(
        "*Warning signs that need a doctor today, and some that need A&E now: run 'runback show red-flags'.*"
    )


def test_ics_parses_back_with_stable_uids(runner: CliRunner) -> None:
    out = plan(runner, *TYPICAL, *WEEK, "-f", "ics").stdout_bytes.decode()
    assert out.count("\r\n") == out.count("\n") and all(
        len(line.encode()) <= 75 for line in out.split("\r\n")
    )
    calendar = icalendar.Calendar.from_ical(out)
    events = calendar.walk("VEVENT")
    assert len(events) == 7
    assert [str(e["uid"]) for e in events] == [f"runback-recovery-2026-11-{d}@runback" for d in range(23, 30)]
    assert events[0].decoded("dtstart") == dt.date(2026, 11, 23)
    assert "Leg swings, front to back" in str(events[0]["description"])
    again = icalendar.Calendar.from_ical(plan(runner, "mon:10k", *WEEK, "-f", "ics").stdout)
    assert str(again.walk("VEVENT")[0]["uid"]) == str(events[0]["uid"])


def _zone_on_todays_date() -> str:
    """A time zone far from UTC whose date is UTC's date now: ``--pain`` is dated today where
    runback runs, so two zones on different dates would rightly plan differently."""
    from zoneinfo import ZoneInfo

    now = dt.datetime.now(dt.UTC)
    return next(
        zone
        for zone in (
            "Pacific/Auckland",
            "Asia/Tokyo",
            "America/Los_Angeles",
            "Europe/Berlin",
            "America/New_York",
        )
        if now.astimezone(ZoneInfo(zone)).date() == now.date()
    )


def test_bytes_are_identical_across_locale_timezone_and_hash_seed(tmp_path: Path) -> None:
    outputs = set()
    for extra in (
        {"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "1"},
        {"TZ": _zone_on_todays_date(), "LC_ALL": "de_DE.UTF-8", "PYTHONHASHSEED": "2"},
    ):
        env = {**os.environ, **extra}
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "runback",
                "plan",
                *TYPICAL,
                *WEEK,
                "-f",
                "json",
                "--pain",
                "4",
                "--has",
                "pool,bike",
            ],
            capture_output=True,
            env=env,
            check=True,
        )
        outputs.add(out.stdout)
    assert len(outputs) == 1


# --- inputs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "fragment"),
    [
        ("mon:8x", "run 'mon:8x'"),
        ("funday:5k", "run 'funday:5k'"),
        ("2026-02-30:5k", "run '2026-02-30:5k'"),
        ("mon:-5k", "run 'mon:-5k'"),
        ("mon:900k", "run 'mon:900k'"),
        ("2026-12-05:5k", "run '2026-12-05:5k'"),
    ],
)
def test_bad_run_specs_are_usage_errors(runner: CliRunner, token: str, fragment: str) -> None:
    result = plan(runner, token, *WEEK)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {fragment}") and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--has", "pool,jacuzzi"], "--has: 'jacuzzi' is not one of yoga-mat,"),
        (["--previous", "lots"], "--previous: 'lots' is not a distance"),
        (["--week", "2026-48"], "--week '2026-48'"),
        (["--week", "2026-W48", "--start", "2026-11-23"], "not both"),
        (["--pain", "11"], "--pain: 11 is out of range: give a whole number from 0 to 10"),
        (["--condition", "flu"], "flu"),
    ],
)
def test_bad_options_are_usage_errors(runner: CliRunner, args: list[str], fragment: str) -> None:
    result = plan(runner, "mon:8k", *(args if "--week" in args else [*args, *WEEK]))
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    assert "Traceback" not in result.output


def test_runs_from_files_and_stdin_together_with_specs(runner: CliRunner) -> None:
    result = plan(runner, "sun:5k:recovery", "--runs", str(DATA / "weeks" / "spreadsheet.csv"), *WEEK)
    assert result.exit_code == 0, result.output
    runs = [line for line in result.stdout.splitlines() if line.startswith("run\t")]
    assert len(runs) == 4
    piped = plan(runner, "--runs", "-", *WEEK, input="day,distance\nmon,8\nwed,10\n")
    assert sum(line.startswith("run\t") for line in piped.stdout.splitlines()) == 2
    yaml_in = plan(runner, "--runs", "-", *WEEK, input="- mon:8k\n- sat:15k:long\n")
    assert sum(line.startswith("run\t") for line in yaml_in.stdout.splitlines()) == 2


@pytest.mark.parametrize(
    "name",
    [
        "ragged.csv",
        "impossible-date.csv",
        "not-finite.csv",
        "negative.csv",
        "wrong-columns.csv",
        "yaml-trap.yaml",
        "bad-encoding.csv",
    ],
)
def test_broken_run_files_are_one_line_errors(runner: CliRunner, name: str) -> None:
    path = str(DATA / "weeks" / name)
    result = plan(runner, "--runs", path, *WEEK)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and path in result.stderr


def test_default_week_is_this_week(runner: CliRunner) -> None:
    assert plan(runner, "mon:8k").stdout.startswith("week\t2026-W48\t2026-11-23")


def test_start_date_week_shows_real_dates(runner: CliRunner) -> None:
    out = plan(runner, "fri:8k", "--start", "2026-11-25").stdout
    assert out.startswith("week\t2026-11-25..2026-12-01\t2026-11-25\t2026-12-01")
    assert "run\t2026-11-27\tFri\t8 km easy" in out


# --- safety and exit codes --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", formats(Plan))
def test_stop_in_every_format_with_exit_code_3(runner: CliRunner, fmt: Format) -> None:
    def unfolded(result) -> str:  # type: ignore[no-untyped-def]
        text = result.stdout_bytes.decode().replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
        return " ".join(html.unescape(text).split() if fmt is Format.html else text.split())

    result = plan(runner, *TYPICAL, *WEEK, "--red-flag", "saddle-numbness", "-f", fmt.value)
    assert result.exit_code == 3
    assert "Stop and get help today, urgently" in unfolded(result) and "A&E" in unfolded(result)
    pain = plan(runner, *TYPICAL, *WEEK, "--pain", "9", "-f", fmt.value)
    assert pain.exit_code == 3
    assert "See a GP or physiotherapist today" in unfolded(pain)
    assert "Leg swings" not in unfolded(pain)


def test_pain_six_today_means_no_running_for_48_hours(runner: CliRunner) -> None:
    out = plan(runner, *TYPICAL, *WEEK, "--pain", "6").stdout
    assert "day\t2026-11-26\tThu\tno running" in out and "day\t2026-11-27\tFri\tno running" in out
    assert "run\t2026-11-26\tThu\t6 km easy (about 36 min)\treplaced" in out


# --- files and notes --------------------------------------------------------------------------------


def test_output_file_with_format_from_its_extension(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "week.ics"
    result = plan(runner, *TYPICAL, *WEEK, "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert f"Wrote the plan for 2026-W48 to {target}" in result.stderr
    assert target.read_text().startswith("BEGIN:VCALENDAR")
    assert not list(tmp_path.glob(".*.tmp"))
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # not the 0o600 of a temporary file
    target.chmod(0o640)
    plan(runner, "mon:5k", *WEEK, "-o", str(target))
    assert target.stat().st_mode & 0o777 == 0o640


def test_an_error_leaves_the_existing_output_untouched(runner: CliRunner, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "plan.md"
    target.write_text("my precious notes\n")
    result = plan(runner, "mon:8x", *WEEK, "-o", str(target))
    assert result.exit_code == 2
    assert target.read_text() == "my precious notes\n"
    bad_file = plan(runner, "--runs", str(DATA / "weeks" / "ragged.csv"), *WEEK, "-o", str(target))
    assert bad_file.exit_code == 1 and target.read_text() == "my precious notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


def test_an_interrupted_write_leaves_the_old_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "plan.json"
    target.write_text("{}\n")

    def broken_replace(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = plan(runner, *TYPICAL, *WEEK, "-o", str(target))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert target.read_text() == "{}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_refuses_to_write_over_its_own_input(runner: CliRunner, tmp_path: Path) -> None:
    runs = tmp_path / "week.yaml"
    runs.write_text("- mon:8k\n")
    result = plan(runner, "--runs", str(runs), *WEEK, "-o", str(runs), "-f", "text")
    assert result.exit_code == 2
    assert "is one of runback's inputs" in result.stderr
    assert plan(runner, "--runs", str(runs), *WEEK, "-o", str(runs)).exit_code == 2  # and .yaml is no output
    assert runs.read_text() == "- mon:8k\n"


def test_append_to_a_note_keeps_every_other_byte_and_is_idempotent(runner: CliRunner, tmp_path: Path) -> None:
    note = tmp_path / "journal.md"
    before = "# Journal\r\n\r\nMonday: legs heavy.\r\n"
    note.write_bytes(before.encode())
    first = plan(runner, *TYPICAL, *WEEK, "--append-to", str(note))
    assert first.exit_code == 0 and "Updated" in first.stderr
    text = note.read_bytes().decode()
    assert text.startswith(before)
    assert "<!-- runback:plan 2026-W48 -->\r\n## Recovery plan: 2026-W48" in text
    assert text.endswith("<!-- /runback:plan 2026-W48 -->\r\n")
    assert "\n" not in text.replace("\r\n", "")
    second = plan(runner, *TYPICAL, *WEEK, "--append-to", str(note))
    assert "Already up to date" in second.stderr
    assert note.read_bytes().decode() == text
    note.write_bytes((text + "Later: felt better.\r\n").encode())
    plan(runner, "mon:5k", *WEEK, "--append-to", str(note))
    updated = note.read_bytes().decode()
    assert updated.startswith(before) and updated.endswith("Later: felt better.\r\n")
    assert "8 km" not in updated and "5 km easy" in updated
    assert updated.count("<!-- runback:plan 2026-W48 -->") == 1


def test_append_to_a_new_note_creates_it(runner: CliRunner, tmp_path: Path) -> None:
    note = tmp_path / "new.md"
    assert plan(runner, "mon:8k", *WEEK, "--append-to", str(note)).exit_code == 0
    assert note.read_text().startswith("<!-- runback:plan 2026-W48 -->\n## Recovery plan")


# --- config -----------------------------------------------------------------------------------------


def test_config_path_and_show(runner: CliRunner, tmp_path: Path) -> None:
    path = Path(os.environ["RUNBACK_CONFIG"])
    assert runner.invoke(app, ["config", "path"]).stdout == f"{path}\n"
    empty = runner.invoke(app, ["config", "show"])
    assert empty.exit_code == 0 and empty.stdout == "" and "No config file" in empty.stderr
    path.write_text(
        'has = ["pool", "foam-roller"]\nminutes = 20\nweight = 70\nprevious-weeks = ["30k", 34]\n'
    )
    shown = runner.invoke(app, ["config", "show"])
    assert (
        shown.stdout
        == 'has = ["pool", "foam-roller"]\nminutes = 20\nweight = 70\nprevious-weeks = ["30k", 34]\n'
    )


def test_config_sets_defaults_and_options_override(runner: CliRunner) -> None:
    Path(os.environ["RUNBACK_CONFIG"]).write_text('minutes = 12\nhas = ["pool"]\nweight = 60\n')
    data = json.loads(plan(runner, *TYPICAL, *WEEK, "-f", "json").stdout)
    assert data["budget_minutes"] == 12
    assert any(i["technique"] == "swimming" for d in data["days"] for i in d["items"])
    assert any(i["dose"].startswith("300-420 mL") for d in data["days"] for i in d["items"])
    override = json.loads(
        plan(runner, *TYPICAL, *WEEK, "-f", "json", "--minutes", "40", "--has", "bike").stdout
    )
    assert override["budget_minutes"] == 40
    assert not any(i["technique"] == "swimming" for d in override["days"] for i in d["items"])


def test_a_bad_config_file_is_named_with_its_line(runner: CliRunner) -> None:
    Path(os.environ["RUNBACK_CONFIG"]).write_text('minutes = 20\nhas = ["pool", "spa"]\ncolour = "blue"\n')
    result = plan(runner, "mon:8k", *WEEK)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert ":2: has: " in lines[0] and "spa" in lines[0]
    assert ":3: colour: unknown setting" in lines[1]
    broken = Path(os.environ["RUNBACK_CONFIG"])
    broken.write_text("minutes = \n")
    assert "not valid TOML" in plan(runner, "mon:8k", *WEEK).stderr


def test_weeks_far_from_now_are_usage_errors(runner: CliRunner) -> None:
    for args in (["--week", "9999-W52"], ["--start", "9999-12-31"], ["--start", "0001-01-01"]):
        result = plan(runner, "mon:8k", *args)
        assert result.exit_code == 2 and "plan a week between 2000 and 2099" in result.stderr


def test_a_duplicated_csv_column_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    week = tmp_path / "week.csv"
    week.write_text("date,date,distance\n2026-11-23,2026-11-24,8\n")
    result = plan(runner, "--runs", str(week), *WEEK)
    assert result.exit_code == 1 and "week.csv:1: the column 'date' appears twice" in result.stderr


def test_output_through_a_symlink_keeps_the_link(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    note = tmp_path / "real" / "journal.md"
    note.write_text("# Journal\n")
    link = tmp_path / "journal.md"
    link.symlink_to(note)
    assert plan(runner, "mon:8k", *WEEK, "--append-to", str(link)).exit_code == 0
    assert link.is_symlink() and "<!-- runback:plan 2026-W48 -->" in note.read_text()
    out_link = tmp_path / "plan.md"
    out_link.symlink_to(tmp_path / "real" / "plan.md")
    assert plan(runner, "mon:8k", *WEEK, "-o", str(out_link)).exit_code == 0
    assert out_link.is_symlink() and (tmp_path / "real" / "plan.md").read_text().startswith("---\n")


def test_refuses_to_write_over_the_journal_or_the_config(runner: CliRunner) -> None:
    journal, config = Path(os.environ["RUNBACK_DB"]), Path(os.environ["RUNBACK_CONFIG"])
    runner.invoke(app, ["log", "pain", "2"])
    config.write_text("minutes = 20\n")
    before = journal.read_bytes()
    for target in (journal, config):
        result = plan(runner, "mon:8k", *WEEK, "-o", str(target), "-f", "text")
        assert result.exit_code == 2 and "refusing to write over it" in result.stderr
    assert runner.invoke(app, ["report", "-o", str(journal)]).exit_code == 2
    assert runner.invoke(app, ["history", "--plot", str(config.with_suffix(".png"))]).exit_code in (0, 1)
    assert journal.read_bytes() == before and config.read_text() == "minutes = 20\n"


def test_a_stopped_plan_replaces_every_day_of_the_week_in_a_calendar(runner: CliRunner) -> None:
    stopped = icalendar.Calendar.from_ical(
        plan(runner, *TYPICAL, *WEEK, "--pain", "9", "-f", "ics").stdout_bytes
    )
    events = stopped.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [f"runback-recovery-2026-11-{d}@runback" for d in range(23, 30)]
    assert all("stop and see a clinician" in str(e["summary"]) for e in events)


@pytest.mark.parametrize("flag", ["numbness", "saddle numbness", "headache"])
def test_an_unknown_red_flag_stops_the_plan_and_names_the_nearest(runner: CliRunner, flag: str) -> None:
    """A runner reporting a symptom never gets less than the stop message: exit 3, see a doctor
    today, the nearest known signs by id, and A&E when one of them is a cauda equina sign."""
    result = plan(runner, *TYPICAL, *WEEK, "--red-flag", flag, "-f", "json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["status"] == "stop" and data["days"] == []
    assert data["stop"]["unknown"] == [flag]
    assert "see a doctor today" in data["stop"]["text"]
    if "numbness" in flag:
        assert "saddle-numbness" in data["stop"]["text"] and "A&E" in data["stop"]["text"]
        assert data["stop"]["level"] == "emergency"


def test_show_red_flags_shows_their_ids(runner: CliRunner) -> None:
    table = runner.invoke(app, ["show", "red-flags", "-f", "table"]).stdout
    assert "saddle-numbness" in table and "inflammatory-back-pain" in table
    assert "see a GP soon" in table
