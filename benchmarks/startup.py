"""Start-up time of runback's commands against two baselines, in the same Python environment.

Each command runs as a whole process with its output piped (as in a script). Runs are interleaved
(one of each command per round) so that drift in the machine's speed hits all of them alike, and
each command's median wall time is compared with the medians of:

- ``python -c pass``: the interpreter alone;
- ``benchmarks/minimal_typer.py``: a one-command Typer app that prints one line (the framework's floor).

Usage: python benchmarks/startup.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


def _runback() -> list[str]:
    script = Path(PYTHON).with_name("runback")
    if script.exists():
        return [str(script)]
    found = shutil.which("runback")
    return [found] if found else [PYTHON, "-m", "runback"]


RUNBACK = _runback()
BASELINES = {
    "python -c pass": [PYTHON, "-c", "pass"],
    "minimal Typer app": [PYTHON, str(HERE / "minimal_typer.py")],
}
FIVE_RUNS = ["mon:8k", "tue:45m:tempo", "thu:6k", "sat:18k:long", "sun:5k:recovery"]
COMMANDS = {
    "runback --version": [*RUNBACK, "--version"],
    "runback show stretching": [*RUNBACK, "show", "stretching"],
    "runback list --format json": [*RUNBACK, "list", "--format", "json"],
    "runback plan (5 runs)": [*RUNBACK, "plan", *FIVE_RUNS, "--week", "2026-W48"],
    "runback history (10-y journal)": [*RUNBACK, "history"],
    "runback plan --from-journal": [*RUNBACK, "plan", "--from-journal"],
    "runback progress (10-y journal)": [*RUNBACK, "progress"],
}
YEARS = 10


def ten_year_journal(home: Path, env: dict[str, str]) -> None:
    """A journal of 10 years of running: a run on 5 days of 7, a ride a week, pain every third day,
    strength twice a week with the back's response during it and the next morning."""
    import datetime as dt

    today = dt.date.today()
    rows = ["Activity ID,Activity Date,Activity Type,Elapsed Time,Distance"]
    for n in range(YEARS * 365):
        day = today - dt.timedelta(days=n)
        if day.weekday() in (0, 5):
            continue
        when = dt.datetime.combine(day, dt.time(7, 0)).strftime("%b %d, %Y, %I:%M:%S %p")
        km = 6 + (n % 5) * 2 + (10 if day.weekday() == 6 else 0)
        rows.append(f'{n},"{when}",{"Ride" if day.weekday() == 2 else "Run"},{km * 360},{km}')
    export = home / "activities.csv"
    export.write_text("\n".join(rows) + "\n")
    subprocess.run([*RUNBACK, "import", str(export)], env=env, check=True, capture_output=True)
    pains = [(today - dt.timedelta(days=n)).isoformat() for n in range(0, YEARS * 365, 3)]
    import sqlite3

    strength = [
        today - dt.timedelta(days=n)
        for n in range(YEARS * 365)
        if (today - dt.timedelta(days=n)).weekday() in (1, 3)
    ]
    with sqlite3.connect(env["RUNBACK_DB"]) as db:
        db.executemany(
            "INSERT INTO pain (date, score, note, added_at) VALUES (?, ?, '', ?)",
            [(day, (i * 7) % 6, day) for i, day in enumerate(pains)],
        )
        db.executemany(
            "INSERT OR IGNORE INTO done (date, technique, planned, source, added_at) VALUES (?, ?, 1, 'log', ?)",
            [
                (d.isoformat(), t, d.isoformat())
                for d in strength
                for t in ("glute-bridge", "clamshell", "side-plank")
            ],
        )
        db.executemany(
            "INSERT INTO pain (date, score, note, added_at, context) VALUES (?, ?, '', ?, ?)",
            [(d.isoformat(), i % 4, d.isoformat(), "routine") for i, d in enumerate(strength)]
            + [
                ((d + dt.timedelta(days=1)).isoformat(), i % 3, d.isoformat(), "morning")
                for i, d in enumerate(strength)
            ],
        )


def time_once(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()[:300]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=20, help="timed runs of each command (default 20)")
    args = parser.parse_args()
    if args.rounds < 10:
        parser.error("use at least 10 rounds")

    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "RUNBACK_CACHE_DIR": str(Path(home) / "cache"),
            "RUNBACK_CONFIG": str(Path(home) / "config.toml"),
            "RUNBACK_DB": str(Path(home) / "journal.sqlite"),
            "NO_COLOR": "1",
        }
        # Time what an installed copy does: read compiled bytecode, not compile every module anew.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        ten_year_journal(Path(home), env)
        commands = {**BASELINES, **COMMANDS}
        for argv in commands.values():  # warm-up: file caches, and runback's catalogue cache
            time_once(argv, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, argv in commands.items():
                times[name].append(time_once(argv, env))

    python, typer = times["python -c pass"], times["minimal Typer app"]

    def paired(values: list[float], floor: list[float]) -> float:
        """Median of the per-round ratios: steadier than a ratio of medians when the machine drifts."""
        return statistics.median(v / f for v, f in zip(values, floor, strict=True))

    print(f"{args.rounds} interleaved rounds; Python {sys.version.split()[0]} at {PYTHON}")
    print("ratios: median of per-round ratios to each baseline")
    print(f"{'command':30} {'median ms':>9} {'min':>7} {'max':>7} {'x python':>9} {'x typer':>8}")
    for name, values in times.items():
        print(
            f"{name:30} {statistics.median(values) * 1000:9.1f} {min(values) * 1000:7.1f}"
            f" {max(values) * 1000:7.1f} {paired(values, python):9.2f} {paired(values, typer):8.2f}"
        )


if __name__ == "__main__":
    main()
