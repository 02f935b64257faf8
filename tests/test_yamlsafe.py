"""The strict YAML reader: every trap YAML 1.1 sets, refused with its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from runback.errors import DataError
from runback.yamlsafe import MAX_ALIAS_VALUES, MAX_DIGITS, load, locate, read_text


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


def merge_bomb(leaf: str) -> str:
    """Nine lines of merge keys, each merging the line before ten times: 10**9 merges if followed."""
    lines = [f"a0: &a0 {leaf}"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} {{<<: [" + ", ".join([f"*a{i - 1}"] * 10) + "]}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("leaf", ["{x: 1, y: 2}", "{}"])
def test_merge_key_bomb_is_refused_where_it_expands(leaf: str) -> None:
    assert len(merge_bomb(leaf)) < 700
    (line,) = problems(merge_bomb(leaf))
    assert line.startswith("f.yaml:6:10: a5: aliases expand too far")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a: &a [1, *a]\n", "f.yaml:1:4: a.1:"),
        ("a: &x {<<: *x}\n", "f.yaml:1:8: a:"),
        ("a: &x {<<: [{b: 1}, *x]}\n", "f.yaml:1:8: a:"),
        ("a: &x\n  b:\n    <<: *x\n", "f.yaml:3:5: a.b:"),
    ],
)
def test_recursive_alias_or_merge_is_refused(text: str, where: str) -> None:
    (line,) = problems(text)
    assert line.startswith(where) and "(a recursive alias)" in line


def test_a_value_reached_through_aliases_is_built_and_reported_once() -> None:
    lines = problems("a: &t 1:30\nb: *t\nc: [*t, *t]\nd: {<<: {e: *t}}\n")
    assert lines == [
        "f.yaml:1:4: a: '1:30' would be read as the number 90 (base 60); quote it if it is text, "
        "or write a plain decimal number"
    ]


def test_merged_keys_are_placed_at_their_merge_key() -> None:
    _, positions = load("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n", "f.yaml")
    assert positions[("other", "y")] == (4, 6)
    assert positions[("other", "x")] == (3, 3)
    _, positions = load("other:\n  y: 3\n  <<: {x: 1, y: 2}\n", "f.yaml")
    assert positions[("other", "y")] == (2, 6)
    assert positions[("other", "x")] == (3, 11)


def test_values_written_out_are_not_counted_as_expansion() -> None:
    many = MAX_ALIAS_VALUES + 10
    value, _ = load("[" + ", ".join(["1"] * many) + "]\n", "f.yaml")
    assert len(value) == many


def test_aliases_within_the_limit_expand() -> None:
    value, _ = load(
        "a: &a [" + ", ".join(["1"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 40) + "]\n", "f.yaml"
    )
    assert len(value["b"]) == 40 and all(item == value["a"] for item in value["b"])


def test_nesting_through_aliases_counts_towards_the_depth_limit() -> None:
    text = "a: &a " + "[" * 30 + "]" * 30 + "\nb: " + "[" * 20 + "*a" + "]" * 20 + "\n"
    (line,) = problems(text)
    assert "nested more than 40 levels deep" in line


def test_max_values_refuses_a_file_too_big_for_what_it_holds_while_parsing() -> None:
    text = "runs:\n" + "  - {day: mon, distance: 8k}\n" * 100
    with pytest.raises(DataError) as info:
        load(text, "f.yaml", max_values=50)
    assert info.value.lines == [
        "f.yaml:11:11: more than 50 values, far more than this file holds; refusing to read on"
    ]


def test_max_values_counts_what_aliases_add() -> None:
    text = "a: &a [1, 2, 3, 4, 5]\nb: [*a, *a, *a, *a]\n"
    assert load(text, "f.yaml", max_values=40)[0]["b"][3] == [1, 2, 3, 4, 5]
    with pytest.raises(DataError, match=r"^f.yaml:2:4: b.3: more than 30 values"):
        load(text, "f.yaml", max_values=30)


@pytest.mark.parametrize(
    "number",
    ["9" * (MAX_DIGITS + 1), "1" * 5000, "-" + "1" * 4301, "1." + "0" * 40, "0x" + "1" * 40, "1:" * 40 + "1"],
)
def test_over_long_numbers_are_refused(number: str) -> None:
    (line,) = problems(f"n: {number}\n")
    assert line.startswith("f.yaml:1:4: n: '")
    assert line.endswith(
        f"' has more than {MAX_DIGITS} digits, too many for a number; "
        "write a shorter number, or quote it if it is text"
    )
    assert len(line) < 200


def test_numbers_up_to_the_digit_limit_are_read() -> None:
    value, _ = load(f"a: {'9' * MAX_DIGITS}\nb: 0.{'1' * (MAX_DIGITS - 1)}\nc: '{'9' * 99}'\n", "f.yaml")
    assert value == {"a": int("9" * MAX_DIGITS), "b": float("0." + "1" * (MAX_DIGITS - 1)), "c": "9" * 99}


def test_a_float_too_big_to_be_finite_is_refused() -> None:
    (line,) = problems("n: 1.0e+999\n")
    assert line == "f.yaml:1:4: n: '1.0e+999' is not a finite number"


def test_keys_values_and_tags_stay_on_one_short_line() -> None:
    lines = problems('"a\\nb": 1\n"a\\nb": 2\nc: !' + "x" * 5000 + " 1\n")
    assert lines[0] == "f.yaml:2:1: a\\nb: duplicate key 'a\\nb' (first at line 1)"
    assert lines[1].startswith("f.yaml:3:4: c: unsupported tag '!xxx") and len(lines[1]) < 200


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: !!python/object:os.system x\n", "unsupported tag"),
        ("a: !!binary aGk=\n", "unsupported tag"),
        ("a: [1, 2\n", "f.yaml:2:1: not valid YAML"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("a: *nowhere\n", "not valid YAML"),
        ("[" * 60 + "]" * 60 + "\n", "nested more than"),
        ("a: !!int abc\n", "f.yaml:1:4: a: unsupported tag '!!int'; use plain YAML"),
        ("a: !!null 5\n", "f.yaml:1:4: a: unsupported tag '!!null'"),
        ("a: 1\nb: x\x00y\n", "f.yaml:2:5: not valid YAML: the character U+0000 is not allowed; remove it"),
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
