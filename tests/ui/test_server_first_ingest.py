"""`pocdoc ui`'s first ingest runs on the home's server (started for it): the supervising parent
never loads the encoder, Chroma or the ingest stack, and the server's refusal is raised in the
parent with its fix."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.errors import IndexMissingError

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("ingest.pipeline", "chromadb", "onnxruntime", "torch", "llama_index.core")
PARENT = """
import json, sys
from pathlib import Path
from assistant.settings import load_settings
from ui.server import index_corpus, start_server, stop_server

def rss_mb():
    return next(int(l.split()[1]) / 1024 for l in open("/proc/self/status") if l.startswith("VmRSS:"))

s = load_settings(None, home=sys.argv[1], corpus_dir=sys.argv[2])
before = rss_mb()
url, started = start_server(s)
try:
    index_corpus(s, url)
finally:
    stop_server(Path(s.home))
heavy = [m for m in sys.argv[3:] if m in sys.modules]
print(json.dumps({"before": before, "after": rss_mb(), "heavy": heavy, "started": started}))
"""


def small_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "courts.md").write_text(
        "# Mobile courts\n\nMobile courts hear cases in remote areas where no court sits.\n"
    )
    return folder


def test_the_supervising_parent_does_not_keep_the_ingest_in_memory(tmp_path) -> None:
    from ui.api.serverfile import find_server

    corpus = small_corpus(tmp_path / "corpus")
    out = subprocess.run(
        [sys.executable, "-c", PARENT, str(tmp_path / "home"), str(corpus), *HEAVY],
        capture_output=True, text=True, cwd=REPO, timeout=600, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    assert "added 1" in out.stderr  # the server's summary reaches the terminal
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["heavy"] == [] and got["started"]
    assert got["after"] - got["before"] < 40, got  # MB; in-process it grew by about 350 MB
    assert (tmp_path / "home" / "ledger.sqlite3").exists()
    assert find_server(tmp_path / "home") is None  # the server it started stopped with it


def test_an_empty_corpus_is_refused_in_the_parent_with_its_fix(tmp_path, embedder) -> None:
    from assistant.settings import load_settings
    from tests.ui.api.owner_home import serving
    from ui.server import index_corpus

    corpus = tmp_path / "empty"
    corpus.mkdir()
    settings = load_settings(None, home=tmp_path / "home", corpus_dir=corpus)
    refused = pytest.raises(IndexMissingError, match="nothing could be indexed .*add documents")
    with serving(settings, embedder) as url, refused:
        index_corpus(settings, url)
