"""The validated-catalogue cache: used when it matches, rebuilt when it does not, never trusted blindly."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from runback import catalogue as cat

from .conftest import DATA


def cache_files() -> list[Path]:
    return sorted(Path(os.environ["RUNBACK_CACHE_DIR"]).glob("catalogue-*.pickle"))


def test_second_load_reads_the_cache_and_gives_the_same_catalogue() -> None:
    first = cat.load_catalogue()
    (path,) = cache_files()
    assert cat.load_catalogue() == first
    assert cache_files() == [path]


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
    path.write_bytes(b"not a pickle at all")
    assert cat.load_catalogue() == good


class _Payload:
    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, ("touch pwned",))


def test_a_foreign_pickle_in_the_cache_is_never_run(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    good = cat.load_catalogue()
    (path,) = cache_files()
    path.write_bytes(pickle.dumps(_Payload()))
    assert cat.load_catalogue() == good
    assert not (tmp_path / "pwned").exists()


def test_an_unwritable_cache_directory_is_not_an_error(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("")
    monkeypatch.setenv("RUNBACK_CACHE_DIR", str(blocker / "cache"))
    assert cat.load_catalogue().techniques
