"""Writing results to files without ever leaving a half-written one, and keeping a week's plan in
a note between marker comments while every other byte of the note stays as it was."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import RunbackError


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: on any error the old file,
    if there was one, is untouched. An existing file keeps its permissions; a new one gets the
    usual ones (the umask's)."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """``write_atomic`` for bytes. A symbolic link is followed: its target gets the new content."""
    path = Path(os.path.realpath(path))
    directory = path.parent
    if path.is_dir():
        raise RunbackError(f"{path}: is a directory")
    if not directory.is_dir():
        raise RunbackError(f"{path}: no such directory {directory}")
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
        fd, name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise RunbackError(f"{path}: cannot write: {e.strerror or e}") from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.chmod(mode)
        tmp.replace(path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise RunbackError(f"{path}: cannot write: {e.strerror or e}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _default_mode() -> int:
    """What a new file would get: 0o666 less the umask (a temporary file starts as 0o600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def markers(key: str) -> tuple[str, str]:
    return f"<!-- runback:plan {key} -->", f"<!-- /runback:plan {key} -->"


def splice(note: str, block: str, key: str) -> str:
    """``note`` with the section for ``key`` replaced by ``block``, or ``block`` added at the end.

    The section is everything from the opening marker to the closing one. Line endings follow
    the note's own (CRLF or LF); nothing outside the section changes.
    """
    start, end = markers(key)
    newline = "\r\n" if "\r\n" in note else "\n"
    section = newline.join([start, *block.rstrip("\n").split("\n"), end])
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    found = pattern.findall(note)
    if len(found) > 1:
        raise RunbackError(f"the note has {len(found)} sections for {key}; keep one and run again")
    if found:
        return pattern.sub(lambda _: section, note, count=1)
    if start in note or end in note:
        raise RunbackError(f"the note has an unmatched marker for {key}: '{start}' ... '{end}'")
    if not note:
        return section + newline
    gap = "" if note.endswith(newline * 2) else newline if note.endswith(newline) else newline * 2
    return note + gap + section + newline


def append_to_note(path: Path, block: str, key: str) -> bool:
    """Put ``block`` into the note at ``path`` (created if missing); False if nothing changed."""
    if path.is_dir():
        raise RunbackError(f"{path}: is a directory")
    try:
        raw = path.read_bytes() if path.exists() else b""
    except OSError as e:
        raise RunbackError(f"{path}: cannot read: {e.strerror or e}") from None
    try:
        note = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RunbackError(f"{path}: not UTF-8 text; runback only edits UTF-8 notes") from None
    updated = splice(note, block, key)
    if updated == note:
        return False
    write_atomic(path, updated)
    return True


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False
