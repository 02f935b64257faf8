"""The built wheel carries the catalogue and works outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_ships_the_catalogue_and_runs_from_anywhere(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("runback-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "runback/data/techniques.yaml" in names
        assert "runback/data/starter.yaml" in names  # what runback catalogue init writes
        assert zf.read("runback/data/techniques.yaml") == (ROOT / "data" / "techniques.yaml").read_bytes()
        assert not [n for n in names if n.startswith(("tests/", "data/", "src/"))]
        zf.extractall(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    where = subprocess.run(
        [sys.executable, "-c", "import runback; print(runback.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(tmp_path / "site"))
    shown = subprocess.run(
        [sys.executable, "-m", "runback", "show", "stretching"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "half-kneeling-hip-flexor-stretch" in shown.stdout
