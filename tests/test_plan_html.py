"""A week's plan as one self-contained HTML page to print: every run and item with a box to tick,
the stop message when there is one, nothing fetched from anywhere."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from runback.models import Catalogue
from runback.planner import Plan, Profile, WeekRuns, plan
from runback.render import html
from runback.week import Week, parse_spec

WEEK = Week(dt.date(2026, 11, 23))


def make(catalogue: Catalogue, *specs: str, **profile: object) -> Plan:
    return plan(catalogue, WeekRuns(WEEK, [parse_spec(s, WEEK) for s in specs]), Profile(**profile))  # type: ignore[arg-type]


class Page(HTMLParser):
    """What a browser would fetch or run, and the boxes a runner would tick."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []
        self.scripts = 0
        self.boxes: list[str] = []
        self._in_box = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        self.fetches += [v or "" for k, v in attrs if k in ("src", "href")]
        if tag == "li" and ("class", "plain") not in attrs:
            self._in_box, self._text = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._in_box:
            self.boxes.append("".join(self._text))
            self._in_box = False

    def handle_data(self, data: str) -> None:
        if self._in_box:
            self._text.append(data)


def read(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    return parser


def test_every_run_and_item_has_a_box(catalogue: Catalogue) -> None:
    result = make(catalogue, "mon:8k", "tue:45m:tempo", "sat:18k:long", pain=3)
    page = read(html.plan(result))
    items = [i for d in result.days for i in d.items]
    runs = [r for d in result.days for r in d.runs]
    assert len(page.boxes) == len(items) + len(runs)
    for item, box in zip(
        [i for d in result.days for i in d.items],
        [b for b in page.boxes if not b.startswith("Run:")],
        strict=True,
    ):
        assert item.name in box and item.technique in box
    assert sum(b.startswith("Run:") for b in page.boxes) == 3


def test_the_page_is_self_contained_and_the_same_each_time(catalogue: Catalogue) -> None:
    result = make(catalogue, "mon:8k", "sat:18k:long")
    page = html.plan(result)
    parsed = read(page)
    assert parsed.fetches == [] and parsed.scripts == 0
    assert page.startswith("<!DOCTYPE html>") and "@page { size: A4" in page
    assert html.plan(make(catalogue, "mon:8k", "sat:18k:long")) == page


def test_a_stopped_plan_says_stop_and_has_nothing_to_tick(catalogue: Catalogue) -> None:
    page = html.plan(make(catalogue, "mon:8k", pain=9))
    assert re.search(r"<p class=stop>Stop: with back pain of 9/10", page)
    assert read(page).boxes == []


def test_text_is_escaped(catalogue: Catalogue) -> None:
    result = make(catalogue, "mon:8k")
    day = result.days[0]
    odd = day._replace(label="easy <b>run</b> & more")
    page = html.plan(result._replace(days=(odd, *result.days[1:])))
    assert "easy &lt;b&gt;run&lt;/b&gt; &amp; more" in page and "<b>run</b>" not in page
