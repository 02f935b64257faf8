"""Every view runback prints, the formats it can be printed in, and the renderer for each.

A view is what a command shows: a technique list or card, the red flags, a plan, the history, a
report, the programme's progress, a routine's checklist. ``renders(type(view))`` looks up how a
type of view is drawn: the formats it supports (which ``-f`` accepts and ``--help`` lists) and,
for each format, a function of the same name in that format's module (``text.plan``,
``jsondoc.plan``, ...). Modules are imported only when their format is asked for, and the types
of one module's views only when one of them is asked about, so showing a technique never loads
the planner, rich's tables or icalendar.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple


class Format(StrEnum):
    """Every output format; a view supports some of them (see ``renders``)."""

    table = "table"
    text = "text"
    markdown = "markdown"
    json = "json"
    ics = "ics"
    csv = "csv"
    html = "html"


_MODULES = {
    Format.table: "table",
    Format.text: "text",
    Format.markdown: "markdown",
    Format.json: "jsondoc",
    Format.ics: "ics",
    Format.csv: "csvdoc",
    Format.html: "html",
}
SUFFIXES = {
    ".txt": Format.text,
    ".md": Format.markdown,
    ".markdown": Format.markdown,
    ".json": Format.json,
    ".ics": Format.ics,
    ".csv": Format.csv,
    ".html": Format.html,
    ".htm": Format.html,
}
"""A file's extension says its format, when the view supports it and ``-f`` does not say otherwise."""


class Renders(NamedTuple):
    """How one type of view is drawn: ``function`` in each format's module, for ``formats``
    (in the order help lists them)."""

    function: str
    formats: tuple[Format, ...]


TERMINAL = (Format.table, Format.text, Format.markdown, Format.json)


def _catalogue_views() -> dict[type, Renders]:
    from ..query import RedFlagList, TechniqueCard, TechniqueList

    return {
        TechniqueList: Renders("technique_list", TERMINAL),
        TechniqueCard: Renders("technique_card", TERMINAL),
        RedFlagList: Renders("red_flags", TERMINAL),
    }


def _plan_views() -> dict[type, Renders]:
    from ..planner.model import Plan

    return {Plan: Renders("plan", (*TERMINAL, Format.ics))}


def _journal_views() -> dict[type, Renders]:
    from ..history import History, Report

    return {
        History: Renders("history", (*TERMINAL, Format.csv)),
        Report: Renders("report", (Format.markdown, Format.html)),
    }


def _programme_views() -> dict[type, Renders]:
    from ..programme import Progress

    return {Progress: Renders("progress", TERMINAL)}


def _routine_views() -> dict[type, Renders]:
    from ..routine import Routine

    return {Routine: Renders("routine", (Format.text,))}


_REGISTRY: dict[str, Callable[[], dict[type, Renders]]] = {
    "runback.query": _catalogue_views,
    "runback.planner.model": _plan_views,
    "runback.history": _journal_views,
    "runback.programme": _programme_views,
    "runback.routine": _routine_views,
}
"""Each module that defines views, and the registry of its views (by type)."""


@functools.cache
def _views_of(module: str) -> dict[type, Renders]:
    return _REGISTRY[module]()


def renders(kind: type) -> Renders:
    """How ``kind`` of view is drawn; TypeError for a type that is not a view."""
    found = _views_of(kind.__module__).get(kind) if kind.__module__ in _REGISTRY else None
    if found is None:
        raise TypeError(f"runback has no renderer for {kind.__name__}")
    return found


def formats(*kinds: type) -> tuple[Format, ...]:
    """The formats every one of ``kinds`` supports (a command that shows any of them takes these)."""
    first, *others = (renders(kind).formats for kind in kinds)
    return tuple(f for f in first if all(f in other for other in others))


def render(view: Any, fmt: Format) -> Any:
    """``view`` in format ``fmt``: a str, or for ``table`` a rich renderable."""
    how = renders(type(view))
    if fmt not in how.formats:
        raise TypeError(f"no {fmt} rendering for {type(view).__name__}")
    module = importlib.import_module(f"{__name__}.{_MODULES[fmt]}")
    return getattr(module, how.function)(view)


def choose(
    supported: Sequence[Format],
    asked: str | None,
    *,
    as_json: bool = False,
    path: Path | None = None,
    terminal: bool = False,
    default: Format | None = None,
) -> Format:
    """The one rule for the format: ``-f`` (or ``--json``) as asked; else the extension of the file
    written (``-o week.ics``) when the view supports it; else a table on a terminal and text when
    piped or written to a file; a view with neither takes the command's own ``default``.

    Raises UsageError for a format the view does not support, naming the ones it does.
    """
    from ..errors import UsageError, one_of

    if as_json and asked is not None and asked.strip().lower() != Format.json:
        raise UsageError(f"--json and --format {asked}: give one of them")
    names = [f.value for f in supported]
    if as_json or asked is not None:
        wanted = "json" if as_json else (asked or "").strip().lower()
        if wanted in names:
            return Format(wanted)
        if as_json:
            raise UsageError(f"--json: this command has no JSON output; --format takes {_listed(names)}")
        raise UsageError(one_of("--format", asked, names))
    by_suffix = SUFFIXES.get(path.suffix.lower()) if path is not None else None
    if by_suffix in supported:
        assert by_suffix is not None
        return by_suffix
    if terminal and path is None and Format.table in supported:
        return Format.table
    if Format.text in supported:
        return Format.text
    if default is None or default not in supported:
        raise TypeError(f"a view in {names} needs a default format of its own")
    return default


def default_rule(supported: Sequence[Format], default: Format | None, *, writes: bool = False) -> str:
    """``choose``'s rule for the default, in words, for a command's help."""
    if Format.table in supported:
        rule = "table on a terminal, text when piped"
    else:
        rule = Format.text.value if Format.text in supported else str(default)
    return f"{rule}, or as the --output file's extension says" if writes else rule


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
