"""`runback go`: checklists for scripts, sessions recorded in the journal, and a real terminal."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback import cli, session
from runback.cli import app
from runback.routine import Outcome, Routine

from .conftest import DATA, freeze_clock


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    freeze_clock(monkeypatch, dt.date(2026, 11, 26), hour=19)


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_piped_output_is_a_checklist(runner: CliRunner) -> None:
    result = invoke(runner, "go", "cat-cow", "figure-4-stretch")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Your routine (2 techniques, about 4 min)"
    assert lines[1] == "[ ] Cat-cow: 12 reps (1 min)  cat-cow"
    assert lines[2].startswith("    1. Start on your hands and knees")
    assert "\x1b" not in result.stdout


def test_named_routines_and_slot_option(runner: CliRunner) -> None:
    warm = invoke(runner, "go", "--slot", "warm-up", "--no-timer")
    assert warm.exit_code == 0 and warm.stdout.startswith("Warm-up routine (4 techniques")
    post = invoke(runner, "go", "post-run")
    assert post.stdout.startswith("Post-run routine")
    assert "[ ] Half-kneeling hip flexor stretch" in post.stdout
    both = invoke(runner, "go", "post-run", "--slot", "warm-up")
    assert both.exit_code == 2


def test_routines_respect_conditions_from_the_config(runner: CliRunner) -> None:
    Path(os.environ["RUNBACK_CONFIG"]).write_text(
        'conditions = ["acute-disc-bulge"]\nhas = ["massage-ball"]\n'
    )
    out = invoke(runner, "go", "rest-day").stdout
    assert "knees-to-chest" not in out and "childs-pose" not in out


def test_unknown_names_get_a_suggestion(runner: CliRunner) -> None:
    result = invoke(runner, "go", "post-rn")
    assert result.exit_code == 2
    assert result.stderr == "Error: no routine or technique 'post-rn' (did you mean 'post-run'?)\n"


def test_today_comes_from_the_current_plan(runner: CliRunner) -> None:
    invoke(runner, "log", "run", "mon:8k", "wed:10k")
    assert invoke(runner, "plan", "--from-journal", "--week", "2026-W48", "thu:6k").exit_code == 0
    plan = json.loads(
        invoke(runner, "plan", "--from-journal", "--week", "2026-W48", "thu:6k", "-f", "json").stdout
    )
    thursday = [i["technique"] for i in plan["days"][3]["items"] if i["minutes"] and not i["session"]]
    out = invoke(runner, "go", "today").stdout
    assert out.startswith("Today's recovery")
    listed = [line.rsplit("  ", 1)[1] for line in out.splitlines() if line.startswith("[ ] ")]
    timed = [t for t in thursday if t in listed]
    assert listed == timed and len(listed) >= 3


def test_a_session_records_what_was_done(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[Routine] = []

    def fake_session(routine: Routine, *, bell: bool = True) -> Outcome:
        ran.append(routine)
        return Outcome(("cat-cow",), quit=True)

    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(session, "run_in_terminal", fake_session)
    result = invoke(runner, "go", "cat-cow", "figure-4-stretch", "--no-bell")
    assert result.exit_code == 0
    assert result.stdout == "Your routine: 1 of 2 done (stopped early; recorded in the journal)\n"
    assert [s.technique.id for s in ran[0].steps] == ["cat-cow", "figure-4-stretch"]
    history = json.loads(invoke(runner, "history", "--weeks", "1", "-f", "json").stdout)
    assert history["weeks"][0]["done"] == 1


def test_adherence_planned_against_done(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    invoke(runner, "plan", "--from-journal", "--week", "2026-W48", "mon:8k", "thu:6k")
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(session, "run_in_terminal", lambda routine, bell=True: Outcome(
        tuple(s.technique.id for s in routine.steps), quit=False))  # fmt: skip
    assert "done (recorded in the journal)" in invoke(runner, "go").stdout
    week = json.loads(invoke(runner, "history", "--weeks", "1", "-f", "json").stdout)["weeks"][0]
    assert week["planned"] > week["done"] > 0
    report = invoke(runner, "report", "--weeks", "1").stdout
    assert f"| {week['done']} of {week['planned']} |" in report


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux for a real terminal")
def test_in_a_real_terminal(tmp_path: Path) -> None:
    """tmux runs a whole session: the screen shows the technique and its countdown, the session
    ends by itself, the terminal is restored, and what was done is in the journal."""
    name = f"runback-{os.getpid()}"
    env = {
        "RUNBACK_DB": str(tmp_path / "journal.sqlite"),
        "RUNBACK_CACHE_DIR": str(tmp_path / "cache"),
        "RUNBACK_CONFIG": str(tmp_path / "config.toml"),
        "PS1": "$ ",
    }
    exports = " ".join(f"{k}='{v}'" for k, v in env.items())
    catalogue = DATA / "catalogues" / "quick.yaml"
    command = f"{sys.executable} -m runback --catalogue {catalogue} go quick-squeeze quick-breath --no-bell"

    def tmux(*args: str) -> str:
        return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout

    def screen() -> str:
        return tmux("capture-pane", "-t", name, "-p")

    def wait_for(text: str, seconds: float = 20) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shown = screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared:\n{screen()}")

    tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", "bash --norc --noprofile")
    try:
        tmux("send-keys", "-t", name, f"export {exports}; {command}", "Enter")
        during = wait_for("Quick glute squeeze")
        assert "1 of 2" in during and "00:0" in during and "q quit" in during
        wait_for("Your back pain right now, 0-9")
        tmux("send-keys", "-t", name, "2")
        after = wait_for("2 of 2 done (recorded in the journal)")
        assert "Quick glute squeeze" not in after  # the alternate screen is gone
        tmux(
            "send-keys",
            "-t",
            name,
            "stty -a | tr ' ' '\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' '; echo",
            "Enter",
        )
        restored = wait_for("icanon echo")
        assert "-icanon" not in restored and "-echo" not in restored
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    history = subprocess.run(
        [sys.executable, "-m", "runback", "history", "--weeks", "1", "-f", "json"],
        env={**os.environ, **env}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    week = json.loads(history.stdout)["weeks"][0]
    assert week["done"] == 2 and week["pain_max"] == 2  # the score given at the end


def test_no_routine_with_stop_level_pain(runner: CliRunner) -> None:
    invoke(runner, "log", "pain", "9")
    for args in (["go"], ["go", "post-run"], ["go", "cat-cow", "--no-timer"]):
        result = invoke(runner, *args)
        assert result.exit_code == 3
        assert (
            "See a GP or physiotherapist today" in result.stdout and "runback show red-flags" in result.stdout
        )
        assert "[ ]" not in result.stdout


def test_no_warm_up_for_running_with_pain_of_six(runner: CliRunner) -> None:
    invoke(runner, "log", "pain", "6")
    result = invoke(runner, "go", "warm-up")
    assert result.exit_code == 0 and "no running for now" in result.stderr


def test_today_from_a_stored_plan_still_respects_new_pain_and_conditions(runner: CliRunner) -> None:
    invoke(runner, "plan", "--from-journal", "--week", "2026-W48", "mon:8k", "thu:6k")
    stored = invoke(runner, "go", "today").stdout
    assert stored.startswith("Today's recovery")
    Path(os.environ["RUNBACK_CONFIG"]).write_text('conditions = ["acute-disc-bulge", "pregnancy"]\n')
    filtered = invoke(runner, "go", "today")
    from runback.catalogue import load_catalogue

    catalogue = load_catalogue()
    for line in filtered.stdout.splitlines():
        if line.startswith("[ ] "):
            technique = catalogue.get(line.rsplit("  ", 1)[1])
            assert technique is not None
            assert not {"acute-disc-bulge", "pregnancy"} & set(technique.contraindications)
    invoke(runner, "log", "pain", "9")
    stopped = invoke(runner, "go", "today")
    assert stopped.exit_code == 3 and "[ ]" not in stopped.stdout


def test_a_contraindicated_technique_by_name_is_refused(runner: CliRunner) -> None:
    Path(os.environ["RUNBACK_CONFIG"]).write_text('conditions = ["acute-disc-bulge"]\n')
    result = invoke(runner, "go", "knees-to-chest")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: knees-to-chest is not advised with acute-disc-bulge (your config file); "
        "see 'runback show knees-to-chest'\n"
    )


def test_ctrl_c_records_what_was_done_and_exits_130(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(session, "run_in_terminal", lambda routine, bell=True: Outcome(
        ("cat-cow",), quit=True, interrupted=True))  # fmt: skip
    result = invoke(runner, "go", "cat-cow", "figure-4-stretch")
    assert result.exit_code == 130
    assert result.stdout == "Your routine: 1 of 2 done (stopped early; recorded in the journal)\n"
    history = json.loads(invoke(runner, "history", "--weeks", "1", "-f", "json").stdout)
    assert history["weeks"][0]["done"] == 1


def test_the_pain_given_at_the_end_is_recorded(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(session, "run_in_terminal", lambda routine, bell=True: Outcome(
        ("cat-cow",), quit=False, pain=3))  # fmt: skip
    assert invoke(runner, "go", "cat-cow").exit_code == 0
    from runback.journal import Journal

    with Journal(Path(os.environ["RUNBACK_DB"]), readonly=True) as journal:
        scores = journal.pain_scores(dt.date(2026, 11, 26), dt.date(2026, 11, 26))
    assert [(s.score, s.context) for s in scores] == [(3, "routine")]
