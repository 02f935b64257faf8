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
    """``view`` in format ``fmt``: a str, or for ``table`` a rich renderable."""
    module = importlib.import_module(f"runback.render.{_MODULES[fmt.value]}")
    return module.render(view)


_MODULES = {
    "table": "table",
    "text": "text",
    "markdown": "markdown",
    "json": "jsondoc",
    "ics": "ics",
    "csv": "csvdoc",
    "html": "html",
}
