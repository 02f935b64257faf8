"""Exceptions raised by runback's core and translated once, in the CLI, into messages and exit codes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


def printable(text: str, limit: int = 60) -> str:
    """Text for a one-line message: control characters escaped, and cut short if it is long."""
    short = text if len(text) <= limit else text[: limit - 3] + "..."
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in short)


def quoted(value: object) -> str:
    """What a user typed or a file holds, quoted in a one-line message."""
    return f"'{printable(str(value))}'"


def closest(value: str, choices: Sequence[str]) -> str | None:
    """The choice a mistyped ``value`` most likely meant: a near spelling (``sciatca``), else the
    one choice that holds it as a word (``back`` in ``lower-back``); None when nothing is close."""
    import difflib

    wanted = value.strip().lower()
    near = difflib.get_close_matches(wanted, choices, n=1, cutoff=0.6)
    if near:
        return near[0]
    holding = [c for c in choices if wanted and wanted in c.lower().replace("_", "-").split("-")]
    return holding[0] if len(holding) == 1 else None


def one_of(name: str, value: object, choices: Sequence[str]) -> str:
    """One line for a value that is not among the choices: what was given, what may be, and the
    nearest: ``--condition: 'sciatca' is not one of ... (did you mean 'sciatica'?)``."""
    near = closest(str(value), choices)
    hint = f" (did you mean '{near}'?)" if near else ""
    return f"{name}: {quoted(value)} is not one of {', '.join(choices)}{hint}"


class RunbackError(Exception):
    """Base class: the message is shown to the user as it is, after ``Error:``. Exit code 1."""

    exit_code = 1


class UsageError(RunbackError):
    """An option or argument on the command line is wrong. Exit code 2."""

    exit_code = 2


class Problem(NamedTuple):
    """One thing wrong with a data file, at a place in it."""

    source: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DataError(RunbackError):
    """A data file (catalogue, runs, config) is unreadable or invalid; one line per problem."""

    def __init__(self, problems: list[Problem] | str) -> None:
        self.problems: list[Problem] = [] if isinstance(problems, str) else problems
        text = problems if isinstance(problems, str) else "\n".join(map(str, problems))
        super().__init__(text)

    @property
    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] if self.problems else str(self).splitlines()


class CatalogueError(DataError):
    """techniques.yaml (bundled, or a user's) is unreadable or invalid."""
