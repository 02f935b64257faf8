"""Catalogues and runs files that try to break runback, through the CLI as a user runs it.

First the limits, each met with a one-line error that names the place: bombs of aliases and merge
keys, recursive merges, over-long numbers, a runs file of megabytes; and a large catalogue
written out in full, which is accepted. Then the fuzz suite: whatever a file holds (flipped bytes,
lost or repeated lines, anchors, aliases, merge keys, tags, huge numbers, deep nesting), runback
answers with a documented exit code and one line per error on stderr, never a traceback, and a
refusal leaves the output file as it was.
"""

from __future__ import annotations

import re
import signal
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from runback import bounds
from runback.cli import app
from runback.yamlsafe import MAX_BYTES, MAX_DIGITS

from .conftest import DATA

# Bounded so that the file runs in well under a minute on two cores: a catalogue is checked
# against the whole bundled one on every run, so those examples cost more than a runs file's.
FUZZ = settings(
    deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
CATALOGUE_FUZZ = settings(FUZZ, max_examples=150)
RUNS_FUZZ = settings(FUZZ, max_examples=300)
HANG_S = 20
KNOWN = b"# My training notes\n\nKeep every byte of this.\n"
EXIT_CODES = (0, 1, 2, 3)


def bundled_techniques() -> list[str]:
    """The bundled catalogue's techniques, each as the YAML text of its list item."""
    text = files("runback").joinpath("data", "techniques.yaml").read_text(encoding="utf-8")
    body = text.split("\ntechniques:\n", 1)[1].split("\nred_flags:", 1)[0]
    return re.split(r"(?m)^(?=  - id: )", body)[1:]


def user_catalogue(techniques: list[str]) -> str:
    return "schema: runback.catalogue/1\ntechniques:\n" + "".join(techniques)


def test_a_large_catalogue_written_out_in_full_is_accepted(runner: CliRunner, tmp_path: Path) -> None:
    first = bundled_techniques()[0]
    name = re.match(r"  - id: (\S+)", first)
    assert name
    copies = [first.replace(name.group(0), f"  - id: copy-{i}", 1) for i in range(1470)]
    path = tmp_path / "big.yaml"
    path.write_text(user_catalogue(copies), encoding="utf-8")
    assert 2_000_000 < path.stat().st_size < MAX_BYTES
    result = runner.invoke(app, ["catalogue", "check", str(path)])
    assert result.stderr == ""
    assert result.stdout == f"{path}: OK: 1470 techniques, 0 red flags; 1470 new, 0 replacing bundled ones\n"
    bomb = runner.invoke(app, ["catalogue", "check", str(DATA / "catalogues" / "alias-bomb.yaml")])
    assert bomb.exit_code == 1
    assert bomb.stderr.endswith(
        ": aliases expand too far (they add more than 50000 values); refusing to read on\n"
    )


def merge_bomb(leaf: str) -> str:
    """Nine lines of merge keys, each merging the line before ten times: 10**9 merges if followed."""
    lines = [f"b0: &b0 {leaf}"]
    for i in range(1, 10):
        lines.append(f"b{i}: &b{i} {{<<: [" + ", ".join([f"*b{i - 1}"] * 10) + "]}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (merge_bomb("{x: 1, y: 2}"), "7:10: b5: aliases expand too far"),
        (merge_bomb("{}"), "7:10: b5: aliases expand too far"),
        (
            "shared: &x {<<: *x}\n",
            "2:13: shared: an alias refers to a value that contains it (a recursive alias)",
        ),
        (
            "year: " + "9" * 5000 + "\n",
            "2:7: year: '" + "9" * 57 + f"...' has more than {MAX_DIGITS} digits",
        ),
    ],
)
def test_catalogue_traps_are_one_line_at_their_place(
    runner: CliRunner, tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("schema: runback.catalogue/1\n" + text, encoding="utf-8")
    for args in (["catalogue", "check", str(path)], ["--catalogue", str(path), "show", "stretching"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert result.stdout == ""
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"{path}:{expected}")


@pytest.mark.parametrize(
    ("runs", "expected"),
    [
        (
            "runs:\n  - {day: mon, distance: " + "9" * 5000 + "}\n",
            "2:26: runs.0.distance: '" + "9" * 57 + f"...' has more than {MAX_DIGITS} digits",
        ),
        (
            "runs:\n  - {day: mon, distance: 1.0e+999}\n",
            "2:26: runs.0.distance: '1.0e+999' is not a finite number",
        ),
        (merge_bomb("{}"), "5:10: b4: more than 2100 values, far more than this file holds"),
        (
            "runs:\n" + "  - {day: mon, distance: 8k}\n" * (MAX_BYTES // 30),
            f"421:11: more than {100 * bounds.MAX_RUNS_PER_WEEK} values, far more than this file holds",
        ),
    ],
)
def test_runs_file_traps_are_one_line_and_leave_the_output_alone(
    runner: CliRunner, tmp_path: Path, runs: str, expected: str
) -> None:
    path, out = tmp_path / "week.yaml", tmp_path / "out.md"
    path.write_text(runs, encoding="utf-8")
    out.write_bytes(KNOWN)
    result = runner.invoke(app, ["plan", "--runs", str(path), "--week", "2026-W48", "-o", str(out)])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{path}:{expected}")
    assert out.read_bytes() == KNOWN


CATALOGUES = [
    user_catalogue(bundled_techniques()[:3]).encode(),
    (DATA / "catalogues" / "good.yaml").read_bytes(),
]
RUNS = [path.read_bytes() for path in sorted((DATA / "weeks").iterdir())]

SNIPPETS = [
    "&a ",
    "&a",
    "*a",
    "<<: *a",
    "<<: [*a, *a]",
    "<<: 1",
    "&x {<<: *x}",
    "&y [1, *y]",
    merge_bomb("{}"),
    "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGk=",
    "!local x",
    "!!int",
    "!!str",
    "!!float 1",
    "9" * 5000,
    "-" + "1" * 31,
    "1." + "0" * 40,
    "1.0e+999",
    "-.inf",
    ".nan",
    "0x1F",
    "010",
    "1_000",
    "1:30:00",
    "yes",
    "~",
    "[" * 60 + "]" * 60,
    "{a: " * 45 + "1" + "}" * 45,
    "- " * 45 + "x",
    "? [a, b]\n: c",
    "[a, b]: c",
    "- ",
    ": ",
    "'",
    '"',
    "|",
    "---",
    "...",
    "%YAML 1.1",
    '"a\\nb": 1',
    "\t",
    "\x00",
    "\x1b[31m",
    "\ufeff",
    "\u2028",
    "é",
    "2026-02-30",
    "2026-W48",
    "sun:5k",
    "- sun:5k",
    "- {day: sun, distance: 5k}",
    ",",
    ",,,",
    "\r",
    "date,distance\n2026-11-23,8",
]


@st.composite
def mutated(draw: Any, sources: list[bytes]) -> bytes:
    """One of ``sources`` with one to four mutations."""
    data = draw(st.sampled_from(sources))
    for _ in range(draw(st.integers(1, 4))):
        lines = data.split(b"\n")
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        kind = draw(st.sampled_from(["flip", "delete", "duplicate", "insert", "value", "splice"]))
        if kind == "flip":
            at = draw(st.integers(0, max(len(data) - 1, 0)))
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
            continue
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines[i:i] = [line] * draw(st.integers(1, 30))
        else:
            snippet = draw(st.sampled_from(SNIPPETS)).encode()
            if kind == "insert":
                lines.insert(i, line[: len(line) - len(line.lstrip(b" -"))] + snippet)
            elif kind == "value" and b": " in line:
                lines[i] = line[: line.index(b": ") + 2] + snippet
            else:
                at = draw(st.integers(0, len(line)))
                lines[i] = line[:at] + snippet + line[at:]
        data = b"\n".join(lines)
    return data


def assert_handled(result: Result, path: Path) -> None:
    """No traceback, a documented exit code, and on an error one line per problem on stderr,
    each naming the file's place (FILE:LINE:COL) or starting 'Error:', and nothing on stdout."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in EXIT_CODES
    if result.exit_code == 0:
        return
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines
    place = re.compile(rf"{re.escape(str(path))}:\d+:\d+: \S")
    for line in lines:
        assert line.startswith("Error: ") or place.match(line), line


def invoke(args: list[str], cache: str | None = None) -> Result:
    """Run runback (with its own catalogue cache, if given). A run still going after HANG_S
    seconds, say a bomb being followed for ever, ends in a TimeoutError that fails the test
    rather than hanging the test run (where there is SIGALRM)."""
    env = {"RUNBACK_CACHE_DIR": cache} if cache else None
    if not hasattr(signal, "SIGALRM"):
        return CliRunner().invoke(app, args, env=env)

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {HANG_S} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(HANG_S)
    try:
        return CliRunner().invoke(app, args, env=env)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@CATALOGUE_FUZZ
@given(mutated(CATALOGUES))
def test_catalogue_check_survives_any_catalogue(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "my-techniques.yaml"
        path.write_bytes(data)
        result = invoke(["catalogue", "check", str(path)], str(Path(tmp) / "cache"))
        assert_handled(result, path)
        if result.exit_code == 0:
            assert result.stdout.startswith(f"{path}: OK: ") and result.stdout.count("\n") == 1


@CATALOGUE_FUZZ
@given(mutated(CATALOGUES))
def test_show_with_any_catalogue(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "my-techniques.yaml"
        path.write_bytes(data)
        result = invoke(["--catalogue", str(path), "show", "stretching"], str(Path(tmp) / "cache"))
        assert_handled(result, path)
        if result.exit_code == 0:
            assert result.stdout


@RUNS_FUZZ
@given(mutated(RUNS))
def test_plan_with_any_runs_file_writes_all_or_nothing(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path, out = Path(tmp) / "week.yaml", Path(tmp) / "out.md"
        path.write_bytes(data)
        out.write_bytes(KNOWN)
        args = ["plan", "--runs", str(path), "--week", "2026-W48", "-o", str(out)]
        result = invoke(args)
        assert_handled(result, path)
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["out.md", "week.yaml"]
        if result.exit_code == 0:
            assert out.read_bytes().startswith(b"---\n")
        else:
            assert out.read_bytes() == KNOWN
