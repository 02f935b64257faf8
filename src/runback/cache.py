"""A cache of validated catalogues, in plain JSON, so that a command does not parse and validate
the whole catalogue on every start.

Nothing in the cache can run code: it is JSON, read with ``json.loads`` and turned back into
runback's models field by field, from the models' own type annotations (``model_construct``),
with no class or function named by the file. Even so a cache entry is used only when

- the cache folder is a real folder (not a link) owned by the user, with mode 0700, so nobody
  else can put a file in it, and runback makes it so when it creates it;
- the entry is a regular file (not a link, FIFO or device) owned by the user and writable by no
  one else, and not larger than a catalogue can be;
- the entry names the exact bytes it was made from: a SHA-256 of runback's version, the bundled
  catalogue and the user's catalogue (path and content), checked against the files read now.

Anything else, or anything that does not parse, is ignored and the catalogue is validated again.
A cache that cannot be written is not an error: runback is slower, never wrong.
"""

from __future__ import annotations

import json
import os
import stat
import types
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

FORMAT = "runback.catalogue-cache/1"
ENTRIES = 8  # entries kept: the bundled catalogue alone, with a user's file, a few versions of it
MAX_BYTES = 32 * 1024 * 1024  # a 5 MB catalogue is far smaller as JSON
PREFIX = "catalogue-"

M = TypeVar("M")
Convert = Callable[[Any], Any] | None  # None: the JSON value is already the field's value


# --- reading and writing entries ------------------------------------------------------------------


def read(directory: Path | None, key: str, model: type[M]) -> M | None:
    """The cached catalogue for ``key``, rebuilt as ``model``; None when there is no trustworthy entry."""
    document = read_document(directory, PREFIX, key, FORMAT)
    if document is None:
        return None
    try:
        value = _converter(model)(document)
    except (ValueError, TypeError, KeyError, AttributeError):  # a damaged entry: rebuild it
        return None
    return value if isinstance(value, model) else None


def write(directory: Path | None, key: str, value: Any) -> None:
    """Store a catalogue for ``key``."""
    write_document(directory, PREFIX, key, FORMAT, plain(value))


def read_document(directory: Path | None, prefix: str, key: str, kind: str) -> Any | None:
    """The JSON value stored under ``prefix`` for ``key``, if the entry is trustworthy (see the
    module's docstring) and was made for exactly that key and kind; else None."""
    if directory is None or not _private_folder(directory):
        return None
    data = _read_own_file(directory / f"{prefix}{key}.json")
    if data is None:
        return None
    try:
        document = json.loads(data)
        if not isinstance(document, dict) or document.get("format") != kind or document.get("key") != key:
            return None
        return document["value"]
    except (ValueError, KeyError):
        return None


def write_document(directory: Path | None, prefix: str, key: str, kind: str, value: Any) -> None:
    """Store a JSON value under ``prefix`` for ``key`` atomically; keep the few most recent of
    that prefix."""
    if directory is None or not _make_private_folder(directory):
        return
    document = {"format": kind, "key": key, "value": value}
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    target = directory / f"{prefix}{key}.json"
    tmp = directory / f".{prefix}{key}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        tmp.replace(target)
        _prune(directory, prefix)
    except OSError:
        pass  # no cache is slower, never wrong
    finally:
        tmp.unlink(missing_ok=True)


def _prune(directory: Path, prefix: str) -> None:
    """Keep the newest entries of a kind; remove caches of older runback versions (pickle
    files), which are never read."""
    for old in directory.glob(f"{PREFIX}*.pickle"):
        old.unlink(missing_ok=True)
    entries = sorted(directory.glob(f"{prefix}*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[ENTRIES:]:
        old.unlink(missing_ok=True)


def _owner_checks() -> bool:
    return hasattr(os, "geteuid")  # POSIX; elsewhere the folder is the user's own profile


def _private_folder(directory: Path) -> bool:
    """A real folder, owned by the user, that no one else can read or write."""
    try:
        info = os.lstat(directory)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    return not _owner_checks() or (info.st_uid == os.geteuid() and info.st_mode & 0o077 == 0)


def _make_private_folder(directory: Path) -> bool:
    """Create the cache folder with mode 0700, or make the user's own folder so; False when it is
    a link or someone else's."""
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        directory.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(directory)
        if not stat.S_ISDIR(info.st_mode):
            return False
        if _owner_checks():
            if info.st_uid != os.geteuid():
                return False
            if info.st_mode & 0o077:
                directory.chmod(0o700)  # a folder of ours made by an older runback
    except OSError:
        return False
    return _private_folder(directory)


def _read_own_file(path: Path) -> bytes | None:
    """The bytes of a regular file the user owns and only the user can write; None otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        if _owner_checks() and (info.st_uid != os.geteuid() or info.st_mode & 0o022):
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


# --- models to plain data and back ----------------------------------------------------------------


def plain(value: Any) -> Any:
    """A model as JSON data: fields by name, enums by value, tuples as lists."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    return value


_CONVERTERS: dict[type, Callable[[Any], Any]] = {}


def _converter(model: type) -> Callable[[Any], Any]:
    """A function from plain data to ``model``, built once per model from its fields' types."""
    if model in _CONVERTERS:
        return _CONVERTERS[model]
    fields: dict[str, Convert] = {}

    def build(data: Any) -> Any:
        if not isinstance(data, dict) or data.keys() - fields.keys():
            raise TypeError(f"not a {model.__name__}")
        values = {name: _apply(fields[name], raw) for name, raw in data.items()}
        return model.model_construct(**values)  # type: ignore[attr-defined]

    _CONVERTERS[model] = build
    fields.update((name, _convert(info.annotation)) for name, info in model.model_fields.items())  # type: ignore[attr-defined]
    return build


def _convert(annotation: Any) -> Convert:
    """How to turn a JSON value into a value of ``annotation``; None when it already is one."""
    from pydantic import BaseModel

    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Annotated:
        return _convert(args[0])
    if origin in (Union, types.UnionType):
        inner = [_convert(a) for a in args if a is not type(None)]
        if all(c is None for c in inner):
            return None
        if len(inner) != 1:
            raise TypeError(f"cannot rebuild {annotation}")
        one = inner[0]
        assert one is not None
        return lambda v: None if v is None else one(v)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _convert(args[0])
            return tuple if item is None else lambda v: tuple(item(x) for x in v)
        parts = [_convert(a) for a in args]
        return lambda v: tuple(_apply(c, x) for c, x in zip(parts, v, strict=True))
    if origin is dict:
        key, val = (_convert(a) for a in args)
        return lambda v: {_apply(key, k): _apply(val, x) for k, x in v.items()}
    if origin is Literal or annotation in (int, float, str, bool, Any):
        return None
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _converter(annotation)
    raise TypeError(f"cannot rebuild {annotation}")


def _apply(convert: Convert, value: Any) -> Any:
    return value if convert is None else convert(value)
