"""The planner's input and output: what the runner gives, and the plan that comes back.

Plain immutable values (NamedTuples): no behaviour beyond a few sums, so that the stages that
build a plan, the renderers that show it and the checker that tests it all read the same thing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from ..units import Units
from ..vocab import Condition, Equipment, RunKind
from ..week import Run, Week

if TYPE_CHECKING:
    from ..models import Rules, Source
    from ..programme import Programme

STATUS_USUAL = "usual"
STATUS_EASED = "eased"
STATUS_NO_RUNNING = "no-running"
STATUS_STOP = "stop"

AS_PLANNED = "as-planned"
EASED = "eased"
REPLACED = "replaced"  # no running for pain: walking or swimming instead
HELD = "held"  # not yet, on the way back to running after a flare (entry tests, a rest day between)


# --- input ---------------------------------------------------------------------------------------


class PreviousWeek(NamedTuple):
    """A week before the planned one, for the load warnings: its distance, or None when unknown
    (nothing logged, or before the journal begins): a week with no data is never zero."""

    label: str
    km: float | None


class Profile(NamedTuple):
    """The runner: pain and the day it was reported, conditions, what they have, recent weeks."""

    pain: int = 0
    pain_date: dt.date | None = None  # the day of the pain score; None: today (or the week's start)
    today: dt.date | None = None
    conditions: tuple[Condition, ...] = ()
    red_flags: tuple[str, ...] = ()  # as given: known ids, or words runback does not know
    sitting_hours: float = 0.0
    equipment: tuple[Equipment, ...] = ()
    minutes: int | None = None
    weight_kg: float | None = None
    units: Units = Units.km  # how the plan shows distances (and body mass, and drinks)
    easy_pace: float | None = None  # the runner's easy pace, min/km; None: the catalogue's
    pace_source: str = ""  # where the easy pace came from: "your setting", "...8 weeks of runs"
    previous_weeks: tuple[PreviousWeek, ...] = ()  # oldest first
    programme: Programme | None = None  # levels and running after a flare, from the journal

    @property
    def pain_day(self) -> dt.date | None:
        return self.pain_date or self.today


class WeekRuns(NamedTuple):
    """The week and its runs as typed, in any order."""

    week: Week
    runs: tuple[Run, ...] = ()


# --- output --------------------------------------------------------------------------------------


class PlannedRun(NamedTuple):
    """A run as the plan asks for it, beside the run as typed."""

    run: Run  # as typed
    kind: RunKind  # as planned: an eased tempo is an easy run
    km: float  # as planned (0 when replaced)
    minutes: float
    typed_km: float  # as typed, or estimated from the typed time at the kind's pace
    typed_minutes: float
    estimated: str  # "distance" or "duration": which of the two was estimated from pace; "" neither
    status: str = AS_PLANNED  # as-planned, eased or replaced
    advice: str = ""
    condition: str = ""  # when it may go ahead: "only if your back pain has settled to 3/10 ..."

    @property
    def running(self) -> bool:
        return self.status not in (REPLACED, HELD)

    def hard(self, rules: Rules) -> bool:
        """A hard session as planned: a hard kind, or a run going ahead as typed at a hard effort."""
        return rules.is_hard(self.kind, self.effort)

    def load_kind(self, rules: Rules) -> RunKind:
        """The kind this run counts as for the week's shape: a hard effort makes an easy run hard."""
        return rules.load_kind(self.kind, self.effort)

    @property
    def effort(self) -> int | None:
        """The effort typed, while the run goes ahead as typed; an eased run's no longer counts."""
        return self.run.rpe if self.status == AS_PLANNED else None


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
    why: str = ""  # the rule that placed it: "after a long run"
    order: int = 0  # within a section: a warm-up's stage (general, dynamic, specific)


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

    @property
    def running(self) -> tuple[PlannedRun, ...]:
        """The runs that go ahead (not replaced)."""
        return tuple(p for p in self.runs if p.running)


class Note(NamedTuple):
    """Guidance for the week, with what it rests on."""

    code: str
    text: str
    basis: str = ""
    evidence: str = ""
    source: Source | None = None


class Warning(NamedTuple):
    code: str
    text: str
    basis: str = ""
    evidence: str = ""
    source: Source | None = None


class Stop(NamedTuple):
    """No plan: the message, how urgent (emergency or urgent), the red flags named, and any
    warning sign given that runback does not know."""

    text: str
    level: str
    flags: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    @property
    def emergency(self) -> bool:
        return self.level == "emergency"


class ReportedFlag(NamedTuple):
    """A known red flag the runner reported."""

    id: str
    name: str
    level: str


class Totals(NamedTuple):
    """The week as planned; ``typed_km`` is the distance as typed, before any easing."""

    runs: int = 0
    km: float = 0.0
    run_minutes: float = 0.0
    hard_sessions: int = 0
    recovery_minutes: int = 0
    session_minutes: int = 0
    rest_days: int = 0
    typed_km: float = 0.0


class Plan(NamedTuple):
    week: Week
    status: str
    pain: int
    budget_minutes: int
    days: tuple[Day, ...]
    totals: Totals = Totals()
    notes: tuple[Note, ...] = ()
    warnings: tuple[Warning, ...] = ()
    stop: Stop | None = None
    disclaimer: str = ""
    red_flags_hint: str = ""
    conditions: tuple[str, ...] = ()
    pain_date: dt.date | None = None
    red_flags: tuple[ReportedFlag, ...] = ()
    made: dt.date | None = None  # the day the plan was made ("today")
    units: Units = Units.km
