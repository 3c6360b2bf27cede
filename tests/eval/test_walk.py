from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from eval.walk import Walk, walk


def test_a_module_entered_again_through_another_edge_is_a_return(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = tmp_path / "walkpkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "b.py").write_text("def f():\n    return 1\n")
    (pkg / "c.py").write_text("from walkpkg import b\n\ndef g():\n    return b.f()\n")
    (pkg / "a.py").write_text(
        "from walkpkg import b, c\n\ndef run():\n    b.f()\n    c.g()\n"
        "    for _ in range(3):\n        b.f()\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    a = importlib.import_module("walkpkg.a")
    got = walk(a.run, tmp_path, ("walkpkg",))
    # a -> b, a -> c, c -> b: the loop's calls are one edge, c -> b comes back into b
    assert got.edges == [
        ("walkpkg.a", "walkpkg.b"),
        ("walkpkg.a", "walkpkg.c"),
        ("walkpkg.c", "walkpkg.b"),
    ]
    assert got.returns() == {"walkpkg.b": 1}
    assert got.returns(left=True) == {"walkpkg.b": 1}  # b.f had returned: b was left
    assert got.modules == ["walkpkg.a", "walkpkg.b", "walkpkg.c"]


def test_a_callback_into_a_module_still_at_work_is_no_return_to_a_module_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = tmp_path / "walkcb"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "c.py").write_text("def each(f):\n    return [f(x) for x in (1, 2)]\n")
    (pkg / "a.py").write_text(
        "from walkcb import c\n\ndef double(x):\n    return 2 * x\n\n"
        "def run():\n    return c.each(double)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    a = importlib.import_module("walkcb.a")
    got = walk(a.run, tmp_path, ("walkcb",))
    assert got.edges == [("walkcb.a", "walkcb.c"), ("walkcb.c", "walkcb.a")]
    assert got.returns() == {"walkcb.a": 1}
    assert got.returns(left=True) == {}  # a.run is still on the stack when c calls back


def test_returns_to_the_ground_floor_can_be_left_out() -> None:
    w = Walk(
        [
            ("assistant.open", "assistant.retrieval.engine"),
            ("assistant.retrieval.engine", "assistant.types"),
            ("assistant.open", "assistant.types"),
            ("assistant.open", "assistant.answers.answering"),
            ("assistant.answers.answering", "assistant.retrieval.engine"),
        ]
    )
    assert w.returns() == {"assistant.retrieval.engine": 1, "assistant.types": 1}
    assert w.returns(ground=False) == {"assistant.retrieval.engine": 1}
