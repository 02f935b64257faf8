"""Questions asked of a catalogue: one topic to show, or a filtered list. Pure: no I/O, no output."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from .errors import RunbackError
from .vocab import Category, Equipment, RedFlagLevel, Slot, Target

if TYPE_CHECKING:
    from .models import Catalogue, Notices, RedFlag, Technique

RED_FLAGS = "red-flags"
NO_EQUIPMENT = "none"


class TechniqueList(NamedTuple):
    """Techniques to list; ``detail`` adds each one's steps (``runback show CATEGORY``)."""

    title: str
    techniques: tuple[Technique, ...]
    detail: bool = False


class TechniqueCard(NamedTuple):
    technique: Technique


class RedFlagList(NamedTuple):
    flags: tuple[RedFlag, ...]
    notices: Notices


View = TechniqueList | TechniqueCard | RedFlagList


def topics(catalogue: Catalogue) -> list[str]:
    """Everything ``runback show`` accepts: categories, technique ids and red-flags."""
    return [c.value for c in Category] + [RED_FLAGS] + [t.id for t in catalogue.techniques]


def show(catalogue: Catalogue, topic: str) -> View:
    """A technique's card, a category's techniques, or the red flags."""
    wanted = topic.strip().lower()
    if wanted in (RED_FLAGS, "red_flags", "redflags"):
        return RedFlagList(flags=ordered_flags(catalogue), notices=catalogue.notices)
    technique = catalogue.get(wanted)
    if technique is not None:
        return TechniqueCard(technique)
    if wanted in Category._value2member_map_:
        category = Category(wanted)
        techniques = _sorted(catalogue, category=category)
        return TechniqueList(title=title_of(category), techniques=techniques, detail=True)
    import difflib

    close = difflib.get_close_matches(wanted, topics(catalogue), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else "; see 'runback list' for what there is"
    raise RunbackError(f"no technique or category '{topic}'{hint}")


def select(
    catalogue: Catalogue,
    *,
    category: Category | None = None,
    slot: Slot | None = None,
    equipment: str | None = None,
    target: Target | None = None,
) -> TechniqueList:
    """Techniques matching every filter given, grouped by category in the catalogue's order."""
    if equipment not in (None, NO_EQUIPMENT) and equipment not in Equipment._value2member_map_:
        raise RunbackError(f"unknown equipment '{equipment}'")
    chosen = _sorted(catalogue, category=category)
    if slot is not None:
        chosen = tuple(t for t in chosen if slot in t.slots)
    if equipment == NO_EQUIPMENT:
        chosen = tuple(t for t in chosen if not t.equipment)
    elif equipment is not None:
        chosen = tuple(t for t in chosen if Equipment(equipment) in t.equipment)
    if target is not None:
        chosen = tuple(t for t in chosen if target in t.targets)
    return TechniqueList(title="Techniques", techniques=chosen)


def title_of(category: Category) -> str:
    return category.value.replace("-", " ").capitalize()


def ordered_flags(catalogue: Catalogue) -> tuple[RedFlag, ...]:
    """Emergencies first, then signs to see a doctor about today, then a GP soon; each level in
    the catalogue's order."""
    order = {level: i for i, level in enumerate(RedFlagLevel)}
    return tuple(sorted(catalogue.red_flags, key=lambda f: order[f.level]))


def _sorted(catalogue: Catalogue, *, category: Category | None) -> tuple[Technique, ...]:
    order = {c: i for i, c in enumerate(Category)}
    chosen = [t for t in catalogue.techniques if category is None or t.category is category]
    return tuple(sorted(chosen, key=lambda t: order[t.category]))
