"""Loading, validating, merging and caching technique catalogues.

The bundled catalogue ships inside the package (found with importlib.resources). A user's catalogue
adds techniques and red flags; one whose id already exists replaces the bundled one.

Validation (YAML checks, then pydantic, then cross-references) runs once per catalogue content: the
validated catalogue is cached as plain JSON under the user's cache directory, keyed by a hash of
the files' bytes and runback's version (see ``runback.cache`` for why that is safe).
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import __version__
from .errors import CatalogueError, DataError, Problem, quoted
from .paths import CACHE_ENV

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .models import Block, Catalogue, CatalogueFile
    from .yamlsafe import Positions

BUNDLED_NAME = "techniques.yaml"


def bundled_bytes() -> bytes:
    return files("runback").joinpath("data", BUNDLED_NAME).read_bytes()


class Checked(NamedTuple):
    """A catalogue file that validated, with what it adds to and replaces in the bundled one."""

    source: str
    file: CatalogueFile
    added: list[str]
    replaced: list[str]


def load_catalogue(user_path: Path | None = None, *, use_cache: bool = True) -> Catalogue:
    """The bundled catalogue, merged with a user's catalogue when one is given."""
    bundled = bundled_bytes()
    user = _read_bytes(user_path) if user_path else b""
    key = _cache_key(bundled, user, user_path)
    directory = cache_dir() if use_cache else None
    if directory is not None:
        from . import cache
        from .models import Catalogue

        cached = cache.read(directory, key, Catalogue)
        if cached is not None:
            return cached
    catalogue = _build(bundled, user_path, user)
    if directory is not None:
        cache.write(directory, key, catalogue)
    return catalogue


def check_file(path: Path) -> Checked:
    """Validate a user's catalogue file against the bundled one; raise CatalogueError listing every problem."""
    data = _read_bytes(path)
    base = parse("bundled catalogue", bundled_bytes())
    user = parse(str(path), data, base=base)
    bundled_ids = {t.id for t in base.techniques} | {f.id for f in base.red_flags}
    ids = [t.id for t in user.techniques] + [f.id for f in user.red_flags]
    return Checked(
        source=str(path),
        file=user,
        added=[i for i in ids if i not in bundled_ids],
        replaced=[i for i in ids if i in bundled_ids],
    )


def parse(source: str, data: bytes, *, base: CatalogueFile | None = None) -> CatalogueFile:
    """Parse and validate one catalogue file's bytes; ``base``, for a user's file, is what it adds to."""
    from . import yamlsafe
    from .models import CatalogueFile

    text = yamlsafe.decode(data, source)
    if not text.strip():
        raise CatalogueError(f"{source}: is empty; a catalogue has a 'techniques:' list")
    try:
        raw, positions, problems = yamlsafe.load_lenient(text, source)
    except DataError as e:
        raise CatalogueError(e.problems or str(e)) from None
    if not isinstance(raw, dict):
        raise CatalogueError(
            f"{source}: is not a catalogue: expected a mapping with a 'techniques:' list, found {_kind(raw)}"
        )
    from pydantic import ValidationError

    try:
        parsed = CatalogueFile.model_validate(raw)
    except ValidationError as e:
        reported = {p.path for p in problems}
        problems += [p for p in _problems(source, e, positions) if p.path not in reported]
    else:
        problems += _cross_check(source, parsed, positions, base)
    if problems:
        raise CatalogueError(sorted(problems, key=lambda p: (p.line, p.column)))
    return parsed


def _build(bundled: bytes, user_path: Path | None, user: bytes) -> Catalogue:
    from .models import Catalogue

    base = parse("bundled catalogue", bundled)
    if base.notices is None or base.rules is None:
        raise CatalogueError("bundled catalogue: has no 'notices:' or 'rules:' section; reinstall runback")
    techniques = {t.id: t for t in base.techniques}
    flags = {f.id: f for f in base.red_flags}
    if user_path is not None:
        extra = parse(str(user_path), user, base=base)
        techniques.update((t.id, t) for t in extra.techniques)
        flags.update((f.id, f) for f in extra.red_flags)
    return Catalogue(
        techniques=tuple(techniques.values()),
        red_flags=tuple(flags.values()),
        notices=base.notices,
        rules=base.rules,
    )


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; ``parse`` decodes them (and names the place of any byte that is not UTF-8)."""
    from .yamlsafe import read_bytes

    try:
        return read_bytes(path, "catalogue")
    except DataError as e:
        raise CatalogueError(e.problems or str(e)) from None


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"a single value ({value!r:.40})"


def _problems(source: str, error: ValidationError, positions: Positions) -> list[Problem]:
    from .models import PATTERN_HELP
    from .yamlsafe import dotted, locate

    problems = []
    items = error.errors(include_url=False)
    locs = [tuple(part for part in i["loc"] if not (isinstance(part, str) and "[" in part)) for i in items]
    for item, loc in zip(items, locs, strict=True):
        if item["type"] == "too_short" and any(o[: len(loc)] == loc and len(o) > len(loc) for o in locs):
            continue  # "at least 1 item" because the only item is wrong: that item's error says it all
        line, col = locate(positions, loc)
        message = item["msg"].removeprefix("Value error, ")
        kind = item["type"]
        if kind == "missing":
            message = "required field is missing"
        elif kind == "extra_forbidden":
            message = "unknown field (check its spelling)"
        elif kind not in ("value_error", "assertion_error") and _is_scalar(item.get("input")):
            if kind == "string_pattern_mismatch":
                message = PATTERN_HELP.get(item.get("ctx", {}).get("pattern", ""), message)
            message = f"{message} (got {quoted(item['input'])})"
        problems.append(Problem(source, line, col, dotted(loc), message))
    return problems


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def _cross_check(
    source: str, parsed: CatalogueFile, positions: Positions, base: CatalogueFile | None
) -> list[Problem]:
    """Ids unique within the file; every alternative and progression names a technique that exists."""
    from .yamlsafe import dotted, locate

    problems: list[Problem] = []

    def add(loc: tuple[str | int, ...], message: str) -> None:
        line, col = locate(positions, loc)
        problems.append(Problem(source, line, col, dotted(loc), message))

    for section in ("notices", "rules"):
        if base is not None and getattr(parsed, section) is not None:
            add((section,), f"only the bundled catalogue sets {section}; remove this section")
    known = {t.id for t in parsed.techniques} | ({t.id for t in base.techniques} if base else set())
    sections: tuple[tuple[str, list[str]], ...] = (
        ("techniques", [t.id for t in parsed.techniques]),
        ("red_flags", [f.id for f in parsed.red_flags]),
    )
    for section, ids in sections:
        first: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            if item_id in first:
                add((section, index, "id"), f"duplicate id '{item_id}' (also {section}.{first[item_id]})")
            first.setdefault(item_id, index)
    for index, technique in enumerate(parsed.techniques):
        for j, other in enumerate(technique.alternatives):
            if other == technique.id:
                add(("techniques", index, "alternatives", j), "a technique cannot be its own alternative")
            elif other not in known:
                add(("techniques", index, "alternatives", j), f"no technique with id '{other}'")
        if technique.progression_of == technique.id:
            add(("techniques", index, "progression_of"), "a technique cannot be a progression of itself")
        elif technique.progression_of and technique.progression_of not in known:
            add(("techniques", index, "progression_of"), f"no technique with id '{technique.progression_of}'")
    if parsed.rules is not None:
        rules = parsed.rules
        named: list[tuple[tuple[str | int, ...], tuple[Block, ...]]] = [
            (("rules", "blocks", name), getattr(rules.blocks, name))
            for name in type(rules.blocks).model_fields
        ]
        named += [(("rules", "conditions", c.value, "add"), r.add) for c, r in rules.conditions.items()]
        named += [(("rules", "routines", name), b) for name, b in rules.routines.items()]
        for loc, group in named:
            for i, block in enumerate(group):
                for key in ("only", "prefer"):
                    for j, tid in enumerate(getattr(block, key)):
                        if tid not in known:
                            add((*loc, i, key, j), f"no technique with id '{tid}'")
        for condition, rule in rules.conditions.items():
            for j, tid in enumerate(rule.prefer_cross_training):
                if tid not in known:
                    add(
                        ("rules", "conditions", condition.value, "prefer_cross_training", j),
                        f"no technique with id '{tid}'",
                    )
    problems += _progression_cycles(source, parsed, positions, base)
    return problems


def _progression_cycles(
    source: str, parsed: CatalogueFile, positions: Positions, base: CatalogueFile | None
) -> list[Problem]:
    """A technique's progressions form a ladder: following ``progression_of`` never comes back,
    and a step up is the same kind of exercise (a strength ladder stays strength work)."""
    from .yamlsafe import dotted, locate

    links = {t.id: t.progression_of for t in base.techniques} if base else {}
    links.update({t.id: t.progression_of for t in parsed.techniques})
    category = {t.id: t.category for t in base.techniques} if base else {}
    category.update({t.id: t.category for t in parsed.techniques})
    problems = []
    for index, technique in enumerate(parsed.techniques):
        lower = technique.progression_of
        if lower in category and category[lower] is not technique.category:
            loc = ("techniques", index, "progression_of")
            line, col = locate(positions, loc)
            problems.append(Problem(source, line, col, dotted(loc),
                                    f"'{lower}' is {category[lower].value}, not {technique.category.value}: "
                                    "a ladder is one kind of exercise"))  # fmt: skip
    for index, technique in enumerate(parsed.techniques):
        seen = {technique.id}
        step = links.get(technique.id)
        while step is not None and step in links:
            if step in seen:
                loc = ("techniques", index, "progression_of")
                line, col = locate(positions, loc)
                problems.append(
                    Problem(
                        source, line, col, dotted(loc), f"progressions go round in a circle through '{step}'"
                    )
                )
                break
            seen.add(step)
            step = links.get(step)
    return problems


# --- the cache of validated catalogues -----------------------------------------------------------


def cache_dir() -> Path | None:
    """Where validated catalogues are cached; None when there is no home to keep a cache in."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    from .paths import user_dir

    return user_dir("cache")


def _cache_key(bundled: bytes, user: bytes, user_path: Path | None) -> str:
    from .cache import fingerprint

    return fingerprint(__version__.encode(), bundled, str(user_path or "").encode(), user)
