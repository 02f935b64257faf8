"""CSV for spreadsheets: a header row, then one row per record."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from .text import HISTORY_COLUMNS, history_row

if TYPE_CHECKING:
    from ..history import History


def history(view: History) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HISTORY_COLUMNS)
    writer.writerows(history_row(w) for w in view.weeks)
    return out.getvalue()
