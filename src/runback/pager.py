"""Long output on a terminal goes through a pager, as git and jrnl do it.

``RUNBACK_PAGER``, else ``PAGER``, else ``less``; an empty value or ``cat`` means no pager. Like
git, ``less`` gets ``LESS=FRX`` unless the runner set ``LESS``: it quits at once when the text
fits one screen (F), keeps colours (R) and leaves the text on the screen when it ends (X).
Output that is piped or written to a file is never paged; ``runback --no-pager`` turns it off.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Mapping


def command(env: Mapping[str, str]) -> list[str] | None:
    """The pager to run, split as a shell would; None for none."""
    chosen = env.get("RUNBACK_PAGER", env.get("PAGER", "less")).strip()
    try:
        words = shlex.split(chosen)
    except ValueError:
        return None
    return None if not words or words == ["cat"] else words


def rows(text: str, width: int) -> int:
    """The screen rows ``text`` takes on a terminal ``width`` columns wide, long lines wrapped
    (colour codes counted as characters: at worst a text that just fits is paged, and ``less -F``
    then quits at once)."""
    return sum(1 + (len(line) - 1) // max(width, 1) if line else 1 for line in text.splitlines())


def wanted(lines: int, height: int, *, terminal: bool, off: bool) -> bool:
    """Page only on a terminal, unless turned off, and only what does not fit on one screen."""
    return terminal and not off and lines >= height


def page(text: str, env: Mapping[str, str] | None = None) -> bool:
    """Show ``text`` through the pager; False when there is none or it cannot be started (the
    caller then prints the text itself). Quitting the pager early is not an error."""
    env = dict(os.environ if env is None else env)
    words = command(env)
    if words is None:
        return False
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    encoding = sys.stdout.encoding or "utf-8"
    errors = getattr(sys.stdout, "errors", None) or "replace"
    try:
        process = subprocess.Popen(words, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode(encoding, errors))
        process.stdin.close()
    except BrokenPipeError:  # the runner quit the pager before the end
        pass
    while True:
        try:
            process.wait()
            return True
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager (less uses it); wait for it to end
            continue
