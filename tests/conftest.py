from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own cache, config and journal, no colour and a fixed terminal width."""
    monkeypatch.setenv("RUNBACK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RUNBACK_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("RUNBACK_DB", str(tmp_path / "journal.sqlite"))
    monkeypatch.delenv("RUNBACK_CATALOGUE", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def catalogue():  # type: ignore[no-untyped-def]
    from runback.catalogue import load_catalogue

    return load_catalogue(use_cache=False)
