"""One renderer per output format. Each module turns a view (see ``runback.query``, ``runback.plan``)
into text: ``text`` (plain, one record per line), ``markdown``, ``json``; ``table`` returns a rich
renderable for the terminal. Modules are imported only when their format is asked for."""

from __future__ import annotations

import importlib
from enum import StrEnum
from typing import Any


class Format(StrEnum):
    """Formats for catalogue views."""

    table = "table"
    text = "text"
    markdown = "markdown"
    json = "json"


class PlanFormat(StrEnum):
    """Formats for a plan: the same, and iCalendar."""

    table = "table"
    text = "text"
    markdown = "markdown"
    json = "json"
    ics = "ics"


class HistoryFormat(StrEnum):
    table = "table"
    text = "text"
    markdown = "markdown"
    json = "json"
    csv = "csv"


class ReportFormat(StrEnum):
    markdown = "markdown"
    html = "html"


AnyFormat = Format | PlanFormat | HistoryFormat | ReportFormat


def render(view: Any, fmt: AnyFormat) -> Any:
    """``view`` in format ``fmt``: a str, or for ``table`` a rich renderable.

    Each format's module has a function per kind of view, named in ``_VIEWS``; a module imports
    only what its format needs, so showing a technique never loads the planner.
    """
    module = importlib.import_module(f"runback.render.{_MODULES[fmt.value]}")
    function = getattr(module, _VIEWS.get(type(view).__name__, ""), None)
    if function is None:
        raise TypeError(f"no {fmt.value} rendering for {type(view).__name__}")
    return function(view)


_VIEWS = {
    "TechniqueList": "technique_list",
    "TechniqueCard": "technique_card",
    "RedFlagList": "red_flags",
    "Plan": "plan",
    "History": "history",
    "Report": "report",
    "Routine": "routine",
    "Progress": "progress",
}


_MODULES = {
    "table": "table",
    "text": "text",
    "markdown": "markdown",
    "json": "jsondoc",
    "ics": "ics",
    "csv": "csvdoc",
    "html": "html",
}
