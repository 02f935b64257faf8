"""Rows of a CSV text, for runs files and Strava exports alike: blank rows skipped, and a row with
the wrong number of fields refused with its line number."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator


class RaggedRow(ValueError):
    def __init__(self, line: int, fields: int, expected: int) -> None:
        self.line = line
        super().__init__(f"has {fields} fields, the header has {expected}")


def rows(text: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header (stripped) and an iterator of (line number, row) for the rows with content."""
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]

    def body() -> Iterator[tuple[int, list[str]]]:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise RaggedRow(reader.line_num, len(row), len(header))
            yield reader.line_num, row

    return header, body()
