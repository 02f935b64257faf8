"""The safety gate: red flags and pain that mean no plan, or a plan with a note to see a GP.

Shared by every command that could otherwise hand a runner a routine: ``plan``, ``go`` and
``log pain`` read the thresholds and the words from the catalogue through these functions.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from ..vocab import RedFlagLevel
from .model import Note, Profile, Stop

if TYPE_CHECKING:
    from ..models import Catalogue, RedFlag, Source

CLOSEST = 3


def pain_stop(catalogue: Catalogue, pain: int) -> Stop | None:
    """No plan at this pain score: the stop message, else None."""
    rules = catalogue.rules
    if pain < rules.pain_stop:
        return None
    return Stop(rules.messages.stop.text.format(pain=pain, flags=""), RedFlagLevel.urgent.value)


def gate(catalogue: Catalogue, profile: Profile) -> tuple[Stop | None, tuple[Note, ...]]:
    """The stop, if the red flags or the pain mean no plan; and the notes for flags that mean
    'see a GP soon' while the plan goes on. A warning sign runback does not know is never less
    than a stop: it could be anything."""
    m = catalogue.rules.messages
    known = {f.id: f for f in catalogue.red_flags}
    flags = [known[g] for g in dict.fromkeys(profile.red_flags) if g in known]
    unknown = tuple(g for g in dict.fromkeys(profile.red_flags) if g not in known)
    ids = tuple(f.id for f in flags)
    by_level = {level: [f for f in flags if f.level is level] for level in RedFlagLevel}
    notes: tuple[Note, ...] = ()
    if by_level[RedFlagLevel.soon]:
        names = _names(by_level[RedFlagLevel.soon])
        notes = (Note("red-flag-soon", m.soon_flag.text.format(flags=names), source=_first_source(by_level)),)
    if by_level[RedFlagLevel.emergency]:
        text = m.stop_urgent.text.format(flags=_names(by_level[RedFlagLevel.emergency]))
        return Stop(text, RedFlagLevel.emergency.value, ids, unknown), notes
    if unknown:
        return _unknown(catalogue, unknown, ids), notes
    if by_level[RedFlagLevel.urgent]:
        text = m.stop_flag.text.format(flags=_names(by_level[RedFlagLevel.urgent]))
        return Stop(text, RedFlagLevel.urgent.value, ids), notes
    stop = pain_stop(catalogue, profile.pain)
    return (stop._replace(flags=ids) if stop else None), notes


def _unknown(catalogue: Catalogue, unknown: tuple[str, ...], ids: tuple[str, ...]) -> Stop:
    m = catalogue.rules.messages
    close = {f.id: f for given in unknown for f in closest_flags(catalogue, given)}
    parts = []
    if close:
        parts.append(m.closest_flags.text.format(flags=", ".join(close)))
    emergencies = [f for f in close.values() if f.level is RedFlagLevel.emergency]
    if emergencies:
        parts.insert(0, m.closest_emergency.text.format(flags=_names(emergencies, " or ")))
    text = m.stop_unknown.text.format(given="', '".join(unknown), closest=" ".join(parts)).strip()
    level = RedFlagLevel.emergency if emergencies else RedFlagLevel.urgent
    return Stop(text, level.value, ids, unknown)


def closest_flags(catalogue: Catalogue, given: str) -> list[RedFlag]:
    """The known red flags nearest to words a runner typed: those that share its words (in the
    id or name first, then the description), else those spelt most alike."""
    words = [w for w in re.findall(r"[a-z]+", given.lower()) if len(w) >= 4]
    scored = []
    for index, flag in enumerate(catalogue.red_flags):
        title = f"{flag.id} {flag.name}".lower()
        score = sum(3 * (w in title) + (w in flag.description.lower()) for w in words)
        if score:
            scored.append((-score, index, flag))
    if scored:
        return [flag for _, _, flag in sorted(scored)[:CLOSEST]]
    names = {f.id: f for f in catalogue.red_flags}
    return [names[i] for i in difflib.get_close_matches(given.lower().replace(" ", "-"), names, n=CLOSEST)]


def _names(flags: list[RedFlag], joiner: str = "; ") -> str:
    return joiner.join(f.name[0].lower() + f.name[1:] for f in flags)


def _first_source(by_level: dict[RedFlagLevel, list[RedFlag]]) -> Source | None:
    soon = by_level[RedFlagLevel.soon]
    return soon[0].sources[0] if soon else None
