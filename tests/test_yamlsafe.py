"""The strict YAML reader: every trap YAML 1.1 sets, refused with its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from runback.errors import DataError
from runback.yamlsafe import load, locate, read_text


def problems(text: str) -> list[str]:
    with pytest.raises(DataError) as info:
        load(text, "f.yaml")
    return info.value.lines


def test_plain_values_and_positions() -> None:
    value, positions = load("a: 1\nb:\n  - x\n  - 2.5\nc: true\nd: ~\ne: 2026-11-23\n", "f.yaml")
    assert value == {"a": 1, "b": ["x", 2.5], "c": True, "d": None, "e": "2026-11-23"}
    assert positions[("a",)] == (1, 4)
    assert positions[("b", 1)] == (4, 5)
    assert locate(positions, ("b", 7, "missing")) == (2, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("time: 1:30:00\n", "f.yaml:1:7: time: '1:30:00' would be read as the number 5400 (base 60)"),
        ("pace: 4:30\n", "'4:30' would be read as the number 270 (base 60)"),
        ("ok: no\n", "f.yaml:1:5: ok: 'no' would be read as a yes/no value"),
        ("ok: On\n", "'On' would be read as a yes/no value"),
        ("n: 010\n", "'010' would be read as an octal number"),
        ("n: 0x1F\n", "is a hexadecimal or binary number"),
        ("n: 1_000\n", "has an underscore inside a number"),
        ("n: .nan\n", "'.nan' is not a finite number"),
        ("n: -.inf\n", "'-.inf' is not a finite number"),
    ],
)
def test_yaml_11_traps_are_refused(text: str, expected: str) -> None:
    (line,) = problems(text)
    assert expected in line


def test_quoted_values_stay_text() -> None:
    value, _ = load("a: '1:30:00'\nb: \"no\"\nc: '010'\n", "f.yaml")
    assert value == {"a": "1:30:00", "b": "no", "c": "010"}


def test_every_problem_is_reported_once_per_line() -> None:
    lines = problems("a: no\nb: 1:30\nc: ok\nd: off\n")
    assert [line.split(":")[1] for line in lines] == ["1", "2", "4"]


def test_duplicate_keys_name_both_lines() -> None:
    (line,) = problems("id: a\nname: x\nid: b\n")
    assert line == "f.yaml:3:1: id: duplicate key 'id' (first at line 1)"


def test_alias_bomb_fails_fast() -> None:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        this = chr(ord("a") + i)
        bomb.append(f"{this}: &{this} [" + ", ".join([f"*{prev}"] * 10) + "]")
    (line,) = problems("\n".join(bomb) + "\n")
    assert "aliases expand too far" in line


def test_small_aliases_and_merge_keys_work() -> None:
    value, _ = load("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nlist: [*b]\n", "f.yaml")
    assert value["other"] == {"x": 1, "y": 3}
    assert value["list"] == [{"x": 1, "y": 2}]


def test_recursive_alias_is_refused() -> None:
    (line,) = problems("a: &a [1, *a]\n")
    assert "recursive alias" in line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: !!python/object:os.system x\n", "unsupported tag"),
        ("a: !!binary aGk=\n", "unsupported tag"),
        ("a: [1, 2\n", "f.yaml:2:1: not valid YAML"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("a: *nowhere\n", "not valid YAML"),
        ("[" * 60 + "]" * 60 + "\n", "nested more than"),
    ],
)
def test_unsafe_or_broken_yaml(text: str, expected: str) -> None:
    assert expected in problems(text)[0]


def test_empty_document() -> None:
    assert problems("# only a comment\n") == ["f.yaml: is empty"]


def test_read_text_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(DataError, match=r"bad.yaml:2:7: not UTF-8 text \(byte 0xe9\)"):
        read_text(tmp_path / "bad.yaml")
    with pytest.raises(DataError, match="is a directory"):
        read_text(tmp_path)
    with pytest.raises(DataError, match="no such file"):
        read_text(tmp_path / "nope.yaml")


def test_read_text_accepts_a_bom(tmp_path: Path) -> None:
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbfa: 1\r\n")
    assert load(read_text(tmp_path / "bom.yaml"), "bom.yaml")[0] == {"a": 1}
