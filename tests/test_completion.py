"""Shell completion: the launcher answers from an index of the Typer app before the framework
loads, and its answers are Typer's own, byte for byte, for bash, zsh and fish; the index follows
runback's version and the catalogue, and a damaged one is rebuilt without a word on the terminal."""

from __future__ import annotations

import functools
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
from hypothesis import given
from hypothesis import strategies as st
from typer.core import TyperGroup, TyperOption
from typer.testing import CliRunner

import runback.catalogue
from runback import completion, launcher, paths
from runback.cache import MAX_BYTES
from runback.cli import app

SHELLS = ("bash", "zsh", "fish")
GOOD = Path(__file__).parent / "data" / "catalogues" / "good.yaml"
SCRIPT = Path(sys.executable).with_name("runback")
RUN_APP = "from runback.cli import app; app(prog_name='runback')"  # Typer, never the index
Case = tuple[list[str], str]  # the words typed after "runback", and the word being completed
ZSH_STR = """_arguments '*: :(("stretching"\n"strength"))'\n"""  # runback show str<Tab>, in zsh


def protocol(shell: str, words: list[str], incomplete: str, action: str = "get-args") -> dict[str, str]:
    """The variables each shell's completion script sets (see --show-completion)."""
    line = ["runback", *words, incomplete]
    env = {launcher.COMPLETE_VAR: f"complete_{shell}"}
    if shell == "bash":
        return env | {"COMP_WORDS": "\n".join(line), "COMP_CWORD": str(len(line) - 1)}
    env["_TYPER_COMPLETE_ARGS"] = " ".join(line)
    return env | ({"_TYPER_COMPLETE_FISH_ACTION": action} if shell == "fish" else {})


def typer_answer(env: dict[str, str]) -> tuple[str, int]:
    result = CliRunner().invoke(app, [], env=env, prog_name="runback")
    return result.stdout, result.exit_code


def command_paths() -> list[list[str]]:
    """Every command of the app, as the words that name it."""
    root = typer.main.get_command(app)

    def walk(cmd: object, words: list[str]) -> Iterator[list[str]]:
        yield words
        if isinstance(cmd, TyperGroup):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*words, name])

    return list(walk(root, []))


def cases(words: list[str]) -> list[Case]:
    """Questions about one command, made from what Typer offers for it: its subcommands and
    options, each option and argument that completes (empty, by a first letter, in capitals, as a
    list, with ``=``), and what is left once an option is given."""
    root = typer.main.get_command(app)
    ctx = root.make_context("runback", [], resilient_parsing=True)
    cmd = root
    for word in words:
        assert isinstance(cmd, TyperGroup)
        cmd = cmd.commands[word]
        ctx = cmd.make_context(word, [], parent=ctx, resilient_parsing=True)
    found: list[Case] = [(words, ""), (words, "-"), (words, "--"), (words, "x")]
    for param in cmd.get_params(ctx):
        offered = [item.value for item in param.shell_complete(ctx, "")]
        option = isinstance(param, TyperOption)
        if option and not param.hidden:
            value = [] if param.is_flag else [offered[0] if offered else "x"]
            found.append(([*words, param.opts[0], *value], "--"))
        if not offered:
            continue
        first = offered[0]
        before = [*words, param.opts[0]] if option else words
        found += [(before, w) for w in ("", first[:1], first.upper(), f"{first},{first[:2]}")]
        if option:
            found.append((words, f"{param.opts[-1]}={first[:1]}"))
        elif param.nargs == -1:
            found.append(([*words, first], first[:1]))
    return found


# Click's parser at its edges: "--", an unknown option, a value bash splits at "=", short options
# run together, an option missing its value, a version flag, and repeated arguments.
EDGES: list[Case] = [
    (["show", "--"], "-"),
    (["--bogus", "show"], ""),
    (["plan", "--has", "="], "po"),
    (["show", "-fjson"], "-"),
    (["show", "-f"], "j"),
    (["--catalogue"], ""),
    (["--version"], ""),
    (["--db", "x.sqlite", "log", "done", "cat-cow"], "b"),
    (["plan", "mon:8k", "--red-flag"], "s"),
    (["log", "pain", "3", "--after"], "r"),
    (["nosuchcommand"], ""),
    ([], "'sho"),
]


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("completion-cache")


@pytest.fixture
def like_the_launcher(monkeypatch: pytest.MonkeyPatch, shared_cache: Path) -> None:
    """In this process, Typer renders help texts as it does under the launcher (unwrapped), and
    loads each catalogue once: the index and Typer's answers then come from the same app."""
    import typer.rich_utils

    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", int(launcher.NO_WRAP))
    monkeypatch.setattr(
        runback.catalogue, "load_catalogue", functools.cache(runback.catalogue.load_catalogue)
    )
    monkeypatch.setenv("RUNBACK_CACHE_DIR", str(shared_cache))


@pytest.mark.usefixtures("like_the_launcher")
@pytest.mark.parametrize("words", command_paths(), ids=lambda w: " ".join(["runback", *w]))
def test_every_answer_is_typers_own(words: list[str]) -> None:
    questions = cases(words) + (EDGES if not words else [])
    for shell in SHELLS:
        actions = ["get-args", "is-args"] if shell == "fish" else [""]
        for typed, incomplete in questions:
            for action in actions:
                env = protocol(shell, typed, incomplete, action)
                fast = completion.respond(shell, os.environ | env)
                assert fast is not None, f"the index left {shell} {typed} {incomplete!r} to Typer"
                assert fast == typer_answer(env), f"{shell} {typed} {incomplete!r} {action}"


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = os.environ | {"PYTHONHASHSEED": "0"} | env  # -h and --help come in one order
    return subprocess.run(args, env=full, capture_output=True, text=True, timeout=120, check=False)


needs_script = pytest.mark.skipif(
    not SCRIPT.exists(), reason="the runback script is not installed beside this Python"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache holding the index for the bundled catalogue, as the installed script builds it."""
    cache = tmp_path_factory.mktemp("built") / "cache"
    if SCRIPT.exists():
        env = protocol("bash", ["show"], "str") | {"RUNBACK_CACHE_DIR": str(cache), "RUNBACK_CATALOGUE": ""}
        assert run([str(SCRIPT)], env).stdout == "stretching\nstrength\n"
    return cache


@pytest.fixture
def prebuilt(built: Path) -> None:
    """This test's cache starts with that index."""
    shutil.copytree(built, os.environ["RUNBACK_CACHE_DIR"])


@needs_script
@pytest.mark.usefixtures("prebuilt")
@pytest.mark.parametrize(
    ("shell", "case"),
    [("bash", (["show"], "str")), ("zsh", (["plan", "--has"], "pool,foa")), ("fish", (["plan"], "--c"))],
)
def test_the_installed_script_answers_as_typer_does(shell: str, case: Case) -> None:
    env = protocol(shell, *case)
    fast = run([str(SCRIPT)], env)
    typer_itself = run([sys.executable, "-c", RUN_APP], env | {"TERMINAL_WIDTH": launcher.NO_WRAP})
    assert (fast.stdout, fast.returncode, fast.stderr) == (typer_itself.stdout, typer_itself.returncode, "")
    assert fast.stdout.strip() not in ("", "_files")


def bash_words(*words: str) -> list[str]:
    """What bash offers for ``runback WORDS`` (the last word being completed), in this process."""
    reply = completion.respond("bash", os.environ | protocol("bash", list(words[:-1]), words[-1]))
    assert reply is not None
    return reply[0].split()


def indexes() -> list[Path]:
    return sorted(Path(os.environ["RUNBACK_CACHE_DIR"]).glob(f"{completion.PREFIX}*.json"))


@pytest.mark.parametrize("change", ["version", "a module", "the bundled catalogue"])
def test_a_new_index_is_built_when_what_it_was_made_from_changes(
    change: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert bash_words("show", "str") == ["stretching", "strength"]
    assert bash_words("show", "str") == ["stretching", "strength"]
    assert len(indexes()) == 1
    if change == "version":
        monkeypatch.setattr(completion, "__version__", "99.0")
    elif change == "a module":
        stamp = completion.code_stamp()
        monkeypatch.setattr(completion, "code_stamp", lambda: stamp + b"\ncli.py:1:1")
    else:
        bundled = tmp_path / "techniques.yaml"
        bundled.write_bytes(Path(completion.BUNDLED).read_bytes() + b"\n# edited\n")
        monkeypatch.setattr(completion, "BUNDLED", str(bundled))
    assert bash_words("show", "str") == ["stretching", "strength"]
    assert len(indexes()) == 2


def test_the_code_stamp_sees_an_edited_or_added_module_and_nothing_else(tmp_path: Path) -> None:
    package = tmp_path / "package"
    (package / "render").mkdir(parents=True)
    (package / "data").mkdir()
    (package / "cli.py").write_text("x = 1\n")
    stamps = [completion.code_stamp(str(package))]
    (package / "data" / "techniques.yaml").write_text("techniques: []\n")
    (package / "render" / "README").write_text("not a module\n")
    assert completion.code_stamp(str(package)) == stamps[0]
    (package / "render" / "html.py").write_text("y = 2\n")
    stamps.append(completion.code_stamp(str(package)))
    (package / "cli.py").write_text("x = 10\n")
    stamps.append(completion.code_stamp(str(package)))
    os.utime(package / "cli.py", ns=(0, 0))
    stamps.append(completion.code_stamp(str(package)))
    assert len(set(stamps)) == 4


def test_a_users_catalogue_brings_its_ids_and_an_edit_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine.yaml"
    shutil.copy(GOOD, mine)
    assert bash_words("show", "door") == []
    assert bash_words("--catalogue", str(mine), "show", "door") == ["doorway-hip-flexor-stretch"]
    mine.write_text(mine.read_text().replace("doorway-hip", "doorframe-hip"))
    assert bash_words("--catalogue", str(mine), "log", "done", "door") == ["doorframe-hip-flexor-stretch"]
    monkeypatch.setenv("RUNBACK_CATALOGUE", str(mine))
    assert bash_words("go", "door") == ["doorframe-hip-flexor-stretch"]
    assert bash_words("--catalogue", str(tmp_path / "missing.yaml"), "show", "str") == []
    assert len(indexes()) == 4  # the bundled catalogue alone, two versions of mine, and a missing one


def test_zsh_shows_a_techniques_name(tmp_path: Path) -> None:
    env = protocol("zsh", ["--catalogue", str(GOOD), "show"], "door")
    assert completion.respond("zsh", os.environ | env) == (
        """_arguments '*: :(("doorway-hip-flexor-stretch":"Doorway hip flexor stretch"))'\n""",
        0,
    )


def test_completing_after_version_does_not_print_the_version() -> None:
    env = protocol("bash", ["--version"], "")
    assert "runback" not in typer_answer(env)[0]
    assert completion.respond("bash", os.environ | env) == typer_answer(env)


@pytest.mark.parametrize(
    ("incomplete", "offered"),
    [
        ("pool,foa", ["pool,foam-roller"]),
        ("bike,pool,st", ["bike,pool,step"]),
        ("foam-roller,b", ["foam-roller,bike"]),
        ("pool,p", []),  # pool is given already
        ("po", ["pool"]),
    ],
)
def test_has_completes_the_item_after_the_last_comma(incomplete: str, offered: list[str]) -> None:
    assert bash_words("plan", "--has", incomplete) == offered


def damage(index: Path, how: str) -> None:
    if how == "garbage":
        index.write_bytes(b"{not json")
    elif how == "wrong shape":
        document = json.loads(index.read_bytes())
        document["value"]["root"]["params"] = [{"name": 5}]
        index.write_text(json.dumps(document))
    elif how == "oversized":
        with index.open("r+b") as f:
            f.truncate(MAX_BYTES + 1)


@needs_script
@pytest.mark.usefixtures("prebuilt")
@pytest.mark.parametrize("how", ["garbage", "wrong shape", "oversized"])
def test_a_damaged_index_is_rebuilt_and_the_answer_is_right(how: str) -> None:
    (index,) = indexes()
    damage(index, how)
    again = run([str(SCRIPT)], protocol("zsh", ["show"], "str"))
    assert (again.stdout, again.returncode, again.stderr) == (ZSH_STR, 0, "")
    (index,) = indexes()
    assert stat.S_ISREG(index.lstat().st_mode) and index.stat().st_uid == os.geteuid()
    assert completion.valid_index(json.loads(index.read_bytes())["value"])


def doctor(index: Path) -> None:
    """A well-formed index that offers 'strpwned' after ``runback show``, as someone who could
    write to it might make it."""
    document = json.loads(index.read_bytes())
    (topic,) = (p for p in document["value"]["root"]["commands"]["show"]["params"] if p["argument"])
    topic["items"] = [["strpwned", None]]
    index.write_text(json.dumps(document))


def make_unsafe(index: Path, how: str, tmp_path: Path) -> dict[str, str]:
    """Put the index where it must not be trusted; the variables that then lead runback to it."""
    folder = index.parent
    if how == "file writable by others":
        index.chmod(0o620)
    elif how == "file a link":
        kept = index.with_suffix(".kept")
        index.rename(kept)
        index.symlink_to(kept)
    elif how == "file someone else's":
        os.chown(index, 4321, 4321)
    elif how == "folder open to others":
        folder.chmod(0o777)
    elif how == "folder someone else's":
        os.chown(folder, 4321, 4321)
    elif how == "folder a link":
        link = tmp_path / "linked-cache"
        link.symlink_to(folder)
        return {"RUNBACK_CACHE_DIR": str(link)}
    elif how == "renamed from another key":
        document = json.loads(index.read_bytes())
        document["key"] = "0" * 64
        index.write_text(json.dumps(document))
    return {}


@needs_script
@pytest.mark.usefixtures("prebuilt")
@pytest.mark.parametrize(
    "how",
    [
        "as it was",
        "file writable by others",
        "file a link",
        "file someone else's",
        "folder open to others",
        "folder someone else's",
        "folder a link",
        "renamed from another key",
    ],
)
def test_an_index_is_trusted_only_when_private_and_bound_to_its_key(how: str, tmp_path: Path) -> None:
    """The doctored answer comes through from a private index of the right key (so the test can
    see one used), and never from one anybody else could have written or that was made for
    other bytes: then runback rebuilds it, or Typer answers."""
    if "someone else's" in how and os.geteuid() != 0:
        pytest.skip("only root can give a file to someone else")
    (index,) = indexes()
    doctor(index)
    env = make_unsafe(index, how, tmp_path)
    answer = run([str(SCRIPT)], protocol("bash", ["show"], "str") | env)
    expected = "strpwned\n" if how == "as it was" else "stretching\nstrength\n"
    assert (answer.stdout, answer.returncode, answer.stderr) == (expected, 0, "")


@given(st.text(), st.text())
def test_a_doctored_index_cannot_put_code_into_zsh(value: str, help: str) -> None:
    """zsh evaluates the answer: whatever an index holds stays quoted text, with every quote,
    dollar and backquote escaped; a backslash, which could undo an escape, is left to Typer."""
    if "\\" in value + help:
        with pytest.raises(completion.Unanswerable):
            completion.reply("zsh", [(value, help or None)], {})
        return
    text, _ = completion.reply("zsh", [(value, help or None)], {})
    inside = text.removeprefix("_arguments '").removesuffix("'\n")
    assert "'" not in inside.replace("''", "")
    assert "$" not in inside.replace("\\$", "") and "`" not in inside.replace("\\`", "")


@needs_script
def test_without_a_place_for_the_index_typer_answers(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    env = protocol("bash", ["show"], "str") | {"RUNBACK_CACHE_DIR": str(blocked / "cache")}
    answer = run([str(SCRIPT)], env)
    assert (answer.stdout, answer.returncode, answer.stderr) == ("stretching\nstrength\n", 0, "")


def test_without_a_home_typer_answers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("HOME", "XDG_CACHE_HOME", "RUNBACK_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(paths, "user_dir", lambda kind: None)  # no HOME and no passwd entry
    monkeypatch.setenv("TERMINAL_WIDTH", launcher.NO_WRAP)  # the launcher sets it; put back afterwards
    env = protocol("bash", ["show"], "str")
    assert completion.respond("bash", os.environ | env) is None
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exit:
        launcher.main()
    assert (exit.value.code, capsys.readouterr().out) == (0, "stretching\nstrength\n")


@needs_script
@pytest.mark.usefixtures("prebuilt")
def test_the_fast_answer_loads_no_framework() -> None:
    env = protocol("bash", ["plan", "--has"], "pool,foa")
    watch = (
        "import atexit, sys; from runback.launcher import main\n"
        "heavy = ('typer', 'click', 'rich', 'pydantic', 'yaml', 'platformdirs')\n"
        "atexit.register(lambda: sys.stderr.write(' '.join(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))))\n"
        "main()"
    )
    answer = run([sys.executable, "-c", watch], env)
    assert (answer.stdout, answer.stderr) == ("pool,foam-roller\n", "")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick rule is platformdirs' on Linux")
@pytest.mark.parametrize("xdg", [None, "", "/somewhere/cache"])
def test_the_quick_cache_folder_is_platformdirs_one(
    xdg: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert paths.xdg_cache_dir() == str(paths.user_dir("cache"))


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@needs_script
@pytest.mark.usefixtures("prebuilt")
def test_the_bash_script_completes_in_bash() -> None:
    script = run([str(SCRIPT), "--show-completion", "bash"], {}).stdout
    session = (
        f"{script}\n"
        "COMP_WORDS=(runback plan --has pool,foa); COMP_CWORD=3\n"
        "_runback_completion runback\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
        "COMP_WORDS=(runback show str); COMP_CWORD=2\n"
        "_runback_completion runback\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    path = f"{SCRIPT.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    done = run(["bash", "--norc", "--noprofile", "-c", session], {"PATH": path})
    assert (done.stdout, done.stderr) == ("pool,foam-roller\nstretching\nstrength\n", "")


@pytest.mark.parametrize(
    ("shell", "start"),
    [
        ("zsh", "#compdef runback\n"),
        ("fish", "complete --command runback --no-files"),
        ("bash", "_runback_completion() {\n"),
    ],
)
@pytest.mark.parametrize("form", ["two words", "with ="])
def test_show_completion_prints_the_script_for_the_shell_named(shell: str, start: str, form: str) -> None:
    args = ["--show-completion", shell] if form == "two words" else [f"--show-completion={shell}"]
    shown = run([sys.executable, "-m", "runback", *args], {})
    assert shown.returncode == 0 and shown.stdout.startswith(start), shown.stderr
    assert launcher.COMPLETE_VAR in shown.stdout


def test_show_completion_names_a_shell_it_does_not_know() -> None:
    shown = run([sys.executable, "-m", "runback", "--show-completion", "tcsh"], {})
    assert (shown.returncode, shown.stdout, shown.stderr) == (1, "", "Shell tcsh not supported.\n")
