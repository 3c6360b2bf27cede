"""Two processes writing to one home (two UI uploads, or an upload beside `pocdoc ingest`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from assistant.index import Ledger
from eval.faults import index_state, write_corpus
from tests.conftest import make_settings


def test_two_processes_ingesting_into_one_home_both_land_and_stay_consistent(
    tmp_path: Path, embedder
) -> None:
    first = write_corpus(tmp_path / "first", 6)
    second = tmp_path / "second"
    second.mkdir()
    for i in range(6):
        (second / f"upload-{i}.txt").write_text(
            f"Upload {i}\n\nA protection report {i} from the field office.\n", encoding="utf-8"
        )
    home = tmp_path / "home"
    env = {**os.environ, "POCDOC_HOME": str(home)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "ingest", str(p), "--no-progress"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in (first, second)
    ]
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    s = make_settings(home)
    ledger = Ledger(s.ledger_path)
    assert len(ledger.documents()) == 12
    assert set(index_state(s, embedder)) == ledger.passage_ids()
