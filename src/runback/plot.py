"""Charts of the training history as PNG or SVG files, drawn by matplotlib (the optional
``runback[plot]`` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import RunbackError
from .history import History, Report
from .output import Written, write_atomic_bytes


def install_hint(prefix: str | None = None, base: str | None = None, python: str | None = None) -> str:
    """How to add matplotlib to the environment runback runs in: pipx's own command for a pipx
    install, else this interpreter's pip (a system Python refuses a bare ``pip install``)."""
    import shlex
    import sys

    prefix = sys.prefix if prefix is None else prefix
    base = sys.base_prefix if base is None else base
    python = sys.executable if python is None else python
    if "pipx" in Path(prefix).parts and Path(prefix).parent.name == "venvs":
        return f"pipx inject {Path(prefix).name} matplotlib"
    if prefix != base:
        return f"{shlex.quote(python)} -m pip install matplotlib"
    return "install runback with pipx, then: pipx inject runback matplotlib"


def plot_history(history: History, path: Path) -> Written:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise RunbackError(f"--plot needs matplotlib: {install_hint()}") from None
    weeks = history.weeks
    labels = [w.week.label[5:] for w in weeks]
    figure, distance = plt.subplots(figsize=(max(6.0, 0.45 * len(weeks)), 3.6), dpi=100)
    distance.bar(labels, [w.km for w in weeks], color="#4a7", label="distance (km)")
    distance.set_ylabel("km per week")
    distance.tick_params(axis="x", labelrotation=60, labelsize=8)
    pain = distance.twinx()
    pain.plot(labels, [w.pain_avg if w.pain_avg is not None else float("nan") for w in weeks],
              color="#c33", marker="o", label="average pain")  # fmt: skip
    pain.set_ylim(0, 10)
    pain.set_ylabel("pain (0-10)")
    distance.set_title("Weekly distance and average back pain")
    figure.tight_layout()
    import io

    buffer = io.BytesIO()
    suffix = path.suffix.lower().lstrip(".")
    metadata = {"Date": None} if suffix == "svg" else {}
    matplotlib.rcParams["svg.hashsalt"] = "runback"
    figure.savefig(buffer, format=suffix, metadata=metadata)
    plt.close(figure)
    return write_atomic_bytes(path, buffer.getvalue())


def report_png(report: Report) -> bytes | None:
    """The report's chart as a PNG, for a Markdown note that shows pictures but cannot draw inline
    SVG: distance a day as bars, the day's worst pain, the morning's pain and the PSFS as lines on
    0-10. None when matplotlib (``runback[plot]``) is not installed: the picture is optional, the
    sparklines say the same. No date or version in the file: the same report draws the same bytes."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    import io

    points = report.chart
    x = list(range(len(points)))
    figure, distance = plt.subplots(figsize=(8.0, 2.6), dpi=100)
    distance.bar(x, [p.km for p in points], color="#9cc9a6", label="run km a day")
    distance.set_ylabel("km a day")
    distance.set_ylim(0, 1.3 * max(5.0, *(p.km for p in points)))  # room above for the legend
    mondays = [i for i, p in enumerate(points) if p.date.weekday() == 0]
    distance.set_xticks(mondays, [f"W{points[i].date.isocalendar()[1]:02d}" for i in mondays], fontsize=8)
    scores = distance.twinx()
    styles: tuple[tuple[str, list[float | None], dict[str, Any]], ...] = (
        ("pain, the day's worst", [p.pain for p in points], {"color": "#c0392b", "marker": "o", "markersize": 3}),
        ("pain, morning", [p.morning for p in points], {"color": "#e67e22", "marker": "o", "markersize": 5,
                                                         "fillstyle": "none", "linestyle": "--"}),
        ("PSFS average", [p.psfs for p in points], {"color": "#2c6fbb", "marker": "s", "markersize": 4}),
    )  # fmt: skip
    for name, values, style in styles:
        kept = [(i, v) for i, v in zip(x, values, strict=True) if v is not None]
        if kept:
            scores.plot([i for i, _ in kept], [v for _, v in kept], label=name, linewidth=1.2, **style)
    scores.set_ylim(0, 13)
    scores.set_yticks([0, 2, 4, 6, 8, 10])
    scores.set_ylabel("0-10")
    handles = distance.get_legend_handles_labels()[0] + scores.get_legend_handles_labels()[0]
    scores.legend(handles=handles, loc="upper left", fontsize=7, ncols=4, frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()
