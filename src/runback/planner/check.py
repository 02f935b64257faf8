"""What every plan must hold, stated once: ``check(plan, catalogue, week, profile)`` returns the
violations (none for a good plan).

The checker reads the plan as a runner and a clinician would, against the catalogue's rules and
what the runner gave, without reusing the stages' own decisions: totals add up to what is
planned; nothing contraindicated or out of reach; no movement beside its own progression;
warm-ups general to specific, and specific drills only before hard sessions; self-release never
alone; eased stretches keep their total hold; walking or swimming in place of each replaced
run, and nothing but those or rest while running is off; every run beyond the pain ladder's
window eased and conditional, and no other run conditional but on the way back to running;
strength on the right days, or a warning that says why not; and every note and warning true of
the plan.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from ..models import dose_amounts
from ..vocab import Category, RedFlagLevel
from ..week import format_minutes
from .load import DayLoad, load_warnings
from .model import EASED, HELD, REPLACED, STATUS_NO_RUNNING, STATUS_STOP, Plan, Profile, WeekRuns
from .stages import run_order

if TYPE_CHECKING:
    from ..models import Catalogue, Technique

EPSILON = 1e-6
WINDOW_CROSS_TRAINING = {"brisk-walking", "swimming"}
WINDOW_CATEGORIES = {Category.recovery.value, Category.mobility.value, Category.stretching.value,
                     Category.hydration.value, Category.footwear.value}  # fmt: skip
STAGE_ORDER = {"general": 0, "dynamic": 1, "specific": 2}


Fail = Callable[[str, object, str], None]


class Violation(NamedTuple):
    rule: str
    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.where}): {self.text}"


def check(plan: Plan, catalogue: Catalogue, week: WeekRuns, profile: Profile) -> list[Violation]:
    """Every rule the plan breaks; an empty list for a good plan."""
    out: list[Violation] = []

    def fail(rule: str, where: object, text: str) -> None:
        out.append(Violation(rule, str(where), text))

    _safety(plan, catalogue, profile, fail)
    if plan.stop is not None:
        return out
    _runs_and_totals(plan, catalogue, week, profile, fail)
    _items(plan, catalogue, profile, fail)
    _week_shape(plan, catalogue, profile, fail)
    _guidance(plan, catalogue, profile, fail)
    return out


def _safety(plan: Plan, catalogue: Catalogue, profile: Profile, fail: Fail) -> None:
    rules = catalogue.rules
    known = {f.id: f for f in catalogue.red_flags}
    given = [known[g] for g in profile.red_flags if g in known]
    unknown = [g for g in profile.red_flags if g not in known]
    stopping = [f for f in given if f.level is not RedFlagLevel.soon]
    must_stop = bool(stopping or unknown) or profile.pain >= rules.pain_stop
    if must_stop != (plan.stop is not None) or must_stop != (plan.status == STATUS_STOP):
        fail("safety", "week", f"stop is {plan.stop is not None}, should be {must_stop}")
    if plan.stop is not None and plan.days:
        fail("safety", "week", "a stopped plan has days")
    if any(f.level is RedFlagLevel.emergency for f in given) and (
        plan.stop is None or not plan.stop.emergency
    ):
        fail("safety", "week", "an emergency red flag without the emergency message")
    soon = [f for f in given if f.level is RedFlagLevel.soon]
    if soon and not any(n.code == "red-flag-soon" for n in plan.notes):
        fail("safety", "week", "a 'see a GP soon' red flag without its note")


def window_days(catalogue: Catalogue, week: WeekRuns, profile: Profile) -> set[dt.date]:
    """The days of no running for pain, from the day it was reported."""
    rules = catalogue.rules
    if profile.pain < rules.pain_no_running or profile.pain >= rules.pain_stop:
        return set()
    first = profile.pain_day or week.week.start
    span = math.ceil(rules.no_running_hours / 24)
    return {first + dt.timedelta(days=i) for i in range(span)} & set(week.week.dates)


def _runs_and_totals(plan: Plan, catalogue: Catalogue, week: WeekRuns, profile: Profile, fail: Fail) -> None:
    rules = catalogue.rules
    if [d.date for d in plan.days] != list(week.week.dates):
        fail("days", "week", "not the week's 7 days in order")
    window = window_days(catalogue, week, profile)
    ladder = _ladder(profile)
    pain_day = profile.pain_day or week.week.start
    span_end = pain_day + dt.timedelta(days=math.ceil(rules.no_running_hours / 24) - 1)
    planned = [p for d in plan.days for p in d.runs]
    if sorted(map(run_order, (p.run for p in planned))) != sorted(map(run_order, week.runs)):
        fail("runs", "week", "the plan's runs are not the runs given")
    for day in plan.days:
        for p in day.runs:
            where = f"{day.date} {p.run.kind.value}"
            more_km = p.estimated != "distance" and p.km > p.typed_km + EPSILON
            more_time = p.estimated != "duration" and p.minutes > p.typed_minutes + EPSILON
            if more_km or more_time:
                fail("runs", where, "planned more than was typed")
            if (p.status == REPLACED) != (day.date in window):
                fail("window", where, "replaced exactly on the days of no running")
            if p.status == HELD and not ladder:
                fail("ladder", where, "held back with no return to running under way")
            if p.status == REPLACED and (p.km or p.minutes):
                fail("window", where, "a replaced run still has distance or time")
            if not p.running:
                continue
            after_pain = day.date >= pain_day and profile.pain >= rules.pain_ease
            if after_pain and p.hard(rules):
                fail("pain", where, "a hard session kept on a day eased for pain")
            if (
                after_pain
                and p.kind in rules.long_kinds
                and p.km > p.typed_km * rules.eased_long_run_factor + EPSILON
            ):
                fail("pain", where, "a long run not shortened on a day eased for pain")
            if profile.pain >= rules.pain_no_running and day.date > span_end:
                if not p.condition:
                    fail("pain", where, "a run after the window of no running without its condition")
                if p.status != EASED:
                    fail("pain", where, "a run after the window of no running kept as typed")
            elif p.condition and not ladder:
                fail("pain", where, "a condition on a run outside the window's aftermath or the ladder")
            for condition in set(profile.conditions):
                rule = rules.conditions[condition]
                if rule.hard_runs == "easy" and p.hard(rules):
                    fail("condition", where, f"a hard session kept with {condition.value}")
                if rule.long_runs == "easy" and p.kind in rules.long_kinds:
                    fail("condition", where, f"a long run kept with {condition.value}")
                if rule.max_run_minutes and p.minutes > rule.max_run_minutes + EPSILON:
                    fail("condition", where, f"longer than {rule.max_run_minutes} min with {condition.value}")
    running = [p for p in planned if p.running]
    t = plan.totals
    expected = {
        "runs": len(running),
        "km": round(sum(p.km for p in running), 1),
        "run_minutes": round(sum(p.minutes for p in running), 1),
        "hard_sessions": sum(1 for p in running if p.hard(rules)),
        "recovery_minutes": sum(d.recovery_minutes for d in plan.days),
        "session_minutes": sum(d.session_minutes for d in plan.days),
        "rest_days": sum(1 for d in plan.days if not d.running),
        "typed_km": round(sum(p.typed_km for p in planned), 1),
    }
    for name, value in expected.items():
        if getattr(t, name) != value:
            fail("totals", name, f"{getattr(t, name)} is not the sum of what is planned ({value})")
    held = any(p.status == HELD for p in planned)
    if (plan.status == STATUS_NO_RUNNING) != (bool(window) or (held and not running)):
        fail("status", "week", f"status {plan.status} with {len(window)} day(s) of no running")
    if ladder:
        _check_ladder(plan, catalogue, profile, fail)


def _ladder(profile: Profile) -> bool:
    """Whether running is on its way back after a flare (the entry tests, or the walk-run ladder)."""
    from ..programme import NORMAL, OVERRIDE

    programme = profile.programme
    return programme is not None and programme.choice != OVERRIDE and programme.run.status != NORMAL


def _check_ladder(plan: Plan, catalogue: Catalogue, profile: Profile, fail: Fail) -> None:
    """On the way back to running: no run before the entry tests; after them, sessions no longer
    than the phase asks, with the rules' rest days between them."""
    from ..programme import TESTS

    assert profile.programme is not None
    run = profile.programme.run
    r = catalogue.rules.return_to_run
    sessions = [(d.date, p) for d in plan.days for p in d.running]
    if run.status == TESTS:
        if any(run.since is None or date > run.since for date, _ in sessions):
            fail("ladder", "week", "running before the entry tests are done")
        return
    phase = r.phases[max(run.phase, 1) - 1]
    last = run.last_run
    for date, p in sessions:
        if p.km > phase.km + EPSILON:
            fail("ladder", date, f"{p.km:.1f} km is more than phase {run.phase} asks")
        if last is not None and (date - last).days <= r.rest_days:
            fail("ladder", date, "no rest day before this session")
        last = date


def _items(plan: Plan, catalogue: Catalogue, profile: Profile, fail: Fail) -> None:
    rules = catalogue.rules
    have = set(profile.equipment) | set(rules.household_equipment)
    exercise = {c.value for c in rules.exercise_categories}
    order = {name: i for i, name in enumerate(rules.sections)}
    week = WeekRuns(plan.week)
    window = window_days(catalogue, week, profile)
    by_id = {t.id: t for t in catalogue.techniques}

    def family(tid: str) -> str:
        seen = {tid}
        while by_id[tid].progression_of in by_id and by_id[tid].progression_of not in seen:
            tid = by_id[tid].progression_of  # type: ignore[assignment]
            seen.add(tid)
        return tid

    def usable(technique: Technique) -> bool:
        return (
            not set(profile.conditions) & set(technique.contraindications)
            and set(technique.equipment) <= have
        )

    jog_usable = [t for t in catalogue.techniques if t.stage == "general" and usable(t)]
    walk_or_swim = [t for t in catalogue.techniques if t.id in WINDOW_CROSS_TRAINING and usable(t)]
    for day in plan.days:
        hard = any(p.hard(rules) for p in day.running)
        replaced = any(p.status == REPLACED for p in day.runs)
        instead = [i.technique for i in day.items if i.section == "instead"]
        if replaced and walk_or_swim and not set(instead) & WINDOW_CROSS_TRAINING:
            fail("window", day.date, "a run replaced without walking or swimming in its place")
        if instead and not replaced:
            fail("window", day.date, "something in place of a run on a day without a replaced run")
        if day.recovery_minutes > plan.budget_minutes:
            fail("budget", day.date, f"{day.recovery_minutes} min is over {plan.budget_minutes}")
        ids = [i.technique for i in day.items]
        if len(ids) != len(set(ids)):
            fail("items", day.date, "a technique twice on one day")
        families = [family(t) for t in ids if t in by_id]
        if len(families) != len(set(families)):
            fail("levels", day.date, "a technique beside its own progression or regression")
        categories = {i.category for i in day.items}
        if Category.self_release.value in categories and not categories & exercise:
            fail("self-release", day.date, "self-release without exercise")
        sections = [order.get(i.section, len(order)) for i in day.items]
        if sections != sorted(sections):
            fail("order", day.date, "sections out of order")
        stages = []
        for item in day.items:
            where = f"{day.date} {item.technique}"
            technique = by_id.get(item.technique)
            if technique is None:
                fail("items", where, "not in the catalogue")
                continue
            if set(profile.conditions) & set(technique.contraindications):
                fail("contraindicated", where, "not advised with the runner's conditions")
            if not set(technique.equipment) <= have:
                fail("equipment", where, "needs equipment the runner does not have")
            if not item.why:
                fail("why", where, "no reason given")
            if technique.category is Category.stretching and technique.dose.total_s:
                hold, reps, _, _ = dose_amounts(technique.dose, item.level)  # type: ignore[arg-type]
                if (hold or 0) * (reps or 0) < technique.dose.total_s:
                    fail(
                        "stretch", where, f"{hold} s x {reps} is less than {technique.dose.total_s} s in all"
                    )
            if technique.category is Category.warm_up:
                if not day.running:
                    fail("warm-up", where, "a warm-up on a day without a run")
                if technique.stage == "specific" and not hard:
                    fail("warm-up", where, "a specific drill before a run that is not hard")
                stages.append(STAGE_ORDER[technique.stage or "dynamic"])
            if day.date in window and (
                technique.category.value not in WINDOW_CATEGORIES
                and item.technique not in WINDOW_CROSS_TRAINING
            ):
                fail("window", where, "more than walking, swimming or rest while running is off")
        if stages != sorted(stages):
            fail("warm-up", day.date, "the warm-up does not run general to specific")
        if day.running and jog_usable and stages[:1] != [0]:
            fail("warm-up", day.date, "a run without an easy start to its warm-up")
        drinking = [i for i in day.items if i.technique == "drink-during-long-run"]
        longest = max((p.minutes for p in day.running), default=0.0)
        if drinking and (
            longest < rules.drink_during_minutes or format_minutes(longest) not in drinking[0].dose
        ):
            fail("hydration", day.date, "drinking during a run sized for another run")


def _week_shape(plan: Plan, catalogue: Catalogue, profile: Profile, fail: Fail) -> None:
    rules = catalogue.rules
    window = window_days(catalogue, WeekRuns(plan.week), profile)
    kinds = {d.date: {p.load_kind(rules) for p in d.running} for d in plan.days}
    strength = [d.date for d in plan.days if any(i.section == "strength" for i in d.items)]
    for day in plan.days:
        has_strength = day.date in strength
        if ("strength" in day.label) != has_strength:
            fail("label", day.date, "labelled strength when it is not, or not when it is")
        if (day.label == "no running") != (day.date in window):
            fail("label", day.date, "'no running' on exactly the days of no running")
        if not has_strength:
            continue
        before = kinds.get(day.date + dt.timedelta(days=1), set())
        after = kinds.get(day.date - dt.timedelta(days=1), set())
        if kinds[day.date] & (set(rules.hard_kinds) | set(rules.long_kinds)):
            fail("strength", day.date, "strength on a hard or long day")
        if before & set(rules.no_strength_before) or after & set(rules.no_strength_after):
            fail("strength", day.date, "strength next to a long run or race")
        if day.date in window or day.label == "full rest":
            fail("strength", day.date, "strength on a day of rest")
    codes = {w.code for w in plan.warnings}
    if len(strength) < rules.strength_days and "strength-short" not in codes:
        fail("strength", "week", f"strength on {len(strength)} day(s) without a warning that says why")
    if len(strength) >= rules.strength_days and "strength-short" in codes:
        fail("strength", "week", "a warning of too little strength work in a week that has enough")


def _guidance(plan: Plan, catalogue: Catalogue, profile: Profile, fail: Fail) -> None:
    rules = catalogue.rules
    notes = {n.code for n in plan.notes}
    full_rest = any(d.label == "full rest" for d in plan.days)
    if ("heavy-week" in notes) != full_rest:
        fail("notes", "heavy-week", "said without a full rest day, or a full rest day without it")
    if "no-running" in notes and plan.status != STATUS_NO_RUNNING:
        fail("notes", "no-running", "said in a week with running every day it is asked")
    pain_day = plan.pain_date or plan.week.start
    eased = False
    if rules.pain_ease <= profile.pain < rules.pain_stop:
        off = math.ceil(rules.no_running_hours / 24) if profile.pain >= rules.pain_no_running else 0
        eased = any(d.date >= pain_day + dt.timedelta(days=off) for d in plan.days)
    if ("eased" in notes) != eased:
        fail("notes", "eased", "said when no day is eased for pain, or not said when one is")
    footwear = any(i.category == Category.footwear.value for d in plan.days for i in d.items)
    if ("footwear" in notes) != footwear or (footwear and plan.totals.km < rules.footwear_weekly_km):
        fail("notes", "footwear", "a footwear reminder that does not match the week's distance")
    given = {c.value for c in profile.conditions}
    said = {code.split(":", 1)[1] for code in notes if code.startswith("condition:")}
    if said != given:
        fail("notes", "conditions", f"notes for {sorted(said)}, conditions {sorted(given)}")
    by_name = {t.name: t for t in catalogue.techniques}
    for note in plan.notes:
        if note.code != "left-out":
            continue
        condition, _, names = note.text.removeprefix("Left out for ").partition(": ")
        for name in names.rstrip(".").split(", "):
            technique = by_name.get(name)
            if technique is None or condition not in technique.contraindications:
                fail("notes", "left-out", f"'{name}' is not left out for {condition}")
    days = [DayLoad(d.date, tuple((p.load_kind(rules), p.km) for p in d.running)) for d in plan.days]
    expected = {w.code for w in load_warnings(rules, days, profile.previous_weeks)}
    given_codes = {w.code for w in plan.warnings} - {"strength-short"}
    if expected != given_codes:
        fail("warnings", "week", f"{sorted(given_codes)} where the planned runs give {sorted(expected)}")
