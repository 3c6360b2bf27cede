"""No traceback anywhere on the CLI: bad bytes, missing folders, closed pipes, a deleted working
folder and generated garbage all end in one line (or, for a closed pipe, in silence)."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import REPO
from ui import commands
from ui.cli import CLOSED_PIPE, main

POCDOC = Path(sys.executable).with_name("pocdoc")


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pocdoc: error: "), err
    assert "Traceback" not in err
    return lines[0]


def run_cli(*args: str | bytes, cwd: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(POCDOC), *args],
        capture_output=True,
        timeout=120,
        cwd=cwd or REPO,
        **kwargs,
    )


def workspace_with_feedback(home: Path) -> Path:
    """A home whose UI workspace holds one feedback record."""
    from tests.ui.test_workspace import entry
    from ui.feedback import FeedbackStore, answer_snapshot
    from ui.workspace import Workspace, workspace_path

    path = workspace_path(SimpleNamespace(home=home))
    snap = answer_snapshot(entry().answer, corpus_version="v1")
    FeedbackStore(Workspace(path)).save("a1", "u1", vote="up", comment="Clear.", snapshot=snap)
    return home


# -- text that is not UTF-8 ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "label"),
    [
        (["ask", "\udcff\udcfe"], "the question"),
        (["search", "tier \udcff"], "the query"),
        (["search", "tier", "--filter", "doc=\udcff"], "--filter"),
        (["ask", "\ud800"], "the question"),  # a surrogate no byte string decodes to
    ],
)
def test_text_that_is_not_utf8_is_one_usage_error_line(argv, label, tmp_path, capsys) -> None:
    assert main([*argv, "--home", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    line = one_error_line(captured.err)
    assert f"{label} is not UTF-8 text" in line and captured.out == ""


def test_invalid_utf8_bytes_on_the_real_command_line(tmp_path) -> None:
    for command in (b"ask", b"search"):
        out = run_cli(command, b"\xff\xfe", b"--home", str(tmp_path).encode())
        assert out.returncode == 2, out.stderr
        line = one_error_line(out.stderr.decode("utf-8", "replace"))
        assert "not UTF-8 text (b'\\xff\\xfe')" in line


def test_a_home_whose_name_is_not_utf8_is_one_line(tmp_path, capsys) -> None:
    """Chroma cannot open such a folder: said before anything is created there."""
    home = str(tmp_path) + "/h\udcff"
    assert main(["status", "--home", home]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert "setting 'home'" in line and "name is not UTF-8" in line
    assert not Path(home).exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"# caf\xe9\n", "is not UTF-8 text (byte 0xe9 at offset 5): save it as UTF-8"),
        (None, "cannot be read (Is a directory)"),
    ],
)
def test_a_config_file_that_cannot_be_read_is_one_line(content, expected, tmp_path, capsys) -> None:
    config = tmp_path / "pocdoc.toml"
    if content is None:
        config.mkdir()
    else:
        config.write_bytes(content)
    assert main(["status", "--config", str(config), "--home", str(tmp_path)]) == 1
    assert expected in one_error_line(capsys.readouterr().err)


# -- --output into folders that do not exist -----------------------------------------------------
class FakeAssistant:
    def ask(self, question: str, **_: object) -> SimpleNamespace:
        return SimpleNamespace(to_dict=lambda: {"question": question})


def test_batch_output_creates_its_parent_folders(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(commands, "_open_assistant", lambda args: FakeAssistant())
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "1", "question": "What is tier 3?"}\n', encoding="utf-8")
    output = tmp_path / "missing" / "dir" / "a.jsonl"
    argv = ["ask", "--questions", str(questions), "--output", str(output), "--no-server"]
    assert main([*argv, "--home", str(tmp_path / "home")]) == 0
    assert json.loads(output.read_text(encoding="utf-8")) == {
        "id": "1",
        "question": "What is tier 3?",
    }
    assert capsys.readouterr().err == ""


def test_feedback_export_creates_its_parent_folders(tmp_path, capsys) -> None:
    home = workspace_with_feedback(tmp_path / "home")
    output = tmp_path / "missing" / "dir" / "feedback.csv"
    argv = ["feedback", "export", "--format", "csv", "--output", str(output)]
    assert main([*argv, "--home", str(home)]) == 0
    with output.open(encoding="utf-8", newline="") as fh:
        header, record = csv.reader(fh)
    assert record[header.index("comment")] == "Clear."
    assert "wrote 1 feedback records" in capsys.readouterr().err


def test_output_under_a_file_is_refused_in_one_line(tmp_path, monkeypatch, capsys) -> None:
    home = workspace_with_feedback(tmp_path / "home")
    (tmp_path / "afile").write_text("x")
    output = tmp_path / "afile" / "feedback.jsonl"
    assert main(["feedback", "export", "--output", str(output), "--home", str(home)]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert f"cannot write --output {output}" in line


def test_help_says_that_output_folders_are_created(capsys) -> None:
    for argv in (["ask", "--help"], ["feedback", "export", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        assert "parent folders are created" in " ".join(capsys.readouterr().out.split())


# -- closed pipes --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "codes"),
    [
        (["feedback", "export", "--home", "{home}"], {CLOSED_PIPE}),
        (["--help"], {0, CLOSED_PIPE}),  # argparse itself ignores a failed write of its help
        (["status", "--help"], {0, CLOSED_PIPE}),
    ],
)
def test_a_closed_output_pipe_exits_quietly(argv, codes, tmp_path) -> None:
    home = workspace_with_feedback(tmp_path / "home")
    proc = subprocess.Popen(
        [str(POCDOC), *(a.format(home=home) for a in argv)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    proc.stdout.close()  # the reader is gone before the first write (as `| head -0`)
    err = proc.stderr.read()
    assert proc.wait(timeout=120) in codes
    assert err == b""


def test_help_into_head_prints_no_traceback() -> None:
    """`pocdoc --help | head -1` the way a shell runs it."""
    out = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {POCDOC} --help | head -1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.stdout.startswith("usage: pocdoc") and out.stderr == ""


# -- a deleted working folder --------------------------------------------------------------------
def in_deleted_folder(tmp_path: Path, command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", f"mkdir d && cd d && rmdir ../d && exec {POCDOC} {command}"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )


def test_a_deleted_working_folder_still_runs_commands_on_absolute_paths(tmp_path) -> None:
    home = workspace_with_feedback(tmp_path / "home")
    out = in_deleted_folder(tmp_path, f"feedback export --home {home}")
    assert out.returncode == 0 and out.stderr == "", out.stderr
    assert json.loads(out.stdout)["comment"] == "Clear."
    (home / "server.json").write_text('{"url": "http://127.0.0.1:9", "pid": 1}')  # stale: nothing
    # answers there, so ask runs here, not on a server
    out = in_deleted_folder(tmp_path, f"ask 'What is tier 3?' --home {home}")
    assert out.returncode == 1
    assert "run `pocdoc ingest" in one_error_line(out.stderr)


def test_a_deleted_working_folder_fails_relative_paths_in_one_line(tmp_path) -> None:
    home = workspace_with_feedback(tmp_path / "home")
    out = in_deleted_folder(tmp_path, f"feedback export --home {home} --output out.jsonl")
    assert out.returncode == 1
    line = one_error_line(out.stderr)
    assert "cannot write --output out.jsonl" in line and "working folder no longer exists" in line


# -- generated garbage ---------------------------------------------------------------------------
GARBAGE = [
    "", " ", "-", "--", "---", "-x", "--nope", "=", "doc=", "=x", "\x00", "\udcff", "\ud800",
    "\n", "\x1b[31m", "é", "🦜", "x" * 5000, "0", "-1", "101", "nan", "1e9", "None", "{}", "[]",
    "..", "/", "//", "~", "$HOME", "%s", "{0}", "\\", "'", '"', "*", "?", "What is tier 3?",
]  # fmt: skip
# Each command with the options it takes (not -v: under -v a reported error shows its traceback,
# by design). Not ui, serve, ingest, repair, eval, fetch: given a valid line they start a server,
# load the encoder or use the network; their arguments are parsed by the same code.
COMMANDS = {
    ("ask",): ["--questions", "--output", "--top-k", "--mode", "--filter", "--json", "--passages",
               "--no-server"],
    ("search",): ["--top-k", "--method", "--filter", "--json", "--no-server"],
    ("status",): ["--json"],
    ("feedback", "export"): ["--format", "--output"],
    ("feedback",): [],
    (): [],
}  # fmt: skip
PATH_OPTIONS = ("--home", "--config", "--questions", "--output")
VALUES = {
    "--top-k": ["0", "1", "5", "100", "101", "-3", "abc", "\udcff", ""],
    "--method": ["hybrid", "dense", "bm25", "nope", ""],
    "--mode": ["extractive", "generative", "nope"],
    "--filter": ["doc=x", "type=treaty", "from=2019", "to=1999", "from=2020", "from=x", "colour=red",
                 "doc=", "=", "from=2019-13-40", "body=\udcff", "doc=\x1b[2J"],
    "--format": ["csv", "jsonl", "xml"],
}  # fmt: skip
ENV = {
    "POCDOC_RETRIEVAL__TOP_K": ["0", "abc", "\udcff", "7", "1e3"],
    "POCDOC_ANSWER__MODE": ["generative", "nope", ""],
    "POCDOC_STORE__MODE": ["bogus", "embedded"],
    "POCDOC_STORE__RETRY_SECONDS": ["-1", "x"],
    "POCDOC_LLM__PROVIDER": ["nope", "openai_like"],
    "POCDOC_CONFIG": ["MISSING", "FOLDER", "BAD_TOML", "NOT_UTF8", "EMPTY"],
    "POCDOC_CORPUS_DIR": ["MISSING", "FOLDER", "\udcff"],
    "POCDOC_HOME": ["HOME", "A_FILE", "MISSING/deeper", "\udcff"],
}


def garbage_paths(tmp: Path) -> dict[str, str]:
    """Files and folders to name, bad and good (made by the test)."""
    return {
        "HOME": str(tmp / "home"),
        "A_FILE": str(tmp / "a-file"),
        "MISSING": str(tmp / "missing"),
        "FOLDER": str(tmp),
        "BAD_TOML": str(tmp / "bad.toml"),
        "NOT_UTF8": str(tmp / "latin1.toml"),
        "EMPTY": str(tmp / "empty.toml"),
        "QUESTIONS": str(tmp / "q.jsonl"),
        "BAD_QUESTIONS": str(tmp / "q-latin1.jsonl"),
        "NOT_UTF8_NAME": str(tmp) + "/\udcff.jsonl",
    }


def garbage_case(rng: random.Random, tmp: Path) -> tuple[list[str], dict[str, str]]:
    """One malformed command line and environment: mostly a command with its own options given
    bad values (so the command runs and must fail in one line), sometimes plain noise."""
    paths = garbage_paths(tmp)
    command = rng.choice(list(COMMANDS))
    argv = list(command)
    if command in (("ask",), ("search",)) and rng.random() < 0.8:
        argv.append(rng.choice(GARBAGE))
    for _ in range(rng.randint(0, 4)):
        option = rng.choice(COMMANDS[command] + ["--home", "--config"])
        argv.append(option)
        if option in VALUES:
            argv.append(rng.choice(VALUES[option]))
        elif option in PATH_OPTIONS:
            argv.append(rng.choice(list(paths.values())) + rng.choice(["", "", "/x.jsonl"]))
    if rng.random() < 0.2:  # noise anywhere: an unknown option, a stray word, a bad byte
        argv.insert(rng.randrange(len(argv) + 1), rng.choice(GARBAGE))
    if "--home" not in argv:  # never the default home, and never a home that has an index
        argv += ["--home", paths["HOME"]]
    env = {}
    for name, values in ENV.items():
        if rng.random() < 0.2:
            value = rng.choice(values)
            key, _, rest = value.partition("/")
            env[name] = paths.get(key, key) + (f"/{rest}" if rest else "")
    return argv, env


def test_generated_garbage_never_escapes_main(tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "bad.toml").write_text("[retrieval\ntop_k = = 3\n")
    (tmp_path / "latin1.toml").write_bytes(b"# caf\xe9\n[retrieval]\ntop_k = 3\n")
    (tmp_path / "empty.toml").write_text("")
    (tmp_path / "q.jsonl").write_text('{"id": "1", "question": "What is tier 3?"}\n')
    (tmp_path / "q-latin1.jsonl").write_bytes(b'{"id": "1", "question": "caf\xe9"}\n')
    workspace_with_feedback(tmp_path / "home")
    monkeypatch.chdir(tmp_path)  # relative garbage paths land here
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("ui.cli._server_of", lambda args: None)  # never a real server
    rng = random.Random(20240611)
    codes: dict[int, int] = {}
    for case in range(300):
        argv, env = garbage_case(rng, tmp_path)
        with monkeypatch.context() as patch:
            for name, value in env.items():
                patch.setenv(name, value)
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: usage errors (2) and --help (0)
                code = exc.code if isinstance(exc.code, int) else 2
            except BaseException as exc:  # what the test exists to catch
                pytest.fail(f"case {case}: {argv!r} with {env!r} raised {exc!r}")
        err = capsys.readouterr().err
        assert code in (0, 1, 2), (case, argv, env, code, err)
        assert "Traceback" not in err and "internal error" not in err, (case, argv, env, err)
        codes[code] = codes.get(code, 0) + 1
    assert codes.get(1, 0) >= 80 and codes.get(2, 0) >= 30, codes  # commands ran, and failed


def test_an_unexpected_failure_is_one_line_and_a_traceback_under_verbose(
    tmp_path, monkeypatch, capsys
) -> None:
    def broken(args):
        raise TypeError("TextEncodeInput must be Union[...]")

    monkeypatch.setattr(commands, "run_status", broken)
    assert main(["status", "--home", str(tmp_path)]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert "internal error: TypeError: TextEncodeInput" in line and "-v" in line
    with pytest.raises(TypeError):
        main(["status", "--home", str(tmp_path), "-v"])
