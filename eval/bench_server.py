"""Load on the HTTP API: many clients asking and searching at once, then the same while reports
are uploaded, on loopback only.

    POCDOC_HOME=/tmp/h python -m eval.bench_server --clients 50 --seconds 60 \
        --upload-dir ../shared/corpus/un-sg-reports --uploads 20

It starts `pocdoc serve --port 0` on the home (indexed beforehand), reads the server's address
and the owner's token from the home, and runs four phases:

1. ``single``: one client, questions asked one after another (the baseline p95);
2. ``load``: ``--clients`` clients for ``--seconds``, each asking (3 in 4) or searching (1 in 4)
   the gold questions in turn, with no pause (a stress test), or, with ``--pause S``, waiting a
   random time of mean S seconds after each answer, as a person reading it does;
3. ``load+uploads``: the same while ``--uploads`` reports are uploaded through ``/v1/uploads``, one
   after another (the load lasts as long as the uploads); after each upload's job is done, the
   next request must list the report (by its UN symbol) among the indexed documents and a search
   within it must find its passages (``found``);
4. the server's peak memory (VmHWM of its process).

Errors are any status other than 200 or a transport failure. The figures and the settings they
were measured with go to ``--out`` as JSON and are printed as a table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from eval.datasets import load_gold

GOLD = Path(__file__).resolve().parent / "gold" / "poc_gold.jsonl"
SERVER_FILE, TOKEN_FILE = "server.json", "token"  # what `pocdoc serve` writes under the home
_SYMBOL = re.compile(r"_(S)_(\d{4})_(\d+)")


@dataclass
class Tally:
    """Latencies (seconds) and errors of one kind of request in one phase."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        ms = np.array(self.latencies) * 1000 if self.latencies else np.array([np.nan])
        return {
            "requests": len(self.latencies) + len(self.errors),
            "errors": len(self.errors),
            "error_examples": sorted(set(self.errors))[:5],
            "p50_ms": round(float(np.percentile(ms, 50)), 1),
            "p95_ms": round(float(np.percentile(ms, 95)), 1),
        }


async def _request(client: Any, tally: Tally, path: str, body: dict[str, Any]) -> Any:
    start = time.perf_counter()
    try:
        reply = await client.post(path, json=body)
    except Exception as exc:  # a transport failure is an error of the run, not of the bench
        tally.errors.append(type(exc).__name__)
        return None
    if reply.status_code != 200:
        tally.errors.append(f"HTTP {reply.status_code}")
        return None
    tally.latencies.append(time.perf_counter() - start)
    return reply.json()


async def _client(
    client: Any,
    questions: list[str],
    stop: list[float],
    tallies: dict[str, Tally],
    seed: int,
    pause: float,
) -> None:
    rng = random.Random(seed)
    if pause:  # clients that read before asking again start out of step, as people do
        await asyncio.sleep(rng.uniform(0, pause))
    while time.perf_counter() < stop[0]:
        q = rng.choice(questions)
        if rng.random() < 0.75:
            await _request(client, tallies["ask"], "/v1/ask", {"question": q})
        else:
            await _request(client, tallies["search"], "/v1/search", {"query": q})
        if pause:
            await asyncio.sleep(rng.expovariate(1 / pause))


async def _single(client: Any, questions: list[str], n: int) -> dict[str, Any]:
    tally = Tally()
    for q in questions[:n]:
        await _request(client, tally, "/v1/ask", {"question": q})
    return {"ask": tally.summary()}


async def _load(
    client: Any,
    questions: list[str],
    clients: int,
    seconds: float,
    uploads: list[Path],
    pause: float = 0.0,
) -> dict[str, Any]:
    tallies = {"ask": Tally(), "search": Tally()}
    end = time.perf_counter() + seconds
    stop = [float("inf") if uploads else end]  # read by every client: the load lasts as long as
    # the uploads, and at least ``seconds``
    workers = [
        asyncio.create_task(_client(client, questions, stop, tallies, seed=i, pause=pause))
        for i in range(clients)
    ]
    fresh: list[dict[str, Any]] = []
    if uploads:
        fresh = await _upload_all(client, uploads)
        stop[0] = max(end, time.perf_counter())
    await asyncio.gather(*workers)
    out: dict[str, Any] = {k: t.summary() for k, t in tallies.items()}
    if uploads:
        out["uploads"] = fresh
        out["fresh_on_next_request"] = sum(f["found"] for f in fresh)
    return out


async def _upload_all(client: Any, paths: list[Path]) -> list[dict[str, Any]]:
    rows = []
    for path in paths:
        start = time.perf_counter()
        reply = await client.post(
            "/v1/uploads", files={"file": (path.name, path.read_bytes(), "application/pdf")}
        )
        if reply.status_code != 202:
            rows.append({"file": path.name, "error": f"HTTP {reply.status_code}", "found": False})
            continue
        job = reply.json()
        while job.get("state") in ("queued", "running"):
            job = (await client.get(f"/v1/jobs/{job['job_id']}", params={"wait": 30})).json()
        seconds = time.perf_counter() - start
        found = False
        if job.get("state") == "done" and (m := _SYMBOL.search(path.stem)):
            found = await _fresh(client, "/".join(m.groups()))
        rows.append(
            {
                "file": path.name,
                "state": job.get("state"),
                "seconds": round(seconds, 1),
                "found": found,
            }
        )
    return rows


async def _fresh(client: Any, symbol: str) -> bool:
    """Whether the request right after an upload's commit lists the report among the indexed
    documents, and a search within it finds its passages."""
    records = (await client.get("/v1/documents")).json().get("records", {})
    doc_ids = [doc_id for doc_id, r in records.items() if r.get("symbol") == symbol]
    if not doc_ids:
        return False
    body = {"query": symbol, "top_k": 1, "filters": {"doc_ids": doc_ids}}
    hits = (await client.post("/v1/search", json=body)).json().get("hits", [])
    return bool(hits) and hits[0].get("doc_id") in doc_ids


def _start_server(home: Path) -> tuple[subprocess.Popen[bytes], str, dict[str, str]]:
    (home / SERVER_FILE).unlink(missing_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "serve", "--home", str(home), "--port", "0"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.time() + 600
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"pocdoc serve exited with {proc.returncode}")
        try:
            url = json.loads((home / SERVER_FILE).read_text())["url"]
            if not (home / TOKEN_FILE).exists():  # the owner's token is made on the first request
                urllib.request.urlopen(f"{url}/v1/status", timeout=30)
            token = (home / TOKEN_FILE).read_text().strip()
            return proc, url, {"Authorization": f"Bearer {token}"}
        except urllib.error.HTTPError:  # 401 without a key: the token is written now
            time.sleep(0.2)
        except (OSError, ValueError, KeyError):
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("pocdoc serve did not start within 600 s")


def _peak_rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    m = re.search(r"VmHWM:\s+(\d+) kB", status)
    return round(int(m.group(1)) / 1024, 1) if m else None


async def run(args: argparse.Namespace) -> dict[str, Any]:
    import httpx

    home = Path(os.environ.get("POCDOC_HOME", "")).resolve()
    questions = [q.question for q in load_gold(args.questions)]
    uploads = sorted(args.upload_dir.glob("*.pdf"))[: args.uploads] if args.upload_dir else []
    random.Random(0).shuffle(questions)
    proc, url, headers = _start_server(home)
    load_before = os.getloadavg()[0]  # other work on the machine, recorded beside the figures
    limits = httpx.Limits(max_connections=args.clients + 5)
    try:
        async with httpx.AsyncClient(
            base_url=url, headers=headers, timeout=120, limits=limits
        ) as client:
            single = await _single(client, questions, args.single)
            load = await _load(client, questions, args.clients, args.seconds, [], args.pause)
            with_uploads = await _load(
                client, questions, args.clients, args.seconds, uploads, args.pause
            )
        alive = proc.poll() is None
        peak = _peak_rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return {
        "settings": {
            "clients": args.clients,
            "seconds": args.seconds,
            "pause_s": args.pause,
            "uploads": [p.name for p in uploads],
            "questions": str(args.questions),
            "home": str(home),
            "cpus": os.cpu_count(),
            "load_average_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        },
        "single": single,
        "load": load,
        "load+uploads": with_uploads,
        "server_alive_after": alive,
        "server_peak_rss_mb": peak,
    }


def table(result: dict[str, Any]) -> str:
    lines = [
        "| phase | request | requests | errors | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|",
    ]
    for phase in ("single", "load", "load+uploads"):
        for kind in ("ask", "search"):
            s = result[phase].get(kind)
            if s:
                lines.append(
                    f"| {phase} | {kind} | {s['requests']} | {s['errors']} | {s['p50_ms']} | "
                    f"{s['p95_ms']} |"
                )
    up = result["load+uploads"]
    if "uploads" in up:
        lines.append(
            f"\nuploads: {len(up['uploads'])}, answered on the next request: "
            f"{up['fresh_on_next_request']}; server peak RSS {result['server_peak_rss_mb']} MB"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument(
        "--pause",
        type=float,
        default=0.0,
        help="mean seconds a client waits between requests (exponential; 0: none, a stress test)",
    )
    ap.add_argument("--single", type=int, default=30, help="questions of the one-client baseline")
    ap.add_argument("--questions", type=Path, default=GOLD)
    ap.add_argument("--upload-dir", type=Path, help="folder of PDFs to upload during the load")
    ap.add_argument("--uploads", type=int, default=20)
    ap.add_argument("--out", type=Path, default=Path("eval/results/bench_server.json"))
    args = ap.parse_args(argv)
    result = asyncio.run(run(args))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
