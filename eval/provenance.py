"""What every benchmark result file stores beside its figures, so a reader can reproduce them:
the command, the resolved settings, the machine and the time."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def write_result(
    path: Path, result: Mapping[str, Any], *, module: str, argv: Sequence[str] | None, settings: Any
) -> Path:
    """Write ``result`` as JSON to ``path`` (folders created) with the command that ran
    (``python -m module argv``), ``settings.public_dict()``, the machine and the time."""
    args = list(sys.argv[1:] if argv is None else argv)
    data = {
        **result,
        "command": " ".join(["python", "-m", module, *args]),
        "settings": settings.public_dict(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2))
    return path
