"""The runner's settings, set once in a TOML file; command-line options override them.

The file lives in the platform's config directory (``runback config path``), or at $RUNBACK_CONFIG:

    conditions = ["sciatica"]
    sitting-hours = 8
    has = ["pool", "foam-roller", "yoga-mat"]
    minutes = 25
    weight = 70
    previous-weeks = ["30k", "34k", "31k", "35k"]
"""

import os
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from . import bounds
from .errors import DataError
from .vocab import Condition, Equipment

CONFIG_ENV = "RUNBACK_CONFIG"


class Settings(BaseModel):
    """What the config file sets; None or empty where it sets nothing."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    conditions: tuple[Condition, ...] = ()
    sitting_hours: Annotated[
        float | None, Field(ge=bounds.SITTING_HOURS[0], le=bounds.SITTING_HOURS[1], alias="sitting-hours")
    ] = None
    has: tuple[Equipment, ...] = ()
    minutes: Annotated[StrictInt | None, Field(ge=bounds.DAILY_MINUTES[0], le=bounds.DAILY_MINUTES[1])] = None
    weight: Annotated[float | None, Field(ge=bounds.WEIGHT_KG[0], le=bounds.WEIGHT_KG[1])] = None
    previous_weeks: Annotated[tuple[str | float, ...], Field(alias="previous-weeks")] = ()
    get_ready: Annotated[StrictInt | None, Field(ge=0, le=30, alias="get-ready")] = None

    def as_toml(self) -> str:
        """The settings that are set, as lines of the config file."""
        lines = []
        for name, info in type(self).model_fields.items():
            value = getattr(self, name)
            if value is None or value == ():
                continue
            text = f"[{', '.join(map(_toml, value))}]" if isinstance(value, tuple) else _toml(value)
            lines.append(f"{info.alias or name} = {text}")
        return "".join(f"{line}\n" for line in lines)


KEYS = tuple(info.alias or name for name, info in Settings.model_fields.items())


def _toml(value: Any) -> str:
    if isinstance(value, str):  # enum values are str too
        return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def config_path() -> Path | None:
    """The config file's path; None when there is no home directory to keep one in."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    from .paths import user_dir

    folder = user_dir("config")
    return folder / "config.toml" if folder is not None else None


def load_settings(path: Path | None = None) -> Settings:
    """The settings in the config file; all defaults when there is no file."""
    path = path or config_path()
    if path is None or not path.exists():
        return Settings.model_construct()  # the defaults, without building a validator for them
    import tomllib

    from .yamlsafe import read_text

    text = read_text(path, "config file")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise DataError(f"{path}: not valid TOML: {e}") from None
    try:
        return Settings.model_validate(raw)
    except ValidationError as e:
        problems = []
        for item in e.errors(include_url=False):
            key = str(item["loc"][0]) if item["loc"] else ""
            if item["type"] == "extra_forbidden":
                message = f"unknown setting; the settings are {', '.join(KEYS)}"
            else:
                message = f"{item['msg']} (got {item['input']!r})"
            problems.append(f"{path}:{_line_of(text, key)}: {key}: {message}")
        raise DataError("\n".join(problems)) from None


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line):
            return number
    return 1
