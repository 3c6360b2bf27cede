"""The shape of the house: no import cycle, assistant/'s rooms layered, sub-packages entered by
their front door, no module too long to read.

Imports are read from the source (imports inside functions count), so a lazy import cannot hide
a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("assistant", "ingest", "ui", "eval")
MAX_LINES = 350
# assistant/'s rooms from the top down: each imports only the rooms below it.
ROOMS = ("open", "answers", "editions", "retrieval", "index", "encoders", "ground")
SUBPACKAGES = ("answers", "editions", "retrieval", "index", "encoders")


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = REPO, packages: Iterable[str] = PACKAGES) -> nx.DiGraph:
    """Module -> the repo modules it imports (a name imported from a package that is one of its
    modules counts as that module)."""
    packages = tuple(packages)
    modules = {
        module_name(p, root): p
        for pkg in packages
        if (root / pkg).is_dir()
        for p in (root / pkg).rglob("*.py")
    }

    def known(name: str) -> str:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    # names a package's __init__ binds itself: `from assistant.index import repair` is the function
    # the __init__ re-exports, not the module of the same name
    exported = {
        name: {
            alias.asname or alias.name
            for node in ast.parse(path.read_text(encoding="utf-8")).body
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        for name, path in modules.items()
        if path.name == "__init__.py"
    }
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [known(a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*up, *([node.module] if node.module else [])])
                targets = [
                    f"{base}.{a.name}"
                    if f"{base}.{a.name}" in modules and a.name not in exported.get(base, ())
                    else known(base)
                    for a in node.names
                ]
            for target in targets:
                if target and target != name and target.split(".")[0] in packages:
                    graph.add_edge(name, target)
    return graph


def room_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in SUBPACKAGES:
        return parts[1]
    return "open" if parts[1:] == ["open"] else "ground"


def cycles(graph: nx.DiGraph) -> list[list[str]]:
    return [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]


def upward_imports(graph: nx.DiGraph) -> list[str]:
    out = []
    for a, b in graph.edges:
        if a.startswith("assistant.") and b.startswith("assistant.") and a != "assistant":
            ra, rb = room_of(a), room_of(b)
            if ra != rb and ROOMS.index(rb) < ROOMS.index(ra):
                out.append(f"{a} ({ra}) imports {b} ({rb})")
    return out


def back_door_imports(graph: nx.DiGraph, source_root: Path = REPO) -> list[str]:
    """Imports of a sub-package's module from outside that sub-package (and outside its tests):
    other code goes through the sub-package's ``__init__``."""
    out = []
    for a, b in graph.edges:
        parts = b.split(".")
        if parts[0] == "assistant" and len(parts) > 2 and parts[1] in SUBPACKAGES:
            inside = a.startswith(f"assistant.{parts[1]}.") or a == f"assistant.{parts[1]}"
            if not inside:
                out.append(f"{a} imports {b}")
    return out


@pytest.fixture(scope="module")
def repo_graph() -> nx.DiGraph:
    """The repo's import graph, tests included (read once for the checks below)."""
    return import_graph(packages=(*PACKAGES, "tests"))


def _without_tests(graph: nx.DiGraph) -> nx.DiGraph:
    return graph.subgraph(n for n in graph if n.split(".")[0] != "tests")


def test_no_import_cycle(repo_graph: nx.DiGraph) -> None:
    assert cycles(_without_tests(repo_graph)) == []


def test_tests_import_no_cycle_either(repo_graph: nx.DiGraph) -> None:
    assert cycles(repo_graph) == []


def test_assistant_rooms_import_only_rooms_below(repo_graph: nx.DiGraph) -> None:
    assert upward_imports(_without_tests(repo_graph)) == []


def test_sub_packages_are_entered_by_their_init(repo_graph: nx.DiGraph) -> None:
    graph = repo_graph
    # a sub-package's own tests may reach its modules (tests/assistant/<sub>/ mirrors it)
    outside = [
        line
        for line in back_door_imports(graph)
        if not any(line.startswith(f"tests.assistant.{sub}.") for sub in SUBPACKAGES)
    ]
    assert outside == []


def test_sub_package_inits_declare_their_surface() -> None:
    for sub in SUBPACKAGES:
        tree = ast.parse((REPO / "assistant" / sub / "__init__.py").read_text(encoding="utf-8"))
        names = [
            t.id
            for node in tree.body
            if isinstance(node, ast.Assign)
            for t in node.targets
            if isinstance(t, ast.Name)
        ]
        assert "__all__" in names, f"assistant/{sub}/__init__.py declares no __all__"


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_is_too_long_to_read(package: str) -> None:
    long = {
        str(p.relative_to(REPO)): n
        for p in sorted((REPO / package).rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


# -- the checks can fail ---------------------------------------------------------------------------
def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_cycle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "ui/__init__.py": "",
            "ui/a.py": "from ui.b import x\n",
            "ui/b.py": "def f():\n    from ui import a\n",
        },
    )
    assert cycles(import_graph(root, ("ui",))) == [["ui.a", "ui.b"]]


def test_an_upward_import_and_a_back_door_are_found(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "assistant/__init__.py": "",
            "assistant/types.py": "",
            "assistant/index/__init__.py": "from assistant.index.ledger import Ledger\n",
            "assistant/index/ledger.py": "from assistant.answers import Assistant\n",
            "assistant/answers/__init__.py": "from .answering import Assistant\n",
            "assistant/answers/answering.py": "from assistant.index.ledger import Ledger\n",
        },
    )
    graph = import_graph(root, ("assistant",))
    assert upward_imports(graph) == [
        "assistant.index.ledger (index) imports assistant.answers (answers)"
    ]
    assert back_door_imports(graph) == [
        "assistant.answers.answering imports assistant.index.ledger"
    ]


def test_test_modules_have_unique_basenames() -> None:
    """pytest imports a test module by its file name: two `test_x.py` in different folders make
    the run stop at collection ("import file mismatch")."""
    names: dict[str, list[str]] = {}
    for path in sorted((REPO / "tests").rglob("test_*.py")):
        names.setdefault(path.name, []).append(str(path.relative_to(REPO)))
    assert {n: p for n, p in names.items() if len(p) > 1} == {}
