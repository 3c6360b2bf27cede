"""`pocdoc status` shows when the index was last written as a date, not as an epoch number."""

from __future__ import annotations

import json
import re
from datetime import datetime

from ui.cli import main

ISO_LOCAL = re.compile(
    r"^last_ingest\s+(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d)( \S+)?$", re.M
)


def test_status_prints_last_ingest_as_an_iso_date_with_its_zone(
    tmp_path, capsys, embedder, monkeypatch
) -> None:
    from assistant.settings import load_settings
    from ingest.pipeline import ingest_paths

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.md").write_text("# Courts\n\nMobile courts hear cases in remote areas.\n")
    monkeypatch.setenv("POCDOC_CORPUS_DIR", str(corpus))  # the index is the corpus folder's
    s = load_settings(None, home=tmp_path / "home")
    ingest_paths(s, [corpus], progress=False, embedder=embedder)
    home = ["--home", str(s.home)]
    capsys.readouterr()
    assert main(["status", "--json", *home]) == 0
    epoch = json.loads(capsys.readouterr().out)["last_ingest"]  # machines keep the number
    assert main(["status", *home]) == 0
    out = capsys.readouterr().out
    match = ISO_LOCAL.search(out)
    assert match, out
    assert abs(datetime.fromisoformat(match.group(1)).timestamp() - epoch) < 1
