"""TREC files as trec_eval and ir-measures read them."""

from __future__ import annotations

from pathlib import Path

import ir_measures
import pytest

from eval.trec import write_trec_qrels, write_trec_run


def test_runs_are_ranked_best_first_and_read_back_by_ir_measures(tmp_path: Path) -> None:
    write_trec_run(
        tmp_path / "run.trec", {"q1": {"a": 0.2, "b": 0.9}, "q2": {"c": 1.0}}, tag="bm25"
    )
    write_trec_qrels(tmp_path / "qrels.trec", {"q1": {"b": 2, "a": 0}, "q2": {"c": 1}})
    lines = (tmp_path / "run.trec").read_text().splitlines()
    assert lines[:2] == ["q1 Q0 b 1 0.9 bm25", "q1 Q0 a 2 0.2 bm25"]
    run = list(ir_measures.read_trec_run(str(tmp_path / "run.trec")))
    qrels = list(ir_measures.read_trec_qrels(str(tmp_path / "qrels.trec")))
    assert ir_measures.calc_aggregate([ir_measures.RR @ 10], qrels, run)[ir_measures.RR @ 10] == 1.0


@pytest.mark.parametrize("run", [{"q 1": {"d": 1.0}}, {"q1": {"": 1.0}}])
def test_a_trec_id_that_is_empty_or_holds_whitespace_is_refused(tmp_path: Path, run) -> None:
    with pytest.raises(ValueError, match="is empty or holds whitespace"):
        write_trec_run(tmp_path / "x.trec", run, tag="t")
