"""Writing results to files without ever leaving a half-written one or writing where someone else
pointed, and keeping a week's plan in a note between marker comments while every other byte of the
note stays as it was.

The rules, and why:

- A symbolic link (the file named, or a folder on the way to it) is followed as the kernel's
  protected-symlinks rule would follow it: always in a folder only its owner can write to, and in a
  folder others can write to (group or world, sticky or not) only when the link is the user's own or
  root's in root's folder. Resolving the path ourselves would otherwise let another user's link in
  /tmp aim a write at any of the user's files.
- Only a regular file that the user may write is replaced: a directory, FIFO, device or socket is
  refused (writing to a FIFO can hang, replacing /dev/null breaks the system), and so is a
  read-only file, as a shell's ``>`` refuses it.
- New content goes to a temporary file beside the target, created afresh (``O_EXCL|O_NOFOLLOW``,
  mode 0600), synced, given the old file's mode, then renamed over the target. Other hard links keep
  the old content. Leftovers of an interrupted write are named ``.NAME.runback-XXXXXXXX.tmp`` and
  cleared on the next write once they are a minute old.
- A note is read, changed and written under an advisory lock, so concurrent runbacks editing the
  same note cannot lose each other's weeks.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from .bounds import MAX_NOTE_BYTES
from .errors import RunbackError

MAX_LINKS = 40  # links followed on one path before giving up, as the kernel does (ELOOP)
STALE_SECONDS = 60.0  # a temporary file this old is a leftover, not a concurrent writer's
LOCK_WAIT_SECONDS = 30.0  # how long to wait for another runback editing the same note

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # Windows has none of these three
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_PINNED = {os.open, os.stat, os.rename, os.unlink, os.chmod} <= os.supports_dir_fd  # os.replace as os.rename
_SHARED = stat.S_IWGRP | stat.S_IWOTH


class Written(NamedTuple):
    """What a write did: whether the file changed, and how many other hard links still show the old
    content (a rename gives the name a new file; the old one lives on under its other names)."""

    changed: bool
    other_links: int = 0
    summary: str = ""  # for a note: what changed in its section


def write_atomic(path: Path, text: str) -> Written:
    """Write ``text`` to ``path`` (UTF-8) through a temporary file and a rename: on any error the
    old file, if there was one, is untouched. An existing file keeps its permissions; a new one gets
    the usual ones (the umask's)."""
    return write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> Written:
    """``write_atomic`` for bytes."""
    folder, name = resolve(path)
    with _Folder(folder, path) as pinned:
        existing = _existing(pinned, name, path)
        _replace(pinned, name, data, existing, path)
    return Written(True, existing.st_nlink - 1 if existing else 0)


def write_new(path: Path, text: str) -> None:
    """Write ``text`` to a new file at ``path``; FileExistsError when the name is taken, and what is
    there is never replaced. The file appears whole or not at all: it is written to a temporary
    file, then hard-linked to its name (which fails, atomically, if the name exists)."""
    folder, name = resolve(path)
    with _Folder(folder, path) as pinned:
        _remove_stale(pinned, name)
        temporary = f".{name}.runback-{secrets.token_hex(4)}.tmp"
        try:
            fd = pinned.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW)
            with os.fdopen(fd, "wb") as fh:
                fh.write(text.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
            pinned.chmod(temporary, _default_mode())
            pinned.link(temporary, name)
        except FileExistsError:
            raise
        except OSError as e:
            raise RunbackError(f"{path}: cannot write: {e.strerror or e}") from None
        finally:
            with contextlib.suppress(OSError):
                pinned.unlink(temporary)
        pinned.sync()


def append_to_note(path: Path, block: str, key: str) -> Written:
    """Put ``block`` into the note at ``path`` (created if missing), under a lock; ``changed`` is
    False if the note already held it. The ticks the runner put in the week's section stay on the
    items still planned (``notes.keep_ticks``), and ``summary`` says what changed."""
    from .notes import keep_ticks

    folder, name = resolve(path)
    with _Folder(folder, path) as pinned:
        _existing(pinned, name, path)  # a device or FIFO is refused before a lock file goes beside it
        with _locked(pinned, name, path):
            existing = _existing(pinned, name, path)
            raw = _read_note(pinned, name, path) if existing else b""
            try:
                note = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise RunbackError(f"{path}: not UTF-8 text; runback only edits UTF-8 notes") from None
            merged = keep_ticks(section(note, key), block)
            updated = splice(note, merged.text, key)
            if updated == note:
                return Written(False)
            _replace(pinned, name, updated.encode("utf-8"), existing, path)
    return Written(True, existing.st_nlink - 1 if existing else 0, merged.summary())


def read_note(path: Path) -> str:
    """A note's text, read without following a planted link, up to MAX_NOTE_BYTES."""
    folder, name = resolve(path)
    with _Folder(folder, path) as pinned:
        if _existing(pinned, name, path) is None:
            raise RunbackError(f"{path}: no such note")
        raw = _read_note(pinned, name, path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RunbackError(f"{path}: not UTF-8 text") from None


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same path once links are resolved (even if it does not
    exist yet), or two names (hard links) of one existing file."""
    try:
        return os.path.realpath(a) == os.path.realpath(b) or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


# --- notes -----------------------------------------------------------------------------------------


def markers(key: str) -> tuple[str, str]:
    return f"<!-- runback:plan {key} -->", f"<!-- /runback:plan {key} -->"


def _find(note: str, key: str) -> tuple[int, int] | None:
    """Where ``key``'s section opens and where its closing marker starts; None when the note has
    none. A note with more than one section for the week, or a marker without its partner, is
    refused rather than guessed at. Plain scans keep this linear in the note's length."""
    start, end = markers(key)
    starts, ends = note.count(start), note.count(end)
    first, close = note.find(start), note.find(end)
    if starts != ends or close < first:
        raise RunbackError(f"the note has an unmatched marker for {key}: '{start}' ... '{end}'")
    if starts > 1:
        raise RunbackError(f"the note has {starts} sections for {key}; keep one and run again")
    return (first, close) if starts == 1 else None


def section(note: str, key: str) -> str | None:
    """The text between the markers of ``key``'s section (without them), or None when the note has
    none. Refused like ``splice`` when the markers do not pair up."""
    found = _find(note, key)
    if found is None:
        return None
    first, close = found
    inner = note[first + len(markers(key)[0]) : close]
    return inner.replace("\r\n", "\n").strip("\n")


def splice(note: str, block: str, key: str) -> str:
    """``note`` with the section for ``key`` replaced by ``block``, or ``block`` added at the end.

    The section is everything from the opening marker to the closing one. Line endings follow
    the note's own (CRLF or LF); nothing outside the section changes. Markers that do not pair
    up are refused (see ``_find``).
    """
    start, end = markers(key)
    found = _find(note, key)
    # A lone CR at the end would pair with an appended LF into a CRLF, and the next run would
    # then pick CRLF and rewrite the section: so it counts as CRLF already.
    newline = "\r\n" if "\r\n" in note or note.endswith("\r") else "\n"
    section = newline.join([start, *block.rstrip("\n").split("\n"), end])
    if found is not None:
        first, close = found
        return note[:first] + section + note[close + len(end) :]
    if not note:
        return section + newline
    gap = "" if note.endswith(newline * 2) else newline if note.endswith(newline) else newline * 2
    return note + gap + section + newline


def _read_note(folder: _Folder, name: str, shown: Path) -> bytes:
    """The note's bytes, opened without following a link and without blocking, up to MAX_NOTE_BYTES."""
    from .yamlsafe import read_descriptor

    try:
        fd = folder.open(name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError as e:
        raise RunbackError(f"{shown}: cannot read: {e.strerror or e}") from None
    return read_descriptor(fd, str(shown), "note", MAX_NOTE_BYTES)


# --- where a path leads ------------------------------------------------------------------------------


def may_follow(link: os.stat_result, folder: os.stat_result, user: int) -> bool:
    """Whether a symbolic link may be followed, by the kernel's protected-symlinks rule made a little
    stricter: in a folder others can write to (group or world, sticky or not), only a link of the
    user's own, or one of root's in a folder of root's; elsewhere, any link."""
    if not folder.st_mode & _SHARED:
        return True
    return link.st_uid == user or link.st_uid == folder.st_uid == 0


def resolve(path: Path) -> tuple[Path, str]:
    """The real folder that writing ``path`` lands in, and the file's name there: links are
    followed as the kernel would, except one that ``may_follow`` refuses."""
    given = Path(path)
    folder = Path(given.anchor) if given.is_absolute() else Path.cwd()
    todo = list(reversed(given.parts[1:] if given.anchor else given.parts))
    links = 0
    while todo:
        part = todo.pop()
        if part == "..":
            folder = folder.parent
            continue
        here = folder / part
        try:
            found = _lstat(here)
        except FileNotFoundError:
            if todo:
                raise RunbackError(f"{path}: no such directory {here}") from None
            return folder, part
        except OSError as e:
            raise RunbackError(f"{path}: cannot reach {here}: {e.strerror or e}") from None
        if stat.S_ISLNK(found.st_mode):
            links += 1
            if links > MAX_LINKS:
                raise RunbackError(f"{path}: too many levels of symbolic links")
            if not may_follow(found, _lstat(folder), _user()):
                raise RunbackError(
                    f"{path}: {here} is a symbolic link someone else owns in a folder others can "
                    "write to; runback does not follow it"
                )
            target = here.readlink()
            if target.anchor:
                folder = Path(target.anchor)
            todo.extend(reversed(target.parts[1:] if target.anchor else target.parts))
        elif not todo:
            return folder, part
        elif stat.S_ISDIR(found.st_mode):
            folder = here
        else:
            raise RunbackError(f"{path}: {here} is not a directory")
    raise RunbackError(f"{path}: is a directory")


def _lstat(path: Path) -> os.stat_result:
    """``os.lstat``: the one place where ``resolve`` learns who owns a link."""
    return os.lstat(path)


def _user() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else 0


# --- writing ----------------------------------------------------------------------------------------


class _Folder:
    """A folder held open where the platform allows, so that every step of a write happens in the
    folder that was checked even if its path is swapped for a link meanwhile; by path elsewhere."""

    def __init__(self, path: Path, shown: Path) -> None:
        self.path = path
        self.fd: int | None = None
        if _PINNED:
            try:
                self.fd = os.open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
            except OSError as e:
                raise RunbackError(f"{shown}: cannot write in {path}: {e.strerror or e}") from None

    def __enter__(self) -> _Folder:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)

    def _at(self, name: str) -> str:
        return name if self.fd is not None else str(self.path / name)

    def open(self, name: str, flags: int, mode: int = 0o600) -> int:
        return os.open(self._at(name), flags, mode, dir_fd=self.fd)

    def lstat(self, name: str) -> os.stat_result:
        return os.stat(self._at(name), dir_fd=self.fd, follow_symlinks=False)

    def writable(self, name: str) -> bool:
        return os.access(self._at(name), os.W_OK, dir_fd=self.fd)

    def chmod(self, name: str, mode: int) -> None:
        os.chmod(self._at(name), mode, dir_fd=self.fd)

    def replace(self, source: str, name: str) -> None:
        os.replace(self._at(source), self._at(name), src_dir_fd=self.fd, dst_dir_fd=self.fd)

    def unlink(self, name: str) -> None:
        os.unlink(self._at(name), dir_fd=self.fd)

    def link(self, source: str, name: str) -> None:
        os.link(self._at(source), self._at(name), src_dir_fd=self.fd, dst_dir_fd=self.fd)

    def names(self) -> list[str]:
        return os.listdir(self.fd if self.fd is not None else self.path)  # noqa: PTH208 (by descriptor)

    def sync(self) -> None:
        """Make the rename durable (POSIX only: a folder cannot be opened on Windows)."""
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.fsync(self.fd)


def _existing(folder: _Folder, name: str, shown: Path) -> os.stat_result | None:
    """The file about to be replaced (None if there is none), if it is one runback may replace: a
    regular file the user may write."""
    from .yamlsafe import file_kind

    try:
        found = folder.lstat(name)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise RunbackError(f"{shown}: cannot write: {e.strerror or e}") from None
    if stat.S_ISDIR(found.st_mode):
        raise RunbackError(f"{shown}: is a directory")
    if not stat.S_ISREG(found.st_mode):
        raise RunbackError(f"{shown}: is {file_kind(found.st_mode)}; runback writes only regular files")
    if not found.st_mode & 0o222 or not folder.writable(name):
        raise RunbackError(f"{shown}: is read-only; make it writable to let runback replace it")
    return found


def _replace(folder: _Folder, name: str, data: bytes, existing: os.stat_result | None, shown: Path) -> None:
    """Write ``data`` to a new temporary file beside ``name`` and rename it over ``name``."""
    _remove_stale(folder, name)
    temporary = f".{name}.runback-{secrets.token_hex(4)}.tmp"
    try:
        fd = folder.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW)
    except OSError as e:
        raise RunbackError(f"{shown}: cannot write: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        folder.chmod(temporary, existing.st_mode & 0o777 if existing else _default_mode())
        folder.replace(temporary, name)
    except BaseException as e:
        with contextlib.suppress(OSError):
            folder.unlink(temporary)
        if isinstance(e, OSError):
            raise RunbackError(f"{shown}: cannot write: {e.strerror or e}") from None
        raise
    folder.sync()


def _remove_stale(folder: _Folder, name: str) -> None:
    """Remove leftovers of interrupted writes to ``name``: the user's own regular files named as
    runback names its temporaries, old enough that no live write can own them."""
    pattern = re.compile(re.escape(f".{name}.runback-") + "[0-9a-f]{8}" + re.escape(".tmp"))
    with contextlib.suppress(OSError):
        for entry in folder.names():
            if pattern.fullmatch(entry):
                with contextlib.suppress(OSError):
                    found = folder.lstat(entry)
                    old = time.time() - found.st_mtime > STALE_SECONDS
                    if stat.S_ISREG(found.st_mode) and found.st_uid == _user() and old:
                        folder.unlink(entry)


def _default_mode() -> int:
    """What a new file would get: 0o666 less the umask (a temporary file starts as 0o600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# --- locking ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(folder: _Folder, name: str, shown: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock for editing ``name``: ``flock`` on ``.NAME.runback-lock``
    beside it, removed afterwards. Without fcntl (Windows), no lock."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    lock = f".{name}.runback-lock"
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        fd = _open_lock(folder, lock, shown)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() > deadline:
                raise RunbackError(f"{shown}: another runback is editing it; try again") from None
            time.sleep(0.02)
            continue
        if _still_there(folder, lock, fd):
            break
        os.close(fd)  # the holder before us removed it: lock the new one
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            folder.unlink(lock)
        os.close(fd)


def _open_lock(folder: _Folder, lock: str, shown: Path) -> int:
    """Open (or create, mode 0600) the lock file: never through a link, and only a regular file of
    the user's own."""
    try:
        fd = folder.open(lock, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise RunbackError(
                f"{shown}: its lock file {folder.path / lock} is a symbolic link; remove it"
            ) from None
        raise RunbackError(f"{shown}: cannot lock: {e.strerror or e}") from None
    found = os.fstat(fd)
    if not stat.S_ISREG(found.st_mode) or found.st_uid != _user():
        os.close(fd)
        raise RunbackError(f"{shown}: its lock file {folder.path / lock} is not a file of yours; remove it")
    return fd


def _still_there(folder: _Folder, lock: str, fd: int) -> bool:
    """Whether the locked file is still the one named ``lock`` (a holder removes it when done)."""
    try:
        named = folder.lstat(lock)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)
