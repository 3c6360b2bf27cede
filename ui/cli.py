"""The `pocdoc` entry point: `main` parses a command line (:mod:`ui.parser`) and runs its command
(:mod:`ui.commands`), here or as a client of the home's running `pocdoc serve` (:mod:`ui.api`).

Whatever goes wrong ends in one line on stderr, never a traceback (unless -v): a reported error
exits 1, a usage error 2, Ctrl-C 130, and a closed output pipe (`pocdoc status | head -1`) exits
141 (128 + SIGPIPE, as a killed C tool would) without a word.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any

# The hub must never be asked, and this must be set before huggingface_hub is imported.
from assistant.offline import go_offline

go_offline()

from ui.parser import build_parser  # noqa: E402 - light: commands import their modules lazily

CLOSED_PIPE = 141
_TEXT_ARGS = {"question": "the question", "query": "the query", "filter": "--filter"}
# Commands that become clients of a running `pocdoc serve` on their home (unless --no-server).
CLIENT_COMMANDS = ("ask", "search", "ingest", "status")


def main(argv: list[str] | None = None) -> int:
    """Run one command. `ask`, `search`, `ingest` and `status` go to the running `pocdoc serve`
    of their home when there is one (the same output, without the cold start, and one writer)."""
    from assistant.errors import PocdocError

    argv = list(sys.argv[1:] if argv is None else argv)
    _escape_undecodable_output()
    if not _cwd_exists():
        # numba (under bm25s) imports `coverage` when it is installed (the multilingual extra's
        # dependencies bring it), and coverage resolves the working folder at import: without
        # one it raises. pocdoc never measures coverage, so numba is told it is not there.
        sys.modules.setdefault("coverage", None)  # type: ignore[arg-type]
    verbose = False
    try:
        try:
            parser = build_parser()
            args = parser.parse_args(argv)
            verbose = bool(getattr(args, "verbose", False))
            return _run(parser, args)
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # output to a pipe is buffered: a closed pipe shows up here
    except BrokenPipeError:
        _silence_stdout()
        return CLOSED_PIPE
    except KeyboardInterrupt:
        print("pocdoc: interrupted", file=sys.stderr)
        return 130
    except PocdocError as exc:
        if verbose:
            raise
        return _error(exc)
    except OSError as exc:  # a file or folder the command was given cannot be used
        if verbose:
            raise
        return _error(_os_error(exc))
    except Exception as exc:  # a bug: still one line, the traceback under -v
        if verbose:
            raise
        return _error(
            f"internal error: {type(exc).__name__}: {exc} (rerun with -v for the traceback, "
            "and report it)"
        )


def _run(parser: Any, args: Any) -> int:
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    bad = _not_utf8(args)
    if bad:
        print(f"pocdoc: error: {bad}", file=sys.stderr)
        return 2
    args.server = None
    if args.command in CLIENT_COMMANDS and not getattr(args, "no_server", False):
        args.server = _server_of(args)
    _configure_logging(args.verbose)
    return int(args.func(args) or 0)


def _server_of(args: Any) -> str | None:
    """The url of the running server of the command's home, when it answers with the settings
    this command would use (else the command runs here, as without a server). Settings are
    loaded only when a config file or a POCDOC_ variable besides the home could change them."""
    from assistant.paths import home_of
    from ui.api.serverfile import find_server, read_server_file, settings_digest

    home = home_of(getattr(args, "home", None))
    custom = getattr(args, "config", None) or any(
        k.startswith("POCDOC_") and k != "POCDOC_HOME" for k in os.environ
    )
    if not custom:
        return find_server(home)
    if read_server_file(home) is None and not getattr(args, "config", None):
        return None  # no server on this home: nothing to compare, no settings to load
    from ui.commands import settings_from

    settings = settings_from(args)
    return find_server(Path(settings.home), digest=settings_digest(settings))


def _not_utf8(args: Any) -> str:
    """Why a text argument cannot be used: bytes that are not UTF-8 reach Python as lone
    surrogates (``$'\\xff'`` is ``'\\udcff'``), which no tokenizer or store accepts. File names
    are not checked: any bytes make a valid one."""
    for dest, label in _TEXT_ARGS.items():
        value = getattr(args, dest, None)
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str):
                continue
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                try:
                    shown = repr(os.fsencode(text))
                except UnicodeEncodeError:
                    shown = ascii(text)
                return f"{label} is not UTF-8 text ({shown}): give it in UTF-8 (check the terminal's encoding)"
    return ""


def _error(exc: object) -> int:
    from assistant.errors import escape_controls

    line = escape_controls(exc)
    if not _cwd_exists():
        line += " (the working folder no longer exists: cd to an existing folder)"
    print(f"pocdoc: error: {line}", file=sys.stderr)
    return 1


def _os_error(exc: OSError) -> str:
    what = exc.strerror or type(exc).__name__
    if exc.filename is None:
        return f"{what}: {exc}" if exc.strerror and str(exc) != exc.strerror else what
    return f"{exc.filename}: {what}"


def _cwd_exists() -> bool:
    try:
        os.getcwd()
    except OSError:
        return False
    return True


def _escape_undecodable_output() -> None:
    """Write text that is not UTF-8 (a file name's bytes, an argument echoed in a usage error)
    as escapes, never fail on it: stdout is strict by default."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what is left in the buffer
    does not fail on the closed pipe again (and print a traceback of its own)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # no real stdout (in-process, or closed)
        pass


def _configure_logging(verbose: bool) -> None:
    import logging

    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="pocdoc: %(levelname)s: %(message)s",
    )
    if not verbose:
        for noisy in ("chromadb", "httpx", "sentence_transformers", "transformers", "bm25s"):
            logging.getLogger(noisy).setLevel(logging.ERROR)


if __name__ == "__main__":
    raise SystemExit(main())
