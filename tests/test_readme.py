"""The README shows real output: its examples are checked against what runback prints."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
EXAMPLES = ["runback show figure-4-stretch", "runback show strech"]
PIPED = [
    "runback plan mon:8k --week 2026-W48 -f json | head -n 22",
    "runback plan mon:8k tue:45m:tempo thu:6k sat:18k:long --week 2026-W48 --weight 70 -f markdown | head -n 20",
    "runback go post-run --no-timer | head -n 3",
]


def example(command: str) -> str:
    """The output printed under ``$ command`` in the README's console blocks."""
    match = re.search(rf"^\$ {re.escape(command)}\n(.*?)(?=^\$ |^```)", README, re.MULTILINE | re.DOTALL)
    assert match, f"no example of {command} in the README"
    return match.group(1)


@pytest.mark.parametrize("command", EXAMPLES)
def test_readme_examples_are_real(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, shlex.split(command)[1:])
    assert result.output == example(command)


@pytest.mark.parametrize("pipeline", PIPED)
def test_readme_pipelines_are_real(runner: CliRunner, pipeline: str) -> None:
    command, head = pipeline.split(" | head -n ")
    result = runner.invoke(app, shlex.split(command)[1:])
    assert "".join(result.output.splitlines(keepends=True)[: int(head)]) == example(pipeline)


def test_readme_gives_the_install_and_test_commands() -> None:
    assert "$ pip install . && runback show stretching" in README
    assert "$ pip install -e '.[test]' && pytest" in README
