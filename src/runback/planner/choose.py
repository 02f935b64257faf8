"""Choosing techniques for a day's blocks.

A block names what it wants (a category, a slot, a target, or techniques by id, in order of
preference); the chooser turns that into items the runner can do:

- a technique the runner's conditions rule out, or that needs equipment they do not have, gives
  its place to its first alternative that they can do, and the item says so;
- one level of each movement a day: a technique and its own progression or regression (linked
  by ``progression_of``) never share a day;
- equipment that only helps (``optional_equipment``) is never needed;
- blocks turn through their candidates across the week, so days differ.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from ..models import amounts_minutes, amounts_text, concrete_dose, estimate_minutes
from ..vocab import Category
from .model import Item

if TYPE_CHECKING:
    from ..models import Block, Catalogue, Level, Technique
    from .model import Profile

STAGES = {"general": 0, "dynamic": 1, "specific": 2}


class LeftOut(NamedTuple):
    """A technique a block would have used, left out for a condition."""

    condition: str
    name: str


class Chosen(NamedTuple):
    items: list[Item]
    left_out: list[LeftOut]


class Context(NamedTuple):
    """What a day's items depend on besides the block."""

    eased: bool = False  # usual doses at their low end (a block asking for more keeps it)
    values: dict[str, object] = {}  # noqa: RUF012 - filled into each block's ``why``
    drink: Callable[[Technique], str] | None = None  # the dose of a drinking item


class Chooser:
    def __init__(self, catalogue: Catalogue, profile: Profile) -> None:
        self.catalogue = catalogue
        self.by_id = {t.id: t for t in catalogue.techniques}
        self.have = set(profile.equipment) | set(catalogue.rules.household_equipment)
        self.conditions = sorted(set(profile.conditions))
        self.turns: dict[int, int] = {}
        self.levels = profile.programme.levels if profile.programme is not None else {}

    def family(self, technique: Technique) -> str:
        """The root of a technique's progressions: one movement at its levels."""
        seen = {technique.id}
        while technique.progression_of and technique.progression_of in self.by_id:
            technique = self.by_id[technique.progression_of]
            if technique.id in seen:
                break
            seen.add(technique.id)
        return technique.id

    def why_not(self, technique: Technique) -> tuple[str, str]:
        """("condition", name) or ("equipment", names) when the runner cannot do it; ("", "") when they can."""
        for condition in self.conditions:
            if condition in technique.contraindications:
                return "condition", condition.value
        missing = [e.value for e in technique.equipment if e not in self.have]
        return ("equipment", "no " + " or ".join(missing)) if missing else ("", "")

    def candidates(self, block: Block) -> list[Technique]:
        """Every technique the block asks for, in its order of preference, whether or not the
        runner can do it."""
        matching = [
            t
            for t in self.catalogue.techniques
            if (not block.only or t.id in block.only)
            and (block.category is None or t.category is block.category)
            and (block.slot is None or block.slot in t.slots)
            and (block.target is None or block.target in t.targets)
        ]
        rank = {tid: i for i, tid in enumerate(block.only or block.prefer)}
        return sorted(matching, key=lambda t: rank.get(t.id, len(rank)))

    def resolve(self, technique: Technique) -> tuple[Technique | None, str]:
        """The technique (at the level the programme has reached in its family), or the first
        alternative the runner can do in its place (and why)."""
        level = self.levels.get(self.family(technique))
        if level is not None and level.step.technique in self.by_id:
            at_level = self.by_id[level.step.technique]
            if not self.why_not(at_level)[0]:
                return at_level, ""
        kind, reason = self.why_not(technique)
        if not kind:
            return technique, ""
        for other_id in technique.alternatives:
            other = self.by_id.get(other_id)
            if other is not None and not self.why_not(other)[0]:
                return other, f"instead of {technique.name} ({reason})"
        return None, ""

    def day(self, blocks: list[Block], context: Context) -> Chosen:
        """The items for a day's blocks, in block order, and what conditions left out."""
        items: list[Item] = []
        left_out: list[LeftOut] = []
        taken: set[str] = set()
        families: set[str] = set()
        for block in blocks:
            ranked = self.candidates(block)
            turn = self.turns.get(id(block), 0)
            self.turns[id(block)] = turn + 1
            left_out += self._left_out(ranked, block.count, turn)
            fresh = self._fresh(ranked, taken, families)
            if not fresh:
                continue
            start = (turn * block.count) % len(fresh)
            picked = 0
            for technique, instead in fresh[start:] + fresh[:start]:
                if picked == block.count:
                    break
                family = self.family(technique)
                if technique.id in taken or family in families:
                    continue
                taken.add(technique.id)
                families.add(family)
                items.append(self.item(technique, block, context, instead))
                picked += 1
        return Chosen(items, left_out)

    def _left_out(self, ranked: list[Technique], count: int, turn: int) -> list[LeftOut]:
        """What the block would have taken this turn but for the runner's conditions."""
        possible = [t for t in ranked if self.why_not(t)[0] != "equipment"]
        if not possible:
            return []
        start = (turn * count) % len(possible)
        would = (possible[start:] + possible[:start])[:count]
        out = []
        for technique in would:
            kind, reason = self.why_not(technique)
            if kind == "condition":
                out.append(LeftOut(reason, technique.name))
        return out

    def _fresh(
        self, ranked: list[Technique], taken: set[str], families: set[str]
    ) -> list[tuple[Technique, str]]:
        """What a block can still use today: the techniques the runner can do, in order; only
        when there are none, the alternatives of those they cannot, each saying what it replaces."""
        direct: list[tuple[Technique, str]] = []
        instead: list[tuple[Technique, str]] = []
        for technique in ranked:
            chosen, why = self.resolve(technique)
            if chosen is None or chosen.id in taken or self.family(chosen) in families:
                continue
            pool = instead if why else direct
            if all(chosen.id != t.id for t, _ in direct + instead):
                pool.append((chosen, why))
        return direct or instead

    def item(self, technique: Technique, block: Block, context: Context, instead: str) -> Item:
        level: Level = "low" if context.eased and block.dose == "usual" else block.dose
        minutes = estimate_minutes(technique.dose, level)
        dose = concrete_dose(technique.dose, level)
        why = block.why.format(**context.values)
        programmed = self.levels.get(self.family(technique))
        if programmed is not None and programmed.step.technique == technique.id:
            step = programmed.step
            dose, minutes = (
                amounts_text(technique.dose, step.amounts),
                amounts_minutes(technique.dose, step.amounts),
            )
            values = {"level": step.level, "levels": step.levels, "step": step.step, "steps": step.steps}
            said = self.catalogue.rules.messages.level.text.format(**values)
            why = f"{why}; {said}" + (f": {programmed.reason}" if programmed.reason else "")
        if technique.category is Category.hydration and context.drink is not None:
            dose, minutes = context.drink(technique), 0
        return Item(
            section=block.section,
            technique=technique.id,
            name=technique.name,
            category=technique.category.value,
            dose=dose,
            minutes=minutes,
            session=block.session,
            priority=block.priority,
            note=technique.dose.note or "",
            level=level,
            why=f"{why}; {instead}" if instead else why,
            order=STAGES.get(technique.stage or "", 0),
        )
