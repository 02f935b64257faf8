"""Loading, validating, merging and caching technique catalogues.

The bundled catalogue ships inside the package (found with importlib.resources). A user's catalogue
adds techniques and red flags; one whose id already exists replaces the bundled one.

Validation (YAML checks, then pydantic, then cross-references) runs once per catalogue content: the
validated catalogue is cached as plain JSON under the user's cache directory, keyed by a hash of
the files' bytes and runback's version (see ``runback.cache`` for why that is safe).
"""

from __future__ import annotations

import hashlib
import os
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import __version__
from .errors import CatalogueError, DataError, Problem, quoted

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .models import Block, Catalogue, CatalogueFile
    from .yamlsafe import Positions

BUNDLED_NAME = "techniques.yaml"
STARTER_NAME = "starter.yaml"
CACHE_ENV = "RUNBACK_CACHE_DIR"
BUNDLED_ONLY = ("notices", "rules")  # sections a user's catalogue may hold only as the bundled one has them


def bundled_bytes() -> bytes:
    return files("runback").joinpath("data", BUNDLED_NAME).read_bytes()


def starter() -> str:
    """A small catalogue to start one's own from (``runback catalogue init``): one technique and
    one red flag, every field explained in comments."""
    return files("runback").joinpath("data", STARTER_NAME).read_text(encoding="utf-8")


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

    parsed: CatalogueFile | None = None
    try:
        parsed = CatalogueFile.model_validate(raw)
    except ValidationError as e:
        reported = {p.path for p in problems}
        problems += [p for p in _problems(source, e, positions) if p.path not in reported]
    problems += _references(source, raw, positions, base)
    if parsed is not None:
        problems += _rule_references(source, parsed, positions, base)
    if base is not None:
        problems += _bundled_sections(source, raw, positions, base)
    if problems:
        unique = dict.fromkeys(problems)  # one line per problem, however many checks found it
        raise CatalogueError(sorted(unique, key=lambda p: (p.line, p.column)))
    assert parsed is not None
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
    for item, found in zip(items, locs, strict=True):
        if item["type"] == "too_short" and any(
            o[: len(found)] == found and len(o) > len(found) for o in locs
        ):
            continue  # "at least 1 item" because the only item is wrong: that item's error says it all
        loc = _as_written(positions, found)
        line, col = locate(positions, loc)
        message = item["msg"].removeprefix("Value error, ")
        kind = item["type"]
        amount = "dose" in loc
        if amount and kind in ("tuple_type", "int_type", "int_from_float"):
            message = "give a whole number or a [low, high] range of whole numbers"
        elif amount and kind in ("too_long", "too_short"):
            message = f"a range is [low, high]: two whole numbers, not {len(item.get('input') or ())}"
        elif kind == "tuple_type":
            message = "give a list, e.g. [a, b]"
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


def _as_written(positions: Positions, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The place of an error as the file writes it: a number given for a ``[low, high]`` range is
    checked as both ends of the range, but it is one value in the file, with one problem."""
    while loc and isinstance(loc[-1], int) and loc not in positions and loc[:-1] in positions:
        loc = loc[:-1]
    return loc


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def _entries(raw: dict[str, Any], section: str) -> list[tuple[int, dict[str, Any]]]:
    """The mappings in a section's list, as written (whatever else is wrong with them)."""
    items = raw.get(section)
    if not isinstance(items, list):
        return []
    return [(index, item) for index, item in enumerate(items) if isinstance(item, dict)]


def _an_id(value: Any) -> str | None:
    """An id as written, if it is one (a malformed one is a schema error, reported as such)."""
    import re

    from .models import KEBAB_PATTERN

    return value if isinstance(value, str) and re.fullmatch(KEBAB_PATTERN, value) else None


def _references(
    source: str, raw: dict[str, Any], positions: Positions, base: CatalogueFile | None
) -> list[Problem]:
    """Ids unique within the file; every alternative and progression names a technique that
    exists; progressions never go round in a circle, and a step up is the same kind of exercise. Read from the file as written, so that these
    come in the same pass as every schema error, not only once the schema is right."""
    from .yamlsafe import dotted, locate

    problems: list[Problem] = []

    def add(loc: tuple[str | int, ...], message: str) -> None:
        line, col = locate(positions, loc)
        problems.append(Problem(source, line, col, dotted(loc), message))

    techniques = _entries(raw, "techniques")
    known = {i for _, t in techniques if (i := _an_id(t.get("id")))}
    known |= {t.id for t in base.techniques} if base else set()
    for section in ("techniques", "red_flags"):
        first: dict[str, int] = {}
        for index, item in _entries(raw, section):
            item_id = _an_id(item.get("id"))
            if item_id is None:
                continue
            if item_id in first:
                add((section, index, "id"), f"duplicate id '{item_id}' (also {section}.{first[item_id]})")
            first.setdefault(item_id, index)
    links = {t.id: t.progression_of for t in base.techniques} if base else {}
    category: dict[str, Any] = {t.id: t.category.value for t in base.techniques} if base else {}
    category.update({i: t.get("category") for _, t in techniques if (i := _an_id(t.get("id")))})
    for index, technique in techniques:
        own = _an_id(technique.get("id"))
        alternatives = technique.get("alternatives")
        for j, other in enumerate(alternatives if isinstance(alternatives, list) else []):
            if _an_id(other) is None:
                continue
            if other == own:
                add(("techniques", index, "alternatives", j), "a technique cannot be its own alternative")
            elif other not in known:
                add(("techniques", index, "alternatives", j), f"no technique with id '{other}'")
        step = _an_id(technique.get("progression_of"))
        if step is not None and step == own:
            add(("techniques", index, "progression_of"), "a technique cannot be a progression of itself")
        elif step is not None and step not in known:
            add(("techniques", index, "progression_of"), f"no technique with id '{step}'")
        elif (
            step is not None
            and isinstance(lower := category.get(step), str)
            and lower != technique.get("category")
        ):
            add(
                ("techniques", index, "progression_of"),
                f"'{step}' is {lower}, not {technique.get('category')}: a ladder is one kind of exercise",
            )
        if own is not None:
            links[own] = step
    for index, technique in techniques:
        own = _an_id(technique.get("id"))
        if own is not None and links.get(own) not in (None, own):
            circle = _circle(own, links)
            if circle is not None:
                add(
                    ("techniques", index, "progression_of"),
                    f"progressions go round in a circle through '{circle}'",
                )
    return problems


def _circle(start: str, links: dict[str, str | None]) -> str | None:
    """Where following ``progression_of`` from ``start`` comes back to a technique already passed."""
    seen = {start}
    step = links.get(start)
    while step is not None and step in links:
        if step in seen:
            return step
        seen.add(step)
        step = links.get(step)
    return None


def _rule_references(
    source: str, parsed: CatalogueFile, positions: Positions, base: CatalogueFile | None
) -> list[Problem]:
    """Every technique the rules name (in blocks, conditions and routines) exists."""
    from .yamlsafe import dotted, locate

    if parsed.rules is None:
        return []
    known = {t.id for t in parsed.techniques} | ({t.id for t in base.techniques} if base else set())
    rules = parsed.rules
    named: list[tuple[tuple[str | int, ...], tuple[Block, ...]]] = [
        (("rules", "blocks", name), getattr(rules.blocks, name)) for name in type(rules.blocks).model_fields
    ]
    named += [(("rules", "conditions", c.value, "add"), r.add) for c, r in rules.conditions.items()]
    named += [(("rules", "routines", name), b) for name, b in rules.routines.items()]
    missing: list[tuple[tuple[str | int, ...], str]] = []
    for loc, group in named:
        for i, block in enumerate(group):
            for key in ("only", "prefer"):
                missing += [
                    ((*loc, i, key, j), t) for j, t in enumerate(getattr(block, key)) if t not in known
                ]
    for condition, rule in rules.conditions.items():
        where = ("rules", "conditions", condition.value, "prefer_cross_training")
        missing += [((*where, j), t) for j, t in enumerate(rule.prefer_cross_training) if t not in known]
    problems = []
    for loc, technique_id in missing:
        line, col = locate(positions, loc)
        problems.append(Problem(source, line, col, dotted(loc), f"no technique with id '{technique_id}'"))
    return problems


def _bundled_sections(
    source: str, raw: dict[str, Any], positions: Positions, base: CatalogueFile
) -> list[Problem]:
    """A user's catalogue may hold the bundled catalogue's notices and rules only as they are
    there (so a copy of the bundled file is a catalogue of one's own): they cannot be changed."""
    from pydantic import ValidationError

    from .models import Notices, Rules
    from .yamlsafe import locate

    problems = []
    for section, model in (("notices", Notices), ("rules", Rules)):
        if raw.get(section) is None:
            continue
        try:
            same = model.model_validate(raw[section]) == getattr(base, section)
        except ValidationError:
            continue  # reported with the schema's errors
        if not same:
            line, col = locate(positions, (section,))
            problems.append(
                Problem(
                    source, line, col, section,
                    f"differs from the bundled catalogue's {section}, which a catalogue of your own "
                    f"cannot change: remove this section, or keep it exactly as bundled",
                )
            )  # fmt: skip
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
    digest = hashlib.sha256()
    for part in (__version__.encode(), bundled, str(user_path or "").encode(), user):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()
