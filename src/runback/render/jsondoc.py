"""JSON for scripts: documented, stable keys, and a ``schema`` key naming the shape and its version.

Shapes: ``runback.technique/1`` (one technique), ``runback.technique-list/1`` (``count`` and
``techniques``), ``runback.red-flags/1`` (``flags`` with ``urgent``, and the advice). A technique's
keys are the catalogue's fields, with ``dose.text`` (the dose in words) and ``minutes`` added.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..models import Technique, describe_dose
from ..query import RedFlagList, TechniqueCard, TechniqueList


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render(view: Any) -> str:
    if isinstance(view, TechniqueCard):
        return dumps({"schema": "runback.technique/1", **technique(view.technique)})
    if isinstance(view, TechniqueList):
        items = [technique(t) for t in view.techniques]
        return dumps({"schema": "runback.technique-list/1", "count": len(items), "techniques": items})
    if isinstance(view, RedFlagList):
        return dumps(
            {
                "schema": "runback.red-flags/1",
                "advice": view.notices.red_flags,
                "urgent_advice": view.notices.urgent,
                "flags": [plain(f) for f in view.flags],
            }
        )
    raise TypeError(f"no JSON rendering for {type(view).__name__}")


def technique(t: Technique) -> dict[str, Any]:
    data: dict[str, Any] = plain(t)
    data["dose"]["text"] = describe_dose(t.dose)
    data["minutes"] = t.minutes
    return data


def plain(value: Any) -> Any:
    """A model as JSON-ready data, keys in field order (no pydantic schema is built for it)."""
    if isinstance(value, BaseModel):
        return {
            (info.alias or name): plain(getattr(value, name))
            for name, info in type(value).model_fields.items()
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value
