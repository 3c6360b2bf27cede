"""Fault campaigns: damaged files, and SIGKILLs of `pocdoc ingest` at random points.

    python -m eval.faults --kills 20 --files 1000 --out eval/results/faults.json

``--files N``: N damaged files (seed files of every supported type with bytes flipped, cut,
inserted or repeated, plus random bytes) through the loaders and the splitter; each must be
indexed or refused with a PocdocError (one line), never another exception.

``--kills N``: N times, `pocdoc ingest` of a small corpus runs in a subprocess and is SIGKILLed at
a random moment (uniform over its measured run time, so some land inside Chroma's writes); then,
in this process: an Engine opens and searches (ok, or a one-line PocdocError such as "damaged:
run `pocdoc repair`"), and the next ingest must succeed and leave the index equal to a clean
ingest (same ids, texts and vectors). Repair time (``repair --force``) is compared with the
clean ingest time. The tallies are written as JSON and printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from assistant.offline import go_offline

go_offline()

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


def write_corpus(root: Path, n: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"note-{i:03d}.md").write_text(
            f"# Field note {i}\n\nPatrol {i} visited market {i} and heard {i} complaints about checkpoints.\n\n"
            f"## Follow-up\n\nThe mission met community leaders {i} times to discuss early warning.\n",
            encoding="utf-8",
        )
    return root


def _kill_after(proc: subprocess.Popen, delay: float, tally: dict) -> None:
    """SIGKILL ``proc``'s process group after ``delay`` seconds and count whether the kill landed."""
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    tally["killed" if proc.returncode == -signal.SIGKILL else "finished before the kill"] += 1


def _cli_ingest(home: Path, corpus: Path) -> subprocess.Popen:
    env = {**os.environ, "POCDOC_HOME": str(home), "POCDOC_EMBEDDING__BATCH_SIZE": "4"}
    return subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "ingest", str(corpus), "--no-progress"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def index_state(settings, embedder) -> dict[str, tuple[str, bytes, bool]]:
    """passage id -> (text, the ledger's vector bytes, whether Chroma serves that vector), read
    through a checked snapshot. Chroma may differ in the last bit (it normalises for cosine)."""
    import numpy as np

    from assistant.index import Ledger, load_snapshot

    snap = load_snapshot(settings, embedder)
    served = snap.store.embeddings(sorted(snap.passages))
    ledger = Ledger(settings.ledger_path)
    try:
        kept = {p.passage_id: v for ps, vs in ledger.vectors() for p, v in zip(ps, vs)}
    finally:
        ledger.close()
    return {
        pid: (
            p.text,
            kept[pid].tobytes(),
            pid in served and bool(np.allclose(served[pid], kept[pid], atol=1e-6)),
        )
        for pid, p in snap.passages.items()
    }


def kill_campaign(kills: int, n_files: int = 24, seed: int = 0, log=print) -> dict:
    """See the module docstring; returns the tallies."""
    from assistant.encoders import Embedder
    from assistant.errors import PocdocError
    from assistant.index import repair
    from assistant.retrieval import Engine
    from assistant.settings import load_settings
    from ingest.pipeline import ingest_paths

    rng = random.Random(seed)
    root = Path(tempfile.mkdtemp(prefix="pocdoc-faults-"))
    tally: Counter = Counter()
    try:
        corpus = write_corpus(root / "corpus", n_files)
        clean = load_settings(
            None, home=root / "clean", corpus_dir=corpus, embedding={"batch_size": 4}
        )
        embedder = Embedder.from_settings(clean)
        embedder.encode_query("warm up")  # the ratio compares work, not the model's load time
        t0 = time.perf_counter()
        ingest_paths(clean, [corpus], progress=False, embedder=embedder)
        ingest_seconds = time.perf_counter() - t0
        reference = index_state(clean, embedder)
        repair_seconds = repair(clean, embedder, force=True).seconds
        t0 = time.perf_counter()
        proc = _cli_ingest(root / "timing", corpus)
        proc.wait()
        run_seconds = time.perf_counter() - t0
        for k in range(kills):
            home = root / f"home-{k}"
            s = load_settings(None, home=home, corpus_dir=corpus, embedding={"batch_size": 4})
            delay = rng.uniform(0.2, 1.0) * run_seconds
            _kill_after(_cli_ingest(home, corpus), delay, tally)
            try:
                Engine.open(s, embedder=embedder).retrieve("complaints about checkpoints", top_k=3)
                tally["search ok"] += 1
            except PocdocError as exc:
                kind = (
                    "damaged"
                    if "repair" in str(exc)
                    else "missing"
                    if "ingest" in str(exc)
                    else "other"
                )
                tally[f"search refused in one line ({kind})"] += 1
            except Exception as exc:
                tally[f"search CRASHED: {type(exc).__name__}"] += 1
            try:
                summary = ingest_paths(s, [corpus], progress=False, embedder=embedder)
                tally["next ingest ok" if summary.ok else "next ingest reported failures"] += 1
                if summary.repaired:
                    tally["next ingest repaired first"] += 1
                state = index_state(s, embedder)
                same_ids = set(state) == set(reference)
                same_text = same_ids and all(state[p][0] == reference[p][0] for p in state)
                same_vec = same_ids and all(
                    state[p][1] == reference[p][1] and state[p][2] for p in state
                )
                tally[
                    "converged (ids, texts, vectors equal)"
                    if same_vec and same_text
                    else "converged ids+texts, vectors differ"
                    if same_text
                    else "DIVERGED"
                ] += 1
            except Exception as exc:
                tally[f"next ingest FAILED: {type(exc).__name__}: {str(exc)[:80]}"] += 1
            shutil.rmtree(home, ignore_errors=True)
            log(f"kill {k + 1}/{kills} after {delay:.1f} s: {dict(tally)}")
        return {
            "kills": kills,
            "files": n_files,
            "ingest_seconds": ingest_seconds,
            "cli_run_seconds": run_seconds,
            "repair_seconds": repair_seconds,
            "repair_ratio": repair_seconds / ingest_seconds,
            "tally": dict(tally),
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


def random_documents(n_docs: int, per_doc: int = 100, seed: int = 0):
    """(record, passages, unit vectors) with random vectors: Chroma's persistence without the model."""
    import numpy as np

    from assistant.types import DocumentRecord, Passage

    rng = np.random.default_rng(seed)
    for d in range(n_docs):
        passages = [
            Passage(
                passage_id=f"r{d}:{i:04d}",
                doc_id=f"r{d}",
                text=f"random passage {d}.{i}",
                ordinal=i,
                char_start=0,
                char_end=9,
            )
            for i in range(per_doc)
        ]
        vectors = rng.normal(size=(per_doc, 384)).astype(np.float32)
        yield (
            DocumentRecord(doc_id=f"r{d}", title=f"R{d}"),
            passages,
            vectors / np.linalg.norm(vectors, axis=1, keepdims=True),
        )


def write_random(settings, n_docs: int, embedder=None) -> None:
    """What `pocdoc ingest` does to the stores, with random vectors: repair first, reconcile, then
    commit every document not yet committed."""
    from assistant.encoders import Embedder
    from assistant.index import IndexWriter, exclusive, repair_locked

    embedder = embedder or Embedder.from_settings(settings)
    with exclusive(settings):
        if settings.ledger_path.exists():
            repair_locked(settings, embedder)
        writer = IndexWriter(settings, embedder, "random")
        try:
            writer.reconcile()
            done = writer.ledger.documents()
            for record, passages, vectors in random_documents(n_docs):
                if record.doc_id not in done:
                    writer.commit(
                        record, passages, vectors, source="", content_hash=record.doc_id, pages=None
                    )
            writer.publish()
        finally:
            writer.close()


def store_kill_campaign(kills: int, n_docs: int = 14, seed: int = 0, log=print) -> dict:
    """Kills of a writer that does nothing but write Chroma (random vectors, past HNSW's sync
    threshold), so most kills land inside Chroma's persistence; then search and a converging rerun."""
    from assistant.encoders import Embedder
    from assistant.errors import PocdocError
    from assistant.index import load_snapshot
    from assistant.settings import load_settings

    rng = random.Random(seed)
    root = Path(tempfile.mkdtemp(prefix="pocdoc-store-faults-"))
    tally: Counter = Counter()
    try:
        clean = load_settings(None, home=root / "clean")
        embedder = Embedder.from_settings(clean)
        t0 = time.perf_counter()
        write_random(clean, n_docs, embedder)
        write_seconds = time.perf_counter() - t0
        reference = index_state(clean, embedder)
        code = f"from eval.faults import write_random; from assistant.settings import load_settings; write_random(load_settings(), {n_docs})"
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "POCDOC_HOME": str(root / "timing")},
            check=True,
        )
        run_seconds = time.perf_counter() - t0
        for k in range(kills):
            s = load_settings(None, home=root / f"home-{k}")
            proc = subprocess.Popen(
                [sys.executable, "-c", code],
                env={**os.environ, "POCDOC_HOME": str(s.home)},
                start_new_session=True,
            )
            delay = rng.uniform(0.3, 1.0) * run_seconds
            _kill_after(proc, delay, tally)
            try:
                snap = load_snapshot(s, embedder)
                if snap.passages:
                    snap.store.query(_unit(reference), 3)
                tally["search ok"] += 1
            except PocdocError as exc:
                tally[
                    "search refused in one line (damaged)"
                    if "repair" in str(exc)
                    else "search refused in one line (other)"
                ] += 1
            except Exception as exc:
                tally[f"search CRASHED: {type(exc).__name__}"] += 1
            try:
                write_random(s, n_docs, embedder)
                state = index_state(s, embedder)
                tally[
                    "converged (ids, texts, vectors equal)" if state == reference else "DIVERGED"
                ] += 1
            except Exception as exc:
                tally[f"next write FAILED: {type(exc).__name__}: {str(exc)[:80]}"] += 1
            shutil.rmtree(s.home, ignore_errors=True)
            log(f"store kill {k + 1}/{kills} after {delay:.1f} s: {dict(tally)}")
        return {
            "kills": kills,
            "vectors": n_docs * 100,
            "write_seconds": write_seconds,
            "run_seconds": run_seconds,
            "tally": dict(tally),
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _unit(reference: dict):
    import numpy as np

    return np.frombuffer(next(iter(reference.values()))[1], dtype=np.float32)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument(
        "--store-kills",
        type=int,
        default=0,
        help="kills of a random-vector writer (Chroma persistence)",
    )
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--corpus-files", type=int, default=24)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("eval/results/faults.json"))
    args = parser.parse_args(argv)
    result: dict = {"command": " ".join(sys.argv), "seed": args.seed}
    if args.files:
        t0 = time.perf_counter()
        result["damaged_files"] = {
            "n": args.files,
            "tally": dict(file_campaign(args.files, args.seed)),
            "seconds": time.perf_counter() - t0,
        }
        print(json.dumps(result["damaged_files"]), flush=True)
    if args.kills:
        result["kills"] = kill_campaign(
            args.kills, args.corpus_files, args.seed, log=lambda m: print(m, flush=True)
        )
    if args.store_kills:
        result["store_kills"] = store_kill_campaign(
            args.store_kills, seed=args.seed, log=lambda m: print(m, flush=True)
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
