"""The catalogue's data model: techniques, their doses, red flags and the planner's rules.

Every model forbids unknown keys, so a misspelt field fails loudly, and is frozen. Schemas are built
lazily (``defer_build``): a run that reads a catalogue already validated and cached never builds them.
"""

import itertools
import math
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
)

from .vocab import (
    Category,
    Condition,
    Equipment,
    Intensity,
    RedFlagGroup,
    RedFlagLevel,
    RunKind,
    Slot,
    Target,
)

SCHEMA_CATALOGUE = "runback.catalogue/1"

_CONFIG = ConfigDict(extra="forbid", frozen=True, defer_build=True, str_strip_whitespace=True)


class Model(BaseModel):
    model_config = _CONFIG


def _as_pair(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return (value, value)
    return value


def _ordered(pair: tuple[int, int]) -> tuple[int, int]:
    if pair[0] > pair[1]:
        raise ValueError(f"a range is [low, high] with low <= high, not [{pair[0]}, {pair[1]}]")
    return pair


def _range(low: int, high: int) -> Any:
    bound = Annotated[StrictInt, Field(ge=low, le=high)]
    return Annotated[tuple[bound, bound], BeforeValidator(_as_pair), AfterValidator(_ordered)]


Level = Literal["low", "usual", "high"]
"""How much of a range to do today: its low end, its high end, or the usual middle way: the longest
hold done the fewest times (2 x 30 s makes ACSM's 60 s a stretch), the most reps in the fewest sets,
and the shortest time."""


KEBAB_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
PATTERN_HELP = {
    KEBAB_PATTERN: "an id is lower-case words and numbers joined by hyphens, such as 'figure-4-stretch'",
    URL_PATTERN: "a web address starting with https:// (or http://)",
}
Kebab = Annotated[str, Field(pattern=KEBAB_PATTERN, max_length=60)]
Text = Annotated[str, Field(min_length=3, max_length=600)]


class Dose(Model):
    """How much: a hold, repetitions and sets, minutes, or (for drinking) millilitres.

    Every amount is a number or a ``[low, high]`` range, as the evidence gives it.
    """

    hold_s: _range(1, 600) | None = None  # type: ignore[valid-type]
    reps: _range(1, 100) | None = None  # type: ignore[valid-type]
    sets: _range(1, 10) | None = None  # type: ignore[valid-type]
    minutes: _range(1, 240) | None = None  # type: ignore[valid-type]
    rest_s: Annotated[StrictInt, Field(ge=0, le=600)] | None = None
    per_side: StrictBool = False
    per_week: _range(1, 7) | None = None  # type: ignore[valid-type]
    ml_per_kg: _range(1, 20) | None = None  # type: ignore[valid-type]
    ml_per_hour: _range(50, 2000) | None = None  # type: ignore[valid-type]
    """Drinking during a run: the upper bound of an hour's drinking (drink to thirst, never more)."""
    ml_per_kg_lost: _range(500, 2000) | None = None  # type: ignore[valid-type]
    total_s: Annotated[StrictInt, Field(ge=10, le=600)] | None = None
    """Seconds of holding to reach on each side (static stretches: about 60 s, ACSM): a gentler
    day holds for shorter times more often, never less in total."""
    note: Text | None = None

    def model_post_init(self, context: Any, /) -> None:
        if not (
            self.hold_s
            or self.reps
            or self.minutes
            or self.ml_per_kg
            or self.ml_per_hour
            or self.ml_per_kg_lost
        ):
            raise ValueError(
                "give at least one of hold_s, reps, minutes, ml_per_kg, ml_per_hour or ml_per_kg_lost"
            )
        if self.hold_s and not self.reps:
            raise ValueError("a hold needs reps: how many times to hold it")
        if self.sets and not self.reps:
            raise ValueError("sets need reps: how many repetitions make a set")
        if self.total_s is not None:
            if not (self.hold_s and self.reps):
                raise ValueError("total_s is the time a hold adds up to: it needs hold_s and reps")
            if self.hold_s[1] * self.reps[1] < self.total_s:
                raise ValueError(
                    f"total_s {self.total_s} cannot be reached: {self.hold_s[1]} s x {self.reps[1]} at most"
                )


class Source(Model):
    """Where a claim comes from. A journal article names its authors."""

    title: Text
    kind: Literal["article", "guideline", "book", "web"]
    authors: Annotated[str, Field(min_length=3, max_length=300)] | None = None
    publisher: Annotated[str, Field(min_length=2, max_length=200)]
    year: Annotated[StrictInt, Field(ge=1950, le=2100)]
    url: Annotated[str, Field(pattern=URL_PATTERN, max_length=400)]

    def model_post_init(self, context: Any, /) -> None:
        if self.kind == "article" and not self.authors:
            raise ValueError(
                "a journal article names its authors, e.g. authors: Silbernagel KG, Thomee R, et al."
            )


class Technique(Model):
    id: Kebab
    name: Annotated[str, Field(min_length=3, max_length=80)]
    category: Category
    purpose: Text
    timing: Text | None = None
    targets: Annotated[tuple[Target, ...], Field(min_length=1)]
    dose: Dose
    steps: Annotated[tuple[Text, ...], Field(min_length=1, max_length=12)]
    slots: Annotated[tuple[Slot, ...], Field(min_length=1)]
    intensity: Intensity
    equipment: tuple[Equipment, ...] = ()
    """What the technique cannot be done without."""
    optional_equipment: tuple[Equipment, ...] = ()
    """What helps but is not needed (a mat for cat-cow)."""
    stage: Literal["general", "dynamic", "specific"] | None = None
    """For warm-ups, which run general to specific: an easy jog or walk first, then dynamic
    drills, then specific drills (strides, skips) before hard sessions only."""
    contraindications: tuple[Condition, ...] = ()
    cautions: tuple[Text, ...] = ()
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]
    alternatives: tuple[Kebab, ...] = ()
    progression_of: Kebab | None = None

    def model_post_init(self, context: Any, /) -> None:
        hold = self.dose.hold_s
        if self.category is Category.stretching:
            if not hold or not self.dose.total_s:
                raise ValueError(
                    "a static stretch has a hold (hold_s), reps and the total to reach (total_s)"
                )
            if not (hold[0] >= 10 and hold[1] <= 60):
                raise ValueError(
                    "a static stretch is held 10-60 s (10-30 s for most adults, 30-60 s for older adults);"
                    f" got {hold[0]}-{hold[1]} s"
                )
        if self.category is Category.mobility and (hold or not self.dose.reps):
            raise ValueError(
                "a mobility drill moves through its range for reps; a held position is a stretch"
            )
        if (self.category is Category.warm_up) != (self.stage is not None):
            raise ValueError(
                "a warm-up has a stage (general, dynamic or specific), and only a warm-up has one"
            )
        both = set(self.equipment) & set(self.optional_equipment)
        if both:
            raise ValueError(f"{', '.join(sorted(both))}: needed or optional, not both")

    @property
    def minutes(self) -> int:
        """Whole minutes the technique takes at its usual dose."""
        return estimate_minutes(self.dose)

    @property
    def sided(self) -> bool:
        return self.dose.per_side


class RedFlag(Model):
    id: Kebab
    name: Annotated[str, Field(min_length=3, max_length=80)]
    description: Text
    group: RedFlagGroup
    level: RedFlagLevel
    """emergency: A&E now, no plan; urgent: a doctor today, no plan; soon: book a GP appointment,
    and the plan goes on with a note."""
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]


class Block(Model):
    """A part of a day's plan: up to ``count`` techniques chosen by category, slot and target.

    Techniques named in ``prefer`` come first, in that order; the rest follow in catalogue order.
    With ``only``, the block chooses among those techniques alone. ``why`` is the rule that
    placed it, shown beside each item ("after a long run").
    A ``session`` (cross-training in place of a run) is listed with its time but is not counted
    against the runner's daily minutes for recovery work.
    """

    section: Kebab
    why: Annotated[str, Field(min_length=3, max_length=120)]
    category: Category | None = None
    slot: Slot | None = None
    target: Target | None = None
    prefer: tuple[Kebab, ...] = ()
    count: Annotated[StrictInt, Field(ge=1, le=10)] = 1
    session: StrictBool = False
    only: tuple[Kebab, ...] = ()
    dose: Level = "usual"
    priority: Annotated[StrictInt, Field(ge=1, le=9)] = 5
    """When a day's work is over the runner's minutes, items of the highest priority number go first."""


Pace = Annotated[float, Field(gt=2.5, lt=15)]
Share = Annotated[float, Field(gt=0, lt=1)]
Percent = Annotated[StrictInt, Field(ge=1, le=500)]
Score = Annotated[StrictInt, Field(ge=0, le=10)]


class Message(Model):
    """Guidance shown with a plan; ``{name}`` fields are filled in from the week."""

    text: Text
    basis: Text | None = None
    evidence: Literal["weak", "moderate", "strong", "disputed"] | None = None
    source: Source | None = None


class Blocks(Model):
    """What each kind of day holds. Within a day, blocks listed first are kept first when time is short."""

    warm_up: tuple[Block, ...]
    warm_up_after_sitting: tuple[Block, ...]
    """Instead of warm_up after a long sitting day: a longer jog and hip-flexor drills."""
    warm_up_hard: tuple[Block, ...]
    after_run: tuple[Block, ...]
    long_run: tuple[Block, ...]
    hard_run: tuple[Block, ...]
    rest_day: tuple[Block, ...]
    full_rest: tuple[Block, ...]
    strength: tuple[Block, ...]
    instead: tuple[Block, ...]
    flare: tuple[Block, ...]
    eased: tuple[Block, ...]
    long_sitting: tuple[Block, ...]
    hydration: tuple[Block, ...]
    long_hydration: tuple[Block, ...]
    footwear: tuple[Block, ...]


class ConditionRule(Model):
    """What a condition changes in a plan, beyond leaving out the techniques that list it as a
    contraindication. ``note`` says what changes and why, with its source."""

    note: Message
    hard_runs: Literal["keep", "easy"] = "keep"
    long_runs: Literal["keep", "easy"] = "keep"
    max_run_minutes: Annotated[StrictInt, Field(ge=10, le=240)] | None = None
    run_advice: Text | None = None
    """Said on every run the condition changes."""
    add: tuple[Block, ...] = ()
    """Blocks added to every day."""
    prefer_cross_training: tuple[Kebab, ...] = ()

    def model_post_init(self, context: Any, /) -> None:
        if self.note.source is None:
            raise ValueError("a condition's rule needs a source for what it changes")
        changes_runs = self.hard_runs != "keep" or self.long_runs != "keep" or self.max_run_minutes
        if changes_runs and not self.run_advice:
            raise ValueError("a rule that changes runs says why on each one (run_advice)")


class ProgressionRules(Model):
    """How the back's response moves a movement up or down its ladder, once a week: the pain
    thresholds (borrowed from the pain-monitoring model used in tendinopathy), and the order in
    which a dose grows within a level before the next level."""

    safe_pain: Score
    acceptable_pain: Score
    categories: Annotated[tuple[Category, ...], Field(min_length=1)]
    """The kinds of technique that move up and down their ladders (strength work)."""
    order: Annotated[tuple[Literal["reps", "sets", "hold_s"], ...], Field(min_length=1)]
    basis: Message

    def model_post_init(self, context: Any, /) -> None:
        if not self.safe_pain < self.acceptable_pain:
            raise ValueError("safe_pain must be below acceptable_pain")
        if len(set(self.order)) != len(self.order):
            raise ValueError("order names each part of a dose once")
        if self.basis.source is None:
            raise ValueError("the progression rule needs a source")


class EntryTest(Model):
    """A test before running comes back after a flare: done with pain no higher than ``max_pain``."""

    id: Kebab
    name: Annotated[str, Field(min_length=3, max_length=80)]
    max_pain: Score


class RunPhase(Model):
    """A walk-run phase: repeats of ``run_min`` running and ``walk_min`` walking, to ``km`` in all;
    no ``run_min`` is continuous running."""

    run_min: Annotated[StrictInt, Field(ge=1, le=30)] | None = None
    walk_min: Annotated[StrictInt, Field(ge=0, le=10)] = 0
    km: Annotated[float, Field(gt=0, le=20)]


class ReturnToRun(Model):
    """Running after a flare: entry tests, then walk-run phases, each done ``repeats`` times with
    pain acceptable during and settled by the next morning, a rest day between runs."""

    entry_tests: Annotated[tuple[EntryTest, ...], Field(min_length=1)]
    repeats: Annotated[StrictInt, Field(ge=1, le=5)]
    rest_days: Annotated[StrictInt, Field(ge=0, le=3)]
    phases: Annotated[tuple[RunPhase, ...], Field(min_length=2, max_length=20)]
    basis: Message

    def model_post_init(self, context: Any, /) -> None:
        if self.phases[-1].run_min is not None:
            raise ValueError("the last phase is continuous running (no run_min)")
        if any(p.run_min is None for p in self.phases[:-1]):
            raise ValueError("only the last phase is continuous running")
        loads = [(p.km, (p.run_min or 99) / max(1, (p.run_min or 99) + p.walk_min)) for p in self.phases]
        if any(b[0] < a[0] or (b[0] == a[0] and b[1] <= a[1]) for a, b in itertools.pairwise(loads)):
            raise ValueError(
                "each phase asks more than the one before (more km, or more running in each repeat)"
            )
        if self.basis.source is None:
            raise ValueError("the return-to-run ladder needs a source")


class Messages(Model):
    eased: Message
    no_running: Message
    after_window: Message
    replaced: Message
    eased_hard: Message
    eased_long: Message
    stop: Message
    stop_flag: Message
    stop_urgent: Message
    stop_unknown: Message
    progressed: Message
    held_missing: Message
    held_rose: Message
    held_chosen: Message
    held_top: Message
    held_condition: Message
    regressed_morning: Message
    regressed_during: Message
    overridden: Message
    level: Message
    entry_tests: Message
    ladder_run: Message
    ladder_continuous: Message
    ladder_condition: Message
    ladder_rest: Message
    ladder_tests: Message
    morning_reminder: Message
    closest_flags: Message
    closest_emergency: Message
    soon_flag: Message
    trimmed: Message
    heavy_week: Message
    easy_pace: Message
    footwear: Message
    left_out: Message
    no_rest_day: Message
    strength_short: Message
    weekly_increase: Message
    weekly_increase_large: Message
    long_run_share: Message
    back_to_back: Message
    acwr: Message


class Rules(Model):
    """The planner's rules. Numbers and choices live here, in the data, not in the code."""

    hard_kinds: tuple[RunKind, ...]
    hard_rpe: Annotated[StrictInt, Field(ge=1, le=10)]
    """A run logged at this effort (RPE) or more is a hard session, whatever its kind."""
    long_kinds: tuple[RunKind, ...]
    long_run_minutes: Annotated[StrictInt, Field(ge=30, le=600)]
    pace_min_per_km: dict[RunKind, Pace]
    default_minutes: Annotated[StrictInt, Field(ge=5, le=240)]
    household_equipment: tuple[Equipment, ...]
    strength_days: Annotated[StrictInt, Field(ge=0, le=7)]
    no_strength_before: tuple[RunKind, ...]
    no_strength_after: tuple[RunKind, ...]
    sitting_hours: Annotated[float, Field(gt=0, le=24)]
    heavy_week_run_days: Annotated[StrictInt, Field(ge=1, le=7)]
    heavy_week_hard_days: Annotated[StrictInt, Field(ge=1, le=7)]
    pain_ease: Annotated[StrictInt, Field(ge=1, le=10)]
    pain_no_running: Annotated[StrictInt, Field(ge=1, le=10)]
    pain_stop: Annotated[StrictInt, Field(ge=1, le=10)]
    pain_settled: Score
    """After the no-running window, a run goes ahead only if the pain has settled to this or less."""
    no_running_hours: Annotated[StrictInt, Field(ge=24, le=168)]
    eased_long_run_factor: Share
    footwear_weekly_km: Annotated[float, Field(gt=0, le=500)]
    footwear_life_km: tuple[Annotated[float, Field(gt=0, le=5000)], Annotated[float, Field(gt=0, le=5000)]]
    """The distance over which many runners replace a pair of shoes (a rule of thumb)."""
    drink_during_minutes: Annotated[StrictInt, Field(ge=15, le=300)]
    increase_note_pct: Percent
    increase_warn_pct: Percent
    long_run_share: Share
    long_run_share_min_runs: Annotated[StrictInt, Field(ge=1, le=14)]
    acwr_high: Annotated[float, Field(gt=1, le=5)]
    acwr_weeks: Annotated[StrictInt, Field(ge=2, le=12)]
    load_known_weeks: Annotated[StrictInt, Field(ge=1, le=12)]
    """How many of the weeks before a week must be known (logged, or given) for a load warning."""
    load_min_km: Annotated[float, Field(ge=0, le=100)]
    """Recent weeks averaging less than this give nothing to compare a week with."""
    exercise_categories: tuple[Category, ...]
    sections: tuple[Kebab, ...]
    blocks: Blocks
    conditions: dict[Condition, ConditionRule]
    progression: ProgressionRules
    return_to_run: ReturnToRun
    routines: dict[Kebab, tuple[Block, ...]]
    transition_seconds: Annotated[StrictInt, Field(ge=0, le=60)]
    get_ready_seconds: Annotated[StrictInt, Field(ge=0, le=30)]
    messages: Messages

    def is_hard(self, kind: RunKind, rpe: int | None = None) -> bool:
        """A hard session: a hard kind of run, or any run at an effort of ``hard_rpe`` or more."""
        return kind in self.hard_kinds or (rpe is not None and rpe >= self.hard_rpe)

    def load_kind(self, kind: RunKind, rpe: int | None = None) -> RunKind:
        """The kind a run counts as for the week's shape and load warnings: an easy kind run at a
        hard effort counts as the first hard kind (a long run or a race stays what it is)."""
        if kind in self.hard_kinds or kind in self.long_kinds or not self.is_hard(kind, rpe):
            return kind
        return self.hard_kinds[0]

    def model_post_init(self, context: Any, /) -> None:
        missing = [kind.value for kind in RunKind if kind not in self.pace_min_per_km]
        if missing:
            raise ValueError(f"pace_min_per_km needs every kind of run; missing {', '.join(missing)}")
        if not self.pain_ease < self.pain_no_running < self.pain_stop:
            raise ValueError("pain thresholds must rise: pain_ease < pain_no_running < pain_stop")
        if not self.pain_settled < self.pain_no_running:
            raise ValueError("pain_settled must be below pain_no_running")
        if self.load_known_weeks > self.acwr_weeks:
            raise ValueError("load_known_weeks cannot be more than acwr_weeks, the weeks looked at")
        unruled = [c.value for c in Condition if c not in self.conditions]
        if unruled:
            raise ValueError("every condition runback accepts needs a rule; none for " + ", ".join(unruled))


class Notices(Model):
    """Safety wording every output carries: kept in the data, not in the code."""

    disclaimer: Text
    red_flags: Text
    urgent: Text
    pointer: Text


class Catalogue(Model):
    """A validated, merged catalogue: what the commands and the planner read."""

    techniques: tuple[Technique, ...]
    red_flags: tuple[RedFlag, ...]
    notices: Notices
    rules: Rules

    def get(self, technique_id: str) -> Technique | None:
        for technique in self.techniques:
            if technique.id == technique_id:
                return technique
        return None


class CatalogueFile(Model):
    """The shape of a catalogue file: the bundled one, or a user's that adds to it."""

    schema_: Annotated[str, Field(alias="schema")] = SCHEMA_CATALOGUE
    techniques: tuple[Technique, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    notices: Notices | None = None
    rules: Rules | None = None

    def model_post_init(self, context: Any, /) -> None:
        if self.schema_ != SCHEMA_CATALOGUE:
            raise ValueError(f"schema must be '{SCHEMA_CATALOGUE}', not '{self.schema_}'")


# --- doses as people read them ------------------------------------------------------------------

SECONDS_PER_REP = 3
SETUP_SECONDS = 15


def _span(pair: tuple[int, int], unit: str = "") -> str:
    low, high = pair
    text = str(low) if low == high else f"{low}-{high}"
    return f"{text} {unit}" if unit else text


def describe_dose(dose: Dose) -> str:
    """The whole prescription, ranges included: ``hold 20-30 s, 2-4 times per side``."""
    parts: list[str] = []
    side = " per side" if dose.per_side else ""
    if dose.hold_s and dose.reps:
        parts.append(f"hold {_span(dose.hold_s, 's')}, {_span(dose.reps)} times{side}")
    elif dose.reps:
        sets = f"{_span(dose.sets)} sets of " if dose.sets else ""
        parts.append(f"{sets}{_span(dose.reps)} reps{side}")
    if dose.minutes:
        parts.append(_span(dose.minutes, "min"))
    if dose.ml_per_kg:
        parts.append(f"{_span(dose.ml_per_kg)} mL/kg")
    if dose.ml_per_hour:
        parts.append(f"to thirst, up to {dose.ml_per_hour[1]} mL per hour")
    if dose.ml_per_kg_lost:
        parts.append(f"{_span(dose.ml_per_kg_lost)} mL per kg of body mass lost")
    if dose.rest_s:
        parts.append(f"rest {dose.rest_s} s between sets")
    if dose.per_week:
        parts.append(f"{_span(dose.per_week)} days a week")
    return ", ".join(parts)


def dose_amounts(dose: Dose, level: Level) -> tuple[int | None, int | None, int | None, int | None]:
    """(hold s, reps, sets, minutes) at a level. A hold with a total to reach (``total_s``) keeps
    that total at every level: a gentler day holds for shorter times, more often."""

    def pick(pair: tuple[int, int] | None, usual_high: bool) -> int | None:
        if pair is None:
            return None
        high = usual_high if level == "usual" else level == "high"
        return pair[1] if high else pair[0]

    holds = dose.hold_s is not None
    hold, reps = pick(dose.hold_s, True), pick(dose.reps, not holds)
    if dose.total_s and dose.hold_s and dose.reps:
        (hold_low, hold_high), (reps_low, reps_high) = dose.hold_s, dose.reps
        hold = max(hold_low, math.ceil(dose.total_s / reps_high)) if level == "low" else hold_high
        reps = reps_high if level == "high" else min(reps_high, max(reps_low, math.ceil(dose.total_s / hold)))
    return (hold, reps, pick(dose.sets, False), pick(dose.minutes, False))


Amounts = tuple[int | None, int | None, int | None, int | None]
"""(hold s, reps, sets, minutes) of a dose to do today."""


def concrete_dose(dose: Dose, level: Level = "usual") -> str:
    """One dose to do today: ``30 s x 2 per side``, ``2 x 15 reps per side``, ``20 min``."""
    return amounts_text(dose, dose_amounts(dose, level))


def amounts_text(dose: Dose, amounts: Amounts) -> str:
    side = " per side" if dose.per_side else ""
    hold, reps, sets, minutes = amounts
    if hold and reps:
        return f"{sets} x {hold} s x {reps}{side}" if sets else f"{hold} s x {reps}{side}"
    if reps:
        return f"{sets} x {reps} reps{side}" if sets else f"{reps} reps{side}"
    if minutes:
        return f"{minutes} min"
    return describe_dose(dose)


def estimate_minutes(dose: Dose, level: Level = "usual") -> int:
    """Whole minutes for a dose: work, both sides, rests between sets and a little setting up."""
    return amounts_minutes(dose, dose_amounts(dose, level))


def amounts_minutes(dose: Dose, amounts: Amounts) -> int:
    hold, reps, sets, minutes = amounts
    if minutes:
        return minutes
    if not reps:
        return 0
    sets = sets or 1
    work = (hold or SECONDS_PER_REP) * reps * sets * (2 if dose.per_side else 1)
    rest = (dose.rest_s or 0) * (sets - 1)
    return max(1, math.ceil((work + rest + SETUP_SECONDS) / 60))
