"""Invariants of the planner over random weeks and runners (hypothesis)."""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runback.catalogue import load_catalogue
from runback.planner import Profile, WeekRuns, plan
from runback.render import PlanFormat, render
from runback.vocab import Condition, Equipment, RunKind
from runback.week import Run, Week

CATALOGUE = load_catalogue(use_cache=False)
WEEK = Week(dt.date(2026, 11, 23))
HOUSEHOLD = set(CATALOGUE.rules.household_equipment)
SCHEMA = json.loads(files("runback").joinpath("schemas", "plan-1.schema.json").read_text())
EXERCISE = {c.value for c in CATALOGUE.rules.exercise_categories}


@st.composite
def runs(draw: st.DrawFn) -> tuple[Run, ...]:
    count = draw(st.integers(0, 10))
    out = []
    for _ in range(count):
        day = WEEK.start + dt.timedelta(days=draw(st.integers(0, 6)))
        kind = draw(st.sampled_from(list(RunKind)))
        if draw(st.booleans()):
            out.append(Run(day, kind, distance_km=draw(st.floats(0.5, 60, allow_nan=False))))
        else:
            out.append(Run(day, kind, duration_min=draw(st.floats(3, 300, allow_nan=False))))
    return tuple(out)


profiles = st.builds(
    Profile,
    pain=st.integers(0, 10),
    today=st.dates(dt.date(2026, 11, 10), dt.date(2026, 12, 10)),
    conditions=st.lists(st.sampled_from(list(Condition)), unique=True, max_size=4).map(
        lambda c: tuple(sorted(c))
    ),
    red_flags=st.lists(st.sampled_from([f.id for f in CATALOGUE.red_flags]), max_size=1).map(tuple),
    sitting_hours=st.floats(0, 14),
    equipment=st.lists(st.sampled_from(list(Equipment)), unique=True).map(lambda e: tuple(sorted(e))),
    minutes=st.one_of(st.none(), st.integers(5, 120)),
    weight_kg=st.one_of(st.none(), st.floats(35, 150)),
    previous_weeks_km=st.lists(st.floats(0, 150), max_size=6).map(tuple),
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(runs(), profiles)
def test_invariants(week_runs: tuple[Run, ...], profile: Profile) -> None:
    result = plan(CATALOGUE, WeekRuns(WEEK, week_runs), profile)
    if profile.pain >= CATALOGUE.rules.pain_stop or profile.red_flags:
        assert result.status == "stop" and result.stop is not None and result.days == ()
        return
    assert [d.date for d in result.days] == list(WEEK.dates)
    budget = profile.minutes if profile.minutes is not None else CATALOGUE.rules.default_minutes
    have = set(profile.equipment) | HOUSEHOLD
    for day in result.days:
        assert day.recovery_minutes <= budget
        categories = {i.category for i in day.items}
        if "self-release" in categories:
            assert categories & EXERCISE
        for item in day.items:
            technique = CATALOGUE.get(item.technique)
            assert technique is not None
            assert not set(profile.conditions) & set(technique.contraindications)
            assert set(technique.equipment) <= have
        if profile.pain >= CATALOGUE.rules.pain_ease:
            assert all(
                r.status != "as-planned" or r.run.kind not in CATALOGUE.rules.hard_kinds for r in day.runs
            )
    assert sum(len(d.runs) for d in result.days) == len(week_runs)


@SETTINGS
@given(runs(), profiles)
def test_deterministic_and_every_format_renders(week_runs: tuple[Run, ...], profile: Profile) -> None:
    first = plan(CATALOGUE, WeekRuns(WEEK, week_runs), profile)
    second = plan(CATALOGUE, WeekRuns(WEEK, tuple(reversed(week_runs))), profile)
    assert first == second
    for fmt in (PlanFormat.text, PlanFormat.markdown, PlanFormat.json, PlanFormat.ics):
        assert render(first, fmt) == render(second, fmt)
    jsonschema.validate(json.loads(render(first, PlanFormat.json)), SCHEMA)
