"""runback's command line: parse options, call the core, print the result, set the exit code.

Only typer and the standard library are imported here at start-up; each command imports what it
needs, so ``runback --version`` and shell completion stay quick.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import __version__
from .render import Format
from .vocab import Category, Slot, Target

if TYPE_CHECKING:
    from .models import Catalogue

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


def _load(ctx: typer.Context) -> Catalogue:
    from .catalogue import load_catalogue

    state: State = ctx.ensure_object(State)
    return load_catalogue(state.catalogue)


def _resolve(fmt: Format | None, as_json: bool) -> Format:
    if as_json:
        return Format.json
    if fmt is not None:
        return fmt
    return Format.table if sys.stdout.isatty() else Format.text


def _emit(view: Any, fmt: Format) -> None:
    from .render import render

    output = render(view, fmt)
    if fmt is Format.table:
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
