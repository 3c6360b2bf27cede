"""The Streamlit app is a client of its home's server (issue 22): no page or component imports
what opens the home (the workspace, the ledger, the index, an encoder, the upload jobs), at the
top of a module or inside a function; they ask :class:`~ui.api.client.HomeClient` instead."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
FORBIDDEN = (
    "ui.workspace", "ui.upload_jobs", "ui.upload_worker", "assistant.index", "assistant.encoders",
    "assistant.retrieval", "assistant.editions.shelf", "assistant.editions.trends", "ingest",
    "chromadb",
)  # fmt: skip
FORBIDDEN_NAMES = {"Shelf", "trend", "FeedbackStore", "Workspace", "Embedder", "open_assistant"}


def app_modules() -> list[Path]:
    return [
        UI / "app.py",
        *sorted((UI / "components").glob("*.py")),
        *sorted((UI / "views").glob("*.py")),
    ]


def imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) of every import in ``path``, wherever it is."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, "") for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.module, a.name) for a in node.names]
    return found


def test_no_page_or_component_opens_the_home() -> None:
    bad = [
        f"{path.relative_to(UI.parent)}: {module} {name}".strip()
        for path in app_modules()
        for module, name in imports(path)
        if any(module == f or module.startswith(f + ".") for f in FORBIDDEN)
        or name in FORBIDDEN_NAMES
    ]
    assert bad == []


def test_the_check_finds_a_function_level_import(tmp_path: Path) -> None:
    module = tmp_path / "page.py"
    module.write_text(
        "def f():\n    from assistant.editions import Shelf\n    import ui.workspace\n"
    )
    assert ("assistant.editions", "Shelf") in imports(module)
    assert ("ui.workspace", "") in imports(module)
