"""What each `pocdoc` command does, given its parsed arguments (:mod:`ui.parser` parses them;
:mod:`ui.cli` runs them).

Each command imports its heavy modules only when it runs, so `pocdoc --help` and a forwarded
`ask` stay light.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, Any

from ui.queries import hit_json, parse_filters


def open_output(path: Path) -> IO[str]:
    """``--output``, opened for writing (as UTF-8, newlines as written), its missing parent
    folders created first.

    Raises:
        ConfigError: the file cannot be written (a parent is a file, no permission, a folder).
    """
    from assistant.errors import ConfigError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise ConfigError(
            f"cannot write --output {path}: {exc.strerror or exc}: give a file in a writable folder"
        ) from exc


def settings_from(args: argparse.Namespace, **overrides: Any) -> Any:
    from assistant.settings import load_settings

    if getattr(args, "home", None):
        overrides["home"] = args.home
    return load_settings(getattr(args, "config", None), **overrides)


def run_ingest(args: argparse.Namespace) -> int:
    remote = _remote(args)
    if remote is not None:
        result = remote.ingest(args.paths, prune=args.prune, rebuild=args.rebuild)
        summary, line, ok = result["summary"], result["line"], result["ok"]
    else:
        from ingest.pipeline import ingest_paths

        settings = settings_from(args)
        paths = args.paths or [settings.corpus_dir]
        done = ingest_paths(
            settings, paths, prune=args.prune, rebuild=args.rebuild, progress=not args.no_progress
        )
        summary, line, ok = done.to_dict(), done.line(), done.ok
    for failure in summary["failed"]:
        print(f"pocdoc: failed: {failure}", file=sys.stderr)
    for note in summary.get("notes", []):  # pages OCR failed on or doubts (the rest is indexed)
        print(f"pocdoc: note: {note}", file=sys.stderr)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(line)
    return 0 if ok else 1


def _remote(args: argparse.Namespace) -> Any:
    """The home's running server as a :class:`~ui.api.client.RemoteAssistant`, or None (no
    server, or ``--no-server``): :mod:`ui.cli` finds it and sets ``args.server``."""
    url = getattr(args, "server", None)
    if not url:
        return None
    from ui.api.client import RemoteAssistant

    return RemoteAssistant(url, _home(args))


def _home(args: argparse.Namespace) -> Path:
    from assistant.paths import home_of

    return home_of(getattr(args, "home", None))


def _open_engine(args: argparse.Namespace, **overrides: Any) -> Any:
    from assistant.open import open_glossary
    from assistant.retrieval import Engine

    settings = settings_from(args, **overrides)
    return Engine.open(settings, glossary=open_glossary(settings))


def _open_assistant(args: argparse.Namespace) -> Any:
    from assistant.open import open_assistant

    return open_assistant(settings_from(args))


def run_search(args: argparse.Namespace) -> int:
    from assistant.errors import ConfigError
    from ui.formatting import render_hit

    if not args.query.strip():
        raise ConfigError("the query is empty: give the words to search for")
    filters = parse_filters(args.filter)
    remote = _remote(args)
    if remote is not None:
        found = remote.search(
            args.query, top_k=args.top_k, method=args.method, filters=filters, text=not args.json
        )
        if args.json:
            print(json.dumps(found, indent=2, ensure_ascii=False))
        else:
            sys.stdout.write(found)
        return 0
    engine = _open_engine(args)
    hits = engine.retrieve(args.query, top_k=args.top_k, method=args.method, filters=filters)
    if args.json:
        print(json.dumps([hit_json(h) for h in hits], indent=2, ensure_ascii=False))
    elif not hits:
        print("no passages matched")
    else:
        print("\n\n".join(render_hit(h) for h in hits))
    return 0


def run_ask(args: argparse.Namespace) -> int:
    from assistant.errors import ConfigError

    if bool(args.question) == bool(args.questions):
        raise ConfigError("give either a question or --questions FILE.jsonl")
    filters = parse_filters(args.filter)
    if args.questions:
        from ui.follow_ups import read_batch

        items = read_batch(args.questions)  # read (and fail) before the model loads
        return _ask_batch(items, args, filters)
    remote = _remote(args)
    if args.conversation and remote is not None:  # the server reads it and keeps the turn
        from ui.api.cli_follow_ups import RemoteConversations

        asked = RemoteConversations(args.server, _home(args)).ask(
            args.conversation, args.question, filters=filters, top_k=args.top_k,
            mode=args.mode, text=not args.json, passages=args.passages,
        )  # fmt: skip
        return _print_answer(args, asked) if args.json else _write(asked)
    if args.conversation:  # a follow-up read against the conversation kept under the home
        from ui.follow_ups import Conversations, ask_in_conversation

        answer = ask_in_conversation(
            _open_assistant(args), Conversations.under(settings_from(args)), args.conversation,
            args.question, filters=filters, top_k=args.top_k, mode=args.mode,
        )  # fmt: skip
        return _print_answer(args, answer)
    if remote is not None and not args.json:
        return _write(
            remote.render_answer(
                args.question, filters=filters, top_k=args.top_k, mode=args.mode,
                passages=args.passages,
            )
        )  # fmt: skip
    answer = (remote or _open_assistant(args)).ask(
        args.question, filters=filters, top_k=args.top_k, mode=args.mode
    )
    return _print_answer(args, answer)


def _print_answer(args: argparse.Namespace, answer: Any) -> int:
    if args.json:
        print(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
    else:
        from ui.formatting import render_answer

        print(render_answer(answer, show_passages=args.passages))
    return 0


def _write(text: str) -> int:
    sys.stdout.write(text)
    return 0


def _batch_asker(items: list[Any], args: argparse.Namespace) -> Any:
    """How each batch line is asked: of the running server, else in-process (the model loads)."""
    remote = _remote(args)
    named = any(i.conversation for i in items)
    if remote is not None:
        from ui.api.cli_follow_ups import RemoteConversations, ask_line_remotely

        conversations = RemoteConversations(args.server, _home(args)) if named else None
        return lambda item, **ask: ask_line_remotely(remote, conversations, item, **ask)
    from ui.follow_ups import Conversations, ask_line

    assistant = _open_assistant(args)
    local = Conversations.under(settings_from(args)) if named else None
    return lambda item, **ask: ask_line(assistant, item, local, **ask)


def _ask_batch(items: list[Any], args: argparse.Namespace, filters: Any) -> int:
    asked = _batch_asker(items, args)
    out = open_output(args.output) if args.output else sys.stdout
    failed = 0
    try:
        for item in items:
            if item.error:
                failed += 1
                print(f"pocdoc: failed: {item.error}", file=sys.stderr)
                continue
            answer = asked(item, filters=filters, top_k=args.top_k, mode=args.mode)
            record = {"id": item.qid, **answer.to_dict()}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
    finally:
        if args.output:
            out.close()
    return 1 if failed else 0


def run_status(args: argparse.Namespace) -> int:
    """What is indexed; a damaged index is an error (exit 1) whose line says what is wrong."""
    from dataclasses import asdict

    remote = _remote(args)
    data = remote.status() if remote else {**asdict(_open_engine(args).status()), "health": "ok"}
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        from ui.formatting import local_time

        for key, value in data.items():
            if key == "last_ingest":  # seconds since the epoch in --json; a date for people
                value = local_time(value, seconds=True) if value else "never"
            print(f"{key:16} {value}")
    return 0


def run_repair(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from assistant.index import repair

    report = repair(settings_from(args), force=args.force)
    print(json.dumps(asdict(report), indent=2) if args.json else report.line())
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """The home's owner behind an HTTP API on 127.0.0.1 (:mod:`ui.api.serve`)."""
    from ui.api.serve import serve

    try:
        settings = settings_from(args)
        return serve(settings, port=settings.server.port if args.port is None else args.port)
    except KeyboardInterrupt:
        return 0


def run_ui(args: argparse.Namespace) -> int:
    from ui.server import serve

    return serve(
        settings_from(args), port=args.port, ingest_first=not args.no_ingest, config=args.config
    )


def run_eval(args: argparse.Namespace) -> int:
    from eval.cli import run_eval

    out = run_eval(args.run_config, beir=args.beir, out=args.out, settings=settings_from(args))
    print(f"report: {out / 'report.md'}")
    return 0


def run_fetch(args: argparse.Namespace) -> int:
    from assistant.manifest import load_manifest
    from ingest.fetch import fetch_missing

    settings = settings_from(args)
    manifest = load_manifest(settings.corpus_dir)
    results = fetch_missing(manifest, settings.corpus_dir)
    bad = 0
    for r in results:
        print(r)
        bad += not getattr(r, "ok", False)
    return 1 if bad else 0


def run_feedback_export(args: argparse.Namespace) -> int:
    from ui.feedback import FeedbackStore, export_feedback
    from ui.workspace import Workspace, workspace_path

    path = workspace_path(settings_from(args))
    if not path.exists():
        from assistant.errors import ConfigError

        raise ConfigError(
            f"no UI workspace at {path}: nothing has been asked in `pocdoc ui` with this --home yet"
        )
    records = list(FeedbackStore(Workspace(path)).records())
    text = export_feedback(iter(records), args.format)
    if args.output:
        with open_output(args.output) as out:
            out.write(text)
        print(f"pocdoc: wrote {len(records)} feedback records to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
