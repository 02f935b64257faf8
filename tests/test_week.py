"""Reading a week of runs: command-line specs, YAML and CSV files."""

from __future__ import annotations

import datetime as dt

import pytest

from runback.errors import DataError, UsageError
from runback.vocab import RunKind
from runback.week import Week, parse_amount, parse_spec, read_runs, week_of

from .conftest import DATA

WEEK = Week(dt.date(2026, 11, 23))
WEEKS = DATA / "weeks"


@pytest.mark.parametrize(
    ("text", "km", "minutes"),
    [
        ("8k", 8.0, None),
        ("8km", 8.0, None),
        ("8.5k", 8.5, None),
        ("5mi", 8.04672, None),
        ("5000m", 5.0, None),
        ("45m", None, 45.0),
        ("45min", None, 45.0),
        ("1h10m", None, 70.0),
        ("1h", None, 60.0),
        ("1:10:00", None, 70.0),
        ("45:30", None, 45.5),
    ],
)
def test_amounts(text: str, km: float | None, minutes: float | None) -> None:
    got_km, got_minutes = parse_amount(text)
    assert got_km == pytest.approx(km) if km else got_km is None
    assert got_minutes == pytest.approx(minutes) if minutes else got_minutes is None


def test_a_full_spec() -> None:
    run = parse_spec("sat:1:40:00:long:rpe6", WEEK)
    assert (run.date, run.kind, run.duration_min, run.rpe) == (dt.date(2026, 11, 28), RunKind.long, 100.0, 6)
    assert parse_spec("2026-11-24:45m:tempo", WEEK).date == dt.date(2026, 11, 24)
    assert parse_spec("Wednesday:5k", WEEK).date == dt.date(2026, 11, 25)
    assert parse_spec("mon@07:30:8k:rpe7:tempo", WEEK)[:5] == (
        dt.date(2026, 11, 23),
        RunKind.tempo,
        8.0,
        None,
        7,
    )
    assert parse_spec("mon@07:30:8k", WEEK).start == dt.time(7, 30)


@pytest.mark.parametrize(
    ("name", "day"),
    [("tue", 24), ("tues", 24), ("Tuesday", 24), ("TUE", 24), ("wed", 25), ("weds", 25), ("thur", 26),
     ("thurs", 26), ("Sun", 29)],
)  # fmt: skip
def test_day_names(name: str, day: int) -> None:
    assert parse_spec(f"{name}:5k", WEEK).date == dt.date(2026, 11, day)
    mid_week = Week(dt.date(2026, 11, 25))  # Wednesday to Tuesday
    assert parse_spec(f"{name}:5k", mid_week).date.weekday() == dt.date(2026, 11, day).weekday()


@pytest.mark.parametrize("name", ["tu", "t", "tuesdays", "moonday"])
def test_not_day_names(name: str) -> None:
    with pytest.raises(UsageError, match="is not a day"):
        parse_spec(f"{name}:5k", WEEK)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("mon:8x", "run 'mon:8x': '8x' is not a distance"),
        ("funday:5k", "run 'funday:5k': 'funday' is not a day"),
        ("2026-02-30:5k", "run '2026-02-30:5k': '2026-02-30' is not a real date"),
        ("mon:-5k", "run 'mon:-5k': '-5k' is negative"),
        ("mon:900k", "run 'mon:900k': '900k' is not a plausible run"),
        ("2026-12-05:5k", "2026-12-05 is outside the week 2026-11-23 to 2026-11-29"),
        ("mon:8k:sprint", "'sprint' is not a kind of run"),
        ("mon:8k:rpe0", "'rpe0' is not an effort"),
        ("mon:500m", "'500m' is unclear"),
        ("mon:1:30", "a:bb is minutes:seconds"),
        ("mon", "run 'mon': has no amount after the day; write DAY:AMOUNT"),
        ("tue:6k:long:tempo", "run 'tue:6k:long:tempo': two kinds given: long and tempo; give one"),
        ("mon:8k:rpe6:rpe7", "two efforts given: rpe6 and rpe7; give one"),
        ("mon:45", "'45' has no unit: write 45k for km or 45m for minutes"),
        ("mon:long:8k", "has no amount before 'long'; write DAY:AMOUNT"),
        ("mon:8:km", "write the unit with its number, 8km, not 8:km"),
        ("mon::8k", "has an empty field (two colons together, or one at the end)"),
        ("mon:8k:", "has an empty field"),
        ("mon:8k:long:30m", "'30m' comes after 'long': give one amount, right after the day"),
        ("mon:1:75", "'1:75' is not a duration: write H:MM:SS or M:SS"),
        (
            "mon:8k:tmepo",
            "'tmepo' is not a kind of run: use one of easy, recovery, tempo, intervals, hills, "
            "long, race (did you mean 'tempo'?)",
        ),
        ("teu:5k", "'teu' is not a day: use mon..sun or a date such as 2026-11-23 (did you mean 'tue'?)"),
        ("mon@25:00:8k", "'25:00' is not a time of day: write DAY@HH:MM"),
        (":8k", "has no day"),
    ],
)
def test_bad_specs_name_the_token(token: str, message: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_spec(token, WEEK)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_weeks() -> None:
    today = dt.date(2026, 11, 26)
    assert week_of(iso_week=None, start=None, today=today) == WEEK
    assert week_of(iso_week="2026-W48", start=None, today=today) == WEEK
    assert week_of(iso_week=None, start="2026-11-25", today=today).label == "2026-11-25..2026-12-01"
    assert WEEK.label == "2026-W48"
    with pytest.raises(UsageError, match="no week 54"):
        week_of(iso_week="2026-W54", start=None, today=today)
    with pytest.raises(UsageError, match="not both"):
        week_of(iso_week="2026-W48", start="2026-11-23", today=today)


def read(name: str) -> list:  # type: ignore[type-arg]
    path = WEEKS / name
    return read_runs(path.read_bytes().decode("utf-8-sig"), str(path), WEEK)


def test_yaml_week() -> None:
    runs = read("typical.yaml")
    assert [(r.date.day, r.kind.value, r.distance_km, r.duration_min, r.rpe) for r in runs] == [
        (23, "easy", 8.0, None, None),
        (24, "tempo", None, 45.0, 7),
        (26, "easy", 6.0, None, None),
        (28, "long", 18.0, None, 6),
    ]
    assert [r.kind.value for r in read("specs.yaml")] == ["easy", "long"]


def test_a_spreadsheet_csv_with_bom_and_crlf() -> None:
    runs = read("spreadsheet.csv")
    assert [(r.date.day, r.kind.value, r.distance_km, r.rpe) for r in runs] == [
        (23, "easy", 8.0, 4),
        (25, "tempo", 10.0, 7),
        (29, "long", 20.0, None),
    ]


def test_csv_durations() -> None:
    assert [r.duration_min for r in read("durations.csv")] == [45.0, 65.0]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ragged.csv", "ragged.csv:3: has 2 fields, the header has 3"),
        ("impossible-date.csv", "impossible-date.csv:2: '2026-02-30' is not a real date"),
        ("not-finite.csv", "not-finite.csv:2: 'nan' is not a distance"),
        ("negative.csv", "negative.csv:2: '-5' is negative"),
        ("wrong-columns.csv", "wrong-columns.csv:1: unknown column 'pace'"),
        ("yaml-trap.yaml", "yaml-trap.yaml:2:26: runs.0.duration: '1:30' would be read as the number 90"),
        ("bad-day.yaml", "bad-day.yaml:3: 'funday' is not a day"),
    ],
)
def test_broken_files_name_the_file_and_line(name: str, message: str) -> None:
    with pytest.raises(DataError) as info:
        read(name)
    assert message in str(info.value)
    assert len(info.value.lines) == 1


def test_a_value_with_a_newline_is_shown_on_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from runback.cli import app

    runs = tmp_path / "runs.yaml"
    runs.write_text('- "mon:8k\\nx"\n')
    result = CliRunner().invoke(app, ["plan", "--runs", str(runs), "--week", "2026-W48"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "'mon:8k\\nx'" in result.stderr
