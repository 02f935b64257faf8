"""Time `runback import` on a synthetic multi-year export: 2,000 activities, about a third each
as GPX files, FIT files (gzipped, as Strava ships them) and rows of a Strava-style activities.csv.

Reports files per second, activities per second and the import's peak memory (its maximum
resident set size), then imports the same export again to time the no-op re-import.

Usage: python benchmarks/import.py [--activities 2000] [--keep DIR]
Needs fit-tool to write the FIT files: pip install fit-tool
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START = dt.datetime(2021, 1, 4, 6, 30, tzinfo=dt.UTC)


def runback() -> list[str]:
    script = Path(sys.executable).with_name("runback")
    return [str(script)] if script.exists() else [sys.executable, "-m", "runback"]


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


def timed_import(folder: Path, env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([*runback(), "import", str(folder)], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"import failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--activities", type=int, default=2000)
    parser.add_argument(
        "--points", type=int, default=120, help="track points a GPX or FIT file (default 120)"
    )
    parser.add_argument("--keep", type=Path, help="write the export here and keep it")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="runback-import-bench-"))
    try:
        export = args.keep or home / "export"
        if export.exists() and any(export.iterdir()):
            raise SystemExit(f"{export} is not empty")
        made = time.perf_counter()
        counts = make_export(export, args.activities, args.points)
        print(f"generated {args.activities} activities ({counts}) in {time.perf_counter() - made:.1f} s")
        files = counts["gpx"] + counts["fit"] + 1
        size = sum(p.stat().st_size for p in export.rglob("*") if p.is_file())
        print(f"export: {files} files, {size / 2**20:.1f} MiB")
        env = {**os.environ, "RUNBACK_DB": str(home / "journal.sqlite"), "RUNBACK_CACHE_DIR": str(home / "cache"),
               "RUNBACK_CONFIG": str(home / "config.toml")}  # fmt: skip
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        first, summary = timed_import(export, env)
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(
            f"import:    {first:6.2f} s  {files / first:7.1f} files/s  {args.activities / first:7.1f} activities/s"
        )
        print(f"           {summary}")
        print(f"peak memory of the import: {peak_kib / 1024:.1f} MiB (max resident set size)")
        again, summary = timed_import(export, env)
        print(f"re-import: {again:6.2f} s  ({summary})")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
