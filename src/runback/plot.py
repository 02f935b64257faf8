"""Charts of the training history as PNG or SVG files, drawn by matplotlib (the optional
``runback[plot]`` extra)."""

from __future__ import annotations

from pathlib import Path

from .errors import RunbackError
from .history import History
from .output import Written, write_atomic_bytes


def plot_history(history: History, path: Path) -> Written:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise RunbackError("--plot needs matplotlib: pip install 'runback[plot]'") from None
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
