"""The programme across weeks as pure functions over journal rows: each decision's branch with a
hand-made journal, the return-to-run ladder after a flare, and its invariants (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runback.models import Catalogue
from runback.planner import Profile, WeekRuns, plan
from runback.planner.check import check
from runback.programme import (
    HOLD,
    LADDER,
    NORMAL,
    PROGRESS,
    REGRESS,
    TESTS,
    EntryResult,
    Event,
    PainScore,
    Rows,
    decide,
    families,
    ladder,
    programme,
)
from runback.vocab import Condition
from runback.week import Week, parse_spec

from .conftest import examples

W1 = Week(dt.date(2026, 11, 2))  # a Monday
W2 = Week(dt.date(2026, 11, 9))
W3 = Week(dt.date(2026, 11, 16))
TODAY = dt.date(2026, 11, 9)


def day(week: Week, n: int) -> dt.date:
    return week.start + dt.timedelta(days=n)


def strength_week(
    week: Week, during: int | None, morning: int | None, baseline: int = 1, technique: str = "glute-bridge"
) -> Rows:
    """Glute bridges on Tuesday and Thursday with the scores around them."""
    done, pain = [], []
    for n in (1, 3):
        d = day(week, n)
        done.append((d, technique))
        pain.append(PainScore(d, baseline, "morning"))
        if during is not None:
            pain.append(PainScore(d, during, "routine"))
        if morning is not None:
            pain.append(PainScore(d + dt.timedelta(days=1), morning, "morning"))
    return Rows(done=tuple(done), pain=tuple(sorted(pain)))


def level(catalogue: Catalogue, rows: Rows, week: Week = W2, **kwargs):  # type: ignore[no-untyped-def]
    return programme(catalogue, rows, week, week.start, **kwargs).levels["glute-bridge"]


# --- ladders ----------------------------------------------------------------------------------


def test_each_family_is_an_ordered_ladder_of_doses_then_levels(catalogue: Catalogue) -> None:
    rungs = ladder(catalogue.rules, families(catalogue)["glute-bridge"])
    assert [(r.technique, r.amounts[1], r.amounts[2]) for r in rungs] == [
        ("glute-bridge", 10, 2), ("glute-bridge", 15, 2), ("glute-bridge", 15, 3),
        ("single-leg-bridge", 8, 2), ("single-leg-bridge", 12, 2), ("single-leg-bridge", 12, 3),
    ]  # fmt: skip
    assert [(r.level, r.step) for r in rungs][:4] == [(1, 1), (1, 2), (1, 3), (2, 1)]
    assert families(catalogue)["single-leg-step-down"][-1].id == "single-leg-squat"
    assert families(catalogue)["knee-side-plank"][-1].id == "side-plank"


# --- decisions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("during", "baseline", "morning", "expected"),
    [
        (2, 1, 1, PROGRESS),  # safe, settled
        (1, 3, 3, PROGRESS),  # below a higher baseline
        (4, 1, 1, HOLD),  # rose, but settled by the morning
        (6, 1, 1, REGRESS),  # above acceptable during
        (2, 1, 3, REGRESS),  # the morning was worse
        (None, 1, 1, HOLD),  # no score during
        (2, 1, None, HOLD),  # no morning score
        (2, None, 1, HOLD),  # nothing before it
    ],
)
def test_decide(
    catalogue: Catalogue, during: int | None, baseline: int | None, morning: int | None, expected: str
) -> None:
    verdict = decide(catalogue.rules, [Event(dt.date(2026, 11, 3), during, baseline, morning)])
    assert verdict.decision == expected
    assert verdict.reason.startswith({PROGRESS: "progressed", HOLD: "held", REGRESS: "regressed"}[expected])


def test_no_events_is_a_hold(catalogue: Catalogue) -> None:
    assert decide(catalogue.rules, []).decision == HOLD


def test_one_bad_day_regresses_the_week(catalogue: Catalogue) -> None:
    good = Event(dt.date(2026, 11, 3), 1, 1, 1)
    bad = Event(dt.date(2026, 11, 5), 2, 1, 3)
    assert decide(catalogue.rules, [good, bad]).decision == REGRESS


def test_a_good_week_moves_one_rung_up_and_says_why(catalogue: Catalogue) -> None:
    got = level(catalogue, strength_week(W1, during=1, morning=1))
    assert (got.step.technique, got.step.step) == ("glute-bridge", 2)
    assert got.reason.startswith("progressed") and "Tue 3 Nov, Thu 5 Nov" in got.reason


def test_missing_morning_scores_hold(catalogue: Catalogue) -> None:
    got = level(catalogue, strength_week(W1, during=1, morning=None))
    assert got.step.step == 1 and got.reason.startswith("held: no pain scores")


def test_a_worse_morning_regresses_from_a_higher_rung(catalogue: Catalogue) -> None:
    rows = strength_week(W1, during=1, morning=1)
    worse = strength_week(W2, during=2, morning=4)
    got = level(catalogue, Rows(done=rows.done + worse.done, pain=rows.pain + worse.pain), week=W3)
    assert got.step.step == 1 and got.reason.startswith(
        "regressed: the next morning was worse (4/10 after 1/10"
    )


def test_levels_climb_to_the_next_technique_then_stop_at_the_top(catalogue: Catalogue) -> None:
    weeks = [Week(W1.start + dt.timedelta(weeks=i)) for i in range(8)]
    done, pain = (), ()
    for week in weeks:
        rows = strength_week(week, during=1, morning=1, technique="glute-bridge")
        done, pain = done + rows.done, pain + rows.pain
    after = Week(weeks[-1].start + dt.timedelta(weeks=1))
    got = level(catalogue, Rows(done=done, pain=pain), week=after)
    assert got.step.technique == "single-leg-bridge" and got.step.step == 3  # 6 rungs, then held
    assert got.reason == catalogue.rules.messages.held_top.text


def test_never_up_to_a_level_a_condition_rules_out(catalogue: Catalogue) -> None:
    weeks = [Week(W1.start + dt.timedelta(weeks=i)) for i in range(4)]
    done, pain = (), ()
    for week in weeks:
        rows = strength_week(week, during=1, morning=1, technique="single-leg-step-down")
        done, pain = done + rows.done, pain + rows.pain
    after = Week(weeks[-1].start + dt.timedelta(weeks=1))
    rows = Rows(done=done, pain=pain)
    free = programme(catalogue, rows, after, after.start).levels["single-leg-step-down"]
    assert free.step.technique == "single-leg-squat"
    # The step-down and the squat both load a bent knee; a condition ruling out the squat alone:
    held = programme(catalogue, rows, after, after.start, (Condition.recent_surgery,))
    assert held.levels["single-leg-step-down"].step.technique == "single-leg-step-down"


def test_hold_and_override_are_the_runners_choices(catalogue: Catalogue) -> None:
    rows = strength_week(W1, during=1, morning=1)
    held = level(catalogue, rows._replace(choices=((W2.label, "hold"),)))
    assert held.step.step == 1 and held.reason == catalogue.rules.messages.held_chosen.text
    bad = strength_week(W1, during=7, morning=5)
    overridden = level(catalogue, bad._replace(choices=((W2.label, "override"),)))
    assert overridden.step.step == 2 and overridden.reason.startswith("overridden")


# --- running after a flare ----------------------------------------------------------------------


def flare(date: dt.date) -> tuple[PainScore, ...]:
    return (PainScore(date, 7, None),)


def test_a_flare_starts_entry_tests_then_the_ladder(catalogue: Catalogue) -> None:
    rows = Rows(pain=flare(day(W1, 1)))
    assert programme(catalogue, rows, W2, W2.start).run.status == TESTS
    tests = (EntryResult(day(W1, 3), "brisk-walk", 1), EntryResult(day(W1, 4), "single-leg-hops", 2))
    passed = programme(catalogue, rows._replace(tests=tests), W2, W2.start).run
    assert (passed.status, passed.phase) == (LADDER, 1)
    failed = (EntryResult(day(W1, 3), "brisk-walk", 1), EntryResult(day(W1, 4), "single-leg-hops", 4))
    assert programme(catalogue, rows._replace(tests=failed), W2, W2.start).run.status == TESTS


def ladder_rows(sessions: list[tuple[int, int, int]]) -> Rows:
    """A flare on W1's Monday, tests passed on Tuesday, then runs on the days given (days from
    W1's start) with (during, next morning) scores and a baseline of 1 that morning."""
    pain = list(flare(day(W1, 0)))
    runs = []
    for n, during, morning in sessions:
        d = day(W1, n)
        runs.append(d)
        pain += [
            PainScore(d, 1, "morning"),
            PainScore(d, during, "run"),
            PainScore(d + dt.timedelta(days=1), morning, "morning"),
        ]
    tests = (EntryResult(day(W1, 1), "brisk-walk", 0), EntryResult(day(W1, 1), "single-leg-hops", 1))
    return Rows(runs=tuple(runs), pain=tuple(sorted(pain)), tests=tests)


def test_two_good_sessions_move_the_ladder_on_and_a_bad_one_back(catalogue: Catalogue) -> None:
    good = ladder_rows([(2, 2, 1), (4, 2, 1)])
    run = programme(catalogue, good, W2, W2.start).run
    assert (run.status, run.phase, run.done) == (LADDER, 2, 0)
    one = ladder_rows([(2, 2, 1)])
    assert programme(catalogue, one, W2, W2.start).run[:3] == (LADDER, 1, 1)
    back = ladder_rows([(2, 2, 1), (4, 2, 1), (6, 2, 3)])
    assert programme(catalogue, back, W2, W2.start).run[:2] == (LADDER, 1)


def test_the_ladder_ends_in_normal_running(catalogue: Catalogue) -> None:
    phases = len(catalogue.rules.return_to_run.phases)
    sessions = [(2 + 2 * i, 1, 1) for i in range(2 * phases)]
    assert (
        programme(
            catalogue, ladder_rows(sessions), Week(dt.date(2026, 11, 30)), dt.date(2026, 11, 30)
        ).run.status
        == NORMAL
    )


def test_the_plan_follows_the_ladder_a_rest_day_apart_beside_the_runs_as_typed(catalogue: Catalogue) -> None:
    rows = ladder_rows([])
    p = programme(catalogue, rows, W2, W2.start)
    runs = tuple(parse_spec(s, W2) for s in ("mon:8k", "tue:8k", "wed:8k", "sat:20k:long"))
    profile = Profile(today=W2.start, programme=p)
    result = plan(catalogue, WeekRuns(W2, runs), profile)
    assert check(result, catalogue, WeekRuns(W2, runs), profile) == []
    statuses = [(r.status, round(r.km, 1)) for d in result.days for r in d.runs]
    assert statuses == [("eased", 1.6), ("held", 0.0), ("eased", 1.6), ("eased", 1.6)]
    monday = result.days[0].runs[0]
    assert "phase 1 of 6: run 3 min, walk 2 min" in monday.advice and monday.typed_km == 8.0
    assert "next morning is no worse" in monday.condition
    assert any(n.code == "return-to-run" and n.source is not None for n in result.notes)


def test_a_plan_before_the_tests_holds_every_run_and_asks_for_them(catalogue: Catalogue) -> None:
    p = programme(catalogue, Rows(pain=flare(day(W1, 2))), W2, W2.start)
    runs = (parse_spec("tue:6k", W2),)
    result = plan(catalogue, WeekRuns(W2, runs), Profile(today=W2.start, programme=p))
    assert result.days[1].runs[0].status == "held" and result.status == "no-running"
    note = next(n for n in result.notes if n.code == "entry-tests")
    assert "a brisk 30-minute walk and 10 single-leg hops on each leg" in note.text
    assert "runback log test ID PAIN" in note.text


def test_levels_show_in_the_plan_with_their_reason(catalogue: Catalogue) -> None:
    p = programme(catalogue, strength_week(W1, during=1, morning=1), W2, W2.start)
    result = plan(catalogue, WeekRuns(W2, (parse_spec("sat:10k", W2),)), Profile(today=W2.start, programme=p))
    bridge = next(i for d in result.days for i in d.items if i.technique == "glute-bridge")
    assert bridge.dose == "2 x 15 reps" and "level 1 of 2, step 2 of 3: progressed" in bridge.why


def test_a_level_climbed_to_the_next_technique_is_the_one_planned(catalogue: Catalogue) -> None:
    """Eight good weeks of glute bridges: the plan's strength day has single-leg bridges in their
    place, at the top of the ladder, and says nothing of doing them instead of something else."""
    weeks = [Week(W1.start + dt.timedelta(weeks=i)) for i in range(8)]
    done: tuple[tuple[dt.date, str], ...] = ()
    pain: tuple[PainScore, ...] = ()
    for week in weeks:
        rows = strength_week(week, during=1, morning=1)
        done, pain = done + rows.done, pain + rows.pain
    after = Week(weeks[-1].start + dt.timedelta(weeks=1))
    p = programme(catalogue, Rows(done=done, pain=pain), after, after.start)
    result = plan(
        catalogue, WeekRuns(after, (parse_spec("sat:10k", after),)), Profile(today=after.start, programme=p)
    )
    strength = [i for d in result.days for i in d.items if i.section == "strength"]
    assert "glute-bridge" not in [i.technique for i in strength]
    bridge = next(i for i in strength if i.technique == "single-leg-bridge")
    assert (bridge.dose, bridge.why) == (
        "3 x 12 reps per side",
        "strength day; level 2 of 2, step 3 of 3: held: the top of its ladder",
    )


def test_a_morning_reminder_the_day_after(catalogue: Catalogue) -> None:
    rows = Rows(runs=(TODAY - dt.timedelta(days=1),))
    assert programme(catalogue, rows, W2, TODAY).reminders
    logged = rows._replace(pain=(PainScore(TODAY, 1, "morning"),))
    assert programme(catalogue, logged, W2, TODAY).reminders == ()


# --- invariants ---------------------------------------------------------------------------------

scores = st.one_of(st.none(), st.integers(0, 10))


@st.composite
def journals(draw: st.DrawFn) -> Rows:
    done, pain = [], []
    for week_index in range(draw(st.integers(1, 6))):
        week = Week(W1.start + dt.timedelta(weeks=week_index))
        for n in draw(st.lists(st.integers(0, 6), max_size=3, unique=True)):
            d = day(week, n)
            done.append((d, draw(st.sampled_from(["glute-bridge", "single-leg-bridge"]))))
            for context, value in (("morning", draw(scores)), ("routine", draw(scores))):
                if value is not None:
                    pain.append(PainScore(d, value, context))
            morning = draw(scores)
            if morning is not None:
                pain.append(PainScore(d + dt.timedelta(days=1), morning, "morning"))
    return Rows(done=tuple(sorted(done)), pain=tuple(sorted(pain)))


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journals())
def test_decisions_keep_their_invariants(rows: Rows) -> None:
    from runback.catalogue import load_catalogue

    catalogue = load_catalogue()
    after = Week(W1.start + dt.timedelta(weeks=7))
    result = programme(catalogue, rows, after, after.start)
    rungs = ladder(catalogue.rules, families(catalogue)["glute-bridge"])
    labels = [f"{r.technique} {r.level}.{r.step}" for r in rungs]
    previous = 0
    for decision in (d for d in result.history if d.family == "glute-bridge"):
        now = labels.index(decision.level)
        assert abs(now - previous) <= 1  # never more than one step a week
        if decision.decision == PROGRESS:
            assert decision.reason.startswith("progressed")  # only from a good week, never missing data
        if decision.reason.startswith("held: no pain scores"):
            assert now == previous
        previous = now
    for week_start in {d - dt.timedelta(days=d.weekday()) for d, _ in rows.done}:
        week = Week(week_start)
        days = [d for d, _ in rows.done if d in week]

        def last_morning(d: dt.date) -> int | None:
            """The day's morning score: the last logged, as the programme reads it."""
            found = [p.score for p in rows.pain if p.date == d and p.context == "morning"]
            return found[-1] if found else None

        mornings_worse = False
        for d in days:
            before, after = last_morning(d), last_morning(d + dt.timedelta(days=1))
            mornings_worse |= before is not None and after is not None and after > before
        decided = [
            x
            for x in result.history
            if x.family == "glute-bridge" and x.week == Week(week.start + dt.timedelta(weeks=1)).label
        ]
        if mornings_worse and decided:
            assert decided[0].decision == REGRESS or decided[0].reason.startswith("regressed")
