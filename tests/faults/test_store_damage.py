"""Real damage to Chroma's persisted HNSW segment: found on open, repaired from the ledger.

Random vectors (no model) past HNSW's sync threshold, so Chroma has written its segment files.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from assistant.encoders import Embedder
from assistant.errors import IndexDamagedError
from assistant.index import Ledger, load_snapshot
from eval.faults import index_state, write_random
from tests.conftest import make_settings
from ui.cli import main


def _ledger_state(settings) -> dict[str, tuple[str, bytes]]:
    ledger = Ledger(settings.ledger_path)
    return {
        p.passage_id: (p.text, v.tobytes()) for ps, vs in ledger.vectors() for p, v in zip(ps, vs)
    }


@pytest.fixture(scope="module")
def damaged(tmp_path_factory):
    s = make_settings(tmp_path_factory.mktemp("hnsw") / "home")
    # Written by another process: this one must open the files fresh (Chroma caches clients per path).
    code = "from eval.faults import write_random; from assistant.settings import load_settings; write_random(load_settings(), 12)"
    subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "POCDOC_HOME": str(s.home)},
        check=True,
        timeout=600,
    )
    embedder = Embedder.from_settings(s)  # never loads the model here: all vectors are given
    clean = _ledger_state(s)
    segments = [p for p in s.chroma_dir.iterdir() if p.is_dir()]
    assert segments and (segments[0] / "header.bin").exists(), (
        "Chroma did not persist an HNSW segment"
    )
    (segments[0] / "header.bin").write_bytes(b"\0" * 10)  # as a kill mid-write can leave it
    return s, embedder, clean


def test_a_damaged_hnsw_segment_is_reported_in_one_line_by_status_and_search(
    damaged, capsys
) -> None:
    s, embedder, _ = damaged
    with pytest.raises(IndexDamagedError, match="run `pocdoc repair`"):
        load_snapshot(s, embedder)
    for command in (["status"], ["search", "random passage"]):
        assert main([*command, "--home", str(s.home)]) == 1
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "damaged" in err and "Traceback" not in err


def test_the_next_write_repairs_it_without_re_embedding_and_equals_the_clean_index(damaged) -> None:
    s, embedder, clean = damaged
    assert _ledger_state(s) == clean  # the ledger was never touched
    write_random(s, 12, embedder)  # what `pocdoc ingest` does first: repair_locked
    state = index_state(s, embedder)
    assert {k: v[:2] for k, v in state.items()} == clean and all(v[2] for v in state.values())
    assert embedder._encoder is None
    assert load_snapshot(s, embedder).collection.endswith("-r1")
