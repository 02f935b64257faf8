"""runback's command line: parse options, call the core, print the result, set the exit code.

Only typer and the standard library are imported here at start-up; each command imports what it
needs, so ``runback --version`` and shell completion stay quick. (No ``from __future__ import
annotations`` here: Typer would have to evaluate every annotation string on every start.)

Two things are done once, here, for every command, so that a new command or option gets them for
free: mistakes are reported in one line (``_Runback``: Click's usage errors and runback's own
errors alike, with the option, the value, what it may be and the nearest choice), and output
goes through one set of options (``FormatOption``, ``JsonOption``, ``OutputOption``), one rule
for the format (``runback.render.choose``) and one ``_emit``. A command that prints a view
declares it with ``cls=_prints(...)``; the formats it takes, and lists in its help, are those
registered for the view's type in ``runback.render``.
"""

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click import exceptions as click_errors
from typer.core import TyperCommand, TyperGroup, TyperOption

from . import __version__, bounds
from .render import Format
from .units import Units
from .vocab import Category, Condition, Slot, Target

if TYPE_CHECKING:
    from .inputs import PlanOptions, PlanRequest
    from .journal import Journal
    from .models import Catalogue
    from .output import Written
    from .planner import Plan
    from .routine import Routine
    from .week import Week


# --- one line for every mistake -------------------------------------------------------------------


class _Shown(click_errors.UsageError):
    """A usage error already put in runback's words: shown as one line, exit code 2."""

    def show(self, file: Any = None) -> None:
        typer.echo(f"Error: {self.message}", err=True)


class _Runback(TyperGroup):
    """The root command. Whatever goes wrong while the command line is read or a command runs,
    the user sees one line on stderr and an exit code: Click's usage errors become runback's
    (``_usage_line``), runback's own errors are printed as they are; nothing else is caught."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _plain_where_needed()
        return super().main(*args, **kwargs)

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        with _one_line():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        with _one_line():
            return super().invoke(ctx)


@contextmanager
def _one_line() -> Iterator[None]:
    from .errors import DataError, RunbackError

    try:
        yield
    except (_Shown, click_errors.NoArgsIsHelpError):
        raise
    except click_errors.UsageError as e:
        raise _Shown(_usage_line(e)) from None
    except DataError as e:
        for line in e.lines:
            typer.echo(line if e.problems else f"Error: {line}", err=True)
        raise typer.Exit(e.exit_code) from None
    except RunbackError as e:
        typer.echo(f"Error: {e}", err=True)
        raise typer.Exit(e.exit_code) from None


def _usage_line(error: click_errors.UsageError) -> str:
    """A usage error Click found, as one line: what is wrong, with what was given and what may be."""
    from .errors import closest

    ctx = error.ctx
    see = f"; see '{ctx.command_path} --help'" if ctx is not None else ""
    param = getattr(error, "param", None)
    if isinstance(error, click_errors.NoSuchOption) and ctx is not None:
        options = [o for p in ctx.command.params for o in getattr(p, "opts", ()) if o.startswith("--")]
        near = closest(error.option_name, options)
        return f"no option {error.option_name}" + (f" (did you mean {near}?)" if near else see)
    if isinstance(error, click_errors.MissingParameter) and param is not None:
        return f"missing {_param_name(param)}{see}"
    if isinstance(error, click_errors.BadParameter) and param is not None:
        return _bad_value(error, param)
    text = " ".join(error.format_message().split()).rstrip(".")
    unknown = re.fullmatch(r"No such command '(.*)'\..*", text)
    if unknown and ctx is not None:
        near = closest(unknown[1], ctx.command.list_commands(ctx))  # type: ignore[attr-defined]
        return f"no command '{unknown[1]}'" + (f" (did you mean '{near}'?)" if near else see)
    needs = re.fullmatch(r"Option '(.*)' requires an argument", text)
    if needs:
        return f"{needs[1]} needs a value{see}"
    extra = re.fullmatch(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", text)
    if extra:
        return f"unexpected argument{'s' if ' ' in extra[1] else ''} {extra[1]}{see}"
    return text[:1].lower() + text[1:] + see


def _bad_value(error: click_errors.BadParameter, param: Any) -> str:
    """An option's or argument's value that Click or Typer refused: the option, the value, and
    the choices (with the nearest) or the range, from the parameter itself."""
    from .errors import one_of, printable, quoted

    name = _param_name(param)
    given = _given(error)
    descriptor = getattr(param, "type_descriptor", None)
    info = getattr(descriptor, "parameter_info", None) or getattr(param, "type", None)
    choices = getattr(descriptor, "choices", None) or getattr(getattr(param, "type", None), "choices", None)
    if given is None:
        return f"{name}: {' '.join(error.message.split()).removeprefix('Value error, ')}"
    if choices:
        return one_of(name, given, [c.value if isinstance(c, Enum) else str(c) for c in choices])
    low, high = getattr(info, "min", None), getattr(info, "max", None)
    whole = getattr(descriptor, "annotation", None) is int
    kind = "whole number" if whole else "number"
    try:
        float(given)
        problem = f"{printable(str(given))} is out of range"
    except (TypeError, ValueError):
        problem = f"{quoted(given)} is not a {kind}"
    if low is not None and high is not None:
        return f"{name}: {problem}: give a {kind} from {low} to {high}"
    if low is not None:
        return f"{name}: {problem}: give a {kind} of at least {low}"
    if high is not None:
        return f"{name}: {problem}: give a {kind} of at most {high}"
    return f"{name}: {problem}"


def _param_name(param: Any) -> str:
    """``--pain`` for an option, ``SCORE`` for an argument."""
    long = [o for o in getattr(param, "opts", ()) if o.startswith("--")]
    if getattr(param, "param_type_name", "") == "option" and long:
        return str(long[0])
    return str(param.name or "value").upper().replace("_", "-")


def _given(error: click_errors.BadParameter) -> Any:
    """The value typed, as Typer's validation saw it; None when it is not known."""
    details = getattr(error.__cause__, "errors", None)
    found = details() if callable(details) else []
    return found[0].get("input") if found else None


# --- the app ----------------------------------------------------------------------------------------

app = typer.Typer(
    name="runback",
    cls=_Runback,
    help="Recovery planning for runners with a sore lower back. Not medical advice: "
    "see 'runback show red-flags' for when to stop and see a clinician.\n\n"
    "Example: runback plan mon:8k tue:45m:tempo sat:18k:long --has pool",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
)
catalogue_app = typer.Typer(
    help="Check a catalogue of your own, start one, or find the bundled one.\n\n"
    "Example: runback catalogue init my-techniques.yaml",
    no_args_is_help=True,
)
app.add_typer(catalogue_app, name="catalogue")


@dataclass
class State:
    catalogue: Path | None = None
    db: Path | None = None
    no_pager: bool = False


def _version(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:  # completing a line parses it: print nothing then
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
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="RUNBACK_DB",
            help="The training journal (SQLite). Default: runback's data directory.",
            show_default=False,
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Never page long output. By default it goes through $RUNBACK_PAGER or $PAGER (less) on a terminal.",
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Recovery planning for runners with a sore lower back."""
    ctx.obj = State(catalogue=catalogue, db=db, no_pager=no_pager)


ASCII_LOOKALIKES = {
    "•": "*", "·": "-", "█": "#", "→": "->", "←": "<-", "—": "-", "–": "-", "‘": "'", "’": "'",
    "“": '"', "”": '"', "…": "...", "×": "x", "≥": ">=", "≤": "<=", "±": "+/-", "°": " deg", "−": "-",
    # a sparkline's eighths, low to high, so a climb still reads as one
    "▁": "_", "▂": ".", "▃": "-", "▄": "~", "▅": "=", "▆": "+", "▇": "*",
}  # fmt: skip


def _lookalike(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: what an ASCII (or Latin-1, ...) terminal can show instead."""
    assert isinstance(error, UnicodeEncodeError)
    import unicodedata

    out = []
    for char in error.object[error.start : error.end]:
        plain = ASCII_LOOKALIKES.get(char)
        if plain is None:
            decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            plain = decomposed or "?"
        out.append(plain)
    return "".join(out), error.end


def _plain_where_needed() -> None:
    """On output that cannot carry Unicode (PYTHONIOENCODING=ascii, LC_ALL=C), print look-alikes
    instead of failing: a stop message must come through whatever the encoding."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding.startswith("utf") or reconfigure is None:
            continue
        codecs.register_error("runback-lookalike", _lookalike)
        reconfigure(errors="runback-lookalike")


# --- output: one set of options, one rule for the format, one emit --------------------------------


class _ViewCommand(TyperCommand):
    """A command that prints a view. The formats it takes (and its help lists) are those
    registered for the view's types in ``runback.render``, looked up only when needed."""

    views: Callable[[], tuple[type, ...]]
    default: Format | None = None  # for views with neither table nor text

    def formats(self) -> tuple[Format, ...]:
        from .render import formats

        return formats(*self.views())

    def get_help(self, ctx: Any) -> str:
        from .render import default_rule

        supported = self.formats()
        writes = any(p.name == "output" for p in self.params)
        for param in self.params:
            if isinstance(param, TyperOption) and param.name == "fmt":
                default = default_rule(supported, self.default, writes=writes)
                param.help = f"Output format: {', '.join(supported)}. Default: {default}."
            elif isinstance(param, TyperOption) and param.name == "as_json":
                param.hidden = Format.json not in supported
        return super().get_help(ctx)


def _prints(views: Callable[[], tuple[type, ...]], *, default: Format | None = None) -> type[TyperCommand]:
    """The command class for a command that prints ``views()`` (a function, so that the view's
    module is imported only when the command runs or shows its help)."""
    return type("ViewCommand", (_ViewCommand,), {"views": staticmethod(views), "default": default})


def _complete_format(ctx: typer.Context, incomplete: str) -> list[str]:
    command = ctx.command
    supported = command.formats() if isinstance(command, _ViewCommand) else list(Format)
    return [f.value for f in supported if f.value.startswith(incomplete)]


FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="Output format.",
        autocompletion=_complete_format,
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file (atomically), or - for stdout.", show_default=False
    ),
]
UnitsOption = Annotated[
    Units | None,
    typer.Option(
        help="Show distances in km or mi. Default: the config's units, else km.", show_default=False
    ),
]
STDOUT = Path("-")


def _format(ctx: typer.Context, fmt: str | None, as_json: bool, output: Path | None = None) -> Format:
    """The format this command prints in, by the one rule (``runback.render.choose``); checked
    before the command does anything, so a wrong ``-f`` never leaves half a job done."""
    from .render import choose

    command = ctx.command
    assert isinstance(command, _ViewCommand), f"{command.name} is not declared with cls=_prints(...)"
    return choose(
        command.formats(),
        fmt,
        as_json=as_json,
        path=None if output in (None, STDOUT) else output,
        terminal=sys.stdout.isatty(),
        default=command.default,
    )


def _emit(view: Any, fmt: Format, output: Path | None = None, *, what: str = "the output") -> None:
    """Print ``view`` in ``fmt`` on stdout, or write it to ``output`` (atomically) and say so on
    stderr. Tables go through rich on a terminal; everything else is written as it is."""
    from .render import render

    drawn = render(view, fmt)
    if output is None or output == STDOUT:
        terminal = sys.stdout.isatty() and not _pager_off()
        if fmt is not Format.table:
            _show(drawn, terminal)
            return
        from rich.console import Console

        console = Console(highlight=False)
        if not terminal:
            console.print(drawn)
            return
        with console.capture() as captured:
            console.print(drawn)
        _show(captured.get(), terminal)
        return
    from .output import write_atomic

    _note_links(output, write_atomic(output, _as_text(drawn, fmt)))
    typer.echo(f"Wrote {what} to {output}", err=True)


def _show(text: str, terminal: bool) -> None:
    """Print ``text``; on a terminal, through the pager when it does not fit on one screen."""
    if terminal:
        import shutil

        from .pager import page, rows, wanted

        size = shutil.get_terminal_size()
        if wanted(rows(text, size.columns), size.lines, terminal=True, off=False) and page(text):
            return
    sys.stdout.write(text)


def _pager_off() -> bool:
    """``runback --no-pager``: what the command prints is never paged."""
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    state = ctx.find_root().obj if ctx is not None else None
    return bool(getattr(state, "no_pager", False))


def _as_text(drawn: Any, fmt: Format) -> str:
    """What a renderer drew, as text for a file: tables without colour, 100 columns wide."""
    if fmt is not Format.table:
        return str(drawn)
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=100, no_color=True, highlight=False, force_terminal=False).print(drawn)
    return buffer.getvalue()


def _catalogue_views() -> tuple[type, ...]:
    from .query import RedFlagList, TechniqueCard, TechniqueList

    return (TechniqueList, TechniqueCard, RedFlagList)


def _list_view() -> tuple[type, ...]:
    from .query import TechniqueList

    return (TechniqueList,)


def _plan_view() -> tuple[type, ...]:
    from .planner import Plan

    return (Plan,)


def _history_view() -> tuple[type, ...]:
    from .history import History

    return (History,)


def _report_view() -> tuple[type, ...]:
    from .history import Report

    return (Report,)


def _progress_view() -> tuple[type, ...]:
    from .programme import Progress

    return (Progress,)


def _routine_view() -> tuple[type, ...]:
    from .routine import Routine

    return (Routine,)


# --- shared plumbing ------------------------------------------------------------------------------


def _load(ctx: typer.Context) -> "Catalogue":
    from .catalogue import load_catalogue

    state: State = ctx.ensure_object(State)
    return load_catalogue(state.catalogue)


# --- completion: what Tab offers (runback.completion_index reads these through the Typer app) -----

CATALOGUE_PARAM = "catalogue"  # main()'s --catalogue: completers find the catalogue in use by this name
Offered = list[str | tuple[str, str]]  # candidates, with a help text where zsh and fish show one


def _completion_catalogue(ctx: typer.Context) -> "Catalogue | None":
    """The catalogue of the command line being completed (--catalogue or RUNBACK_CATALOGUE); None
    when it cannot be loaded: completion then offers nothing from it, never an error."""
    from .catalogue import load_catalogue
    from .errors import RunbackError

    chosen = ctx.find_root().params.get(CATALOGUE_PARAM)
    try:
        return load_catalogue(Path(chosen) if chosen else None)
    except RunbackError:
        return None


def _starting(incomplete: str, offered: Offered) -> Offered:
    return [o for o in offered if (o if isinstance(o, str) else o[0]).startswith(incomplete)]


def _complete_topic(ctx: typer.Context, incomplete: str) -> Offered:
    from .query import topics

    catalogue = _completion_catalogue(ctx)
    if catalogue is None:
        return []
    names = {t.id: t.name for t in catalogue.techniques}
    return _starting(incomplete, [(n, names[n]) if n in names else n for n in topics(catalogue)])


def _complete_done(ctx: typer.Context, incomplete: str) -> Offered:
    catalogue = _completion_catalogue(ctx)
    if catalogue is None:
        return []
    return _starting(incomplete, ["today", *((t.id, t.name) for t in catalogue.techniques)])


def _complete_go(ctx: typer.Context, incomplete: str) -> Offered:
    catalogue = _completion_catalogue(ctx)
    if catalogue is None:
        return []
    offered: Offered = ["today", *catalogue.rules.routines]
    return _starting(incomplete, offered + [(t.id, t.name) for t in catalogue.techniques])


def _complete_routine(ctx: typer.Context, incomplete: str) -> Offered:
    catalogue = _completion_catalogue(ctx)
    return _starting(incomplete, list(catalogue.rules.routines) if catalogue else [])


def _complete_red_flag(ctx: typer.Context, incomplete: str) -> Offered:
    catalogue = _completion_catalogue(ctx)
    return _starting(incomplete, [(f.id, f.name) for f in catalogue.red_flags] if catalogue else [])


def _complete_entry_test(ctx: typer.Context, incomplete: str) -> Offered:
    catalogue = _completion_catalogue(ctx)
    tests = catalogue.rules.return_to_run.entry_tests if catalogue else ()
    return _starting(incomplete, [(t.id, t.name) for t in tests])


def _complete_equipment(incomplete: str) -> Offered:
    from .query import NO_EQUIPMENT
    from .vocab import Equipment

    return _starting(incomplete, [NO_EQUIPMENT, *Equipment])


def _complete_has(incomplete: str) -> list[str]:
    """--has takes a comma-separated list: complete its last item."""
    from .completion import continue_list
    from .vocab import Equipment

    return continue_list(list(Equipment), incomplete)


def _complete_day(incomplete: str) -> Offered:
    from .week import DAYS

    return _starting(incomplete, ["yesterday", *DAYS])


# --- commands -----------------------------------------------------------------------------------


@app.command(cls=_prints(_catalogue_views))
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

    chosen = _format(ctx, fmt, as_json)
    _emit(lookup(_load(ctx), topic), chosen)


@app.command("list", cls=_prints(_list_view))
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
            help="Only techniques that use this equipment ('none': no equipment).",
            show_default=False,
            autocompletion=_complete_equipment,
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
    from .errors import UsageError, one_of
    from .query import NO_EQUIPMENT, select
    from .vocab import Equipment

    chosen = _format(ctx, fmt, as_json)
    if equipment is not None and equipment not in (NO_EQUIPMENT, *Equipment):
        raise UsageError(one_of("--equipment", equipment, [NO_EQUIPMENT, *Equipment]))
    view = select(_load(ctx), category=category, slot=slot, equipment=equipment, target=target)
    _emit(view, chosen)


@catalogue_app.command("check")
def catalogue_check(
    file: Annotated[Path, typer.Argument(help="The catalogue file to check (YAML).", show_default=False)],
) -> None:
    """Check a catalogue file and report every problem as FILE:LINE:COL: field: what is wrong.

    Example: runback catalogue check my-techniques.yaml
    """
    from .catalogue import check_file

    checked = check_file(file)
    techniques, flags = len(checked.file.techniques), len(checked.file.red_flags)
    counts = (
        f"{techniques} technique{'s' if techniques != 1 else ''}, {flags} red flag{'s' if flags != 1 else ''}"
    )
    changes = f"{len(checked.added)} new, {len(checked.replaced)} replacing bundled ones"
    if checked.replaced:
        shown = checked.replaced[:SHOWN_IDS]
        more = len(checked.replaced) - len(shown)
        changes += f" ({', '.join(shown)}{f' and {more} more' if more else ''})"
    typer.echo(f"{checked.source}: OK: {counts}; {changes}")


SHOWN_IDS = 5  # ids named in catalogue check's summary line; more are counted


@catalogue_app.command("path")
def catalogue_path() -> None:
    """Print where the bundled catalogue is installed: a starting point for a catalogue of your own.

    Example: cp "$(runback catalogue path)" my-techniques.yaml && runback catalogue check my-techniques.yaml
    """
    from importlib.resources import as_file, files

    with as_file(files("runback").joinpath("data", "techniques.yaml")) as path:
        typer.echo(str(path))


@catalogue_app.command("init")
def catalogue_init(
    file: Annotated[Path, typer.Argument(help="The new catalogue file (YAML).", show_default=False)],
) -> None:
    """Start a catalogue of your own: a small file with one technique and one red flag, every field
    explained in comments. It never writes over a file that exists.

    Example: runback catalogue init my-techniques.yaml
    """
    from .catalogue import starter
    from .errors import UsageError
    from .output import write_new

    if file == STDOUT:
        sys.stdout.write(starter())
        return
    try:
        write_new(file, starter())
    except FileExistsError:
        raise UsageError(f"{file} exists; runback catalogue init never writes over a file") from None
    typer.echo(
        f"Wrote a starter catalogue to {file}; check it with: runback catalogue check {file}", err=True
    )


# --- plan ---------------------------------------------------------------------------------------

EXIT_STOP = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT: the shell's convention for Ctrl-C


def _today() -> dt.date:
    return dt.date.today()


@app.command(cls=_prints(_plan_view))
def plan(
    ctx: typer.Context,
    runs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Runs as DAY:AMOUNT[:KIND][:rpeN], e.g. mon:8k tue:45m:tempo sat:18k:long:rpe6. "
            "DAY: mon..sun (tue, tues, Tuesday) or a date; AMOUNT: 8k, 5mi, 5000m, 45m, 1h10m or 1:10:00; "
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
    pain: Annotated[
        int | None,
        typer.Option(
            min=bounds.PAIN[0],
            max=bounds.PAIN[1],
            help="Lower-back pain today, 0-10. Default: 0, or with --from-journal the latest logged in 7 days.",
            show_default=False,
        ),
    ] = None,
    condition: Annotated[
        list[Condition] | None,
        typer.Option(help="A condition to plan around (repeatable).", show_default=False),
    ] = None,
    red_flag: Annotated[
        list[str] | None,
        typer.Option(
            help="A red flag you have (repeatable): see runback show red-flags.",
            show_default=False,
            autocompletion=_complete_red_flag,
        ),
    ] = None,
    sitting_hours: Annotated[
        float | None,
        typer.Option(
            min=bounds.SITTING_HOURS[0],
            max=bounds.SITTING_HOURS[1],
            help="Hours a day spent sitting.",
            show_default=False,
        ),
    ] = None,
    has: Annotated[
        str | None,
        typer.Option(
            help="What you have, comma-separated: pool,bike,massage-ball,foam-roller,yoga-mat,...",
            show_default=False,
            autocompletion=_complete_has,
        ),
    ] = None,
    minutes: Annotated[
        int | None,
        typer.Option(
            min=bounds.DAILY_MINUTES[0],
            max=bounds.DAILY_MINUTES[1],
            help="Minutes a day for recovery work. Default: 30.",
            show_default=False,
        ),
    ] = None,
    weight: Annotated[
        str | None,
        typer.Option(
            help="Body mass, for drinking amounts: 68kg or 150lb (a bare number is kg, or lb with --units mi).",
            show_default=False,
        ),
    ] = None,
    units: UnitsOption = None,
    easy_pace: Annotated[
        str | None,
        typer.Option(
            help="Your easy pace, e.g. 5:40/km or 9:10/mi: times and distances you did not type are "
            "estimated from it. Default: the config's, or with --from-journal your easy runs' median.",
            show_default=False,
        ),
    ] = None,
    previous: Annotated[
        str | None,
        typer.Option(
            help="Last week's distance, e.g. 32k or 20mi (a bare number in --units).", show_default=False
        ),
    ] = None,
    previous_weeks: Annotated[
        str | None,
        typer.Option(help="Recent weeks' distances, oldest first, e.g. 30k,34k,31k,35k.", show_default=False),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    append_to: Annotated[
        Path | None,
        typer.Option(
            help="Put the plan into this Markdown note, replacing this week's earlier plan.",
            show_default=False,
        ),
    ] = None,
    day: Annotated[
        str | None,
        typer.Option(
            help="Show one day in full, with why each item is there: today, a day's name (mon, tues, "
            "Wednesday) or a date (its week, unless --week or --start says otherwise).",
            show_default=False,
        ),
    ] = None,
    from_journal: Annotated[
        bool,
        typer.Option(
            "--from-journal",
            help="Plan from the journal: the week's logged runs, the 4 weeks before it, the latest pain score. "
            "The plan becomes the current one (for runback go and adherence).",
        ),
    ] = False,
    hold: Annotated[
        bool,
        typer.Option(
            "--hold",
            help="With --from-journal: keep this week's levels where they are, whatever the scores say.",
        ),
    ] = False,
    override: Annotated[
        bool,
        typer.Option(
            "--override",
            help="With --from-journal: run this week as typed and move levels up a step, more than the "
            "model allows; recorded in the journal and shown in the report.",
        ),
    ] = False,
) -> None:
    """Plan a week of recovery around your runs: warm-ups, stretching, self-release, strength,
    cross-training, rest and drinks, day by day.

    Exit code 3 means: no plan, stop and see a clinician (pain 8-10 or a red flag).

    Example: runback plan mon:8k tue:45m:tempo thu:6k sat:18k:long --has pool,foam-roller
    """
    from .errors import UsageError
    from .inputs import PlanOptions

    chosen = _format(ctx, fmt, as_json, output)
    _refuse_one_file_twice(output, append_to)
    if append_to is not None and output is None and chosen is not Format.markdown and (fmt or as_json):
        raise UsageError(
            f"--append-to writes Markdown into the note, and nothing else is printed: -f {fmt or 'json'} "
            "would format nothing (add -o FILE or -o - for that format too)"
        )
    if day is not None and append_to is not None:
        raise UsageError(
            "--append-to writes the whole week into the note; --day shows one day: give one of them"
        )
    if day is not None and week is None and start is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.strip()):
        try:
            year, number, _ = dt.date.fromisoformat(day.strip()).isocalendar()
        except ValueError:
            raise UsageError(f"--day: {day!r} is not a real date") from None
        week = f"{year}-W{number:02d}"
    one_day = None
    if day is not None:  # checked before anything is planned or kept
        from .week import week_of

        one_day = _day_of(week_of(iso_week=week, start=start, today=_today()), day)
    options = PlanOptions(
        runs=tuple(runs or ()),
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
        units=units,
        easy_pace=easy_pace,
        previous=previous,
        previous_weeks=previous_weeks,
    )
    if (hold or override) and not from_journal:
        raise UsageError("--hold and --override choose for the programme: use them with --from-journal")
    if hold and override:
        raise UsageError("--hold or --override, not both")
    with _journal(ctx) if from_journal else nullcontext() as journal:
        if journal is not None and (hold or override):
            from .week import week_of

            planned_week = week_of(iso_week=week, start=start, today=_today())
            journal.add_choice(planned_week.label, "hold" if hold else "override", "", _now())
        request = _plan_request(ctx, options, journal)
        _refuse_to_overwrite_inputs(ctx, output, append_to, runs=request.runs_path)
        result = _make_plan(request)
        if journal is not None:
            _keep_plan(journal, result)
    shown = (
        result
        if one_day is None
        else result._replace(days=tuple(d for d in result.days if d.date == one_day))
    )
    if output is not None and output != STDOUT:
        _emit(shown, chosen, output, what=f"the plan for {result.week.label}")
    if append_to is not None:
        from .output import append_to_note
        from .render.markdown import plan_body

        block = "\n".join(plan_body(result, level=2))
        written = append_to_note(append_to, block, result.week.label)
        _note_links(append_to, written)
        said = (
            f"Updated {append_to}: {written.summary}"
            if written.changed
            else f"Already up to date: {append_to}"
        )
        typer.echo(said, err=True)
    if output == STDOUT or (output is None and append_to is None):
        _emit(shown, chosen)
    if result.status == "stop":
        raise typer.Exit(EXIT_STOP)


def _day_of(week: "Week", text: str) -> dt.date:
    """The day ``text`` names in ``week``: today, a day's name or a date in it."""
    from .errors import UsageError
    from .week import day_in

    try:
        date = _today() if text.strip().lower() == "today" else day_in(week, text)
    except ValueError as e:
        raise UsageError(f"--day: {e}") from None
    if date not in week:
        raise UsageError(
            f"--day: today is outside the week {week.start.isoformat()} to {week.end.isoformat()}"
        )
    return date


def _keep_plan(journal: "Journal", result: "Plan") -> None:
    """Make the plan the current one; if the journal cannot take it now, the plan is still shown."""
    from .journal import JournalBusy

    try:
        journal.keep_plan(result)
    except JournalBusy as e:
        typer.echo(f"{e}; this plan is shown but not kept as the current one", err=True)


def _refuse_to_overwrite_inputs(ctx: typer.Context, *targets: Path | None, runs: Path | None = None) -> None:
    """No output may land on what runback reads: the runs file, the catalogues (the user's and the
    bundled one), the config, the journal. (Nothing to look up when nothing is written.)"""
    files_written = [t for t in targets if t is not None and t != STDOUT]
    if not files_written:
        return
    from importlib.resources import as_file, files

    from .catalogue import BUNDLED_NAME
    from .config import config_path
    from .errors import UsageError
    from .journal import db_path
    from .output import same_file

    state: State = ctx.ensure_object(State)
    with as_file(files("runback").joinpath("data", BUNDLED_NAME)) as bundled:
        inputs = [
            p for p in (runs, state.catalogue, bundled, config_path(), db_path(state.db)) if p is not None
        ]
        for target in files_written:
            for source in inputs:
                if same_file(target, source):
                    raise UsageError(
                        f"{target} is one of runback's inputs ({source}); refusing to write over it"
                    )


def _refuse_one_file_twice(output: Path | None, append_to: Path | None) -> None:
    """``-o X --append-to X`` would write the plan and then splice it into itself."""
    from .errors import UsageError
    from .output import same_file

    if output is not None and append_to is not None and output != STDOUT and same_file(output, append_to):
        raise UsageError(f"-o and --append-to name the same file ({append_to}); give one of them")


def _note_links(path: Path, written: "Written") -> None:
    """Say so when the replaced file had other hard links: they still show the old content."""
    if written.other_links:
        links = f"{written.other_links} other hard link{'s' if written.other_links != 1 else ''}"
        typer.echo(f"Note: {path} had {links}; they keep the old content", err=True)


def _plan_request(ctx: typer.Context, options: "PlanOptions", journal: "Journal | None") -> "PlanRequest":
    """The planner's input; with a journal, planned from it (``--from-journal``)."""
    from .config import load_settings
    from .inputs import gather

    return gather(options, load_settings(), _load(ctx), _today(), journal)


def _journal(ctx: typer.Context, *, readonly: bool = False) -> "Journal":
    """The journal, opened for writing (created when missing), or ``readonly`` (never created)."""
    from .errors import RunbackError
    from .journal import NO_HOME, Journal, db_given, db_path

    state: State = ctx.ensure_object(State)
    path = db_path(state.db)
    if path is None:
        raise RunbackError(NO_HOME)
    if readonly and not path.exists() and not db_given(state.db):
        return Journal.empty()  # nothing logged yet; a journal named by --db must exist
    return Journal(path, readonly=readonly)


def _journal_if_any(ctx: typer.Context) -> "Journal | None":
    """The journal for reading, or None when there is none yet (or no home to keep one in)."""
    from .journal import db_path

    state: State = ctx.ensure_object(State)
    path = db_path(state.db)
    if path is None or not path.exists():
        return None
    return _journal(ctx, readonly=True)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _make_plan(request: "PlanRequest") -> "Plan":
    from .planner import plan as make

    return make(request.catalogue, request.week, request.profile)


# --- config -------------------------------------------------------------------------------------

config_app = typer.Typer(
    help="Your settings: conditions, equipment, minutes, weight, recent weeks.\n\nExample: runback config show",
    no_args_is_help=True,
)
app.add_typer(config_app, name="config")


@config_app.command("path")
def config_path_command() -> None:
    """Print where the config file is (or would be).

    Example: $EDITOR "$(runback config path)"
    """
    from .config import config_path

    path = config_path()
    if path is None:
        typer.echo("Error: no home directory, so no config file: set RUNBACK_CONFIG=PATH", err=True)
        raise typer.Exit(1)
    typer.echo(str(path))


@config_app.command("show")
def config_show() -> None:
    """Print the settings in the config file, in its own format.

    Example: runback config show
    """
    from .config import config_path, load_settings

    settings = load_settings()
    path = config_path()
    if path is None or not path.exists():
        where = f"at {path}" if path else "(no home directory; RUNBACK_CONFIG names one)"
        typer.echo(f"No config file {where}; runback uses its defaults.", err=True)
    sys.stdout.write(settings.as_toml())


# --- the journal: import, log, history, report ----------------------------------------------------


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="GPX, TCX or FIT files (or .gz), Strava's activities.csv, or a Strava export folder or .zip.",
            show_default=False,
        ),
    ],
    *,
    force: Annotated[
        bool,
        typer.Option("--force", help="Read every file again, even those the journal has unchanged."),
    ] = False,
) -> None:
    """Import activities from a watch or Strava into the journal. Runs go into the run log; rides,
    swims and walks count as cross-training. Importing the same files again changes nothing, and
    files the journal already has, unchanged, are not read again.

    Example: runback import ~/Downloads/export_12345678.zip
    """
    from contextlib import closing

    from .imports import Failure, Unchanged, read_changed, sources, worker_count

    found = list(sources(paths))
    workers = worker_count()
    kept = []
    unchanged = implausible = failed = 0
    # Every file is read before the journal is written: the write is one short transaction,
    # so other runbacks (log, go, plan --from-journal) never wait for a long import. An open
    # journal holds no lock until then.
    with _journal(ctx) as journal:
        known = {} if force else journal.known_files()
        outcomes = read_changed(found, known, workers=workers, today=_today())
        with _progress(len(found)) as advance, closing(outcomes):
            for outcome in outcomes:
                failure: Failure | None = None
                if isinstance(outcome, Failure):
                    failure = outcome
                elif isinstance(outcome, Unchanged):
                    unchanged += 1
                else:
                    failure = outcome.result.failure
                    for left_out in outcome.result.skipped:
                        typer.echo(f"Skipped {left_out}", err=True)
                    implausible += len(outcome.result.skipped)
                    if outcome.file is not None:
                        kept.append(outcome.file)
                if failure is not None:
                    failed += 1
                    typer.echo(f"Error: {failure}", err=True)
                advance()
        counts = journal.import_files(kept, _now())
    files = len(found)
    typer.echo(
        f"{files} file{'s' if files != 1 else ''}: {f'{unchanged} unchanged, ' if unchanged else ''}"
        f"imported {counts.added} activit{'ies' if counts.added != 1 else 'y'}, "
        f"{f'updated {counts.updated}, ' if counts.updated else ''}"
        f"{f'removed {counts.removed}, ' if counts.removed else ''}"
        f"skipped {counts.already} already in the journal{f' and {implausible} implausible' if implausible else ''}, "
        f"{failed} failed"
    )
    if failed:
        raise typer.Exit(1)


@contextmanager
def _progress(total: int) -> Iterator[Any]:
    """A progress bar on stderr for imports of many files, only when stderr is a terminal."""
    if total < 10 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Importing", total=total)
        yield lambda: progress.advance(task)


log_app = typer.Typer(
    help="Record pain, a run, or a routine done, in the journal.\n\nExample: runback log run today:10k:rpe6",
    no_args_is_help=True,
)
app.add_typer(log_app, name="log")


DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="The day: YYYY-MM-DD, mon..sun (tue, tues, Tuesday: the latest such day) or yesterday. "
        "Default: today.",
        show_default=False,
        autocompletion=_complete_day,
    ),
]


def _day(text: str | None, option: str = "--date") -> dt.date:
    """A day already begun, as ``--date`` or ``--since`` gives it; today when not given."""
    from .errors import UsageError
    from .week import day_done

    if text is None:
        return _today()
    try:
        return day_done(text, _today())
    except ValueError as e:
        raise UsageError(f"{option}: {e}") from None


class After(StrEnum):
    run = "run"
    routine = "routine"


@log_app.command("pain")
def log_pain(
    ctx: typer.Context,
    score: Annotated[
        int,
        typer.Argument(
            min=bounds.PAIN[0], max=bounds.PAIN[1], help="Lower-back pain, 0 (none) to 10 (worst)."
        ),
    ],
    *,
    date: DateOption = None,
    note: Annotated[str, typer.Option(help="A few words: what made it better or worse.")] = "",
    after: Annotated[
        After | None,
        typer.Option(help="Taken during or right after a run or a routine.", show_default=False),
    ] = None,
    morning: Annotated[
        bool,
        typer.Option("--morning", help="Taken in the morning (the next morning, after a run or routine)."),
    ] = False,
) -> None:
    """Record your lower-back pain (0-10), and when you took it: during or right after a run or a
    routine (--after), or the next morning (--morning). These are what move your programme.

    Example: runback log pain 3 --after run; runback log pain 1 --morning
    """
    from .errors import UsageError
    from .planner import pain_stop

    if after is not None and morning:
        raise UsageError(
            "--after and --morning: a score is taken after an activity or in the morning, not both"
        )
    context = after.value if after is not None else "morning" if morning else None
    day = _day(date)
    with _journal(ctx) as journal:
        journal.add_pain(day, score, note.strip(), _now(), context)
    catalogue = _load(ctx)
    when = f" ({'after a ' + context if after else context})" if context else ""
    typer.echo(f"Logged pain {score}/10 for {day.isoformat()}{when}")
    stop = pain_stop(catalogue, score)
    if stop is not None:
        typer.echo(f"{stop.text} {catalogue.notices.pointer}", err=True)


@log_app.command("test")
def log_test(
    ctx: typer.Context,
    test: Annotated[
        str,
        typer.Argument(
            help="The entry test: see 'runback plan --from-journal' after a flare.",
            autocompletion=_complete_entry_test,
        ),
    ],
    pain: Annotated[
        int, typer.Argument(min=bounds.PAIN[0], max=bounds.PAIN[1], help="The back pain it brought, 0-10.")
    ],
    *,
    date: DateOption = None,
) -> None:
    """Record an entry test before running comes back after a flare, with the pain it brought.

    Example: runback log test brisk-walk 1
    """
    from .errors import UsageError, quoted

    catalogue = _load(ctx)
    tests = {t.id: t for t in catalogue.rules.return_to_run.entry_tests}
    if test not in tests:
        raise UsageError(f"no entry test {quoted(test)}; the tests are {', '.join(tests)}")
    day = _day(date)
    with _journal(ctx) as journal:
        journal.add_test(day, test, pain, _now())
    passed = "passed" if pain <= tests[test].max_pain else f"not yet: pain above {tests[test].max_pain}/10"
    typer.echo(f"Logged {tests[test].name} for {day.isoformat()}: pain {pain}/10, {passed}")


@log_app.command("psfs")
def log_psfs(
    ctx: typer.Context,
    scores: Annotated[
        list[str],
        typer.Argument(
            help="ACTIVITY=SCORE for three to five activities you name, each 0 (unable) to 10 (as before "
            "the problem); later, the same names, or the scores alone in the same order.",
            show_default=False,
        ),
    ],
    *,
    date: DateOption = None,
) -> None:
    """Record the Patient-Specific Functional Scale (Stratford et al. 1995): how well you can do
    activities that matter to you, each 0-10. The report shows its average over time.

    Example: runback log psfs "running 10 km=4" "sitting at work=6" "tying shoes=7"
    """
    from .outcomes import parse_psfs

    day = _day(date)
    with _journal(ctx) as journal:
        pairs = parse_psfs(scores, journal.psfs_activities())
        journal.add_psfs(day, pairs, _now())
    average = sum(score for _, score in pairs) / len(pairs)
    typer.echo(f"Logged PSFS for {day.isoformat()}: {len(pairs)} activities, average {average:.1f}/10")


@log_app.command("score")
def log_score(
    ctx: typer.Context,
    instrument: Annotated[str, typer.Argument(help="The questionnaire, e.g. odi or rmdq.")],
    value: Annotated[float, typer.Argument(min=0, max=100, help="Its score, as the licensed form gives it.")],
    *,
    date: DateOption = None,
) -> None:
    """Record a score from a licensed questionnaire you filled in (such as the Oswestry Disability
    Index): runback does not include such forms, but the report shows the score, labelled as yours.

    Example: runback log score odi 22
    """
    day = _day(date)
    name = instrument.strip().lower()
    with _journal(ctx) as journal:
        journal.add_score(day, name, value, _now())
    typer.echo(f"Logged {name} {value:g} for {day.isoformat()}")


@log_app.command("run")
def log_run(
    ctx: typer.Context,
    specs: Annotated[
        list[str],
        typer.Argument(
            help="Runs as DAY[@HH:MM]:AMOUNT[:KIND][:rpeN], as in runback plan; DAY is the latest such "
            "day, and @HH:MM the time it began.",
            show_default=False,
        ),
    ],
    *,
    run_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            help="A name of your own for this run: logging it again under the same name changes nothing.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Record runs done by hand (the same spec as runback plan). Each run logged is a run: the same
    spec twice is two runs that day. A run given again with the same start time (today@07:00:10k),
    or the same --id, is the one already logged and changes nothing.

    Example: runback log run sat:18k:long yesterday@18:30:45m:tempo:rpe7
    """
    from .errors import UsageError
    from .journal import manual_runs
    from .week import parse_past_spec

    if run_id is not None and len(specs) != 1:
        raise UsageError(f"--id names one run; give one run with it, not {len(specs)}")
    if run_id is not None and not run_id.strip():
        raise UsageError("--id: give a name, e.g. --id parkrun-2026-11-28")
    runs = [parse_past_spec(spec, _today()) for spec in specs]
    activities = manual_runs(runs, run_id=run_id)
    with _journal(ctx) as journal:
        added, skipped = journal.add_activities(activities, _now())
    typer.echo(
        f"Logged {added} run{'s' if added != 1 else ''}" + (f", {skipped} already logged" if skipped else "")
    )


@log_app.command("done")
def log_done(
    ctx: typer.Context,
    what: Annotated[
        list[str] | None,
        typer.Argument(
            help="Technique ids, or 'today' for the whole of today's plan.",
            show_default=False,
            autocompletion=_complete_done,
        ),
    ] = None,
    *,
    date: DateOption = None,
    from_note: Annotated[
        Path | None,
        typer.Option(
            "--from-note",
            help="Read the ticked items of a week's plan in this Markdown note (see plan --append-to).",
            show_default=False,
        ),
    ] = None,
    week: Annotated[
        str | None,
        typer.Option(
            help="With --from-note: the week's section to read (default: this week).", show_default=False
        ),
    ] = None,
) -> None:
    """Record a routine done: technique ids, today's whole recovery block, or the items ticked in
    a note.

    Example: runback log done figure-4-stretch cat-cow
    Example: runback log done --from-note ~/notes/training.md
    """
    from .errors import UsageError

    if from_note is not None:
        if what or date is not None:
            raise UsageError("--from-note reads the days from the note; give no ids and no --date")
        _done_from_note(ctx, from_note, week)
        return
    if week is not None:
        raise UsageError("--week goes with --from-note; for one day give --date")
    if not what:
        raise UsageError("give technique ids, 'today', or --from-note NOTE.md")
    catalogue = _load(ctx)
    day = _day(date)
    if what == ["today"]:
        ids = [step.technique.id for step in _todays_routine(ctx, catalogue, day).steps]
        if not ids:
            raise UsageError(f"no routines planned for {day.isoformat()}; name the techniques you did")
    else:
        unknown = [w for w in what if catalogue.get(w) is None]
        if unknown:
            raise UsageError(f"no technique '{unknown[0]}'; see 'runback list'")
        ids = list(dict.fromkeys(what))
    with _journal(ctx) as journal:
        added = journal.add_done(day, ids, "log", _now())
    typer.echo(f"Logged {added} routine{'s' if added != 1 else ''} done on {day.isoformat()}")


def _done_from_note(ctx: typer.Context, note: Path, week_text: str | None) -> None:
    """Ticked items of the week's section become routines done (source ``note``); items unticked
    since the last read are taken back. Reading the same note twice changes nothing."""
    from .errors import RunbackError
    from .notes import ticked
    from .output import read_note, section
    from .week import week_of

    catalogue = _load(ctx)
    today = _today()
    week = week_of(iso_week=week_text, start=None, today=today)
    text = section(read_note(note), week.label)
    if text is None:
        raise RunbackError(
            f"{note}: no plan for {week.label} (write one with 'runback plan --append-to {note}')"
        )
    done, runs = ticked(text, week)
    unknown = sorted({t for _, t in done if catalogue.get(t) is None})
    later = [d for d, _ in done if d > today]
    done = [(d, t) for d, t in done if d <= today and catalogue.get(t) is not None]
    with _journal(ctx) as journal:
        added, removed = journal.sync_done(week.start, week.end, done, "note", _now())
    plural = "s" if added != 1 else ""
    said = f"Logged {added} routine{plural} done from {note} ({week.label})"
    if removed:
        said += f"; took back {removed} no longer ticked"
    if runs:
        said += (
            f"; {runs} ticked run{'s' if runs != 1 else ''} not logged (import them or use 'runback log run')"
        )
    if later:
        said += f"; {len(later)} ticked for days after today left out"
    if unknown:
        said += f"; not in the catalogue: {', '.join(unknown)}"
    typer.echo(said)


@app.command(cls=_prints(_history_view))
def history(
    ctx: typer.Context,
    *,
    weeks: Annotated[
        int | None,
        typer.Option(min=1, help="How many weeks, ending this week. Default: 12.", show_default=False),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="From the week of this day (YYYY-MM-DD) to this week.", show_default=False),
    ] = None,
    all_weeks: Annotated[
        bool, typer.Option("--all", help="Every week from the journal's first activity to this week.")
    ] = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    plot: Annotated[
        Path | None,
        typer.Option(
            help="Also draw the weeks as a chart: FILE.png or FILE.svg (needs matplotlib).",
            show_default=False,
        ),
    ] = None,
    units: UnitsOption = None,
) -> None:
    """Weekly distance, longest run, hard sessions, cross-training, pain and routines done.

    Example: runback history --since 2025-01-01 --format csv > weeks.csv
    """
    from .errors import UsageError
    from .history import DEFAULT_WEEKS, history_of

    chosen = _format(ctx, fmt, as_json)
    if sum((weeks is not None, since is not None, all_weeks)) > 1:
        raise UsageError("--weeks, --since and --all each choose the weeks: give one of them")
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"--plot: '{plot}' must end in .png or .svg")
    _refuse_to_overwrite_inputs(ctx, plot)
    catalogue = _load(ctx)
    today = _today()
    with _journal(ctx, readonly=True) as journal:
        if all_weeks:
            span = journal.activity_span()
            first = span[0] if span else today
        elif since is not None:
            first = _day(since, "--since")
        else:
            first = today - dt.timedelta(weeks=(weeks or DEFAULT_WEEKS) - 1)
        result = history_of(journal, catalogue, first, today, _units(units))
    if plot is not None:
        from .plot import plot_history

        _note_links(plot, plot_history(result, plot))
        typer.echo(f"Drew {len(result.weeks)} weeks to {plot}", err=True)
    _emit(result, chosen)


def _units(given: Units | None) -> Units:
    """The units to show: the option's, else the config's (read only when needed), else km."""
    if given is not None:
        return given
    from .config import load_settings

    return load_settings().shown_units()


@app.command(cls=_prints(_progress_view))
def progress(
    ctx: typer.Context,
    *,
    weeks: Annotated[int, typer.Option(min=1, max=104, help="How many weeks, ending this week.")] = 8,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Your programme week by week: each movement's level (up, held or down by how your back
    responded), and running's way back after a flare, with the reason for each step.

    Example: runback progress --weeks 12
    """
    from . import saved
    from .catalogue import cache_dir
    from .config import load_settings
    from .programme import progress as progress_of
    from .programme import weeks_to

    chosen = _format(ctx, fmt, as_json)
    catalogue = _load(ctx)
    conditions = tuple(load_settings().conditions)
    span = weeks_to(_today(), weeks)
    with _journal(ctx, readonly=True) as journal:
        result = saved.load(catalogue, journal, span[-1], _today(), conditions, cache_dir(), until=_today(),
                            begin=span[0])  # fmt: skip
    _emit(progress_of(catalogue, result, span), chosen)


@app.command(cls=_prints(_report_view, default=Format.markdown))
def report(
    ctx: typer.Context,
    *,
    weeks: Annotated[int, typer.Option(min=1, max=52, help="How many weeks, ending this week.")] = 6,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    units: UnitsOption = None,
) -> None:
    """A one-page summary to take to a GP or physiotherapist: pain and the PSFS against load, their
    trends against the noise, next-day pain after load, the programme, questionnaire scores, load
    by week and the flags raised. With -o FILE.md and matplotlib, a picture of the chart beside it.

    Example: runback report -o back-report.html
    """
    from .config import load_settings
    from .history import report_of

    chosen = _format(ctx, fmt, as_json, output)
    picture = (
        output.with_name(f"{output.stem}-chart.png")
        if output is not None and output != STDOUT and chosen is Format.markdown
        else None
    )
    _refuse_to_overwrite_inputs(ctx, output, picture)
    catalogue = _load(ctx)
    settings = load_settings()
    with _journal(ctx, readonly=True) as journal:
        result = report_of(
            journal,
            catalogue,
            _today(),
            weeks,
            tuple(settings.conditions),
            units=settings.shown_units(units),
        )
    drawn = None
    if picture is not None:
        from .plot import report_png

        drawn = report_png(result)
        if drawn is not None:
            result = result._replace(chart_file=picture.name)
    _emit(result, chosen, output, what="the report")
    if picture is not None and drawn is not None:  # after the report: a refused report draws nothing
        from .output import write_atomic_bytes

        _note_links(picture, write_atomic_bytes(picture, drawn))
        typer.echo(f"Drew the chart to {picture}", err=True)


# --- go -----------------------------------------------------------------------------------------


@app.command(cls=_prints(_routine_view))
def go(
    ctx: typer.Context,
    what: Annotated[
        list[str] | None,
        typer.Argument(
            help="'today' (the default: today's recovery block), a routine (pre-run, warm-up, post-run, "
            "after-long-run, strength, rest-day, acute-flare), or technique ids.",
            show_default=False,
            autocompletion=_complete_go,
        ),
    ] = None,
    *,
    slot: Annotated[
        str | None,
        typer.Option(
            help="A routine by name, as the argument can give it.",
            show_default=False,
            autocompletion=_complete_routine,
        ),
    ] = None,
    no_timer: Annotated[
        bool, typer.Option("--no-timer", help="Print the routine as a checklist instead of timing it.")
    ] = False,
    bell: Annotated[bool, typer.Option(help="Ring the terminal bell at each change.")] = True,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Walk through a routine in the terminal, technique by technique, with a countdown for each
    hold, set, side and rest. Keys: space pauses, n skips, b goes back, q quits. What was done goes
    into the journal. When output is not a terminal (or --no-timer or --format is given), prints the
    routine as a checklist.

    Example: runback go post-run
    """
    from .errors import UsageError

    chosen = _format(ctx, fmt, as_json)
    catalogue = _load(ctx)
    words = list(what or [])
    if slot is not None:
        if words:
            raise UsageError("give a routine as the argument or with --slot, not both")
        words = [slot]
    words = words or ["today"]
    from .planner import pain_stop

    pain = _latest_pain(ctx)
    rules = catalogue.rules
    stop = pain_stop(catalogue, pain) if pain is not None else None
    if stop is not None:
        typer.echo(stop.text)
        typer.echo(catalogue.notices.pointer)
        raise typer.Exit(EXIT_STOP)
    if pain is not None and pain >= rules.pain_no_running and words[0] in ("pre-run", "warm-up"):
        typer.echo(f"Your latest back pain is {pain}/10: no running for now; try 'runback go acute-flare'.",
                   err=True)  # fmt: skip
    for reminder in _reminders(ctx, catalogue):
        typer.echo(reminder, err=True)
    routine = _routine(ctx, catalogue, words, _today())
    if not routine.steps:
        typer.echo(f"Nothing to do for {routine.title.lower()}: no timed routine.", err=True)
        return
    if no_timer or fmt is not None or as_json or not _interactive():
        _emit(routine, chosen)
        return
    from .session import run_in_terminal

    outcome = run_in_terminal(routine, bell=bell)
    pain = outcome.pain
    recorded = _record_session(ctx, outcome.done, routine.planned) if outcome.done else "nothing recorded"
    if pain is not None:
        with _journal(ctx) as journal:
            journal.add_pain(_today(), pain, "", _now(), "routine")
    notes = ["stopped early"] if outcome.quit else []
    notes.append(recorded)
    typer.echo(f"{routine.title}: {len(outcome.done)} of {len(routine.steps)} done ({'; '.join(notes)})")
    if outcome.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)


def _record_session(ctx: typer.Context, done: tuple[str, ...], planned: bool) -> str:
    """Put what a session did into the journal; when the journal cannot take it (busy, read-only,
    a full disk), keep it beside the journal for the next write, and say where."""
    from .errors import RunbackError
    from .journal import JournalBusy, db_path, keep_for_later

    try:
        with _journal(ctx) as journal:
            journal.add_done(_today(), done, "go", _now(), planned=planned)
    except JournalBusy as e:
        path = db_path(ctx.ensure_object(State).db)
        assert path is not None  # a JournalBusy journal has a path
        try:
            kept = keep_for_later(path, _today(), done, "go", _now(), planned=planned)
        except OSError:
            typer.echo(f"Error: {e}", err=True)
            typer.echo(f"To record it later: runback log done {' '.join(done)} --date {_today()}", err=True)
            return "not recorded"
        typer.echo(f"{e}. What you did is kept in {kept} and goes into the journal next time.", err=True)
        return "kept for the journal"
    except RunbackError as e:
        typer.echo(f"Error: {e}", err=True)
        typer.echo(f"To record it later: runback log done {' '.join(done)} --date {_today()}", err=True)
        return "not recorded"
    return "recorded in the journal"


def _reminders(ctx: typer.Context, catalogue: "Catalogue") -> tuple[str, ...]:
    """The morning after a logged run or routine, a reminder to log the morning's pain."""
    from .programme import reminders

    journal = _journal_if_any(ctx)
    if journal is None:
        return ()
    with journal:
        rows = journal.programme_rows(_today(), since=_today() - dt.timedelta(days=1))
        return reminders(catalogue, rows, _today())


def _latest_pain(ctx: typer.Context) -> int | None:
    """The latest pain score logged in the past week, as plan --from-journal reads it."""
    from .inputs import PAIN_DAYS

    journal = _journal_if_any(ctx)
    if journal is None:
        return None
    with journal:
        latest = journal.latest_pain(_today(), within_days=PAIN_DAYS)
    return latest.score if latest else None


def _interactive() -> bool:
    """A session needs a terminal to draw on and keys to read."""
    return sys.stdout.isatty() and sys.stdin.isatty()


def _routine(ctx: typer.Context, catalogue: "Catalogue", words: list[str], day: dt.date) -> "Routine":
    """The routine ``words`` name (``today`` is ``day``'s), for the runner in the config file;
    what is left out for their conditions is said on stderr."""
    from .config import load_settings
    from .planner import Profile
    from .routine import select

    settings = load_settings()
    profile = Profile(
        today=day, conditions=tuple(sorted(set(settings.conditions))), equipment=tuple(settings.has),
        minutes=settings.minutes, sitting_hours=settings.sitting_hours or 0.0,
    )  # fmt: skip
    choice = select(catalogue, words, profile, lambda: _planned_routines(ctx, day), settings.get_ready)
    for reason in choice.left_out:
        typer.echo(f"Left out {reason}", err=True)
    return choice.routine


def _todays_routine(ctx: typer.Context, catalogue: "Catalogue", day: dt.date) -> "Routine":
    """``day``'s recovery routine: what ``runback go today`` walks through and ``runback log done
    today`` records, the one answer to "what is today's plan"."""
    return _routine(ctx, catalogue, ["today"], day)


def _planned_routines(ctx: typer.Context, day: dt.date) -> list[tuple[str, str]]:
    """``day``'s routines (technique, dose level) from the current plan, else from a plan of that
    day's week made from the journal."""
    from .inputs import PlanOptions

    journal = _journal_if_any(ctx)
    with journal if journal is not None else nullcontext():
        planned = [(item.technique, item.level) for item in journal.planned(day, day)] if journal else []
        if planned:
            return planned
        year, week, _ = day.isocalendar()
        result = _make_plan(_plan_request(ctx, PlanOptions(week=f"{year}-W{week:02d}"), journal))
    return [(item.technique, item.level) for d in result.days if d.date == day for item in d.routines]
