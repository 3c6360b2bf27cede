"""`pocdoc ask` and `pocdoc search` on the onnx back end never import torch or sentence-transformers."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("torch", "sentence_transformers", "transformers", "matplotlib")

_PROBE = f"""
import json, sys
from ui.cli import main
rc = main(sys.argv[1:])
sys.stdout.flush()
heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))
print('\\nIMPORTED ' + json.dumps({{'rc': rc, 'heavy': heavy}}))
"""


def _run(corpus_settings, *args: str) -> dict:
    env = dict(
        os.environ,
        POCDOC_HOME=str(corpus_settings.home),
        POCDOC_CORPUS_DIR=str(corpus_settings.corpus_dir),
    )
    env.pop("POCDOC_EMBEDDING__BACKEND", None)
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    line = next((x for x in out.stdout.splitlines() if x.startswith("IMPORTED ")), None)
    assert line is not None, out.stderr[-2000:]
    return json.loads(line.removeprefix("IMPORTED "))


@pytest.mark.parametrize(
    "args",
    [
        ("ask", "What is tier 3 of protection of civilians?", "--json"),
        ("search", "protection through building a protective environment", "--json"),
    ],
)
def test_query_commands_never_import_torch(corpus_settings, args: tuple[str, ...]) -> None:
    got = _run(corpus_settings, *args)
    assert got["rc"] == 0
    assert got["heavy"] == []
