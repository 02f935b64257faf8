"""Outcomes a clinician reads: the Patient-Specific Functional Scale and pain over time, whether
a change is beyond the measurement's noise, and how the morning's pain followed the day before's
load. Pure functions; the numbers (minimal detectable or important changes) are the sources'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from .errors import UsageError, quoted

PSFS_ACTIVITIES = (3, 5)
PSFS_CHANGE = 2.0  # points on the average: about the minimal detectable change (Stratford et al. 1995)
PAIN_CHANGE = 2.0  # points, or 30 % (Ostelo et al., Spine 2008): the minimal important change
PAIN_CHANGE_SHARE = 0.30


def parse_psfs(tokens: Sequence[str], known: Sequence[str]) -> list[tuple[str, int]]:
    """Scores as ``ACTIVITY=SCORE``, or, once activities have been named, the scores alone in
    the same order. A name given before in another case or spacing is the same activity."""
    if tokens and all(t.strip().isdigit() for t in tokens):
        if not known:
            raise UsageError('name each activity the first time: runback log psfs "running 10 km=4" ...')
        if len(tokens) != len(known):
            raise UsageError(f"{len(tokens)} scores for {len(known)} activities ({', '.join(known)})")
        pairs = list(
            zip(known, (_score(t, name) for t, name in zip(tokens, known, strict=True)), strict=True)
        )
    else:
        by_key = {" ".join(k.lower().split()): k for k in known}
        pairs = []
        for token in tokens:
            name, sep, value = token.rpartition("=")
            if not sep or not name.strip():
                raise UsageError(f'{quoted(token)}: write ACTIVITY=SCORE, e.g. "running 10 km=4"')
            clean = " ".join(name.split())
            pairs.append((by_key.get(clean.lower(), clean), _score(value, clean)))
    low, high = PSFS_ACTIVITIES
    if not low <= len(pairs) <= high:
        raise UsageError(f"the PSFS takes {low} to {high} activities, not {len(pairs)}")
    if len({name for name, _ in pairs}) != len(pairs):
        raise UsageError("each activity once")
    return pairs


def _score(text: str, name: str) -> int:
    if not text.strip().isdigit() or not 0 <= int(text) <= 10:
        raise UsageError(f"{quoted(name)}: {quoted(text)} is not a score from 0 (unable) to 10 (as before)")
    return int(text)


class Trend(NamedTuple):
    """A measure's first and last value over a period, and whether the change is beyond its noise."""

    name: str
    first: float
    last: float
    first_date: dt.date
    last_date: dt.date
    beyond: bool  # larger than the minimal detectable (or important) change
    threshold: str  # the change it takes, in words

    @property
    def change(self) -> float:
        return self.last - self.first


def psfs_trend(rows: Sequence[tuple[dt.date, str, int]]) -> Trend | None:
    """The PSFS average from its first day to its last in the period."""
    days: dict[dt.date, list[int]] = {}
    for day, _, score in rows:
        days.setdefault(day, []).append(score)
    if len(days) < 2:
        return None
    first, last = min(days), max(days)
    a, b = sum(days[first]) / len(days[first]), sum(days[last]) / len(days[last])
    return Trend("PSFS (average, 0-10, higher is better)", a, b, first, last, abs(b - a) >= PSFS_CHANGE,
                 f"{PSFS_CHANGE:g} points")  # fmt: skip


def pain_trend(daily: Sequence[tuple[dt.date, int]]) -> Trend | None:
    """Pain from the first week's average to the last week's, in the period."""
    if len(daily) < 2:
        return None
    first_day, last_day = daily[0][0], daily[-1][0]
    early = [s for d, s in daily if (d - first_day).days < 7]
    late = [s for d, s in daily if (last_day - d).days < 7]
    if (last_day - first_day).days < 7:
        return None
    a, b = sum(early) / len(early), sum(late) / len(late)
    change = abs(b - a)
    beyond = change >= PAIN_CHANGE or (a > 0 and change / a >= PAIN_CHANGE_SHARE and change >= 1)
    return Trend("back pain (weekly average, 0-10, lower is better)", a, b, first_day, last_day, beyond,
                 f"{PAIN_CHANGE:g} points or {PAIN_CHANGE_SHARE:.0%}")  # fmt: skip


class Association(NamedTuple):
    """How the next morning's pain followed a kind of day, for information."""

    kind: str
    after: float  # average morning pain after such days
    otherwise: float
    n: int  # mornings after such days
    m: int  # other mornings


def next_morning(
    mornings: Sequence[tuple[dt.date, int]], kinds: dict[str, set[dt.date]]
) -> list[Association]:
    """For each kind of day (long runs, hard sessions, ...), the morning pain on the day after
    one, against the other mornings; only kinds with at least 3 mornings on each side."""
    out = []
    for kind, days in kinds.items():
        after = [s for d, s in mornings if d - dt.timedelta(days=1) in days]
        other = [s for d, s in mornings if d - dt.timedelta(days=1) not in days]
        if len(after) >= 3 and len(other) >= 3:
            out.append(
                Association(kind, sum(after) / len(after), sum(other) / len(other), len(after), len(other))
            )
    return out
