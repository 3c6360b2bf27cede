"""The offline flags: set in one place, never overriding a caller's choice, forced on for children."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.offline import OFFLINE_ENV, go_offline, offline_env

REPO = Path(__file__).resolve().parents[2]


def test_go_offline_sets_each_flag_but_keeps_one_already_set() -> None:
    env = {"HF_HUB_OFFLINE": "0", "PATH": "/bin"}
    go_offline(env)
    assert env["HF_HUB_OFFLINE"] == "0" and env["PATH"] == "/bin"
    assert all(env[k] == v for k, v in OFFLINE_ENV.items() if k != "HF_HUB_OFFLINE")


def test_a_child_gets_the_flags_forced_on_and_its_own_settings() -> None:
    env = offline_env({"HF_HUB_OFFLINE": "0", "PATH": "/bin"}, POCDOC_HOME="/h")
    assert env["HF_HUB_OFFLINE"] == "1" and env["PATH"] == "/bin" and env["POCDOC_HOME"] == "/h"


def test_no_other_module_writes_the_flags_by_hand() -> None:
    names = "|".join(OFFLINE_ENV)
    by_hand = re.compile(rf"""environ\.setdefault\(\s*["']({names})["']|\b({names})\s*=\s*["']""")
    offenders = [
        str(path.relative_to(REPO))
        for package in ("assistant", "ingest", "ui", "eval")
        for path in (REPO / package).rglob("*.py")
        if path.name != "offline.py" and by_hand.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
