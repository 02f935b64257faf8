"""The terminal side of ``runback go``: keys read one at a time, a live countdown drawn by rich on
the alternate screen, a bell at each change, and the terminal always put back as it was."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from .routine import Outcome, Phase, Routine, Status, run

KEYS_HELP = "space pause · n skip · b back · q quit"


class MonotonicClock:
    def now(self) -> float:
        return time.monotonic()


class TerminalKeys:
    """Single key presses from the terminal, without echo or Enter (cbreak mode on POSIX)."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stdin

    def read(self, timeout: float) -> str | None:
        if os.name == "nt":  # pragma: no cover - exercised on Windows only
            return _read_windows(timeout)
        import select

        ready, _, _ = select.select([self.stream], [], [], timeout)
        if not ready:
            return None
        data = os.read(self.stream.fileno(), 1)
        return data.decode("utf-8", "replace") if data else None


def _read_windows(timeout: float) -> str | None:  # pragma: no cover - exercised on Windows only
    import msvcrt

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if msvcrt.kbhit():  # type: ignore[attr-defined]
            return str(msvcrt.getwch())  # type: ignore[attr-defined]
        time.sleep(0.02)
    return None


@contextmanager
def raw_terminal(stream: Any = None) -> Iterator[None]:
    """Keys without Enter and without echo, for the block; the old settings come back on any exit,
    and SIGTERM or SIGHUP end the session the way Ctrl-C does."""
    stream = stream or sys.stdin
    handlers = {sig: signal.getsignal(sig) for sig in _stop_signals()}

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    for sig in handlers:
        signal.signal(sig, stop)
    saved = None
    if os.name != "nt" and stream.isatty():
        import termios
        import tty

        fd = stream.fileno()
        saved = termios.tcgetattr(fd)
        tty.setcbreak(fd)
    try:
        yield
    finally:
        if saved is not None:
            import termios

            termios.tcsetattr(stream.fileno(), termios.TCSADRAIN, saved)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def _stop_signals() -> list[int]:
    return [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None]


def run_in_terminal(routine: Routine, *, bell: bool = True) -> Outcome:
    """Run the routine on the terminal: a live screen, keys, and a bell at each change."""
    from rich.console import Console
    from rich.live import Live

    console = Console()

    def changed(phase: Phase) -> None:
        if bell:
            console.bell()

    with raw_terminal(), Live(console=console, screen=True, auto_refresh=False, transient=True) as live:

        def show(status: Status) -> None:
            live.update(screen(routine, status), refresh=True)

        outcome = run(routine, MonotonicClock(), TerminalKeys(), show, changed)
    return outcome._replace(pain=ask_pain()) if outcome.done and not outcome.interrupted else outcome


def screen(routine: Routine, status: Status) -> Any:
    """What the live screen shows for a status."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.progress_bar import ProgressBar
    from rich.text import Text

    total = len(routine.steps)
    if status.step >= total:
        return Panel(Text(f"Done: {len(status.done)} of {total}", style="bold green"), title=routine.title)
    current = routine.steps[status.step]
    phase = current.phases[status.phase]
    minutes, seconds = divmod(max(0, int(status.remaining + 0.999)), 60)
    clock = Text(f"{minutes:02d}:{seconds:02d}", style="bold red" if status.paused else "bold")
    bar = ProgressBar(total=phase.seconds, completed=max(0.0, phase.seconds - status.remaining), width=40)
    upcoming = routine.steps[status.step + 1].technique.name if status.step + 1 < total else "the end"
    body = Group(
        Text.assemble((current.technique.name, "bold underline"), f"   {current.dose}"),
        Text(phase.label, style="bold cyan" if phase.kind == "work" else "yellow"),
        Text.assemble(clock, ("   PAUSED" if status.paused else "", "bold red")),
        bar,
        Text(KEYS_HELP, style="dim"),
        Text(f"Next: {upcoming}", style="dim"),
        Text(""),
        Text("\n".join(f"{i}. {s}" for i, s in enumerate(current.technique.steps, 1))),
    )
    return Panel(body, title=f"{routine.title}: {status.step + 1} of {total}", title_align="left")


PAIN_PROMPT = "Your back pain right now, 0-9 (Enter to skip): "


def ask_pain(keys: Any = None, stream: Any = None) -> int | None:
    """One key for the back's pain at the end of a session (0-9), or None when skipped; the
    score goes into the journal as taken right after a routine."""
    keys = keys or TerminalKeys()
    out = stream or sys.stderr
    out.write(PAIN_PROMPT)
    out.flush()
    with raw_terminal():
        key = keys.read(60.0)
    out.write("\n")
    return int(key) if key is not None and key.isdigit() else None
