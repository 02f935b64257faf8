"""Output that cannot carry Unicode (PYTHONIOENCODING=ascii, or LC_ALL=C without UTF-8 mode)
degrades to ASCII look-alikes; nothing fails, and a stop message still comes through."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

ASCII_ENVS = [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}]


def run(args: list[str], extra: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL", "LANG", "PYTHONUTF8")
    }
    env.update(extra, COLUMNS="80")
    return subprocess.run([sys.executable, "-m", "runback", *args], env=env, capture_output=True, timeout=60)


@pytest.mark.parametrize("extra", ASCII_ENVS, ids=["PYTHONIOENCODING=ascii", "LC_ALL=C"])
@pytest.mark.parametrize(
    "args",
    [
        ["show", "stretching", "-f", "table"],
        ["show", "figure-4-stretch", "-f", "markdown"],
        ["list", "-f", "table"],
        ["plan", "mon:8k", "sat:18k:long", "--week", "2026-W48", "-f", "table"],
        ["history", "-f", "table"],
    ],
)
def test_ascii_output_never_fails(args: list[str], extra: dict[str, str]) -> None:
    if args[0] == "history":
        assert run(["log", "run", "today:10k"], extra).returncode == 0
    result = run(args, extra)
    assert result.returncode == 0, result.stderr.decode("ascii", "replace")
    assert result.stdout.isascii() and result.stderr.isascii()
    assert b"Traceback" not in result.stderr
    assert len(result.stdout) > 100


@pytest.mark.parametrize("extra", ASCII_ENVS, ids=["PYTHONIOENCODING=ascii", "LC_ALL=C"])
@pytest.mark.parametrize("fmt", ["table", "text", "markdown"])
def test_the_stop_message_comes_through(extra: dict[str, str], fmt: str) -> None:
    result = run(["plan", "mon:8k", "--pain", "9", "--week", "2026-W48", "-f", fmt], extra)
    assert result.returncode == 3
    assert b"Stop: with back pain of 9/10" in result.stdout
    assert result.stdout.isascii()


def test_lookalikes_read_naturally() -> None:
    result = run(["plan", "mon:8k", "--week", "2026-W48", "-f", "table"], ASCII_ENVS[0])
    header = result.stdout.decode().splitlines()[0]
    assert "pain 0/10 - 1 run - 8" in header


def test_a_sparkline_still_climbs_in_ascii() -> None:
    import codecs

    from runback.cli import _lookalike

    codecs.register_error("test-lookalike", _lookalike)
    ramp = "▁▂▃▄▅▆▇█".encode("ascii", errors="test-lookalike").decode()
    assert ramp == "_.-~=+*#"
    assert "?" not in ramp and len(set(ramp)) == 8
