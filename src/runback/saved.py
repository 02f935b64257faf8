"""Where the programme stood as recent weeks began, kept in runback's cache folder so that a plan
from a ten-year journal does not replay ten years of weeks every time.

A saved state is plain JSON (see ``runback.cache`` for why the cache is safe to read back) and
is bound to what it was computed from: the journal's path, the rows before that week (a
fingerprint of them), the catalogue's rules for the programme, the runner's conditions and
runback's version. Anything else, or a change to any of them, and the journal is replayed as
if nothing were saved: the result is the same either way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .programme import Programme, RunState, Start, families, programme
from .week import Week

if TYPE_CHECKING:
    from .journal import Journal
    from .models import Catalogue
    from .vocab import Condition

PREFIX = "programme-"
KIND = "runback.programme-start/1"
CONTEXT_DAYS = 8  # rows before a saved week that its first week's decisions still read


def load(
    catalogue: Catalogue,
    journal: Journal,
    week: Week,
    today: dt.date,
    conditions: Sequence[Condition],
    directory: Path | None,
    *,
    until: dt.date | None = None,
    begin: Week | None = None,
) -> Programme:
    """The programme for ``week``, an ISO week (with its decisions from ``begin`` on, for a
    history), starting from a saved state where there is one that still matches the journal."""
    first = begin or week
    start = None
    rows_since = dt.date(1, 1, 1)
    for candidate in (first, Week(first.start - dt.timedelta(weeks=1))):
        found = _read(directory, _key(catalogue, journal, conditions, candidate))
        if found is not None and found.week == candidate.label:
            start, rows_since = found, candidate.start - dt.timedelta(days=CONTEXT_DAYS)
            break
    rows = journal.programme_rows(until or today, since=rows_since)
    remember = {first.label: first, week.label: week}
    result = programme(
        catalogue, rows, week, today, conditions, until=until, start=start, remember=set(remember)
    )
    for label, state in result.starts.items():
        if label in remember:
            _write(directory, _key(catalogue, journal, conditions, remember[label]), state)
    return result


def _key(catalogue: Catalogue, journal: Journal, conditions: Sequence[Condition], week: Week) -> str:
    rules = catalogue.rules
    parts = [
        __version__,
        str(Path(journal.path).absolute()),
        week.label,
        journal.fingerprint(week),
        ",".join(sorted(c.value for c in conditions)),
        repr(rules.progression),
        repr(rules.return_to_run),
        str(rules.pain_no_running),
        repr(
            [
                (root, [(t.id, t.dose, t.contraindications) for t in chain])
                for root, chain in families(catalogue).items()
            ]
        ),
    ]
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode()
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _read(directory: Path | None, key: str) -> Start | None:
    from .cache import read_document

    value = read_document(directory, PREFIX, key, KIND)
    try:
        return _start(value) if value is not None else None
    except (TypeError, ValueError, KeyError):
        return None


def _write(directory: Path | None, key: str, start: Start) -> None:
    from .cache import write_document

    run = start.run
    value = {
        "week": start.week,
        "rungs": [[root, rung] for root, rung in start.rungs],
        "reasons": [[root, reason] for root, reason in start.reasons],
        "run": [run.status, run.phase, run.done, _day(run.since), _day(run.last_run), run.reason],
    }
    write_document(directory, PREFIX, key, KIND, json.loads(json.dumps(value)))


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _start(value: Any) -> Start:
    """A saved state, checked field by field: anything not of its shape is refused."""
    status, phase, done, since, last, reason = value["run"]
    run = RunState(
        str(status),
        int(phase),
        int(done),
        dt.date.fromisoformat(since) if since else None,
        dt.date.fromisoformat(last) if last else None,
        str(reason),
    )
    return Start(
        str(value["week"]),
        tuple((str(root), int(rung)) for root, rung in value["rungs"]),
        tuple((str(root), str(reason)) for root, reason in value["reasons"]),
        run,
    )
