"""Kill campaigns: SIGKILLs of `pocdoc ingest`, and of a writer of random vectors, at random points.

:func:`kill_campaign` (``python -m eval.faults --kills N``): N times, `pocdoc ingest` of a small
corpus runs in a subprocess and is SIGKILLed at a random moment (uniform over its measured run
time, so some land inside Chroma's writes); then, in this process: an Engine opens and searches
(ok, or a one-line PocdocError such as "damaged: run `pocdoc repair`"), and the next ingest must
succeed and leave the index equal to a clean ingest (same ids, texts and vectors). Repair time
(``repair --force``) is compared with the clean ingest time.

:func:`store_kill_campaign` (``--store-kills N``) kills a writer that only writes Chroma.
"""

from __future__ import annotations

import contextlib
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

from eval.fault_corpora import write_corpus, write_random


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
