"""The `pocdoc` command. Each subcommand imports its heavy modules only when it runs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

# The hub must never be asked, and this must be set before huggingface_hub is imported.
from assistant.offline import go_offline  # noqa: E402 - light: no library imported

go_offline()

from assistant.modes import AnswerMode, Method  # noqa: E402 - light: no model, no index

FILTER_KEYS = {"doc": "doc_ids", "type": "doc_types", "body": "issuing_bodies", "from": "date_from", "to": "date_to"}


def main(argv: list[str] | None = None, *, engines: dict[str, Any] | None = None) -> int:
    """Run one command. ``engines`` is `pocdoc serve`'s cache of open engines: given, only the
    forwarded commands run, on those engines; not given, `ask` and `search` go to a running
    `pocdoc serve` of their home when there is one (the same output, without the cold start)."""
    from ui.serve import FORWARDED, forward, home_of

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
        print(f"pocdoc: error: `pocdoc serve` runs only {', '.join(FORWARDED)}, not {args.command}", file=sys.stderr)
        return 2
    args.engines = engines
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


def _common_options(*, defaults: bool) -> argparse.ArgumentParser:
    """--config, --home, -v. The subcommands' copies default to SUPPRESS, so an option given
    before the subcommand (`pocdoc --home X ingest`) is not overwritten by the subcommand's default."""
    common = argparse.ArgumentParser(add_help=False)
    none = None if defaults else argparse.SUPPRESS
    common.add_argument("--config", type=Path, default=none, help="TOML config file (default: $POCDOC_CONFIG)")
    common.add_argument("--home", type=Path, default=none, help="state folder (default: $POCDOC_HOME or ~/.pocdoc)")
    common.add_argument(
        "-v", "--verbose", action="store_true", default=False if defaults else argparse.SUPPRESS,
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

    p = sub.add_parser("ingest", parents=[common], help="index documents (incremental by content hash)")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the corpus folder)")
    p.add_argument("--prune", action="store_true", help="remove documents whose files disappeared")
    p.add_argument("--rebuild", action="store_true", help="drop the index and start over")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("repair", parents=[common], help="check the index and rebuild damaged parts from the ledger")
    p.add_argument("--force", action="store_true", help="rebuild Chroma and BM25 even if they look healthy")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_cmd_repair)

    p = sub.add_parser("search", parents=[common], help="retrieve passages with their provenance")
    p.add_argument("query")
    p.add_argument("--top-k", type=_top_k, help="passages to show (1-100, as retrieval.top_k)")
    p.add_argument("--method", choices=Method.choices(), default=Method.HYBRID.value)
    _add_filter(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_no_server(p)
    p.set_defaults(func=_cmd_search)

    p = sub.add_parser("ask", parents=[common], help="answer a question with cited passages")
    p.add_argument("question", nargs="?", help="the question (or use --questions)")
    p.add_argument("--questions", type=Path, help='JSONL file of {"id", "question"} lines: batch mode')
    p.add_argument("--output", type=Path, help="batch mode: write JSONL here instead of stdout")
    p.add_argument("--top-k", type=_top_k, help="passages to retrieve (1-100, as retrieval.top_k)")
    p.add_argument("--mode", choices=AnswerMode.choices(), help="answer mode")
    _add_filter(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--passages", action="store_true", help="also print the cited passages in full")
    _add_no_server(p)
    p.set_defaults(func=_cmd_ask)

    p = sub.add_parser(
        "serve", parents=[common],
        help="keep the index and encoder warm: `ask` and `search` on this home then answer in a fraction of a second",
    )
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("status", parents=[common], help="what is indexed, and where")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_status)

    p = sub.add_parser("ui", parents=[common], help="start the chat UI (ingests the corpus first if needed)")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--no-ingest", action="store_true", help="do not refresh the index before starting")
    p.set_defaults(func=_cmd_ui)

    p = sub.add_parser("eval", parents=[common], help="run a retrieval benchmark from a run config")
    p.add_argument("run_config", type=Path, help="eval run config (TOML), e.g. eval/configs/smoke.toml")
    p.add_argument("--beir", type=Path, help="a BEIR-format dataset folder (corpus.jsonl, queries.jsonl, qrels/)")
    p.add_argument("--out", type=Path, help="run folder (default: eval/runs/<name>-<time>)")
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser("fetch", parents=[common], help="download manifest documents not on disk (needs a network)")
    p.set_defaults(func=_cmd_fetch)

    p = sub.add_parser("feedback", parents=[common], help="the UI's answer feedback, for evaluators")
    feedback = p.add_subparsers(title="feedback commands", metavar="ACTION")
    p.set_defaults(func=lambda args: p.print_help() or 2)
    e = feedback.add_parser("export", parents=[common], help="every record with its question, answer and citations")
    e.add_argument("--format", choices=["csv", "jsonl"], default="jsonl", help="output format (default: jsonl)")
    e.add_argument("--output", type=Path, help="write here instead of stdout")
    e.set_defaults(func=_cmd_feedback_export)
    return parser


def _top_k(text: str) -> int:
    """--top-k checked by the same rule as the ``retrieval.top_k`` setting (a usage error, exit 2)."""
    from pydantic import ValidationError

    from assistant.settings import RetrievalSettings

    try:
        return RetrievalSettings(top_k=text).top_k
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(f"{exc.errors()[0]['msg'].lower()} (got {text!r}; retrieval.top_k)") from exc


def _add_no_server(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-server", action="store_true", help="run here even when `pocdoc serve` runs on this home")


def _add_filter(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="doc=ID, type=TYPE, body=ISSUER (repeatable, values OR'ed), from=YYYY[-MM-DD], to=YYYY[-MM-DD]",
    )


def parse_filters(items: list[str]) -> Any:
    from assistant.errors import ConfigError
    from assistant.types import Filters, date_to_int, date_upper
    from assistant.symbols import is_iso_date

    fields: dict[str, Any] = {"doc_ids": [], "doc_types": [], "issuing_bodies": [], "date_from": "", "date_to": ""}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or key not in FILTER_KEYS or not value:
            raise ConfigError(f"bad --filter '{item}': use KEY=VALUE with KEY one of {', '.join(FILTER_KEYS)}")
        name = FILTER_KEYS[key]
        if isinstance(fields[name], list):
            fields[name].append(value)
            continue
        if not is_iso_date(value):
            raise ConfigError(f"bad --filter '{item}': dates are YYYY, YYYY-MM or YYYY-MM-DD")
        if fields[name]:
            raise ConfigError(f"--filter {key}= given twice ('{fields[name]}' and '{value}'): give it once")
        fields[name] = value
    if fields["date_from"] and fields["date_to"] and date_to_int(fields["date_from"]) > date_upper(fields["date_to"]):
        raise ConfigError(f"--filter from={fields['date_from']} is after to={fields['date_to']}")
    return Filters(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})


def settings_from(args: argparse.Namespace, **overrides: Any) -> Any:
    from assistant.settings import load_settings

    if getattr(args, "home", None):
        overrides["home"] = args.home
    return load_settings(getattr(args, "config", None), **overrides)


def _cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest_paths

    settings = settings_from(args)
    paths = args.paths or [settings.corpus_dir]
    summary = ingest_paths(settings, paths, prune=args.prune, rebuild=args.rebuild, progress=not args.no_progress)
    for failure in summary.failed:
        print(f"pocdoc: failed: {failure}", file=sys.stderr)
    if args.json:
        print(json.dumps(summary.to_dict(), indent=2))
    else:
        print(summary.line())
    return 0 if summary.ok else 1


def _open_engine(args: argparse.Namespace, **overrides: Any) -> Any:
    from assistant.engine import Engine
    from ingest.catalogue import open_glossary

    settings = settings_from(args, **overrides)
    engines = getattr(args, "engines", None)
    if engines is None:
        return Engine.open(settings, glossary=open_glossary(settings))
    return _open_assistant(args).engine


def _open_assistant(args: argparse.Namespace) -> Any:
    """An assistant over the home; under `pocdoc serve`, one per distinct settings and one encoder
    per distinct encoder settings, kept warm between requests."""
    from ingest.catalogue import open_assistant

    settings = settings_from(args)
    engines = getattr(args, "engines", None)
    if engines is None:
        return open_assistant(settings)
    key = settings.model_dump_json()
    assistant = engines.get(key)
    if assistant is None:
        from assistant.embeddings import Embedder

        encoder_key = f"encoder:{settings.embedding.model_dump_json()}|{settings.models_dir}"
        embedder = engines.setdefault(encoder_key, Embedder.from_settings(settings))
        assistant = engines[key] = open_assistant(settings, embedder=embedder)
    else:
        assistant.engine.refresh()  # cheap when nothing changed; picks up an ingest since the last request
    return assistant


def _cmd_search(args: argparse.Namespace) -> int:
    from assistant.errors import ConfigError
    from ui.formatting import render_hit

    if not args.query.strip():
        raise ConfigError("the query is empty: give the words to search for")
    filters = parse_filters(args.filter)
    engine = _open_engine(args)
    hits = engine.retrieve(args.query, top_k=args.top_k, method=args.method, filters=filters)
    if args.json:
        print(json.dumps([_hit_json(h) for h in hits], indent=2, ensure_ascii=False))
    elif not hits:
        print("no passages matched")
    else:
        print("\n\n".join(render_hit(h) for h in hits))
    return 0


def _hit_json(hit: Any) -> dict[str, Any]:
    from dataclasses import asdict

    data = asdict(hit.passage)
    data["section"] = hit.passage.section_label
    data.update(rank=hit.rank, score=hit.score, sources=list(hit.sources), dense_score=hit.dense_score, bm25_score=hit.bm25_score)
    data["also_in"] = [  # near-duplicate paragraphs of other reports, collapsed into this hit
        {k: getattr(p, k) for k in ("passage_id", "doc_id", "symbol", "date", "paragraph", "page")} for p in hit.also_in
    ]
    return data


def _cmd_ask(args: argparse.Namespace) -> int:
    from assistant.errors import ConfigError

    if bool(args.question) == bool(args.questions):
        raise ConfigError("give either a question or --questions FILE.jsonl")
    filters = parse_filters(args.filter)
    if args.questions:
        from ui.batch import read_questions

        items = list(read_questions(args.questions))  # read (and fail) before the model loads or output is truncated
        return _ask_batch(_open_assistant(args), items, args, filters)
    answer = _open_assistant(args).ask(args.question, filters=filters, top_k=args.top_k, mode=args.mode)
    if args.json:
        print(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
    else:
        from ui.formatting import render_answer

        print(render_answer(answer, show_passages=args.passages))
    return 0


def _ask_batch(assistant: Any, items: list[tuple[str, str, str]], args: argparse.Namespace, filters: Any) -> int:
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    failed = 0
    try:
        for qid, question, error in items:
            if error:
                failed += 1
                print(f"pocdoc: failed: {error}", file=sys.stderr)
                continue
            record = {"id": qid, **assistant.ask(question, filters=filters, top_k=args.top_k, mode=args.mode).to_dict()}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
    finally:
        if args.output:
            out.close()
    return 1 if failed else 0


def _cmd_status(args: argparse.Namespace) -> int:
    """What is indexed; a damaged index is an error (exit 1) whose line says what is wrong."""
    from dataclasses import asdict

    data = {**asdict(_open_engine(args).status()), "health": "ok"}
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        for key, value in data.items():
            print(f"{key:16} {value}")
    return 0


def _cmd_repair(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from assistant.repair import repair

    report = repair(settings_from(args), force=args.force)
    print(json.dumps(asdict(report), indent=2) if args.json else report.line())
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from ui.serve import serve

    settings = settings_from(args)
    args.engines = {}
    _open_engine(args).embedder.encode_query("warm up")  # index and encoder loaded before the first request
    try:
        return serve(settings.home, main, args.engines)
    except KeyboardInterrupt:
        return 0


def _cmd_ui(args: argparse.Namespace) -> int:
    from ui.server import serve

    return serve(settings_from(args), port=args.port, ingest_first=not args.no_ingest, config=args.config)


def _cmd_eval(args: argparse.Namespace) -> int:
    from eval.cli import run_eval

    out = run_eval(args.run_config, beir=args.beir, out=args.out, settings=settings_from(args))
    print(f"report: {out / 'report.md'}")
    return 0


def _cmd_fetch(args: argparse.Namespace) -> int:
    from ingest.fetch import fetch_missing
    from ingest.manifest import load_manifest

    settings = settings_from(args)
    manifest = load_manifest(settings.corpus_dir)
    results = fetch_missing(manifest, settings.corpus_dir)
    bad = 0
    for r in results:
        print(r)
        bad += not getattr(r, "ok", False)
    return 1 if bad else 0


def _cmd_feedback_export(args: argparse.Namespace) -> int:
    from ui.feedback import FeedbackStore, export_feedback
    from ui.workspace import Workspace, workspace_path

    path = workspace_path(settings_from(args))
    if not path.exists():
        from assistant.errors import ConfigError

        raise ConfigError(f"no UI workspace at {path}: nothing has been asked in `pocdoc ui` with this --home yet")
    records = list(FeedbackStore(Workspace(path)).records())
    text = export_feedback(iter(records), args.format)
    if args.output:
        args.output.write_text(text, encoding="utf-8", newline="")
        print(f"pocdoc: wrote {len(records)} feedback records to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _configure_logging(verbose: bool) -> None:
    import logging

    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="pocdoc: %(levelname)s: %(message)s")
    if not verbose:
        for noisy in ("chromadb", "httpx", "sentence_transformers", "transformers", "bm25s"):
            logging.getLogger(noisy).setLevel(logging.ERROR)


if __name__ == "__main__":
    raise SystemExit(main())
