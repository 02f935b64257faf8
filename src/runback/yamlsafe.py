"""Strict, safe YAML reading for runback's data files.

PyYAML composes the document into nodes (with the C parser when it is there); this module then
builds plain Python values from those nodes itself, so that it can

- remember the line and column of every value, for error messages that point at the offending node;
- refuse duplicate keys, unknown tags, deep nesting, numbers of more than MAX_DIGITS digits, and
  alias and merge-key bombs (aliases are followed, but the values they add are bounded);
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
from typing import Any, BinaryIO, NamedTuple

from .errors import DataError, Problem, printable, quoted

MAX_BYTES = 5 * 1024 * 1024
MAX_ALIAS_VALUES = 50_000  # values that aliases and merge keys may add to a document; a bomb adds billions
MAX_DEPTH = 40
MAX_DIGITS = 30  # in a number: far more than any real value has, far fewer than int() refuses (4,300)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # not on Windows, which has no FIFOs to block on
_NOCTTY = getattr(os, "O_NOCTTY", 0)

Loc = tuple[str | int, ...]
Positions = dict[Loc, tuple[int, int]]

_TAG = "tag:yaml.org,2002:"
_DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_NOT_YAML = "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
"""A character YAML does not allow; compiled only to say where one is (compiling it takes ~7 ms)."""
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


def load(text: str, source: str, *, max_values: int | None = None) -> tuple[Any, Positions]:
    """Parse one YAML document into plain values and the position of every value.

    Raises DataError with one problem per line for anything that is not plain, unambiguous data.
    ``max_values`` is the most values the document may hold in all (see ``load_lenient``).
    """
    value, positions, problems = load_lenient(text, source, max_values=max_values)
    if problems:
        raise DataError(problems)
    return value, positions


def load_lenient(
    text: str, source: str, *, max_values: int | None = None
) -> tuple[Any, Positions, list[Problem]]:
    """Like ``load``, but values that are refused come back as their text, with the problems listed,
    so that validation can go on and report everything else too. Broken YAML still raises.

    Aliases and merge keys may add at most MAX_ALIAS_VALUES values to what the file holds; what
    is written out in the file is bounded by its size alone. With ``max_values``, the document
    may hold at most that many keys and values in all, written or added, and a file that holds
    more is refused as soon as the parser reaches the one too many (composing megabytes of nodes
    takes seconds). A value reached through several aliases is one shared object: treat the
    values as read-only.
    """
    import yaml

    try:
        if max_values is not None:
            _count_values(text, source, max_values)
        node = yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "not valid YAML"
        if e.context and e.problem and "expected a single document" in e.context:
            problem = "holds more than one YAML document; keep one"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise DataError(
            [Problem(source, line, col, "", f"not valid YAML: {printable(problem, 200)}")]
        ) from None
    except yaml.YAMLError as e:
        found = re.search(_NOT_YAML, text)
        if isinstance(e, yaml.reader.ReaderError) and found:
            line = text.count("\n", 0, found.start()) + 1
            col = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
            message = f"not valid YAML: the character U+{ord(found.group()):04X} is not allowed; remove it"
            raise DataError([Problem(source, line, col, "", message)]) from None
        raise DataError(f"{source}: not valid YAML: {printable(str(e), 200)}") from None
    except RecursionError:
        raise DataError(f"{source}: nested too deeply to be a data file") from None
    if node is None:
        raise DataError(f"{source}: is empty")
    builder = _Builder(source, max_values)
    value = builder.build(node, (), 0, node.start_mark).value
    return value, builder.positions, builder.problems


def _count_values(text: str, source: str, max_values: int) -> None:
    """Refuse a document of more than ``max_values`` keys and values (an alias counts as one) as
    soon as the parser reaches the one too many."""
    import yaml

    count = 0
    for event in yaml.parse(text, Loader=_loader()):
        if isinstance(event, yaml.NodeEvent):
            count += 1
            if count > max_values:
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                raise DataError([Problem(source, line, col, "", _too_many(max_values))])


def _too_many(max_values: int) -> str:
    return f"more than {max_values} values, far more than this file holds; refusing to read on"


class _Built(NamedTuple):
    """A node's value, how many values building it took (merged and overridden ones too), and how
    many levels deep it goes."""

    value: Any
    size: int
    height: int


class _Builder:
    """Builds plain values from composed nodes, each node once.

    A node reached again through an alias (or a merge key) gives back the value built the first
    time, shared, so the work stays in proportion to the file and the node's problems are reported
    once, where it is written. What building it again would have taken (its size) counts towards
    the values that aliases add, bounded by MAX_ALIAS_VALUES: a document that would expand to a
    billion values is refused as soon as it adds more than that.
    """

    def __init__(self, source: str, max_values: int | None) -> None:
        from yaml.resolver import Resolver

        self.source = source
        self.max_values = max_values
        self.written = 0  # keys and values built the first time: the nodes of the file
        self.added = 0  # values added by following aliases and merge keys
        self.positions: Positions = {}
        self.problems: list[Problem] = []
        self.done: dict[int, _Built] = {}
        self.active: set[int] = set()
        self.resolver: Any = Resolver()

    def problem(self, node: Any, loc: Loc, message: str, mark: Any = None) -> None:
        mark = mark or node.start_mark
        self.problems.append(Problem(self.source, mark.line + 1, mark.column + 1, dotted(loc), message))

    def fatal(self, node: Any, loc: Loc, message: str, mark: Any) -> DataError:
        self.problem(node, loc, message, mark)
        return DataError(self.problems)

    def reached_before(self, node: Any) -> bool:
        """Whether ``node`` is reached again, through an alias."""
        return id(node) in self.done or id(node) in self.active

    def build(self, node: Any, loc: Loc, depth: int, mark: Any) -> _Built:
        """The value of ``node`` at ``loc``, ``depth`` levels deep; ``mark`` is where that place is
        in the file (the first place wins: a mapping's own keys before those it merges)."""
        self.positions.setdefault(loc, (mark.line + 1, mark.column + 1))
        if id(node) in self.active:
            raise self.fatal(
                node, loc, "an alias refers to a value that contains it (a recursive alias)", mark
            )
        done = self.done.get(id(node))
        if done is not None:
            self.added += done.size
            self.check(node, loc, depth + done.height, mark)
            return done
        self.written += 1
        self.check(node, loc, depth, mark)
        self.active.add(id(node))
        try:
            done = self.fresh(node, loc, depth)
        finally:
            self.active.discard(id(node))
        self.done[id(node)] = done
        return done

    def check(self, node: Any, loc: Loc, depth: int, mark: Any) -> None:
        if self.added > MAX_ALIAS_VALUES:
            message = (
                f"aliases expand too far (they add more than {MAX_ALIAS_VALUES} values); refusing to read on"
            )
            raise self.fatal(node, loc, message, mark)
        if self.max_values is not None and self.written + self.added > self.max_values:
            raise self.fatal(node, loc, _too_many(self.max_values), mark)
        if depth > MAX_DEPTH:
            raise self.fatal(node, loc, f"nested more than {MAX_DEPTH} levels deep", mark)

    def fresh(self, node: Any, loc: Loc, depth: int) -> _Built:
        import yaml

        if isinstance(node, yaml.ScalarNode):
            return _Built(self.scalar(node, loc), 1, 0)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                self.problem(node, loc, _unsupported(node.tag))
            items = []
            size, height = 1, 0
            for i, item in enumerate(node.value):
                mark = node.start_mark if self.reached_before(item) else item.start_mark
                child = self.build(item, (*loc, i), depth + 1, mark)
                items.append(child.value)
                size, height = size + child.size, max(height, child.height + 1)
            return _Built(items, size, height)
        if node.tag != _TAG + "map":
            self.problem(node, loc, _unsupported(node.tag))
        return self.mapping(node, loc, depth)

    def mapping(self, node: Any, loc: Loc, depth: int) -> _Built:
        """A mapping's own keys, then those of the mappings it merges (``<<``) that it does not
        set itself, the first merged mapping first."""
        import yaml

        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        merged: list[tuple[Any, Any]] = []
        size, height = 1, 0
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                merged.extend((source, key_node.start_mark) for source in sources)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, loc, "a key must be plain text, not a list or mapping")
                continue
            key = key_node.value
            self.written += 1
            if key in seen:
                message = f"duplicate key {quoted(key)} (first at line {seen[key]})"
                self.problem(key_node, (*loc, key), message)
                continue
            seen[key] = key_node.start_mark.line + 1
            scalar_here = isinstance(value_node, yaml.ScalarNode) and not self.reached_before(value_node)
            mark = value_node.start_mark if scalar_here else key_node.start_mark
            child = self.build(value_node, (*loc, key), depth + 1, mark)
            result[key] = child.value
            size, height = size + child.size, max(height, child.height + 1)
        for source, mark in merged:
            if not isinstance(source, yaml.MappingNode):
                self.problem(source, loc, "'<<' must merge a mapping or a list of mappings", mark)
                continue
            child = self.build(source, loc, depth, mark)
            for key, value in child.value.items():
                if key not in result:
                    result[key] = value
                    self.positions.setdefault((*loc, key), (mark.line + 1, mark.column + 1))
            size, height = size + child.size, max(height, child.height)
        return _Built(result, size, height)

    def implicit_tag(self, node: Any) -> str:
        """The tag a plain scalar would have without one written out."""
        tag: str = self.resolver.resolve(type(node), node.value, (True, False))
        return tag

    def scalar(self, node: Any, loc: Loc) -> Any:
        """A scalar's value: text, true/false, a decimal number or None; anything else is its text,
        with the problem listed. A tag written out (``!!int``) must agree with the value."""
        value: str = node.value
        tag: str = node.tag
        if node.style or tag == _TAG + "str":  # quoted or block text (plain style is None or "")
            if tag not in (_TAG + "str", "!"):
                self.problem(node, loc, _unsupported(tag))
            return value
        kind = tag.removeprefix(_TAG)
        if kind in ("timestamp", "value"):
            return value
        if kind == "null" and value in ("", "~", "null", "Null", "NULL"):
            return None
        if kind == "bool" and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if kind in ("int", "float") and sum(c in "0123456789" for c in value) > MAX_DIGITS:
            self.problem(
                node,
                loc,
                f"{quoted(value)} has more than {MAX_DIGITS} digits, too many for a number; "
                "write a shorter number, or quote it if it is text",
            )
            return value
        if kind == "int" and _DECIMAL_INT.fullmatch(value):
            return int(value)
        number = float(value) if kind == "float" and _DECIMAL_FLOAT.fullmatch(value) else None
        if number is not None and math.isfinite(number):
            return number
        if kind not in ("bool", "int", "float") or tag != self.implicit_tag(node):
            self.problem(node, loc, _unsupported(tag))  # or written out, and wrong: !!int on text
        elif kind == "bool":
            message = (
                f"{quoted(value)} would be read as a yes/no value; write true or false, or quote the text"
            )
            self.problem(node, loc, message)
        elif number is not None or value.lstrip("+-").lower() in (".inf", ".nan"):
            self.problem(node, loc, f"{quoted(value)} is not a finite number")
        else:
            self.ambiguous_number(node, loc, value)
        return value

    def ambiguous_number(self, node: Any, loc: Loc, value: str) -> None:
        if ":" in value:
            reading = _sexagesimal(value)
            why = f"would be read as the number {printable(str(reading))} (base 60)"
        elif value.lstrip("+-").startswith(("0x", "0b")):
            why = "is a hexadecimal or binary number"
        elif "_" in value:
            why = "has an underscore inside a number"
        else:
            why = "would be read as an octal number"
        message = f"{quoted(value)} {why}; quote it if it is text, or write a plain decimal number"
        self.problem(node, loc, message)


def _unsupported(tag: str) -> str:
    shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
    return f"unsupported tag {quoted(shown)}; use plain YAML"


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
    """A value's place, ``techniques.3.dose``, printable on one line whatever its keys hold."""
    return ".".join(printable(str(part)) for part in loc)


def locate(positions: Positions, loc: Loc) -> tuple[int, int]:
    """The position of the deepest node on ``loc`` that exists in the file (a missing key's parent)."""
    for end in range(len(loc), -1, -1):
        found = positions.get(loc[:end])
        if found:
            return found
    return (1, 1)
