"""The workspace: conversations and briefings saved under POCDOC_HOME and read back whole."""

from __future__ import annotations

import pytest

from assistant.types import Answer, AnswerSentence, Citation, Filters
from ui.briefing import Briefing
from ui.codec import from_data, to_data
from ui.conversation import NEW_TITLE, ChatEntry, conversation_markdown, title_for
from ui.workspace import Workspace


def cite(n: int = 1) -> Citation:
    text = "Civilians shall be protected. Always."
    return Citation(n, f"d:{n}", "d", "Doc D", "report", "2019", "S/2019/805", 3, "Protection", "12", "/x.pdf",
                    text, 0.0333, text[:29], 0, 29)  # fmt: skip


def entry(question: str = "What is POC?") -> ChatEntry:
    c = cite()
    answer = Answer(
        question,
        f"{c.quote} [1]",
        False,
        (c,),
        (AnswerSentence(c.quote, (1,)),),
        evidence_score=0.51,
    )
    return ChatEntry(
        "e" + question[:5].encode().hex(),
        question,
        answer,
        Filters(doc_types=("report",)),
        "v1",
        1.0,
    )


@pytest.fixture
def ws(tmp_path) -> Workspace:
    return Workspace(tmp_path / "home" / "workspace.sqlite3")


def test_an_answer_survives_the_round_trip_through_json() -> None:
    e = entry()
    back = ChatEntry.from_data(to_data(e))
    assert back == e
    assert isinstance(back.answer.citations[0], Citation) and back.filters == Filters(
        doc_types=("report",)
    )


def test_fields_unknown_to_this_version_are_dropped_on_read() -> None:
    data = to_data(cite()) | {"added_later": 1}
    assert from_data(Citation, data) == cite()


def test_conversations_are_saved_listed_renamed_and_deleted(ws, tmp_path) -> None:
    conv = ws.create("u1")
    assert conv.title == NEW_TITLE
    ws.append(conv, entry("What is tier 3 of POC and who decides it in the mission?"))
    ws.append(conv, entry("And in Mali?"))
    other = ws.create("u2")

    again = Workspace(ws.path).load(conv.conv_id, "u1")  # a new object, as after a restart
    assert again is not None and [e.question for e in again.entries] == [
        e.question for e in conv.entries
    ]
    assert again.title == "What is tier 3 of POC and who decides it in the mission?"
    assert ws.load(conv.conv_id, "u2") is None  # another browser cannot open it
    assert [(s.conv_id, s.entries) for s in ws.conversations("u1")] == [(conv.conv_id, 2)]

    ws.rename(conv.conv_id, "u1", "  Mali   brief ")
    assert ws.load(conv.conv_id, "u1").title == "Mali brief"
    with pytest.raises(ValueError, match="blank"):
        ws.rename(conv.conv_id, "u1", "  ")
    ws.delete(conv.conv_id, "u1")
    assert ws.load(conv.conv_id, "u1") is None and ws.conversations("u1") == []
    assert ws.load(other.conv_id, "u2") is not None


def test_a_briefing_is_saved_per_user(ws) -> None:
    b = Briefing(title="Mali")
    b.add_answer(entry().answer)
    b.add_citation(cite(2), "Q?", related=True)
    ws.save_briefing("u1", b)
    back = Workspace(ws.path).briefing("u1")
    assert back == b and back.items[1].kind == "related"
    assert ws.briefing("u2") == Briefing()


def test_titles_and_transcript() -> None:
    assert title_for("  a  b ") == "a b"
    long = title_for("word " * 30)
    assert long.endswith("…") and len(long) <= 61
    conv = Workspace.__new__(Workspace)  # noqa: F841 - transcripts need no store
    from ui.conversation import Conversation

    md = conversation_markdown(Conversation("c", "u", "T", [entry()]))
    assert (
        "## 1. What is POC?" in md
        and "> “Civilians shall be protected.”" in md
        and "S/2019/805" in md
    )


def test_a_trainers_ten_questions_and_five_item_briefing_survive_a_restart(ws) -> None:
    conv = ws.create("trainer")
    for i in range(10):
        e = entry(f"Question {i}: what does the handbook say about tier {i % 3 + 1}?")
        ws.append(
            conv, ChatEntry(f"e{i}", e.question, e.answer, e.filters, e.corpus_version, float(i))
        )
    briefing = Briefing(title="Induction course")
    for e in conv.entries[:3]:
        briefing.add_answer(e.answer)
    briefing.add_citation(cite(2), "Q?")
    briefing.add_citation(cite(3), "Cake?", related=True)
    briefing.edit(briefing.items[0].item_id, notes="Open the session with this")
    ws.save_briefing("trainer", briefing)

    restarted = Workspace(ws.path)  # a new process would open the same file the same way
    (summary,) = restarted.conversations("trainer")
    again = restarted.load(summary.conv_id, "trainer")
    assert again.entries == conv.entries and again.title == conv.title and summary.entries == 10
    assert restarted.briefing("trainer") == briefing and len(briefing) == 5
