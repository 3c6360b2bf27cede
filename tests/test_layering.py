"""The layers of STYLE.md: arrows point down only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# package -> packages of this repo it must never import
FORBIDDEN = {
    "assistant": {"ingest", "ui", "eval"},
    "ingest": {"ui", "eval"},
    "eval": {"ui"},
}


def _imports(path: Path, root: Path = REPO) -> set[str]:
    """Top-level packages ``path`` imports, relative imports resolved against its own package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    here = path.relative_to(root).parent.parts if path.is_relative_to(root) else ()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
            elif node.level > 0:
                base = here[: len(here) - (node.level - 1)] if node.level - 1 <= len(here) else ()
                target = (*base, *(node.module.split(".") if node.module else ()))
                names.add(target[0] if target else "..")
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_lower_layers(package: str) -> None:
    offenders = []
    for path in sorted((REPO / package).rglob("*.py")):
        bad = _imports(path) & FORBIDDEN[package]
        if bad:
            offenders.append(f"{path.relative_to(REPO)} imports {sorted(bad)}")
    assert not offenders, offenders


def test_layering_check_catches_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from ui.cli import main\nimport eval.report\n", encoding="utf-8")
    assert _imports(bad) & FORBIDDEN["assistant"] == {"ui", "eval"}


def test_relative_imports_are_resolved(tmp_path: Path) -> None:
    pkg = tmp_path / "assistant" / "sub"
    pkg.mkdir(parents=True)
    bad = pkg / "mod.py"
    bad.write_text("from ...ui import cli\nfrom . import sibling\n", encoding="utf-8")
    assert "ui" in _imports(bad, tmp_path) and "assistant" in _imports(bad, tmp_path)


def test_init_modules_have_no_logic() -> None:
    for init in sorted(
        p for package in FORBIDDEN.keys() | {"ui"} for p in (REPO / package).rglob("__init__.py")
    ):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        for node in tree.body:
            allowed = (ast.Import, ast.ImportFrom, ast.Assign, ast.Expr)
            assert isinstance(node, allowed), (
                f"{init} has {type(node).__name__} at line {node.lineno}"
            )
