"""Strict, safe YAML reading for runback's data files.

PyYAML composes the document into nodes (with the C parser when it is there); this module then
builds plain Python values from those nodes itself, so that it can

- remember the line and column of every value, for error messages that point at the offending node;
- refuse duplicate keys, unknown tags, deep nesting and alias bombs (aliases are followed, but the
  number of values they expand to is bounded);
- refuse the values that YAML 1.1 silently converts: ``yes``/``no``/``on``/``off`` read as booleans,
  ``1:30:00`` read as the number 5400, ``010`` read as octal 8, and non-finite numbers;
- leave dates as text, so an impossible date is reported by validation instead of crashing the parser.
"""

from __future__ import annotations

import math
import os
import re
import stat
from pathlib import Path
from typing import Any, BinaryIO

from .errors import DataError, Problem

MAX_BYTES = 5 * 1024 * 1024
MAX_VALUES = 50_000
MAX_DEPTH = 40
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # not on Windows, which has no FIFOs to block on
_NOCTTY = getattr(os, "O_NOCTTY", 0)

Loc = tuple[str | int, ...]
Positions = dict[Loc, tuple[int, int]]

_TAG = "tag:yaml.org,2002:"
_DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_DECIMAL_FLOAT = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")


def read_text(path: Path, what: str = "file") -> str:
    """Read a UTF-8 text file (a BOM is allowed), or raise a one-line DataError naming it."""
    return decode(read_bytes(path, what), str(path))


def read_bytes(path: Path, what: str = "file", limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, up to ``limit``, or a one-line DataError naming it.

    The file is opened without blocking and checked before anything is read, so a FIFO cannot hang
    the open and a device such as /dev/zero cannot stream without end."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _NOCTTY)
    except FileNotFoundError:
        raise DataError(f"{name}: no such file") from None
    except PermissionError:
        raise DataError(f"{name}: permission denied") from None
    except OSError as e:
        raise DataError(f"{name}: cannot read: {e.strerror or e}") from None
    return read_descriptor(fd, name, what, limit)


def read_descriptor(fd: int, name: str, what: str, limit: int) -> bytes:
    """The bytes of the regular file open as ``fd`` (which is closed), up to ``limit``; a folder,
    FIFO, device or socket is refused by name."""
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise DataError(f"{name}: is a directory, not a {what}")
        raise DataError(f"{name}: is {file_kind(mode)}, not a regular file; not a {what}")
    with os.fdopen(fd, "rb") as fh:
        try:
            return read_stream(fh, name, what, limit)
        except OSError as e:
            raise DataError(f"{name}: cannot read: {e.strerror or e}") from None


def read_stream(stream: BinaryIO, name: str, what: str, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit`` bytes from ``stream`` (stdin, or an open file); more is refused."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise DataError(f"{name}: larger than {limit // (1024 * 1024)} MB; not a {what}")
    return data


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, in words, for error messages."""
    kinds = (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    )
    return next((words for test, words in kinds if test(mode)), "a special file")


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise DataError(
            f"{name}:{line}:{col}: not UTF-8 text (byte 0x{data[e.start]:02x}); save the file as UTF-8"
        ) from None


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str, source: str, *, max_values: int = MAX_VALUES) -> tuple[Any, Positions]:
    """Parse one YAML document into plain values and the position of every value.

    Raises DataError with one problem per line for anything that is not plain, unambiguous data.
    """
    value, positions, problems = load_lenient(text, source, max_values=max_values)
    if problems:
        raise DataError(problems)
    return value, positions


def load_lenient(
    text: str, source: str, *, max_values: int = MAX_VALUES
) -> tuple[Any, Positions, list[Problem]]:
    """Like ``load``, but values that are refused come back as their text, with the problems listed,
    so that validation can go on and report everything else too. Broken YAML still raises."""
    import yaml

    try:
        node = yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "not valid YAML"
        if e.context and e.problem and "expected a single document" in e.context:
            problem = "holds more than one YAML document; keep one"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise DataError([Problem(source, line, col, "", f"not valid YAML: {problem}")]) from None
    except yaml.YAMLError as e:
        raise DataError(f"{source}: not valid YAML: {e}") from None
    except RecursionError:
        raise DataError(f"{source}: nested too deeply to be a data file") from None
    if node is None:
        raise DataError(f"{source}: is empty")
    builder = _Builder(source, max_values)
    value = builder.build(node, (), 0)
    return value, builder.positions, builder.problems


class _TooMuch(Exception):
    pass


class _Builder:
    def __init__(self, source: str, max_values: int) -> None:
        self.source = source
        self.max_values = max_values
        self.count = 0
        self.positions: Positions = {}
        self.problems: list[Problem] = []
        self.active: set[int] = set()

    def problem(self, node: Any, loc: Loc, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.source, mark.line + 1, mark.column + 1, dotted(loc), message))

    def fatal(self, node: Any, loc: Loc, message: str) -> DataError:
        self.problem(node, loc, message)
        return DataError(self.problems)

    def build(self, node: Any, loc: Loc, depth: int, *, mark_node: Any = None) -> Any:
        import yaml

        self.count += 1
        if self.count > self.max_values:
            raise self.fatal(
                node, loc, f"more than {self.max_values} values (aliases expand too far); refusing to read on"
            )
        if depth > MAX_DEPTH:
            raise self.fatal(node, loc, f"nested more than {MAX_DEPTH} levels deep")
        where = (mark_node or node).start_mark
        self.positions[loc] = (where.line + 1, where.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, loc)
        if id(node) in self.active:
            raise self.fatal(node, loc, "an alias refers to a value that contains it (a recursive alias)")
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                if node.tag != _TAG + "seq":
                    self.problem(node, loc, f"unsupported tag {node.tag!r}; use plain YAML")
                return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
            if node.tag != _TAG + "map":
                self.problem(node, loc, f"unsupported tag {node.tag!r}; use plain YAML")
            return self.mapping(node, loc, depth)
        finally:
            self.active.discard(id(node))

    def mapping(self, node: Any, loc: Loc, depth: int) -> dict[str, Any]:
        import yaml

        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        merged: list[Any] = []
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                merged.extend(sources)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, loc, "a key must be plain text, not a list or mapping")
                continue
            key = key_node.value
            if key in seen:
                self.problem(key_node, (*loc, key), f"duplicate key '{key}' (first at line {seen[key]})")
                continue
            seen[key] = key_node.start_mark.line + 1
            mark_node = value_node if isinstance(value_node, yaml.ScalarNode) else key_node
            result[key] = self.build(value_node, (*loc, key), depth + 1, mark_node=mark_node)
        for source in merged:
            if not isinstance(source, yaml.MappingNode):
                self.problem(source, loc, "'<<' must merge a mapping or a list of mappings")
                continue
            for key, value in self.mapping(source, loc, depth + 1).items():
                result.setdefault(key, value)
        return result

    def scalar(self, node: Any, loc: Loc) -> Any:
        value: str = node.value
        tag: str = node.tag
        if node.style or tag == _TAG + "str":  # quoted or block text (plain style is None or "")
            if tag not in (_TAG + "str", "!"):
                self.problem(node, loc, f"unsupported tag {tag!r}; use plain YAML")
            return value
        kind = tag.removeprefix(_TAG)
        if kind == "null":
            return None
        if kind == "bool":
            if value.lower() in ("true", "false"):
                return value.lower() == "true"
            self.problem(
                node,
                loc,
                f"'{value}' would be read as a yes/no value; write true or false, or quote the text",
            )
            return value
        if kind == "int":
            if _DECIMAL_INT.fullmatch(value):
                return int(value)
            return self.ambiguous_number(node, loc, value)
        if kind == "float":
            if _DECIMAL_FLOAT.fullmatch(value):
                return float(value)
            if value.lstrip("+-").lower() in (".inf", ".nan"):
                self.problem(node, loc, f"'{value}' is not a finite number")
                return value
            return self.ambiguous_number(node, loc, value)
        if kind in ("timestamp", "value"):
            return value
        self.problem(node, loc, f"unsupported tag {tag!r}; use plain YAML")
        return value

    def ambiguous_number(self, node: Any, loc: Loc, value: str) -> str:
        if ":" in value:
            reading = _sexagesimal(value)
            why = f"would be read as the number {reading} (base 60)"
        elif value.lstrip("+-").startswith(("0x", "0b")):
            why = "is a hexadecimal or binary number"
        elif "_" in value:
            why = "has an underscore inside a number"
        else:
            why = "would be read as an octal number"
        self.problem(node, loc, f"'{value}' {why}; quote it if it is text, or write a plain decimal number")
        return value


def _sexagesimal(value: str) -> int | float | str:
    sign = -1 if value.startswith("-") else 1
    total = 0.0
    try:
        for part in value.lstrip("+-").split(":"):
            total = total * 60 + float(part)
    except ValueError:
        return value
    total *= sign
    return int(total) if total.is_integer() and math.isfinite(total) else total


def dotted(loc: Loc) -> str:
    return ".".join(str(part) for part in loc)


def locate(positions: Positions, loc: Loc) -> tuple[int, int]:
    """The position of the deepest node on ``loc`` that exists in the file (a missing key's parent)."""
    for end in range(len(loc), -1, -1):
        found = positions.get(loc[:end])
        if found:
            return found
    return (1, 1)
