"""A revised plan imported over an earlier one in a real calendar client (khal): each day's event
is updated, with the new text, and nothing is duplicated."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback import cli
from runback.cli import app

KHAL = shutil.which("khal", path=str(Path(sys.executable).parent)) or shutil.which("khal")


def ics(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, today: dt.date, *extra: str) -> str:
    monkeypatch.setattr(cli, "_today", lambda: today)
    result = runner.invoke(app, ["plan", "mon:8k", "sat:18k:long", "--week", "2026-W49", *extra, "-f", "ics"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_later_plan_has_a_higher_sequence_and_the_same_uids(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ics(runner, monkeypatch, dt.date(2026, 11, 27))
    later = ics(runner, monkeypatch, dt.date(2026, 11, 28), "--pain", "4")
    uids = re.findall(r"^UID:(.*)$", first, re.MULTILINE)
    assert uids == re.findall(r"^UID:(.*)$", later, re.MULTILINE) and len(uids) == 7
    assert {int(s) for s in re.findall(r"^SEQUENCE:(\d+)", later, re.MULTILINE)} == {
        int(s) + 1 for s in re.findall(r"^SEQUENCE:(\d+)", first, re.MULTILINE)
    }
    assert "DTSTAMP:20261128T000000Z" in later
    assert ics(runner, monkeypatch, dt.date(2026, 11, 27)) == first  # the same day, the same bytes


@pytest.mark.skipif(KHAL is None, reason="needs khal, a calendar client (pip install khal)")
def test_khal_updates_each_day_and_duplicates_nothing(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calendar = tmp_path / "calendar"
    calendar.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[recovery]]\npath = {calendar}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "[default]\ndefault_calendar = recovery\n"
    )

    def khal(*args: str) -> str:
        assert KHAL is not None
        done = subprocess.run([KHAL, "-c", str(config), *args], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = tmp_path / "first.ics"
    first.write_text(ics(runner, monkeypatch, dt.date(2026, 11, 27)))
    revised = tmp_path / "revised.ics"
    revised.write_text(ics(runner, monkeypatch, dt.date(2026, 11, 28), "--pain", "4"))
    khal("import", "--batch", str(first))
    before = khal("list", "2026-11-30", "2026-12-06", "--format", "{start-date} {title}")
    khal("import", "--batch", str(revised))
    after = khal("list", "2026-11-30", "2026-12-06", "--format", "{start-date} {title}")
    titles = [line for line in after.splitlines() if line.startswith("2026-")]
    assert len(titles) == 7 and len({line.split()[0] for line in titles}) == 7  # one event a day
    assert before != after  # the text changed with the revised plan
    monday = next(line for line in titles if line.startswith("2026-11-30"))
    assert monday in after and "Recovery" in monday
