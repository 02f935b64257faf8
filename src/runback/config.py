"""The runner's settings, set once in a TOML file; command-line options override them.

The file lives in the platform's config directory (``runback config path``), or at $RUNBACK_CONFIG:

    conditions = ["sciatica"]
    sitting-hours = 8
    has = ["pool", "foam-roller", "yoga-mat"]
    minutes = 25
    units = "km"           # or "mi": distances in miles, a bare weight in pounds
    weight = 70            # kg (or "154lb"; a bare number is pounds with units = "mi")
    easy-pace = "5:40/km"  # or "9:10/mi"
    previous-weeks = ["30k", "34k", "31k", "35k"]
"""

import os
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError, ValidationInfo, field_validator

from . import bounds
from .errors import DataError, UsageError
from .units import Units, read_pace, read_weight
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
    units: Units | None = None
    weight: float | str | None = None
    """Body mass as written: kilograms, ``"150lb"`` or ``"68kg"``; a bare number is pounds when
    ``units`` is ``mi``. Checked here; read with ``weight_kg``."""
    easy_pace: Annotated[str | None, Field(alias="easy-pace")] = None
    previous_weeks: Annotated[tuple[str | float, ...], Field(alias="previous-weeks")] = ()
    get_ready: Annotated[StrictInt | None, Field(ge=0, le=30, alias="get-ready")] = None

    @field_validator("weight", mode="before")
    @classmethod
    def _a_number_or_text(cls, value: object) -> object:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float | str)):
            raise ValueError(f'give a number of kg, or a text such as "150lb" (got {value!r})')
        return value

    @field_validator("weight")
    @classmethod
    def _plausible_weight(cls, value: float | str | None, info: ValidationInfo) -> float | str | None:
        if value is not None:
            _reasonable(read_weight, str(value), info.data.get("units") or Units.km)
        return value

    @field_validator("easy_pace")
    @classmethod
    def _a_pace(cls, value: str | None) -> str | None:
        if value is not None:
            _reasonable(read_pace, value)
        return value

    def shown_units(self, given: Units | None = None) -> Units:
        """The units to show: those ``given`` on the command line, else the config's, else km."""
        return given or self.units or Units.km

    def weight_kg(self) -> float | None:
        """The body mass in kg, read in the file's own units; None if not set."""
        return None if self.weight is None else read_weight(str(self.weight), self.shown_units(), "weight")

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


def _reasonable(read: Any, *args: Any) -> None:
    """Run a reader of typed values, its UsageError as the ValueError pydantic reports."""
    try:
        read(*args, "")
    except UsageError as e:
        raise ValueError(str(e).removeprefix(": ")) from None


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
            elif item["type"] == "value_error":
                message = str(item["ctx"]["error"])
            else:
                message = f"{item['msg']} (got {item['input']!r})"
            problems.append(f"{path}:{_line_of(text, key)}: {key}: {message}")
        raise DataError("\n".join(problems)) from None


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line):
            return number
    return 1
