"""The README shows real output: its examples are checked against what runback prints."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback.cli import app
from runback.models import Catalogue

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
EXAMPLES = [
    "runback show figure-4-stretch",
    "runback show strech",
    "runback plan tue:6k:long:tempo",
    "runback plan mon:8k --condition sciatca",
    "runback plan mon:8k --pain 11",
]
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
    assert "$ pipx install . && runback show stretching" in README
    assert "$ pip install . && runback show stretching" in README
    assert "$ pip install -e '.[test]' && pytest" in README


def conditions_table(catalogue: Catalogue) -> str:
    """The README's table of conditions, made from the catalogue's rules: what each changes in a
    plan, the techniques it leaves out, and the source the rule rests on."""
    lines = ["| condition | what the plan changes | source |", "|---|---|---|"]
    for condition, rule in catalogue.rules.conditions.items():
        changes = []
        if rule.hard_runs == "easy":
            changes.append("hard sessions become easy runs")
        if rule.long_runs == "easy":
            changes.append("long runs become easy runs")
        if rule.max_run_minutes:
            changes.append(f"every run at most {rule.max_run_minutes} min")
        for block in rule.add:
            names = [t.name.lower() for tid in block.only if (t := catalogue.get(tid)) is not None]
            changes.append(
                f"adds {block.count} of: {', '.join(names)}"
                if len(names) > block.count
                else f"adds {', '.join(names)}"
            )
        if rule.prefer_cross_training:
            first = catalogue.get(rule.prefer_cross_training[0])
            changes.append(f"cross-training: {first.name.lower() if first else ''} first")
        left = [t.name for t in catalogue.techniques if condition in t.contraindications]
        if left:
            changes.append("leaves out " + ", ".join(left))
        source = rule.note.source
        assert source is not None
        authors = f"{source.authors}, " if source.authors else ""
        cited = f"{authors}{source.title} ({source.publisher}, {source.year})"
        lines.append(f"| `{condition.value}` | {'; '.join(changes)} | {cited} |")
    return "\n".join(lines) + "\n"


def test_readme_conditions_table_matches_the_catalogue(catalogue: Catalogue) -> None:
    start = "<!-- conditions table: generated from the catalogue's rules; a test checks it -->\n"
    end = "<!-- end of conditions table -->"
    table = README.split(start, 1)[1].split(end, 1)[0]
    assert table == conditions_table(catalogue)
