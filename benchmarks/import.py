"""Time `runback import` on a synthetic multi-year export: 2,000 activities, about a third each
as GPX files, FIT files (gzipped, as Strava ships them) and rows of a Strava-style activities.csv.

Each round imports the export into a fresh journal with each number of workers compared (one,
and one per core, by default), then imports it again (nothing changed, so nothing is read
again); the rounds are interleaved so that a busy machine slows all alike, and the medians are
reported: files and activities per second, the speed-up over the first worker count, the peak
memory of the import and of its largest worker (maximum resident set size), the re-import's
time against the first import's, and whether every worker count wrote the same rows.

Usage: python benchmarks/import.py [--activities 2000] [--keep DIR] [--workers 1,2] [--rounds 3]
Needs fit-tool to write the FIT files: pip install fit-tool
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import math
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

START = dt.datetime(2021, 1, 4, 6, 30, tzinfo=dt.UTC)


def gpx(start: dt.datetime, km: float, minutes: float, points: int) -> str:
    rows = []
    for i in range(points + 1):
        when = (start + dt.timedelta(minutes=minutes * i / points)).strftime("%Y-%m-%dT%H:%M:%SZ")
        lat = 46.0 + (km / 111.2) * i / points
        rows.append(
            f'<trkpt lat="{lat:.6f}" lon="14.5"><ele>{300 + 5 * math.sin(i / 9):.1f}</ele><time>{when}</time></trkpt>'
        )
    body = "\n".join(rows)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="bench" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>\n'
        f"{body}\n</trkseg></trk></gpx>\n"
    )


def fit(start: dt.datetime, km: float, minutes: float, points: int) -> bytes:
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.activity_message import ActivityMessage
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.record_message import RecordMessage
    from fit_tool.profile.messages.session_message import SessionMessage
    from fit_tool.profile.profile_type import FileType, Manufacturer, Sport

    def ms(when: dt.datetime) -> int:
        return round(when.timestamp() * 1000)

    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type, file_id.manufacturer, file_id.product = FileType.ACTIVITY, Manufacturer.DEVELOPMENT.value, 0
    file_id.time_created = ms(start)
    builder.add(file_id)
    for i in range(points + 1):
        record = RecordMessage()
        record.timestamp = ms(start + dt.timedelta(minutes=minutes * i / points))
        record.distance = km * 1000 * i / points
        record.heart_rate = 140 + i % 9
        builder.add(record)
    end = start + dt.timedelta(minutes=minutes)
    session = SessionMessage()
    session.timestamp, session.start_time, session.sport = ms(end), ms(start), Sport.RUNNING
    session.total_timer_time, session.total_elapsed_time = minutes * 60, minutes * 60 + 20
    session.total_distance, session.avg_heart_rate, session.max_heart_rate = km * 1000, 144, 168
    builder.add(session)
    activity = ActivityMessage()
    activity.timestamp, activity.num_sessions = ms(end), 1
    builder.add(activity)
    return builder.build().to_bytes()


def make_export(folder: Path, count: int, points: int) -> dict[str, int]:
    """A folder like a Strava export: activities.csv, and activity files it does not name."""
    rng = random.Random(48)
    (folder / "activities").mkdir(parents=True)
    rows = [
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Moving Time,Filename"
    ]
    counts = {"gpx": 0, "fit": 0, "csv rows": 0}
    for n in range(count):
        start = START + dt.timedelta(days=n, minutes=rng.randrange(0, 600))
        km = round(rng.uniform(5, 22), 2)
        minutes = km * rng.uniform(5.0, 6.5)
        kind = n % 3
        if kind == 0:
            (folder / "activities" / f"{n}.gpx").write_text(gpx(start, km, minutes, points))
            counts["gpx"] += 1
        elif kind == 1:
            (folder / "activities" / f"{n}.fit.gz").write_bytes(
                gzip.compress(fit(start, km, minutes, points), mtime=0)
            )
            counts["fit"] += 1
        else:
            sport = rng.choice(["Run", "Run", "Ride", "Swim", "Walk"])
            date = start.strftime("%b %d, %Y, %I:%M:%S %p")
            rows.append(f'{n},"{date}",Activity {n},{sport},{minutes * 60:.0f},{km},{minutes * 60:.0f},')
            counts["csv rows"] += 1
    (folder / "activities.csv").write_text("\n".join(rows) + "\n")
    return counts


WRAPPER = """
import atexit, resource, sys

def report():
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    sys.stderr.write(
        f"\\nrusage {own.ru_maxrss} {workers.ru_maxrss} {own.ru_utime + own.ru_stime}"
        f" {workers.ru_utime + workers.ru_stime}\\n"
    )

atexit.register(report)
from runback.cli import app
app(prog_name="runback")
"""


class Run(NamedTuple):
    seconds: float
    summary: str
    parent_kib: int  # the import's own peak resident set size
    worker_kib: int  # the largest of its worker processes' (0 when it started none)
    parent_cpu: float  # CPU seconds of the import's own process
    worker_cpu: float  # and of its workers, all together


def timed_import(folder: Path, env: dict[str, str], workers: int) -> Run:
    """One ``runback import`` in its own Python, as a user runs it, with its peak memory and
    that of the largest process it started."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, "import", str(folder)],
        env={**env, "RUNBACK_IMPORT_WORKERS": str(workers)},
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"import failed ({done.returncode}):\n{done.stderr[-2000:]}")
    own, largest, own_cpu, workers_cpu = done.stderr.rsplit("rusage ", 1)[1].split()
    return Run(elapsed, done.stdout.strip(), int(own), int(largest), float(own_cpu), float(workers_cpu))


def journal_rows(db: Path) -> list[tuple[object, ...]]:
    """What an import wrote, less when (added_at): the same export gives the same rows."""
    with sqlite3.connect(db) as connection:
        return (
            connection.execute(
                "SELECT id, key, sport, date, start_utc, distance_km, moving_min, elapsed_min, hr_avg, file"
                " FROM activities ORDER BY id"
            ).fetchall()
            + connection.execute("SELECT name, size, sha256 FROM files ORDER BY rowid").fetchall()
        )


def fresh(home: Path, name: str) -> dict[str, str]:
    for old in home.glob(f"{name}.sqlite*"):
        old.unlink()
    env = {**os.environ, "RUNBACK_DB": str(home / f"{name}.sqlite"), "RUNBACK_CACHE_DIR": str(home / "cache"),
           "RUNBACK_CONFIG": str(home / "config.toml")}  # fmt: skip
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--activities", type=int, default=2000)
    parser.add_argument(
        "--points", type=int, default=120, help="track points a GPX or FIT file (default 120)"
    )
    parser.add_argument(
        "--keep", type=Path, help="write the export here and keep it; an export kept before is used again"
    )
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    parser.add_argument(
        "--workers",
        default=f"1,{cores}",
        help=f"worker counts to compare, comma-separated (default 1,{cores}: one, and one per core)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; medians are reported")
    args = parser.parse_args()
    counts_to_compare = [int(w) for w in args.workers.split(",")]

    home = Path(tempfile.mkdtemp(prefix="runback-import-bench-"))
    try:
        export = args.keep or home / "export"
        marker = export / f".benchmark-{args.activities}-{args.points}"
        if marker.exists():
            print(f"using the export kept in {export}")
        else:
            if export.exists() and any(export.iterdir()):
                raise SystemExit(f"{export} is not empty")
            made = time.perf_counter()
            counts = make_export(export, args.activities, args.points)
            marker.write_text(json.dumps(counts))
            print(f"generated {args.activities} activities ({counts}) in {time.perf_counter() - made:.1f} s")
        files = sum(1 for p in export.rglob("*") if p.is_file() and not p.name.startswith("."))
        size = sum(p.stat().st_size for p in export.rglob("*") if p.is_file())
        print(
            f"export: {files} files, {size / 2**20:.1f} MiB; load average {os.getloadavg()[0]:.1f} at the start"
        )

        firsts: dict[int, list[Run]] = {w: [] for w in counts_to_compare}
        agains: list[Run] = []
        rows: dict[int, list[tuple[object, ...]]] = {}
        for round_ in range(1, args.rounds + 1):  # interleaved, so that the machine's load falls on all alike
            line = []
            for workers in counts_to_compare:
                env = fresh(home, f"journal-{workers}")
                first = timed_import(export, env, workers)
                firsts[workers].append(first)
                again = timed_import(export, env, workers)
                agains.append(again)
                rows[workers] = journal_rows(home / f"journal-{workers}.sqlite")
                line.append(
                    f"{workers} worker{'s' if workers > 1 else ''} {first.seconds:.2f} s (again {again.seconds:.2f} s)"
                )
            print(f"round {round_}: " + ", ".join(line))

        print(f"\nmedians of {args.rounds} rounds; load average {os.getloadavg()[0]:.1f} at the end")
        base = statistics.median(r.seconds for r in firsts[counts_to_compare[0]])
        for workers, runs in firsts.items():
            median = statistics.median(r.seconds for r in runs)
            parent = max(r.parent_kib for r in runs) / 1024
            worker = max(r.worker_kib for r in runs) / 1024
            cpu = statistics.median(r.parent_cpu + r.worker_cpu for r in runs)
            print(
                f"first import, {workers} worker{'s' if workers > 1 else ' '}: {median:6.2f} s"
                f"  {files / median:6.1f} files/s  {args.activities / median:6.1f} activities/s"
                f"  {base / median:4.2f}x  CPU {cpu:5.2f} s  peak memory {parent:.0f} MiB"
                + (f" + largest worker {worker:.0f} MiB" if worker else "")
            )
        again = statistics.median(r.seconds for r in agains)
        default = statistics.median(r.seconds for r in firsts[counts_to_compare[-1]])
        print(
            f"re-import (nothing changed): {again:6.2f} s = {100 * again / default:.1f} % of the first import"
            f" with {counts_to_compare[-1]} worker(s), {100 * again / base:.1f} % of {counts_to_compare[0]}"
        )
        print(f"  {firsts[counts_to_compare[-1]][-1].summary}\n  {agains[-1].summary}")
        same = all(r == rows[counts_to_compare[0]] for r in rows.values())
        print(
            f"journal rows identical for {', '.join(map(str, counts_to_compare))} workers: {'yes' if same else 'NO'}"
        )
        if not same:
            raise SystemExit(1)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
