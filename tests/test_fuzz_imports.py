"""Fuzzing the import with damaged copies of the real sample files: bytes flipped, cut, inserted
or deleted, as they are, gzipped, and inside a zip (the damage before or after packing). Whatever
the damage, the import ends with its summary line and exit code 0 or 1, never a traceback or a
library's warning (every message is one line), and the journal's history stays valid JSON."""

from __future__ import annotations

import gzip
import io
import json
import re
import tempfile
import warnings
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from runback.cli import app

from .conftest import DATA

IMPORTS = DATA / "imports"
with zipfile.ZipFile(IMPORTS / "strava-export.zip") as _export:
    _STRAVA_CSV = _export.read("activities.csv")
SAMPLES = {
    "morning-run.fit": (IMPORTS / "morning-run.fit").read_bytes(),
    "tempo-run.tcx": (IMPORTS / "tempo-run.tcx").read_bytes(),
    "cerknicko-jezero.gpx": (IMPORTS / "cerknicko-jezero.gpx").read_bytes(),
    "activities.csv": _STRAVA_CSV,
}
SUMMARY = re.compile(
    r"\d+ files?: imported \d+ activit(y|ies), skipped \d+ already in the journal"
    r"( and \d+ implausible)?, \d+ failed"
)


@st.composite
def damage(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few flips, cuts, insertions and deletions."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        if kind == "flip" and out:
            out[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del out[at:]
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            del out[at : at + draw(st.integers(1, 64))]
    return bytes(out)


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"activities/{name}", data)
    return buffer.getvalue()


@st.composite
def damaged_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A damaged sample as a file to import: its name and its bytes."""
    name = draw(st.sampled_from(sorted(SAMPLES)))
    data = SAMPLES[name]
    packing = draw(st.sampled_from(["plain", "gz", "damaged gz", "zip", "damaged zip"]))
    if packing == "plain":
        return name, draw(damage(data))
    if packing == "gz":
        return f"{name}.gz", gz(draw(damage(data)))
    if packing == "damaged gz":
        return f"{name}.gz", draw(damage(gz(data)))
    if packing == "zip":
        return "export.zip", zipped(name, draw(damage(data)))
    return "export.zip", draw(damage(zipped(name, data)))


def strict_json(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@settings(
    max_examples=150,
    deadline=5000,  # generous: only a hang fails it
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(damaged_files())
def test_a_damaged_activity_file_never_breaks_the_import(runner: CliRunner, file: tuple[str, bytes]) -> None:
    name, content = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            result = runner.invoke(app, ["import", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert all(line.startswith(("Error: ", "Skipped ")) for line in result.stderr.splitlines()), result.stderr
    assert not warned, [str(w.message) for w in warned]  # a library's warning would be noise on stderr
    assert SUMMARY.fullmatch(result.stdout.strip()), result.output
    history = runner.invoke(app, ["history", "-f", "json"])
    assert history.exit_code == 0, history.output
    strict_json(history.stdout)
