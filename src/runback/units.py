"""Kilometres or miles, kilograms or pounds: what the runner reads and types.

runback keeps every distance in kilometres and every mass in kilograms; these functions turn them
into the runner's units for reading (``distance``, ``pace``) and read what they type
(``read_weight``, ``read_pace``), with the plausibility bounds of ``bounds``.
"""

from __future__ import annotations

import re
from enum import StrEnum

from . import bounds
from .errors import UsageError, quoted

MILE_KM = 1.609344
POUND_KG = 0.45359237
FL_OZ_ML = 29.5735  # a US fluid ounce


class Units(StrEnum):
    km = "km"
    mi = "mi"


def number(value: float) -> str:
    """One decimal at most: 8, 8.5, 13.6."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def convert(km: float, units: Units) -> float:
    """``km`` in ``units``, to one decimal."""
    return round(km / MILE_KM if units is Units.mi else km, 1)


def distance(km: float, units: Units = Units.km) -> str:
    """``8 km`` or ``5 mi``."""
    return f"{number(convert(km, units))} {units.value}"


def body_mass(kg: float, units: Units = Units.km) -> str:
    """``68 kg``, or ``150 lb`` for a runner in miles."""
    return f"{round(kg / POUND_KG)} lb" if units is Units.mi else f"{number(kg)} kg"


def pace(min_per_km: float, units: Units = Units.km) -> str:
    """``5:40/km`` or ``9:07/mi``."""
    per = min_per_km * MILE_KM if units is Units.mi else min_per_km
    seconds = round(per * 60)
    return f"{seconds // 60}:{seconds % 60:02d}/{units.value}"


_PACE = re.compile(r"(\d{1,2}):([0-5]\d)\s*(?:/|\s*per\s*|\s*min/)\s*(km|k|mi|mile)")


def read_pace(text: str, where: str) -> float:
    """Minutes per kilometre from ``5:40/km`` or ``9:10/mi``; a UsageError names ``where``."""
    match = _PACE.fullmatch(text.strip().lower())
    if match is None:
        raise UsageError(f"{where}: {quoted(text)} is not a pace; write MM:SS/km or MM:SS/mi, e.g. 5:40/km")
    minutes = int(match[1]) + int(match[2]) / 60
    per_km = minutes / MILE_KM if match[3] in ("mi", "mile") else minutes
    low, high = bounds.EASY_PACE_MIN_PER_KM
    if not low <= per_km <= high:
        raise UsageError(
            f"{where}: {quoted(text)} is not a plausible easy pace "
            f"(between {pace(low)} and {pace(high)}, or {pace(low, Units.mi)} and {pace(high, Units.mi)})"
        )
    return per_km


_WEIGHT = re.compile(r"(\d+(?:\.\d+)?)\s*(kg|kgs|lb|lbs|pounds?)?")


def read_weight(text: str, units: Units, where: str = "--weight") -> float:
    """Kilograms from ``68``, ``68kg`` or ``150lb``. A bare number is kilograms, or pounds when
    the runner reads miles; the plan says which (``for 68 kg``, ``for 150 lb``)."""
    match = _WEIGHT.fullmatch(text.strip().lower())
    if match is None:
        raise UsageError(f"{where}: {quoted(text)} is not a body mass; write 68, 68kg or 150lb")
    value, unit = float(match[1]), match[2]
    pounds = (unit is not None and unit.startswith(("lb", "pound"))) or (unit is None and units is Units.mi)
    kg = value * POUND_KG if pounds else value
    low, high = bounds.WEIGHT_KG
    if not low <= kg <= high:
        shown = f"{number(value)} lb" if pounds else f"{number(value)} kg"
        raise UsageError(
            f"{where}: {shown} is not a plausible body mass "
            f"({low}-{high} kg, {round(low / POUND_KG)}-{round(high / POUND_KG)} lb)"
        )
    return kg
