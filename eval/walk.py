"""Follow one question through the code: which modules `pocdoc ask` walks, and how often it comes
back to a module it had already entered.

    python -m eval.walk "What is tier 3 of protection of civilians?"

Uses the index under POCDOC_HOME (index the bundled corpus first). Every function call that crosses
from one module of the repo into another is an edge; the walk is the edges in the order first
taken. A *return* is an edge into a module the walk has already entered (through another edge);
a *return to a module left* is one whose module had no frame on the stack at the time: the code
coming back to a room it had finished with, not a callback into a room still at work. Loops do
not count (an edge is counted once), and neither do imports. The ground floor (types, settings,
text, glossary, catalogue, ...) is reported apart: every room may use it, so coming back to it
says nothing about the layout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from assistant.offline import go_offline

PACKAGES = ("assistant", "ingest", "ui", "eval")
# the ground floor of assistant/ (the layout's own word for it: what every room may use)
GROUND = tuple(
    f"assistant.{name}"
    for name in (
        "catalogue errors glossary manifest manifest_entry manifest_matching modes offline paths "
        "settings settings_sections symbols text types"
    ).split()
)


@dataclass
class Walk:
    edges: list[tuple[str, str]] = field(default_factory=list)
    # per edge: whether the callee module still had a frame on the stack when the edge was first
    # taken (a callback into a module that is still working is not a return to a module left)
    active: list[bool] = field(default_factory=list)

    @property
    def modules(self) -> list[str]:
        seen: list[str] = []
        for caller, callee in self.edges:
            for m in (caller, callee):
                if m not in seen:
                    seen.append(m)
        return seen

    def returns(self, *, ground: bool = True, left: bool = False) -> dict[str, int]:
        """Module -> how many edges came back into it after it was first entered (``left``: only
        when none of its frames was still on the stack, i.e. the walk had left it)."""
        entered: set[str] = set()
        out: dict[str, int] = {}
        active = self.active or [False] * len(self.edges)
        for (caller, callee), on_stack in zip(self.edges, active):
            entered.add(caller)
            if callee in entered and (ground or callee not in GROUND) and not (left and on_stack):
                out[callee] = out.get(callee, 0) + 1
            entered.add(callee)
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def module_of(filename: str, root: Path, packages: tuple[str, ...] = PACKAGES) -> str | None:
    try:
        rel = Path(filename).resolve().relative_to(root)
    except ValueError:
        return None
    if not rel.parts or rel.parts[0] not in packages:
        return None
    parts = rel.with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def walk(run: Callable[[], Any], root: Path, packages: tuple[str, ...] = PACKAGES) -> Walk:
    """The cross-module call edges of ``run()`` among the modules of ``packages`` under ``root``."""
    root = root.resolve()
    out = Walk()
    seen: set[tuple[str, str]] = set()
    names: dict[str, str | None] = {}

    def name(filename: str) -> str | None:
        if filename not in names:
            names[filename] = module_of(filename, root, packages)
        return names[filename]

    depth: dict[str, int] = {}

    def profile(frame: FrameType, event: str, arg: object) -> None:
        if event not in ("call", "return"):
            return
        callee = name(frame.f_code.co_filename)
        if callee is None:
            return
        if event == "return":  # frames that began before the walk return too: never below 0
            depth[callee] = max(depth.get(callee, 0) - 1, 0)
            return
        on_stack = depth.get(callee, 0) > 0
        depth[callee] = depth.get(callee, 0) + 1
        if frame.f_code.co_name == "<module>":
            return
        back = frame.f_back
        while back is not None and name(back.f_code.co_filename) is None:
            back = back.f_back
        caller = name(back.f_code.co_filename) if back is not None else None
        if caller is not None and caller != callee and (caller, callee) not in seen:
            seen.add((caller, callee))
            out.edges.append((caller, callee))
            out.active.append(on_stack)

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("question")
    args = ap.parse_args(argv)
    go_offline()
    # the installed `pocdoc` command, run in this process (eval/ does not import ui/)
    from importlib.metadata import entry_points

    cli = next(iter(entry_points(group="console_scripts", name="pocdoc"))).load()
    root = Path(__file__).resolve().parents[1]
    result = walk(lambda: cli(["ask", args.question, "--no-server"]), root)
    record = {
        "question": args.question,
        "modules": len(result.modules),
        "edges": len(result.edges),
        "returns": sum(result.returns().values()),
        "returns_outside_ground": sum(result.returns(ground=False).values()),
        "returns_to_left": sum(result.returns(left=True).values()),
        "returns_to_left_outside_ground": sum(result.returns(ground=False, left=True).values()),
        "returns_by_module": result.returns(),
        "walk": [f"{a} -> {b}" for a, b in result.edges],
    }
    print(json.dumps(record, indent=1), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
