"""The stages that build a plan, in order, each a pure function from a draft to a new draft:

1. ``safety_gate``: red flags and pain that mean no plan (or a note to see a GP soon);
2. ``conditions``: what each condition changes in the runs (hard sessions easy, runs shorter);
3. ``pain_ladder``: no running for a while from the day the pain was reported, then runs eased,
   and only if the pain has settled;
3b. ``return_to_run``: after a flare the journal knows of, the entry tests, then the walk-run
   ladder's sessions in place of the runs as typed;
4. ``shape``: from the runs as planned, the week's long, hard and rest days, a full rest day in
   a heavy week, the strength days and the load warnings;
5. ``place``: each day's blocks, and the techniques chosen for them;
6. ``fit``: each day's recovery work within the runner's minutes;
7. ``guidance``: the week's notes, each true of the plan it sits in.

Every number and word comes from the catalogue's rules; a stage reads them and nothing else.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple

from ..units import FL_OZ_ML, POUND_KG, Units, body_mass, convert, distance
from ..units import pace as pace_text
from ..vocab import Category, RunKind
from ..week import Run, Week, format_minutes, short_date, weekday_name
from . import safety
from .choose import Chooser, Context, LeftOut
from .load import DayLoad, load_warnings, warning
from .model import EASED, HELD, REPLACED, Day, Item, Note, PlannedRun, Profile, Stop, Warning

if TYPE_CHECKING:
    from ..models import Block, Catalogue, ConditionRule, Message, Rules, Technique


class Shape(NamedTuple):
    """The week's days by kind, from the runs as planned."""

    long_days: tuple[dt.date, ...] = ()
    hard_days: tuple[dt.date, ...] = ()
    full_rest: dt.date | None = None  # in a heavy week, a day without a run kept for full rest
    strength: tuple[dt.date, ...] = ()
    strength_short: str = ""  # why strength falls short of the rules' days, when it does
    footwear: dt.date | None = None


class Draft(NamedTuple):
    catalogue: Catalogue
    week: Week
    profile: Profile
    budget: int
    runs: tuple[tuple[PlannedRun, ...], ...]  # a tuple of runs for each of the week's 7 days
    stop: Stop | None = None
    notes: tuple[Note, ...] = ()
    window: tuple[dt.date, ...] = ()  # days of no running for pain
    eased: tuple[dt.date, ...] = ()  # days eased for pain
    shape: Shape = Shape()
    days: tuple[Day, ...] = ()
    left_out: tuple[LeftOut, ...] = ()
    warnings: tuple[Warning, ...] = ()

    @property
    def rules(self) -> Rules:
        return self.catalogue.rules

    def runs_on(self, date: dt.date) -> tuple[PlannedRun, ...]:
        return self.runs[(date - self.week.start).days]

    def running_on(self, date: dt.date) -> tuple[PlannedRun, ...]:
        return tuple(p for p in self.runs_on(date) if p.running)


def start(catalogue: Catalogue, week: Week, runs: Iterable[Run], profile: Profile, budget: int) -> Draft:
    """The week with its runs as typed, each day's in a fixed order."""
    by_day: list[list[PlannedRun]] = [[] for _ in range(7)]
    for run in sorted(runs, key=run_order):
        by_day[(run.date - week.start).days].append(as_typed(catalogue.rules, run))
    return Draft(catalogue, week, profile, budget, tuple(tuple(day) for day in by_day))


def run_order(run: Run) -> tuple[object, ...]:
    """A total order on runs, so that the order they were given in never changes the plan."""
    return (
        run.date,
        run.kind.value,
        run.distance_km if run.distance_km is not None else -1.0,
        run.duration_min if run.duration_min is not None else -1.0,
        run.rpe or 0,
        run.origin,
    )


def as_typed(rules: Rules, run: Run) -> PlannedRun:
    """A run as typed, its other amount estimated at the kind's pace."""
    pace = rules.pace_min_per_km[run.kind]
    if run.distance_km is not None and run.duration_min is not None:
        km, minutes, estimated = run.distance_km, run.duration_min, ""
    elif run.distance_km is not None:
        km, minutes, estimated = run.distance_km, run.distance_km * pace, "duration"
    else:
        assert run.duration_min is not None
        km, minutes, estimated = run.duration_min / pace, run.duration_min, "distance"
    return PlannedRun(run, run.kind, km, minutes, km, minutes, estimated)


# --- 1. safety ----------------------------------------------------------------------------------


def safety_gate(draft: Draft) -> Draft:
    stop, notes = safety.gate(draft.catalogue, draft.profile)
    return draft._replace(stop=stop, notes=draft.notes + notes)


# --- 2. conditions ------------------------------------------------------------------------------


def conditions(draft: Draft) -> Draft:
    """Each condition's rule, applied to every run: hard sessions and long runs become easy runs,
    runs are capped at a length, and each changed run says why."""
    rules = draft.rules
    runs = draft.runs
    notes = list(draft.notes)
    for condition in sorted(set(draft.profile.conditions)):
        rule = rules.conditions[condition]
        message = rule.note
        notes.append(Note(f"condition:{condition.value}", message.text, message.basis or "",
                          message.evidence or "", message.source))  # fmt: skip
        runs = tuple(tuple(_apply_condition(rules, p, rule) for p in day) for day in runs)
    return draft._replace(runs=runs, notes=tuple(notes))


def _apply_condition(rules: Rules, p: PlannedRun, rule: ConditionRule) -> PlannedRun:
    kind = p.kind
    if rule.hard_runs == "easy" and p.hard(rules):
        if kind not in rules.hard_kinds:  # an easy kind at a hard effort: run it easy
            p = p._replace(status=EASED, advice=_join(p.advice, rules.messages.eased_hard.text))
        kind = RunKind.easy
    if rule.long_runs == "easy" and kind in rules.long_kinds:
        kind = RunKind.easy
    changed = _with_kind(rules, p, kind)
    if rule.max_run_minutes is not None and changed.minutes > rule.max_run_minutes:
        pace = rules.pace_min_per_km[changed.kind]
        changed = changed._replace(minutes=float(rule.max_run_minutes), km=rule.max_run_minutes / pace)
    if changed == p:
        return p
    return changed._replace(status=EASED, advice=_join(p.advice, rule.run_advice or ""))


def _with_kind(rules: Rules, p: PlannedRun, kind: RunKind) -> PlannedRun:
    """The run at another kind's pace: a distance stays a distance, a time stays a time."""
    if kind is p.kind:
        return p
    pace = rules.pace_min_per_km[kind]
    if p.estimated == "duration":
        return p._replace(kind=kind, minutes=p.km * pace)
    if p.estimated == "distance":
        return p._replace(kind=kind, km=p.minutes / pace)
    return p._replace(kind=kind)


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


# --- 3. the pain ladder -------------------------------------------------------------------------


def pain_ladder(draft: Draft) -> Draft:
    """From the day the pain was reported: at pain_no_running and above, no running for
    no_running_hours, then runs eased and only if the pain has settled; from pain_ease, runs
    eased. Days before the pain was reported keep their runs."""
    rules, profile = draft.rules, draft.profile
    m = rules.messages
    pain = profile.pain
    if pain < rules.pain_ease:
        return draft
    first = profile.pain_day or draft.week.start
    values = {"pain": pain, "day": short_date(first), "hours": rules.no_running_hours,
              "settled": rules.pain_settled}  # fmt: skip
    window: tuple[dt.date, ...] = ()
    if pain >= rules.pain_no_running:
        span = math.ceil(rules.no_running_hours / 24)
        window = tuple(first + dt.timedelta(days=i) for i in range(span))
    after = window[-1] if window else first - dt.timedelta(days=1)
    eased = tuple(d for d in draft.week.dates if d > after)
    condition = m.after_window.text.format(**values) if window else ""
    runs = []
    for date, day in zip(draft.week.dates, draft.runs, strict=True):
        if date in window:
            replaced = m.replaced.text.format(**values)
            runs.append(tuple(p._replace(km=0.0, minutes=0.0, status=REPLACED, advice=replaced) for p in day))
        elif date in eased:
            runs.append(
                tuple(
                    _ease(rules, p, draft.profile.units, shorten=bool(window))._replace(condition=condition)
                    for p in day
                )
            )
        else:
            runs.append(day)
    notes = list(draft.notes)
    in_week = tuple(d for d in window if d in draft.week)
    if in_week:
        days = ", ".join(short_date(d) for d in in_week)
        notes.append(_note("no-running", m.no_running, {**values, "days": days}))
    return draft._replace(runs=tuple(runs), notes=tuple(notes), window=in_week, eased=eased)


def _ease(rules: Rules, p: PlannedRun, units: Units, *, shorten: bool = False) -> PlannedRun:
    """A run at a gentler load: a hard session as an easy run, a long run shorter; with
    ``shorten`` (after a window of no running), every other run shorter too."""
    m = rules.messages
    if p.hard(rules):  # a hard kind, or an easy kind at a hard effort
        easy = _with_kind(rules, p, RunKind.easy)
        return easy._replace(status=EASED, advice=_join(p.advice, m.eased_hard.text))
    if p.kind in rules.long_kinds or shorten:
        factor = rules.eased_long_run_factor
        km, minutes = p.km * factor, p.minutes * factor
        amount = distance(km, units) if p.estimated != "distance" else format_minutes(minutes)
        advice = m.eased_long.text.format(amount=amount)
        return p._replace(km=km, minutes=minutes, status=EASED, advice=_join(p.advice, advice))
    return p


def _note(code: str, message: Message, values: dict[str, object]) -> Note:
    return Note(
        code,
        message.text.format(**values),
        message.basis.format(**values) if message.basis else "",
        message.evidence or "",
        message.source,
    )


# --- 3b. back to running after a flare ------------------------------------------------------------


def return_to_run(draft: Draft) -> Draft:
    """After a flare the journal knows of, running comes back by the walk-run ladder: no running
    until the entry tests are done, then sessions of the current phase, a rest day between them,
    each beside the run as typed. A runner who overrides it this week runs as typed."""
    programme = draft.profile.programme
    if programme is None:  # no journal: nothing to come back from (and the programme's module unloaded)
        return draft
    from ..programme import LADDER, NORMAL, OVERRIDE, TESTS

    if programme.choice == OVERRIDE or programme.run.status == NORMAL:
        return draft
    rules = draft.rules
    r, m = rules.return_to_run, rules.messages
    notes = list(draft.notes)
    runs: list[tuple[PlannedRun, ...]] = []
    if programme.run.status == TESTS:
        values = {"tests": " and ".join(t.name for t in r.entry_tests), "ids": ", ".join(t.id for t in r.entry_tests),
                  "max": max(t.max_pain for t in r.entry_tests)}  # fmt: skip
        notes.append(Note("entry-tests", m.entry_tests.text.format(**values), r.basis.basis or "",
                          r.basis.evidence or "", r.basis.source))  # fmt: skip
        since = programme.run.since or draft.week.start
        for date, day in zip(draft.week.dates, draft.runs, strict=True):
            runs.append(
                tuple(_held(p, m.ladder_tests.text) if p.running and date > since else p for p in day)
            )
        return draft._replace(runs=tuple(runs), notes=tuple(notes))
    assert programme.run.status == LADDER
    phase = r.phases[programme.run.phase - 1]
    values = {"phase": programme.run.phase, "phases": len(r.phases), "run": phase.run_min, "walk": phase.walk_min,
              "km": distance(phase.km, draft.profile.units), "done": programme.run.done,
              "repeats": r.repeats}  # fmt: skip
    session = (m.ladder_run if phase.run_min else m.ladder_continuous).text.format(**values)
    condition = m.ladder_condition.text.format(acceptable=rules.progression.acceptable_pain)
    last = programme.run.last_run
    limits = [rules.conditions[c].max_run_minutes for c in draft.profile.conditions]
    limit = min((m for m in limits if m is not None), default=None)
    for date, day in zip(draft.week.dates, draft.runs, strict=True):
        planned = []
        for p in day:
            if not p.running:
                planned.append(p)
            elif last is not None and (date - last).days <= r.rest_days:
                planned.append(_held(p, m.ladder_rest.text))
            else:
                planned.append(_session(rules, p, phase.km, session, _join(condition, p.condition), limit))
                last = date
        runs.append(tuple(planned))
    notes.append(
        Note("return-to-run", r.basis.text, r.basis.basis or "", r.basis.evidence or "", r.basis.source)
    )
    return draft._replace(runs=tuple(runs), notes=tuple(notes))


def _held(p: PlannedRun, advice: str) -> PlannedRun:
    return p._replace(km=0.0, minutes=0.0, status=HELD, advice=advice, condition="")


def _session(
    rules: Rules, p: PlannedRun, km: float, advice: str, condition: str, limit: float | None
) -> PlannedRun:
    """A walk-run session in place of a run, never more than the run as typed nor longer than a
    condition's limit on a run's minutes (``limit``), whatever the runner's pace."""
    pace = rules.pace_min_per_km[RunKind.easy]
    minutes = km * pace
    if p.estimated != "distance" and km > p.typed_km:
        km, minutes = p.typed_km, p.typed_km * pace
    if p.estimated != "duration" and minutes > p.typed_minutes:
        km, minutes = p.typed_minutes / pace, p.typed_minutes
    if limit is not None and minutes > limit:
        km, minutes = limit / pace, float(limit)
    return p._replace(
        kind=RunKind.easy, km=km, minutes=minutes, status=EASED, advice=advice, condition=condition
    )


# --- 4. the shape of the week -------------------------------------------------------------------


def shape(draft: Draft) -> Draft:
    rules = draft.rules
    dates = draft.week.dates
    kinds = {d: {p.load_kind(rules) for p in draft.running_on(d)} for d in dates}
    long_days = tuple(d for d in dates if kinds[d] & set(rules.long_kinds))
    hard_days = tuple(d for d in dates if kinds[d] & set(rules.hard_kinds))
    rest_days = tuple(d for d in dates if not kinds[d] and d not in draft.window)
    loads = [DayLoad(d, tuple((p.load_kind(rules), p.km) for p in draft.running_on(d))) for d in dates]
    warnings = load_warnings(rules, loads, draft.profile.previous_weeks, units=draft.profile.units)
    heavy = (
        sum(1 for d in dates if kinds[d]) >= rules.heavy_week_run_days
        or len(set(long_days) | set(hard_days)) >= rules.heavy_week_hard_days
        or any(w.code == "weekly-increase-large" for w in warnings)
    )
    full_rest = None
    if heavy and rest_days:
        big = sorted(set(long_days) | set(hard_days))
        after = [d for d in rest_days if big and d > big[0]]
        full_rest = (after or list(rest_days))[0]
    strength, short = _strength_days(draft, kinds, full_rest)
    week_km = sum(p.km for d in dates for p in draft.running_on(d))
    footwear = (rest_days or dates)[-1] if week_km >= rules.footwear_weekly_km else None
    return draft._replace(
        shape=Shape(long_days, hard_days, full_rest, strength, short, footwear),
        warnings=warnings,
    )


def _strength_days(
    draft: Draft, kinds: dict[dt.date, set[RunKind]], full_rest: dt.date | None
) -> tuple[tuple[dt.date, ...], str]:
    """Strength on days without a run first, then easy days; never on a hard or long day, the
    day before a long run or race, the day after a race, a full rest day or a day of no running
    for pain; spread out. When fewer days than the rules' are possible, why."""
    rules = draft.rules
    dates = draft.week.dates
    big = set(rules.hard_kinds) | set(rules.long_kinds)
    candidates = []
    reasons: list[str] = []
    for i, date in enumerate(dates):
        tomorrow, yesterday = date + dt.timedelta(days=1), date - dt.timedelta(days=1)
        why = ""
        if date in draft.window:
            why = "no running for pain"
        elif date == full_rest:
            why = "full rest"
        elif kinds[date] & big:
            why = "a hard or long run"
        elif kinds.get(tomorrow, set()) & set(rules.no_strength_before):
            why = "the day before a " + _kind_names(kinds[tomorrow] & set(rules.no_strength_before))
        elif kinds.get(yesterday, set()) & set(rules.no_strength_after):
            why = "the day after a " + _kind_names(kinds[yesterday] & set(rules.no_strength_after))
        if why:
            reasons.append(f"{weekday_name(date)}: {why}")
        else:
            candidates.append((0 if not kinds[date] else 1, i, date))
    chosen: list[dt.date] = []
    for gap in (2, 1):
        for _, _, date in sorted(candidates):
            if len(chosen) >= rules.strength_days:
                break
            if date not in chosen and all(abs((date - c).days) >= gap for c in chosen):
                chosen.append(date)
    short = "; ".join(reasons) if len(chosen) < rules.strength_days else ""
    return tuple(sorted(chosen)), short


# --- 5. what each day holds ---------------------------------------------------------------------


def _kind_names(kinds: set[RunKind]) -> str:
    """``long run or race``."""
    return " or ".join(k.value if k is RunKind.race else f"{k.value} run" for k in sorted(kinds))


def place(draft: Draft) -> Draft:
    rules, profile = draft.rules, draft.profile
    chooser = Chooser(draft.catalogue, profile)
    week_km = sum(p.km for d in draft.week.dates for p in draft.running_on(d))
    values = {
        "pain": profile.pain,
        "sitting": f"{profile.sitting_hours:g}",
        "km": distance(week_km, profile.units),
    }
    days = []
    left_out: list[LeftOut] = []
    # Made once for the week: the chooser turns each block through its candidates from day to day.
    rest_day = _cross_training(draft, rules.blocks.rest_day)
    for date in draft.week.dates:
        running = draft.running_on(date)
        blocks = _blocks(draft, date, bool(running), rest_day)
        context = Context(
            eased=date in draft.eased or date in draft.window,
            values=values,
            drink=functools.partial(drink, rules, profile.weight_kg, runs=running, units=profile.units),
        )
        chosen = chooser.day(blocks, context)
        left_out += chosen.left_out
        items = _in_order(rules, chosen.items)
        days.append(Day(date, "", draft.runs_on(date), tuple(items)))
    return draft._replace(days=tuple(days), left_out=tuple(dict.fromkeys(left_out)))


def _blocks(draft: Draft, date: dt.date, running: bool, rest_day: tuple[Block, ...]) -> list[Block]:
    """The day's blocks, in order; ``rest_day`` is the week's blocks for a day without a run."""
    rules, profile, s = draft.rules, draft.profile, draft.shape
    b = rules.blocks
    sitting = profile.sitting_hours >= rules.sitting_hours
    blocks: list[Block] = []
    if running:
        blocks += b.warm_up_after_sitting if sitting else b.warm_up
        blocks += b.warm_up_hard if date in s.hard_days else ()
        blocks += b.after_run
        blocks += b.long_run if date in s.long_days else ()
        blocks += b.hard_run if date in s.hard_days and date not in s.long_days else ()
        blocks += b.hydration
        if any(p.minutes >= rules.drink_during_minutes for p in draft.running_on(date)):
            blocks += b.long_hydration
    elif date in draft.window:
        blocks += b.instead if draft.runs_on(date) else ()
        blocks += b.flare
    elif date == s.full_rest:
        blocks += b.full_rest
    else:
        blocks += rest_day
    if date in draft.eased and date not in draft.window:
        blocks += b.eased
    if date in s.strength:
        blocks += b.strength
    if sitting:
        blocks += b.long_sitting
    for condition in sorted(set(profile.conditions)):
        blocks += rules.conditions[condition].add
    if date == s.footwear:
        blocks += b.footwear
    return blocks


def _cross_training(draft: Draft, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Rest-day blocks, with cross-training in the order a condition prefers, if one does."""
    prefer: tuple[str, ...] = ()
    for condition in sorted(set(draft.profile.conditions)):
        prefer += draft.rules.conditions[condition].prefer_cross_training
    if not prefer:
        return blocks
    return tuple(
        b.model_copy(update={"prefer": tuple(dict.fromkeys(prefer + b.prefer))})
        if b.category is Category.cross_training
        else b
        for b in blocks
    )


def _in_order(rules: Rules, items: list[Item]) -> list[Item]:
    """In the rules' section order; warm-ups general to specific; otherwise as chosen."""
    order = {name: i for i, name in enumerate(rules.sections)}
    return sorted(items, key=lambda it: (order.get(it.section, len(order)), it.order))


def _label(draft: Draft, date: dt.date, strength: bool) -> str:
    if date in draft.window:
        return "no running"
    running = draft.running_on(date)
    if running:
        kinds = ", ".join(dict.fromkeys(p.kind.value for p in running))
        return f"run ({kinds})" + (" + strength" if strength else "")
    if date == draft.shape.full_rest:
        return "full rest"
    return "rest from running" + (" + strength" if strength else "")


def drink(
    rules: Rules,
    weight: float | None,
    technique: Technique,
    *,
    runs: tuple[PlannedRun, ...],
    units: Units = Units.km,
) -> str:
    """How much to drink, in mL (and fluid ounces for a runner in miles) when the runner's weight
    is known, saying the weight it is for; during a run, for the day's longest run as planned."""
    from ..models import concrete_dose

    dose = technique.dose
    if dose.ml_per_kg:
        low, high = dose.ml_per_kg
        if weight:
            ml = f"{_round_ml(low * weight)}-{_round_ml(high * weight)} mL"
            rate = f"{low}-{high} mL/kg for {body_mass(weight, units)}"
            if units is Units.mi:
                ounces = "-".join(str(round(_round_ml(v * weight) / FL_OZ_ML)) for v in (low, high))
                return f"{ounces} fl oz ({ml}; {rate})"
            return f"{ml} ({rate})"
        return f"{low}-{high} mL per kg of body mass"
    if dose.ml_per_hour:
        high = dose.ml_per_hour[1]
        longest = max((p.minutes for p in runs), default=0.0)
        most = _round_ml(high * longest / 60)
        volume = f"{round(most / FL_OZ_ML)} fl oz ({most} mL)" if units is Units.mi else f"{most} mL"
        return f"to thirst, up to about {volume} over {format_minutes(longest)}"
    if dose.ml_per_kg_lost and units is Units.mi:  # 1500 mL/kg is about 23 fl oz for each pound lost
        low, high = (round(v * POUND_KG / FL_OZ_ML) for v in dose.ml_per_kg_lost)
        per_lb = f"{low}-{high}" if low != high else f"{low}"
        return f"{per_lb} fl oz per lb of body mass lost ({concrete_dose(dose)})"
    return concrete_dose(dose)


def _round_ml(value: float) -> int:
    return int(round(value / 10) * 10)


# --- 6. within the runner's minutes -------------------------------------------------------------


def fit(draft: Draft) -> Draft:
    """Each day's recovery work within the budget; self-release only with exercise beside it."""
    m = draft.rules.messages
    days = []
    shorten = functools.partial(at_low_dose, draft.catalogue)
    for day in draft.days:
        items, dropped = fit_items(list(day.items), draft.budget, shorten)
        items = pair_self_release(draft.rules, items)
        notes = day.notes
        if dropped:
            counted = f"{dropped} item{'s' if dropped != 1 else ''}"
            notes += (m.trimmed.text.format(minutes=draft.budget, dropped=counted),)
        strength = any(item.section == "strength" for item in items)
        days.append(day._replace(items=tuple(items), notes=notes, label=_label(draft, day.date, strength)))
    return draft._replace(days=tuple(days))


def fit_items(items: list[Item], budget: int, shorten: Callable[[Item], Item]) -> tuple[list[Item], int]:
    """Drop items until the recovery work fits ``budget`` minutes: the highest priority number
    first and, among equals, the one latest in the day. A warm-up's general start (the easy jog)
    is never dropped: the drills go before it does, and then it is shortened to its low dose."""
    kept = list(items)
    dropped = 0
    while _minutes(kept) > budget:
        droppable = [
            n for n, i in enumerate(kept) if not i.session and i.minutes > 0 and not _general_warm_up(i)
        ]
        if not droppable:
            kept = [shorten(i) if _general_warm_up(i) else i for i in kept]
            break
        del kept[max(droppable, key=lambda n: (kept[n].priority, n))]
        dropped += 1
    return kept, dropped


def _minutes(items: list[Item]) -> int:
    return sum(i.minutes for i in items if not i.session)


def at_low_dose(catalogue: Catalogue, item: Item) -> Item:
    """The item at the low end of its dose."""
    from ..models import concrete_dose, estimate_minutes

    technique = catalogue.get(item.technique)
    if technique is None or item.level == "low":
        return item
    return item._replace(
        level="low",
        dose=concrete_dose(technique.dose, "low"),
        minutes=estimate_minutes(technique.dose, "low"),
    )


def _general_warm_up(item: Item) -> bool:
    return item.category == Category.warm_up.value and item.order == 0


def pair_self_release(rules: Rules, items: list[Item]) -> list[Item]:
    """Self-release never stands alone: without an exercise item on the day, it goes (NICE NG59)."""
    exercise = {c.value for c in rules.exercise_categories}
    if any(i.category in exercise for i in items):
        return items
    return [i for i in items if i.category != Category.self_release.value]


# --- 7. guidance --------------------------------------------------------------------------------


def _eased_note(draft: Draft) -> Note:
    """The eased note, naming what the eased days' blocks really added (a condition may have left
    out heat, say)."""
    rules, profile = draft.rules, draft.profile
    values = {"pain": profile.pain, "sitting": f"{profile.sitting_hours:g}", "km": ""}
    whys = {block.why.format(**values) for block in rules.blocks.eased}
    names = [i.name.lower() for day in draft.days for i in day.items if i.why in whys]
    added = list(dict.fromkeys(names))
    first = profile.pain_day or draft.week.start
    listed = ", ".join(added[:-1]) + f" and {added[-1]}" if len(added) > 1 else "".join(added)
    text = {"pain": profile.pain, "day": short_date(first), "added": f"; {listed} added" if added else ""}
    return _note("eased", rules.messages.eased, text)


def guidance(draft: Draft) -> Draft:
    """The week's notes and warnings, each only when true of the plan as made."""
    m = draft.rules.messages
    s = draft.shape
    notes = list(draft.notes)
    programme = draft.profile.programme
    if programme is not None:
        notes += [Note("morning-reminder", text) for text in programme.reminders]
        levelled = any(programme.levels.get(f) and programme.levels[f].reason for f in programme.levels)
        if levelled:
            b = draft.rules.progression.basis
            notes.append(Note("programme", b.text, b.basis or "", b.evidence or "", b.source))
    if draft.eased:
        notes.append(_eased_note(draft))
    by_condition: dict[str, list[str]] = {}
    for out in draft.left_out:
        by_condition.setdefault(out.condition, [])
        if out.name not in by_condition[out.condition]:
            by_condition[out.condition].append(out.name)
    for condition, names in by_condition.items():
        notes.append(Note("left-out", m.left_out.text.format(condition=condition, names=", ".join(names))))
    if s.full_rest is not None:
        notes.append(_note("heavy-week", m.heavy_week, {"day": short_date(s.full_rest)}))
    profile = draft.profile
    if profile.easy_pace is not None and any(p.estimated for day in draft.days for p in day.runs):
        paced: dict[str, object] = {"pace": pace_text(profile.easy_pace, profile.units)}
        notes.append(_note("easy-pace", m.easy_pace, paced | {"source": profile.pace_source or "yours"}))
    timed = dict.fromkeys(i.technique for day in draft.days for i in day.items)
    for technique_id in timed:
        technique = draft.catalogue.get(technique_id)
        if technique is not None and technique.timing:
            notes.append(Note("timing", f"{technique.name}: {technique.timing}."))
    placed = {i.category for day in draft.days for i in day.items}
    if s.footwear is not None and Category.footwear.value in placed:
        week_km = sum(p.km for day in draft.days for p in day.running)
        units = draft.profile.units
        life = "-".join(str(round(convert(km, units) / 50) * 50) for km in draft.rules.footwear_life_km)
        notes.append(
            _note("footwear", m.footwear, {"km": distance(week_km, units), "life": f"{life} {units}"})
        )
    warnings = list(draft.warnings)
    strength_days = sum(1 for day in draft.days if any(i.section == "strength" for i in day.items))
    if strength_days < draft.rules.strength_days:
        why = s.strength_short or "not enough time on the days left"
        values = {"planned": strength_days, "wanted": draft.rules.strength_days, "why": why}
        warnings.append(warning("strength-short", m.strength_short, values))
    return draft._replace(notes=tuple(notes), warnings=tuple(warnings))
