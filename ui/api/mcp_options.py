"""`pocdoc mcp`'s options, shared by the `pocdoc` parser (:mod:`ui.edge_commands`) and
``python -m ui.api.mcp_server``. Standard library only: the parser imports it to print help."""

from __future__ import annotations

import argparse
from pathlib import Path

KEY_ENV = "POCDOC_API_KEY"
DEFAULT_PORT = 8712


def mcp_arguments(
    parser: argparse.ArgumentParser, *, skip: frozenset[str] | set[str] = frozenset()
) -> None:
    """Add `pocdoc mcp`'s options to ``parser`` (``skip={"home"}`` where --home is common)."""
    if "home" not in skip:
        parser.add_argument(
            "--home", type=Path, default=None, help="the home (default: $POCDOC_HOME)"
        )
    parser.add_argument(
        "--http", action="store_true", help="streamable HTTP on 127.0.0.1 instead of stdio"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"HTTP port (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--url", help="the pocdoc server to use (default: the home's, started when none runs)"
    )
    parser.add_argument(
        "--key", help=f"API key for --url (default: ${KEY_ENV}, else the home's token file)"
    )
