"""Judgement pools: the union of several retrievers' top hits per query, one numbered paragraph a row.

Used to build the SG paragraph benchmark (``eval/gold/README.md``): every query of a queries file
is run through each ``--method`` to ``--depth``, and each distinct (document, paragraph) found is
written once, with the methods and ranks that found it and the paragraph's text, for a judge to
grade 0/1/2. The pool records the settings it was drawn with.

    python -m eval.pool eval/gold/sg_paragraphs_queries.jsonl --home ~/.pocdoc/eval/sg-reports \
        --collection sg-reports --depth 20 --extend eval/gold/sg_paragraphs_pool.jsonl \
        --out eval/gold/sg_paragraphs_pool.jsonl

``--extend`` keeps an earlier pool's rows (and so its judgements, line for line) and appends only
the paragraphs it lacks. ``--gold`` turns a pool and its judgements into the dev and test files.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.modes import Method


def build_pool(engine, queries: list[dict], methods: list[str], depth: int) -> list[dict]:
    """One row per (query, doc_id, paragraph) that any method ranks within ``depth``."""
    rows: list[dict] = []
    for q in queries:
        seen: dict[tuple[str, str], dict] = {}
        for method in methods:
            for hit in engine.retrieve(q["query"], top_k=depth, method=method):
                p = hit.passage
                key = (p.doc_id, p.paragraph or p.passage_id)
                row = seen.get(key)
                if row is None:
                    row = seen[key] = {
                        "id": q["id"],
                        "doc_id": p.doc_id,
                        "paragraph": p.paragraph,
                        "symbol": p.symbol,
                        "passage_id": p.passage_id,
                        "found_by": {},
                        "text": p.text,
                    }
                row["found_by"].setdefault(method, hit.rank)
        rows.extend(seen.values())
    return rows


def pool_key(row: dict) -> tuple[str, str, str]:
    """What makes a pooled row distinct: query, document and paragraph (the text where unnumbered)."""
    from eval.datasets import normalise

    return row["id"], row["doc_id"], row["paragraph"] or normalise(row["text"])


def extend_pool(old: list[dict], new: list[dict], draw: int) -> list[dict]:
    """``old`` unchanged (its judgements stay aligned), then each row of ``new`` whose key it lacks,
    tagged with ``draw``; grouped by query in the order of ``new``'s queries."""
    known = {pool_key(r) for r in old}
    added: dict[str, list[dict]] = {row["id"]: [] for row in new}
    for row in new:
        key = pool_key(row)
        if key not in known:
            known.add(key)
            added[row["id"]].append({**row, "draw": draw})
    return old + [row for rows in added.values() for row in rows]


def to_gold(
    pool: list[dict],
    grades: dict[tuple[str, int], int],
    queries: list[dict],
    doc_texts: dict[str, list[str]],
) -> dict[str, list[dict]]:
    """Gold-set records (grade >= 1 items, with a quote and ``paragraph``), split by query: odd ids ->
    ``dev``, even ids -> ``test``. ``grades`` maps (query id, pool row index) to 0/1/2; ``doc_texts``
    holds each document's passage texts, so that every quote is found in its judged passage only."""
    by_query: dict[str, list[dict]] = {q["id"]: [] for q in queries}
    for n, row in enumerate(pool):
        grade = grades[(row["id"], n)]
        if grade > 0:
            quote = _unique_quote(row["text"], doc_texts[row["doc_id"]])
            by_query[row["id"]].append(
                {
                    "doc_id": row["doc_id"],
                    "quote": quote,
                    "grade": grade,
                    "paragraph": row["paragraph"],
                }
            )
    out: dict[str, list[dict]] = {"dev": [], "test": []}
    for q in queries:
        if not by_query[q["id"]]:
            continue  # nothing relevant was pooled: the query cannot be scored
        split = "dev" if int(q["id"][2:]) % 2 else "test"
        out[split].append(
            {
                "id": q["id"],
                "question": q["query"],
                "answerable": True,
                "kind": q["kind"],
                "relevant": by_query[q["id"]],
                "answer": q["relevant_if"],
            }
        )
    return out


def _unique_quote(text: str, others: list[str], words: int = 12) -> str:
    """``words`` consecutive words of ``text`` that no other passage of its document contains: the
    opening after the paragraph number where it is unique (a repeated table header is not)."""
    from eval.datasets import normalise

    tokens = text.split()
    if tokens and tokens[0].rstrip(".").isdigit():
        tokens = tokens[1:]
    texts = [normalise(t) for t in others]
    for start in range(max(1, len(tokens) - words + 1)):
        quote = " ".join(tokens[start : start + words])
        if sum(normalise(quote) in t for t in texts) <= 1:
            return quote
    return " ".join(tokens[:words])


def read_pool(path: Path) -> tuple[dict, list[dict]]:
    """A pool file's settings line and its rows."""
    lines = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return lines[0]["pool_settings"], lines[1:]


def write_gold(
    engine, pool_path: Path, judgements_path: Path, queries: list[dict], out_prefix: str
) -> dict[str, int]:
    """``<out_prefix>_dev.jsonl`` and ``_test.jsonl`` from a pool and its line-aligned judgements."""
    _, pool = read_pool(pool_path)
    judged = [
        json.loads(line)
        for line in judgements_path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if len(judged) != len(pool):
        raise SystemExit(
            f"{judgements_path}: {len(judged)} judgements for {len(pool)} pooled rows; judge every row first"
        )
    grades = {}
    for n, (row, j) in enumerate(zip(pool, judged)):
        if (j["id"], j["doc_id"], j["paragraph"]) != (row["id"], row["doc_id"], row["paragraph"]):
            raise SystemExit(
                f"{judgements_path}: line {n + 1} judges {j['id']} {j['doc_id']} {j['paragraph']}, "
                f"the pool row is {row['id']} {row['doc_id']} {row['paragraph']}"
            )
        grades[(row["id"], n)] = j["grade"]
    doc_texts: dict[str, list[str]] = {}
    for p in engine.passages():
        doc_texts.setdefault(p.doc_id, []).append(p.text)
    out = to_gold(pool, grades, queries, doc_texts)
    for split, records in out.items():
        with open(f"{out_prefix}_{split}.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return {split: len(records) for split, records in out.items()}


def main(argv: list[str] | None = None) -> int:
    from assistant.open import open_glossary
    from assistant.retrieval import Engine
    from assistant.settings import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", type=Path, help="JSONL with id and query")
    parser.add_argument("--home", type=Path, required=True, help="the index's home folder")
    parser.add_argument("--collection", default="pocdoc", help="the index's Chroma collection")
    parser.add_argument(
        "--methods",
        nargs="+",
        choices=Method.choices(),
        default=[Method.BM25, Method.DENSE, Method.HYBRID],
    )
    parser.add_argument("--depth", type=int, default=10)
    parser.add_argument("--extend", type=Path, help="an earlier pool to keep and add to")
    parser.add_argument("--out", type=Path, help="the pool file to write")
    parser.add_argument(
        "--gold",
        nargs=2,
        metavar=("JUDGEMENTS", "OUT_PREFIX"),
        help="instead of pooling: write OUT_PREFIX_dev.jsonl and _test.jsonl from --extend and JUDGEMENTS",
    )
    args = parser.parse_args(argv)
    settings = load_settings(home=args.home, store={"collection": args.collection})
    queries = [
        json.loads(line)
        for line in args.queries.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    # The glossary as `pocdoc eval` and `pocdoc search` use it: pooled hybrid is the evaluated hybrid.
    engine = Engine.open(settings, glossary=open_glossary(settings))
    if args.gold:
        if args.extend is None:
            parser.error("--gold needs the pool as --extend")
        counts = write_gold(engine, args.extend, Path(args.gold[0]), queries, args.gold[1])
        print(
            f"{counts['dev']} dev and {counts['test']} test queries with something relevant -> {args.gold[1]}_*.jsonl"
        )
        return 0
    if args.out is None:
        parser.error("--out is required when pooling")
    rows = build_pool(engine, queries, args.methods, args.depth)
    meta = {
        "methods": args.methods,
        "depth": args.depth,
        "retrieval": settings.retrieval.model_dump(mode="json"),
        "chunking": settings.chunking.model_dump(mode="json"),
        "documents": len(engine.documents),
    }
    if args.extend is not None:
        earlier, old_rows = read_pool(args.extend)
        draws = earlier.get("draws", [earlier])
        meta = {"draws": [*draws, meta]}
        rows = extend_pool(old_rows, rows, len(meta["draws"]))
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"pool_settings": meta}) + "\n")
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} pooled paragraphs for {len(queries)} queries -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
