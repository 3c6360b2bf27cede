"""SIGKILL of `pocdoc ingest` at random points, then search, status and a converging re-ingest.

Slow (each kill starts a fresh process that loads the model): `pytest -m slow tests/faults`.
The longer campaign is `python -m eval.faults --kills N` (tallies in eval/RESULTS.md).
"""

from __future__ import annotations

import pytest

from eval.faults import kill_campaign

pytestmark = pytest.mark.slow


def test_random_kills_never_break_search_or_the_next_ingest() -> None:
    result = kill_campaign(kills=4, n_files=12, seed=13)
    tally = result["tally"]
    assert not [k for k in tally if "CRASHED" in k or "FAILED" in k or "DIVERGED" in k], tally
    assert tally.get("next ingest ok") == 4
    assert result["repair_ratio"] <= 0.10 or result["repair_seconds"] < 2.0, result
