"""Follow-ups on the command line: `pocdoc ask --conversation NAME` and batch lines with
``history`` or ``conversation`` (ui/follow_ups.py)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from assistant.errors import ConfigError
from assistant.types import Answer, Turn
from ui.cli import main
from ui.follow_ups import (
    BatchItem,
    Conversations,
    ask_in_conversation,
    ask_line,
    history_for,
    read_batch,
)


class _Recorder:
    """An assistant that answers with the turns it was given, to see what a follow-up is read against."""

    def __init__(self) -> None:
        self.seen: list[list[str]] = []

    def ask(self, question: str, *, history=(), **_: object) -> Answer:
        self.seen.append([t.question for t in history])
        return Answer(
            question=question, standalone_question=question, answer=f"about {question}",
            citations=(), abstained=False,
        )  # fmt: skip


def test_a_named_conversation_is_kept_under_the_home(tmp_path) -> None:
    home = SimpleNamespace(home=tmp_path)
    assistant = _Recorder()
    ask_in_conversation(assistant, Conversations.under(home), "haiti", "What is MINUSTAH?")
    ask_in_conversation(assistant, Conversations.under(home), "haiti", "and its budget?")
    ask_in_conversation(assistant, Conversations.under(home), "kosovo", "What is UNMIK?")
    assert assistant.seen == [[], ["What is MINUSTAH?"], []]  # each name is its own thread
    assert [t.answer for t in Conversations.under(home).history("haiti")] == [
        "about What is MINUSTAH?",
        "about and its budget?",
    ]
    assert (tmp_path / "workspace.sqlite3").exists()


def test_a_conversation_name_must_be_short_and_not_empty(tmp_path) -> None:
    conversations = Conversations.under(SimpleNamespace(home=tmp_path))
    with pytest.raises(ConfigError, match="--conversation"):
        conversations.get("   ")


def test_batch_lines_carry_history_or_a_conversation(tmp_path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "question": "and in 2019?", "history": [
                    {"question": "How many police in Haiti in 2017?", "answer": "14,000"}]}),
                json.dumps({"id": "b", "question": "What is UNMIT?", "conversation": "t"}),
                json.dumps({"id": "c", "question": "x", "history": "not a list"}),
                json.dumps({"id": "d", "question": "x", "history": ["an earlier question"]}),
                "not json",
            ]
        ),
        encoding="utf-8",
    )  # fmt: skip
    a, b, c, d, bad = read_batch(path)
    assert a.history == (Turn("How many police in Haiti in 2017?", answer="14,000"),)
    assert b.conversation == "t" and not b.history
    assert "q.jsonl:3" in c.error and "history" in c.error
    assert d.history == (Turn("an earlier question"),)
    assert "q.jsonl:5" in bad.error


def test_batch_lines_of_one_conversation_follow_each_other(tmp_path) -> None:
    conversations = Conversations.under(SimpleNamespace(home=tmp_path))
    assistant = _Recorder()
    first = BatchItem("1", "What is UNMIT?", conversation="t")
    second = BatchItem("2", "and its police?", conversation="t")
    inline = BatchItem("3", "and in 2019?", history=(Turn("How many police?"),))
    for item in (first, second, inline):
        ask_line(assistant, item, conversations)
    assert assistant.seen == [[], ["What is UNMIT?"], ["How many police?"]]
    assert history_for(BatchItem("4", "x"), conversations) == []


def test_cli_conversation_and_batch_lines_pass_their_turns(tmp_path, monkeypatch, capsys) -> None:
    """The CLI's wiring, with a recording assistant: `--conversation` keeps turns under the home,
    and a batch line's conversation continues them."""
    import ui.commands

    assistant = _Recorder()
    monkeypatch.setattr(ui.commands, "_open_assistant", lambda args: assistant)
    home = ["--home", str(tmp_path / "home"), "--no-server", "--json"]
    assert main(["ask", "What is UNMIT?", "--conversation", "t", *home]) == 0
    assert main(["ask", "and its police?", "--conversation", "t", *home]) == 0
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "1", "question": "and in 2012?", "conversation": "t"}))
    assert main(["ask", "--questions", str(questions), *home]) == 0
    assert assistant.seen == [[], ["What is UNMIT?"], ["What is UNMIT?", "and its police?"]]
    capsys.readouterr()


@pytest.mark.slow
def test_cli_follow_up_is_read_against_the_named_conversation(corpus_settings, capsys) -> None:
    home = ["--home", str(corpus_settings.home), "--no-server", "--json"]
    name = ["--conversation", "test-follow-up"]
    assert main(["ask", "What is tier 3 of protection of civilians?", *name, *home]) == 0
    capsys.readouterr()
    assert main(["ask", "And which tier involves physical protection?", *name, *home]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["question"] == "And which tier involves physical protection?"
    assert "tier 3 of protection of civilians" in data["standalone_question"]
