"""The guided routine: phases from doses, and the engine driven by a fake clock and fake keys."""

from __future__ import annotations

import pytest

from runback.models import Catalogue
from runback.routine import Outcome, Routine, Status, build, phases, run


class FakeClock:
    def __init__(self) -> None:
        self.time = 0.0

    def now(self) -> float:
        return self.time


class FakeKeys:
    """Keys pressed at given times; reading waits (in fake time) up to the timeout."""

    def __init__(self, clock: FakeClock, presses: list[tuple[float, str]]) -> None:
        self.clock = clock
        self.presses = sorted(presses)

    def read(self, timeout: float) -> str | None:
        if self.presses and self.presses[0][0] <= self.clock.time + timeout:
            at, key = self.presses.pop(0)
            self.clock.time = max(self.clock.time, at)
            if key == "^C":
                raise KeyboardInterrupt
            return key
        self.clock.time += timeout
        return None


def session(
    routine: Routine, presses: list[tuple[float, str]] = ()
) -> tuple[Outcome, FakeClock, list[Status]]:  # type: ignore[assignment]
    clock = FakeClock()
    seen: list[Status] = []
    outcome = run(routine, clock, FakeKeys(clock, list(presses)), seen.append)
    return outcome, clock, seen


def test_phases_for_holds_sets_sides_and_minutes(catalogue: Catalogue) -> None:
    figure4 = phases(catalogue.get("figure-4-stretch"), "usual", 5)  # type: ignore[arg-type]
    assert [(p.kind, p.label, p.seconds) for p in figure4] == [
        ("work", "Hold, left side (1 of 2)", 30),
        ("rest", "Switch sides", 5),
        ("work", "Hold, right side (1 of 2)", 30),
        ("rest", "Relax", 5),
        ("work", "Hold, left side (2 of 2)", 30),
        ("rest", "Switch sides", 5),
        ("work", "Hold, right side (2 of 2)", 30),
    ]
    clam = phases(catalogue.get("clamshell"), "usual", 5)  # type: ignore[arg-type]
    assert [p.label for p in clam if p.kind == "work"] == [
        "Set 1 of 2: 15 reps, left side", "Set 1 of 2: 15 reps, right side",
        "Set 2 of 2: 15 reps, left side", "Set 2 of 2: 15 reps, right side",
    ]  # fmt: skip
    assert [p.seconds for p in clam if p.label == "Rest"] == [45]  # the dose's rest between sets
    assert phases(catalogue.get("easy-jog-build-up"), "low", 5)[0].seconds == 300  # type: ignore[arg-type]
    assert phases(catalogue.get("hydrate-before-run"), "usual", 5) == ()  # type: ignore[arg-type]


def routine(catalogue: Catalogue) -> Routine:
    return build(
        catalogue, "Test", [("cat-cow", "usual"), ("figure-4-stretch", "usual"), ("glute-bridge", "low")]
    )


def test_a_whole_session_marks_everything_done(catalogue: Catalogue) -> None:
    r = routine(catalogue)
    outcome, clock, seen = session(r)
    assert outcome == Outcome(("cat-cow", "figure-4-stretch", "glute-bridge"), quit=False)
    expected = sum(p.seconds for s in r.steps for p in s.phases)
    assert clock.time == pytest.approx(expected)
    assert seen[-1].step == len(r.steps)


def test_pause_stops_the_countdown(catalogue: Catalogue) -> None:
    r = routine(catalogue)
    plain, _, _ = session(r)
    paused, clock, seen = session(r, [(5.0, " "), (65.0, " ")])
    assert paused.done == plain.done
    expected = sum(p.seconds for s in r.steps for p in s.phases)
    assert clock.time == pytest.approx(expected + 60, abs=0.3)
    assert any(s.paused for s in seen)


def test_skip_back_and_quit(catalogue: Catalogue) -> None:
    r = routine(catalogue)
    skipped, _, _ = session(r, [(3.0, "n")])
    assert skipped.done == ("figure-4-stretch", "glute-bridge") and not skipped.quit
    cat_cow = sum(p.seconds for p in r.steps[0].phases)
    back, _, seen = session(r, [(cat_cow + 10, "b")])
    assert [s.step for s in seen if s.phase == 0 and s.remaining == r.steps[0].phases[0].seconds].count(
        0
    ) == 2
    assert back.done == ("cat-cow", "figure-4-stretch", "glute-bridge")
    quit_, _, _ = session(r, [(cat_cow + 10, "q")])
    assert quit_ == Outcome(("cat-cow",), quit=True)


def test_ctrl_c_keeps_what_was_done(catalogue: Catalogue) -> None:
    r = routine(catalogue)
    cat_cow = sum(p.seconds for p in r.steps[0].phases)
    outcome, _, _ = session(r, [(cat_cow + 1, "^C")])
    assert outcome == Outcome(("cat-cow",), quit=True, interrupted=True)


def test_back_on_the_first_technique_restarts_it(catalogue: Catalogue) -> None:
    r = routine(catalogue)
    outcome, _, _ = session(r, [(2.0, "b")])
    assert outcome.done == ("cat-cow", "figure-4-stretch", "glute-bridge")


def test_a_get_ready_countdown_before_each_hold(catalogue: Catalogue) -> None:
    from runback.routine import phases

    figure_4 = catalogue.get("figure-4-stretch")
    assert figure_4 is not None
    ready = phases(figure_4, "usual", transition=5, get_ready=3)
    assert ready[0].kind == "rest" and ready[0].label.startswith("Get ready: hold, left side")
    holds = [i for i, p in enumerate(ready) if p.kind == "work"]
    assert all(ready[i - 1].label.startswith("Get ready") for i in holds)
    assert ready[0].seconds == 3 and all(ready[i - 1].seconds == 5 for i in holds[1:])
    off = phases(figure_4, "usual", transition=5, get_ready=0)
    assert off[0].kind == "work" and not any(p.label.startswith("Get ready") for p in off)


def test_the_keys_stay_on_a_small_screen(catalogue: Catalogue) -> None:
    from io import StringIO

    from rich.console import Console

    from runback.routine import Status
    from runback.session import KEYS_HELP, screen

    r = routine(catalogue)
    out = StringIO()
    Console(file=out, width=60, height=15, force_terminal=False).print(
        screen(r, Status(0, 0, 20, False, ())), height=15
    )
    shown = out.getvalue().splitlines()[:15]
    assert any(KEYS_HELP in line for line in shown)
