"""Behaviour that mutation testing (``mutmut run``, configured in pyproject.toml) showed was not
pinned down: each test here fails when the planner is changed in a way a runner or a clinician
would notice, or when the checker lets through a plan that breaks one of its rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from runback.models import Catalogue
from runback.planner import (
    AS_PLANNED,
    REPLACED,
    Item,
    Note,
    Plan,
    PreviousWeek,
    Profile,
    ReportedFlag,
    Stop,
    Warning,
    WeekRuns,
    plan,
)
from runback.planner.check import check
from runback.planner.load import DayLoad, load_warnings
from runback.units import Units
from runback.vocab import Condition, Equipment, RunKind
from runback.week import Week, parse_spec

WEEK = Week(dt.date(2026, 11, 23))
MONDAY, TUESDAY = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
TYPICAL = ("mon:8k", "tue:45m:tempo", "thu:6k", "sat:18k:long")
HEAVY = ("mon:8k", "tue:10k:intervals", "wed:8k", "thu:10k:tempo", "sat:22k:long")


def week_of(*specs: str) -> WeekRuns:
    return WeekRuns(WEEK, tuple(parse_spec(s, WEEK) for s in specs))


def profile_of(**given: Any) -> Profile:
    given.setdefault("today", MONDAY)
    return Profile(**given)


def make(catalogue: Catalogue, *specs: str, **given: Any) -> Plan:
    """The plan, which must also pass the checker."""
    week, profile = week_of(*specs), profile_of(**given)
    result = plan(catalogue, week, profile)
    assert check(result, catalogue, week, profile) == []
    return result


def note_codes(p: Plan) -> list[str]:
    return [n.code for n in p.notes]


# --- the checker catches a plan that breaks each of its rules ----------------------------------------
#
# A good plan from the planner, changed in one way, must be reported under the rule it breaks.

BASES: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "typical": (TYPICAL, {"weight_kg": 70}),
    "pain 4": (TYPICAL, {"pain": 4}),
    "pain 3 on Tuesday": (TYPICAL, {"pain": 3, "pain_date": TUESDAY}),
    "pain 6 on Tuesday": (TYPICAL, {"pain": 6, "pain_date": TUESDAY}),
    "pain 7 on Tuesday": (TYPICAL, {"pain": 7, "pain_date": TUESDAY}),
    "heavy": (HEAVY, {}),
    "heavy, rest mid-week": (
        ("mon:8k:tempo", "tue:8k", "wed:10k:intervals", "fri:8k", "sat:8k", "sun:20k:long"),
        {},
    ),
    "disc bulge": (TYPICAL, {"conditions": (Condition.acute_disc_bulge,)}),
    "knee pain": (TYPICAL, {"conditions": (Condition.knee_pain,)}),
}

Corrupt = Callable[[Plan, Catalogue], Plan]


def on_day(p: Plan, n: int, **changes: Any) -> Plan:
    days = list(p.days)
    days[n] = days[n]._replace(**changes)
    return p._replace(days=tuple(days))


def first_run(p: Plan, n: int, **changes: Any) -> Plan:
    runs = p.days[n].runs
    return on_day(p, n, runs=(runs[0]._replace(**changes), *runs[1:]))


def first_item(p: Plan, n: int, **changes: Any) -> Plan:
    items = p.days[n].items
    return on_day(p, n, items=(items[0]._replace(**changes), *items[1:]))


def extra(c: Catalogue, technique: str, section: str, **changes: Any) -> Item:
    t = c.get(technique)
    assert t is not None
    return Item(section, t.id, t.name, t.category.value, "a dose", 1, why="a reason")._replace(**changes)


def adding(p: Plan, n: int, *items: Item, first: bool = False) -> Plan:
    now = p.days[n].items
    return on_day(p, n, items=(*items, *now) if first else (*now, *items))


def without(p: Plan, n: int, keep: Callable[[Item], bool]) -> Plan:
    return on_day(p, n, items=tuple(i for i in p.days[n].items if keep(i)))


def totals(**changes: Any) -> Corrupt:
    return lambda p, c: p._replace(totals=p.totals._replace(**changes))


def no_strength(p: Plan, n: int) -> Plan:
    label = p.days[n].label.replace(" + strength", "")
    return on_day(without(p, n, lambda i: i.section != "strength"), n, label=label)


def with_strength(p: Plan, c: Catalogue, n: int) -> Plan:
    p = adding(p, n, extra(c, "glute-bridge", "strength"))
    return on_day(p, n, label=p.days[n].label + " + strength")


def notes_without(code: str) -> Corrupt:
    return lambda p, c: p._replace(notes=tuple(n for n in p.notes if n.code != code))


def notes_with(code: str, text: str = "said") -> Corrupt:
    return lambda p, c: p._replace(notes=(*p.notes, Note(code, text)))


CORRUPTIONS: list[tuple[str, str, Corrupt, str]] = [
    # the week and its runs
    ("typical", "days out of order", lambda p, c: p._replace(days=p.days[::-1]), "days"),
    ("typical", "a day missing", lambda p, c: p._replace(days=p.days[:6]), "days"),
    ("typical", "a run left out", lambda p, c: on_day(p, 0, runs=()), "runs"),
    ("typical", "farther than typed", lambda p, c: first_run(p, 0, km=9.0), "runs"),
    ("typical", "longer than typed", lambda p, c: first_run(p, 1, minutes=50.0), "runs"),
    (
        "typical",
        "replaced outside the window",
        lambda p, c: first_run(p, 0, status=REPLACED, km=0.0, minutes=0.0),
        "window",
    ),
    ("pain 7 on Tuesday", "kept in the window", lambda p, c: first_run(p, 1, status=AS_PLANNED), "window"),
    ("pain 7 on Tuesday", "replaced with a distance", lambda p, c: first_run(p, 1, km=9.0), "window"),
    (
        "pain 7 on Tuesday",
        "replaced with nothing in its place",
        lambda p, c: without(p, 1, lambda i: i.section != "instead"),
        "window",
    ),
    (
        "typical",
        "something in place of a run that goes ahead",
        lambda p, c: adding(p, 0, extra(c, "brisk-walking", "instead", session=True), first=True),
        "window",
    ),
    ("pain 4", "a hard session kept", lambda p, c: first_run(p, 1, kind=p.days[1].runs[0].run.kind), "pain"),
    (
        "pain 3 on Tuesday",
        "a hard session kept on the day of the pain",
        lambda p, c: first_run(p, 1, kind=p.days[1].runs[0].run.kind),
        "pain",
    ),
    ("pain 4", "a long run kept long", lambda p, c: first_run(p, 5, km=18.0), "pain"),
    (
        "pain 6 on Tuesday",
        "no condition after the window",
        lambda p, c: first_run(p, 3, condition=""),
        "pain",
    ),
    (
        "pain 7 on Tuesday",
        "as typed after the window",
        lambda p, c: first_run(p, 3, status=AS_PLANNED),
        "pain",
    ),
    (
        "disc bulge",
        "a hard session with a condition",
        lambda p, c: first_run(p, 1, kind=p.days[1].runs[0].run.kind),
        "condition",
    ),
    (
        "disc bulge",
        "a long run with a condition",
        lambda p, c: first_run(p, 5, kind=p.days[5].runs[0].run.kind),
        "condition",
    ),
    ("disc bulge", "too long with a condition", lambda p, c: first_run(p, 0, minutes=31.0), "condition"),
    # totals and status
    ("typical", "runs", totals(runs=5), "totals"),
    ("typical", "km", totals(km=41.1), "totals"),
    ("typical", "run minutes", totals(run_minutes=241.0), "totals"),
    ("typical", "hard sessions", totals(hard_sessions=0), "totals"),
    ("typical", "recovery minutes", totals(recovery_minutes=128), "totals"),
    ("typical", "session minutes", totals(session_minutes=106), "totals"),
    ("typical", "rest days", totals(rest_days=4), "totals"),
    ("typical", "typed km", totals(typed_km=40.0), "totals"),
    ("typical", "no running said", lambda p, c: p._replace(status="no-running"), "status"),
    ("pain 7 on Tuesday", "no running unsaid", lambda p, c: p._replace(status="eased"), "status"),
    # each day's items
    ("typical", "over the minutes", lambda p, c: first_item(p, 0, minutes=40), "budget"),
    ("typical", "a technique twice", lambda p, c: adding(p, 0, p.days[0].items[-1]), "items"),
    ("typical", "not in the catalogue", lambda p, c: first_item(p, 0, technique="no-such-thing"), "items"),
    (
        "typical",
        "two levels of a movement",
        lambda p, c: adding(p, 2, extra(c, "single-leg-bridge", "strength")),
        "levels",
    ),
    (
        "typical",
        "self-release alone",
        lambda p, c: on_day(p, 4, items=(extra(c, "piriformis-ball-release", "mobility"),)),
        "self-release",
    ),
    ("typical", "sections out of order", lambda p, c: on_day(p, 0, items=p.days[0].items[::-1]), "order"),
    (
        "disc bulge",
        "contraindicated",
        lambda p, c: adding(p, 4, extra(c, "knees-to-chest", "mobility")),
        "contraindicated",
    ),
    (
        "typical",
        "equipment they lack",
        lambda p, c: adding(p, 0, extra(c, "foam-roll-quadriceps", "after-run")),
        "equipment",
    ),
    ("typical", "no reason", lambda p, c: first_item(p, 0, why=""), "why"),
    (
        "typical",
        "no reason after an unknown item",
        lambda p, c: adding(
            on_day(p, 0, items=(p.days[0].items[0]._replace(why=""), *p.days[0].items[1:])),
            0,
            extra(c, "easy-jog-build-up", "warm-up")._replace(technique="no-such-thing"),
            first=True,
        ),
        "why",
    ),
    (
        "typical",
        "a warm-up without a run",
        lambda p, c: adding(p, 4, extra(c, "hip-circles", "warm-up"), first=True),
        "warm-up",
    ),
    (
        "typical",
        "a specific drill before an easy run",
        lambda p, c: adding(p, 0, extra(c, "a-skips", "warm-up", order=2), first=True),
        "warm-up",
    ),
    (
        "typical",
        "the jog after the drills",
        lambda p, c: on_day(p, 0, items=(*p.days[0].items[1:4], *p.days[0].items[:1], *p.days[0].items[4:])),
        "warm-up",
    ),
    (
        "typical",
        "no easy start",
        lambda p, c: without(p, 0, lambda i: i.technique != "easy-jog-build-up"),
        "warm-up",
    ),
    (
        "pain 7 on Tuesday",
        "strength while running is off",
        lambda p, c: adding(p, 2, extra(c, "clamshell", "strength")),
        "window",
    ),
    (
        "pain 7 on Tuesday",
        "a warm-up while running is off",
        lambda p, c: adding(p, 2, extra(c, "hip-circles", "warm-up")),
        "window",
    ),
    (
        "typical",
        "drinking during a short run",
        lambda p, c: adding(p, 0, extra(c, "drink-during-long-run", "hydration", dose="over 48 min")),
        "hydration",
    ),
    (
        "typical",
        "drinking on a day without a run",
        lambda p, c: adding(p, 4, extra(c, "drink-during-long-run", "hydration")),
        "hydration",
    ),
    (
        "typical",
        "drinking for another run's time",
        lambda p, c: on_day(
            p,
            5,
            items=tuple(
                i._replace(dose="to thirst, up to about 800 mL over 1 h 00 min")
                if i.technique == "drink-during-long-run"
                else i
                for i in p.days[5].items
            ),
        ),
        "hydration",
    ),
    # labels and strength
    ("typical", "strength unlabelled", lambda p, c: on_day(p, 2, label="rest from running"), "label"),
    (
        "typical",
        "strength in a label only",
        lambda p, c: on_day(p, 4, label="rest from running + strength"),
        "label",
    ),
    ("typical", "'no running' on a run day", lambda p, c: on_day(p, 0, label="no running"), "label"),
    (
        "pain 7 on Tuesday",
        "'no running' unsaid",
        lambda p, c: on_day(p, 2, label="rest from running"),
        "label",
    ),
    ("typical", "strength on a hard day", lambda p, c: with_strength(p, c, 1), "strength"),
    ("typical", "strength before a long run", lambda p, c: with_strength(p, c, 4), "strength"),
    (
        "typical",
        "strength the day after a race",
        lambda p, c: with_strength(first_run(p, 5, kind=RunKind.race), c, 6),
        "strength",
    ),
    ("pain 7 on Tuesday", "strength on a day of no running", lambda p, c: with_strength(p, c, 2), "strength"),
    (
        "heavy, rest mid-week",
        "strength on the full rest day",
        lambda p, c: adding(p, 3, extra(c, "glute-bridge", "strength")),
        "strength",
    ),
    ("typical", "too little strength unsaid", lambda p, c: no_strength(p, 6), "strength"),
    (
        "typical",
        "too little strength said wrongly",
        lambda p, c: p._replace(warnings=(*p.warnings, Warning("strength-short", "said"))),
        "strength",
    ),
    # notes and warnings
    ("typical", "a full rest day unsaid", notes_with("heavy-week"), "notes"),
    ("heavy", "the full rest day unsaid", notes_without("heavy-week"), "notes"),
    ("typical", "no running in a note", notes_with("no-running"), "notes"),
    ("typical", "eased said", notes_with("eased"), "notes"),
    ("pain 4", "eased unsaid", notes_without("eased"), "notes"),
    ("typical", "footwear unsaid", notes_without("footwear"), "notes"),
    (
        "typical",
        "footwear said without the item",
        lambda p, c: without(p, 6, lambda i: i.category != "footwear"),
        "notes",
    ),
    (
        "typical",
        "footwear in a short week",
        lambda p, c: p._replace(totals=p.totals._replace(km=39.0)),
        "notes",
    ),
    ("knee pain", "a condition unsaid", notes_without("condition:knee-pain"), "notes"),
    ("typical", "a condition said", notes_with("condition:knee-pain"), "notes"),
    (
        "knee pain",
        "left out for no reason",
        notes_with("left-out", "Left out for knee-pain: Cat-cow."),
        "notes",
    ),
    (
        "knee pain",
        "left out by an unknown name",
        notes_with("left-out", "Left out for knee-pain: Jumping."),
        "notes",
    ),
    ("typical", "a load warning dropped", lambda p, c: p._replace(warnings=()), "warnings"),
    (
        "typical",
        "a load warning added",
        lambda p, c: p._replace(warnings=(*p.warnings, Warning("acwr", "said"))),
        "warnings",
    ),
]


@pytest.mark.parametrize(("base", "what", "corrupt", "rule"), CORRUPTIONS, ids=[c[1] for c in CORRUPTIONS])
def test_the_checker_reports_a_plan_that_breaks_a_rule(
    catalogue: Catalogue, base: str, what: str, corrupt: Corrupt, rule: str
) -> None:
    specs, given = BASES[base]
    week, profile = week_of(*specs), profile_of(**given)
    good = plan(catalogue, week, profile)
    assert check(good, catalogue, week, profile) == []
    assert rule in {v.rule for v in check(corrupt(good, catalogue), catalogue, week, profile)}


def test_the_checker_reports_only_the_broken_rule(catalogue: Catalogue) -> None:
    """A plan with its hard-session count wrong breaks that total and nothing else, named."""
    week, profile = week_of(*TYPICAL), profile_of()
    good = plan(catalogue, week, profile)
    wrong = good._replace(totals=good.totals._replace(hard_sessions=0))
    assert [str(v) for v in check(wrong, catalogue, week, profile)] == [
        "totals (hard_sessions): 0 is not the sum of what is planned (1)"
    ]


@pytest.mark.parametrize(
    ("given", "stop"),
    [
        ({"pain": 8}, None),
        ({"red_flags": ("fever",)}, None),
        ({"red_flags": ("numbness",)}, None),
        ({"red_flags": ("bladder-changes",)}, Stop("Stop.", "urgent", ("bladder-changes",))),
        ({}, Stop("Stop.", "urgent")),
    ],
)
def test_the_checker_reports_a_plan_that_ignores_the_safety_gate(
    catalogue: Catalogue, given: dict[str, Any], stop: Stop | None
) -> None:
    """A plan where there should be a stop, a stop where there should be a plan, and an emergency
    told as less than one."""
    week, profile = week_of(*TYPICAL), profile_of(**given)
    good = plan(catalogue, week, profile_of())
    wrong = good._replace(stop=stop, status="stop" if stop else good.status)
    assert "safety" in {v.rule for v in check(wrong, catalogue, week, profile)}


def test_the_checker_reports_a_stop_that_still_has_days_or_another_status(catalogue: Catalogue) -> None:
    week, profile = week_of(*TYPICAL), profile_of(pain=9)
    stopped = plan(catalogue, week, profile)
    assert check(stopped, catalogue, week, profile) == []
    days = plan(catalogue, week, profile_of()).days
    assert [v.rule for v in check(stopped._replace(days=days), catalogue, week, profile)] == ["safety"]
    assert [v.rule for v in check(stopped._replace(status="usual"), catalogue, week, profile)] == ["safety"]


def test_the_checker_reports_a_soon_flag_without_its_note(catalogue: Catalogue) -> None:
    week, profile = week_of(*TYPICAL), profile_of(red_flags=("inflammatory-back-pain",))
    good = plan(catalogue, week, profile)
    wrong = good._replace(notes=tuple(n for n in good.notes if n.code != "red-flag-soon"))
    assert "safety" in {v.rule for v in check(wrong, catalogue, week, profile)}


# --- the stop and its words ------------------------------------------------------------------------


def test_an_unknown_sign_names_the_nearest_known_ones_best_first(catalogue: Catalogue) -> None:
    """Words in a red flag's id or name count for more than words in its description; only the
    emergencies among them are named in the A&E sentence."""
    p = plan(catalogue, week_of(*TYPICAL), profile_of(red_flags=("numbness",)))
    assert p.stop is not None and p.stop.emergency
    assert p.stop.text.endswith(
        "If it is numbness in the saddle area or severe or worsening leg weakness or numbness, go to A&E now: "
        "that can be a sign of cauda equina syndrome, an emergency. The nearest signs runback knows: "
        "saddle-numbness, progressive-leg-weakness, one-leg-nerve-signs. Name one exactly with --red-flag ID."
    )


@pytest.mark.parametrize(
    ("given", "nearest"), [("a fall", "trauma"), ("trama", "trauma"), ("Fever", "fever")]
)
def test_an_unknown_sign_by_a_short_word_or_a_typo_finds_its_flag(
    catalogue: Catalogue, given: str, nearest: str
) -> None:
    p = plan(catalogue, week_of(*TYPICAL), profile_of(red_flags=(given,)))
    assert p.stop is not None and p.stop.level == "urgent" and p.stop.unknown == (given,)
    assert f"you reported '{given}'" in p.stop.text
    assert f"The nearest signs runback knows: {nearest}. " in p.stop.text


def test_two_unknown_signs_are_both_named(catalogue: Catalogue) -> None:
    p = plan(catalogue, week_of(*TYPICAL), profile_of(red_flags=("trama", "bowel")))
    assert p.stop is not None and p.stop.emergency
    assert "you reported 'trama', 'bowel'" in p.stop.text
    assert "If it is new loss of bowel control, go to A&E now" in p.stop.text
    assert "The nearest signs runback knows: trauma, bowel-changes." in p.stop.text


@pytest.mark.parametrize(
    ("given", "nearest"),
    [
        # a word in a flag's name and its description counts for more than in a name alone
        ("loss", "bowel-changes, sexual-dysfunction, weight-loss"),
        # a word found only in a description
        ("chills", "fever"),
        # shortened words, spaced where the flag's id has hyphens
        ("sac or pel str", "sacral-or-pelvic-stress"),
    ],
)
def test_an_unknown_sign_is_matched_by_its_name_its_description_or_shortened_words(
    catalogue: Catalogue, given: str, nearest: str
) -> None:
    p = plan(catalogue, week_of(*TYPICAL), profile_of(red_flags=(given,)))
    assert p.stop is not None and f"The nearest signs runback knows: {nearest}. " in p.stop.text


def test_a_stop_for_an_unknown_sign_keeps_the_known_ones(catalogue: Catalogue) -> None:
    """Both lists reach the plan's JSON: the flags runback knows and the words it does not."""
    p = plan(catalogue, week_of(*TYPICAL), profile_of(red_flags=("fever", "trama")))
    assert p.stop is not None and (p.stop.flags, p.stop.unknown) == (("fever",), ("trama",))
    p = plan(catalogue, week_of(*TYPICAL), profile_of(red_flags=("saddle-numbness", "trama")))
    assert p.stop is not None and p.stop.emergency
    assert (p.stop.flags, p.stop.unknown) == (("saddle-numbness",), ("trama",))
    assert "cauda equina syndrome (numbness in the saddle area)" in p.stop.text


def test_a_soon_flag_note_names_the_flags(catalogue: Catalogue) -> None:
    flags = ("inflammatory-back-pain", "extension-pain-under-20")
    p = plan(catalogue, week_of(*TYPICAL), profile_of(red_flags=flags))
    note = next(n for n in p.notes if n.code == "red-flag-soon")
    assert note.text.startswith(
        "You reported back pain with long morning stiffness; back pain on arching backwards, under about 20: "
    )


def test_a_soon_flag_note_cites_its_source(catalogue: Catalogue) -> None:
    p = plan(catalogue, week_of(*TYPICAL), profile_of(red_flags=("inflammatory-back-pain",)))
    flag = next(f for f in catalogue.red_flags if f.id == "inflammatory-back-pain")
    note = next(n for n in p.notes if n.code == "red-flag-soon")
    assert note.source == flag.sources[0]


def test_stop_level_pain_with_a_soon_flag_keeps_the_flag_and_its_note(catalogue: Catalogue) -> None:
    p = plan(catalogue, week_of(*TYPICAL), profile_of(pain=8, red_flags=("inflammatory-back-pain",)))
    assert p.stop is not None and p.stop.level == "urgent" and "8/10" in p.stop.text
    assert p.stop.flags == ("inflammatory-back-pain",)
    assert [n.code for n in p.notes] == ["red-flag-soon"]


# --- within the runner's minutes --------------------------------------------------------------------


def test_a_long_sitting_jog_cut_to_the_minutes_is_its_low_dose_in_full(catalogue: Catalogue) -> None:
    """With 5 minutes a day after 9 h of sitting, the 10-minute jog becomes the 5-minute one: its
    dose, minutes and level all say so."""
    p = plan(catalogue, week_of("mon:8k"), profile_of(minutes=5, sitting_hours=9))
    jog = p.days[0].items[0]
    assert (jog.technique, jog.dose, jog.minutes, jog.level) == ("easy-jog-build-up", "5 min", 5, "low")
    assert p.days[0].recovery_minutes == 5


# --- the pain ladder at the edges of the week -----------------------------------------------------

SATURDAY, SUNDAY = dt.date(2026, 11, 28), dt.date(2026, 11, 29)


@pytest.mark.parametrize("pain", [6, 7])
def test_no_running_from_saturday_leaves_nothing_eased_this_week(catalogue: Catalogue, pain: int) -> None:
    p = make(catalogue, *TYPICAL, "sun:5k", pain=pain, pain_date=SATURDAY)
    assert p.status == "no-running"
    assert [d.label for d in p.days[5:]] == ["no running", "no running"]
    assert [r.status for d in p.days for r in d.runs] == ["as-planned"] * 3 + ["replaced"] * 2
    assert [c for c in note_codes(p) if c != "timing"] == ["no-running"]


def test_pain_4_on_sunday_eases_sunday_only_and_says_so(catalogue: Catalogue) -> None:
    p = make(catalogue, *TYPICAL, "sun:5k", pain=4, pain_date=SUNDAY)
    assert p.status == "eased" and "eased" in note_codes(p)
    heat = [d.date for d in p.days if any(i.technique == "heat-for-flare" for i in d.items)]
    assert heat == [SUNDAY]
    assert p.days[5].runs[0].status == "as-planned" and p.days[5].runs[0].km == 18.0


def test_a_week_of_exactly_40_km_gets_the_footwear_reminder(catalogue: Catalogue) -> None:
    p = make(catalogue, "mon:20k", "sat:20k:long")
    assert p.totals.km == 40.0 and "footwear" in note_codes(p)
    assert [i.technique for i in p.days[6].items if i.category == "footwear"] == ["check-shoe-wear"]
    assert "footwear" not in note_codes(make(catalogue, "mon:20k", "sat:19.9k:long"))


# --- runs changed for conditions and pain -------------------------------------------------------------


def test_a_run_capped_for_a_condition_is_shorter_in_time_and_distance(catalogue: Catalogue) -> None:
    p = make(catalogue, "mon:8k", conditions=(Condition.acute_disc_bulge,))
    run = p.days[0].runs[0]
    assert (run.km, run.minutes, run.status) == (5.0, 30.0, "eased")  # 30 min at the easy pace
    assert p.totals.km == 5.0 and p.totals.run_minutes == 30.0


def test_a_run_changed_by_two_conditions_gives_both_reasons(catalogue: Catalogue) -> None:
    p = make(catalogue, "tue:45m:tempo", conditions=(Condition.heart_condition, Condition.recent_surgery))
    run = p.days[1].runs[0]
    assert (run.kind, run.km, run.minutes) == (RunKind.easy, 5.0, 30.0)
    assert run.advice == (
        "heart condition: easy until a doctor has cleared you for hard sessions; "
        "after surgery: easy and short, and only once your surgeon has cleared you to run"
    )


def test_a_run_changed_for_a_condition_and_then_for_pain_gives_both_reasons(catalogue: Catalogue) -> None:
    p = make(catalogue, "thu:6k", conditions=(Condition.acute_disc_bulge,), pain=6, pain_date=TUESDAY)
    run = p.days[3].runs[0]
    assert (run.km, run.minutes) == (3.75, 22.5)  # 30 min for the disc bulge, then 75 % after the window
    assert run.advice == (
        "acute disc bulge: a short easy run only if it brings on no leg pain; otherwise walk; "
        "shorten it to about 3.8 km, at an easy pace"
    )


def test_eased_runs_keep_what_was_typed_and_take_the_easy_pace_for_the_rest(catalogue: Catalogue) -> None:
    """A hard session typed as a distance keeps it and takes longer at the easy pace; typed as a
    time, it keeps the time and covers less; typed as both, it keeps both. A long run typed as a
    time is shortened in time."""
    both = parse_spec("thu:10k:tempo", WEEK)._replace(duration_min=50.0)
    week = WeekRuns(WEEK, (*week_of("tue:8k:tempo", "wed:45m:tempo", "sat:2h:long").runs, both))
    profile = profile_of(pain=4)
    p = plan(catalogue, week, profile)
    assert check(p, catalogue, week, profile) == []
    runs = [(r.kind.value, round(r.km, 2), r.minutes, r.status) for d in p.days for r in d.runs]
    assert runs == [
        ("easy", 8.0, 48.0, "eased"),
        ("easy", 7.5, 45.0, "eased"),
        ("easy", 10.0, 50.0, "eased"),
        ("long", 14.52, 90.0, "eased"),
    ]
    assert p.days[5].runs[0].advice == "shorten it to about 1 h 30 min, at an easy pace"
    assert p.totals.run_minutes == 233.0 and p.totals.hard_sessions == 0


# --- cross-training a condition prefers -----------------------------------------------------------------


def cross_training(p: Plan) -> list[str]:
    return [i.technique for d in p.days for i in d.items if i.section == "cross-training"]


def test_spinal_stenosis_puts_cycling_before_swimming(catalogue: Catalogue) -> None:
    gear = (Equipment.pool, Equipment.bike)
    assert cross_training(make(catalogue, "mon:8k", "wed:8k", "fri:6k", equipment=gear))[0] == "swimming"
    for conditions in (
        (Condition.spinal_stenosis,),
        (Condition.spinal_stenosis, Condition.spondylolisthesis),
    ):
        p = make(catalogue, "mon:8k", "wed:8k", "fri:6k", equipment=gear, conditions=conditions)
        assert cross_training(p)[0] == "cycling"


# --- why strength falls short ---------------------------------------------------------------------------


def test_strength_short_around_a_race_says_so(catalogue: Catalogue) -> None:
    hard = ("mon:8k:tempo", "tue:6k:intervals", "wed:8k:hills", "thu:8k:tempo")
    p = make(catalogue, *hard, "fri:5k", "sat:10k:race", "sun:5k")
    short = next(w for w in p.warnings if w.code == "strength-short")
    assert "Fri: the day before a race" in short.text and "Sun: the day after a race" in short.text
    both = make(catalogue, *hard, "fri:5k", "sat:10k:race", "sat:20k:long", "sun:5k")
    short = next(w for w in both.warnings if w.code == "strength-short")
    assert "Fri: the day before a long run or race" in short.text


# --- what notes and warnings rest on ----------------------------------------------------------------------


def test_notes_without_a_basis_claim_none(catalogue: Catalogue) -> None:
    p = make(catalogue, *HEAVY, conditions=(Condition.sciatica,))
    for code in ("heavy-week", "footwear", "left-out"):
        note = next(n for n in p.notes if n.code == code)
        assert (note.basis, note.evidence, note.source) == ("", "", None)


def test_a_warning_says_what_it_rests_on_only_when_the_catalogue_does(catalogue: Catalogue) -> None:
    messages = catalogue.rules.messages
    bare = messages.back_to_back.model_copy(update={"basis": None, "evidence": None})
    rules = catalogue.rules.model_copy(
        update={"messages": messages.model_copy(update={"back_to_back": bare})}
    )
    edited = catalogue.model_copy(update={"rules": rules})
    week = week_of("fri:8k:tempo", "sat:20k:long", "mon:5k")
    usual = next(w for w in plan(catalogue, week, profile_of()).warnings if w.code == "back-to-back")
    assert usual.basis and usual.evidence == "weak"
    warning = next(w for w in plan(edited, week, profile_of()).warnings if w.code == "back-to-back")
    assert (warning.basis, warning.evidence) == ("", "")


def test_every_urgent_red_flag_is_named_in_the_stop(catalogue: Catalogue) -> None:
    p = plan(catalogue, week_of(*TYPICAL), profile_of(red_flags=("fever", "night-pain")))
    assert p.stop is not None and p.stop.flags == ("fever", "night-pain")
    assert "(fever or feeling unwell with back pain; constant pain at night)" in p.stop.text


# --- the eased note names what easing added -----------------------------------------------------------

EASED = "Your back pain was 4/10 on {day}, so from then the plan is eased: hard sessions become easy runs and long runs are shorter{added}. Stop any run that makes the pain worse."


@pytest.mark.parametrize(
    ("given", "day", "added"),
    [
        ({}, "Mon 23 Nov", "; cat-cow, heat for a flare and open book (thoracic rotation) added"),
        ({"pain_date": SUNDAY}, "Sun 29 Nov", "; cat-cow and heat for a flare added"),
        (
            {"pain_date": SUNDAY, "conditions": (Condition.reduced_sensation,)},
            "Sun 29 Nov",
            "; cat-cow added",
        ),
        ({"pain_date": SUNDAY, "minutes": 5}, "Sun 29 Nov", ""),
    ],
)
def test_the_eased_note_names_what_easing_added(
    catalogue: Catalogue, given: dict[str, Any], day: str, added: str
) -> None:
    """Three things, two, one, or none when the minutes left no room for them."""
    p = make(catalogue, *TYPICAL, "sun:5k", pain=4, **given)
    assert [n.text for n in p.notes if n.code == "eased"] == [EASED.format(day=day, added=added)]


def test_runs_eased_without_a_window_of_no_running_go_ahead_unconditionally(catalogue: Catalogue) -> None:
    p = make(catalogue, *TYPICAL, pain=5)
    assert [r.condition for d in p.days for r in d.runs] == ["", "", "", ""]


def test_a_replaced_run_says_why_and_what_to_do(catalogue: Catalogue) -> None:
    p = make(catalogue, *TYPICAL, pain=7, pain_date=TUESDAY)
    assert (
        p.days[1].runs[0].advice == "no running today (back pain 7/10 on Tue 24 Nov): see what to do instead"
    )


# --- a full rest day in a heavy week ------------------------------------------------------------------


def full_rest(p: Plan) -> list[dt.date]:
    return [d.date for d in p.days if d.label == "full rest"]


def test_six_days_of_running_make_the_seventh_full_rest(catalogue: Catalogue) -> None:
    p = make(catalogue, "mon:6k", "tue:6k", "wed:6k", "thu:6k", "fri:6k", "sat:6k")
    assert full_rest(p) == [SUNDAY] and "heavy-week" in note_codes(p)


def test_a_much_bigger_week_than_usual_is_heavy(catalogue: Catalogue) -> None:
    assert full_rest(make(catalogue, *TYPICAL)) == []
    p = make(catalogue, *TYPICAL, previous_weeks=(PreviousWeek("2026-W47", 25.0),))
    assert full_rest(p) == [dt.date(2026, 11, 25)] and "heavy-week" in note_codes(p)


def test_the_full_rest_day_follows_the_first_hard_day(catalogue: Catalogue) -> None:
    """Monday and Wednesday are free: the full rest is Wednesday, after Tuesday's intervals."""
    p = make(catalogue, "tue:10k:intervals", "thu:10k:tempo", "fri:6k", "sat:6k", "sun:22k:long")
    assert full_rest(p) == [dt.date(2026, 11, 25)]
    assert [d.label for d in p.days][:1] == ["rest from running + strength"]


# --- what each day holds -----------------------------------------------------------------------------


def test_walking_or_swimming_takes_the_place_of_a_replaced_run_only(catalogue: Catalogue) -> None:
    p = make(catalogue, *TYPICAL, pain=7, pain_date=TUESDAY, equipment=(Equipment.pool,))
    instead = [[i.technique for i in d.items if i.section == "instead"] for d in p.days]
    assert instead[1] in (["brisk-walking"], ["swimming"])  # Tuesday's tempo
    assert instead[:1] + instead[2:] == [[]] * 6  # Wednesday is off running too, but had no run


def test_only_a_long_run_day_gets_the_long_run_work(catalogue: Catalogue) -> None:
    p = make(catalogue, *TYPICAL, minutes=60)
    long_work = [any(i.why.startswith("after a long run") for i in d.items) for d in p.days]
    assert long_work == [False, False, False, False, False, True, False]
    sleep = [any(i.technique == "sleep" for i in d.items) for d in p.days]
    assert sleep == [False, True, False, False, False, True, False]  # after the tempo and the long run


def test_six_hours_of_sitting_count_as_a_long_sitting_day(catalogue: Catalogue) -> None:
    p = make(catalogue, "mon:8k", sitting_hours=6, minutes=60)
    jog = p.days[0].items[0]
    assert (jog.technique, jog.minutes) == ("easy-jog-build-up", 10)
    assert any(i.why == "hip-flexor drill after 6 h of sitting" for i in p.days[0].items)
    assert make(catalogue, "mon:8k", sitting_hours=5.9, minutes=60).days[0].items[0].minutes == 5


def test_a_run_of_an_hour_gets_drinking_during_it(catalogue: Catalogue) -> None:
    p = make(catalogue, "sat:60m", "sun:59m", weight_kg=70)
    during = [[i.dose for i in d.items if i.technique == "drink-during-long-run"] for d in p.days[5:]]
    assert during == [
        ["to thirst, up to about 800 mL over 1 h"],
        [],
    ]


def test_the_trimmed_note_counts_what_was_left_out(catalogue: Catalogue) -> None:
    p = make(catalogue, *TYPICAL, minutes=12)
    assert p.days[0].notes == ("4 items left out to keep within your 12 minutes.",)


def test_day_labels(catalogue: Catalogue) -> None:
    p = make(catalogue, *TYPICAL, "sat:5k:recovery")
    assert [d.label for d in p.days] == [
        "run (easy)",
        "run (tempo)",
        "rest from running + strength",
        "run (easy)",
        "rest from running",
        "run (long, recovery)",
        "rest from running + strength",
    ]
    assert make(catalogue, *TYPICAL, pain=7, pain_date=TUESDAY).days[0].label == "run (easy) + strength"


# --- strength days --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("specs", "given", "days"),
    [
        (TYPICAL, {}, ["Wed", "Sun"]),  # days without a run first, spread out
        (("mon:8k", "wed:8k", "fri:6k", "sat:6k", "sun:6k"), {}, ["Tue", "Thu"]),
        (("mon:8k", "thu:8k", "sat:6k", "sun:6k"), {}, ["Tue", "Fri"]),  # not Tue and Wed
        (
            ("wed:15k:long", "sun:20k:long"),
            {"pain": 7},
            ["Thu", "Fri"],
        ),  # side by side when nothing else is left
    ],
)
def test_strength_days(
    catalogue: Catalogue, specs: tuple[str, ...], given: dict[str, Any], days: list[str]
) -> None:
    p = make(catalogue, *specs, **given)
    assert [d.date.strftime("%a") for d in p.days if any(i.section == "strength" for i in d.items)] == days
    assert "strength-short" not in [w.code for w in p.warnings]


def test_strength_short_says_every_reason(catalogue: Catalogue) -> None:
    hard = (
        "mon:8k:tempo",
        "tue:6k:intervals",
        "wed:8k:hills",
        "thu:8k:tempo",
        "fri:5k",
        "sat:20k:long",
        "sun:5k",
    )
    short = next(w for w in make(catalogue, *hard).warnings if w.code == "strength-short")
    assert short.text == (
        "Strength work is planned on 1 day(s) this week, not 2: Mon: a hard or long run; Tue: a hard or long run; "
        "Wed: a hard or long run; Thu: a hard or long run; Fri: the day before a long run; Sat: a hard or long run."
    )


def test_strength_short_for_pain_and_full_rest_says_so(catalogue: Catalogue) -> None:
    p = make(catalogue, "fri:8k:long", "sat:8k:long", "sun:8k:long", pain=6, pain_date=TUESDAY)
    short = next(w for w in p.warnings if w.code == "strength-short")
    assert short.text == (
        "Strength work is planned on 0 day(s) this week, not 2: Mon: full rest; Tue: no running for pain; "
        "Wed: no running for pain; Thu: the day before a long run; Fri: a hard or long run; "
        "Sat: a hard or long run; Sun: a hard or long run."
    )


def test_strength_trimmed_away_by_the_minutes_says_so(catalogue: Catalogue) -> None:
    """Six days of running: strength goes on two run days, and 5 minutes leave room for the jog only."""
    p = make(catalogue, "mon:6k", "tue:6k", "wed:6k", "thu:6k", "fri:6k", "sat:6k", minutes=5)
    short = next(w for w in p.warnings if w.code == "strength-short")
    assert (
        short.text
        == "Strength work is planned on 0 day(s) this week, not 2: not enough time on the days left."
    )


# --- load warnings ------------------------------------------------------------------------------------


def weeks(*km: float) -> tuple[PreviousWeek, ...]:
    return tuple(PreviousWeek(f"2026-W{44 + i}", value) for i, value in enumerate(km))


def warnings_of(p: Plan) -> dict[str, str]:
    return {w.code: w.text for w in p.warnings}


def test_a_typical_week_warns_of_its_long_run_only(catalogue: Catalogue) -> None:
    p = make(catalogue, *TYPICAL)
    assert warnings_of(p) == {
        "long-run-share": "Your longest run (18 km) is 44% of the week's 41 km. Many coaches keep the long run to "
        "about a third of the week."
    }
    assert [n.text for n in p.notes if n.code != "timing"] == [
        "This week adds up to 41 km: check your shoes' wear and cushioning; many runners replace them every 500-800 km."
    ]


def test_the_long_run_share_needs_three_runs_and_more_than_a_third(catalogue: Catalogue) -> None:
    assert "long-run-share" not in warnings_of(make(catalogue, "mon:8k", "sat:18k:long"))
    three = warnings_of(make(catalogue, "mon:6k", "wed:6k", "sat:18k:long"))
    assert three["long-run-share"].startswith("Your longest run (18 km) is 60% of the week's 30 km.")
    assert "long-run-share" not in warnings_of(
        make(catalogue, "mon:16.5k", "wed:16.5k", "sat:17k:long")
    )  # 34 %


@pytest.mark.parametrize(
    ("km", "code", "pct"),
    [("33k", None, None), ("39k", "weekly-increase", "30%"), ("42k", "weekly-increase-large", "40%")],
)
def test_the_weekly_increase_thresholds(
    catalogue: Catalogue, km: str, code: str | None, pct: str | None
) -> None:
    got = warnings_of(make(catalogue, f"sat:{km}", previous_weeks=weeks(30, 30, 30, 30)))
    increases = {c: t for c, t in got.items() if c.startswith("weekly-increase")}
    assert list(increases) == ([code] if code else [])
    if code:
        assert f" is {pct} above your recent weeks (30 km on average)" in increases[code]


def test_a_known_week_of_nothing_counts_as_nothing(catalogue: Catalogue) -> None:
    got = warnings_of(make(catalogue, *TYPICAL, previous_weeks=weeks(0, 20, 20, 20)))
    assert (
        "This week (41 km) is 173% above your recent weeks (15 km on average)" in got["weekly-increase-large"]
    )
    assert "2.73" in got["acwr"]


def test_a_week_of_a_kilometre_is_enough_to_compare_with(catalogue: Catalogue) -> None:
    got = warnings_of(make(catalogue, "mon:5k", previous_weeks=weeks(1, 1, 1, 1)))
    assert "weekly-increase-large" in got and "5.00" in got["acwr"]


def test_a_week_without_runs_has_no_load_warnings(catalogue: Catalogue) -> None:
    assert warnings_of(make(catalogue, previous_weeks=weeks(30, 30, 30, 30))) == {}


def test_a_runner_in_miles_reads_the_weekly_increase_in_miles(catalogue: Catalogue) -> None:
    """41 km against 32.5 km on average: both said in miles, the week and the average."""
    got = warnings_of(make(catalogue, *TYPICAL, previous_weeks=weeks(30, 34, 31, 35), units=Units.mi))
    assert got["weekly-increase"].startswith(
        "This week (25.5 mi) is 26% above your recent weeks (20.2 mi on average)."
    )


def logged(*km: float) -> list[DayLoad]:
    """A week of logged easy runs, one a day from Monday."""
    return [DayLoad(MONDAY + dt.timedelta(days=i), ((RunKind.easy, value),)) for i, value in enumerate(km)]


def test_logged_runs_without_a_distance_have_no_long_run_share(catalogue: Catalogue) -> None:
    """Runs logged with neither distance nor time count as 0 km: no share of nothing, no error."""
    assert load_warnings(catalogue.rules, logged(0.0, 0.0, 0.0), ()) == ()


def test_a_week_under_a_kilometre_still_has_a_long_run_share(catalogue: Catalogue) -> None:
    """Three short logged jogs (0.9 km): the longest, 0.5 km, is 56% of the week."""
    (share,) = load_warnings(catalogue.rules, logged(0.2, 0.2, 0.5), ())
    assert share.code == "long-run-share" and "is 56% of the week's 0.9 km" in share.text


# --- hard sessions and what conditions leave out ----------------------------------------------------


def test_a_run_typed_at_a_hard_effort_is_a_hard_session_until_it_is_eased(catalogue: Catalogue) -> None:
    """An easy run at RPE 8 counts as hard as typed; capped at 30 easy minutes for a disc bulge,
    it no longer does."""
    assert make(catalogue, "mon:60m:rpe8", "thu:6k").totals.hard_sessions == 1
    p = make(catalogue, "mon:60m:rpe8", "thu:6k", conditions=(Condition.acute_disc_bulge,))
    assert p.days[0].runs[0].status == "eased" and p.totals.hard_sessions == 0


def test_a_technique_left_out_for_a_condition_is_named_when_the_runner_has_its_equipment(
    catalogue: Catalogue,
) -> None:
    """Techniques the runner lacks the equipment for do not push it out of the left-out note."""
    p = make(catalogue, *TYPICAL, conditions=(Condition.pregnancy,), equipment=(Equipment.foam_roller,))
    left_out = next(n.text for n in p.notes if n.code == "left-out")
    assert "Foam rolling the upper back (thoracic spine)" in left_out


def test_after_a_long_sitting_day_the_hip_flexor_work_targets_the_hip_flexors(catalogue: Catalogue) -> None:
    p = make(catalogue, "mon:8k", sitting_hours=9, minutes=60)
    chosen = [i.technique for i in p.days[0].items if i.why.startswith("hip-flexor")]
    assert len(chosen) == 2
    for technique in chosen:
        found = catalogue.get(technique)
        assert found is not None and "hip-flexors" in {t.value for t in found.targets}


def test_an_alternative_says_what_it_replaces_and_the_missing_equipment(catalogue: Catalogue) -> None:
    p = make(catalogue, *TYPICAL)
    why = [i.why for i in p.days[0].items if i.technique == "open-book-thoracic-rotation"]
    assert why == [
        "after a run, with the stretches; instead of Foam rolling the upper back (thoracic spine) (no foam-roller)"
    ]


def test_warm_up_drills_take_turns_in_the_catalogues_order(catalogue: Catalogue) -> None:
    """Each run day's drills start where the last run day's stopped, in the block's order of
    preference, so that the week goes through all of them before any comes round again."""
    p = make(catalogue, *TYPICAL)
    drills = [[i.technique for i in d.items if i.why == "warm-up: dynamic drills"] for d in p.days]
    assert [d for d in drills if d] == [
        ["leg-swings-front-back", "hip-circles", "walking-lunges"],
        ["leg-swings-side-to-side", "glute-bridge-activation", "leg-swings-front-back"],
        ["hip-circles", "walking-lunges", "leg-swings-side-to-side"],
        ["glute-bridge-activation", "leg-swings-front-back", "hip-circles"],
    ]


def test_a_strength_day_keeps_its_four_exercises_when_a_condition_rules_some_out(
    catalogue: Catalogue,
) -> None:
    """With pregnancy the bridges and curl-ups are left out; each strength day still has four others."""
    p = make(catalogue, *TYPICAL, conditions=(Condition.pregnancy,))
    strength = [[i.technique for i in d.items if i.section == "strength"] for d in p.days]
    assert [len(s) for s in strength if s] == [4, 4]


# --- what the plan says about itself ------------------------------------------------------------------


def test_a_plan_keeps_the_day_it_was_made(catalogue: Catalogue) -> None:
    """Made on Wednesday for the week from Monday: the calendar's stamp and sequence come from it."""
    wednesday = MONDAY + dt.timedelta(days=2)
    assert make(catalogue, *TYPICAL, today=wednesday).made == wednesday


def test_a_plan_names_the_runners_conditions_once_each_in_order(catalogue: Catalogue) -> None:
    given = (Condition.sciatica, Condition.knee_pain, Condition.sciatica)
    assert make(catalogue, *TYPICAL, conditions=given).conditions == ("knee-pain", "sciatica")


def test_a_plan_keeps_the_pain_and_the_red_flags_the_runner_reported(catalogue: Catalogue) -> None:
    """What the plan's heading and its saved copy show: the pain score, and each red flag by name
    and how urgent it is."""
    p = make(catalogue, *TYPICAL, pain=3, red_flags=("inflammatory-back-pain",))
    assert p.pain == 3
    assert p.red_flags == (
        ReportedFlag("inflammatory-back-pain", "Back pain with long morning stiffness", "soon"),
    )


# --- drinks, the minutes and the conditions' caps ---------------------------------------------------


def hydration(p: Plan, n: int) -> dict[str, str]:
    return {i.technique: i.dose for i in p.days[n].items if i.category == "hydration"}


def test_a_runner_in_miles_reads_every_drink_in_fluid_ounces(catalogue: Catalogue) -> None:
    drinks = hydration(make(catalogue, "sat:60m", weight_kg=70, units=Units.mi), 5)
    assert drinks["drink-during-long-run"] == "to thirst, up to about 27 fl oz (800 mL) over 1 h"
    assert (
        drinks["rehydrate-after-run"]
        == "23 fl oz per lb of body mass lost (1500 mL per kg of body mass lost)"
    )


def test_a_runner_in_kilometres_reads_rehydration_in_millilitres(catalogue: Catalogue) -> None:
    assert hydration(make(catalogue, "sat:60m", weight_kg=70), 5)["rehydrate-after-run"] == (
        "1500 mL per kg of body mass lost"
    )


def test_a_tight_budget_keeps_the_drinks(catalogue: Catalogue) -> None:
    """Drinks take none of the runner's minutes: five minutes, after a day of sitting whose warm-up
    alone takes longer, still leave the long run's drinks in place."""
    assert set(hydration(make(catalogue, *TYPICAL, minutes=5, sitting_hours=8), 5)) == {
        "hydrate-before-run",
        "rehydrate-after-run",
        "drink-during-long-run",
    }


def test_the_trimmed_note_says_one_item_in_the_singular(catalogue: Catalogue) -> None:
    p = make(catalogue, *TYPICAL, minutes=15)
    assert p.days[2].notes == ("1 item left out to keep within your 15 minutes.",)
    assert p.days[0].notes == ("2 items left out to keep within your 15 minutes.",)


def test_a_run_exactly_at_a_conditions_limit_goes_ahead_as_planned(catalogue: Catalogue) -> None:
    """An acute disc bulge caps runs at 30 minutes: 30 minutes is within it, 31 is not."""
    at = make(catalogue, "mon:30m", conditions=(Condition.acute_disc_bulge,))
    assert (at.status, at.days[0].runs[0].status, at.days[0].runs[0].advice) == ("usual", AS_PLANNED, "")
    over = make(catalogue, "mon:31m", conditions=(Condition.acute_disc_bulge,))
    assert (over.status, over.days[0].runs[0].minutes) == ("eased", 30.0)


def test_a_condition_note_rests_on_what_the_catalogue_says_and_no_more(catalogue: Catalogue) -> None:
    """Sciatica's note cites its basis; pregnancy's has none; neither claims a level of evidence."""
    p = make(catalogue, *TYPICAL, conditions=(Condition.sciatica, Condition.pregnancy))
    notes = {n.code: n for n in p.notes if n.code.startswith("condition:")}
    sciatica = catalogue.rules.conditions[Condition.sciatica].note
    assert (notes["condition:sciatica"].basis, notes["condition:sciatica"].evidence) == (sciatica.basis, "")
    assert (notes["condition:pregnancy"].basis, notes["condition:pregnancy"].evidence) == ("", "")


def test_a_window_of_no_running_covers_every_day_it_reaches_into(catalogue: Catalogue) -> None:
    """A clinician's 25 hours from Monday reach into Tuesday: no running on either day."""
    rules = catalogue.rules.model_copy(update={"no_running_hours": 25})
    edited = catalogue.model_copy(update={"rules": rules})
    week = week_of("mon:8k", "tue:8k", "wed:8k")
    p = plan(edited, week, profile_of(pain=6, pain_date=MONDAY))
    assert [d.label for d in p.days[:3]] == ["no running", "no running", "run (easy)"]


def with_condition_rule(catalogue: Catalogue, condition: Condition, **changes: Any) -> Catalogue:
    conditions = dict(catalogue.rules.conditions)
    conditions[condition] = conditions[condition].model_copy(update=changes)
    return catalogue.model_copy(
        update={"rules": catalogue.rules.model_copy(update={"conditions": conditions})}
    )


def test_a_condition_without_advice_caps_a_run_and_adds_no_words(catalogue: Catalogue) -> None:
    edited = with_condition_rule(catalogue, Condition.acute_disc_bulge, run_advice=None)
    p = plan(edited, week_of("mon:45m"), profile_of(conditions=(Condition.acute_disc_bulge,)))
    run = p.days[0].runs[0]
    assert (run.minutes, run.advice) == (30.0, "")


def test_a_hard_run_capped_for_a_condition_and_eased_for_pain_gives_both_reasons(
    catalogue: Catalogue,
) -> None:
    """A catalogue whose sciatica rule caps runs but keeps them hard: the tempo run is capped,
    then eased for pain 4, and says both."""
    edited = with_condition_rule(
        catalogue, Condition.sciatica, max_run_minutes=30, run_advice="sciatica: short"
    )
    p = plan(edited, week_of("tue:45m:tempo"), profile_of(conditions=(Condition.sciatica,), pain=4))
    advice = p.days[1].runs[0].advice
    assert advice.startswith("sciatica: short; ") and advice != "sciatica: short; "
