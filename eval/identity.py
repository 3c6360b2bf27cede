"""Identity figures: moved and copied corpora, copied homes on a shared Chroma server.

    python -m eval.identity --label bundled            # corpus/, as eval/RESULTS.md reports it
    python -m eval.identity --no-server                # steps 1-3 only

In a scratch folder (``--work``, default a temporary one), with one encoder loaded and warmed
before any timing (so the first ingest is not charged the model load):

1. **first ingest**: a copy of the corpus folder into a fresh home (embedded Chroma);
2. **moved**: the folder renamed, ingested again: passages embedded, seconds, ratio to the first;
3. **copied**: the folder copied (``cp -r``), both ingested in one run, then the copy alone:
   failures, documents and their locations;
4. **copied home on a shared server** (unless ``--no-server``): a `chroma run` on loopback; the
   home is copied (``cp -a``) and pointed at the server (its first write fills its own collection
   from its ledger), then copied again; ingest and repair run on both, in turn, and after every
   step each home's vectors lost are counted: ledger passages its collection does not serve
   with the ledger's vector.

Writes eval/results/identity-<label>.json (with the command, settings and machine).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.offline import go_offline

go_offline()

from assistant.encoders import Embedder  # noqa: E402
from assistant.errors import PocdocError  # noqa: E402
from assistant.index import Ledger, repair  # noqa: E402
from assistant.settings import Settings, load_settings  # noqa: E402
from eval.kill_campaigns import index_state  # noqa: E402
from eval.provenance import write_result  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402
from ingest.summary import IngestSummary  # noqa: E402


def _settings(home: Path, corpus: Path, **overrides: Any) -> Settings:
    return load_settings(None, home=home, corpus_dir=corpus, **overrides)


def _row(summary: IngestSummary) -> dict[str, Any]:
    return {
        "seconds": round(summary.seconds, 2),
        "embed_seconds": round(summary.embed_seconds, 2),
        "added": summary.added,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "moved": getattr(summary, "moved", 0),
        "copies": getattr(summary, "copies", 0),
        "failed": len(summary.failed),
        "failures": [str(f) for f in summary.failed][:3],
        "passages_written": summary.passages_written,
        "passages_embedded": getattr(summary, "passages_embedded", summary.passages_written),
        "documents": summary.documents_total,
        "passages": summary.passages_total,
        "line": summary.line(),
    }


def corpus_steps(
    corpus: Path, work: Path, embedder: Embedder
) -> tuple[dict[str, Any], Settings, Path]:
    """Steps 1-3; returns their figures, the home they built and its corpus folder now."""
    folder = Path(shutil.copytree(corpus, work / "corpus"))
    s = _settings(work / "home", folder)

    def ingest(*paths: Path) -> dict[str, Any]:
        return _row(ingest_paths(s, list(paths), progress=False, embedder=embedder))

    out: dict[str, Any] = {"first": ingest(folder)}
    moved = folder.rename(work / "moved")
    out["moved"] = ingest(moved)
    out["moved"]["ratio_to_first"] = round(out["moved"]["seconds"] / out["first"]["seconds"], 4)
    copy = Path(shutil.copytree(moved, work / "copy"))
    out["copied_both"] = ingest(moved, copy)
    out["copy_alone"] = ingest(copy)
    documents = Ledger(s.ledger_path).documents()
    out["locations_per_document"] = sorted(
        {len(getattr(e, "locations", (e.source,))) for e in documents.values()}
    )
    return out, s, moved


def _lost(s: Settings, embedder: Embedder) -> int:
    """Ledger passages the home's collection does not serve with the ledger's vector."""
    ledger = Ledger(s.ledger_path)
    try:
        committed = ledger.passage_ids()
    finally:
        ledger.close()
    try:
        state = index_state(s, embedder)
    except PocdocError:
        return len(committed)
    return len(committed) - sum(1 for pid, v in state.items() if v[2] and pid in committed)


def _state(s: Settings, embedder: Embedder) -> Any:
    try:
        return index_state(s, embedder)
    except PocdocError as exc:
        return str(exc)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def chroma_server(data: Path) -> Any:
    """`chroma run` on a loopback port, stopped on exit; yields the port."""
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    raise RuntimeError("chroma run did not start") from None
                time.sleep(0.25)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def server_steps(base: Settings, corpus: Path, work: Path, embedder: Embedder) -> dict[str, Any]:
    """Step 4: two homes, one a copy of the other, on one server; vectors lost after each step."""
    with chroma_server(work / "server") as port:
        store = {"mode": "http", "host": "127.0.0.1", "port": port}
        shutil.copytree(base.home, work / "a", symlinks=True)
        a = _settings(work / "a", corpus, store=store)
        t0 = time.perf_counter()
        first = repair(a, embedder)  # a copy of the embedded home: fills its server collection
        out: dict[str, Any] = {
            "fill_from_ledger": {
                "seconds": round(time.perf_counter() - t0, 2),
                "vectors": first.vectors_restored,
                "embedded": getattr(first, "vectors_embedded", 0),
                "line": first.line(),
            }
        }
        before = index_state(a, embedder)
        shutil.copytree(a.home, work / "b", symlinks=True)
        b_corpus = Path(shutil.copytree(corpus, work / "b-corpus"))
        (b_corpus / "only-in-b.md").write_text(
            "# Only in b\n\nA note the copied home indexes and its original does not.\n", "utf-8"
        )
        b = _settings(work / "b", b_corpus, store=store)

        def ingest(s: Settings, folder: Path) -> str:
            return ingest_paths(s, [folder], progress=False, embedder=embedder).line()

        steps: list[tuple[str, Callable[[], str]]] = [
            ("ingest a", lambda: ingest(a, corpus)),
            ("ingest b (the copy)", lambda: ingest(b, b_corpus)),
            ("repair b --force", lambda: repair(b, embedder, force=True).line()),
            ("repair a --force", lambda: repair(a, embedder, force=True).line()),
            ("ingest a", lambda: ingest(a, corpus)),
            ("repair b", lambda: repair(b, embedder).line()),
            ("ingest b", lambda: ingest(b, b_corpus)),
        ]
        out["steps"] = []
        for name, step in steps:
            t0 = time.perf_counter()
            try:
                line = step()
            except PocdocError as exc:  # what an older pocdoc did to a copied home
                line = f"failed: {exc}"
            out["steps"].append(
                {
                    "step": name,
                    "seconds": round(time.perf_counter() - t0, 2),
                    "lost_a": _lost(a, embedder),
                    "lost_b": _lost(b, embedder),
                    "a_unchanged": _state(a, embedder) == before,
                    "line": line,
                }
            )
        ledgers = [Ledger(s.ledger_path) for s in (a, b)]
        out["home_ids_differ"] = ledgers[0].home_id != ledgers[1].home_id
        out["collections"] = [ledger.collection for ledger in ledgers]
        out["passages"] = [ledger.count_passages() for ledger in ledgers]
        out["vectors_lost"] = sum(r["lost_a"] + r["lost_b"] for r in out["steps"])
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.identity", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--label", default="bundled")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--no-server", action="store_true", help="skip step 4")
    args = parser.parse_args(argv)
    settings = load_settings(None)
    embedder = Embedder.from_settings(settings)
    embedder.encode_passages(["warm up the encoder before any timing"])
    with tempfile.TemporaryDirectory(prefix="pocdoc-identity-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        result, home, folder = corpus_steps(args.corpus.resolve(), work, embedder)
        if not args.no_server:
            result["copied_home"] = server_steps(home, folder, work, embedder)
    out = write_result(
        Path("eval/results") / f"identity-{args.label}.json",
        result,
        module="eval.identity",
        argv=argv,
        settings=settings,
    )
    for key in ("first", "moved", "copied_both", "copy_alone"):
        print(f"{key:12} {result[key]['line']}")
    if "copied_home" in result:
        for row in result["copied_home"]["steps"]:
            print(f"{row['step']:22} lost a={row['lost_a']} b={row['lost_b']}  {row['line']}")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
