"""CSV for spreadsheets: a header row, then one row per record."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from .text import history_columns, history_row

if TYPE_CHECKING:
    from ..history import History


def history(view: History) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(history_columns(view.units))
    writer.writerows(history_row(w, view.units) for w in view.weeks)
    return out.getvalue()
