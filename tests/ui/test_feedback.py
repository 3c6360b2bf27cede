"""Feedback: one record per answer and user, updated in place; exports join the answer."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.ui.test_workspace import entry
from ui.feedback import FeedbackStore, answer_snapshot, export_feedback
from ui.workspace import Workspace


@pytest.fixture
def store(tmp_path) -> FeedbackStore:
    return FeedbackStore(Workspace(tmp_path / "workspace.sqlite3"))


def test_a_vote_then_a_comment_make_one_record(store) -> None:
    snap = answer_snapshot(entry().answer, corpus_version="v1")
    store.save("a1", "u1", vote="up", comment="", snapshot=snap)
    store.save("a1", "u1", vote="up", comment=" Clear. ", snapshot=snap)
    store.save("a1", "u2", vote="down", comment="", snapshot=snap)
    records = list(store.records())
    assert [(r["answer_id"], r["user_id"], r["vote"], r["comment"]) for r in records] == [
        ("a1", "u1", "up", "Clear."), ("a1", "u2", "down", ""),
    ]  # fmt: skip
    store.save("a1", "u1", vote=None, comment="Clear.", snapshot=snap)  # vote withdrawn
    assert store.get("a1", "u1")["vote"] is None


def test_bad_vote_is_refused(store) -> None:
    with pytest.raises(ValueError, match="vote must be one of"):
        store.save("a1", "u1", vote="meh", comment="", snapshot={})  # type: ignore[arg-type]


def test_exports_join_question_answer_and_citations(store) -> None:
    snap = answer_snapshot(entry().answer, corpus_version="v1")
    store.save("a1", "u1", vote="down", comment="Missing Mali", snapshot=snap)
    (line,) = export_feedback(store.records(), "jsonl").splitlines()
    record = json.loads(line)
    assert record["question"] == "What is POC?" and record["answer"].endswith("[1]")
    assert record["citations"][0]["quote"] == "Civilians shall be protected."
    (row,) = csv.DictReader(io.StringIO(export_feedback(store.records(), "csv")))
    assert (
        row["vote"] == "down"
        and row["comment"] == "Missing Mali"
        and row["question"] == "What is POC?"
    )
    assert (
        "[1] Doc D, S/2019/805" in row["citations"]
        and "“Civilians shall be protected.”" in row["citations"]
    )
    with pytest.raises(ValueError, match="format must be one of"):
        export_feedback(store.records(), "xlsx")


def test_pocdoc_feedback_export_writes_csv_and_jsonl(tmp_path, capsys) -> None:
    from ui.cli import main

    home = tmp_path / "home"
    store = FeedbackStore(Workspace(home / "workspace.sqlite3"))
    store.save(
        "a1",
        "u1",
        vote="up",
        comment="Good",
        snapshot=answer_snapshot(entry().answer, corpus_version="v1"),
    )
    out = tmp_path / "fb.csv"
    assert (
        main(["feedback", "export", "--home", str(home), "--format", "csv", "--output", str(out)])
        == 0
    )
    (row,) = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
    assert (row["answer_id"], row["vote"], row["comment"]) == ("a1", "up", "Good")
    capsys.readouterr()
    assert main(["--home", str(home), "feedback", "export"]) == 0
    assert json.loads(capsys.readouterr().out)["question"] == "What is POC?"


def test_pocdoc_feedback_export_without_a_workspace_says_why(tmp_path, capsys) -> None:
    from ui.cli import main

    assert main(["feedback", "export", "--home", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert "no UI workspace at" in err and "pocdoc ui" in err
    assert main(["feedback"]) == 2
