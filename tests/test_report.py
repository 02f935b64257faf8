"""runback report: what a GP or physiotherapist reads in two minutes. Journals are made through
the command line, as a runner makes them, and the report's sentences are checked with their
numbers; the Markdown and HTML render the same bytes every time, and the HTML is one page."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback import cli
from runback.cli import app
from runback.outcomes import next_morning, pain_trend, psfs_trend
from runback.render.markdown import spark

TODAY = dt.date(2026, 11, 29)  # a Sunday: the report's six weeks are 2026-W43 to 2026-W48
MONDAYS = [dt.date(2026, 10, 19) + dt.timedelta(weeks=i) for i in range(6)]


def fix_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_today", lambda: TODAY)
    monkeypatch.setattr(cli, "_now", lambda: dt.datetime(2026, 11, 29, 20, 0, tzinfo=dt.UTC))
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_today(monkeypatch)


def log(runner: CliRunner, *args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)


def day(monday: dt.date, offset: int) -> str:
    return (monday + dt.timedelta(days=offset)).isoformat()


def six_weeks(runner: CliRunner, db: Path) -> None:
    """Six weeks of a runner getting better: an easy run on Tuesday (10 km in the third and fourth
    weeks, else 6), a tempo on Thursday (8 km), a long run on Saturday (14 to 18 km); morning
    pain on Monday to Wednesday (2, then 1 from the third week), on Friday after the tempo (3,
    then 2) and on Sunday after the long run (4, then 3); glute bridges each Monday with pain 1
    during; the PSFS at the start and the end; the ODI twice; the model overridden in 2026-W47."""
    at = ["--db", str(db)]
    for week, monday in enumerate(MONDAYS):
        early = week < 2
        easy = 10 if week in (2, 3) else 6
        long_km = (14, 15, 16, 17, 18, 18)[week]
        log(runner, *at, "log", "run", f"{day(monday, 1)}:{easy}k", f"{day(monday, 3)}:8k:tempo",
            f"{day(monday, 5)}:{long_km}k:long")  # fmt: skip
        for offset, score in ((0, 2), (1, 2), (2, 2), (4, 3), (6, 4)):
            log(
                runner,
                *at,
                "log",
                "pain",
                str(score - (0 if early else 1)),
                "--morning",
                "--date",
                day(monday, offset),
            )
        log(runner, *at, "log", "done", "glute-bridge", "--date", day(monday, 0))
        log(runner, *at, "log", "pain", "1", "--after", "routine", "--date", day(monday, 0))
    log(
        runner,
        *at,
        "log",
        "psfs",
        "running 10 km=4",
        "sitting at work=5",
        "tying shoes=4",
        "--date",
        "2026-10-19",
    )
    log(
        runner,
        *at,
        "log",
        "psfs",
        "running 10 km=7",
        "sitting at work=7",
        "tying shoes=7",
        "--date",
        "2026-11-27",
    )
    log(runner, *at, "log", "score", "odi", "22", "--date", "2026-10-20")
    log(runner, *at, "log", "score", "odi", "14", "--date", "2026-11-27")
    log(runner, *at, "plan", "--from-journal", "--override", "--week", "2026-W47", "-f", "json")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The six weeks, made once; each test gets its own copy."""
    db = tmp_path_factory.mktemp("six-weeks") / "journal.sqlite"
    with pytest.MonkeyPatch.context() as monkeypatch:
        fix_today(monkeypatch)
        monkeypatch.setenv("RUNBACK_CONFIG", str(db.parent / "config.toml"))
        monkeypatch.setenv("RUNBACK_CACHE_DIR", str(db.parent / "cache"))
        six_weeks(CliRunner(), db)
    return db


@pytest.fixture
def journal(built: Path, tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "journal.sqlite"
    shutil.copyfile(built, target)
    yield target


def report(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, ["report", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def section(text: str, title: str) -> str:
    """A Markdown section's body, from its heading to the next."""
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


# --- what the clinician reads first ---------------------------------------------------------------


def test_the_report_leads_with_the_chart_trends_load_response_programme_and_scores(
    runner: CliRunner, journal: Path
) -> None:
    md = report(runner)
    headings = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "Pain and function against load",
        "Trends",
        "Next-day pain after load",
        "Programme",
        "Questionnaires",
        "Training load by week",
        "Flags raised",
        "The last two weeks, day by day",
        "Routines done",
        "Sources",
    ]
    assert md.rstrip().endswith("see a GP or physiotherapist.*")


def test_psfs_and_pain_trends_say_whether_the_change_is_beyond_the_noise(
    runner: CliRunner, journal: Path
) -> None:
    trends = section(report(runner), "Trends")
    assert (
        "- PSFS (average, 0-10, higher is better) rose from 4.3 to 7.0 (2026-10-19 to 2026-11-27): a change"
        " of 2.7, beyond the 2 points a change must pass to be more than noise (Stratford et al.,"
        " Physiotherapy Canada 1995)."
    ) in trends
    # the weekly averages of each day's worst: W43 (2+2+2+3+4)/5, W48 (1+1+1+2+3)/5
    assert (
        "- Back pain (weekly average of each day's worst, 0-10) fell from 2.6 to 1.6 (2026-W43 to 2026-W48):"
        " a change of 1.0 (38 %), beyond the 2 points or 30 % a fall must pass to count as important"
        " (Ostelo et al., Spine 2008)."
    ) in trends


def test_a_small_change_is_not_beyond_the_noise(runner: CliRunner) -> None:
    log(runner, "log", "psfs", "running=5", "sitting=5", "stairs=6", "--date", "2026-10-20")
    log(runner, "log", "psfs", "running=6", "sitting=7", "stairs=7", "--date", "2026-11-24")
    for date, score in (("2026-10-20", 3), ("2026-10-21", 3), ("2026-11-24", 2), ("2026-11-25", 3)):
        log(runner, "log", "pain", str(score), "--date", date)
    trends = section(report(runner), "Trends")
    assert (
        "PSFS (average, 0-10, higher is better) rose from 5.3 to 6.7 (2026-10-20 to 2026-11-24): a change of"
        " 1.4, not beyond the 2 points a change must pass to be more than noise"
    ) in trends
    assert (
        "Back pain (weekly average of each day's worst, 0-10) fell from 3.0 to 2.5 (2026-W43 to 2026-W48):"
        " a change of 0.5 (17 %), not beyond the 2 points or 30 % a fall must pass"
    ) in trends


def test_without_enough_scores_there_is_no_trend(runner: CliRunner) -> None:
    log(runner, "log", "psfs", "running=5", "sitting=5", "stairs=6", "--date", "2026-11-20")
    log(runner, "log", "pain", "3", "--date", "2026-11-20")
    trends = section(report(runner), "Trends")
    assert "- PSFS: not scored on two days in this period, so no trend to show." in trends
    assert "- Back pain: no trend to show; it takes two weeks with at least 2 days scored." in trends


def test_next_day_pain_after_load_with_its_counts_and_caveat(runner: CliRunner, journal: Path) -> None:
    after = section(report(runner), "Next-day pain after load")
    # Sunday mornings after the long runs: 4, 4, 3, 3, 3, 3; the other 24 mornings add up to 38
    assert (
        "- On days after a long run, morning pain averaged 3.3 against 1.6 otherwise (n=6 and n=24)." in after
    )
    assert (
        "- On days after a hard session, morning pain averaged 2.3 against 1.8 otherwise (n=6 and n=24)."
        in after
    )
    # the median of the 18 days run is 8 km: over it, the long runs and the two 10 km easy runs
    assert (
        "- On days after a run over your usual 8 km, morning pain averaged 2.8 against 1.6 otherwise"
        " (n=8 and n=22)."
    ) in after
    assert "An association in one person's journal, not a cause" in after
    assert "Usual distance: the median of the days run in this period (8 km)." in after


def test_next_day_pain_needs_three_mornings_on_each_side(runner: CliRunner) -> None:
    for saturday in ("2026-11-21", "2026-11-28"):
        log(runner, "log", "run", f"{saturday}:16k:long")
    for date, score in (("2026-11-22", 4), ("2026-11-29", 4), ("2026-11-24", 1), ("2026-11-25", 1),
                        ("2026-11-26", 1), ("2026-11-27", 1)):  # fmt: skip
        log(runner, "log", "pain", str(score), "--morning", "--date", date)
    after = section(report(runner), "Next-day pain after load")
    assert "On days after" not in after
    assert "Too few morning scores to compare: it takes at least 3 mornings after such days" in after


def test_the_programme_levels_decisions_running_and_overrides(runner: CliRunner, journal: Path) -> None:
    programme = section(report(runner), "Programme")
    assert (
        "- **Glute bridge:** Single-leg bridge, 3 x 12 reps per side (level 2 of 2, step 3 of 3). Last decision"
        " 2026-W48: progressed: pain during stayed at or below 5/10 and the next morning was no worse (Mon 16 Nov)"
    ) in programme
    assert "- **Running:** Running as usual, not on the return-to-run ladder." in programme
    assert "- 2026-W47: you chose more than the model allowed" in programme
    assert "not tested in back pain" in programme


def test_running_on_the_return_to_run_ladder_after_a_flare(runner: CliRunner) -> None:
    log(runner, "log", "pain", "7", "--date", "2026-11-20")
    tests = section(report(runner), "Programme")
    assert (
        "- **Running:** After a flare on 2026-11-20: not running until the entry tests are done"
        " (a brisk 30-minute walk and 10 single-leg hops on each leg)"
    ) in tests
    log(runner, "log", "test", "brisk-walk", "1", "--date", "2026-11-22")
    log(runner, "log", "test", "single-leg-hops", "1", "--date", "2026-11-22")
    ladder = section(report(runner), "Programme")
    assert (
        "- **Running:** After a flare on 2026-11-20: return to running, phase 1 of 6: run 3 min, walk 2 min,"
        " repeated to 1.6 km (0 of 2 done at this phase); last step 2026-W48: progress to phase 1."
    ) in ladder
    assert "- No week in this period overrode the model." in ladder


def test_licensed_scores_are_shown_with_their_dates_and_labelled_as_the_runners(
    runner: CliRunner, journal: Path
) -> None:
    scores = section(report(runner), "Questionnaires")
    assert scores == (
        "## Questionnaires\n\nAs entered by the runner from a licensed form; runback does not include the"
        " questionnaire:\n\n- ODI: 22 on 2026-10-20, 14 on 2026-11-27\n"
    )


def test_the_chart_as_sparklines_a_mark_a_week(runner: CliRunner, journal: Path) -> None:
    chart = section(report(runner), "Pain and function against load")
    assert (
        "```text\n"
        "               2026-W43 to 2026-W48, a mark a week (·: nothing logged)\n"
        "km a week      ▇▇██▇▇  0-35 km\n"
        "pain, worst    ▃▃▂▂▂▂  0-10, weekly average of each day's worst\n"
        "pain, morning  ▃▃▂▂▂▂  0-10, weekly average\n"
        "PSFS           ▄····▆  0-10, higher is better\n"
        "```\n"
    ) in chart


def test_load_by_week_keeps_adherence_and_the_day_table_only_the_last_two_weeks(
    runner: CliRunner, journal: Path
) -> None:
    md = report(runner)
    assert "| 2026-W47 | 3 | 32 | 18 | 1 | 0 | 1.6 | 3 | 1 of 46 |" in section(md, "Training load by week")
    days = section(md, "The last two weeks, day by day")
    dates = [line.split(" | ")[0][2:] for line in days.splitlines() if line.startswith("| 2026-")]
    assert dates[0] == "2026-11-16" and dates[-1] == "2026-11-29" and len(dates) == 14
    assert "2026-W46: This week (35 km) is 15% above your recent weeks" in section(md, "Flags raised")


def test_an_empty_journal_still_makes_a_report(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RUNBACK_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    md = report(runner)
    assert "km a week      ▁▁▁▁▁▁  0-0 km" in md
    assert "- No movement has been through a week of the programme yet." in md
    assert "None entered." in section(md, "Questionnaires")
    assert "Nothing logged in these days." in md
    ET.fromstring(svg_of(report(runner, "-f", "html")))


# --- the same bytes, a page that is self-contained and well-formed -----------------------------------


def svg_of(html: str) -> str:
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    assert html.count("<svg") == 1
    return html[start:end]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_report_renders_the_same_bytes_every_time(runner: CliRunner, journal: Path, fmt: str) -> None:
    assert report(runner, "-f", fmt) == report(runner, "-f", fmt)


def test_the_html_has_no_script_nothing_external_and_a_well_formed_svg(
    runner: CliRunner, journal: Path
) -> None:
    html = report(runner, "-f", "html")
    assert "<script" not in html.lower()
    assert not re.search(r"<(link|img|iframe|object|embed)\b|\b(src|href)=|url\(", html, re.IGNORECASE)
    svg = ET.fromstring(svg_of(html))
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.tag == f"{ns}svg"
    bars = [r for r in svg.iter(f"{ns}rect") if r.get("fill") == "#9cc9a6" and r.get("width") != "10"]
    assert len(bars) == 18  # a bar for each day run
    assert len(svg.findall(f"{ns}polyline")) == 3  # the day's worst pain, the morning's, the PSFS
    assert [t.text for t in svg.iter(f"{ns}text") if (t.text or "").startswith("W")] == [
        "W43", "W44", "W45", "W46", "W47", "W48"
    ]  # fmt: skip
    assert "2026" not in "".join(svg.itertext()).replace("\n", "")  # no timestamp in the chart
    assert "ODI: 22 on 2026-10-20, 14 on 2026-11-27" in html


def test_text_in_the_report_is_escaped(runner: CliRunner) -> None:
    log(runner, "log", "pain", "7", "--note", "<b>after</b> hills & wind", "--date", "2026-11-28")
    log(runner, "log", "score", "<odi>", "22", "--date", "2026-11-27")
    html = report(runner, "-f", "html")
    assert "&lt;b&gt;after&lt;/b&gt; hills &amp; wind" in html and "<b>after" not in html
    assert "&lt;ODI&gt;: 22 on 2026-11-27" in html
    md = report(runner)
    assert "\\<ODI\\>: 22 on 2026-11-27" in md


# --- the trends and sparklines as pure functions -------------------------------------------------------


def test_psfs_change_of_exactly_two_points_is_not_beyond_the_noise() -> None:
    rows = [(dt.date(2026, 11, 2), a, 4) for a in "abc"] + [(dt.date(2026, 11, 20), a, 6) for a in "abc"]
    trend = psfs_trend(rows)
    assert trend is not None and trend.change == 2.0 and not trend.beyond
    assert "a change of 2.0, not beyond the 2 points" in trend.sentence
    assert psfs_trend(rows[:3]) is None


@pytest.mark.parametrize(
    ("first", "last", "beyond", "share"),
    [
        ([5, 5], [3, 3], True, "(40 %)"),  # a fall of 2.0 is not past 2 points, but 40 % is past 30 %
        ([3, 3], [2, 2], True, "(33 %)"),  # a third of the pain gone: beyond on the 30 %
        ([1, 1], [0, 1], False, "(50 %)"),  # half, but less than a whole point of the scale
        ([2, 2], [4, 5], True, ""),  # a rise of 2.5 points
        ([2, 2], [3, 4], False, ""),  # a rise of 1.5: the 30 % is for improvement
    ],
)
def test_pain_change_against_two_points_or_thirty_percent(
    first: list[int], last: list[int], beyond: bool, share: str
) -> None:
    monday, later = dt.date(2026, 10, 19), dt.date(2026, 11, 23)
    daily = [(monday + dt.timedelta(days=i), s) for i, s in enumerate(first)]
    daily += [(later + dt.timedelta(days=i), s) for i, s in enumerate(last)]
    trend = pain_trend(daily)
    assert trend is not None and trend.first_when == "2026-W43" and trend.last_when == "2026-W48"
    assert trend.beyond is beyond
    assert share in trend.sentence


def test_pain_trend_skips_weeks_with_one_day_scored() -> None:
    days = [(dt.date(2026, 10, 19), 8), (dt.date(2026, 10, 26), 4), (dt.date(2026, 10, 27), 4),
            (dt.date(2026, 11, 23), 2), (dt.date(2026, 11, 24), 2)]  # fmt: skip
    trend = pain_trend(days)
    assert trend is not None and (trend.first, trend.first_when) == (4.0, "2026-W44")
    assert pain_trend(days[:3]) is None


def test_pain_trend_compares_whole_weeks_that_do_not_overlap() -> None:
    """Nine days of scores: the first week's average is 6 and the second's 2. Windows of seven days
    from the first and the last score would share Thursday's 6 and make the end look like 3.3."""
    days = [(dt.date(2026, 10, 19), 6), (dt.date(2026, 10, 22), 6), (dt.date(2026, 10, 26), 2),
            (dt.date(2026, 10, 27), 2)]  # fmt: skip
    trend = pain_trend(days)
    assert trend is not None and (trend.first, trend.last) == (6.0, 2.0)
    assert (trend.first_when, trend.last_when) == ("2026-W43", "2026-W44")


def test_next_morning_needs_three_mornings_on_each_side() -> None:
    long_runs = {dt.date(2026, 11, d) for d in (7, 14, 21)}
    mornings = [(dt.date(2026, 11, d), 3) for d in (8, 15, 22)] + [
        (dt.date(2026, 11, d), 1) for d in (10, 11, 12)
    ]
    found = next_morning(mornings, {"a long run": long_runs})
    assert [a.sentence for a in found] == [
        "On days after a long run, morning pain averaged 3.0 against 1.0 otherwise (n=3 and n=3)."
    ]
    assert next_morning(mornings[:-1], {"a long run": long_runs}) == []


def test_sparkline_marks() -> None:
    assert spark([0, 0.1, 5, 10, None], 10) == "▁▂▅█·"
    assert spark([0, 0], 0) == "▁▁"


# --- the page in a real browser -----------------------------------------------------------------


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("Chromium is not installed: the page is not drawn in a browser here")
    return found


def headless(browser: str, tmp_path: Path, page: Path, *how: str) -> None:
    """Chromium, headless and offline, on a local page (``--screenshot=...`` or ``--print-to-pdf=...``)."""
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={tmp_path / 'chromium-profile'}", *how, page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]


def png_rows(path: Path) -> tuple[int, int, list[bytes]]:
    """A PNG's width, height and scanlines as stored (each after its filter byte), read with the
    standard library: 8-bit RGB or RGBA, not interlaced, as Chromium writes its screenshots."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, header = 8, b"", b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0
    stride = width * (3 if colour == 2 else 4)
    raw = zlib.decompress(idat)
    rows = [raw[i * (stride + 1) + 1 : (i + 1) * (stride + 1)] for i in range(height)]
    return width, height, rows


def drawn_rows(path: Path) -> int:
    """Rows with something drawn on them. A row of one colour stays one value after any PNG filter
    but for its first pixel, so a row is drawn when the rest of it holds more than one value."""
    _, _, rows = png_rows(path)
    return sum(len(set(row[8:])) > 1 for row in rows)


def test_the_html_draws_in_a_browser_and_prints_on_one_a4_page(
    runner: CliRunner, journal: Path, tmp_path: Path
) -> None:
    browser = chromium()
    page = tmp_path / "report.html"
    assert runner.invoke(app, ["report", "-f", "html", "-o", str(page)]).exit_code == 0
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>\n")
    for source, shot in ((page, tmp_path / "report.png"), (blank, tmp_path / "blank.png")):
        headless(browser, tmp_path, source, f"--screenshot={shot}", "--window-size=1240,1754")
    width, height, _ = png_rows(tmp_path / "report.png")
    assert (width, height) == (1240, 1754)
    assert drawn_rows(tmp_path / "blank.png") == 0  # the measure sees a blank page as blank
    assert drawn_rows(tmp_path / "report.png") > height // 3  # text, tables and the chart down the page
    pdf = tmp_path / "report.pdf"
    headless(browser, tmp_path, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    if pages == 0:
        pytest.skip("this Chromium's PDF keeps its page objects compressed: pages not counted")
    assert pages == 1


# --- a picture beside a Markdown report, with the optional matplotlib --------------------------------


def test_a_markdown_report_to_a_file_gets_a_picture_of_the_chart(
    runner: CliRunner, journal: Path, tmp_path: Path
) -> None:
    pytest.importorskip("matplotlib", reason="the picture needs runback[plot] (matplotlib)")
    target = tmp_path / "back report.md"
    result = runner.invoke(app, ["report", "-o", str(target)])
    assert result.exit_code == 0, result.output
    picture = tmp_path / "back report-chart.png"
    assert result.stderr == f"Wrote the report to {target}\nDrew the chart to {picture}\n"
    first = picture.read_bytes()
    assert first.startswith(b"\x89PNG\r\n\x1a\n") and b"Software" not in first
    assert "![Daily distance, back pain and PSFS](back%20report-chart.png)\n" in target.read_text()
    assert runner.invoke(app, ["report", "-o", str(target)]).exit_code == 0
    assert picture.read_bytes() == first


def test_a_refused_report_draws_no_picture(runner: CliRunner, journal: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="the picture needs runback[plot] (matplotlib)")
    (tmp_path / "folder.md").mkdir()
    result = runner.invoke(app, ["report", "-o", str(tmp_path / "folder.md")])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "folder.md" in result.stderr
    assert not list(tmp_path.glob("*.png"))


def test_without_matplotlib_the_markdown_report_has_no_picture(
    runner: CliRunner, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if runback[plot] were not installed
    target = tmp_path / "report.md"
    result = runner.invoke(app, ["report", "-o", str(target)])
    assert result.exit_code == 0 and result.stderr == f"Wrote the report to {target}\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".png") == []
    assert "![" not in target.read_text()


@pytest.mark.parametrize("args", [["-f", "html", "-o", "report.html"], []])
def test_html_and_stdout_get_no_picture(
    runner: CliRunner, journal: Path, tmp_path: Path, args: list[str]
) -> None:
    result = runner.invoke(
        app, ["report", *[str(tmp_path / a) if a.startswith("report.") else a for a in args]]
    )
    assert result.exit_code == 0
    assert not list(tmp_path.glob("*.png")) and "![" not in result.stdout
