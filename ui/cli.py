"""The `pocdoc` entry point: `main` parses a command line (:mod:`ui.parser`) and runs its command
(:mod:`ui.commands`), here or on a running `pocdoc serve` (:mod:`ui.serve`)."""

from __future__ import annotations

import sys
from typing import Any

# The hub must never be asked, and this must be set before huggingface_hub is imported.
from assistant.offline import go_offline

go_offline()

from ui.parser import build_parser  # noqa: E402 - light: commands import their modules lazily


def main(argv: list[str] | None = None, *, engines: dict[str, Any] | None = None) -> int:
    """Run one command. ``engines`` is `pocdoc serve`'s cache of open engines: given, only the
    forwarded commands run, on those engines; not given, `ask` and `search` go to a running
    `pocdoc serve` of their home when there is one (the same output, without the cold start)."""
    from assistant.paths import home_of
    from ui.serve import FORWARDED, forward

    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    if engines is None and args.command in FORWARDED and not args.no_server:
        rc = forward(argv, home_of(getattr(args, "home", None)))
        if rc is not None:
            return rc
    if engines is not None and args.command not in FORWARDED:
        print(
            f"pocdoc: error: `pocdoc serve` runs only {', '.join(FORWARDED)}, not {args.command}",
            file=sys.stderr,
        )
        return 2
    args.engines = engines
    args.run = main  # the entry point `pocdoc serve` runs each forwarded command line through
    _configure_logging(args.verbose)
    from assistant.errors import PocdocError, escape_controls

    try:
        return int(args.func(args) or 0)
    except PocdocError as exc:
        if args.verbose:
            raise
        print(f"pocdoc: error: {escape_controls(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pocdoc: interrupted", file=sys.stderr)
        return 130


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
