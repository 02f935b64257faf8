"""Where runback keeps its files by default: the platform's config, data and cache folders
(platformdirs, which honours the XDG variables), or nowhere when there is no home directory.

Containers and some CI machines run without HOME and without a passwd entry: then there is no
cache and no config file, and commands that need the journal say how to name one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Kind = Literal["config", "data", "cache"]


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
