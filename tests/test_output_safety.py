"""Files runback writes and reads cannot be turned against the user: no write through a link
someone else planted, no special or read-only file replaced, no unbounded or hanging read, no week
lost to a concurrent edit, no leftovers."""

from __future__ import annotations

import importlib.resources
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback import output
from runback.cli import app
from runback.errors import RunbackError
from runback.output import markers, may_follow, splice

WEEK = ["--week", "2026-W48"]
PLAN = ["plan", "mon:8k", *WEEK]
SOMEONE_ELSE = 4242
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and POSIX ownership")


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def refused(result, path: Path | str, code: int = 1) -> None:  # type: ignore[no-untyped-def]
    """An error of one line on stderr that names the path, nothing on stdout, no traceback."""
    assert result.exit_code == code, result.output
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr, result.stderr
    assert result.stdout == ""
    assert result.exception is None or isinstance(result.exception, SystemExit)


def runback(*args: str, stdin: object = subprocess.DEVNULL):  # type: ignore[no-untyped-def]
    """runback in its own process, so that a read that hangs or never ends is killed by the timeout
    (and, on POSIX, stopped by an address-space limit long before it eats the machine's memory)."""

    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    return subprocess.run(
        [sys.executable, "-m", "runback", *args],
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory if os.name == "posix" else None,
    )


# --- links ---------------------------------------------------------------------------------------


def fake_stat(mode: int, uid: int) -> os.stat_result:
    return os.stat_result((mode, 1, 1, 1, uid, 0, 0, 0, 0, 0))


@pytest.mark.parametrize(
    ("folder_mode", "folder_uid", "link_uid", "follow"),
    [
        (0o755, 1000, 2000, True),  # only the folder's owner can put a link there
        (0o1777, 0, 1000, True),  # /tmp: the user's own link
        (0o1777, 0, 2000, False),  # /tmp: another user's link (the kernel's rule)
        (0o1777, 0, 0, True),  # /tmp: root's link in root's folder
        (0o777, 1000, 2000, False),  # world-writable, not sticky
        (0o775, 2000, 2000, False),  # group-writable and the link is the folder owner's, not root
        (0o770, 0, 3000, False),  # group-writable
    ],
)
def test_may_follow_mirrors_the_kernels_protected_symlinks_rule(
    folder_mode: int, folder_uid: int, link_uid: int, follow: bool
) -> None:
    folder = fake_stat(stat.S_IFDIR | folder_mode, folder_uid)
    link = fake_stat(stat.S_IFLNK | 0o777, link_uid)
    assert may_follow(link, folder, user=1000) is follow


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    note = home / "note.md"
    note.write_text("my own note\n")
    return note


def shared_folder(tmp_path: Path, mode: int) -> Path:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    return shared


def others_own(monkeypatch: pytest.MonkeyPatch, *links: Path) -> None:
    """Make these links look owned by another user (the seam where runback reads a link's owner)."""
    real = output._lstat

    def lstat(path: Path) -> os.stat_result:
        found = real(path)
        if Path(path) in links:
            return os.stat_result((found.st_mode, found.st_ino, found.st_dev, found.st_nlink, SOMEONE_ELSE,
                                   found.st_gid, found.st_size, 0, 0, 0))  # fmt: skip
        return found

    monkeypatch.setattr(output, "_lstat", lstat)


@posix_only
@pytest.mark.parametrize("mode", [0o1777, 0o777, 0o775])
@pytest.mark.parametrize("option", ["-o", "--append-to"])
def test_a_link_someone_else_planted_in_a_shared_folder_is_not_followed(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, victim: Path, mode: int, option: str
) -> None:
    shared = shared_folder(tmp_path, mode)
    link = shared / "note.md"
    link.symlink_to(victim)
    others_own(monkeypatch, link)
    result = invoke(runner, *PLAN, option, str(link))
    refused(result, link)
    assert "symbolic link someone else owns" in result.stderr
    assert victim.read_text() == "my own note\n" and link.is_symlink()


@posix_only
def test_a_planted_link_to_a_folder_is_not_followed_either(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, victim: Path
) -> None:
    shared = shared_folder(tmp_path, 0o1777)
    link = shared / "notes"
    link.symlink_to(victim.parent, target_is_directory=True)
    others_own(monkeypatch, link)
    target = link / "note.md"
    refused(invoke(runner, *PLAN, "--append-to", str(target)), target)
    assert victim.read_text() == "my own note\n"


@posix_only
def test_links_that_are_safe_to_follow_still_work(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, victim: Path
) -> None:
    shared = shared_folder(tmp_path, 0o1777)
    mine = shared / "mine.md"
    mine.symlink_to(victim)
    assert invoke(runner, *PLAN, "--append-to", str(mine)).exit_code == 0
    assert mine.is_symlink() and "<!-- runback:plan 2026-W48 -->" in victim.read_text()
    private = tmp_path / "private"
    private.mkdir(mode=0o755)
    theirs = private / "plan.md"
    theirs.symlink_to(victim.parent / "plan.md")
    others_own(monkeypatch, theirs)  # only the folder's owner could have put it there
    assert invoke(runner, *PLAN, "-o", str(theirs)).exit_code == 0
    assert (victim.parent / "plan.md").read_text().startswith("---\n")


@pytest.mark.skipif(not IS_ROOT, reason="needs root to give a link to another user")
def test_a_link_really_owned_by_another_user_in_a_sticky_folder(
    runner: CliRunner, tmp_path: Path, victim: Path
) -> None:
    shared = shared_folder(tmp_path, 0o1777)
    link = shared / "note.md"
    link.symlink_to(victim)
    os.lchown(link, SOMEONE_ELSE, SOMEONE_ELSE)
    for option in ("-o", "--append-to"):
        refused(invoke(runner, *PLAN, option, str(link)), link)
    assert victim.read_text() == "my own note\n"


# --- what may be replaced -------------------------------------------------------------------------


@posix_only
def test_fifos_and_sockets_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        for target, kind in ((fifo, "FIFO"), (sock_path, "socket")):
            for option in ("-o", "--append-to"):
                result = invoke(runner, *PLAN, option, str(target))
                refused(result, target)
                assert kind in result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.skipif(IS_ROOT or not Path("/dev/null").exists(), reason="keeps /dev/null safe from older code")
def test_dev_null_is_not_a_place_to_write(runner: CliRunner) -> None:
    result = invoke(runner, *PLAN, "-o", "/dev/null")
    refused(result, "/dev/null")
    assert "character device" in result.stderr


def test_read_only_files_and_directories_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    locked = tmp_path / "kept.md"
    locked.write_text("hands off\n")
    locked.chmod(0o444)
    for option in ("-o", "--append-to"):
        result = invoke(runner, *PLAN, option, str(locked))
        refused(result, locked)
        assert "read-only" in result.stderr
        refused(invoke(runner, *PLAN, option, str(tmp_path)), tmp_path)
    assert locked.read_text() == "hands off\n" and locked.stat().st_mode & 0o777 == 0o444
    invoke(runner, "log", "pain", "2")  # a journal to report on
    refused(invoke(runner, "report", "-o", str(locked)), locked)


def test_dash_means_stdout(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = invoke(runner, *PLAN, "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("week\t2026-W48")
    both = invoke(runner, *PLAN, "-o", "-", "--append-to", "note.md")
    assert both.exit_code == 0 and both.stdout == result.stdout
    invoke(runner, "--db", str(tmp_path / "journal.sqlite"), "log", "pain", "2")
    report = invoke(runner, "--db", str(tmp_path / "journal.sqlite"), "report", "-o", "-")
    assert report.exit_code == 0 and report.stdout.startswith("#")
    assert [p.name for p in here.iterdir()] == ["note.md"]


def test_hard_links_keep_the_old_content_and_are_mentioned(runner: CliRunner, tmp_path: Path) -> None:
    target, other = tmp_path / "plan.md", tmp_path / "backup.md"
    target.write_text("old plan\n")
    os.link(target, other)
    result = invoke(runner, *PLAN, "-o", str(target))
    assert result.exit_code == 0
    assert f"Note: {target} had 1 other hard link; they keep the old content" in result.stderr
    assert other.read_text() == "old plan\n" and target.read_text().startswith("---\n")
    again = invoke(runner, *PLAN, "-o", str(target))
    assert "hard link" not in again.stderr


def test_one_file_for_both_outputs_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("# Notes\n")
    hard, soft = tmp_path / "hard.md", tmp_path / "soft.md"
    os.link(note, hard)
    soft.symlink_to(note)
    new = tmp_path / "new.md"
    for first, second in ((note, note), (hard, note), (soft, note), (new, new)):
        result = invoke(runner, *PLAN, "-o", str(first), "--append-to", str(second))
        assert result.exit_code == 2 and "name the same file" in result.stderr, result.output
    assert note.read_text() == "# Notes\n" and not new.exists()


def test_the_bundled_catalogue_is_an_input_too(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "package"
    (package / "data").mkdir(parents=True)
    bundled = package / "data" / "techniques.yaml"
    shutil.copyfile(Path(str(importlib.resources.files("runback") / "data" / "techniques.yaml")), bundled)
    before = bundled.read_bytes()
    monkeypatch.setattr(importlib.resources, "files", lambda _: package)  # where it is installed
    where = invoke(runner, "catalogue", "path").stdout.strip()
    assert where == str(bundled)
    result = invoke(runner, *PLAN, "-o", where, "-f", "text")
    assert result.exit_code == 2 and "is one of runback's inputs" in result.stderr
    assert invoke(runner, *PLAN, "-o", where).exit_code == 2  # nor is .yaml a format plans are written in
    assert bundled.read_bytes() == before


# --- reads ------------------------------------------------------------------------------------------


@posix_only
def test_reads_of_fifos_and_devices_neither_hang_nor_grow(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    cases = [
        (["--append-to", str(fifo)], "FIFO"),
        (["--runs", str(fifo)], "FIFO"),
        (["-o", str(fifo)], "FIFO"),
        (["--append-to", "/dev/zero"], "character device"),
        (["--runs", "/dev/zero"], "character device"),
    ]
    for args, kind in cases:
        result = runback(*PLAN, *args)
        assert result.returncode == 1 and kind in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    with Path("/dev/zero").open("rb") as zero:
        piped = runback("plan", "--runs", "-", *WEEK, stdin=zero)
    assert piped.returncode == 1 and "<stdin>: larger than 5 MB" in piped.stderr


def test_a_note_larger_than_the_cap_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    from runback.bounds import MAX_NOTE_BYTES

    note = tmp_path / "huge.md"
    with note.open("wb") as fh:
        fh.truncate(MAX_NOTE_BYTES + 1)
    result = invoke(runner, *PLAN, "--append-to", str(note))
    refused(result, note)
    assert "larger than 20 MB" in result.stderr and note.stat().st_size == MAX_NOTE_BYTES + 1


def test_twenty_thousand_start_markers_are_refused_at_once(tmp_path: Path) -> None:
    start, _ = markers("2026-W48")
    note = tmp_path / "note.md"
    note.write_text(f"{start}\n" * 20_000)
    before = note.read_bytes()
    result = runback(*PLAN, "--append-to", str(note))  # the timeout catches a hang
    assert result.returncode == 1 and "unmatched marker" in result.stderr
    assert note.read_bytes() == before


def test_many_sections_of_other_weeks_are_kept() -> None:
    others = "".join(
        f"{markers(f'2025-W{w:02}')[0]}\nplan\n{markers(f'2025-W{w:02}')[1]}\n" for w in range(1, 53)
    )
    note = others * 400
    updated = splice(note, "## Recovery plan", "2026-W48")
    assert updated.startswith(note) and updated.count("2026-W48") == 2


@pytest.mark.parametrize(
    "note",
    [
        "{s}\nA\n{s}\nB\n{e}\n",  # a second start marker: its text would be swallowed
        "{s}\nA\n{e}\nB\n{e}\n",  # a stray end marker
        "{e}\nA\n{s}\n",  # the end before the start
    ],
)
def test_markers_that_do_not_pair_are_refused(note: str) -> None:
    start, end = markers("2026-W48")
    with pytest.raises(RunbackError, match="unmatched marker"):
        splice(note.format(s=start, e=end), "x", "2026-W48")


def test_a_note_ending_in_a_lone_cr_is_edited_once() -> None:
    once = splice("diary\r", "## Plan", "2026-W48")
    assert once.startswith("diary\r") and splice(once, "## Plan", "2026-W48") == once


# --- concurrency and leftovers -------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="advisory locks need fcntl")
def test_concurrent_appends_keep_every_week(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    weeks = [f"2026-W{w}" for w in range(40, 46)]
    runback(*PLAN, "-o", str(tmp_path / "warm-the-cache.md"))
    for trial in range(3):
        note.write_text(f"# Training journal, trial {trial}\n")
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "runback", "plan", "mon:8k", "--week", week, "--append-to", str(note)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for week in weeks
        ]
        for process in processes:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
        text = note.read_text()
        assert text.startswith(f"# Training journal, trial {trial}\n")
        assert all(text.count(f"<!-- runback:plan {week} -->") == 1 for week in weeks), text[:2000]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".n.md")) == []


def test_temporaries_are_named_for_their_target_and_stale_ones_removed(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "note.md"
    stale = tmp_path / ".note.md.runback-deadbeef.tmp"
    live = tmp_path / ".note.md.runback-0123abcd.tmp"
    others = [tmp_path / ".note.md.1a2b3c.tmp", tmp_path / ".other.md.runback-deadbeef.tmp"]
    for path in (stale, live, *others):
        path.write_text("partial")
    hour_ago = time.time() - 3600
    for path in (stale, *others):
        os.utime(path, (hour_ago, hour_ago))
    seen: list[str] = []
    real_replace = os.replace

    def spy(source: str, destination: str, **kwargs: object) -> None:
        seen.append(Path(source).name)
        real_replace(source, destination, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", spy)
    assert invoke(runner, *PLAN, "-o", str(target)).exit_code == 0
    renamed = [name for name in seen if name.startswith(".note.md")]
    assert len(renamed) == 1 and re.fullmatch(r"\.note\.md\.runback-[0-9a-f]{8}\.tmp", renamed[0])
    assert not stale.exists() and live.exists() and all(p.exists() for p in others)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX ownership")
def test_stale_temporaries_of_other_users_are_left_alone(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = tmp_path / ".note.md.runback-deadbeef.tmp"
    stale.write_text("partial")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    monkeypatch.setattr(output, "_user", lambda: SOMEONE_ELSE)  # every file here is someone else's
    assert invoke(runner, *PLAN, "-o", str(tmp_path / "note.md")).exit_code == 0
    assert stale.exists()


@posix_only
def test_a_planted_lock_file_is_refused(runner: CliRunner, tmp_path: Path, victim: Path) -> None:
    note = tmp_path / "note.md"
    lock = tmp_path / ".note.md.runback-lock"
    lock.symlink_to(victim)
    result = invoke(runner, *PLAN, "--append-to", str(note))
    refused(result, note)
    assert "lock file" in result.stderr and victim.read_text() == "my own note\n"
    lock.unlink()
    assert invoke(runner, *PLAN, "--append-to", str(note)).exit_code == 0
    assert not lock.exists()
