"""A week's plan kept in a Markdown note that a person also edits.

runback writes the week's section between its markers (``output.splice``); the ticks in it are the
runner's. A checkbox is known by its day (the ``## Mon 23 Nov: ...`` heading above it) and what it
is (the technique id in backticks, or the day's run): a new version of the plan keeps the tick of
every item still in it, whatever its new text, and keeps a ticked item that is no longer planned
as it was, since it records something done. ``ticked`` reads the done items back for the journal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from .week import Week, short_date

_BOX = re.compile(r"^(\s*[-*+] \[)(.)(\] )(.*)$")
_HEADING = re.compile(r"^#{1,6} (\w{3} \d{1,2} \w{3}):")
# runback writes "Name: dose `id` *(why)*", the why escaped so that it holds no bare "*"; anything
# after that is the runner's (an editor's done date, a comment) and stays with the tick.
_TECHNIQUE = re.compile(r"(?<!\\)`([a-z0-9][a-z0-9-]*)`(?: \*\((?:\\.|[^\\*])*\)\*)?")
_RUN = "**Run:**"
DONE = frozenset("xX")


class Box(NamedTuple):
    """One checkbox line: its day, what it is, and its status character (" " when open)."""

    at: int  # the line's place in its text
    day: str  # the day heading's date ("Mon 23 Nov"), or "" above the first day
    what: str  # a technique id, "run", or the line's text for a line runback did not write
    nth: int  # 0 for the first of the same ``what`` that day, 1 for the next...
    status: str
    line: str
    heading: str  # the day's heading line

    @property
    def key(self) -> tuple[str, str, int]:
        return self.day, self.what, self.nth


class Merged(NamedTuple):
    """The section to write, and what changed against the one in the note."""

    text: str
    added: int = 0
    removed: int = 0
    ticks_kept: int = 0
    done_kept: int = 0  # ticked items no longer in the plan, kept as they were

    def summary(self) -> str:
        """``2 items added, 1 removed, 3 ticks kept``: the counts that are not zero."""
        parts = []
        if self.added or not self.removed:
            parts.append(f"{self.added} item{_s(self.added)} added" if self.added else "the same items")
        if self.removed:
            parts.append(
                f"{self.removed} removed" if self.added else f"{self.removed} item{_s(self.removed)} removed"
            )
        if self.ticks_kept:
            parts.append(f"{self.ticks_kept} tick{_s(self.ticks_kept)} kept")
        text = ", ".join(parts)
        if self.done_kept:
            text += f"; {self.done_kept} ticked item{_s(self.done_kept)} no longer planned kept as done"
        return text


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def boxes(lines: Sequence[str]) -> list[Box]:
    """The checkboxes in a section's lines, each with its day and identity."""
    out: list[Box] = []
    seen: Counter[tuple[str, str]] = Counter()
    day = heading = ""
    for index, line in enumerate(lines):
        match = _HEADING.match(line)
        if match:
            day, heading = match.group(1), line
            continue
        box = _BOX.match(line)
        if box is None:
            continue
        rest = box.group(4)
        technique = _TECHNIQUE.search(rest)
        what = "run" if rest.startswith(_RUN) else technique.group(1) if technique else rest.strip()
        out.append(Box(index, day, what, seen[day, what], box.group(2), line, heading))
        seen[day, what] += 1
    return out


def keep_ticks(old: str | None, new: str) -> Merged:
    """``new`` (the section runback would write) with the ticks of ``old`` (the section in the note,
    or None when there is none) on the items still planned, and old ticked items no longer planned
    kept under their day (or at the end, if the day has gone)."""
    new_lines = new.split("\n")
    fresh = boxes(new_lines)
    if old is None:
        return Merged(new, added=len(fresh))
    before = boxes(old.split("\n"))
    earlier = {b.key: b for b in before}
    now = {b.key for b in fresh}
    kept = 0
    for b in fresh:
        was = earlier.get(b.key)
        if was is not None:
            head = _BOX.match(b.line)
            assert head is not None
            new_lines[b.at] = f"{head.group(1)}{was.status}{head.group(3)}{head.group(4)}{_added(was)}"
            kept += was.status != " "
    gone = [b for b in before if b.key not in now and b.status != " "]
    new_lines = _insert(new_lines, fresh, gone)
    return Merged(
        "\n".join(new_lines),
        added=sum(1 for b in fresh if b.key not in earlier),
        removed=sum(1 for b in before if b.key not in now),
        ticks_kept=kept,
        done_kept=len(gone),
    )


def _added(box: Box) -> str:
    """What the runner added at the end of a technique's line, after what runback wrote."""
    technique = _TECHNIQUE.search(box.line)
    if box.what == "run" or technique is None:
        return ""
    return box.line[technique.end() :].rstrip()


def _insert(lines: list[str], fresh: list[Box], gone: list[Box]) -> list[str]:
    """``lines`` with the ``gone`` boxes after the last box of their day (or after the day's
    heading); those whose day is not in ``lines`` go at the end under their old heading."""
    if not gone:
        return lines
    headings = {m.group(1): i for i, line in enumerate(lines) if (m := _HEADING.match(line))}
    last_box = {b.day: b.at for b in fresh}
    after: dict[int, list[str]] = {}
    homeless: dict[str, list[str]] = {}
    for b in gone:
        if b.day in last_box:
            after.setdefault(last_box[b.day], []).append(b.line)
        elif b.day in headings:
            after.setdefault(headings[b.day] + 1, []).append(b.line)
        else:
            homeless.setdefault(b.heading, []).append(b.line)
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        out.extend(after.get(i, ()))
    for heading, boxed in homeless.items():
        out.extend(["", heading, "", *boxed] if heading else ["", *boxed])
    return out


def ticked(section: str, week: Week) -> tuple[list[tuple[dt.date, str]], int]:
    """The techniques ticked done (``[x]``) in a week's section, by day; and how many ticked runs
    there were (runs come into the journal from a watch or ``log run``, not from a note)."""
    days = {
        short_date(week.start + dt.timedelta(days=n)): week.start + dt.timedelta(days=n) for n in range(7)
    }
    done: list[tuple[dt.date, str]] = []
    runs = 0
    for b in boxes(section.split("\n")):
        if b.status not in DONE or b.day not in days:
            continue
        if b.what == "run":
            runs += 1
        elif _TECHNIQUE.search(b.line):
            done.append((days[b.day], b.what))
    return list(dict.fromkeys(done)), runs
