"""Builds the index that shell completion answers from (see ``runback.completion``) out of the
Typer app itself and the catalogue in use, never out of a list kept by hand.

It walks the Click command tree that Typer builds (``typer.main.get_command``): each command's
subcommands with their short help, its options (every name, whether it takes a value, its help)
and arguments, and the values each parameter completes to, asked of the parameter itself
(``shell_complete``) with an empty prefix, so ``click.Choice`` choices and ``autocompletion``
callbacks come out alike. A few more questions find the rule each completer follows: a filter by
prefix, by prefix in any case, or the item after the last comma of a list. A completer that
follows none of them, and a command using parser features the index does not model, are left to
Typer. Every candidate is formatted for zsh and fish both by Typer's own classes and by
``runback.completion``; where the two differ (rich markup in a help text, say), zsh and fish
answers from that list are left to Typer too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .completion import continue_list

if TYPE_CHECKING:
    from collections.abc import Sequence

    from typer import _click

    Item = tuple[str, str | None]


def build(catalogue: str | None, key: str) -> dict[str, Any]:
    """The index for this catalogue, kept in the cache under ``key`` unless the catalogue changed
    while it was being built."""
    from .cache import write_document
    from .catalogue import cache_dir
    from .completion import FORMAT, PREFIX, index_key

    index = index_of(catalogue)
    if index_key(catalogue) == key:
        write_document(cache_dir(), PREFIX, key, FORMAT, index)
    return index


def index_of(catalogue: str | None) -> dict[str, Any]:
    """The index of the app's command tree, with the values the catalogue (bundled, with the
    user's file when one is named) gives its completers."""
    import typer.main

    from .cli import CATALOGUE_PARAM, app
    from .launcher import PROG

    root = typer.main.get_command(app)
    ctx = root.make_context(PROG, [], resilient_parsing=True)
    ctx.params[CATALOGUE_PARAM] = None if catalogue is None else Path(catalogue)
    chooser = next(
        ([p.name, _envvars(p.envvar)] for p in root.get_params(ctx) if p.name == CATALOGUE_PARAM), None
    )
    return {"catalogue": chooser, "root": _node(root, ctx, _Formats(root))}


def _envvars(envvar: str | Sequence[str] | None) -> list[str]:
    if envvar is None:
        return []
    return [envvar] if isinstance(envvar, str) else list(envvar)


class _Formats:
    """Typer's zsh and fish formatting of a candidate, to hold runback.completion's against."""

    def __init__(self, root: _click.Command) -> None:
        from typer._completion_classes import FishComplete, ZshComplete

        from .launcher import COMPLETE_VAR, PROG

        self.zsh = ZshComplete(root, {}, PROG, COMPLETE_VAR)
        self.fish = FishComplete(root, {}, PROG, COMPLETE_VAR)

    def same(self, value: str, help: str | None) -> bool:
        from typer._click.shell_completion import CompletionItem

        from .completion import fish_line, zsh_line

        item = CompletionItem(value, help=help)
        return self.zsh.format_completion(item) == zsh_line(value, help) and self.fish.format_completion(
            item
        ) == fish_line(value, help)


def _node(cmd: _click.Command, ctx: _click.Context, formats: _Formats) -> dict[str, Any]:
    from typer.core import TyperGroup

    from .completion import Context, names

    params = cmd.get_params(ctx)
    group = isinstance(cmd, TyperGroup)
    commands = {}
    if isinstance(cmd, TyperGroup):
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is not None:
                sub_ctx = sub.make_context(name, [], parent=ctx, resilient_parsing=True)
                commands[name] = _node(sub, sub_ctx, formats)
    entries = [_param(p, ctx, formats) for p in params]
    listed = _items(cmd.shell_complete(ctx, ""))
    node: dict[str, Any] = {
        "group": group,
        "interspersed": ctx.allow_interspersed_args,
        "typer": not _modelled(cmd, ctx) or listed is None,
        "params": entries,
        "listed": listed or [],
        "commands": commands,
    }
    node["exact"] = all(formats.same(v, h) for v, h in node["listed"]) and all(
        formats.same(n, p["help"]) for p in entries for n in p["opts"] + p["secondary"]
    )
    if not node["typer"]:  # the options offered for "-" must be Typer's, in Typer's order
        node["typer"] = names(Context(node, None), "-", "bash") != _items(cmd.shell_complete(ctx, "-"))
    return node


def _modelled(cmd: _click.Command, ctx: _click.Context) -> bool:
    """Whether runback.completion parses this command's words as Click does."""
    from typer.core import TyperArgument, TyperOption

    if ctx.token_normalize_func is not None or ctx.ignore_unknown_options or getattr(cmd, "chain", False):
        return False
    rest = 0
    for p in cmd.get_params(ctx):
        if isinstance(p, TyperArgument) and p.nargs in (1, -1):
            rest += p.nargs == -1
        elif not (
            isinstance(p, TyperOption)
            and p.nargs == 1
            and (not p.secondary_opts or p.is_bool_flag)
            and all(name[:1] and not name[:1].isalnum() for name in p.opts + p.secondary_opts)
        ):
            return False
    return rest <= 1


def _param(p: _click.Parameter, ctx: _click.Context, formats: _Formats) -> dict[str, Any]:
    from typer.core import TyperArgument

    argument = isinstance(p, TyperArgument)
    rule, items = _rule(p, ctx)
    return {
        "name": p.name,
        "argument": argument,
        "opts": [] if argument else list(p.opts),
        "secondary": [] if argument else list(p.secondary_opts),
        "takes_value": argument or not (getattr(p, "is_flag", False) or getattr(p, "count", False)),
        "nargs": p.nargs if p.nargs in (1, -1) else 1,  # other counts leave the command to Typer
        "multiple": bool(p.multiple),
        "hidden": bool(getattr(p, "hidden", False)),
        "help": getattr(p, "help", None) or None,
        "rule": rule,
        "items": items,
        "exact": all(formats.same(v, h) for v, h in items),
    }


def _items(found: list[Any]) -> list[Item] | None:
    """Candidates as (value, help); None when one is not plain text (a file, say)."""
    if any(item.type != "plain" or not isinstance(item.value, str) for item in found):
        return None
    return [(item.value, item.help or None) for item in found]


def _rule(p: _click.Parameter, ctx: _click.Context) -> tuple[str, list[Item]]:
    """How the parameter's completer answers, found by asking it: its candidates for an empty
    word, and whether a longer word gets the item after a comma, a case-blind filter or a plain
    prefix filter of them; else "typer"."""

    def ask(word: str) -> list[Item] | None:
        return _items(p.shell_complete(ctx, word))

    items = ask("")
    if items is None:
        return "typer", []
    if not items:
        return "prefix", []
    first = items[0][0]
    after_comma = continue_list([v for v, _ in items], first + ",")
    if (
        after_comma
        and all(h is None for _, h in items)
        and ask(first + ",") == [(v, None) for v in after_comma]
    ):
        return "list", items
    upper = first.upper()
    blind = [(v, h) for v, h in items if v.lower().startswith(upper.lower())]
    if upper != first and ask(upper) == blind:
        return "nocase", items
    if ask(first[:1]) == [(v, h) for v, h in items if v.startswith(first[:1])]:
        return "prefix", items
    return "typer", []
