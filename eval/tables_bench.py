"""Table extraction checked against annex tables written down by hand (issue 24).

``eval/gold/tables_hand.json`` holds 10 SG-report annex tables read off the rendered pages: per
table its file, page, caption, the header path of each column and the rows of cells (the first
column is the row label). This runs pocdoc's PDF loader (:func:`ingest.loaders.pdf.load_pdf`) on
each file, takes the ``table`` blocks of the table's page, parses each row block back into cells
(``Country: Senegal; Formed police units, Women: 14`` -> ``{"Country": "Senegal",
"Formed police units, Women": "14"}``) and counts, per table and overall, the hand cells that
the loader gave the same value under the same row label and column header (cells right / cells
total). Only whitespace and thousands separators are normalised. A cell the loader wrote that the
hand table lacks (a value under the wrong header, say) is counted as ``extra``.

    .venv/bin/python -m eval.tables_bench [--gold eval/gold/tables_hand.json] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

GOLD = Path(__file__).parent / "gold" / "tables_hand.json"
ROOT = Path(__file__).resolve().parent.parent
CAPTION = "Table: "
_THOUSANDS = re.compile(r"(?<=\d)[ ,\u00a0\u202f](?=\d{3}(?!\d))")

Key = tuple[str, int, str]  # (row label, how many rows with that label came before, header)


def norm(text: str) -> str:
    """Whitespace collapsed, thousands separators dropped (``1 520``, ``1,520`` -> ``1520``)."""
    text = " ".join(text.split())
    return _THOUSANDS.sub("", text)


def parse_row(block: str) -> list[tuple[str, str]]:
    """A row block back into ``(header, cell)`` pairs, in order; a cell without a header gets
    header ``""``. The inverse of :func:`ingest.loaders.tables.row_text`."""
    pairs = []
    for part in block.split("; "):
        head, sep, cell = part.partition(": ")
        pairs.append((head.strip(), cell.strip()) if sep else ("", part.strip()))
    return pairs


def cells_of(rows: list[list[tuple[str, str]]], label_header: str) -> dict[Key, str]:
    """Cells keyed by (row label, occurrence of that label, header); the label is the value
    under ``label_header`` (blank when the row has none, as a total row without a name)."""
    seen: Counter[str] = Counter()
    out: dict[Key, str] = {}
    for row in rows:
        label = next((norm(c) for h, c in row if norm(h) == label_header), "")
        k = seen[label]
        seen[label] += 1
        for head, cell in row:
            if norm(head) != label_header and cell:
                out[(label, k, norm(head))] = norm(cell)
    return out


def gold_cells(table: dict) -> dict[Key, str]:
    heads = [norm(", ".join(path)) for path in table["columns"]]
    rows = [[(h, c) for h, c in zip(heads, row) if c] for row in table["rows"]]
    return cells_of(rows, heads[0])


def page_segments(blocks, page: int) -> list[tuple[str, list[str]]]:
    """The table blocks of ``page`` cut into tables at each caption: ``(caption, rows)``."""
    segments: list[tuple[str, list[str]]] = []
    for block in blocks:
        if block.kind != "table" or block.page != page:
            continue
        if block.text.startswith(CAPTION):
            segments.append((block.text[len(CAPTION) :], []))
        else:
            if not segments:
                segments.append(("", []))
            segments[-1][1].append(block.text)
    return segments


@dataclass
class TableScore:
    file: str
    page: int
    caption: str
    right: int
    total: int
    extra: int
    caption_found: str
    wrong: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0


def score(table: dict, segment: tuple[str, list[str]] | None) -> TableScore:
    gold = gold_cells(table)
    label_header = norm(", ".join(table["columns"][0]))
    caption, rows = segment or ("", [])
    got = cells_of([parse_row(r) for r in rows], label_header)
    right = sum(got.get(key) == value for key, value in gold.items())
    wrong = [
        f"{key[0] or '(no label)'} | {key[2]}: want {value!r}, got {got.get(key)!r}"
        for key, value in gold.items()
        if got.get(key) != value
    ]
    extra = [
        f"{k[0] or '(no label)'} | {k[2]}: extra {v!r}" for k, v in got.items() if k not in gold
    ]
    return TableScore(
        table["file"],
        table["page"],
        table["caption"],
        right,
        len(gold),
        len(extra),
        caption,
        wrong + extra,
    )


def run(gold_path: Path = GOLD) -> list[TableScore]:
    from ingest.loaders.pdf import load_pdf

    tables = json.loads(gold_path.read_text(encoding="utf-8"))["tables"]
    docs: dict[str, object] = {}
    scores = []
    order: Counter[tuple[str, int]] = Counter()
    for table in tables:
        path = (ROOT / table["file"]).resolve()
        if table["file"] not in docs:
            docs[table["file"]] = load_pdf(path)
        segments = page_segments(docs[table["file"]].blocks, table["page"])  # type: ignore[attr-defined]
        i = order[(table["file"], table["page"])]
        order[(table["file"], table["page"])] += 1
        scores.append(score(table, segments[i] if i < len(segments) else None))
    return scores


def report(scores: list[TableScore]) -> str:
    lines = [
        "| table | page | cells right / total | share | extra cells | caption read |",
        "|---|---|---|---|---|---|",
    ]
    for s in scores:
        name = Path(s.file).stem
        cap = (
            "yes"
            if norm(s.caption_found).startswith(norm(s.caption)[:40])
            else repr(s.caption_found[:60])
        )
        lines.append(
            f"| {name} | {s.page} | {s.right} / {s.total} | {s.share:.1%} | {s.extra} | {cap} |"
        )
    right, total = sum(s.right for s in scores), sum(s.total for s in scores)
    extra = sum(s.extra for s in scores)
    lines.append(f"| **overall** | | **{right} / {total}** | **{right / total:.1%}** | {extra} | |")
    misses = [f"- {Path(s.file).stem} p{s.page}: {w}" for s in scores for w in s.wrong]
    if misses:
        lines += ["", "Misses:", *misses]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--json", type=Path, help="write per-table figures here")
    args = parser.parse_args(argv)
    scores = run(args.gold)
    print(report(scores))
    if args.json:
        args.json.write_text(json.dumps([asdict(s) for s in scores], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
