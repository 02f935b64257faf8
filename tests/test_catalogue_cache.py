"""The validated-catalogue cache: plain JSON, used only when it is the user's own and matches the
files it was made from, rebuilt otherwise, and never able to run code."""

from __future__ import annotations

import ast
import json
import os
import pickle
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback import catalogue as cat
from runback.cli import app

from .conftest import DATA

SRC = Path(cat.__file__).parent


def cache_dir() -> Path:
    return Path(os.environ["RUNBACK_CACHE_DIR"])


def cache_files() -> list[Path]:
    return sorted(cache_dir().glob("catalogue-*.json"))


def no_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make validating the catalogue fail, so a load must come from the cache."""

    def refuse(*args: object) -> None:
        raise AssertionError("the catalogue was validated again instead of read from the cache")

    monkeypatch.setattr(cat, "_build", refuse)


def test_second_load_reads_the_cache_and_gives_the_same_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    first = cat.load_catalogue()
    (path,) = cache_files()
    no_rebuild(monkeypatch)
    assert cat.load_catalogue() == first
    assert cache_files() == [path]
    assert json.loads(path.read_bytes())["format"] == "runback.catalogue-cache/1"


def test_the_cache_folder_and_entries_are_private() -> None:
    cat.load_catalogue()
    assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700
    (path,) = cache_files()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_user_catalogue_has_its_own_cache_entry(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_bytes((DATA / "catalogues" / "good.yaml").read_bytes())
    plain = cat.load_catalogue()
    with_mine = cat.load_catalogue(mine)
    assert len(with_mine.techniques) == len(plain.techniques) + 1
    assert len(cache_files()) == 2
    # Editing the file changes its bytes, so the old entry is not used.
    mine.write_text(mine.read_text().replace("Doorway hip flexor stretch", "Door frame hip flexor stretch"))
    edited = cat.load_catalogue(mine)
    assert edited.get("doorway-hip-flexor-stretch").name == "Door frame hip flexor stretch"  # type: ignore[union-attr]


def test_a_damaged_cache_is_rebuilt() -> None:
    good = cat.load_catalogue()
    (path,) = cache_files()
    for damage in (b"not json at all", b'{"format": "runback.catalogue-cache/1"}', path.read_bytes()[:-40]):
        path.write_bytes(damage)
        assert cat.load_catalogue() == good


class _Payload:
    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, ("touch pwned",))


def test_a_planted_pickle_never_runs(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attack: a pickle planted under the cache's name (the key is predictable) ran code on
    every `runback list`. Nothing in the cache is unpickled now, under any name."""
    monkeypatch.chdir(tmp_path)
    cat.load_catalogue()
    (path,) = cache_files()
    payload = pickle.dumps(_Payload(), protocol=4)
    path.write_bytes(payload)
    path.with_suffix(".pickle").write_bytes(payload)
    result = runner.invoke(app, ["list", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["count"] > 40
    assert not (tmp_path / "pwned").exists()
    assert not path.with_suffix(".pickle").exists()  # old-style entries are removed, never read


def test_no_module_of_runback_can_deserialise_code() -> None:
    for module in sorted(SRC.rglob("*.py")):
        tree = ast.parse(module.read_text())
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not names & {"pickle", "marshal", "shelve", "dill"}, module


def _planted(runner: CliRunner, setup) -> str:  # type: ignore[no-untyped-def]
    """Change the cached name of a technique, let ``setup`` make the entry untrustworthy, and
    return the name `runback show` then prints."""
    cat.load_catalogue()
    (path,) = cache_files()
    path.write_text(
        path.read_text().replace('"Figure-4 stretch (piriformis and deep gluteals)"', '"PLANTED"')
    )
    setup(path)
    result = runner.invoke(app, ["show", "figure-4-stretch", "-f", "json"])
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["name"])


def test_the_planted_entry_is_used_when_trusted(runner: CliRunner) -> None:
    """The control for the tests below: an entry that passes every check is used as it is."""
    assert _planted(runner, lambda path: None) == "PLANTED"


def test_an_entry_in_a_folder_others_can_write_is_not_used(runner: CliRunner) -> None:
    assert _planted(runner, lambda path: path.parent.chmod(0o777)) != "PLANTED"
    assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700  # the user's own folder is made private


def test_an_entry_others_can_write_is_not_used(runner: CliRunner) -> None:
    assert _planted(runner, lambda path: path.chmod(0o666)) != "PLANTED"


def test_an_entry_made_for_other_bytes_is_not_used(runner: CliRunner) -> None:
    def for_other_bytes(path: Path) -> None:
        document = json.loads(path.read_text())
        document["key"] = "0" * 64
        path.write_text(json.dumps(document))

    assert _planted(runner, for_other_bytes) != "PLANTED"


def test_an_entry_that_is_a_link_is_not_followed(runner: CliRunner, tmp_path: Path) -> None:
    def link(path: Path) -> None:
        elsewhere = tmp_path / "elsewhere.json"
        path.rename(elsewhere)
        path.symlink_to(elsewhere)

    assert _planted(runner, link) != "PLANTED"


def test_a_cache_folder_that_is_a_link_is_not_used(runner: CliRunner, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cat.load_catalogue()
    (path,) = cache_files()
    path.write_text(
        path.read_text().replace('"Figure-4 stretch (piriformis and deep gluteals)"', '"PLANTED"')
    )
    linked = tmp_path / "linked-cache"
    linked.symlink_to(cache_dir())
    monkeypatch.setenv("RUNBACK_CACHE_DIR", str(linked))
    result = runner.invoke(app, ["show", "figure-4-stretch", "-f", "json"])
    assert json.loads(result.stdout)["name"] != "PLANTED"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_an_entry_owned_by_someone_else_is_not_used(runner: CliRunner) -> None:
    assert _planted(runner, lambda path: os.chown(path, 4321, 4321)) != "PLANTED"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a folder away"
)
def test_a_folder_owned_by_someone_else_is_neither_read_nor_written(runner: CliRunner) -> None:
    assert _planted(runner, lambda path: os.chown(path.parent, 4321, 4321)) != "PLANTED"
    assert cache_dir().stat().st_uid == 4321  # not taken over


def test_an_unwritable_cache_directory_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("")
    monkeypatch.setenv("RUNBACK_CACHE_DIR", str(blocker / "cache"))
    assert cat.load_catalogue().techniques
