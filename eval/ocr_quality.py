"""OCR quality and speed: text-layer PDF pages rendered to images, read by Tesseract, compared
with their own text layer (character error rate), and the time each page took.

    python -m eval.ocr_quality corpus/reports/*.pdf --pages 3 --out eval/results/ocr-quality.json

For each PDF the first ``--pages`` pages after the first page (the masthead's layout reads in a
different order) are used. Both texts are compared after whitespace is collapsed; the CER is
Levenshtein distance / reference length, summed over pages (rapidfuzz). The text layer is pypdf's,
so words pypdf splits ("Deve lopment") count against OCR too: the figure is an upper bound.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path
from typing import Any


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def measure(paths: list[Path], pages: int, dpi: int, languages: str) -> dict[str, Any]:
    from pypdf import PdfReader
    from rapidfuzz.distance import Levenshtein

    from ingest.ocr import OcrOptions, ocr_pages

    options = OcrOptions(mode="always", languages=languages, dpi=dpi, cache_dir=None)
    rows = []
    for path in paths:
        reader = PdfReader(path)
        numbers = list(range(2, min(len(reader.pages), pages + 1) + 1))
        for number in numbers:
            reference = _squash(reader.pages[number - 1].extract_text() or "")
            started = time.perf_counter()
            [page] = ocr_pages(path, [number], options)
            seconds = time.perf_counter() - started
            read = _squash(page.text)
            rows.append(
                {
                    "file": path.name,
                    "page": number,
                    "chars": len(reference),
                    "edits": Levenshtein.distance(read, reference),
                    "confidence": page.confidence,
                    "seconds": round(seconds, 2),
                    "error": page.error,
                }
            )
    chars = sum(r["chars"] for r in rows)
    edits = sum(r["edits"] for r in rows)
    seconds = sum(r["seconds"] for r in rows)
    return {
        "settings": {"dpi": dpi, "languages": languages, "pages_per_file": pages},
        "pages": len(rows),
        "cer": round(edits / chars, 4) if chars else None,
        "seconds_per_page": round(seconds / len(rows), 2) if rows else None,
        "pages_per_second": round(len(rows) / seconds, 3) if seconds else None,
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.ocr_quality", description=__doc__)
    parser.add_argument("pdfs", nargs="+", type=Path, help="PDFs with a text layer")
    parser.add_argument("--pages", type=int, default=3, help="pages per file (from page 2)")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--languages", default="eng")
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    result = measure(args.pdfs, args.pages, args.dpi, args.languages)
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    summary = {k: v for k, v in result.items() if k != "rows"}
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
