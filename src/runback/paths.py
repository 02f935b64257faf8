"""Where runback keeps its files by default: the platform's config, data and cache folders
(platformdirs, which honours the XDG variables), or nowhere when there is no home directory.

Containers and some CI machines run without HOME and without a passwd entry: then there is no
cache and no config file, and commands that need the journal say how to name one.

Nothing is imported at module level: shell completion reads the cache before anything else loads.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing itself is not imported at run time
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Literal

    Kind = Literal["config", "data", "cache"]

CACHE_ENV = "RUNBACK_CACHE_DIR"  # names the cache folder (tests, benchmarks, a shared machine)


def user_dir(kind: Kind) -> Path | None:
    """runback's folder of this kind for this user, or None when the home directory is unknown."""
    import platformdirs

    find = {
        "config": platformdirs.user_config_path,
        "data": platformdirs.user_data_path,
        "cache": platformdirs.user_cache_path,
    }[kind]
    try:
        path = find("runback", appauthor=False)
    except (RuntimeError, KeyError, OSError):  # no HOME and no passwd entry
        return None
    return path if path.is_absolute() else None


def xdg_cache_dir() -> str | None:
    """The cache folder as platformdirs finds it on Linux and the BSDs when the home is known
    ($XDG_CACHE_HOME/runback, else $HOME/.cache/runback), worked out without importing
    platformdirs, which would cost shell completion more than everything else it does.

    None where platformdirs has to answer (macOS, Windows, Android, no absolute HOME). A wrong
    answer would only cost speed: what completion reads from the cache is keyed by what it was
    made from, and it is always written where ``user_dir`` says."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) or "ANDROID_ROOT" in os.environ:
        return None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # noqa: PTH117 (no pathlib at start-up)
        return os.path.join(xdg, "runback")  # noqa: PTH118
    home = os.environ.get("HOME", "")
    return os.path.join(home, ".cache", "runback") if os.path.isabs(home) else None  # noqa: PTH117, PTH118
