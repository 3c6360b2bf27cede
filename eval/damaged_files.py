"""Damaged files: seed files of every supported type with bytes flipped, cut, inserted or
repeated, plus random bytes, through the loaders and the splitter (``python -m eval.faults
--files N``). Each must be indexed or refused with a PocdocError (one line), never another
exception.
"""

from __future__ import annotations

import random
import tempfile
from collections import Counter
from pathlib import Path

_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\n"
    b"endobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
    b"/Contents 5 0 R >>\nendobj\n4 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n5 0 obj\n"
    b"<< /Length 68 >>\nstream\nBT /F1 12 Tf 72 720 Td (Protection of civilians is a mandate.) Tj ET\nendstream\n"
    b"endobj\ntrailer\n<< /Root 1 0 R /Size 6 >>\n%%EOF\n"
)
SEEDS: dict[str, bytes] = {
    "seed.pdf": _PDF,
    "seed.md": b"# Protection\n\n## Tier one\n\nDialogue and engagement with *armed groups*.\n\n- patrols\n- escorts\n",
    "seed.txt": "Field note\n\n1. Patrols visited the market.\n\n¹ Footnote text.\n".encode(),
    "seed.html": b"<html><head><title>PoC</title><meta charset='utf-8'></head><body><h1>Tiers</h1><p>Physical "
    b"protection &amp; <b>dialogue</b>.</p><ul><li>one</li></ul><table><tr><td>cell</td></tr></table></body></html>",
}


def mutate(data: bytes, edits: list[tuple[str, float, bytes]]) -> bytes:
    """``data`` with each (kind, where in 0..1, bytes) edit applied: flip, cut, insert, repeat."""
    out = bytearray(data)
    for kind, where, blob in edits:
        at = min(int(where * len(out)), max(len(out) - 1, 0))
        if kind == "flip" and out:
            for i, b in enumerate(blob[:8]):
                out[(at + i) % len(out)] ^= b or 0xFF
        elif kind == "cut":
            del out[at:]
        elif kind == "insert":
            out[at:at] = blob
        elif kind == "repeat":
            out[at:at] = bytes(out[at : at + 64]) * (blob[0] % 50 + 1)
    return bytes(out)


def check_file(path: Path, counter) -> str:
    """'indexed' or 'refused' (a PocdocError), or 'crash: <type>' for anything else."""
    from assistant.errors import PocdocError
    from assistant.settings import ChunkingSettings
    from assistant.types import DocumentRecord
    from ingest.chunking import split_document
    from ingest.loaders import load_document

    try:
        doc = load_document(path)
        split_document(doc, DocumentRecord(doc_id="d", title="t"), counter, ChunkingSettings())
    except PocdocError as exc:
        return "refused" if "\n" not in str(exc) else "crash: multi-line error"
    except Exception as exc:
        return f"crash: {type(exc).__name__}: {exc}"[:200]
    return "indexed"


def file_campaign(n: int, seed: int = 0) -> Counter:
    from assistant.settings import Settings
    from ingest.tokens import TokenCounter

    rng = random.Random(seed)
    counter = TokenCounter.from_settings(Settings())
    tally: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            name = rng.choice(sorted(SEEDS))
            if i % 10 == 9:
                data = rng.randbytes(rng.randint(0, 4000))
            else:
                edits = [
                    (
                        rng.choice(["flip", "cut", "insert", "repeat"]),
                        rng.random(),
                        rng.randbytes(rng.randint(1, 64)),
                    )
                    for _ in range(rng.randint(1, 4))
                ]
                data = mutate(SEEDS[name], edits)
            path = Path(tmp) / f"{i}{Path(name).suffix}"
            path.write_bytes(data)
            tally[check_file(path, counter)] += 1
    return tally
