"""`pocdoc series` and `pocdoc compare`: the series of the index, and what changed between two
editions, paragraph by paragraph, each side cited.

Kept apart from :mod:`ui.parser` and :mod:`ui.commands` (one line in the parser registers them);
the heavy modules are imported only when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError
from ui.compare_queries import pick_pair, series_data, shelf_of, trend_data


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register `series` and `compare` on the `pocdoc` subcommand parser."""
    p = sub.add_parser(
        "series", parents=[common], help="documents that are editions of one another, by series"
    )
    p.add_argument("name", nargs="?", help="a series (name or mission) to list its documents")
    p.add_argument(
        "--topic", default="", help="with a series: paragraphs about this in each document"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_series)

    p = sub.add_parser(
        "compare",
        parents=[common],
        help="what changed between two editions, paragraph by paragraph, cited on both sides",
    )
    p.add_argument("documents", nargs="*", metavar="DOC", help="two doc_ids or UN symbols")
    p.add_argument(
        "--ask",
        metavar="QUESTION",
        help='a change question: "what changed between S/2018/795 and S/2018/1059 on police", '
        '"how did gangs evolve in MINUJUSTH reports", "since when does MINUJUSTH mention gangs"',
    )
    p.add_argument("--series", help="pick both from this series: the last two, or --dates")
    p.add_argument(
        "--dates", nargs=2, metavar=("FROM", "TO"), help="with --series: the editions at two dates"
    )
    p.add_argument("--topic", default="", help='keep the pairs about this (e.g. "police")')
    p.add_argument("--all", action="store_true", help="also show unchanged paragraphs")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON")
    fmt.add_argument("--markdown", action="store_true", help="print Markdown")
    fmt.add_argument("--docx", type=Path, metavar="FILE", help="write a Word document")
    p.set_defaults(func=run_compare)


def open_shelf(args: argparse.Namespace) -> tuple[Any, Any]:
    """The shelf of the home the arguments address, and its settings."""
    from ui.commands import settings_from

    settings = settings_from(args)
    return shelf_of(settings), settings


def run_series(args: argparse.Namespace) -> int:
    shelf, settings = open_shelf(args)
    if args.topic.strip():
        if not args.name:
            raise ConfigError("--topic needs a series: pocdoc series MINUJUSTH --topic police")
        return _run_trend(shelf, settings, args)
    chosen = [shelf.find(args.name)] if args.name else shelf.series
    if args.json:
        print(json.dumps(series_data(shelf, args.name), indent=2))
        return 0
    if not chosen:
        print("no series: no two indexed documents are editions of one another")
    for series in chosen:
        first, last = series.members[0], series.members[-1]
        print(
            f"{series.name} [{series.key}]: {len(series.members)} documents, "
            f"{first.date} to {last.date} (by {series.basis})"
        )
        if args.name:
            for record in series.members:
                print(f"  {record.date:10}  {record.symbol or '-':14}  {record.doc_id}")
    return 0


def run_compare(args: argparse.Namespace) -> int:
    from ui import compare_format

    shelf, settings = open_shelf(args)
    if args.ask:
        return _run_question(shelf, settings, args)
    first, second = pick_pair(shelf, args.documents, args.series, args.dates)
    embed = None
    if args.topic.strip():
        from assistant.encoders import Embedder

        embed = Embedder.from_settings(settings).encode_query
    comparison = shelf.compare(first, second, topic=args.topic, embed_topic=embed)
    if args.json:
        print(json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False))
    elif args.markdown:
        sys.stdout.write(compare_format.to_markdown(comparison, unchanged=args.all))
    elif args.docx:
        args.docx.write_bytes(compare_format.to_docx(comparison, unchanged=args.all))
        print(f"{compare_format.summary(comparison)}\nwritten to {args.docx}")
    else:
        sys.stdout.write(compare_format.to_text(comparison, unchanged=args.all))
    return 0


def _run_question(shelf: Any, settings: Any, args: argparse.Namespace) -> int:
    from assistant.editions import read_change_question

    question = read_change_question(args.ask, shelf)
    if question is None:
        raise ConfigError(
            f"'{args.ask}' is not a change question about indexed series or documents: ask "
            '"what changed between DOC and DOC [on TOPIC]", "how did TOPIC evolve in MISSION '
            'reports" or "since when does MISSION mention TOPIC" (`pocdoc series` lists them)'
        )
    if question.kind == "compare":
        args.documents, args.series, args.topic = (
            [question.old_id, question.new_id],
            None,
            question.topic,
        )
        args.ask = None
        return run_compare(args)
    args.name, args.topic = question.series.name, question.topic
    return _run_trend(shelf, settings, args, last=question.kind == "last")


def _run_trend(shelf: Any, settings: Any, args: argparse.Namespace, *, last: bool = False) -> int:
    from assistant.editions import first_mention, last_mention
    from assistant.encoders import Embedder

    series = shelf.find(args.name)
    points, data = trend_data(shelf, series, args.topic, Embedder.from_settings(settings))
    first = first_mention(points)
    final = last_mention(points)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"{series.name} on '{args.topic}': paragraphs about it in each document")
    for point in points:
        r = point.edition.record
        where = "; ".join(p.label for p in point.paragraphs[:6])
        more = f" (+{point.count - 6})" if point.count > 6 else ""
        print(
            f"  {r.date:10}  {r.symbol or r.doc_id:14}  {point.count:3} of {len(point.edition.paragraphs):3}  {where}{more}"
        )
    if first is None or final is None:
        print(f"no document of {series.name} has a paragraph about '{args.topic}'")
        return 0
    r = first.edition.record
    print(f"first in {r.symbol or r.doc_id} ({r.date}), {first.paragraphs[0].label}")
    if last:
        r = final.edition.record
        after = series.members[series.position(r.doc_id) + 1 :]
        print(
            f"last in {r.symbol or r.doc_id} ({r.date}), {final.paragraphs[-1].label}"
            + (
                f"; none from {after[0].symbol or after[0].doc_id} ({after[0].date})"
                if after
                else ""
            )
        )
    return 0
