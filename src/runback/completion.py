"""Shell completion answered before the framework loads.

Each press of Tab starts runback anew, and Typer's answer costs most of its time importing Typer,
rich and pydantic. This module gives the same answer from a small index of the command tree,
importing only the lightest parts of the standard library. ``runback.completion_index`` builds the
index from the Typer app and the catalogue in use, and keeps it in the private cache (plain JSON,
through ``runback.cache``), keyed by runback's version and the catalogue's bytes, so that an
upgrade or an edited catalogue makes a new one.

The answer follows Click's own steps (``shell_completion.py`` in Typer's copy of Click): split the
words typed so far, parse them as Click does when it completes (resiliently: a bad word ends the
parse, never the answer), find the command and the parameter being completed, and print the
candidates exactly as Typer's bash, zsh and fish classes do. Whatever the index does not model (a
completer it cannot replay, a help text that Typer's rich rendering would change) is answered by
Typer itself. The index holds data only, and everything printed is escaped here as Typer escapes
it, so even a doctored index cannot put code into the user's shell.
"""

from __future__ import annotations

import os
import sys

from . import __version__
from .cache import MAX_BYTES, could_keep, fingerprint, read_document
from .paths import CACHE_ENV, xdg_cache_dir

TYPE_CHECKING = False  # typing is not imported at run time: it would cost every Tab
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    Item = tuple[str, "str | None"]  # a candidate and its help

PREFIX = "completion-"
FORMAT = "runback.completion-index/1"
PACKAGE = os.path.dirname(__file__)  # noqa: PTH120 (no pathlib at start-up)
BUNDLED = os.path.join(PACKAGE, "data", "techniques.yaml")  # noqa: PTH118
SKIPPED = ("__pycache__", "data")  # folders of the package that hold no modules
RULES = ("prefix", "nocase", "list", "typer")  # how a parameter's values are completed (see completion_index)


class Unanswerable(Exception):
    """The index cannot give Typer's answer to this question: Typer must."""


# --- the question: what the shell typed --------------------------------------------------------


def split_words(text: str) -> list[str]:
    """Words as a POSIX shell splits them; an unclosed quote keeps its partial word (Click's
    ``split_arg_string``)."""
    import shlex

    lex = shlex.shlex(text, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    words: list[str] = []
    try:
        words.extend(lex)
    except ValueError:
        words.append(lex.token)
    return words


def typed(shell: str, env: Mapping[str, str]) -> tuple[list[str], str]:
    """The complete words after the program's name, and the word being completed, from the
    variables each shell's completion script sets (as Typer's shell classes read them)."""
    if shell == "bash":
        try:
            words, cword = split_words(env["COMP_WORDS"]), int(env["COMP_CWORD"])
        except (KeyError, ValueError):
            raise Unanswerable from None  # Typer says what is wrong
        try:
            incomplete = words[cword]
        except IndexError:
            incomplete = ""
        return words[1:cword], incomplete
    line = env.get("_TYPER_COMPLETE_ARGS", "")
    args = split_words(line)[1:]
    if args and not line.endswith(" "):
        return args[:-1], args[-1]
    return args, ""


# --- the index -----------------------------------------------------------------------------------


def cache_folder() -> str | None:
    """Where the index is read from: the cache folder, found without platformdirs where that can be done."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return override
    quick = xdg_cache_dir()
    if quick is not None:
        return quick
    from .catalogue import cache_dir

    folder = cache_dir()
    return None if folder is None else str(folder)


def regular_bytes(path: str) -> bytes | None:
    """A regular file's bytes (past the catalogue's bound it is refused when loaded, so what is
    read is bounded too), or None when it is not one or cannot be read."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def code_stamp(folder: str = PACKAGE) -> bytes:
    """Each of runback's modules under ``folder`` by name, size and modification time (as
    Python's bytecode cache tells a changed module): a reinstall or an edited module without a
    new version still gets a new index. A few hundred microseconds; no module is read."""
    found: list[str] = []
    folders = [folder]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    found.append(f"{entry.path}:{info.st_size}:{info.st_mtime_ns}")
                elif entry.name not in SKIPPED and entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
    return "\n".join(sorted(found)).encode()


def index_key(catalogue: str | None) -> str:
    """The index's key: runback's version, its modules (``code_stamp``) and the bundled
    catalogue's bytes, and the user's catalogue as the command line names it, with its bytes
    (or that it cannot be read)."""
    made_from = (__version__.encode(), code_stamp(), regular_bytes(BUNDLED) or b"")
    if catalogue is None:
        return fingerprint(*made_from)
    user = regular_bytes(catalogue)
    return fingerprint(*made_from, catalogue.encode(), b"" if user is None else b"=" + user)


def load(folder: str | None, key: str) -> dict[str, Any] | None:
    """The stored index for ``key``, when it is there, private, and has the index's shape."""
    index = read_document(folder, PREFIX, key, FORMAT)
    return index if valid_index(index) else None


def index_for(folder: str | None, catalogue: str | None) -> dict[str, Any]:
    """The index for this catalogue: stored, or built now (slow, once) and stored."""
    key = index_key(catalogue)
    index = load(folder, key)
    if index is not None:
        return index
    if folder is None or not could_keep(folder):
        raise Unanswerable  # nowhere to keep an index: building one for every Tab is slower than Typer
    from .completion_index import build

    return build(catalogue, key)


def _is_items(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(i, list)
        and len(i) == 2
        and isinstance(i[0], str)
        and (i[1] is None or isinstance(i[1], str))
        for i in value
    )


def _is_names(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(n, str) and n[:1] and not n[:1].isalnum() for n in value
    )


def _valid_param(param: Any) -> bool:
    if not isinstance(param, dict):
        return False
    flags = ("argument", "takes_value", "multiple", "hidden", "exact")
    return (
        isinstance(param.get("name"), str)
        and all(type(param.get(f)) is bool for f in flags)
        and _is_names(param.get("opts"))
        and _is_names(param.get("secondary"))
        and param.get("nargs") in ((1, -1) if param["argument"] else (1,))
        and type(param["nargs"]) is int
        and (param.get("help") is None or isinstance(param["help"], str))
        and param.get("rule") in RULES
        and _is_items(param.get("items"))
    )


def _valid_node(node: Any, depth: int = 0) -> bool:
    if not isinstance(node, dict) or depth > 4 or type(node.get("typer")) is not bool:
        return False
    if node["typer"]:
        return True  # nothing else of it is read
    commands = node.get("commands")
    return (
        all(type(node.get(f)) is bool for f in ("group", "interspersed", "exact"))
        and isinstance(node.get("params"), list)
        and all(_valid_param(p) for p in node["params"])
        and _is_items(node.get("listed"))
        and isinstance(commands, dict)
        and all(_valid_node(child, depth + 1) for child in commands.values())
    )


def valid_index(index: Any) -> bool:
    """Whether a value read back has the shape of an index (anything else is rebuilt, not used)."""
    if not isinstance(index, dict) or not _valid_node(index.get("root")):
        return False
    chooser = index.get("catalogue")
    return chooser is None or (
        isinstance(chooser, list)
        and len(chooser) == 2
        and isinstance(chooser[0], str)
        and isinstance(chooser[1], list)
        and all(isinstance(e, str) for e in chooser[1])
    )


# --- parsing as Click does when it completes ----------------------------------------------------


class _Stop(Exception):
    """A word Click's parser refuses: parsing ends there, with what it had."""


class Context:
    """What Click's context knows after parsing one command's words."""

    def __init__(self, node: dict[str, Any], parent: Context | None) -> None:
        self.node = node
        self.parent = parent
        self.given: dict[str, Any] = {}  # parameters given on the command line, with their values
        self.prefixes: set[str] = set(parent.prefixes) if parent else set()
        self.rest: list[str] = []  # the words left for a subcommand

    def root(self) -> Context:
        return self.parent.root() if self.parent else self

    def given_here(self, param: dict[str, Any]) -> bool:
        """The parameter's value came from the command line (Click's ParameterSource.COMMANDLINE)."""
        return self.given.get(param["name"]) is not None


def split_opt(opt: str) -> tuple[str, str]:
    """An option's prefix and name, as Click splits them."""
    first = opt[:1]
    if first.isalnum():
        return "", opt
    if opt[1:2] == first:
        return opt[:2], opt[2:]
    return first, opt[1:]


def unpack(args: list[str], spec: list[int]) -> tuple[list[Any], list[str]]:
    """Click's ``_unpack_args`` for arguments of one value or of all the rest (-1)."""
    args, spec = list(args), list(spec)
    values: list[Any] = []
    rest_at: int | None = None

    def fetch(items: list[Any]) -> Any:
        if not items:
            return None
        return items.pop(0) if rest_at is None else items.pop()

    while spec:
        nargs = fetch(spec)
        if nargs == 1:
            values.append(fetch(args))
        else:
            rest_at = len(values)
            values.append(None)
    if rest_at is not None:
        values[rest_at] = tuple(args)
        args = []
        values[rest_at + 1 :] = reversed(values[rest_at + 1 :])
    return values, args


def parse(node: dict[str, Any], args: list[str], parent: Context | None) -> Context:
    """One command's words, as Click's parser takes them with ``resilient_parsing``."""
    ctx = Context(node, parent)
    long: dict[str, dict[str, Any]] = {}
    short: dict[str, dict[str, Any]] = {}
    prefixes = {"-", "--"}
    for param in node["params"]:
        if param["argument"]:
            continue
        for name in param["opts"] + param["secondary"]:
            prefix, rest = split_opt(name)
            prefixes.add(prefix[0])
            if len(prefix) == 1 and len(rest) == 1:
                short[name] = param
            else:
                long[name] = param
                prefixes.add(prefix)
    rargs, largs = list(args), []

    def value_for(param: dict[str, Any]) -> Any:
        if not param["takes_value"]:
            return True
        if not rargs:
            raise _Stop
        return rargs.pop(0)

    def match_short(arg: str) -> None:
        for i, char in enumerate(arg[1:], start=2):
            param = short.get(arg[0] + char)
            if param is None:
                raise _Stop
            stop = param["takes_value"] and i < len(arg)
            if stop:
                rargs.insert(0, arg[i:])
            ctx.given[param["name"]] = value_for(param)
            if stop:
                break

    def process(arg: str) -> None:
        name, equals, explicit = arg.partition("=")
        param = long.get(name)
        if param is None:
            if arg[:2] in prefixes:
                raise _Stop
            match_short(arg)
            return
        if equals:
            if not param["takes_value"]:
                raise _Stop
            rargs.insert(0, explicit)
        ctx.given[param["name"]] = value_for(param)

    try:
        while rargs:
            arg = rargs.pop(0)
            if arg == "--":
                break
            if arg[:1] in prefixes and len(arg) > 1:
                process(arg)
            elif node["interspersed"]:
                largs.append(arg)
            else:
                rargs.insert(0, arg)
                break
        arguments = [p for p in node["params"] if p["argument"]]
        values, largs = unpack(largs + rargs, [p["nargs"] for p in arguments])
        for param, value in zip(arguments, values, strict=True):
            ctx.given[param["name"]] = None if value == () else value
    except _Stop:
        pass
    ctx.rest = largs
    ctx.prefixes |= prefixes
    return ctx


def resolve(index: dict[str, Any], args: list[str]) -> Context:
    """The context of the command being completed (Click's ``_resolve_context``)."""
    node, words, ctx = index["root"], args, None
    while True:
        if node["typer"]:
            raise Unanswerable  # a command whose parsing the index does not model
        ctx = parse(node, words, ctx)
        child = ctx.node["commands"].get(ctx.rest[0]) if ctx.rest and ctx.node["group"] else None
        if child is None:
            return ctx
        node, words = child, ctx.rest[1:]


def catalogue_named(index: dict[str, Any], ctx: Context, env: Mapping[str, str]) -> str | None:
    """The user's catalogue the completed command line names: its option, else its variable."""
    chooser = index["catalogue"]
    if chooser is None:
        return None
    name, envvars = chooser
    value = ctx.root().given.get(name)
    if isinstance(value, str):
        return value
    return next((env[e] for e in envvars if env.get(e)), None)


# --- the answer ----------------------------------------------------------------------------------


def continue_list(items: list[str], incomplete: str) -> list[str]:
    """Candidates for the item after the last comma of a comma-separated list, keeping what is
    before it and leaving out the items already in it: ``mat,foa`` gives ``mat,foam-roller``."""
    head, comma, tail = incomplete.rpartition(",")
    given = set(head.split(",")) if comma else set()
    return [head + comma + item for item in items if item.startswith(tail) and item not in given]


def candidates(ctx: Context, args: list[str], incomplete: str, shell: str) -> list[Item]:
    """The candidates Typer gives (Click's ``_resolve_incomplete`` and each object's ``shell_complete``)."""
    if incomplete == "=":
        incomplete = ""
    elif "=" in incomplete and incomplete[:1] in ctx.prefixes:
        name, _, incomplete = incomplete.partition("=")
        args = [*args, name]
    node = ctx.node
    if "--" not in args and incomplete[:1] in ctx.prefixes:
        return names(ctx, incomplete, shell)
    params = node["params"]
    for param in params:
        if not param["argument"] and param["takes_value"] and args:
            last = args[-1]
            if last[:1] in ctx.prefixes and last in param["opts"]:
                return values(param, incomplete, shell)
    for param in params:
        if param["argument"] and (param["nargs"] == -1 or not ctx.given_here(param)):
            return values(param, incomplete, shell)
    return names(ctx, incomplete, shell)


def names(ctx: Context, incomplete: str, shell: str) -> list[Item]:
    """Subcommands, then (for a word that starts like an option) the options not given yet."""
    node = ctx.node
    if shell != "bash" and not node["exact"]:
        raise Unanswerable
    found: list[Item] = [(n, h) for n, h in node["listed"] if n.startswith(incomplete)]
    if incomplete and not incomplete[0].isalnum():
        for param in node["params"]:
            if param["argument"] or param["hidden"] or (not param["multiple"] and ctx.given_here(param)):
                continue
            found += [
                (n, param["help"]) for n in param["opts"] + param["secondary"] if n.startswith(incomplete)
            ]
    return found


def values(param: dict[str, Any], incomplete: str, shell: str) -> list[Item]:
    """A parameter's values that fit the word, by the rule its completer was found to follow."""
    rule = param["rule"]
    if rule == "typer" or (shell != "bash" and not param["exact"]):
        raise Unanswerable
    items: list[Item] = [(v, h) for v, h in param["items"]]
    if rule == "list":
        return [(v, None) for v in continue_list([v for v, _ in items], incomplete)]
    if rule == "nocase":
        return [(v, h) for v, h in items if v.lower().startswith(incomplete.lower())]
    return [(v, h) for v, h in items if v.startswith(incomplete)]


def zsh_escape(text: str) -> str:
    """Typer's escaping for zsh, whose completion script evaluates the answer."""
    return (
        text.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )


def zsh_line(value: str, help: str | None) -> str:
    if help:
        return f'"{zsh_escape(value)}":"{zsh_escape(help)}"'
    return f'"{zsh_escape(value)}"'


def fish_line(value: str, help: str | None) -> str:
    import re

    if help:
        return value + "\t" + re.sub(r"\s", " ", help)
    return value


def reply(shell: str, items: list[Item], env: Mapping[str, str]) -> tuple[str, int]:
    """What Typer prints for these candidates, and its exit code."""
    if shell == "bash":
        return "\n".join(v for v, _ in items) + "\n", 0
    if shell == "zsh":
        if any("\\" in v + (h or "") for v, h in items):
            raise Unanswerable  # a backslash could undo an escape in what zsh evaluates
        if not items:
            return "_files\n", 0
        return "_arguments '*: :((" + "\n".join(zsh_line(v, h) for v, h in items) + "))'\n", 0
    action = env.get("_TYPER_COMPLETE_FISH_ACTION", "")
    if action == "is-args":
        return "", 0 if items else 1  # fish completes files when this fails
    if action == "get-args" and items:
        return "\n".join(fish_line(v, h) for v, h in items) + "\n", 0
    return "\n", 0


def respond(shell: str, env: Mapping[str, str]) -> tuple[str, int] | None:
    """Typer's answer (text and exit code) to the completion request in ``env``, for bash, zsh
    or fish; None when only Typer can give it."""
    if env.get("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"):
        return None  # Typer's completion options then take values: another command tree
    try:
        args, incomplete = typed(shell, env)
        folder = cache_folder()
        index = index_for(folder, None)
        ctx = resolve(index, args)
        catalogue = catalogue_named(index, ctx, env)
        if catalogue is not None:
            index = index_for(folder, catalogue)
            ctx = resolve(index, args)
        text, code = reply(shell, candidates(ctx, args, incomplete, shell), env)
    except Unanswerable:
        return None
    if "\x1b" in text or not (text.isascii() or (sys.stdout.encoding or "").lower().startswith("utf")):
        return None  # Click would strip or re-encode this
    return text, code
