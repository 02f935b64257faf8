"""A plan in a Markdown note that the runner also edits: ticks survive a new version of the plan,
and `log done --from-note` reads them back into the journal."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from runback import cli
from runback.cli import app
from runback.notes import boxes, keep_ticks, ticked
from runback.week import Week

WEEK = ["--week", "2026-W48"]
NEXT = "2026-W49"
MONDAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def friday(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_today", lambda: dt.date(2026, 11, 27))


def plan_into(runner: CliRunner, note: Path, *args: str, week: str = "2026-W48") -> str:
    """A plan into the note; by default for this week, or ``week`` (W49 is next week: a new pain
    score changes all of it, where this week's past days stay as they were planned)."""
    runs = ["mon:8k", "wed:10k", "sat:18k:long"]
    result = runner.invoke(app, ["plan", *runs, "--week", week, *args, "--append-to", str(note)])
    assert result.exit_code == 0, result.output
    return result.stderr


def after_heading(note: Path, heading: str) -> list[str]:
    lines = note.read_text().splitlines()
    return lines[lines.index(next(line for line in lines if line.startswith(heading))) :]


def tick(note: Path, *patterns: str) -> None:
    """Tick the first open box of each pattern, as a runner does in their editor."""
    text = note.read_text()
    for pattern in patterns:
        text, n = re.subn(r"- \[ \] (" + pattern + ")", r"- [x] \1", text, count=1)
        assert n == 1, pattern
    note.write_text(text)


def test_a_new_version_keeps_the_ticks_of_items_still_planned(runner: CliRunner, tmp_path: Path) -> None:
    note = tmp_path / "training.md"
    note.write_text("# My week\n\nSlept badly on Sunday.\n")
    plan_into(runner, note, week=NEXT)
    tick(note, r"\*\*Run:\*\* 8 km", "Brisk walking", "Glute bridge: ")
    said = plan_into(runner, note, "--pain", "4", week=NEXT)
    text = note.read_text()
    assert text.startswith("# My week\n\nSlept badly on Sunday.\n")
    assert "3 ticks kept" in said and said.startswith(f"Updated {note}: ")
    assert re.search(r"- \[x\] \*\*Run:\*\* .*km", text)
    assert re.search(r"- \[x\] Brisk walking: .*`brisk-walking`", text)
    assert re.search(r"- \[x\] Glute bridge: .*`glute-bridge`", text)
    assert text.count("- [x]") == 3
    # the same plan again: nothing to do, ticks and all
    assert "Already up to date" in plan_into(runner, note, "--pain", "4", week=NEXT)


def test_a_tick_follows_its_day_and_technique_not_its_text(runner: CliRunner, tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    plan_into(runner, note, week=NEXT)
    tuesday = "### Tue 1 Dec"
    before = next(line for line in after_heading(note, tuesday) if "`cat-cow`" in line)
    tick(note, "Cat-cow: 12 reps \\(1 min\\) `cat-cow` \\*\\(a day without")
    plan_into(runner, note, "--pain", "4", week=NEXT)  # the eased plan doses it differently
    after = next(line for line in after_heading(note, tuesday) if "`cat-cow`" in line)
    assert after.startswith("- [x] ") and after[6:] != before[6:]


def test_a_ticked_item_no_longer_planned_is_kept_as_done(runner: CliRunner, tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    plan_into(runner, note, week=NEXT)
    tick(note, r"Easy jog build-up")  # Monday's warm-up, done
    runs = ["wed:10k", "sat:18k:long"]  # then Monday's run is taken out of the week, and its warm-up
    result = runner.invoke(app, ["plan", *runs, "--week", NEXT, "--append-to", str(note)])
    said = result.stderr
    assert "1 ticked item no longer planned kept as done" in said
    text = note.read_text()
    monday = text[text.index("Mon 30 Nov") : text.index("Tue 1 Dec")]
    assert "- [x] Easy jog build-up" in monday


def test_the_note_keeps_what_the_runner_added_to_a_line(tmp_path: Path) -> None:
    old = "### Tue 24 Nov: rest\n\n- [x] Glute bridge: 2 x 10 reps `glute-bridge` *(strength (a) day)* ✅ 2026-11-24\n"
    new = "### Tue 24 Nov: rest\n\n- [ ] Glute bridge: 2 x 8 reps `glute-bridge` *(eased)*\n"
    merged = keep_ticks(old, new)
    assert "- [x] Glute bridge: 2 x 8 reps `glute-bridge` *(eased)* ✅ 2026-11-24" in merged.text
    assert (merged.added, merged.removed, merged.ticks_kept, merged.done_kept) == (0, 0, 1, 0)


def test_other_statuses_are_kept_as_typed() -> None:
    old = "### Tue 24 Nov: rest\n\n- [-] Cat-cow: 12 reps `cat-cow`\n- [/] Clamshell: 12 reps `clamshell`\n"
    new = "### Tue 24 Nov: rest\n\n- [ ] Cat-cow: 10 reps `cat-cow`\n- [ ] Clamshell: 10 reps `clamshell`\n"
    assert keep_ticks(old, new).text.split("\n")[2:4] == [
        "- [-] Cat-cow: 10 reps `cat-cow`",
        "- [/] Clamshell: 10 reps `clamshell`",
    ]


def test_a_day_gone_from_the_plan_keeps_its_done_items_under_its_heading() -> None:
    old = (
        "## Plan\n\n### Mon 23 Nov: run\n\n- [x] Cat-cow: 12 reps `cat-cow`\n- [ ] Clamshell: 1 `clamshell`\n"
    )
    new = "## Plan\n\n> Stop and see a clinician.\n"
    merged = keep_ticks(old, new)
    assert merged.text.endswith("### Mon 23 Nov: run\n\n- [x] Cat-cow: 12 reps `cat-cow`")
    assert (merged.removed, merged.done_kept) == (2, 1)
    assert ticked(merged.text, Week(MONDAY)) == ([(MONDAY, "cat-cow")], 0)


def test_the_same_technique_twice_a_day_is_two_items() -> None:
    text = "### Mon 23 Nov: run\n\n- [ ] A `cat-cow`\n- [x] B `cat-cow`\n"
    assert [(b.what, b.nth, b.status) for b in boxes(text.split("\n"))] == [
        ("cat-cow", 0, " "),
        ("cat-cow", 1, "x"),
    ]
    assert keep_ticks(text, text.replace("[x]", "[ ]")).text == text


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_replanning_the_same_week_never_changes_a_ticked_note(data: st.DataObject) -> None:
    """Whatever the runner ticked, the same plan again leaves the section as it is."""
    from runback.catalogue import load_catalogue
    from runback.planner import Profile, WeekRuns, plan
    from runback.render.markdown import plan_body
    from runback.week import parse_spec

    catalogue = load_catalogue(use_cache=False)
    week = Week(MONDAY)
    runs = [parse_spec(s, week) for s in ("mon:8k", "thu:6k", "sat:16k:long")]
    result = plan(catalogue, WeekRuns(week, runs), Profile(pain=data.draw(st.integers(0, 7))))
    block = "\n".join(plan_body(result, level=2))
    lines = block.split("\n")
    found = boxes(lines)
    chosen = data.draw(st.sets(st.sampled_from(range(len(found))))) if found else set()
    for i in chosen:
        lines[found[i].at] = lines[found[i].at].replace("- [ ]", "- [x]", 1)
    edited = "\n".join(lines)
    merged = keep_ticks(edited, block)
    assert merged.text == edited
    assert (merged.added, merged.removed, merged.ticks_kept) == (0, 0, len(chosen))


# --- log done --from-note ------------------------------------------------------------------------


def log(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, ["log", "done", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def done(runner: CliRunner) -> int:
    data = json.loads(runner.invoke(app, ["history", "--weeks", "1", "-f", "json"]).stdout)
    return int(data["weeks"][-1]["done"])


def test_ticks_in_a_note_become_routines_done_once(runner: CliRunner, tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    plan_into(runner, note)
    tick(note, r"\*\*Run:\*\* 8 km", "Glute bridge: ", "Brisk walking", "Cat-cow")
    said = log(runner, "--from-note", str(note), *WEEK)
    assert said.startswith(f"Logged 3 routines done from {note} (2026-W48)")
    assert "1 ticked run not logged" in said
    assert done(runner) == 3
    assert log(runner, "--from-note", str(note), *WEEK).startswith("Logged 0 routines")
    assert done(runner) == 3


def test_an_untick_is_taken_back_and_other_logs_are_left_alone(runner: CliRunner, tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    plan_into(runner, note)
    tick(note, "Glute bridge: ", "Cat-cow")
    log(runner, "--from-note", str(note), *WEEK)
    log(runner, "side-plank", "--date", "2026-11-24")
    note.write_text(note.read_text().replace("- [x] Cat-cow", "- [ ] Cat-cow", 1))
    said = log(runner, "--from-note", str(note), *WEEK)
    assert "took back 1 no longer ticked" in said
    assert done(runner) == 2  # glute bridge from the note, side plank typed


def test_ticks_on_days_to_come_are_left_out(runner: CliRunner, tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    plan_into(runner, note)
    text = note.read_text()
    sunday = text.index("Sun 29 Nov")
    note.write_text(text[:sunday] + text[sunday:].replace("- [ ]", "- [x]", 1))
    said = log(runner, "--from-note", str(note), *WEEK)
    assert said.startswith("Logged 0 routines") and "1 ticked for days after today left out" in said


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--from-note", "NOTE", "--week", "2026-W40"], 1, "no plan for 2026-W40"),
        (["--from-note", "MISSING"], 1, "no such note"),
        (["--from-note", "NOTE", "cat-cow"], 2, "give no ids"),
        (["--week", "2026-W48", "cat-cow"], 2, "--week goes with --from-note"),
        ([], 2, "give technique ids"),
    ],
)
def test_from_note_mistakes(
    runner: CliRunner, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    note = tmp_path / "n.md"
    plan_into(runner, note)
    args = [str(note) if a == "NOTE" else str(tmp_path / "missing.md") if a == "MISSING" else a for a in args]
    result = runner.invoke(app, ["log", "done", *args])
    assert result.exit_code == code
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
