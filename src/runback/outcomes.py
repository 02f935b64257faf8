"""Outcomes a clinician reads: the Patient-Specific Functional Scale and pain over time, whether
a change is beyond the measurement's noise, and how the morning's pain followed the day before's
load. Pure functions; the numbers (minimal detectable or important changes) are the sources'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from .errors import UsageError, quoted
from .week import Week

if TYPE_CHECKING:
    from .models import Source

PSFS_ACTIVITIES = (3, 5)
PSFS_CHANGE = 2.0  # points on the average: about the minimal detectable change (Stratford et al. 1995)
PAIN_CHANGE = 2.0  # points, or a fall of 30 % (Ostelo et al., Spine 2008): the minimal important change
PAIN_CHANGE_SHARE = 0.30  # of the first week's pain; the source defines it for improvement, so for a fall
PAIN_STEP = 1.0  # the pain scale's resolution (whole numbers): a smaller fall is never called important
PAIN_WEEK_DAYS = 2  # days scored that make a week's pain average worth comparing
MIN_MORNINGS = 3  # mornings on each side before next-day pain after a kind of day is shown


def sources() -> tuple[Source, Source]:
    """Where the thresholds for a change come from: the PSFS's minimal detectable change, and
    the minimal important change in back pain."""
    from .models import Source

    return (
        Source(
            title="Assessing disability and change on individual patients: a report of a patient specific measure",
            kind="article",
            authors="Stratford P, Gill C, Westaway M, Binkley J",
            publisher="Physiotherapy Canada",
            year=1995,
            url="https://doi.org/10.3138/ptc.47.4.258",
        ),
        Source(
            title="Interpreting change scores for pain and functional status in low back pain: towards"
            " international consensus regarding minimal important change",
            kind="article",
            authors="Ostelo RWJG, Deyo RA, Stratford P, et al.",
            publisher="Spine",
            year=2008,
            url="https://pubmed.ncbi.nlm.nih.gov/18165753/",
        ),
    )


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
    """A measure's first and last value over a period (rounded as the report shows them), and
    whether the change between them is beyond the measure's noise or minimal important change."""

    measure: str  # "PSFS", "Back pain (weekly average of each day's worst)"
    first: float
    last: float
    first_when: str  # a date or an ISO week
    last_when: str
    beyond: bool
    threshold: str  # "the 2 points a change must pass to be more than noise"
    source: str  # "Stratford et al., Physiotherapy Canada 1995"
    share: float | None = None  # the change as a share of the first value, where that is a criterion

    @property
    def change(self) -> float:
        return round(abs(self.last - self.first), 1)

    @property
    def sentence(self) -> str:
        """The trend in one plain sentence, with the threshold it was judged against and its source."""
        when = f"({self.first_when} to {self.last_when})"
        if self.change == 0:
            return f"{self.measure} stayed at {self.first:.1f} {when}: no change."
        verb = "rose" if self.last > self.first else "fell"
        share = f" ({self.share * 100:.0f} %)" if self.share is not None else ""
        judged = "beyond" if self.beyond else "not beyond"
        return (
            f"{self.measure} {verb} from {self.first:.1f} to {self.last:.1f} {when}: a change of"
            f" {self.change:.1f}{share}, {judged} {self.threshold} ({self.source})."
        )


def psfs_trend(rows: Sequence[tuple[dt.date, str, int]]) -> Trend | None:
    """The PSFS average (the day's activities, 0-10) from its first day to its last in the period;
    None with fewer than two days scored. Beyond the noise when the change passes about 2 points,
    the minimal detectable change for the average (Stratford et al. 1995)."""
    days: dict[dt.date, list[int]] = {}
    for day, _, score in rows:
        days.setdefault(day, []).append(score)
    if len(days) < 2:
        return None
    first, last = min(days), max(days)
    a, b = (round(sum(days[d]) / len(days[d]), 1) for d in (first, last))
    return Trend(
        "PSFS (average, 0-10, higher is better)",
        a, b, first.isoformat(), last.isoformat(),
        round(abs(b - a), 1) > PSFS_CHANGE,
        f"the {PSFS_CHANGE:g} points a change must pass to be more than noise",
        "Stratford et al., Physiotherapy Canada 1995",
    )  # fmt: skip


def pain_trend(daily: Sequence[tuple[dt.date, int]]) -> Trend | None:
    """Pain (each day's score, e.g. its worst) from the first ISO week to the last with at least
    ``PAIN_WEEK_DAYS`` days scored, as weekly averages; None without two such weeks. Important
    when it changes by more than 2 points, or falls by more than 30 % of the first week's
    average and at least a point (Ostelo et al. 2008, whose 30 % is an improvement)."""
    weeks: dict[dt.date, list[int]] = {}
    for day, score in daily:
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), []).append(score)
    kept = sorted(monday for monday, scores in weeks.items() if len(scores) >= PAIN_WEEK_DAYS)
    if len(kept) < 2:
        return None
    first, last = kept[0], kept[-1]
    a, b = (round(sum(weeks[m]) / len(weeks[m]), 1) for m in (first, last))
    change = round(abs(b - a), 1)
    share = change / a if b < a and a > 0 else None
    beyond = change > PAIN_CHANGE or (share is not None and share > PAIN_CHANGE_SHARE and change >= PAIN_STEP)
    threshold = (
        f"the {PAIN_CHANGE:g} points or {PAIN_CHANGE_SHARE * 100:.0f} % a fall must pass to count as important"
        if b < a
        else f"the {PAIN_CHANGE:g} points a rise must pass to count as important"
    )
    return Trend("Back pain (weekly average of each day's worst, 0-10)", a, b, Week(first).label,
                 Week(last).label, beyond, threshold, "Ostelo et al., Spine 2008", share)  # fmt: skip


class Association(NamedTuple):
    """How the next morning's pain followed a kind of day, for information: an association in one
    person's journal, not a cause."""

    kind: str  # "a long run"
    after: float  # average morning pain after such days
    otherwise: float
    n: int  # mornings after such days
    m: int  # other mornings

    @property
    def sentence(self) -> str:
        return (
            f"On days after {self.kind}, morning pain averaged {self.after:.1f} against"
            f" {self.otherwise:.1f} otherwise (n={self.n} and n={self.m})."
        )


def next_morning(
    mornings: Sequence[tuple[dt.date, int]], kinds: dict[str, set[dt.date]]
) -> list[Association]:
    """For each kind of day (long runs, hard sessions, ...), the morning pain on the day after
    one, against the other mornings; only kinds with at least ``MIN_MORNINGS`` mornings on each
    side. ``mornings`` holds one score a day."""
    out = []
    for kind, days in kinds.items():
        after = [s for d, s in mornings if d - dt.timedelta(days=1) in days]
        other = [s for d, s in mornings if d - dt.timedelta(days=1) not in days]
        if len(after) >= MIN_MORNINGS and len(other) >= MIN_MORNINGS:
            out.append(
                Association(kind, sum(after) / len(after), sum(other) / len(other), len(after), len(other))
            )
    return out
