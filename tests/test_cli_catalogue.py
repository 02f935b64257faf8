"""`runback show`, `list`, `catalogue check` and the global options, as a user runs them."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback import __version__
from runback.cli import app
from runback.query import TechniqueList
from runback.render import Format, formats
from runback.vocab import Category

from .conftest import DATA

CATALOGUES = DATA / "catalogues"
ANSI = re.compile(r"\x1b\[")
BOX = re.compile(r"[─│┌┐└┘├┤┬┴┼━┃╭╮╰╯]")


def run(runner: CliRunner, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env)


def test_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout == f"runback {__version__}\n"


@pytest.mark.parametrize("command", [[], ["show"], ["list"], ["catalogue"], ["catalogue", "check"]])
def test_every_command_has_help(runner: CliRunner, command: list[str]) -> None:
    result = run(runner, *command, "--help")
    assert result.exit_code == 0
    assert "Usage: runback" in result.stdout


def test_python_dash_m_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "runback", "--help"], capture_output=True, text=True, check=True
    )
    assert "Usage: runback" in out.stdout
    assert "show" in out.stdout and "list" in out.stdout


def test_show_stretching_lists_every_stretch_with_dose_and_steps(runner: CliRunner, catalogue) -> None:  # type: ignore[no-untyped-def]
    result = run(runner, "show", "stretching")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    stretches = [t for t in catalogue.techniques if t.category is Category.stretching]
    assert [line.split("\t")[0] for line in lines] == [t.id for t in stretches]
    for line in lines:
        fields = line.split("\t")
        assert re.search(r"hold \d+|\d+ reps", fields[3])
        assert fields[6].startswith("1. ")


@pytest.mark.parametrize("category", [c.value for c in Category])
def test_show_every_category(runner: CliRunner, category: str) -> None:
    result = run(runner, "show", category, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "runback.technique-list/1"
    assert data["count"] >= 1
    assert {t["category"] for t in data["techniques"]} == {category}


def test_show_one_technique_prints_its_whole_card(runner: CliRunner) -> None:
    result = run(runner, "show", "piriformis-ball-release")
    assert result.exit_code == 0
    out = result.stdout
    for label in (
        "name:",
        "purpose:",
        "targets:",
        "dose:",
        "step 1:",
        "when:",
        "equipment: massage-ball",
        "contraindications:",
        "caution:",
        "source:",
    ):
        assert label in out
    assert "https://" in out


def test_show_card_as_table_and_markdown(runner: CliRunner) -> None:
    table = run(runner, "show", "figure-4-stretch", "-f", "table")
    assert table.exit_code == 0
    for label in ("Purpose", "Targets", "Dose", "Steps", "Cautions", "Sources"):
        assert label in table.stdout
    md = run(runner, "show", "figure-4-stretch", "-f", "markdown")
    assert md.stdout.startswith("# Figure-4 stretch")
    assert "## Steps" in md.stdout and "\n1. " in md.stdout


def test_misspelling_suggests_and_fails(runner: CliRunner) -> None:
    result = run(runner, "show", "strech")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Error: no technique or category 'strech' (did you mean 'stretching'?)\n"


def test_show_red_flags_marks_the_emergencies(runner: CliRunner) -> None:
    result = run(runner, "show", "red-flags")
    assert result.exit_code == 0
    emergencies = [line for line in result.stdout.splitlines() if line.startswith("emergency\t")]
    assert any("saddle" in line.lower() for line in emergencies)
    assert any("bladder" in line.lower() for line in emergencies)
    assert "A&E" in result.stdout
    data = json.loads(run(runner, "show", "red-flags", "--json").stdout)
    assert data["schema"] == "runback.red-flags/2"
    assert data["flags"][0]["level"] == "emergency"
    assert [f["level"] for f in data["flags"]] == sorted(
        (f["level"] for f in data["flags"]), key=["emergency", "urgent", "soon"].index
    )


def test_list_all_and_filters(runner: CliRunner, catalogue) -> None:  # type: ignore[no-untyped-def]
    everything = run(runner, "list").stdout.splitlines()
    assert len(everything) == len(catalogue.techniques)
    post_run = run(runner, "list", "--slot", "post-run", "--equipment", "none").stdout.splitlines()
    assert post_run
    for line in post_run:
        technique = catalogue.get(line.split("\t")[0])
        assert "post-run" in technique.slots and not technique.equipment
    hamstrings = run(runner, "list", "--target", "hamstrings", "--category", "stretching").stdout.splitlines()
    assert [line.split("\t")[0] for line in hamstrings] == [
        t.id for t in catalogue.techniques if "hamstrings" in t.targets and t.category == "stretching"
    ]
    balls = run(runner, "list", "--equipment", "massage-ball", "--json")
    assert all("massage-ball" in t["equipment"] for t in json.loads(balls.stdout)["techniques"])


def test_list_rejects_an_unknown_filter_as_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "list", "--equipment", "trampoline")
    assert result.exit_code == 2
    assert "trampoline" in result.stderr
    assert run(runner, "list", "--slot", "lunchtime").exit_code == 2


@pytest.mark.parametrize("fmt", formats(TechniqueList))
@pytest.mark.parametrize(
    "args", [["show", "stretching"], ["show", "cat-cow"], ["show", "red-flags"], ["list"]]
)
def test_every_format_renders(runner: CliRunner, fmt: Format, args: list[str]) -> None:
    result = run(runner, *args, "--format", fmt.value)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    assert not ANSI.search(result.stdout)  # NO_COLOR is set, and nothing here is a terminal
    if fmt is Format.json:
        assert json.loads(result.stdout)["schema"].startswith("runback.")
    if fmt is Format.text:
        assert not BOX.search(result.stdout)


def test_text_is_the_default_when_piped(runner: CliRunner) -> None:
    assert run(runner, "show", "stretching").stdout == run(runner, "show", "stretching", "-f", "text").stdout


def test_table_has_colour_on_a_terminal_unless_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from runback.query import show
    from runback.render import render

    view = show(__import__("runback.catalogue").catalogue.load_catalogue(), "red-flags")

    def drawn() -> str:
        out = io.StringIO()
        Console(file=out, force_terminal=True, width=100).print(render(view, Format.table))
        return out.getvalue()

    monkeypatch.delenv("NO_COLOR")
    assert _colours(drawn())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _colours(drawn())  # bold may stay: NO_COLOR is about colour


def _colours(text: str) -> set[str]:
    """Foreground and background colour codes in the SGR sequences of ``text``."""
    found = set()
    for params in re.findall(r"\x1b\[([0-9;]*)m", text):
        for code in params.split(";"):
            if code and (30 <= int(code) <= 49 or 90 <= int(code) <= 107):
                found.add(code)
    return found


def test_json_keys_are_stable(runner: CliRunner) -> None:
    data = json.loads(run(runner, "show", "figure-4-stretch", "--json").stdout)
    assert list(data) == [
        "schema",
        "id",
        "name",
        "category",
        "purpose",
        "timing",
        "targets",
        "dose",
        "steps",
        "slots",
        "intensity",
        "equipment",
        "optional_equipment",
        "stage",
        "contraindications",
        "cautions",
        "sources",
        "alternatives",
        "progression_of",
        "minutes",
    ]
    assert data["schema"] == "runback.technique/1"
    assert data["dose"]["hold_s"] == [10, 30] and data["dose"]["per_side"] is True
    assert data["dose"]["text"].startswith("hold 10-30 s")


def test_same_input_same_output(runner: CliRunner) -> None:
    for fmt in ("text", "markdown", "json", "table"):
        assert run(runner, "list", "-f", fmt).stdout == run(runner, "list", "-f", fmt).stdout


# --- a user's catalogue ---------------------------------------------------------------------------


def test_user_catalogue_adds_and_replaces(runner: CliRunner) -> None:
    good = str(CATALOGUES / "good.yaml")
    result = run(runner, "--catalogue", good, "show", "doorway-hip-flexor-stretch")
    assert result.exit_code == 0, result.output
    assert "name: Doorway hip flexor stretch" in result.stdout
    replaced = run(runner, "show", "cat-cow", env={"RUNBACK_CATALOGUE": good})
    assert "name: Cat-cow, my way" in replaced.stdout
    assert "name: Cat-cow, my way" not in run(runner, "show", "cat-cow").stdout


def test_catalogue_check_passes_a_good_file(runner: CliRunner) -> None:
    result = run(runner, "catalogue", "check", str(CATALOGUES / "good.yaml"))
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "OK: 2 techniques, 0 red flags; 1 new, 1 replacing bundled ones (cat-cow)\n"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "bad-fields.yaml",
            [
                ":3:9: techniques.0.id: an id is lower-case words",
                ":5:15: techniques.0.category: Input should be 'stretching'",
                ":7:27: techniques.0.targets.1: Input should be",
                ":10:7: techniques.0.dose.reps: a range is [low, high] with low <= high, not [4, 2]",
                ":15:13: techniques.0.colour: unknown field",
                ":17:9: techniques.0.sources.0.publisher: required field is missing",
                ":20:14: techniques.0.sources.0.url: a web address",
                ":21:20: techniques.0.alternatives.0: no technique with id 'no-such-technique'",
            ],
        ),
        (
            "yaml-traps.yaml",
            [
                ":9:16: techniques.0.dose.minutes: '1:30:00' would be read as the number 5400",
                ":10:17: techniques.0.dose.per_side: 'yes' would be read as a yes/no value",
                ":14:16: techniques.0.intensity: '.nan' is not a finite number",
            ],
        ),
        (
            "duplicates.yaml",
            [
                ":5:5: techniques.0.name: duplicate key 'name' (first at line 4)",
                ":14:9: techniques.1.id: duplicate id 'twice' (also techniques.0)",
            ],
        ),
        ("broken.yaml", [":3:1: not valid YAML"]),
        ("alias-bomb.yaml", ["aliases expand too far"]),
        ("not-utf8.yaml", [":3:12: not UTF-8 text"]),
        ("empty.yaml", [": is empty"]),
        ("a-list.yaml", [": is not a catalogue: expected a mapping"]),
    ],
)
def test_catalogue_check_reports_every_problem_one_per_line(
    runner: CliRunner, name: str, expected: list[str]
) -> None:
    path = str(CATALOGUES / name)
    result = run(runner, "catalogue", "check", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == len(expected)
    for line, fragment in zip(lines, expected, strict=True):
        assert path in line and fragment in line


def test_a_bad_user_catalogue_stops_other_commands_too(runner: CliRunner) -> None:
    result = run(runner, "--catalogue", str(CATALOGUES / "yaml-traps.yaml"), "show", "stretching")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 3


@pytest.mark.parametrize("target", ["missing.yaml", "."])
def test_missing_file_or_directory(runner: CliRunner, tmp_path: Path, target: str) -> None:
    result = run(runner, "catalogue", "check", str(tmp_path / target))
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert "no such file" in result.stderr or "is a directory" in result.stderr


def test_a_user_catalogue_cannot_change_the_rules(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "techniques: []\nnotices:\n  disclaimer: none at all\n  red_flags: x y z\n  urgent: x y z\n  pointer: x y z\n"
    )
    result = run(runner, "catalogue", "check", str(path))
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "mine.yaml:2:1: notices: differs from the bundled catalogue's notices, which a catalogue of your own"
        " cannot change: remove this section, or keep it exactly as bundled\n"
    )


def test_catalogue_path_points_at_the_installed_file(runner: CliRunner) -> None:
    result = run(runner, "catalogue", "path")
    path = Path(result.stdout.strip())
    assert path.name == "techniques.yaml" and path.is_file()


def test_completion_offers_topics(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "_RUNBACK_COMPLETE": "complete_bash",
        "COMP_WORDS": "runback show pirif",
        "COMP_CWORD": "2",
    }
    out = subprocess.run([sys.executable, "-m", "runback"], capture_output=True, text=True, env=env)
    assert "piriformis-ball-release" in out.stdout


def test_check_reports_schema_and_reference_problems_together_each_once(
    runner: CliRunner, tmp_path: Path
) -> None:
    technique = (
        "  - id: {id}\n    name: A stretch\n    category: stretching\n    purpose: For the test.\n"
        "    targets: [calves]\n    dose: {{hold_s: {hold}, reps: 2, total_s: 60}}\n    steps: [Stretch.]\n"
        "    slots: [post-run]\n    intensity: light\n    {link}\n"
        "    sources: [{{title: A source, kind: web, publisher: A publisher, year: 2020, url: 'https://example.org/'}}]\n"
    )
    path = tmp_path / "mine.yaml"
    path.write_text(
        "techniques:\n"
        + technique.format(id="mine", hold=700, link="alternatives: [no-such-thing]")
        + technique.format(id="mine", hold=30, link="progression_of: nothing-here")
    )
    result = run(runner, "catalogue", "check", str(path))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:7:20: techniques.0.dose.hold_s: Input should be less than or equal to 600 (got '700')",
        f"{path}:11:20: techniques.0.alternatives.0: no technique with id 'no-such-thing'",
        f"{path}:13:9: techniques.1.id: duplicate id 'mine' (also techniques.0)",
        f"{path}:22:21: techniques.1.progression_of: no technique with id 'nothing-here'",
    ]


@pytest.mark.parametrize(
    ("hold", "message"),
    [
        ("lots", "give a whole number or a [low, high] range of whole numbers (got 'lots')"),
        ("20.5", "give a whole number or a [low, high] range of whole numbers (got '20.5')"),
        ("[10, 20, 30]", "a range is [low, high]: two whole numbers, not 3"),
    ],
)
def test_a_dose_amount_that_is_not_a_number_or_range_says_so_once(
    runner: CliRunner, tmp_path: Path, hold: str, message: str
) -> None:
    source = (CATALOGUES / "good.yaml").read_text()
    assert "hold_s: 30\n" in source
    path = tmp_path / "mine.yaml"
    path.write_text(source.replace("hold_s: 30\n", f"hold_s: {hold}\n", 1))
    lines = run(runner, "catalogue", "check", str(path)).stderr.splitlines()
    assert len(lines) == 1 and lines[0].endswith(f"dose.hold_s: {message}")


def test_a_copy_of_the_bundled_catalogue_is_a_catalogue_of_ones_own(
    runner: CliRunner, tmp_path: Path
) -> None:
    bundled = Path(run(runner, "catalogue", "path").stdout.strip())
    copy = tmp_path / "my.yaml"
    copy.write_bytes(bundled.read_bytes())
    checked = run(runner, "catalogue", "check", str(copy))
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith(f"{copy}: OK: ") and " 0 new, " in checked.stdout
    assert checked.stdout.endswith(" and 65 more)\n")
    assert (
        run(runner, "--catalogue", str(copy), "show", "stretching").stdout
        == run(runner, "show", "stretching").stdout
    )
    copy.write_text(bundled.read_text().replace("  long_run_minutes: 90\n", "  long_run_minutes: 95\n"))
    changed = run(runner, "catalogue", "check", str(copy))
    assert changed.exit_code == 1
    assert changed.stderr.splitlines() == [
        f"{copy}:{_line_of(copy, 'rules:')}:1: rules: differs from the bundled catalogue's rules, which a"
        " catalogue of your own cannot change: remove this section, or keep it exactly as bundled"
    ]


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line == text)


def test_catalogue_init_writes_a_starter_that_checks_and_never_overwrites(
    runner: CliRunner, tmp_path: Path
) -> None:
    import yaml

    path = tmp_path / "mine.yaml"
    made = run(runner, "catalogue", "init", str(path))
    assert made.exit_code == 0 and made.stdout == ""
    assert (
        made.stderr == f"Wrote a starter catalogue to {path}; check it with: runback catalogue check {path}\n"
    )
    assert run(runner, "catalogue", "check", str(path)).stdout == (
        f"{path}: OK: 1 technique, 1 red flag; 2 new, 0 replacing bundled ones\n"
    )
    lines = path.read_text().splitlines()
    data = yaml.safe_load(path.read_text())
    for entry in (data["techniques"][0], data["red_flags"][0]):
        for key in entry:
            at = next(i for i, line in enumerate(lines) if line.lstrip(" -").startswith(f"{key}:"))
            assert "#" in lines[at] or lines[at - 1].lstrip().startswith("#"), f"{key} is not explained"
    first = path.read_bytes()
    again = run(runner, "catalogue", "init", str(path))
    assert again.exit_code == 2
    assert again.stderr == f"Error: {path} exists; runback catalogue init never writes over a file\n"
    assert path.read_bytes() == first
    shown = run(runner, "--catalogue", str(path), "show", "standing-hip-flexor-stretch")
    assert shown.exit_code == 0 and "Standing hip flexor stretch" in shown.stdout


def test_catalogue_init_never_writes_through_a_link_or_leaves_a_part_written_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "notes.md"
    target.write_text("mine\n")
    link = tmp_path / "mine.yaml"
    link.symlink_to(target)
    result = run(runner, "catalogue", "init", str(link))
    assert result.exit_code == 2 and "exists" in result.stderr
    assert target.read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml", "notes.md"]  # no temporary left
    printed = run(runner, "catalogue", "init", "-")
    assert printed.exit_code == 0 and printed.stdout.startswith("# A catalogue of your own for runback")
