"""Rows of a CSV text, for runs files and Strava exports alike: blank rows skipped, and a row with
the wrong number of fields, or one the csv module cannot read, refused with its line number."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator


class BadRow(ValueError):
    """A row that is not CSV, or has another number of fields than the header; ``line`` says where."""

    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        super().__init__(problem)


def rows(text: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header (stripped) and an iterator of (line number, row) for the rows with content."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as e:
        raise BadRow(reader.line_num, f"not CSV ({e})") from None

    def body() -> Iterator[tuple[int, list[str]]]:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                raise BadRow(reader.line_num, f"not CSV ({e})") from None
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise BadRow(reader.line_num, f"has {len(row)} fields, the header has {len(header)}")
            yield reader.line_num, row

    return header, body()
