"""`pocdoc eval eval/configs/smoke.toml` end to end on the bundled corpus, as CI runs it."""

from __future__ import annotations

import json
from pathlib import Path

from ui.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_smoke_config_writes_the_report_folder(corpus_settings, tmp_path: Path, capsys) -> None:
    out = tmp_path / "smoke-run"
    code = main(
        [
            "eval",
            str(REPO / "eval/configs/smoke.toml"),
            "--home",
            str(corpus_settings.home),
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    for name in ("report.md", "metrics.json", "settings.json", "fingerprint.txt", "qrels.trec"):
        assert (out / name).is_file(), name
    assert sorted(p.name for p in (out / "runs").glob("*.trec")) == [
        "baseline.trec",
        "bm25.trec",
        "dense.trec",
        "hybrid.trec",
    ]
    pngs = list(out.rglob("*.png"))
    assert len(pngs) >= 3 and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    metrics = json.loads((out / "metrics.json").read_text())
    text = json.dumps(metrics)
    for retriever in ("baseline", "dense", "bm25", "hybrid"):
        assert retriever in text
    assert "ndcg@10" in text and "calibration" in text
    report = (out / "report.md").read_text()
    assert "hybrid" in report and "ndcg@10" in report
    settings = json.loads((out / "settings.json").read_text())
    assert "retrieval" in json.dumps(settings)
