"""Reading activities from what watches and Strava export: GPX (gpxpy), TCX (defusedxml), FIT
(fitdecode), Strava's ``activities.csv``, and whole export folders or .zip files.

Every file is untrusted, and every read is bounded by what a real activity holds (``bounds``):
a file is unpacked from .gz or .zip as it streams in, and refused as soon as it passes the size
for its format; XML's elements and attributes are counted in its bytes before defusedxml, which
refuses DTDs, entities and external references, parses it (and before any other parser sees
it); a FIT file's messages are counted from its structure before fitdecode decodes them. Each file gives activities or one
problem, and each activity that is not plausible is skipped with its reason; a bad file or zip
member never stops the others.
"""

from __future__ import annotations

import collections
import datetime as dt
import gzip
import hashlib
import io
import itertools
import os
import signal
import stat
import struct
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, NamedTuple

from . import bounds
from .errors import RunbackError, UsageError, quoted
from .journal import Activity, ImportedFile, KnownFile

if TYPE_CHECKING:
    from concurrent.futures import Future
    from xml.etree.ElementTree import Element

ACTIVITY_SUFFIXES = (".gpx", ".tcx", ".fit")
STRAVA_CSV = "activities.csv"
CHUNK = 2**20  # bytes unpacked at a time

SPORTS = {
    # Strava activity types, FIT sport names, TCX Sport attributes, GPX <type> values: to runback's sports
    "run": "run", "running": "run", "trail run": "run", "trail_running": "run", "virtual run": "run",
    "treadmill": "run", "9": "run",
    "ride": "ride", "cycling": "ride", "biking": "ride", "virtual ride": "ride", "e-bike ride": "ride",
    "gravel ride": "ride", "mountain bike ride": "ride", "1": "ride",
    "swim": "swim", "swimming": "swim", "open_water": "swim",
    "walk": "walk", "walking": "walk", "hike": "walk", "hiking": "walk",
    "yoga": "yoga", "elliptical": "elliptical", "fitness_equipment": "elliptical",
}  # fmt: skip


class Failure(NamedTuple):
    name: str
    problem: str

    def __str__(self) -> str:
        return f"{self.name}: {self.problem}"


class Skipped(NamedTuple):
    """An activity left out because its values are impossible; ``name`` is its file, with the
    line of a CSV or the place in a file that holds several."""

    name: str
    problem: str

    def __str__(self) -> str:
        return f"{self.name}: {self.problem}"


class Content(NamedTuple):
    """A file's bytes as stored (packed, for a .gz): how many, and their SHA-256 in hex."""

    size: int
    sha256: str


class FileResult(NamedTuple):
    name: str
    activities: list[Activity]
    failure: Failure | None = None
    skipped: tuple[Skipped, ...] = ()
    content: Content | None = None  # what was read, when the file was read well


class UnreadableFile(Exception):
    """A file is not an activity runback can read; the message says why, in a few words."""


Opener = Callable[[], IO[bytes]]  # opens a file's bytes as stored (packed, for a .gz)
Found = tuple[str, Activity]  # where in its file (a CSV line, a TCX activity), and the activity


@dataclass(frozen=True)
class FileBytes:
    """Opens a file on disk, by its absolute path. Plain data, so that a worker process can be
    told which file to read and read it itself."""

    path: str

    def __call__(self) -> IO[bytes]:
        return _open_regular(self.path)

    @property
    def remembered_as(self) -> str:
        """The name the journal remembers the file by."""
        return self.path

    def listed(self) -> tuple[int, int] | None:
        """The file's size and modification time (ns), without reading it (None if unknown)."""
        try:
            found = os.stat(self.path)  # noqa: PTH116 (the path as it is: no Path object a file)
        except (OSError, ValueError):
            return None
        return found.st_size, found.st_mtime_ns


@dataclass(frozen=True)
class MemberBytes:
    """Opens a member of a .zip export, by its place in the zip's directory, with its size and
    time as the directory gives them. Plain data, like ``FileBytes``."""

    zip: str  # the zip's absolute path
    index: int
    filename: str
    size: int
    mtime_ns: int
    occurrence: int = 1  # a name the zip holds more than once is remembered once for each

    def __call__(self) -> IO[bytes]:
        archive, _ = _listed_zip(self.zip)
        members = archive.infolist()
        if self.index >= len(members) or members[self.index].filename != self.filename:
            raise UnreadableFile("the .zip file changed while it was being read")
        return _open_member(archive, members[self.index])

    @property
    def remembered_as(self) -> str:
        return f"{self.zip}:{self.filename}" + (f" ({self.occurrence})" if self.occurrence > 1 else "")

    def listed(self) -> tuple[int, int] | None:
        return self.size, self.mtime_ns


class Source(NamedTuple):
    """A file to read: its name as messages give it, and what opens its bytes."""

    name: str
    opener: FileBytes | MemberBytes


_WHAT_RUNBACK_READS = "runback reads .gpx, .tcx, .fit, their .gz, and Strava's activities.csv"


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


# --- finding files -------------------------------------------------------------------------------


def sources(paths: list[Path]) -> Iterator[Source | Failure]:
    """Each activity file to read, as (name, opener), from files, folders and .zip exports."""
    for path in paths:
        if path.is_dir():
            yield from _folder(path)
        elif path.suffix.lower() == ".zip":
            yield from _zip(path)
        elif not path.exists():
            yield Failure(str(path), "no such file or folder")
        else:
            yield Source(str(path), _opener(path))


def _open_regular(path: str | Path) -> IO[bytes]:
    """A regular file opened for reading: a FIFO, a device or a socket with an activity's name
    is refused rather than waited on or read without end."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnreadableFile("not a regular file")
    return os.fdopen(fd, "rb")


def _opener(path: Path) -> FileBytes:
    return FileBytes(str(path.absolute()))


def _activity_name(name: str) -> bool:
    lower = name.lower().removesuffix(".gz")
    return lower.endswith(ACTIVITY_SUFFIXES) or PurePosixPath(lower).name == STRAVA_CSV


def _hidden(relative: str) -> bool:
    """A file under a hidden folder, or hidden itself (``.DS_Store``, ``._run.gpx``), inside an
    export; the folder's own path may hold ``..`` or a hidden folder of the user's."""
    return any(part.startswith(".") or part == "__MACOSX" for part in PurePosixPath(relative).parts)


def _folder(folder: Path) -> Iterator[Source | Failure]:
    """A folder's activity files in name order; with a Strava ``activities.csv`` at its top, the
    files its rows name are read through the CSV, not a second time on their own. A subfolder
    that cannot be read is a failure; a folder with no activity file at all is one too."""
    problems: list[Failure] = []

    def unreadable(error: OSError) -> None:
        problems.append(
            Failure(str(error.filename or folder), f"cannot read this folder: {error.strerror or error}")
        )

    names: dict[str, Path] = {}
    for top, dirs, files in os.walk(folder, onerror=unreadable):
        here = Path(top)
        under = here.relative_to(folder).as_posix()  # once a folder, not once a file
        dirs[:] = sorted(d for d in dirs if not _hidden(d))  # so no folder above a file is hidden
        for file in files:
            if _activity_name(file) and not _hidden(file):
                names[file if under == "." else f"{under}/{file}"] = here / file
    yield from problems
    if not names and not problems:
        yield Failure(str(folder), f"no activity files in this folder ({_WHAT_RUNBACK_READS})")
        return
    csv_file = names.get(STRAVA_CSV)
    covered = _covered(_opener(csv_file) if csv_file else None)
    root = folder.absolute()
    for relative in sorted(names):
        if relative not in covered:
            yield Source(str(names[relative]), FileBytes(str(root / relative)))


def _covered(strava_csv: Opener | None) -> set[str]:
    """The files an export's activities.csv names. When the CSV cannot be read, none: each file is
    then read on its own, and the CSV's own failure is reported when it is read in turn."""
    if strava_csv is None:
        return set()
    try:
        return _strava_filenames(_unpack(STRAVA_CSV, strava_csv)[0])
    except Exception:  # an untrusted file: whatever is wrong with it is reported when it is read
        return set()


# --- .zip exports --------------------------------------------------------------------------------


def _zip(path: Path) -> Iterator[Source | Failure]:
    """An export's activity files, each read on its own, in name order: a member that is damaged,
    packed in a way runback cannot unpack, or named in bytes that are not text fails alone."""
    try:
        where = str(path.absolute())
        archive, refused = _listed_zip(where)
    except UnreadableFile as e:
        yield Failure(str(path), str(e))
        return
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, UnicodeDecodeError) as e:
        yield Failure(str(path), f"not a readable .zip file ({e})")
        return
    overlapping = _overlapping(archive.infolist())
    members: list[MemberBytes | Failure] = []
    seen: collections.Counter[str] = collections.Counter()
    for index, member in enumerate(archive.infolist()):
        name, problem = refused.get(index) or (member.filename, None)
        if not name or name.endswith("/") or not _activity_name(name) or _hidden(name):
            continue
        problem = problem or _member_problem(member, id(member) in overlapping)
        seen[name] += 1
        members.append(
            Failure(f"{path}:{name}", problem)
            if problem
            else MemberBytes(where, index, name, member.file_size, _zip_time(member), seen[name])
        )
    if not members:
        yield Failure(str(path), f"no activity files in this .zip file ({_WHAT_RUNBACK_READS})")
        return
    members.sort(key=lambda m: m.name if isinstance(m, Failure) else f"{path}:{m.filename}")
    csv_member = next((m for m in members if isinstance(m, MemberBytes) and m.filename == STRAVA_CSV), None)
    covered = _covered(csv_member)
    for entry in members:
        if isinstance(entry, Failure):
            yield entry
        elif entry.filename not in covered:
            yield Source(f"{path}:{entry.filename}", entry)


def _zip_time(member: zipfile.ZipInfo) -> int:
    """A member's modification time as the zip's directory gives it, in ns since the epoch (0
    for a time no calendar has)."""
    try:
        return int(dt.datetime(*member.date_time, tzinfo=dt.UTC).timestamp()) * 10**9
    except (ValueError, OverflowError):
        return 0


_KEPT_ZIP: dict[str, tuple[tuple[int, int, int, int], zipfile.ZipFile, dict[int, Failure]]] = {}


def _listed_zip(path: str) -> tuple[zipfile.ZipFile, dict[int, Failure]]:
    """The zip at ``path`` opened as ``_open_zip`` opens it, and kept open for the next member
    read from it: a process keeps one zip, so that it reads an export's directory once, not once
    a member. A zip replaced or changed since is opened again."""
    found = Path(path).stat()
    identity = (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)
    kept = _KEPT_ZIP.get(path)
    if kept is not None and kept[0] == identity:
        return kept[1], kept[2]
    close_zips()
    archive, refused = _open_zip(Path(path))
    _KEPT_ZIP[path] = (identity, archive, refused)
    return archive, refused


def close_zips() -> None:
    """Close the zip this process keeps open (``_listed_zip``)."""
    for _, archive, _ in _KEPT_ZIP.values():
        archive.close()
    _KEPT_ZIP.clear()


def _member_problem(member: zipfile.ZipInfo, overlaps: bool) -> str | None:
    """Why a member cannot be read, from the zip's directory alone (None when it may be)."""
    limit = _limit(member.filename)
    if member.file_size > limit:
        return f"larger than {_mb(limit)} when unpacked: more than an activity holds"
    if member.flag_bits & 0x1:
        return "encrypted: runback cannot read a password-protected file"
    if overlaps:
        return "its data overlaps another file's in the zip, as in a zip bomb: refused"
    return None


def _overlapping(members: list[zipfile.ZipInfo]) -> set[int]:
    """The ids of members whose packed data runs into the next member's: the files of a real zip
    never share data, and zip bombs do, to unpack the same bytes many times over."""
    found: set[int] = set()
    ordered = sorted(members, key=lambda m: m.header_offset)
    for a, b in itertools.pairwise(ordered):
        if a.header_offset + 30 + a.compress_size > b.header_offset:
            found.update((id(a), id(b)))
    return found


def _open_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> IO[bytes]:
    try:
        return archive.open(member)
    except NotImplementedError as e:
        raise UnreadableFile(f"packed in a way runback cannot unpack ({e})") from None
    except RuntimeError as e:  # zipfile's word for an encrypted member
        raise UnreadableFile(f"cannot be unpacked ({e})") from None
    except zipfile.BadZipFile as e:
        raise UnreadableFile(f"damaged in the .zip file ({e})") from None


def _open_zip(path: Path) -> tuple[zipfile.ZipFile, dict[int, Failure]]:
    """The zip, and its members that zipfile would refuse to list at all (by their index): a name
    marked UTF-8 that is not, or a zip version newer than zipfile reads. Those two would fail the
    whole archive, so the directory is read through a copy in which they are made harmless, and
    the members are reported on their own. A directory larger than an export's is refused."""
    fh = _open_regular(path)
    try:
        span = _directory_span(fh)
        if span is None:
            return _Archive(fh), {}
        start, size = span
        if size > bounds.MAX_ZIP_DIRECTORY_BYTES:
            raise UnreadableFile(
                f"its list of files is larger than {_mb(bounds.MAX_ZIP_DIRECTORY_BYTES)}: not an export"
            )
        fh.seek(start)
        directory = bytearray(fh.read(size))
        refused, count = _mend_directory(directory)
        if count > bounds.MAX_ZIP_MEMBERS:
            raise UnreadableFile(f"more than {bounds.MAX_ZIP_MEMBERS:,} files: not an export")
        if not refused:
            return _Archive(fh), {}
        return _Archive(_Overlay(fh, start, bytes(directory))), refused
    except BaseException:
        fh.close()
        raise


class _Archive(zipfile.ZipFile):
    """A zip read from a file it owns: the file is closed with the zip (or when the zip is
    collected, once the import has read its members)."""

    def __init__(self, fh: IO[bytes] | _Overlay) -> None:
        self._owned = fh  # first: a zip that fails to open is closed as it is collected
        super().__init__(fh)

    def close(self) -> None:
        super().close()
        self._owned.close()


_EOCD = struct.Struct("<4s4H2LH")  # end of central directory: signature, disks, counts, size, offset, comment
_EOCD64_LOCATOR = 20
_EOCD64 = 56


def _directory_span(fh: IO[bytes]) -> tuple[int, int] | None:
    """Where the zip's central directory starts and how long it is, found as zipfile finds it
    (None when there is no end record: zipfile then says what is wrong)."""
    end = fh.seek(0, os.SEEK_END)
    window = min(end, _EOCD.size + 0xFFFF)
    fh.seek(end - window)
    tail = fh.read(window)
    at = (
        len(tail) - _EOCD.size
        if tail[-_EOCD.size : -_EOCD.size + 4] == b"PK\x05\x06"
        else tail.rfind(b"PK\x05\x06")
    )
    if at < 0 or at + _EOCD.size > len(tail):
        return None
    record = end - window + at
    size = _EOCD.unpack_from(tail, at)[5]
    if at >= _EOCD64_LOCATOR and tail[at - _EOCD64_LOCATOR : at - _EOCD64_LOCATOR + 4] == b"PK\x06\x07":
        record -= _EOCD64_LOCATOR + _EOCD64
        fh.seek(record)
        zip64 = fh.read(_EOCD64)
        if len(zip64) < _EOCD64 or zip64[:4] != b"PK\x06\x06":
            return None
        size = int.from_bytes(zip64[40:48], "little")
    if size > record:
        return None
    return record - size, size


def _mend_directory(directory: bytearray) -> tuple[dict[int, Failure], int]:
    """In a copy of the central directory, make harmless the entries zipfile would refuse to list
    (a name marked UTF-8 that is not, a zip version above zipfile's), and say which (by index, with
    the name as best it can be read) and why; and count the entries. The walk stops where the
    directory stops making sense: zipfile then says why."""
    refused: dict[int, Failure] = {}
    pos = count = 0
    while pos + 46 <= len(directory) and directory[pos : pos + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<3H", directory, pos + 28)
        raw = bytes(directory[pos + 46 : pos + 46 + name_length])
        utf8 = bool(directory[pos + 9] & 0x08)  # flag bit 11: the name is UTF-8
        name = raw.decode("utf-8" if utf8 else "cp437", "backslashreplace")
        if directory[pos + 6] > zipfile.MAX_EXTRACT_VERSION:
            newest = zipfile.MAX_EXTRACT_VERSION / 10
            refused[count] = Failure(
                name, f"needs zip version {directory[pos + 6] / 10:.1f}; runback reads up to {newest:.1f}"
            )
            directory[pos + 6] = 20
        if utf8 and not _is_utf8(raw):
            refused[count] = Failure(name, "its name is not valid UTF-8, though the zip says it is")
            directory[pos + 9] &= ~0x08 & 0xFF
        pos += 46 + name_length + extra_length + comment_length
        count += 1
    return refused, count


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _Overlay(io.RawIOBase):
    """A file read as it is, except for one stretch of it, read from a mended copy instead."""

    def __init__(self, fh: IO[bytes], start: int, replacement: bytes) -> None:
        self.fh, self.start, self.replacement, self.pos = fh, start, replacement, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self.pos = self.fh.seek(offset, whence)
        return self.pos

    def tell(self) -> int:
        return self.pos

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        self.fh.seek(self.pos)
        data = bytearray(self.fh.read(len(buffer)))
        low, high = max(self.pos, self.start), min(self.pos + len(data), self.start + len(self.replacement))
        if low < high:
            data[low - self.pos : high - self.pos] = self.replacement[low - self.start : high - self.start]
        buffer[: len(data)] = data
        self.pos += len(data)
        return len(data)

    def close(self) -> None:
        self.fh.close()
        super().close()


# --- reading one file ----------------------------------------------------------------------------


def _kind(name: str) -> str:
    """The format a file's name says it holds: .gpx, .tcx, .fit or .csv (a .gz of any)."""
    lower = name.lower().removesuffix(".gz")
    for suffix in (*ACTIVITY_SUFFIXES, ".csv"):
        if lower.endswith(suffix):
            return suffix
    raise UnreadableFile("not an activity file: runback reads .gpx, .tcx, .fit, Strava's activities.csv, "
                         "their .gz, and export folders or .zip files")  # fmt: skip


_LIMITS = {".gpx": bounds.MAX_GPX_BYTES, ".tcx": bounds.MAX_TCX_BYTES, ".fit": bounds.MAX_FIT_BYTES,
           ".csv": bounds.MAX_CSV_BYTES}  # fmt: skip


def _limit(name: str) -> int:
    try:
        return _LIMITS[_kind(name)]
    except UnreadableFile:
        return max(_LIMITS.values())


class _Hashing:
    """A stream's bytes as they are read, counted and hashed on the way."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.size, self.digest = stream, 0, hashlib.sha256()

    def read(self, size: int = -1, /) -> bytes:
        data = self.stream.read(size)
        self.size += len(data)
        self.digest.update(data)
        return data

    def seek(self, offset: int, /) -> int:
        raise io.UnsupportedOperation("read once, from the start")

    def content(self) -> Content:
        return Content(self.size, self.digest.hexdigest())


def _unpack(name: str, open_: Opener) -> tuple[bytes, Content]:
    """A file's bytes, unpacked from .gz as they stream in and refused as soon as they pass the
    bound for its format: nothing larger is ever held, whatever its header claims. With them,
    the size and SHA-256 of the bytes as stored, which the journal remembers the file by (a .gz
    is read to its end, so they cover the whole file)."""
    limit = _limit(name)
    packed_gz = name.lower().endswith(".gz")
    try:
        with open_() as packed:
            hashed = _Hashing(packed)
            stream: _Hashing | gzip.GzipFile = (
                gzip.GzipFile(fileobj=hashed, mode="rb") if packed_gz else hashed
            )
            chunks, total = [], 0
            while chunk := stream.read(min(CHUNK, limit + 1 - total)):
                chunks.append(chunk)
                total += len(chunk)
                if total > limit:
                    raise UnreadableFile(f"larger than {_mb(limit)}{' when unpacked' if packed_gz else ''}: "
                                         "more than an activity holds")  # fmt: skip
    except zipfile.BadZipFile as e:
        raise UnreadableFile(f"damaged in the .zip file ({e})") from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        what = "not a readable .gz file" if packed_gz else "damaged in the .zip file"
        raise UnreadableFile(f"{what} ({e})") from None
    return b"".join(chunks), hashed.content()


def read(
    name: str, open_: Opener, local_tz: dt.tzinfo | None = None, *, today: dt.date | None = None
) -> FileResult:
    """The activities in one file, or why it could not be read; an activity with impossible
    values (``bounds.activity_problem``, as of ``today``) is skipped, the others kept."""
    try:
        reader = _READERS[_kind(name)]
        data, content = _unpack(name, open_)
        found = reader(data, name, local_tz)
    except UnreadableFile as e:
        return FileResult(name, [], Failure(name, str(e)))
    except OSError as e:
        return FileResult(name, [], Failure(name, f"cannot read: {e.strerror or e}"))
    except Exception as e:  # an untrusted file must never stop the import: any parser failure is this file's
        return FileResult(name, [], Failure(name, f"not a readable activity ({type(e).__name__}: {e})"))
    activities, skipped = _plausible(name, found, today or dt.date.today())
    return FileResult(name, activities, None, tuple(skipped), content)


def _plausible(name: str, found: list[Found], today: dt.date) -> tuple[list[Activity], list[Skipped]]:
    """The activities whose values are possible, with implausible heart rates and ascent dropped;
    and the others, skipped with the reason."""
    kept, skipped = [], []
    for where, activity in found:
        problem = activity_problem(activity, today)
        if problem:
            skipped.append(Skipped(f"{name} {where}".rstrip(), problem))
            continue
        kept.append(
            activity._replace(
                hr_avg=bounds.plausible_or_none(activity.hr_avg, *bounds.HEART_RATE),
                hr_max=bounds.plausible_or_none(activity.hr_max, *bounds.HEART_RATE),
                ascent_m=bounds.plausible_or_none(activity.ascent_m, 0.0, bounds.MAX_ASCENT_M),
            )
        )
    return kept, skipped


def activity_problem(activity: Activity, today: dt.date | None = None) -> str | None:
    """Why an activity's date, distance, time or speed is impossible (None when they are
    possible); both its moving and its elapsed time are checked."""
    a = activity
    problem = bounds.activity_problem(a.sport, a.distance_km, a.minutes, a.date, today)
    if problem is None and a.elapsed_min is not None and a.elapsed_min != a.minutes:
        problem = bounds.activity_problem(a.sport, None, a.elapsed_min, a.date, today)
    return problem


# --- importing many files: only what changed, on every core --------------------------------------

WORKERS_ENV = "RUNBACK_IMPORT_WORKERS"
# A pool pays for its start-up (a new Python for each worker, importing the parsers: about 0.27
# CPU seconds each) once two workers save more than that: from about 95 small files (5.8 ms each,
# as in benchmarks/import.py) or 1.2 MB of GPX (0.45 us a byte, the format that parses fastest
# for its size) on two idle cores. Fewer files, holding less, are read in this process; the
# margins are for a busy machine, where a pool gains less.
POOL_MIN_FILES = 128
POOL_MIN_BYTES = 2 * 2**20
# Files go to a worker in chunks of a few (one message, not one a file): at most CHUNK_FILES, and
# no more once they hold CHUNK_BYTES, so that a chunk of large files is one or two of them.
CHUNK_FILES = 16
CHUNK_BYTES = 128 * 2**10
PENDING_PER_WORKER = 4  # chunks handed to each worker ahead of the one awaited
PARENT_CHECK_SECONDS = 0.5  # how often a worker checks that the import it works for still runs


class Unchanged(NamedTuple):
    """A file the journal already has, unchanged since: not read again."""

    name: str


class Read(NamedTuple):
    """A file read: what it gave, and what the journal keeps of it (None when it failed, so that
    it is read again next time)."""

    result: FileResult
    file: ImportedFile | None


class _ToRead(NamedTuple):
    source: Source
    size: int  # as stored, as listed before it is read (0 if unknown)
    mtime_ns: int


def worker_count() -> int:
    """How many processes read an import's files: $RUNBACK_IMPORT_WORKERS, else one for each
    core this process may use (and never more, since reading is CPU-bound)."""
    cores = _cores()
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if not raw:
        return cores
    try:
        wanted = int(raw)
    except ValueError:
        wanted = 0
    if wanted < 1:
        raise UsageError(
            f"{WORKERS_ENV}={quoted(raw)} is not a number of processes; give a whole number, 1 or more"
        )
    return min(wanted, cores)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def read_changed(
    found: list[Source | Failure],
    known: Mapping[str, KnownFile],
    *,
    workers: int,
    local_tz: dt.tzinfo | None = None,
    today: dt.date | None = None,
) -> Generator[Failure | Unchanged | Read, None, None]:
    """What each of ``found`` gives, in its order: the failure to find it, ``Unchanged`` for a
    file the journal remembers (``known``, by name) with the same size and SHA-256, or what
    reading it gave. The files to read are read by ``workers`` processes when there are enough
    of them to be worth a pool's start-up, and come back in the order given whatever the number
    of workers, so that the journal written from them is the same. Close the generator, or use
    it to its end, to stop the workers."""
    triaged = [item if isinstance(item, Failure) else _triage(item, known) for item in found]
    to_read = [item for item in triaged if isinstance(item, _ToRead)]
    pooled = len(to_read) >= POOL_MIN_FILES or (
        len(to_read) > 1 and sum(item.size for item in to_read) >= POOL_MIN_BYTES
    )
    results = _read_in_order(to_read, workers if pooled else 1, local_tz, today)
    try:
        for item in triaged:
            if isinstance(item, _ToRead):
                result = next(results)
                yield Read(result, _kept(item, result))
            else:
                yield item
    finally:
        results.close()
        close_zips()


def _triage(source: Source, known: Mapping[str, KnownFile]) -> Unchanged | _ToRead:
    """Whether a file is the one the journal remembers: a size that differs (known without
    reading it) means it changed; else the SHA-256 of its bytes decides."""
    size, mtime_ns = source.opener.listed() or (0, 0)
    remembered = known.get(source.opener.remembered_as)
    if (
        remembered is not None
        and size == remembered.size
        and _content(source.opener, remembered.size) == (remembered.size, remembered.sha256)
    ):
        return Unchanged(source.name)
    return _ToRead(source, size, mtime_ns)


def _content(open_: Opener, limit: int) -> Content | None:
    """The size and SHA-256 of a file's bytes as stored, streamed a chunk at a time and never
    more than ``limit`` + 1 of them (None when the file cannot be read: what is wrong with it is
    reported when it is read)."""
    try:
        with open_() as stream:
            hashed = _Hashing(stream)
            while hashed.read(min(CHUNK, limit + 1 - hashed.size)):
                pass
    except Exception:  # an untrusted file, read in full later: any failure there is its own
        return None
    return hashed.content()


RETRY = ""  # the hash remembered for a file that must be read again next time: no content has it


def _kept(entry: _ToRead, result: FileResult) -> ImportedFile | None:
    """The file as the journal remembers it. One that held an activity left out as implausible
    is remembered with no hash, so the next import reads it again: a run dated tomorrow today is
    plausible tomorrow, and a later version may bound differently."""
    if result.failure is not None or result.content is None:
        return None
    return ImportedFile(
        entry.source.opener.remembered_as,
        result.content.size,
        entry.mtime_ns,
        RETRY if result.skipped else result.content.sha256,
        tuple(result.activities),
    )


def _read_in_order(
    to_read: list[_ToRead], workers: int, local_tz: dt.tzinfo | None, today: dt.date | None
) -> Generator[FileResult, None, None]:
    if workers < 2 or len(to_read) < 2:
        for item in to_read:
            yield read(*item.source, local_tz, today=today)
        return
    chunks = list(_chunks(to_read))
    yield from _pooled(chunks, min(workers, len(chunks)), local_tz, today)


def _chunks(to_read: list[_ToRead]) -> Iterator[list[Source]]:
    chunk: list[Source] = []
    size = 0
    for item in to_read:
        chunk.append(item.source)
        size += item.size
        if len(chunk) == CHUNK_FILES or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _read_chunk(chunk: list[Source], local_tz: dt.tzinfo | None, today: dt.date | None) -> list[FileResult]:
    """A worker's task: ``read`` of each file of a chunk."""
    return [read(name, opener, local_tz, today=today) for name, opener in chunk]


def _pooled(
    chunks: list[list[Source]], workers: int, local_tz: dt.tzinfo | None, today: dt.date | None
) -> Generator[FileResult, None, None]:
    """``read`` of each file in a pool of ``workers`` processes, the results in the files'
    order, one at a time. Each worker opens and reads its files itself, and is handed at most
    PENDING_PER_WORKER chunks ahead of the one awaited, so few results are ever held. The
    workers ignore Ctrl-C, which the parent alone handles: stopped before the end (Ctrl-C, an
    error), it ends them at once, since their results are no longer wanted, and waits for them,
    so that none is left behind."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    before = set(multiprocessing.active_children())
    waiting = iter(chunks)
    pending: collections.deque[Future[list[FileResult]]] = collections.deque()
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    started: list[multiprocessing.process.BaseProcess] = []

    def hand_out(count: int) -> None:
        for chunk in itertools.islice(waiting, count):
            pending.append(pool.submit(_read_chunk, chunk, local_tz, today))

    try:
        with _sigint_ignored():  # a worker started now ignores Ctrl-C from its first moment
            hand_out(workers * PENDING_PER_WORKER)  # starts every worker
        started = [p for p in multiprocessing.active_children() if p not in before]
        while pending:
            try:
                results = pending[0].result()
            except BrokenProcessPool:
                raise RunbackError(
                    f"a process reading the files stopped unexpectedly, so nothing was imported;"
                    f" {WORKERS_ENV}=1 reads them in one process"
                ) from None
            pending.popleft()
            hand_out(1)
            yield from results
    finally:
        if pending:
            for process in started:
                process.terminate()
        with _sigint_ignored():
            pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(parent: int) -> None:
    """A worker's start: Ctrl-C is for the import that started it, and the worker ends when that
    import is gone (killed, say), instead of waiting for files that will never come."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


def _end_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ctrl-C ignored for a moment: while workers start (a process started then keeps ignoring
    it) and while they are stopped (so that stopping them is not cut short). Only the main
    thread handles signals; elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)


def _safe_xml(data: bytes) -> Element:
    """The XML tree, parsed as UTF-8 by defusedxml (no DTD, no entities, no external references),
    and bounded. Elements and attributes are counted in the bytes first, which is cheap, so that
    no parser ever builds more than an activity holds: every element opens with a ``<`` not
    followed by ``/`` (in UTF-8 that byte means nothing else), and every attribute has an ``=``.
    The track points are counted in the tree."""
    from xml.etree.ElementTree import ParseError, TreeBuilder

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    if data.count(b"<") - data.count(b"</") > bounds.MAX_XML_ELEMENTS:
        raise UnreadableFile(
            f"more than {bounds.MAX_XML_ELEMENTS:,} XML elements: more than an activity holds"
        )
    if data.count(b"=") > bounds.MAX_XML_ATTRIBUTES:
        raise UnreadableFile(
            f"more than {bounds.MAX_XML_ATTRIBUTES:,} XML attributes: more than an activity holds"
        )
    parser = DefusedXMLParser(
        target=TreeBuilder(), encoding="utf-8", forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        parser.feed(data)
        root: Element = parser.close()
    except DefusedXmlException as e:
        raise UnreadableFile(f"refused: the XML declares a DTD or entities ({type(e).__name__})") from None
    except ParseError as e:
        raise UnreadableFile(f"not well-formed XML ({e})") from None
    if (
        sum(1 for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith(_POINTS))
        > bounds.MAX_TRACKPOINTS
    ):
        raise UnreadableFile(
            f"more than {bounds.MAX_TRACKPOINTS:,} track points: more than a 24-hour activity recorded every second"
        )
    return root


_POINTS = ("}trkpt", "}Trackpoint", "trkpt", "Trackpoint")  # GPX's and TCX's, with or without a namespace


def _local(start: dt.datetime, offset_min: int | None, local_tz: dt.tzinfo | None) -> tuple[dt.date, int]:
    """The local date of a start time, and the UTC offset in minutes used to find it. An offset
    no time zone has is not used; a time at the very ends of the calendar keeps its UTC date
    (and is then refused as outside runback's years)."""
    if offset_min is not None and not bounds.UTC_OFFSET_MIN[0] <= offset_min <= bounds.UTC_OFFSET_MIN[1]:
        offset_min = None
    try:
        if offset_min is None:
            local = start.astimezone(local_tz) if local_tz else start.astimezone()
            offset = local.utcoffset()
            offset_min = int(offset.total_seconds() // 60) if offset is not None else 0
        return (start + dt.timedelta(minutes=offset_min)).date(), offset_min
    except (OverflowError, OSError, ValueError):
        return start.date(), 0


def _activity(
    sport: str,
    start: dt.datetime,
    source: str,
    local_tz: dt.tzinfo | None,
    *,
    offset_min: int | None = None,
    **values: float | None,
) -> Activity:
    """An activity; a distance of 0 (a treadmill run without a foot pod) is unknown, not 0 km."""
    try:
        start = start.astimezone(dt.UTC).replace(microsecond=0)
    except (OverflowError, ValueError):
        raise UnreadableFile(f"'{start}' is not a time runback can place") from None
    date, offset = _local(start, offset_min, local_tz)
    if values.get("distance_km") == 0:
        values["distance_km"] = None
    return Activity(
        key=f"{sport}:{start.isoformat()}",
        sport=sport,
        date=date,
        source=source,
        start_utc=start,
        utc_offset_min=offset,
        **{k: (round(v, 3) if isinstance(v, float) else v) for k, v in values.items()},  # type: ignore[arg-type]
    )


def _sport(value: str | None, default: str = "other") -> str:
    if not value:
        return default
    return SPORTS.get(value.strip().lower(), "other")


def _places(activities: list[Activity], word: str) -> list[Found]:
    """Activities with where they are in their file: nowhere for the only one, else '<word> N'."""
    if len(activities) == 1:
        return [("", activities[0])]
    return [(f"{word} {number}", a) for number, a in enumerate(activities, 1)]


def read_gpx(data: bytes, name: str, local_tz: dt.tzinfo | None = None) -> list[Found]:
    _safe_xml(data)  # checked and counted before gpxpy parses it again
    import gpxpy
    import gpxpy.gpx

    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig"))
    except (gpxpy.gpx.GPXException, UnicodeDecodeError, ValueError) as e:
        raise UnreadableFile(f"not a GPX activity ({e})") from None
    if not gpx.tracks:
        raise UnreadableFile("no track in this GPX file (a route or waypoints only): nothing to import")
    start, end = gpx.get_time_bounds()
    if start is None or end is None:
        raise UnreadableFile("the track has no times, so the activity cannot be dated")
    try:
        start, end = (t if t.tzinfo else t.replace(tzinfo=dt.UTC) for t in (start, end))
        elapsed = (end - start).total_seconds() / 60
        moving = gpx.get_moving_data()
    except (TypeError, ValueError, OverflowError) as e:
        raise UnreadableFile(f"the track's times cannot be compared ({e})") from None
    climb = gpx.get_uphill_downhill()
    rates = [hr for track in gpx.tracks for seg in track.segments for p in seg.points if (hr := _gpx_hr(p))]
    return _places(
        [
            _activity(
                _sport(gpx.tracks[0].type, default="run"),
                start,
                "gpx",
                local_tz,
                distance_km=gpx.length_2d() / 1000,
                moving_min=(moving.moving_time / 60) if moving else None,
                elapsed_min=elapsed,
                hr_avg=sum(rates) / len(rates) if rates else None,
                hr_max=float(max(rates)) if rates else None,
                ascent_m=float(climb.uphill) if climb else None,
            )
        ],
        "track",
    )


def _gpx_hr(point: object) -> float | None:
    for extension in getattr(point, "extensions", []) or []:
        for element in extension.iter():
            if element.tag.rsplit("}", 1)[-1].lower() == "hr" and element.text:
                try:
                    return float(element.text)
                except ValueError:
                    return None
    return None


def read_tcx(data: bytes, name: str, local_tz: dt.tzinfo | None = None) -> list[Found]:
    root = _safe_xml(data)
    ns = {"t": "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"}
    found = root.findall(".//t:Activity", ns)
    if not found:
        raise UnreadableFile("no activity in this TCX file")
    activities = []
    for activity in found:
        laps = activity.findall("t:Lap", ns)
        if not laps:
            raise UnreadableFile("an activity with no laps: nothing to import")
        start = _iso(laps[0].get("StartTime") or activity.findtext("t:Id", "", ns) or "")
        seconds = sum(_number(lap.findtext("t:TotalTimeSeconds", "", ns)) for lap in laps)
        metres = sum(_number(lap.findtext("t:DistanceMeters", "", ns)) for lap in laps)
        rates = [
            _number(v) for v in (lap.findtext("t:AverageHeartRateBpm/t:Value", "", ns) for lap in laps) if v
        ]
        maxima = [
            _number(v) for v in (lap.findtext("t:MaximumHeartRateBpm/t:Value", "", ns) for lap in laps) if v
        ]
        heights = [_number(a.text or "") for a in activity.iterfind(".//t:AltitudeMeters", ns)]
        ascent = sum(max(0.0, b - a) for a, b in itertools.pairwise(heights))
        activities.append(
            _activity(
                _sport(activity.get("Sport"), default="other"),
                start,
                "tcx",
                local_tz,
                distance_km=metres / 1000,
                moving_min=seconds / 60,
                elapsed_min=seconds / 60,
                hr_avg=sum(rates) / len(rates) if rates else None,
                hr_max=max(maxima) if maxima else None,
                ascent_m=ascent if heights else None,
            )
        )
    return _places(activities, "activity")


def _iso(text: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UnreadableFile(f"'{text}' is not a date and time") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _number(text: str) -> float:
    """A number as written; whether it is plausible is for ``bounds`` to say, activity by activity."""
    try:
        return float(text)
    except ValueError:
        raise UnreadableFile(f"'{text[:40]}' is not a number") from None


def _fit_census(data: bytes) -> None:
    """Count a FIT file's messages and their values from its structure (record headers and
    definitions) without decoding any, refusing more than an activity holds before fitdecode,
    which is slow, decodes them. Where the structure stops making sense the count stops, and
    fitdecode says what is wrong (counting again as it goes)."""
    messages = values = 0
    pos, end_of_data = 0, len(data)
    while pos + 12 <= end_of_data:
        header_size = data[pos]
        body_end = pos + header_size + int.from_bytes(data[pos + 4 : pos + 8], "little")
        if header_size < 12 or data[pos + 8 : pos + 12] != b".FIT":
            return
        pos += header_size
        sizes: dict[int, tuple[int, int]] = {}  # local message type: (bytes, values)
        while pos < min(body_end, end_of_data):
            header = data[pos]
            pos += 1
            if header & 0x80 == 0 and header & 0x40:  # a definition
                count = data[pos + 4] if pos + 4 < end_of_data else 0
                fields = data[pos + 5 : pos + 5 + 3 * count]
                size, pos = sum(fields[1::3]), pos + 5 + 3 * count
                if header & 0x20 and pos < end_of_data:  # developer fields
                    extra = data[pos]
                    developer = data[pos + 1 : pos + 1 + 3 * extra]
                    size, count, pos = size + sum(developer[1::3]), count + extra, pos + 1 + 3 * extra
                sizes[header & 0x0F] = (size, count)
                messages, values = messages + 1, values + count
            else:
                local = (header >> 5) & 0x03 if header & 0x80 else header & 0x0F
                if local not in sizes:
                    return
                size, count = sizes[local]
                messages, values, pos = messages + 1, values + count, pos + size
            if messages > bounds.MAX_FIT_MESSAGES or values > bounds.MAX_FIT_VALUES:
                raise UnreadableFile(_FIT_TOO_MANY)
        pos = body_end + 2  # the file's CRC; another FIT file may follow (chained)


_FIT_TOO_MANY = (
    f"more than {bounds.MAX_FIT_MESSAGES:,} FIT messages or {bounds.MAX_FIT_VALUES:,} values: "
    "more than an activity holds"
)


def read_fit(data: bytes, name: str, local_tz: dt.tzinfo | None = None) -> list[Found]:
    import fitdecode

    _fit_census(data)
    sessions: list[dict[str, object]] = []
    local_offset: int | None = None
    messages = values = 0
    try:
        with (
            fitdecode.FitReader(
                io.BytesIO(data),
                check_crc=fitdecode.CrcCheck.RAISE,
                error_handling=fitdecode.ErrorHandling.IGNORE,  # quirks of real watches, read leniently and quietly
            ) as reader
        ):
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                messages, values = messages + 1, values + len(frame.fields)
                if messages > bounds.MAX_FIT_MESSAGES or values > bounds.MAX_FIT_VALUES:
                    raise UnreadableFile(_FIT_TOO_MANY)
                if frame.name == "session":
                    sessions.append({f.name: f.value for f in frame.fields})
                elif frame.name == "activity":
                    found = {f.name: f.value for f in frame.fields}
                    stamp, local = found.get("timestamp"), found.get("local_timestamp")
                    if isinstance(stamp, dt.datetime) and isinstance(local, dt.datetime):
                        local_offset = round((local - stamp).total_seconds() / 60)
    except fitdecode.FitCRCError:
        raise UnreadableFile("the FIT file is damaged (its CRC does not match)") from None
    except fitdecode.FitHeaderError as e:
        raise UnreadableFile(f"not a FIT file ({e})") from None
    except (
        fitdecode.FitError,
        EOFError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AssertionError,
        struct.error,
    ) as e:
        raise UnreadableFile(f"not a readable FIT file ({type(e).__name__}: {e})") from None
    if not sessions:
        raise UnreadableFile("no session in this FIT file: not an activity")
    activities = []
    for s in sessions:
        start = s.get("start_time") or s.get("timestamp")
        if not isinstance(start, dt.datetime):
            raise UnreadableFile("a session without a start time")
        if start.tzinfo is None:
            start = start.replace(tzinfo=dt.UTC)
        activities.append(
            _activity(
                _sport(str(s.get("sport") or ""), default="other"),
                start,
                "fit",
                local_tz,
                offset_min=local_offset,
                distance_km=_fit_number(s.get("total_distance"), 1000),
                moving_min=_fit_number(s.get("total_timer_time"), 60),
                elapsed_min=_fit_number(s.get("total_elapsed_time"), 60),
                hr_avg=_fit_number(s.get("avg_heart_rate")),
                hr_max=_fit_number(s.get("max_heart_rate")),
                ascent_m=_fit_number(s.get("total_ascent")),
            )
        )
    return _places(activities, "session")


def _fit_number(value: object, scale: float = 1) -> float | None:
    return float(value) / scale if isinstance(value, int | float) and value == value else None


# --- Strava's activities.csv ---------------------------------------------------------------------

STRAVA_REQUIRED = ("Activity ID", "Activity Date", "Activity Type", "Elapsed Time", "Distance")
_STRAVA_DATE = "%b %d, %Y, %I:%M:%S %p"


def _strava_rows(data: bytes) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    from .csvrows import BadRow, rows

    if data.count(b"\n") > bounds.MAX_CSV_LINES:
        raise UnreadableFile(
            f"more than {bounds.MAX_CSV_LINES:,} lines: more than an export of activities holds"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("not UTF-8 text") from None
    try:
        header, body = rows(text)
    except BadRow as e:
        raise UnreadableFile(f"line {e.line}: {e}") from None
    if not header:
        raise UnreadableFile("empty")
    missing = [c for c in STRAVA_REQUIRED if c not in header]
    if missing:
        raise UnreadableFile(f"not a Strava activities.csv: no column {', '.join(repr(c) for c in missing)}")
    return header, body


def _strava_filenames(data: bytes) -> set[str]:
    from .csvrows import BadRow

    header, body = _strava_rows(data)
    if "Filename" not in header:
        return set()
    index = header.index("Filename")
    try:
        return {row[index].strip() for _, row in body if row[index].strip()}
    except BadRow:
        return set()


def read_strava_csv(data: bytes, name: str, local_tz: dt.tzinfo | None = None) -> list[Found]:
    """Strava's bulk-export activities.csv. Dates are UTC; the last 'Distance' column is metres
    when the file has two (newer exports), else the one 'Distance' is km."""
    from .csvrows import BadRow

    header, body = _strava_rows(data)
    column = {h: i for i, h in enumerate(header)}  # the last of duplicated names wins
    metres = header.count("Distance") > 1
    found: list[Found] = []
    try:
        for number, row in body:
            if len(found) == bounds.MAX_ACTIVITIES_PER_FILE:
                raise UnreadableFile(
                    f"more than {bounds.MAX_ACTIVITIES_PER_FILE:,} activities: not one export"
                )
            found.append((f"line {number}", _strava_activity(number, row, column, metres, local_tz)))
    except BadRow as e:
        raise UnreadableFile(f"line {e.line}: {e}") from None
    return found


def _strava_activity(
    number: int, row: list[str], column: dict[str, int], metres: bool, local_tz: dt.tzinfo | None
) -> Activity:
    """One row of activities.csv. An empty time or distance is unknown, as is a distance of 0."""

    def cell(key: str) -> str:
        return row[column[key]].strip() if key in column else ""

    def optional(key: str, scale: float = 1) -> float | None:
        try:
            return _number(cell(key)) / scale if cell(key) else None
        except UnreadableFile as e:
            raise UnreadableFile(f"line {number}: {key}: {e}") from None

    try:
        start = dt.datetime.strptime(cell("Activity Date"), _STRAVA_DATE).replace(tzinfo=dt.UTC)
    except ValueError:
        raise UnreadableFile(
            f"line {number}: '{cell('Activity Date')[:40]}' is not a Strava activity date"
        ) from None
    return _activity(
        _sport(cell("Activity Type")),
        start,
        "strava",
        local_tz,
        distance_km=optional("Distance", 1000 if metres else 1),
        moving_min=optional("Moving Time", 60),
        elapsed_min=optional("Elapsed Time", 60),
        hr_avg=optional("Average Heart Rate"),
        hr_max=optional("Max Heart Rate"),
        ascent_m=optional("Elevation Gain"),
    )


_READERS: dict[str, Callable[[bytes, str, dt.tzinfo | None], list[Found]]] = {
    ".gpx": read_gpx, ".tcx": read_tcx, ".fit": read_fit, ".csv": read_strava_csv,
}  # fmt: skip
