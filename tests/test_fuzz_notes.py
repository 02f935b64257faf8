"""Whatever a note holds, ``plan --append-to`` either edits only this week's section (and a second run
changes nothing) or refuses with one line and leaves every byte of the note as it was."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from runback.cli import app
from runback.output import markers

KEY = "2026-W48"
START, END = markers(KEY)
OTHER_START, OTHER_END = markers("2026-W47")
FRAGMENTS = [START, END, OTHER_START, OTHER_END, START[:-4], END[:-1], START + "\r\n"]
LINE_ENDS_AND_TEXT = ["\r\n", "\n", "\r", "\ufeff", "# Notes\n", " "]
PIECES = st.one_of(st.sampled_from(FRAGMENTS + LINE_ENDS_AND_TEXT), st.text(max_size=20))
NOTES = st.lists(PIECES, max_size=12).map("".join)


def append(runner: CliRunner, note: Path):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["plan", "mon:8k", "--week", KEY, "--append-to", str(note)])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=NOTES)
def test_append_to_any_note(runner: CliRunner, text: str) -> None:
    before = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        note = Path(folder) / "note.md"
        note.write_bytes(before)
        result = append(runner, note)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code in (0, 1), result.output
        after = note.read_bytes()
        starts, ends = text.count(START), text.count(END)
        paired = starts == ends == 1 and text.find(START) < text.find(END)
        if result.exit_code == 1:
            assert after == before
            assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("Error: the note has")
            assert not paired and (starts or ends)
            return
        assert paired or starts == ends == 0
        new = after.decode("utf-8")
        if paired:
            head, tail = text[: text.find(START)], text[text.find(END) + len(END) :]
        else:
            head, tail = text, ""
        assert new.startswith(head) and new.endswith(tail)
        section = new[len(head) : len(new) - len(tail)]
        assert section.strip("\r\n").startswith(START) and section.rstrip("\r\n").endswith(END)
        assert paired or section[: section.find(START)].strip("\r\n") == ""
        again = append(runner, note)
        assert again.exit_code == 0 and "Already up to date" in again.stderr
        assert note.read_bytes() == after
