"""CSV for spreadsheets: a header row, then one row per record."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..history import History
from .text import HISTORY_COLUMNS, history_row


def render(view: Any) -> str:
    if not isinstance(view, History):
        raise TypeError(f"no CSV rendering for {type(view).__name__}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HISTORY_COLUMNS)
    writer.writerows(history_row(w) for w in view.weeks)
    return out.getvalue()
