"""The `pocdoc` command line's arguments: :func:`build_parser` maps each command to its function
in :mod:`ui.commands` (``args.func``). Light: no model, no index, no settings until a value is checked."""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.modes import AnswerMode, Method
from ui import commands, compare_cli, edge_commands


def _common_options(*, defaults: bool) -> argparse.ArgumentParser:
    """--config, --home, -v. The subcommands' copies default to SUPPRESS, so an option given
    before the subcommand (`pocdoc --home X ingest`) is not overwritten by the subcommand's default."""
    common = argparse.ArgumentParser(add_help=False)
    none = None if defaults else argparse.SUPPRESS
    common.add_argument(
        "--config", type=Path, default=none, help="TOML config file (default: $POCDOC_CONFIG)"
    )
    common.add_argument(
        "--home", type=Path, default=none, help="state folder (default: $POCDOC_HOME or ~/.pocdoc)"
    )
    common.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=False if defaults else argparse.SUPPRESS,
        help="debug logging and tracebacks",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common_options(defaults=False)
    parser = argparse.ArgumentParser(
        prog="pocdoc",
        description="Offline knowledge base and cited answers over UN Protection of Civilians doctrine.",
        parents=[_common_options(defaults=True)],
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command")

    p = sub.add_parser(
        "ingest", parents=[common], help="index documents (incremental by content hash)"
    )
    p.add_argument(
        "paths", nargs="*", type=Path, help="files or folders (default: the corpus folder)"
    )
    p.add_argument("--prune", action="store_true", help="remove documents whose files disappeared")
    p.add_argument("--rebuild", action="store_true", help="drop the index and start over")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    _add_no_server(p)
    p.set_defaults(func=commands.run_ingest)

    p = sub.add_parser(
        "repair", parents=[common], help="check the index and rebuild damaged parts from the ledger"
    )
    p.add_argument(
        "--force", action="store_true", help="rebuild Chroma and BM25 even if they look healthy"
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=commands.run_repair)

    p = sub.add_parser("search", parents=[common], help="retrieve passages with their provenance")
    p.add_argument("query")
    p.add_argument("--top-k", type=_top_k, help="passages to show (1-100, as retrieval.top_k)")
    p.add_argument("--method", choices=Method.choices(), default=Method.HYBRID.value)
    _add_filter(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_no_server(p)
    p.set_defaults(func=commands.run_search)

    p = sub.add_parser("ask", parents=[common], help="answer a question with cited passages")
    p.add_argument("question", nargs="?", help="the question (or use --questions)")
    p.add_argument(
        "--questions", type=Path, help='JSONL file of {"id", "question"} lines: batch mode'
    )
    p.add_argument(
        "--output",
        type=Path,
        help="batch mode: write JSONL here instead of stdout (missing parent folders are created)",
    )
    p.add_argument("--top-k", type=_top_k, help="passages to retrieve (1-100, as retrieval.top_k)")
    p.add_argument("--mode", choices=AnswerMode.choices(), help="answer mode")
    _add_filter(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--passages", action="store_true", help="also print the cited passages in full")
    p.add_argument(
        "--conversation",
        metavar="NAME",
        help="ask as the next turn of the conversation NAME, kept under POCDOC_HOME (a follow-up "
        "such as 'and in 2018?' is read against its earlier turns); a new name starts one",
    )
    _add_no_server(p)
    p.set_defaults(func=commands.run_ask)

    p = sub.add_parser(
        "serve",
        parents=[common],
        help="own this home and answer over HTTP on 127.0.0.1 (API docs at /docs): `ask`, "
        "`search`, `ingest` and `status` on this home then become its clients",
    )
    p.add_argument(
        "--port",
        type=int,
        help="port on 127.0.0.1 (default: the server.port setting, 8711; 0 picks a free one)",
    )
    p.set_defaults(func=commands.run_serve)

    p = sub.add_parser("status", parents=[common], help="what is indexed, and where")
    p.add_argument("--json", action="store_true")
    _add_no_server(p)
    p.set_defaults(func=commands.run_status)

    p = sub.add_parser(
        "ui", parents=[common], help="start the chat UI (ingests the corpus first if needed)"
    )
    p.add_argument("--port", type=int, default=8501)
    p.add_argument(
        "--no-ingest", action="store_true", help="do not refresh the index before starting"
    )
    p.set_defaults(func=commands.run_ui)

    p = sub.add_parser("eval", parents=[common], help="run a retrieval benchmark from a run config")
    p.add_argument(
        "run_config", type=Path, help="eval run config (TOML), e.g. eval/configs/smoke.toml"
    )
    p.add_argument(
        "--beir",
        type=Path,
        help="a BEIR-format dataset folder (corpus.jsonl, queries.jsonl, qrels/)",
    )
    p.add_argument("--out", type=Path, help="run folder (default: eval/runs/<name>-<time>)")
    p.set_defaults(func=commands.run_eval)

    p = sub.add_parser(
        "fetch", parents=[common], help="download manifest documents not on disk (needs a network)"
    )
    p.set_defaults(func=commands.run_fetch)

    p = sub.add_parser(
        "feedback", parents=[common], help="the UI's answer feedback, for evaluators"
    )
    feedback = p.add_subparsers(title="feedback commands", metavar="ACTION")
    p.set_defaults(func=lambda args: p.print_help() or 2)
    e = feedback.add_parser(
        "export", parents=[common], help="every record with its question, answer and citations"
    )
    e.add_argument(
        "--format", choices=["csv", "jsonl"], default="jsonl", help="output format (default: jsonl)"
    )
    e.add_argument(
        "--output",
        type=Path,
        help="write here instead of stdout (missing parent folders are created)",
    )
    e.set_defaults(func=commands.run_feedback_export)
    compare_cli.add_parsers(sub, common)  # `series` and `compare`
    edge_commands.add_parsers(sub, common)  # `keys` and `mcp`
    return parser


def _top_k(text: str) -> int:
    """--top-k checked by the same rule as the ``retrieval.top_k`` setting (a usage error, exit 2)."""
    from pydantic import ValidationError

    from assistant.settings import RetrievalSettings

    try:
        return RetrievalSettings(top_k=text).top_k
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(
            f"{exc.errors()[0]['msg'].lower()} (got {text!r}; retrieval.top_k)"
        ) from exc


def _add_no_server(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-server",
        action="store_true",
        help="run in this process even when `pocdoc serve` runs on this home",
    )


def _add_filter(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="doc=ID, type=TYPE, body=ISSUER (repeatable, values OR'ed), from=YYYY[-MM-DD], to=YYYY[-MM-DD]",
    )
