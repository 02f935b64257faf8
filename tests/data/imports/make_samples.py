"""Regenerate the generated sample files in this folder (the real GPX files come from gpxpy's tests).

    pip install fit-tool gpxpy && python tests/data/imports/make_samples.py

Writes small FIT and TCX activities, a Strava-style bulk export (.zip holding activities.csv and
activity files, some gzipped), and broken files for the importer's error paths. Times are fixed,
so the output is the same on every run.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import math
import zipfile
from pathlib import Path

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.activity_message import ActivityMessage
from fit_tool.profile.messages.event_message import EventMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import Event, EventType, FileType, Manufacturer, Sport

HERE = Path(__file__).parent
EPOCH = dt.datetime(2026, 11, 23, 6, 30, tzinfo=dt.UTC)


def millis(when: dt.datetime) -> int:
    return round(when.timestamp() * 1000)


def fit_activity(
    start: dt.datetime,
    sport: Sport,
    km: float,
    minutes: float,
    hr: tuple[int, int] | None,
    ascent: int,
    utc_offset_min: int,
) -> bytes:
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.time_created = millis(start)
    file_id.serial_number = 0x1234
    builder.add(file_id)
    begin = EventMessage()
    begin.event, begin.event_type, begin.timestamp = Event.TIMER, EventType.START, millis(start)
    builder.add(begin)
    points = 60
    for i in range(points + 1):
        record = RecordMessage()
        record.timestamp = millis(start + dt.timedelta(minutes=minutes * i / points))
        record.distance = km * 1000 * i / points
        record.position_lat = 46.0 + 0.001 * i
        record.position_long = 14.5 + 0.001 * math.sin(i / 5)
        record.altitude = 300 + ascent * (i / points)
        if hr:
            record.heart_rate = hr[0] + (i % 7) - 3
        builder.add(record)
    end = start + dt.timedelta(minutes=minutes)
    stop = EventMessage()
    stop.event, stop.event_type, stop.timestamp = Event.TIMER, EventType.STOP_ALL, millis(end)
    builder.add(stop)
    session = SessionMessage()
    session.timestamp = millis(end)
    session.start_time = millis(start)
    session.sport = sport
    session.total_elapsed_time = minutes * 60 + 30
    session.total_timer_time = minutes * 60
    session.total_distance = km * 1000
    if hr:
        session.avg_heart_rate, session.max_heart_rate = hr
    session.total_ascent = ascent
    builder.add(session)
    activity = ActivityMessage()
    activity.timestamp = millis(end)
    activity.local_timestamp = round((end + dt.timedelta(minutes=utc_offset_min)).timestamp() - 631065600)
    activity.total_timer_time = minutes * 60
    activity.num_sessions = 1
    builder.add(activity)
    return builder.build().to_bytes()


def tcx_activity(start: dt.datetime, sport: str, km: float, minutes: float, hr: tuple[int, int]) -> str:
    stamp = start.strftime("%Y-%m-%dT%H:%M:%SZ")
    points = []
    for i in range(31):
        when = (start + dt.timedelta(minutes=minutes * i / 30)).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append(
            f"          <Trackpoint><Time>{when}</Time><DistanceMeters>{km * 1000 * i / 30:.1f}</DistanceMeters>"
            f"<AltitudeMeters>{120 + 10 * math.sin(i / 4):.1f}</AltitudeMeters>"
            f"<HeartRateBpm><Value>{hr[0] + i % 5 - 2}</Value></HeartRateBpm></Trackpoint>"
        )
    track = "\n".join(points)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
  <Activities>
    <Activity Sport="{sport}">
      <Id>{stamp}</Id>
      <Lap StartTime="{stamp}">
        <TotalTimeSeconds>{minutes * 60:.0f}</TotalTimeSeconds>
        <DistanceMeters>{km * 1000:.1f}</DistanceMeters>
        <AverageHeartRateBpm><Value>{hr[0]}</Value></AverageHeartRateBpm>
        <MaximumHeartRateBpm><Value>{hr[1]}</Value></MaximumHeartRateBpm>
        <Intensity>Active</Intensity>
        <TriggerMethod>Manual</TriggerMethod>
        <Track>
{track}
        </Track>
      </Lap>
    </Activity>
  </Activities>
</TrainingCenterDatabase>
"""


def gpx_activity(start: dt.datetime, km: float, minutes: float, kind: str = "running") -> str:
    points = []
    for i in range(41):
        when = (start + dt.timedelta(minutes=minutes * i / 40)).strftime("%Y-%m-%dT%H:%M:%SZ")
        lat = 45.0 + (km / 111.2) * i / 40
        points.append(
            f'      <trkpt lat="{lat:.6f}" lon="13.600000"><ele>{50 + i % 3}</ele><time>{when}</time></trkpt>'
        )
    body = "\n".join(points)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="runback samples" xmlns="http://www.topografix.com/GPX/1/1">
  <trk>
    <name>Sample {kind}</name>
    <type>{kind}</type>
    <trkseg>
{body}
    </trkseg>
  </trk>
</gpx>
"""


STRAVA_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,"
    "Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,Athlete Weight,"
    "Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,Average Speed,Elevation Gain,Elevation Loss,"
    "Average Heart Rate"
)


def strava_export() -> bytes:
    rows = [
        (
            1001,
            "Nov 24, 2026, 6:15:00 AM",
            "Easy morning run",
            "Run",
            2950,
            "8.02",
            158,
            "activities/1001.gpx.gz",
            2950,
            2880,
            8020.4,
            55.0,
            138,
        ),
        (
            1002,
            "Nov 25, 2026, 5:40:00 PM",
            "Commute ride",
            "Ride",
            3700,
            "21.50",
            "",
            "activities/1002.fit.gz",
            3700,
            3600,
            21500.0,
            120.0,
            "",
        ),
        (
            1003,
            "Nov 26, 2026, 12:10:00 PM",
            "Lunch swim",
            "Swim",
            2100,
            "1.80",
            "",
            "",
            2100,
            1980,
            1800.0,
            0.0,
            "",
        ),
        (
            1004,
            "Nov 28, 2026, 7:00:00 AM",
            "Long run",
            "Run",
            6900,
            "18.10",
            171,
            "activities/1004.tcx",
            6900,
            6720,
            18100.0,
            210.0,
            145,
        ),
    ]
    out = io.StringIO()
    out.write(STRAVA_HEADER + "\n")
    for (
        ident,
        date,
        name,
        kind,
        elapsed,
        km,
        hr_max,
        filename,
        elapsed2,
        moving,
        metres,
        gain,
        hr_avg,
    ) in rows:
        out.write(
            f'{ident},"{date}",{name},{kind},,{elapsed},{km},{hr_max},,false,,,{filename},,,'
            f"{elapsed2},{moving},{metres},,,{gain},,{hr_avg}\n"
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:

        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 29, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)

        add("activities.csv", out.getvalue().encode())
        add("profile.csv", b"Athlete ID,Email Address\n1,runner@example.org\n")
        add(
            "activities/1001.gpx.gz",
            gzip.compress(
                gpx_activity(dt.datetime(2026, 11, 24, 6, 15, tzinfo=dt.UTC), 8.02, 48).encode(), mtime=0
            ),
        )
        add(
            "activities/1002.fit.gz",
            gzip.compress(
                fit_activity(
                    dt.datetime(2026, 11, 25, 17, 40, tzinfo=dt.UTC), Sport.CYCLING, 21.5, 60, None, 120, 60
                ),
                mtime=0,
            ),
        )
        add(
            "activities/1004.tcx",
            tcx_activity(
                dt.datetime(2026, 11, 28, 7, 0, tzinfo=dt.UTC), "Running", 18.1, 112, (145, 171)
            ).encode(),
        )
        add(
            "activities/2001.gpx",
            gpx_activity(dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC), 5.0, 30).encode(),
        )
        add("media/photo.txt", b"not an activity")
    return buffer.getvalue()


def main() -> None:
    run = fit_activity(EPOCH, Sport.RUNNING, 8.0, 45, (142, 165), 64, 60)
    (HERE / "morning-run.fit").write_bytes(run)
    (HERE / "evening-ride.fit").write_bytes(
        fit_activity(
            dt.datetime(2026, 11, 25, 17, 0, tzinfo=dt.UTC), Sport.CYCLING, 25.0, 60, (120, 150), 80, 60
        )
    )
    (HERE / "tempo-run.tcx").write_text(
        tcx_activity(dt.datetime(2026, 11, 26, 18, 0, tzinfo=dt.UTC), "Running", 10.0, 50, (158, 176))
    )
    (HERE / "strava-export.zip").write_bytes(strava_export())
    # Broken files: each must fail with one line, and never stop the others.
    broken = bytearray(run)
    broken[len(broken) // 2] ^= 0xFF
    (HERE / "bad-crc.fit").write_bytes(bytes(broken))
    text = tcx_activity(EPOCH, "Running", 5, 30, (140, 150))
    (HERE / "truncated.tcx").write_text(text[: len(text) // 2])
    (HERE / "xxe.gpx").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE gpx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        '<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1">'
        "<trk><name>&secret;</name><trkseg>"
        '<trkpt lat="45" lon="13"><time>2026-11-23T06:00:00Z</time></trkpt>'
        '<trkpt lat="45.01" lon="13"><time>2026-11-23T06:05:00Z</time></trkpt>'
        "</trkseg></trk></gpx>\n"
    )
    (HERE / "billion-laughs.tcx").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
        )
        + ']>\n<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>&lol9;</Id>'
        "</Activity></Activities></TrainingCenterDatabase>\n"
    )
    (HERE / "missing-columns.csv").write_text("Activity ID,Activity Name,Activity Type\n1,Run,Run\n")
    (HERE / "not-an-activity.gpx").write_text("These are my running notes, not a GPX file.\n")


if __name__ == "__main__":
    main()
