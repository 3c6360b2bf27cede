"""`pocdoc ui`'s first ingest, run in a child process (``python -m ui.index_refresh``).

The parent only supervises Streamlit: indexing in it would leave the encoder, Chroma and the
ingest stack in its memory for as long as the app runs (about 750 MB). The child reads the
settings as JSON on stdin, shows its progress on stderr, and writes one JSON object on stdout:
``{"ok": true}`` or ``{"ok": false, "error": <PocdocError class name>, "message": ...}``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assistant import errors
from assistant.offline import offline_env
from assistant.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def refresh_index(settings: Settings) -> None:
    """Index what is new or changed in the corpus folder (unchanged files are skipped by hash),
    in a child process; its error, if any, is raised here as the same :class:`PocdocError`."""
    proc = subprocess.run(
        [sys.executable, "-m", "ui.index_refresh"],
        input=settings.model_dump_json(),
        stdout=subprocess.PIPE,
        text=True,
        env=offline_env(
            None,
            PYTHONPATH=os.pathsep.join(
                p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p
            ),
        ),
        cwd=REPO,
        check=False,
    )
    try:
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise errors.PocdocError(
            f"indexing {settings.corpus_dir} stopped (exit status {proc.returncode}) before it "
            "reported: see the lines above, or run `pocdoc ingest` to see the error"
        ) from None
    if not result["ok"]:
        kind = getattr(errors, result["error"], errors.PocdocError)
        if not (isinstance(kind, type) and issubclass(kind, errors.PocdocError)):
            kind = errors.PocdocError
        raise kind(result["message"])


def _index(settings: Settings) -> None:
    from ingest.pipeline import ingest_paths

    print(
        f"pocdoc: checking the index of {settings.corpus_dir} under {settings.home}",
        file=sys.stderr,
    )
    summary = ingest_paths(settings, [settings.corpus_dir], progress=True)
    for failure in summary.failed:
        print(f"pocdoc: failed: {failure}", file=sys.stderr)
    print(f"pocdoc: {summary.line()}", file=sys.stderr)
    if summary.documents_total == 0:
        raise errors.IndexMissingError(
            f"nothing could be indexed from {settings.corpus_dir}: add documents there or fix "
            "the failures above"
        )


def main() -> int:
    try:
        _index(Settings.model_validate_json(sys.stdin.read()))
    except errors.PocdocError as exc:
        print(json.dumps({"ok": False, "error": type(exc).__name__, "message": str(exc)}))
        return 1
    print(json.dumps({"ok": True}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
