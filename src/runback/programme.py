"""The programme across weeks: each movement's level, and running after a flare, moved by how
the back responded.

Pure functions over what the journal holds (routines done, runs, pain scores with when they
were taken, entry tests, the runner's choices): the same rows always give the same levels.
Once a week, for each family of techniques (a technique and its progressions, linked by
``progression_of``) and for running, the scores during or right after the activity and the next
morning decide: progress, hold or regress (the rules and thresholds are the catalogue's
``progression`` and ``return_to_run``). Missing scores mean hold, never progress; a level never
moves more than one step a week, and never to a technique the runner's conditions rule out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from .week import Week, short_date

if TYPE_CHECKING:
    from .models import Amounts, Catalogue, Rules, Technique
    from .vocab import Condition

PROGRESS, HOLD, REGRESS, OVERRIDE = "progress", "hold", "regress", "override"
NORMAL, TESTS, LADDER = "normal", "tests", "ladder"
DURING = ("run", "routine")
BASELINE_DAYS = 2  # how old a score before an activity may be to be its baseline


# --- the journal's rows the programme reads ------------------------------------------------------


class PainScore(NamedTuple):
    date: dt.date
    score: int
    context: str | None  # "run" or "routine" (during or right after), "morning", or None


class EntryResult(NamedTuple):
    date: dt.date
    test: str
    pain: int


class Rows(NamedTuple):
    """What the programme reads from the journal, each in date order."""

    done: tuple[tuple[dt.date, str], ...] = ()
    runs: tuple[dt.date, ...] = ()
    pain: tuple[PainScore, ...] = ()
    tests: tuple[EntryResult, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()  # (week label, "hold" or "override")


# --- ladders -------------------------------------------------------------------------------------


class Step(NamedTuple):
    """One rung of a family's ladder: a technique at one dose."""

    technique: str
    level: int  # the technique's place in its family, from 1
    levels: int
    step: int  # the dose's place within the level, from 1
    steps: int
    amounts: Amounts


def families(catalogue: Catalogue) -> dict[str, list[Technique]]:
    """Each family of the kinds that progress, root first, then its progressions in order."""
    rules = catalogue.rules
    by_id = {t.id: t for t in catalogue.techniques}
    tracked = [t for t in catalogue.techniques if t.category in rules.progression.categories]
    children: dict[str, list[Technique]] = {}
    for t in tracked:
        if t.progression_of in by_id:
            children.setdefault(t.progression_of, []).append(t)
    out: dict[str, list[Technique]] = {}
    for t in tracked:
        if t.progression_of in by_id:
            continue
        chain: list[Technique] = []
        frontier = [t]
        while frontier:
            current = frontier.pop(0)
            if current.id in {c.id for c in chain}:
                continue
            chain.append(current)
            frontier += children.get(current.id, [])
        out[t.id] = chain
    return out


def ladder(rules: Rules, techniques: Sequence[Technique]) -> list[Step]:
    """Every rung of a family: each technique from the low end of its dose, growing one part at a
    time in the rules' order (reps, then sets, then the hold), then the next technique."""
    from .models import dose_amounts

    rungs: list[tuple[str, Amounts]] = []
    for technique in techniques:
        dose = technique.dose
        hold, reps, sets, minutes = dose_amounts(dose, "low")
        rungs.append((technique.id, (hold, reps, sets, minutes)))
        for part in rules.progression.order:
            pair = getattr(dose, part)
            if pair is None or pair[0] == pair[1]:
                continue
            if part == "reps":
                reps = pair[1]
            elif part == "sets":
                sets = pair[1]
            else:
                hold = pair[1]
            rungs.append((technique.id, (hold, reps, sets, minutes)))
    levels = [t.id for t in techniques]
    out = []
    for technique_id, amounts in rungs:
        same = [a for t, a in rungs if t == technique_id]
        out.append(
            Step(
                technique_id,
                levels.index(technique_id) + 1,
                len(levels),
                same.index(amounts) + 1,
                len(same),
                amounts,
            )
        )
    return out


def step_text(catalogue: Catalogue, step: Step) -> tuple[str, int]:
    """A rung's dose in words and its minutes."""
    from .models import amounts_minutes, amounts_text

    technique = catalogue.get(step.technique)
    assert technique is not None
    return amounts_text(technique.dose, step.amounts), amounts_minutes(technique.dose, step.amounts)


# --- deciding from the back's response -----------------------------------------------------------


class Event(NamedTuple):
    """One day the activity was done, with the scores around it."""

    date: dt.date
    during: int | None
    baseline: int | None
    morning: int | None


class Verdict(NamedTuple):
    decision: str  # progress, hold or regress
    reason: str


Scores = dict[dt.date, list[PainScore]]


def by_day(pain: Iterable[PainScore]) -> Scores:
    out: Scores = {}
    for p in pain:
        out.setdefault(p.date, []).append(p)
    return out


def events(days: Iterable[dt.date], pain: Scores, context: str) -> list[Event]:
    """The scores around each day an activity was done: the worst during or right after it, the
    one before it (that morning, or the latest in the days before), and the next morning's."""
    out = []
    for day in sorted(set(days)):
        during = [p.score for p in pain.get(day, ()) if p.context == context]
        before = [p for p in pain.get(day, ()) if p.context == "morning"]
        for back in range(BASELINE_DAYS, 0, -1):
            before = [
                p for p in pain.get(day - dt.timedelta(days=back), ()) if p.context not in DURING
            ] + before
        next_day = day + dt.timedelta(days=1)
        morning = [p.score for p in pain.get(next_day, ()) if p.context == "morning"]
        out.append(
            Event(day, max(during) if during else None, before[-1].score if before else None,
                  morning[-1] if morning else None)
        )  # fmt: skip
    return out


def decide(rules: Rules, found: Sequence[Event]) -> Verdict:
    """A week's decision from its events: regress if any day went badly (pain above acceptable
    during it, or a worse next morning, whatever else is missing), hold if any day's scores are
    missing or the pain rose but settled, progress only when every day went well."""
    p, m = rules.progression, rules.messages
    if not found:
        return Verdict(HOLD, m.held_missing.text)
    held: Verdict | None = None
    for e in found:
        when = short_date(e.date)
        if e.during is not None and e.during > p.acceptable_pain:
            values = {"acceptable": p.acceptable_pain, "during": e.during, "when": when}
            return Verdict(REGRESS, m.regressed_during.text.format(**values))
        if e.morning is not None and e.baseline is not None and e.morning > e.baseline:
            values = {"morning": e.morning, "baseline": e.baseline, "when": when}
            return Verdict(REGRESS, m.regressed_morning.text.format(**values))
        if e.during is None or e.baseline is None or e.morning is None:
            held = held or Verdict(HOLD, m.held_missing.text)
        elif e.during > max(e.baseline, p.safe_pain):
            held = held or Verdict(HOLD, m.held_rose.text.format(during=e.during, when=when))
    if held is not None:
        return held
    when = ", ".join(short_date(e.date) for e in found)
    return Verdict(PROGRESS, m.progressed.text.format(acceptable=p.acceptable_pain, when=when))


# --- a family's level, week by week --------------------------------------------------------------


class Decision(NamedTuple):
    """A family's (or running's) step from one week to the next, and why."""

    week: str  # the week the new level is for
    family: str
    decision: str
    reason: str
    level: str  # "single-leg-bridge 2.1" for a family; "phase 3" or "normal" for running


class Level(NamedTuple):
    step: Step
    reason: str


class RunState(NamedTuple):
    status: str = NORMAL  # normal, tests (entry tests due) or ladder
    phase: int = 0  # from 1 on the ladder
    done: int = 0  # sessions done well at this phase
    since: dt.date | None = None  # the flare's day
    last_run: dt.date | None = None
    reason: str = ""

    @property
    def label(self) -> str:
        return {NORMAL: "normal", TESTS: "entry tests"}.get(self.status, f"phase {self.phase}")


class Programme(NamedTuple):
    """Where the runner is, for a planned week: each family's level and why, running's state,
    the decisions that led there, and scores to log."""

    week: Week
    levels: dict[str, Level]
    run: RunState
    history: tuple[Decision, ...]
    choice: str = ""  # "hold" or "override" for this week
    reminders: tuple[str, ...] = ()
    starts: dict[str, Start] = {}  # noqa: RUF012 - the states as weeks began, to save


def _first_day(rows: Rows) -> dt.date | None:
    days = (
        [d for d, _ in rows.done]
        + list(rows.runs)
        + [p.date for p in rows.pain]
        + [t.date for t in rows.tests]
    )
    return min(days) if days else None


class Start(NamedTuple):
    """Where the programme stood as a week began: each family's rung and its reason, and running's
    state. Saved so that a long journal is not replayed from its first day every time."""

    week: str
    rungs: tuple[tuple[str, int], ...]
    reasons: tuple[tuple[str, str], ...]
    run: RunState


def programme(
    catalogue: Catalogue,
    rows: Rows,
    week: Week,
    today: dt.date,
    conditions: Sequence[Condition] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
    start: Start | None = None,
    remember: Collection[str] = (),
) -> Programme:
    """The programme for ``week`` from the journal's rows before it. Families replay from the
    first week they were done and move at each week's start; running replays from its last
    flare (or ``since``, for its history) day by day up to ``until`` (today, in this week), so a
    flare this week holds this week's later runs. With ``start`` (a saved state as an earlier
    week began, from the same rows), the replay begins there: the result is the same. The
    states as the weeks in ``remember`` (and ``week``) began come back in ``starts``."""
    rules = catalogue.rules
    pain = by_day(rows.pain)
    ladders = {root: ladder(rules, chain) for root, chain in families(catalogue).items()}
    index = dict.fromkeys(ladders, 0)
    reasons = dict.fromkeys(ladders, "")
    history: list[Decision] = []
    choices = dict(rows.choices)
    done_by_family = _done_by_family(rows, ladders)
    by_week: dict[tuple[dt.date, str], list[dt.date]] = {}
    for root, days in done_by_family.items():
        for d in days:
            by_week.setdefault((d - dt.timedelta(days=d.weekday()), root), []).append(d)
    last_day = until if until is not None and until >= week.start else week.start - dt.timedelta(days=1)
    run = RunState()
    if start is not None:
        index.update((root, i) for root, i in start.rungs if root in index)
        reasons.update((root, r) for root, r in start.reasons if root in reasons)
        run = start.run
        current = week_of_label(start.week)
        run_from: dt.date | None = current.start
    else:
        first_done = min((min(days) for days in done_by_family.values()), default=None)
        flares = [p.date for p in rows.pain if p.score >= rules.pain_no_running and p.date <= last_day]
        run_from = since if since is not None else (max(flares) if flares else None)
        begin = [d for d in (first_done, run_from) if d is not None and d < week.start]
        current = Week(min(begin) - dt.timedelta(days=min(begin).weekday())) if begin else week
    starts: dict[str, Start] = {}

    def keep(label: str) -> None:
        starts[label] = Start(label, tuple(index.items()), tuple(reasons.items()), run)

    while current.start < week.start:
        if current.label in remember:
            keep(current.label)
        following = Week(current.start + dt.timedelta(weeks=1))
        label = following.label
        choice = choices.get(label, "")
        for root, rungs in ladders.items():
            days = by_week.get((current.start, root), [])
            if not days:
                continue  # a family not done that week keeps its level
            verdict = decide(rules, events(days, pain, "routine"))
            moved, reason = _move(catalogue, rungs, index[root], verdict, choice, conditions)
            history.append(
                Decision(label, root, _kind(moved, index[root], choice), reason, _rung_label(rungs[moved]))
            )
            index[root], reasons[root] = moved, reason
        if run_from is not None and current.end >= run_from:
            run = _run_days(rules, rows, pain, run, current.dates, history, label)
        current = following
    keep(week.label)
    if last_day >= week.start and (run_from is not None or any(p.score >= rules.pain_no_running
                                                                for d in week.dates for p in pain.get(d, ()))):  # fmt: skip
        run = _run_days(rules, rows, pain, run, [d for d in week.dates if d <= last_day], history, week.label)
    levels = {root: Level(ladders[root][index[root]], reasons[root]) for root in ladders}
    return Programme(week, levels, run, tuple(history), choices.get(week.label, ""),
                     reminders(catalogue, rows, today), starts)  # fmt: skip


def week_of_label(label: str) -> Week:
    """The week an ISO label (``2026-W48``) names."""
    year, number = label.split("-W")
    return Week(dt.date.fromisocalendar(int(year), int(number), 1))


def _done_by_family(rows: Rows, ladders: dict[str, list[Step]]) -> dict[str, list[dt.date]]:
    family_of = {step.technique: root for root, rungs in ladders.items() for step in rungs}
    out: dict[str, list[dt.date]] = {}
    for day, technique in rows.done:
        if technique in family_of:
            out.setdefault(family_of[technique], []).append(day)
    return out


def _move(
    catalogue: Catalogue,
    rungs: list[Step],
    at: int,
    verdict: Verdict,
    choice: str,
    conditions: Sequence[Condition],
) -> tuple[int, str]:
    """The next rung, one step at most, and why."""
    m = catalogue.rules.messages
    if choice == OVERRIDE:
        return min(at + 1, len(rungs) - 1), m.overridden.text
    if verdict.decision == REGRESS:
        return max(at - 1, 0), verdict.reason
    if verdict.decision == HOLD:
        return at, verdict.reason
    if choice == HOLD:
        return at, m.held_chosen.text
    if at + 1 >= len(rungs):
        return at, m.held_top.text
    technique = catalogue.get(rungs[at + 1].technique)
    ruled_out = [c.value for c in conditions if technique is not None and c in technique.contraindications]
    if ruled_out:
        return at, m.held_condition.text.format(condition=", ".join(ruled_out))
    return at + 1, verdict.reason


def _kind(moved: int, at: int, choice: str) -> str:
    if choice == OVERRIDE:
        return OVERRIDE
    return PROGRESS if moved > at else REGRESS if moved < at else HOLD


def _rung_label(step: Step) -> str:
    return f"{step.technique} {step.level}.{step.step}"


# --- running after a flare -----------------------------------------------------------------------


def _run_days(
    rules: Rules,
    rows: Rows,
    pain: Scores,
    run: RunState,
    days: Sequence[dt.date],
    history: list[Decision],
    following: str,
) -> RunState:
    """Running's state through the week's days: a flare starts the entry tests, passing them
    starts the walk-run ladder, each phase done well ``repeats`` times moves it on."""
    r = rules.return_to_run
    start = run
    runs = set(rows.runs)
    for day in days:
        if any(p.score >= rules.pain_no_running for p in pain.get(day, ())):
            run = RunState(TESTS, 0, 0, day, None, rules.messages.ladder_tests.text)
            continue
        if run.status == TESTS and run.since is not None:
            passed = {
                t.test
                for t in rows.tests
                if run.since <= t.date <= day and t.pain <= _max_pain(rules, t.test)
            }
            if {t.id for t in r.entry_tests} <= passed:
                run = run._replace(status=LADDER, phase=1, done=0, reason="")
            continue
        if run.status == LADDER and day in runs:
            run = _advance(rules, run, decide(rules, events([day], pain, "run")), day)
    if (run.status, run.phase) != (start.status, start.phase):
        kind = (
            REGRESS
            if run.status == LADDER and start.status == LADDER and run.phase < start.phase
            else PROGRESS
        )
        history.append(
            Decision(following, "running", HOLD if run.status == TESTS else kind, run.reason, run.label)
        )
    return run


def _advance(rules: Rules, run: RunState, verdict: Verdict, day: dt.date) -> RunState:
    r = rules.return_to_run
    if verdict.decision == REGRESS:
        return run._replace(phase=max(1, run.phase - 1), done=0, last_run=day, reason=verdict.reason)
    if verdict.decision == HOLD:
        return run._replace(last_run=day, reason=verdict.reason)
    done = run.done + 1
    if done < r.repeats:
        return run._replace(done=done, last_run=day, reason=verdict.reason)
    if run.phase >= len(r.phases):
        return RunState(NORMAL, 0, 0, None, day, verdict.reason)
    return run._replace(phase=run.phase + 1, done=0, last_run=day, reason=verdict.reason)


def _max_pain(rules: Rules, test: str) -> int:
    return next((t.max_pain for t in rules.return_to_run.entry_tests if t.id == test), -1)


# --- scores to log -------------------------------------------------------------------------------


def reminders(catalogue: Catalogue, rows: Rows, today: dt.date) -> tuple[str, ...]:
    """The morning after a run or a routine, a reminder to log the morning's score if it is not."""
    m = catalogue.rules.messages
    yesterday = today - dt.timedelta(days=1)
    if any(p.date == today and p.context == "morning" for p in rows.pain):
        return ()
    ran = yesterday in rows.runs
    if not ran and not any(d == yesterday for d, _ in rows.done):
        return ()
    what = "a run" if ran else "a routine"
    return (m.morning_reminder.text.format(what=what, day=short_date(yesterday), morning=today.isoformat()),)


# --- the programme over time, for `runback progress` -----------------------------------------------


class Cell(NamedTuple):
    """A family's (or running's) level in one week, and the decision that set it, if any."""

    week: str
    label: str  # "glute-bridge 1.2", "phase 3", "normal"
    level: int  # for a chart: the rung's place in the ladder, or the phase (0: normal, entry tests)
    decision: str  # progress, hold, regress, override, or "" when nothing was decided that week
    reason: str


class Row(NamedTuple):
    family: str
    name: str
    top: int  # the ladder's highest rung (or phase)
    cells: tuple[Cell, ...]


class Progress(NamedTuple):
    weeks: tuple[str, ...]
    rows: tuple[Row, ...]  # each family, then running
    schema: str = "runback.progress/1"


def weeks_to(today: dt.date, count: int) -> list[Week]:
    """The ``count`` weeks ending with this one."""
    this = Week(today - dt.timedelta(days=today.weekday()))
    return [Week(this.start - dt.timedelta(weeks=count - 1 - i)) for i in range(count)]


def progress(catalogue: Catalogue, result: Programme, weeks: Sequence[Week]) -> Progress:
    """Each family's level and running's state in ``weeks``, as each week began (what its plan
    used), with the decision that set it and its reason. ``result`` is the programme for the last
    week, replayed with its state as the first began (``starts``) and the decisions since."""
    ladders = {root: ladder(catalogue.rules, chain) for root, chain in families(catalogue).items()}
    by_id = {t.id: t for t in catalogue.techniques}
    decided = {(d.family, d.week): d for d in result.history}
    first = result.starts.get(weeks[0].label)
    rungs = dict(first.rungs) if first else {}
    out = []
    for root, steps in ladders.items():
        labels = [_rung_label(r) for r in steps]
        at = rungs.get(root, 0)
        current = Cell("", labels[at], at + 1, "", "")
        cells: list[Cell] = []
        for week in weeks:
            d = decided.get((root, week.label))
            if d is not None:
                current = Cell(week.label, d.level, labels.index(d.level) + 1, d.decision, d.reason)
            else:
                current = current._replace(week=week.label, decision="", reason="")
            cells.append(current)
        out.append(Row(root, by_id[root].name, len(steps), tuple(cells)))
    run = first.run if first else RunState()
    state = Cell("", run.label, run.phase, "", "")
    running: list[Cell] = []
    for week in weeks:
        d = decided.get(("running", week.label))
        if d is not None:
            state = Cell(week.label, d.level, _phase(d.level), d.decision, d.reason)
        else:
            state = state._replace(week=week.label, decision="", reason="")
        running.append(state)
    out.append(
        Row(
            "running",
            "Running (return-to-run ladder)",
            len(catalogue.rules.return_to_run.phases),
            tuple(running),
        )
    )
    return Progress(tuple(w.label for w in weeks), tuple(out))


def _phase(label: str) -> int:
    return int(label.split()[1]) if label.startswith("phase ") else 0
