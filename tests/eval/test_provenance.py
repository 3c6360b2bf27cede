"""Every benchmark result carries the command, settings, machine and time that produced it."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.settings import Settings
from eval.provenance import write_result


def test_a_result_file_stores_how_to_reproduce_it(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    path = write_result(
        tmp_path / "out" / "query-x.json",
        {"p95_ms": 12.5},
        module="eval.bench_query",
        argv=["--label", "x"],
        settings=settings,
    )
    data = json.loads(path.read_text())
    assert data["p95_ms"] == 12.5
    assert data["command"] == "python -m eval.bench_query --label x"
    assert data["settings"]["retrieval"]["fusion"] == settings.retrieval.fusion
    assert data["machine"]["cpus"] >= 1 and data["when"][:2] == "20"
