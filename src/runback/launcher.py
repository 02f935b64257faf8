"""The ``runback`` command (and ``python -m runback``).

Shell completion starts runback on every press of Tab, so its questions are answered here before
the framework loads: ``runback.completion`` gives Typer's answer for bash, zsh and fish from an
index in the cache. Everything else, completion scripts and the answers the index cannot give
included, goes to the Typer app in ``runback.cli``. Only ``os`` and ``sys`` are imported first.
"""

import os
import sys

PROG = "runback"
COMPLETE_VAR = "_RUNBACK_COMPLETE"  # Typer's protocol: _{PROG}_COMPLETE=complete_zsh and so on
FAST_SHELLS = ("bash", "zsh", "fish")
# Typer renders help texts for zsh and fish through rich, which wraps them at the terminal's
# width: fish then takes each wrapped line for a candidate of its own. Completion answers are
# not laid out by runback, so nothing is wrapped (the same for the index's answers and Typer's).
NO_WRAP = "100000"
SHELL_OPTIONS = ("--show-completion", "--install-completion")


def main() -> None:
    """Run runback: a completion answer from the index when there is one, else the Typer app."""
    instruction = os.environ.get(COMPLETE_VAR, "")
    if instruction.startswith("complete_"):
        os.environ["TERMINAL_WIDTH"] = NO_WRAP
        shell = instruction.removeprefix("complete_")
        if shell in FAST_SHELLS:
            answer = _fast_answer(shell)
            if answer is not None:
                sys.stdout.write(answer[0])
                sys.stdout.flush()
                sys.exit(answer[1])
    elif not instruction:
        named = _named_shell(sys.argv[1:])
        if named is not None:
            sys.exit(_completion_for(*named))
    from .cli import app

    app(prog_name=PROG)


def _fast_answer(shell: str) -> tuple[str, int] | None:
    """The index's answer, or None for Typer's. Completion must never print an error into the
    user's command line, so anything unexpected leaves the answer to Typer."""
    try:
        from .completion import respond

        return respond(shell, os.environ)
    except Exception:
        return None


def _named_shell(args: list[str]) -> tuple[str, str] | None:
    """``--show-completion zsh`` or ``--install-completion=fish``: the option and the shell named.
    Typer's options take no value and answer for the shell they detect, whatever was typed."""
    if len(args) == 1 and args[0].partition("=")[0] in SHELL_OPTIONS and "=" in args[0]:
        option, _, shell = args[0].partition("=")
        return option, shell
    if len(args) == 2 and args[0] in SHELL_OPTIONS and not args[1].startswith("-"):
        return args[0], args[1]
    return None


def _completion_for(option: str, shell: str) -> int:
    """Print the completion script for the shell named, or install it, as Typer's options do for
    the shell they detect; the exit code."""
    import typer
    from typer._completion_shared import get_completion_script, install

    try:
        if option == "--show-completion":
            typer.echo(get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell))
            return 0
        installed, path = install(shell=shell, prog_name=PROG, complete_var=COMPLETE_VAR)
    except typer.Exit as e:  # a shell Typer does not support: it has said so
        return e.exit_code
    except OSError as e:
        typer.echo(f"Error: cannot install completion for {shell}: {e}", err=True)
        return 1
    typer.secho(f"{installed} completion installed in {path}", fg="green")
    typer.echo("Completion will take effect once you restart the terminal")
    return 0
