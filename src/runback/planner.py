"""The planner: a week of runs and a runner's profile in, a day-by-day recovery plan out.

``plan(catalogue, week, profile)`` is a pure function: no I/O, no clock, no randomness, and no
iteration over sets, so the same input gives the same plan on every machine. What a day holds comes
from the catalogue's rules (blocks chosen by category, slot and target), its numbers from the rules'
thresholds, and its wording from the rules' messages.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from .models import concrete_dose, estimate_minutes
from .vocab import Category, Condition, Equipment, RunKind
from .week import Run, Week, format_minutes, short_date, weekday_name

if TYPE_CHECKING:
    from .models import Block, Catalogue, Message, Rules, Technique

STATUS_USUAL = "usual"
STATUS_EASED = "eased"
STATUS_NO_RUNNING = "no-running"
STATUS_STOP = "stop"
MIN_COMPARABLE_KM = 1.0  # recent weeks averaging less than this give nothing to compare a week with


# --- input ---------------------------------------------------------------------------------------


class Profile(NamedTuple):
    """The runner: today's pain, conditions, what they have, and recent weekly distance."""

    pain: int = 0
    today: dt.date | None = None
    conditions: tuple[Condition, ...] = ()
    red_flags: tuple[str, ...] = ()
    sitting_hours: float = 0.0
    equipment: tuple[Equipment, ...] = ()
    minutes: int | None = None
    weight_kg: float | None = None
    previous_weeks_km: tuple[float, ...] = ()


class WeekRuns(NamedTuple):
    """The week and its runs, in date order."""

    week: Week
    runs: tuple[Run, ...] = ()


# --- output --------------------------------------------------------------------------------------


class Item(NamedTuple):
    section: str
    technique: str
    name: str
    category: str
    dose: str
    minutes: int
    session: bool = False
    priority: int = 5
    note: str = ""
    level: str = "usual"  # the part of the dose's ranges chosen: low, usual or high


class PlannedRun(NamedTuple):
    run: Run
    km: float
    minutes: float
    estimated: str  # "distance" or "duration": which of the two was estimated from pace; "" neither
    status: str = "as-planned"  # as-planned, eased or replaced
    advice: str = ""


class Day(NamedTuple):
    date: dt.date
    label: str
    runs: tuple[PlannedRun, ...]
    items: tuple[Item, ...]
    notes: tuple[str, ...] = ()

    @property
    def recovery_minutes(self) -> int:
        """Minutes of recovery work: what the runner's daily budget covers (sessions are apart)."""
        return sum(item.minutes for item in self.items if not item.session)

    @property
    def session_minutes(self) -> int:
        return sum(item.minutes for item in self.items if item.session)

    @property
    def routines(self) -> tuple[Item, ...]:
        """The timed recovery work of the day: what ``runback go`` walks through."""
        return tuple(item for item in self.items if item.minutes and not item.session)


class Warning(NamedTuple):
    code: str
    text: str
    basis: str = ""
    evidence: str = ""
    source: str = ""


class Stop(NamedTuple):
    text: str
    urgent: bool
    flags: tuple[str, ...] = ()


class Totals(NamedTuple):
    runs: int = 0
    km: float = 0.0
    run_minutes: float = 0.0
    hard_sessions: int = 0
    recovery_minutes: int = 0
    session_minutes: int = 0
    rest_days: int = 0


class Plan(NamedTuple):
    week: Week
    status: str
    pain: int
    budget_minutes: int
    days: tuple[Day, ...]
    totals: Totals = Totals()
    notes: tuple[str, ...] = ()
    warnings: tuple[Warning, ...] = ()
    stop: Stop | None = None
    disclaimer: str = ""
    red_flags_hint: str = ""
    conditions: tuple[str, ...] = ()


# --- the planner ---------------------------------------------------------------------------------


def plan(catalogue: Catalogue, week: WeekRuns, profile: Profile) -> Plan:
    """The week's plan. Pure and deterministic."""
    rules = catalogue.rules
    budget = profile.minutes if profile.minutes is not None else rules.default_minutes
    base = Plan(
        week=week.week,
        status=STATUS_USUAL,
        pain=profile.pain,
        budget_minutes=budget,
        days=(),
        disclaimer=catalogue.notices.disclaimer,
        red_flags_hint=catalogue.notices.pointer,
        conditions=tuple(sorted(c.value for c in profile.conditions)),
    )
    stop = _stop(catalogue, profile)
    if stop is not None:
        return base._replace(status=STATUS_STOP, stop=stop)
    return _Planner(catalogue, week, profile, budget).build(base, week)


def routine(catalogue: Catalogue, name: str, profile: Profile) -> tuple[Item, ...]:
    """A named routine from the rules (``post-run``, ``warm-up``, ...): chosen as a plan's day is,
    leaving out what the runner cannot do or has no equipment for, within their minutes."""
    rules = catalogue.rules
    budget = profile.minutes if profile.minutes is not None else rules.default_minutes
    items, _ = _Planner(catalogue, None, profile, budget).assemble(list(rules.routines[name]), [])
    return tuple(i for i in items if not i.session)


def _stop(catalogue: Catalogue, profile: Profile) -> Stop | None:
    rules = catalogue.rules
    flags = [f for f in catalogue.red_flags if f.id in profile.red_flags]
    urgent = any(f.urgent for f in flags)
    if not flags and profile.pain < rules.pain_stop:
        return None
    m = rules.messages
    message = m.stop_urgent if urgent else m.stop_flag if flags else m.stop
    named = [f for f in flags if f.urgent] if urgent else flags
    names = "; ".join(f.name[0].lower() + f.name[1:] for f in named)
    text = message.text.format(pain=profile.pain, flags=names)
    return Stop(text=text, urgent=urgent, flags=tuple(f.id for f in flags))


def _km(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


class _Planner:
    def __init__(self, catalogue: Catalogue, week: WeekRuns | None, profile: Profile, budget: int) -> None:
        """``week`` is None when choosing a routine outside a week's plan."""
        self.catalogue = catalogue
        self.rules: Rules = catalogue.rules
        self.dates: tuple[dt.date, ...] = week.week.dates if week is not None else ()
        self.profile = profile
        self.budget = budget
        self.blocks_used: dict[int, int] = {}
        have = set(profile.equipment) | set(self.rules.household_equipment)
        banned = set(profile.conditions)
        self.usable = tuple(
            t
            for t in catalogue.techniques
            if not banned.intersection(t.contraindications) and have.issuperset(t.equipment)
        )
        pain = profile.pain
        self.eased = pain >= self.rules.pain_ease
        running_off = week is not None and pain >= self.rules.pain_no_running
        self.no_running_days = self._no_running_days(week) if week is not None and running_off else ()

    # -- the week's shape ----------------------------------------------------------------------

    def _no_running_days(self, week_runs: WeekRuns) -> tuple[dt.date, ...]:
        week = week_runs.week
        today = self.profile.today
        first = today if today is not None and today in week else week.start
        days = math.ceil(self.rules.no_running_hours / 24)
        return tuple(
            first + dt.timedelta(days=i) for i in range(days) if first + dt.timedelta(days=i) in week
        )

    def _planned(self, run: Run) -> PlannedRun:
        pace = self.rules.pace_min_per_km[run.kind]
        if run.distance_km is not None and run.duration_min is not None:
            planned = PlannedRun(run, run.distance_km, run.duration_min, "")
        elif run.distance_km is not None:
            planned = PlannedRun(run, run.distance_km, run.distance_km * pace, "duration")
        else:
            assert run.duration_min is not None
            planned = PlannedRun(run, run.duration_min / pace, run.duration_min, "distance")
        if run.date in self.no_running_days:
            return planned._replace(status="replaced", advice="no running today: see what to do instead")
        if self.eased and run.kind in self.rules.hard_kinds:
            return planned._replace(status="eased", advice="run it easy (conversational pace) this week")
        if self.eased and run.kind in self.rules.long_kinds:
            shorter = self.rules.eased_long_run_factor
            if run.distance_km is not None:
                advice = f"shorten it to about {_km(run.distance_km * shorter)} km, at an easy pace"
            else:
                advice = f"shorten it to about {format_minutes(planned.minutes * shorter)}, at an easy pace"
            return planned._replace(status="eased", advice=advice)
        return planned

    def build(self, base: Plan, week: WeekRuns) -> Plan:
        rules = self.rules
        runs_by_day: dict[dt.date, list[PlannedRun]] = {d: [] for d in self.dates}
        for run in sorted(week.runs, key=_run_order):
            runs_by_day[run.date].append(self._planned(run))
        running = {d: [p for p in runs if p.status != "replaced"] for d, runs in runs_by_day.items()}
        kinds = {d: {p.run.kind for p in runs} for d, runs in running.items()}
        long_days = [d for d in running if kinds[d] & set(rules.long_kinds)]
        hard_days = [d for d in running if kinds[d] & set(rules.hard_kinds)]
        rest_days = [d for d in running if not runs_by_day[d]]
        # Load counts the runs that will happen: not those replaced while running is off.
        week_km = sum(p.km for runs in running.values() for p in runs)
        warnings = self._warnings(running, week_km)
        heavy = (
            sum(1 for d in running if running[d]) >= rules.heavy_week_run_days
            or len(set(long_days) | set(hard_days)) >= rules.heavy_week_hard_days
            or any(w.code == "weekly-increase-large" for w in warnings)
        )
        full_rest = self._full_rest_day(rest_days, long_days + hard_days) if heavy else None
        strength = self._strength_days(runs_by_day, kinds, full_rest)
        footwear_day = (rest_days or list(self.dates))[-1] if week_km >= rules.footwear_weekly_km else None

        days = []
        for date in self.dates:
            blocks = self._blocks_for(
                date,
                runs_by_day[date],
                is_long=date in long_days,
                is_hard=date in hard_days,
                full_rest=date == full_rest,
                strength=date in strength,
                footwear=date == footwear_day,
            )
            days.append(self._day(date, runs_by_day[date], blocks, full_rest == date, date in strength))

        notes = self._notes(heavy, footwear_day is not None, week_km)
        status = STATUS_NO_RUNNING if self.no_running_days else STATUS_EASED if self.eased else STATUS_USUAL
        all_runs = [p for runs in running.values() for p in runs]
        totals = Totals(
            runs=len(all_runs),
            km=round(week_km, 1),
            run_minutes=round(sum(p.minutes for p in all_runs), 1),
            hard_sessions=len(hard_days),
            recovery_minutes=sum(d.recovery_minutes for d in days),
            session_minutes=sum(d.session_minutes for d in days),
            rest_days=len(rest_days),
        )
        return base._replace(status=status, days=tuple(days), totals=totals, notes=notes, warnings=warnings)

    def _full_rest_day(self, rest_days: list[dt.date], big_days: list[dt.date]) -> dt.date | None:
        """The first day without a run after the week's biggest day, else the first day without a run."""
        if not rest_days:
            return None
        after = [d for d in rest_days if big_days and d > min(big_days)]
        return (after or rest_days)[0]

    def _strength_days(
        self,
        runs_by_day: dict[dt.date, list[PlannedRun]],
        kinds: dict[dt.date, set[RunKind]],
        full_rest: dt.date | None,
    ) -> tuple[dt.date, ...]:
        """Strength on days without a run, then easy days; never the day before a long run or race,
        never on a hard or long day, on a full rest day or a day of no running; spread out."""
        rules = self.rules
        dates = self.dates
        big = set(rules.hard_kinds) | set(rules.long_kinds)
        candidates = []
        for i, date in enumerate(dates):
            tomorrow = date + dt.timedelta(days=1)
            before_big = tomorrow in kinds and kinds[tomorrow] & set(rules.no_strength_before)
            if kinds[date] & big or before_big or date == full_rest or date in self.no_running_days:
                continue
            candidates.append((0 if not runs_by_day[date] else 1, i, date))
        chosen: list[dt.date] = []
        for gap in (2, 1):
            for _, _, date in sorted(candidates):
                if len(chosen) >= rules.strength_days:
                    break
                if date not in chosen and all(abs((date - c).days) >= gap for c in chosen):
                    chosen.append(date)
        return tuple(sorted(chosen))

    def _blocks_for(
        self,
        date: dt.date,
        runs: list[PlannedRun],
        *,
        is_long: bool,
        is_hard: bool,
        full_rest: bool,
        strength: bool,
        footwear: bool,
    ) -> list[Block]:
        b = self.rules.blocks
        running = [p for p in runs if p.status != "replaced"]
        blocks: list[Block] = []
        if running:
            blocks += b.run
            blocks += b.long_run if is_long else ()
            blocks += b.hard_run if is_hard and not is_long else ()
            if self.profile.sitting_hours >= self.rules.sitting_hours:
                blocks += b.long_sitting_run
            blocks += b.hydration
            if any(p.minutes >= self.rules.drink_during_minutes for p in running):
                blocks += b.long_hydration
        elif date in self.no_running_days:
            blocks += b.instead
            blocks += b.flare
        elif full_rest:
            blocks += b.full_rest
        else:
            blocks += b.rest_day
        if self.eased and date not in self.no_running_days:
            blocks += b.eased
        if strength:
            blocks += b.strength
        if self.profile.sitting_hours >= self.rules.sitting_hours:
            blocks += b.long_sitting
        for condition in sorted(self.profile.conditions):
            blocks += b.conditions.get(condition, ())
        if footwear:
            blocks += b.footwear
        return blocks

    # -- choosing techniques -------------------------------------------------------------------

    def _candidates(self, block: Block) -> list[Technique]:
        matching = [
            t
            for t in self.usable
            if (not block.only or t.id in block.only)
            and (block.category is None or t.category is block.category)
            and (block.slot is None or block.slot in t.slots)
            and (block.target is None or block.target in t.targets)
        ]
        rank = {tid: i for i, tid in enumerate(block.only or block.prefer)}
        return sorted(matching, key=lambda t: rank.get(t.id, len(rank)))

    def _choose(self, block: Block, taken: set[str]) -> list[Technique]:
        """``count`` techniques for a block, turning through the candidates across the week."""
        candidates = [t for t in self._candidates(block) if t.id not in taken]
        if not candidates:
            return []
        turn = self.blocks_used.get(id(block), 0)
        self.blocks_used[id(block)] = turn + 1
        start = (turn * block.count) % len(candidates)
        rotated = candidates[start:] + candidates[:start]
        return rotated[: block.count]

    def _item(self, technique: Technique, block: Block, runs: list[PlannedRun]) -> Item:
        level = "low" if self.eased else block.dose
        minutes = estimate_minutes(technique.dose, level)
        dose = concrete_dose(technique.dose, level)
        note = technique.dose.note or ""
        if technique.category is Category.hydration:
            dose, minutes = self._drink(technique, runs), 0
        if technique.timing:
            dose = f"{dose}, {technique.timing}"
        return Item(
            section=block.section,
            technique=technique.id,
            name=technique.name,
            category=technique.category.value,
            dose=dose,
            minutes=minutes,
            session=block.session,
            priority=block.priority,
            note=note,
            level=level,
        )

    def _run_minutes(self, p: PlannedRun) -> float:
        """How long a run will take: an eased long run is shortened."""
        if p.status == "eased" and p.run.kind in self.rules.long_kinds:
            return p.minutes * self.rules.eased_long_run_factor
        return p.minutes

    def _drink(self, technique: Technique, runs: list[PlannedRun]) -> str:
        """How much to drink, in mL when the runner's weight is known."""
        dose = technique.dose
        weight = self.profile.weight_kg
        if dose.ml_per_kg:
            low, high = dose.ml_per_kg
            if weight:
                return f"{_round_ml(low * weight)}-{_round_ml(high * weight)} mL ({low}-{high} mL/kg)"
            return f"{low}-{high} mL per kg of body mass"
        if dose.ml_per_hour:
            low, high = dose.ml_per_hour
            longest = max((self._run_minutes(p) for p in runs if p.status != "replaced"), default=0.0)
            hours = longest / 60
            return f"about {_round_ml(low * hours)}-{_round_ml(high * hours)} mL over {format_minutes(longest)} ({low}-{high} mL per hour)"
        return concrete_dose(dose)

    def assemble(self, blocks: list[Block], runs: list[PlannedRun]) -> tuple[list[Item], int]:
        """A day's items from its blocks: chosen, fitted to the minutes, self-release paired with
        exercise, in section order; and how many were left out to fit."""
        items: list[Item] = []
        taken: set[str] = set()
        for block in blocks:
            for technique in self._choose(block, taken):
                taken.add(technique.id)
                items.append(self._item(technique, block, runs))
        items, trimmed = self._fit(items)
        items = self._pair_self_release(items)
        order = {name: i for i, name in enumerate(self.rules.sections)}
        items.sort(key=lambda it: order.get(it.section, len(order)))
        return items, trimmed

    def _day(
        self, date: dt.date, runs: list[PlannedRun], blocks: list[Block], full_rest: bool, strength: bool
    ) -> Day:
        items, trimmed = self.assemble(blocks, runs)
        notes = []
        if trimmed:
            notes.append(self.rules.messages.trimmed.text.format(minutes=self.budget, dropped=trimmed))
        strength = any(item.section == "strength" for item in items)
        label = _label(runs, date in self.no_running_days, full_rest, strength)
        return Day(date=date, label=label, runs=tuple(runs), items=tuple(items), notes=tuple(notes))

    def _fit(self, items: list[Item]) -> tuple[list[Item], int]:
        """Drop the items of least priority until the day's recovery work fits the runner's minutes."""
        kept = list(items)
        dropped = 0
        while sum(i.minutes for i in kept if not i.session) > self.budget:
            work = [i for i in kept if not i.session and i.minutes > 0]
            worst = max(reversed(work), key=lambda i: i.priority)
            kept.remove(worst)
            dropped += 1
        return kept, dropped

    def _pair_self_release(self, items: list[Item]) -> list[Item]:
        """Self-release never stands alone: without an exercise item on the day, it goes (NICE NG59)."""
        exercise = {c.value for c in self.rules.exercise_categories}
        if any(i.category in exercise for i in items):
            return items
        return [i for i in items if i.category != Category.self_release.value]

    # -- guidance ------------------------------------------------------------------------------

    def _notes(self, heavy: bool, footwear: bool, week_km: float) -> tuple[str, ...]:
        m = self.rules.messages
        pain = self.profile.pain
        notes = []
        if self.no_running_days:
            days = ", ".join(short_date(d) for d in self.no_running_days)
            notes.append(m.no_running.text.format(pain=pain, hours=self.rules.no_running_hours, days=days))
        if self.eased:
            notes.append(m.eased.text.format(pain=pain))
        for condition in sorted(self.profile.conditions):
            message = m.conditions.get(condition)
            if message:
                notes.append(message.text)
        if heavy:
            notes.append(m.heavy_week.text)
        if footwear:
            notes.append(m.footwear.text.format(km=_km(week_km)))
        return tuple(notes)

    def _warnings(self, runs_by_day: dict[dt.date, list[PlannedRun]], week_km: float) -> tuple[Warning, ...]:
        rules = self.rules
        m = rules.messages
        out: list[Warning] = []
        runs = [p for day in runs_by_day.values() for p in day]
        previous = list(self.profile.previous_weeks_km)
        average = sum(previous) / len(previous) if previous else 0.0
        if average >= MIN_COMPARABLE_KM and runs:
            change = (week_km - average) / average * 100
            values = {
                "km": _km(week_km),
                "previous": _km(average),
                "weeks": len(previous),
                "pct": round(change),
            }
            if change > rules.increase_warn_pct:
                out.append(_warning("weekly-increase-large", m.weekly_increase_large, values))
            elif change > rules.increase_note_pct:
                out.append(_warning("weekly-increase", m.weekly_increase, values))
        if len(runs) >= rules.long_run_share_min_runs and week_km > 0:
            longest = max(runs, key=lambda p: p.km)
            share = longest.km / week_km
            if share > rules.long_run_share:
                values = {"km": _km(longest.km), "total": _km(week_km), "pct": round(share * 100)}
                out.append(_warning("long-run-share", m.long_run_share, values))
        big = set(rules.hard_kinds) | set(rules.long_kinds)
        dates = self.dates
        for a, b in itertools.pairwise(dates):
            if {p.run.kind for p in runs_by_day[a]} & big and {p.run.kind for p in runs_by_day[b]} & big:
                values = {"first": weekday_name(a), "second": weekday_name(b)}
                out.append(_warning("back-to-back", m.back_to_back, values))
        if all(runs_by_day[d] for d in dates):
            out.append(_warning("no-rest-day", m.no_rest_day, {}))
        recent = previous[-rules.acwr_weeks :]
        if len(recent) >= rules.acwr_weeks and sum(recent) / len(recent) >= MIN_COMPARABLE_KM and runs:
            ratio = week_km / (sum(recent) / len(recent))
            values = {"ratio": f"{ratio:.2f}", "weeks": len(recent), "high": rules.acwr_high}
            out.append(_warning("acwr", m.acwr, values))
        return tuple(out)


def _run_order(run: Run) -> tuple[object, ...]:
    """A total order on runs, so that the order they were given in never changes the plan."""
    return (
        run.date,
        run.kind.value,
        run.distance_km if run.distance_km is not None else -1.0,
        run.duration_min if run.duration_min is not None else -1.0,
        run.rpe or 0,
        run.origin,
    )


def _warning(code: str, message: Message, values: dict[str, object]) -> Warning:
    source = ""
    if message.source is not None:
        s = message.source
        source = f"{s.title}. {s.publisher}, {s.year}. {s.url}"
    return Warning(
        code=code,
        text=message.text.format(**values),
        basis=message.basis.format(**values) if message.basis else "",
        evidence=message.evidence or "",
        source=source,
    )


def _round_ml(value: float) -> int:
    return int(round(value / 10) * 10)


def _label(runs: Iterable[PlannedRun], no_running: bool, full_rest: bool, strength: bool) -> str:
    runs = list(runs)
    if no_running:
        return "no running"
    if runs:
        kinds = ", ".join(dict.fromkeys(p.run.kind.value for p in runs))
        return f"run ({kinds})" + (" + strength" if strength else "")
    if full_rest:
        return "full rest"
    return "rest from running" + (" + strength" if strength else "")
