"""runback's command line: parse options, call the core, print the result, set the exit code.

Only typer and the standard library are imported here at start-up; each command imports what it
needs, so ``runback --version`` and shell completion stay quick. (No ``from __future__ import
annotations`` here: Typer would have to evaluate every annotation string on every start.)
"""

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from . import __version__, bounds
from .render import Format, HistoryFormat, PlanFormat, ReportFormat
from .vocab import Category, Condition, Slot, Target

if TYPE_CHECKING:
    from .inputs import PlanOptions, PlanRequest
    from .journal import Journal
    from .models import Catalogue
    from .output import Written
    from .planner import Plan
    from .render import AnyFormat
    from .routine import Routine

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
    db: Path | None = None


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
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="RUNBACK_DB",
            help="The training journal (SQLite). Default: runback's data directory.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Recovery planning for runners with a sore lower back."""
    _plain_where_needed()
    ctx.obj = State(catalogue=catalogue, db=db)


ASCII_LOOKALIKES = {
    "•": "*", "·": "-", "█": "#", "→": "->", "←": "<-", "—": "-", "–": "-", "‘": "'", "’": "'",
    "“": '"', "”": '"', "…": "...", "×": "x", "≥": ">=", "≤": "<=", "±": "+/-", "°": " deg", "−": "-",
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


F = TypeVar("F", Format, PlanFormat, HistoryFormat)


def _on_terminal(formats: type[F]) -> F:
    """The default format: a table on a terminal, plain text when piped."""
    return formats("table") if sys.stdout.isatty() else formats("text")


def _resolve(fmt: Format | None, as_json: bool) -> Format:
    if as_json:
        return Format.json
    return fmt if fmt is not None else _on_terminal(Format)


def _emit(view: Any, fmt: "AnyFormat") -> None:
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
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file (atomically), or - for stdout.", show_default=False
    ),
]
STDOUT = Path("-")


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
EXIT_INTERRUPTED = 130  # 128 + SIGINT: the shell's convention for Ctrl-C


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
            help="A red flag you have (repeatable): see runback show red-flags.", show_default=False
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
        float | None,
        typer.Option(
            min=bounds.WEIGHT_KG[0],
            max=bounds.WEIGHT_KG[1],
            help="Body mass in kg, for drinking amounts.",
            show_default=False,
        ),
    ] = None,
    previous: Annotated[
        str | None, typer.Option(help="Last week's distance, e.g. 32k.", show_default=False)
    ] = None,
    previous_weeks: Annotated[
        str | None,
        typer.Option(help="Recent weeks' distances, oldest first, e.g. 30k,34k,31k,35k.", show_default=False),
    ] = None,
    fmt: PlanFormatOption = None,
    output: OutputOption = None,
    append_to: Annotated[
        Path | None,
        typer.Option(
            help="Put the plan into this Markdown note, replacing this week's earlier plan.",
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
    with _errors():
        from .inputs import PlanOptions

        _refuse_one_file_twice(output, append_to)
        to_stdout = output == STDOUT or (output is None and append_to is None)
        output = None if output == STDOUT else output
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
            previous=previous,
            previous_weeks=previous_weeks,
        )
        if (hold or override) and not from_journal:
            from .errors import UsageError

            raise UsageError("--hold and --override choose for the programme: use them with --from-journal")
        if hold and override:
            from .errors import UsageError

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
        chosen = _plan_format(fmt, output)
        if output is not None:
            from .output import write_atomic

            _note_links(output, write_atomic(output, _as_text(result, chosen)))
            typer.echo(f"Wrote the plan for {result.week.label} to {output}", err=True)
        if append_to is not None:
            from .output import append_to_note
            from .render.markdown import plan_body

            block = "\n".join(plan_body(result, level=2))
            written = append_to_note(append_to, block, result.week.label)
            _note_links(append_to, written)
            typer.echo(f"{'Updated' if written.changed else 'Already up to date:'} {append_to}", err=True)
        if to_stdout:
            _emit(result, chosen)
    if result.status == "stop":
        raise typer.Exit(EXIT_STOP)


def _keep_plan(journal: "Journal", result: "Plan") -> None:
    """Make the plan the current one; if the journal cannot take it now, the plan is still shown."""
    from .journal import JournalBusy

    try:
        journal.keep_plan(result)
    except JournalBusy as e:
        typer.echo(f"{e}; this plan is shown but not kept as the current one", err=True)


def _refuse_to_overwrite_inputs(ctx: typer.Context, *targets: Path | None, runs: Path | None = None) -> None:
    """No output may land on what runback reads: the runs file, the catalogues (the user's and the
    bundled one), the config, the journal."""
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
        for target in targets:
            for source in inputs:
                if target is not None and target != STDOUT and same_file(target, source):
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


def _plan_format(fmt: PlanFormat | None, output: Path | None) -> PlanFormat:
    if fmt is not None:
        return fmt
    if output is not None:
        return PlanFormat(_SUFFIX_FORMATS.get(output.suffix.lower(), "text"))
    return _on_terminal(PlanFormat)


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
    help="Your settings: conditions, equipment, minutes, weight, recent weeks.", no_args_is_help=True
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

    with _errors():
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

    with _errors():
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


log_app = typer.Typer(help="Record pain, a run, or a routine done, in the journal.", no_args_is_help=True)
app.add_typer(log_app, name="log")


DateOption = Annotated[
    str | None, typer.Option("--date", help="The day: YYYY-MM-DD, mon..sun or yesterday. Default: today.")
]


def _day(text: str | None) -> dt.date:
    from .errors import UsageError
    from .week import day_done

    if text is None:
        return _today()
    try:
        return day_done(text, _today())
    except ValueError as e:
        raise UsageError(f"--date: {e}") from None


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

    with _errors():
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
        str, typer.Argument(help="The entry test: see 'runback plan --from-journal' after a flare.")
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

    with _errors():
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

    with _errors():
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
    with _errors():
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
            help="Runs as DAY:AMOUNT[:KIND][:rpeN], as in runback plan; DAY is the latest such day.",
            show_default=False,
        ),
    ],
) -> None:
    """Record runs done by hand (the same spec as runback plan). Logging the same runs again
    changes nothing; to log two equal runs on one day, give both in one command.

    Example: runback log run sat:18k:long yesterday:45m:tempo
    """
    from .journal import manual_runs
    from .week import parse_past_spec

    with _errors():
        activities = manual_runs(parse_past_spec(spec, _today()) for spec in specs)
        with _journal(ctx) as journal:
            added, skipped = journal.add_activities(activities, _now())
    typer.echo(
        f"Logged {added} run{'s' if added != 1 else ''}" + (f", {skipped} already logged" if skipped else "")
    )


@log_app.command("done")
def log_done(
    ctx: typer.Context,
    what: Annotated[
        list[str],
        typer.Argument(help="Technique ids, or 'today' for the whole of today's plan.", show_default=False),
    ],
    *,
    date: DateOption = None,
) -> None:
    """Record a routine done: technique ids, or today's whole recovery block.

    Example: runback log done figure-4-stretch cat-cow
    """
    from .errors import UsageError

    with _errors():
        catalogue = _load(ctx)
        day = _day(date)
        with _journal(ctx) as journal:
            if what == ["today"]:
                ids = [item.technique for item in journal.planned(day, day)]
                if not ids:
                    raise UsageError(
                        f"no plan for {day.isoformat()}: run 'runback plan --from-journal' first"
                    )
            else:
                unknown = [w for w in what if catalogue.get(w) is None]
                if unknown:
                    raise UsageError(f"no technique '{unknown[0]}'; see 'runback list'")
                ids = list(dict.fromkeys(what))
            added = journal.add_done(day, ids, "log", _now())
    typer.echo(f"Logged {added} routine{'s' if added != 1 else ''} done on {day.isoformat()}")


@app.command()
def history(
    ctx: typer.Context,
    *,
    weeks: Annotated[int, typer.Option(min=1, max=520, help="How many weeks, ending this week.")] = 12,
    fmt: Annotated[
        HistoryFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format. Default: table on a terminal, text when piped.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option(
            help="Also draw the weeks as a chart: FILE.png or FILE.svg (needs runback[plot]).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Weekly distance, longest run, hard sessions, cross-training, pain and routines done.

    Example: runback history --weeks 26 --format csv > weeks.csv
    """
    from .history import history_of

    with _errors():
        if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
            from .errors import UsageError

            raise UsageError(f"--plot: '{plot}' must end in .png or .svg")
        _refuse_to_overwrite_inputs(ctx, plot)
        catalogue = _load(ctx)
        with _journal(ctx, readonly=True) as journal:
            result = history_of(journal, catalogue, _today(), weeks)
        if plot is not None:
            from .plot import plot_history

            _note_links(plot, plot_history(result, plot))
            typer.echo(f"Drew {len(result.weeks)} weeks to {plot}", err=True)
        chosen = fmt or _on_terminal(HistoryFormat)
        _emit(result, chosen)


@app.command()
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

    with _errors():
        catalogue = _load(ctx)
        conditions = tuple(load_settings().conditions)
        span = weeks_to(_today(), weeks)
        with _journal(ctx, readonly=True) as journal:
            result = saved.load(catalogue, journal, span[-1], _today(), conditions, cache_dir(), until=_today(),
                                begin=span[0])  # fmt: skip
        _emit(progress_of(catalogue, result, span), _resolve(fmt, as_json))


@app.command()
def report(
    ctx: typer.Context,
    *,
    weeks: Annotated[int, typer.Option(min=1, max=52, help="How many weeks, ending this week.")] = 6,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = ReportFormat.markdown,
    output: OutputOption = None,
) -> None:
    """A one-page summary to take to a GP or physiotherapist: pain and the PSFS against load, their
    trends against the noise, next-day pain after load, the programme, questionnaire scores, load
    by week and the flags raised. With -o FILE.md and runback[plot], a picture of the chart beside it.

    Example: runback report --format html -o back-report.html
    """
    from .config import load_settings
    from .history import report_of
    from .render import render

    with _errors():
        picture = (
            output.with_name(f"{output.stem}-chart.png")
            if output is not None and output != STDOUT and fmt == ReportFormat.markdown
            else None
        )
        _refuse_to_overwrite_inputs(ctx, output, picture)
        catalogue = _load(ctx)
        conditions = tuple(load_settings().conditions)
        with _journal(ctx, readonly=True) as journal:
            result = report_of(journal, catalogue, _today(), weeks, conditions)
        drawn = None
        if picture is not None:
            from .plot import report_png

            drawn = report_png(result)
            if drawn is not None:
                result = result._replace(chart_file=picture.name)
        text = render(result, fmt)
        if output is not None and output != STDOUT:
            from .output import write_atomic, write_atomic_bytes

            _note_links(output, write_atomic(output, text))
            typer.echo(f"Wrote the report to {output}", err=True)
            if picture is not None and drawn is not None:  # after the report: a refused report draws nothing
                _note_links(picture, write_atomic_bytes(picture, drawn))
                typer.echo(f"Drew the chart to {picture}", err=True)
        else:
            sys.stdout.write(text)


# --- go -----------------------------------------------------------------------------------------


@app.command()
def go(
    ctx: typer.Context,
    what: Annotated[
        list[str] | None,
        typer.Argument(
            help="'today' (the default: today's recovery block), a routine (pre-run, warm-up, post-run, "
            "after-long-run, strength, rest-day, acute-flare), or technique ids.",
            show_default=False,
        ),
    ] = None,
    *,
    slot: Annotated[
        str | None, typer.Option(help="A routine by name, as the argument can give it.", show_default=False)
    ] = None,
    no_timer: Annotated[
        bool, typer.Option("--no-timer", help="Print the routine as a checklist instead of timing it.")
    ] = False,
    bell: Annotated[bool, typer.Option(help="Ring the terminal bell at each change.")] = True,
) -> None:
    """Walk through a routine in the terminal, technique by technique, with a countdown for each
    hold, set, side and rest. Keys: space pauses, n skips, b goes back, q quits. What was done goes
    into the journal. When output is not a terminal, prints the routine as a checklist.

    Example: runback go post-run
    """
    from .errors import UsageError

    with _errors():
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
        routine = _routine(ctx, catalogue, words)
        if not routine.steps:
            typer.echo(f"Nothing to do for {routine.title.lower()}: no timed routine.", err=True)
            return
        if no_timer or not _interactive():
            _emit(routine, Format.text)
            return
        from .session import run_in_terminal

        outcome = run_in_terminal(routine, bell=bell)
        pain = outcome.pain
    recorded = _record_session(ctx, outcome.done, routine.planned) if outcome.done else "nothing recorded"
    if pain is not None:
        with _errors(), _journal(ctx) as journal:
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


def _routine(ctx: typer.Context, catalogue: "Catalogue", words: list[str]) -> "Routine":
    from .config import load_settings
    from .planner import Profile
    from .routine import select

    settings = load_settings()
    profile = Profile(
        today=_today(), conditions=tuple(sorted(set(settings.conditions))), equipment=tuple(settings.has),
        minutes=settings.minutes, sitting_hours=settings.sitting_hours or 0.0,
    )  # fmt: skip
    choice = select(catalogue, words, profile, lambda: _today_choices(ctx), settings.get_ready)
    for reason in choice.left_out:
        typer.echo(f"Left out {reason}", err=True)
    return choice.routine


def _today_choices(ctx: typer.Context) -> list[tuple[str, str]]:
    """Today's routines (technique, dose level) from the current plan, else from a plan of this
    week made from the journal."""
    from .inputs import PlanOptions

    today = _today()
    journal = _journal_if_any(ctx)
    with journal if journal is not None else nullcontext():
        planned = [(item.technique, item.level) for item in journal.planned(today, today)] if journal else []
        if planned:
            return planned
        result = _make_plan(_plan_request(ctx, PlanOptions(), journal))
    return [(item.technique, item.level) for day in result.days if day.date == today for item in day.routines]
