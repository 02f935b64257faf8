"""runback's command line: parse options, call the core, print the result, set the exit code.

Only typer and the standard library are imported here at start-up; each command imports what it
needs, so ``runback --version`` and shell completion stay quick. (No ``from __future__ import
annotations`` here: Typer would have to evaluate every annotation string on every start.)
"""

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import __version__
from .render import Format, PlanFormat
from .vocab import Category, Condition, Slot, Target

if TYPE_CHECKING:
    from .inputs import PlanRequest
    from .models import Catalogue
    from .planner import Plan

app = typer.Typer(
    name="runback",
    help="Recovery planning for runners with a sore lower back. Not medical advice: "
    "see 'runback show red-flags' for when to stop and see a clinician.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
)
catalogue_app = typer.Typer(
    help="Check a catalogue of your own, or find the bundled one.", no_args_is_help=True
)
app.add_typer(catalogue_app, name="catalogue")


@dataclass
class State:
    catalogue: Path | None = None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"runback {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    *,
    catalogue: Annotated[
        Path | None,
        typer.Option(
            "--catalogue",
            envvar="RUNBACK_CATALOGUE",
            help="A catalogue of your own (YAML) that adds to the bundled one; same ids replace bundled ones.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Recovery planning for runners with a sore lower back."""
    ctx.obj = State(catalogue=catalogue)


# --- shared plumbing ------------------------------------------------------------------------------


@contextmanager
def _errors() -> Iterator[None]:
    """Turn runback's own errors into messages on stderr and an exit code; nothing else is caught."""
    from .errors import DataError, RunbackError

    try:
        yield
    except DataError as e:
        for line in e.lines:
            typer.echo(line if e.problems else f"Error: {line}", err=True)
        raise typer.Exit(e.exit_code) from None
    except RunbackError as e:
        typer.echo(f"Error: {e}", err=True)
        raise typer.Exit(e.exit_code) from None


def _load(ctx: typer.Context) -> "Catalogue":
    from .catalogue import load_catalogue

    state: State = ctx.ensure_object(State)
    return load_catalogue(state.catalogue)


def _resolve(fmt: Format | None, as_json: bool) -> Format:
    if as_json:
        return Format.json
    if fmt is not None:
        return fmt
    return Format.table if sys.stdout.isatty() else Format.text


def _emit(view: Any, fmt: Format | PlanFormat) -> None:
    from .render import render

    output = render(view, fmt)
    if fmt.value == "table":
        from rich.console import Console

        Console(highlight=False).print(output)
    else:
        sys.stdout.write(output)


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, text when piped.",
        case_sensitive=False,
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]


def _complete_topic(ctx: typer.Context, incomplete: str) -> list[str]:
    from .catalogue import load_catalogue
    from .errors import RunbackError
    from .query import topics

    parent = ctx.find_root().params.get("catalogue")
    try:
        names = topics(load_catalogue(Path(parent) if parent else None))
    except RunbackError:
        return []
    return [name for name in names if name.startswith(incomplete)]


# --- commands -----------------------------------------------------------------------------------


@app.command()
def show(
    ctx: typer.Context,
    topic: Annotated[
        str,
        typer.Argument(
            help="A category (stretching, self-release, warm-up, strength, cross-training, recovery, "
            "hydration, footwear), a technique id, or red-flags.",
            autocompletion=_complete_topic,
            show_default=False,
        ),
    ],
    *,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a category's techniques, one technique's whole card, or the red flags.

    Example: runback show stretching; runback show piriformis-ball-release
    """
    from .query import show as lookup

    with _errors():
        _emit(lookup(_load(ctx), topic), _resolve(fmt, as_json))


@app.command("list")
def list_(
    ctx: typer.Context,
    *,
    category: Annotated[Category | None, typer.Option(help="Only this category.", show_default=False)] = None,
    slot: Annotated[
        Slot | None, typer.Option(help="Only techniques that fit this slot.", show_default=False)
    ] = None,
    equipment: Annotated[
        str | None,
        typer.Option(
            help="Only techniques that use this equipment ('none': no equipment).", show_default=False
        ),
    ] = None,
    target: Annotated[
        Target | None, typer.Option(help="Only techniques for this body area.", show_default=False)
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """List techniques: id, name, category, dose, minutes and when they fit.

    Example: runback list --slot post-run --equipment none
    """
    from .query import NO_EQUIPMENT, select
    from .vocab import Equipment

    if equipment is not None and equipment not in (NO_EQUIPMENT, *Equipment):
        choices = ", ".join([NO_EQUIPMENT, *Equipment])
        raise typer.BadParameter(f"'{equipment}' is not one of {choices}.", param_hint="'--equipment'")
    with _errors():
        view = select(_load(ctx), category=category, slot=slot, equipment=equipment, target=target)
        _emit(view, _resolve(fmt, as_json))


@catalogue_app.command("check")
def catalogue_check(
    file: Annotated[Path, typer.Argument(help="The catalogue file to check (YAML).", show_default=False)],
) -> None:
    """Check a catalogue file and report every problem as FILE:LINE:COL: field: what is wrong.

    Example: runback catalogue check my-techniques.yaml
    """
    from .catalogue import check_file

    with _errors():
        checked = check_file(file)
    counts = f"{len(checked.file.techniques)} techniques, {len(checked.file.red_flags)} red flags"
    changes = f"{len(checked.added)} new, {len(checked.replaced)} replacing bundled ones"
    if checked.replaced:
        changes += f" ({', '.join(checked.replaced)})"
    typer.echo(f"{checked.source}: OK: {counts}; {changes}")


@catalogue_app.command("path")
def catalogue_path() -> None:
    """Print where the bundled catalogue is installed: a starting point for a catalogue of your own.

    Example: cp "$(runback catalogue path)" my-techniques.yaml
    """
    from importlib.resources import as_file, files

    with as_file(files("runback").joinpath("data", "techniques.yaml")) as path:
        typer.echo(str(path))


# --- plan ---------------------------------------------------------------------------------------

PlanFormatOption = Annotated[
    PlanFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, text when piped, or from --output's extension.",
        case_sensitive=False,
        show_default=False,
    ),
]
_SUFFIX_FORMATS = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".ics": "ics", ".txt": "text"}
EXIT_STOP = 3


def _today() -> dt.date:
    return dt.date.today()


@app.command()
def plan(
    ctx: typer.Context,
    runs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Runs as DAY:AMOUNT[:KIND][:rpeN], e.g. mon:8k tue:45m:tempo sat:18k:long:rpe6. "
            "DAY: mon..sun or a date; AMOUNT: 8k, 5mi, 5000m, 45m, 1h10m or 1:10:00; "
            "KIND: easy, recovery, tempo, intervals, hills, long or race.",
            show_default=False,
        ),
    ] = None,
    *,
    runs_file: Annotated[
        str | None,
        typer.Option("--runs", help="Runs from a YAML or CSV file, or - for stdin.", show_default=False),
    ] = None,
    week: Annotated[str | None, typer.Option(help="The ISO week, e.g. 2026-W48. Default: this week.")] = None,
    start: Annotated[
        str | None, typer.Option(help="Or the week's first day, e.g. 2026-11-23.", show_default=False)
    ] = None,
    pain: Annotated[int, typer.Option(min=0, max=10, help="Lower-back pain today, 0-10.")] = 0,
    condition: Annotated[
        list[Condition] | None,
        typer.Option(help="A condition to plan around (repeatable).", show_default=False),
    ] = None,
    red_flag: Annotated[
        list[str] | None,
        typer.Option(
            help="A red flag you have (repeatable): see runback show red-flags.", show_default=False
        ),
    ] = None,
    sitting_hours: Annotated[
        float | None, typer.Option(min=0, max=24, help="Hours a day spent sitting.", show_default=False)
    ] = None,
    has: Annotated[
        str | None,
        typer.Option(
            help="What you have, comma-separated: pool,bike,massage-ball,foam-roller,yoga-mat,...",
            show_default=False,
        ),
    ] = None,
    minutes: Annotated[
        int | None,
        typer.Option(
            min=5, max=240, help="Minutes a day for recovery work. Default: 30.", show_default=False
        ),
    ] = None,
    weight: Annotated[
        float | None,
        typer.Option(min=20, max=300, help="Body mass in kg, for drinking amounts.", show_default=False),
    ] = None,
    previous: Annotated[
        str | None, typer.Option(help="Last week's distance, e.g. 32k.", show_default=False)
    ] = None,
    previous_weeks: Annotated[
        str | None,
        typer.Option(help="Recent weeks' distances, oldest first, e.g. 30k,34k,31k,35k.", show_default=False),
    ] = None,
    fmt: PlanFormatOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically).", show_default=False),
    ] = None,
    append_to: Annotated[
        Path | None,
        typer.Option(
            help="Put the plan into this Markdown note, replacing this week's earlier plan.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Plan a week of recovery around your runs: warm-ups, stretching, self-release, strength,
    cross-training, rest and drinks, day by day.

    Exit code 3 means: no plan, stop and see a clinician (pain 8-10 or a red flag).

    Example: runback plan mon:8k tue:45m:tempo thu:6k sat:18k:long --has pool,foam-roller
    """
    from .errors import UsageError

    state: State = ctx.ensure_object(State)
    with _errors():
        request = _plan_request(
            ctx,
            runs or [],
            runs_file,
            week,
            start,
            pain,
            condition,
            red_flag,
            sitting_hours,
            has,
            minutes,
            weight,
            previous,
            previous_weeks,
        )
        inputs = [p for p in (request.runs_path, state.catalogue) if p is not None]
        for target in (output, append_to):
            for source in inputs:
                if target is not None and _same_file(target, source):
                    raise UsageError(f"{target} is an input of this plan; refusing to write over it")
        result = _make_plan(request)
        chosen = _plan_format(fmt, output)
        if output is not None:
            from .output import write_atomic

            write_atomic(output, _as_text(result, chosen))
            typer.echo(f"Wrote the plan for {result.week.label} to {output}", err=True)
        if append_to is not None:
            from .output import append_to_note
            from .render.markdown import plan_body

            block = "\n".join(plan_body(result, level=2))
            changed = append_to_note(append_to, block, result.week.label)
            typer.echo(f"{'Updated' if changed else 'Already up to date:'} {append_to}", err=True)
        if output is None and append_to is None:
            _emit(result, chosen)
    if result.status == "stop":
        raise typer.Exit(EXIT_STOP)


def _same_file(a: Path, b: Path) -> bool:
    from .output import same_file

    return same_file(a, b)


def _plan_format(fmt: PlanFormat | None, output: Path | None) -> PlanFormat:
    if fmt is not None:
        return fmt
    if output is not None:
        return PlanFormat(_SUFFIX_FORMATS.get(output.suffix.lower(), "text"))
    return PlanFormat.table if sys.stdout.isatty() else PlanFormat.text


def _as_text(view: Any, fmt: PlanFormat) -> str:
    """A view as text for a file: tables are drawn without colour, 100 columns wide."""
    from .render import render

    output = render(view, fmt)
    if fmt is not PlanFormat.table:
        return str(output)
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=100, no_color=True, highlight=False, force_terminal=False).print(output)
    return buffer.getvalue()


def _plan_request(
    ctx: typer.Context,
    runs: list[str],
    runs_file: str | None,
    week: str | None,
    start: str | None,
    pain: int,
    condition: list[Condition] | None,
    red_flag: list[str] | None,
    sitting_hours: float | None,
    has: str | None,
    minutes: int | None,
    weight: float | None,
    previous: str | None,
    previous_weeks: str | None,
) -> "PlanRequest":
    from .config import load_settings
    from .inputs import PlanOptions, gather

    options = PlanOptions(
        runs=tuple(runs),
        runs_file=runs_file,
        week=week,
        start=start,
        pain=pain,
        conditions=tuple(condition) if condition else None,
        red_flags=tuple(red_flag or ()),
        sitting_hours=sitting_hours,
        has=has,
        minutes=minutes,
        weight=weight,
        previous=previous,
        previous_weeks=previous_weeks,
    )
    return gather(options, load_settings(), _load(ctx), _today())


def _make_plan(request: "PlanRequest") -> "Plan":
    from .planner import plan as make

    return make(request.catalogue, request.week, request.profile)


# --- config -------------------------------------------------------------------------------------

config_app = typer.Typer(
    help="Your settings: conditions, equipment, minutes, weight, recent weeks.", no_args_is_help=True
)
app.add_typer(config_app, name="config")


@config_app.command("path")
def config_path_command() -> None:
    """Print where the config file is (or would be).

    Example: $EDITOR "$(runback config path)"
    """
    from .config import config_path

    typer.echo(str(config_path()))


@config_app.command("show")
def config_show() -> None:
    """Print the settings in the config file, in its own format.

    Example: runback config show
    """
    from .config import config_path, load_settings

    with _errors():
        settings = load_settings()
    path = config_path()
    if not path.exists():
        typer.echo(f"No config file at {path}; runback uses its defaults.", err=True)
    sys.stdout.write(settings.as_toml())
