"""A guided routine: techniques in turn, each broken into timed phases (holds, sets, sides, rests),
and the engine that walks through them by a clock and key presses.

Pure: the clock and the keys are passed in, so tests drive a session with a fake clock and
scripted keys, and nothing here sleeps or touches the terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple, Protocol

from .models import SECONDS_PER_REP, Level, concrete_dose, dose_amounts, estimate_minutes

if TYPE_CHECKING:
    from .models import Catalogue, Technique
    from .planner import Profile

PAUSE, SKIP, BACK, QUIT = " ", "n", "b", "q"


class Phase(NamedTuple):
    kind: str  # "work" or "rest"
    label: str  # what to do: "Hold, left side (1 of 2)", "Set 2 of 3: 12 reps", "Switch sides"
    seconds: float


class Step(NamedTuple):
    technique: Technique
    dose: str
    minutes: int
    phases: tuple[Phase, ...]


class Routine(NamedTuple):
    title: str
    steps: tuple[Step, ...]
    planned: bool = False  # from the current plan: what is done counts as planned and done


def phases(technique: Technique, level: Level, transition: float, get_ready: float = 0) -> tuple[Phase, ...]:
    """A technique's dose as timed phases: every hold or set on each side, with a pause between;
    with ``get_ready`` seconds, a countdown into position before each timed hold."""
    dose = technique.dose
    hold, reps, sets, minutes = dose_amounts(dose, level)
    sides: tuple[str, ...] = (", left side", ", right side") if dose.per_side else ("",)
    out: list[Phase] = []

    def rest(label: str, seconds: float) -> None:
        if out and seconds > 0:
            out.append(Phase("rest", label, seconds))

    if hold and reps:
        for rep in range(1, reps + 1):
            for side in sides:
                what = f"Hold{side} ({rep} of {reps})"
                if get_ready > 0:
                    out.append(
                        Phase("rest", f"Get ready: {what.lower()}", max(get_ready, transition if out else 0))
                    )
                else:
                    rest("Switch sides" if side == ", right side" else "Relax", transition)
                out.append(Phase("work", what, hold))
    elif reps:
        count = sets or 1
        for number in range(1, count + 1):
            for side in sides:
                if side == ", right side":
                    rest("Switch sides", transition)
                else:
                    rest("Rest", dose.rest_s or transition)
                what = f"Set {number} of {count}: {reps} reps" if sets else f"{reps} reps"
                out.append(Phase("work", f"{what}{side}", reps * SECONDS_PER_REP))
    elif minutes:
        out.append(Phase("work", f"{minutes} min", minutes * 60))
    return tuple(out)


def step(technique: Technique, level: Level, transition: float, get_ready: float = 0) -> Step:
    return Step(
        technique, concrete_dose(technique.dose, level), estimate_minutes(technique.dose, level),
        phases(technique, level, transition, get_ready),
    )  # fmt: skip


LEVELS: dict[str, Level] = {"low": "low", "usual": "usual", "high": "high"}


def build(
    catalogue: Catalogue,
    title: str,
    chosen: Iterable[tuple[str, str]],
    *,
    planned: bool = False,
    get_ready: float | None = None,
) -> Routine:
    """A routine of the techniques named, at their dose levels (an unknown level is the usual one);
    techniques with nothing to time, or no longer in the catalogue, are left out. ``get_ready``
    seconds before each hold: the runner's setting, else the rules'."""
    transition = catalogue.rules.transition_seconds
    ready = catalogue.rules.get_ready_seconds if get_ready is None else get_ready
    steps = []
    for technique_id, level in chosen:
        technique = catalogue.get(technique_id)
        if technique is None:
            continue
        made = step(technique, LEVELS.get(level, "usual"), transition, ready)
        if made.phases:
            steps.append(made)
    return Routine(title, tuple(steps), planned)


class Choice(NamedTuple):
    """The routine a ``runback go`` names, and what was left out of it, and why."""

    routine: Routine
    left_out: tuple[str, ...] = ()


def select(
    catalogue: Catalogue,
    words: list[str],
    profile: Profile,
    today: Callable[[], list[tuple[str, str]]],
    get_ready: float | None = None,
) -> Choice:
    """The routine the words name: ``today`` (``today()`` gives its techniques and dose levels),
    a routine from the rules, or technique ids. Whatever the source, no technique that the
    profile's conditions rule out gets in: today's are left out, and one named is refused."""
    from .errors import RunbackError, UsageError
    from .planner import routine

    conditions = set(profile.conditions)

    def unsuitable(technique_id: str) -> str:
        technique = catalogue.get(technique_id)
        found = sorted(c.value for c in conditions & set(technique.contraindications)) if technique else []
        return ", ".join(found)

    if words == ["today"]:
        chosen = today()
        left_out = tuple(f"{t}: not advised with {unsuitable(t)}" for t, _ in chosen if unsuitable(t))
        kept = [(t, level) for t, level in chosen if not unsuitable(t)]
        return Choice(build(catalogue, "Today's recovery", kept, planned=True, get_ready=get_ready), left_out)
    if len(words) == 1 and words[0] in catalogue.rules.routines:
        items = routine(catalogue, words[0], profile)
        return Choice(
            build(
                catalogue,
                f"{words[0].capitalize()} routine",
                [(i.technique, i.level) for i in items],
                get_ready=get_ready,
            )
        )
    unknown = [w for w in words if catalogue.get(w) is None]
    if unknown:
        import difflib

        names = ["today", *catalogue.rules.routines, *(t.id for t in catalogue.techniques)]
        close = difflib.get_close_matches(unknown[0], names, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise UsageError(f"no routine or technique '{unknown[0]}'{hint}")
    for word in words:
        if unsuitable(word):
            raise RunbackError(
                f"{word} is not advised with {unsuitable(word)} (your config file); see 'runback show {word}'"
            )
    return Choice(
        build(catalogue, "Your routine", [(w, "usual") for w in dict.fromkeys(words)], get_ready=get_ready)
    )


# --- the engine ----------------------------------------------------------------------------------


class Keys(Protocol):
    def read(self, timeout: float) -> str | None:
        """The next key pressed within ``timeout`` seconds, or None."""


class Clock(Protocol):
    def now(self) -> float: ...


class Status(NamedTuple):
    """What the screen shows: where the session is and how long is left of the phase."""

    step: int
    phase: int
    remaining: float
    paused: bool
    done: tuple[str, ...]


class Outcome(NamedTuple):
    done: tuple[str, ...]  # technique ids completed, in order
    quit: bool  # stopped before the end (q or Ctrl-C)
    pain: int | None = None  # the back's pain right after, when the runner gave it
    interrupted: bool = False  # by Ctrl-C (or SIGTERM, SIGHUP), not by a key


def run(
    routine: Routine,
    clock: Clock,
    keys: Keys,
    show: Callable[[Status], None] = lambda status: None,
    changed: Callable[[Phase], None] = lambda phase: None,
    tick: float = 0.25,
) -> Outcome:
    """Walk through the routine: each phase counts down; space pauses, n skips to the next
    technique, b goes back to the previous one, q quits. A technique is done when its last phase
    ends. KeyboardInterrupt (Ctrl-C) is a quit too, and what was done so far is returned."""
    done: list[str] = []
    index = 0
    paused = False
    try:
        while index < len(routine.steps):
            current = routine.steps[index]
            moved = 0
            for number, phase in enumerate(current.phases):
                changed(phase)
                remaining = phase.seconds
                last = clock.now()
                while remaining > 0:
                    show(Status(index, number, remaining, paused, tuple(done)))
                    key = keys.read(min(tick, remaining) if not paused else tick)
                    now = clock.now()
                    if not paused:
                        remaining -= now - last
                    last = now
                    if key == PAUSE:
                        paused = not paused
                    elif key == QUIT:
                        return Outcome(tuple(done), quit=True)
                    elif key == SKIP:
                        moved = 1
                        break
                    elif key == BACK:
                        moved = -1
                        break
                if moved:
                    break
            if moved == -1:
                index = max(0, index - 1)
                continue
            if moved == 0 and current.technique.id not in done:
                done.append(current.technique.id)
            index += 1
    except KeyboardInterrupt:
        return Outcome(tuple(done), quit=True, interrupted=True)
    show(Status(len(routine.steps), 0, 0, False, tuple(done)))
    return Outcome(tuple(done), quit=False)
