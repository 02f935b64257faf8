"""Invariants of the planner over generated weeks, runners, pain days and conditions (hypothesis):
every plan passes the checker, and the same input gives the same plan in every format."""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runback import bounds
from runback.catalogue import load_catalogue
from runback.planner import Plan, PreviousWeek, Profile, WeekRuns, plan
from runback.planner.check import check
from runback.render import Format, render
from runback.units import Units
from runback.vocab import Condition, Equipment, RunKind
from runback.week import Run, Week

from .conftest import examples

CATALOGUE = load_catalogue(use_cache=False)
WEEK = Week(dt.date(2026, 11, 23))
SCHEMA = json.loads(files("runback").joinpath("schemas", "plan-2.schema.json").read_text())
FLAGS = [f.id for f in CATALOGUE.red_flags]


@st.composite
def runs(draw: st.DrawFn) -> tuple[Run, ...]:
    out = []
    for _ in range(draw(st.integers(0, 10))):
        day = WEEK.start + dt.timedelta(days=draw(st.integers(0, 6)))
        if sum(1 for r in out if r.date == day) >= 2:
            continue
        kind = draw(st.sampled_from(list(RunKind)))
        if draw(st.booleans()):
            out.append(Run(day, kind, distance_km=draw(st.floats(0.5, 60, allow_nan=False))))
        else:
            out.append(Run(day, kind, duration_min=draw(st.floats(3, 300, allow_nan=False))))
    return tuple(out)


previous = st.lists(
    st.builds(PreviousWeek, st.just("2026-W4x"), st.one_of(st.none(), st.floats(0, 150))), max_size=6
).map(tuple)

profiles = st.builds(
    Profile,
    pain=st.integers(0, 10),
    pain_date=st.one_of(st.none(), st.dates(dt.date(2026, 11, 14), dt.date(2026, 12, 2))),
    today=st.dates(dt.date(2026, 11, 10), dt.date(2026, 12, 10)),
    conditions=st.lists(st.sampled_from(list(Condition)), unique=True, max_size=4).map(
        lambda c: tuple(sorted(c))
    ),
    red_flags=st.lists(st.sampled_from([*FLAGS, "numbness", "back ache"]), max_size=1).map(tuple),
    sitting_hours=st.floats(0, 14),
    equipment=st.lists(st.sampled_from(list(Equipment)), unique=True).map(lambda e: tuple(sorted(e))),
    minutes=st.one_of(st.none(), st.integers(5, 120)),
    weight_kg=st.one_of(st.none(), st.floats(35, 150)),
    units=st.sampled_from(list(Units)),
    easy_pace=st.one_of(st.none(), st.floats(*bounds.EASY_PACE_MIN_PER_KM)),
    previous_weeks=previous,
)

SETTINGS = settings(max_examples=examples(600), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(runs(), profiles)
def test_every_plan_passes_the_checker(week_runs: tuple[Run, ...], profile: Profile) -> None:
    week = WeekRuns(WEEK, week_runs)
    result = plan(CATALOGUE, week, profile)
    assert check(result, CATALOGUE, week, profile) == []


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs(), profiles)
def test_deterministic_and_every_format_renders(week_runs: tuple[Run, ...], profile: Profile) -> None:
    first = plan(CATALOGUE, WeekRuns(WEEK, week_runs), profile)
    second = plan(CATALOGUE, WeekRuns(WEEK, tuple(reversed(week_runs))), profile)
    assert first == second
    for fmt in (Format.text, Format.markdown, Format.json, Format.ics):
        assert render(first, fmt) == render(second, fmt)
    jsonschema.validate(json.loads(render(first, Format.json)), SCHEMA)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs(), profiles)
def test_miles_change_the_words_and_nothing_else(week_runs: tuple[Run, ...], profile: Profile) -> None:
    """A runner in miles gets the same plan as one in kilometres: the same days, items, doses'
    minutes, runs, totals, notes and warnings; only the words that say a distance differ."""
    week = WeekRuns(WEEK, week_runs)
    km = plan(CATALOGUE, week, profile._replace(units=Units.km))
    mi = plan(CATALOGUE, week, profile._replace(units=Units.mi))

    def shape(p: Plan) -> object:
        return (
            p.status, p.totals, p.stop and p.stop.level, [n.code for n in p.notes], [w.code for w in p.warnings],
            [(d.date, [(r.kind, r.km, r.minutes, r.status) for r in d.runs],
              [(i.technique, i.minutes, i.section) for i in d.items]) for d in p.days],
        )  # fmt: skip

    assert shape(km) == shape(mi)
    said = json.loads(render(mi, Format.json))
    assert said["units"] == "mi" and said["totals"]["distance_km"] == km.totals.km


@st.composite
def on_the_way_back(draw: st.DrawFn) -> Profile:
    """A runner whose journal has them on the way back after a flare: entry tests due, or a
    phase of the walk-run ladder, with their last session a few days ago."""
    from runback.programme import LADDER, TESTS, Programme, RunState

    base = draw(profiles)
    status = draw(st.sampled_from([TESTS, LADDER]))
    phases = len(CATALOGUE.rules.return_to_run.phases)
    since = WEEK.start - dt.timedelta(days=draw(st.integers(-3, 10)))
    last = None if status == TESTS else WEEK.start - dt.timedelta(days=draw(st.integers(1, 4)))
    run = RunState(status, draw(st.integers(1, phases)) if status == LADDER else 0, 0, since, last)
    choice = draw(st.sampled_from(["", "", "hold", "override"]))
    return base._replace(programme=Programme(WEEK, {}, run, (), choice))


@SETTINGS
@given(runs(), on_the_way_back())
def test_plans_on_the_way_back_pass_the_checker(week_runs: tuple[Run, ...], profile: Profile) -> None:
    week = WeekRuns(WEEK, week_runs)
    assert check(plan(CATALOGUE, week, profile), CATALOGUE, week, profile) == []
