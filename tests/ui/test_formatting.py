"""Markdown escaping and highlighting for the Streamlit views."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from ui.formatting import escape_markdown, highlight_markdown

_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


def unescape(md: str) -> str:
    return _UNESCAPE.sub(r"\1", md)


def test_markup_in_corpus_text_is_inert() -> None:
    md = escape_markdown("<script>alert(1)</script> [x](http://e.vil) **b** $x$ :red[y] # h")
    assert md == (
        "\\<script\\>alert\\(1\\)\\</script\\> \\[x\\]\\(http\\://e\\.vil\\) \\*\\*b\\*\\* \\$x\\$ \\:red\\[y\\] \\# h"
    )


@given(st.text())
def test_escaping_keeps_the_text(text: str) -> None:
    md = escape_markdown(text)
    assert unescape(md) == text.replace("\r", " ").replace("\n", " ")
    # Every markup character is escaped: removing the escapes leaves no bare specials behind.
    assert not re.search(r"(?<!\\)[*_\[\]<>`$:|#]", _UNESCAPE.sub("", md))


def test_highlight_marks_exactly_the_cited_sentence() -> None:
    text = "First sentence.  The *cited* one [a].\nLast."
    start = text.index("The")
    end = text.index("Last") - 1
    assert highlight_markdown(text, start, end) == (
        "First sentence\\. :orange-background[**The \\*cited\\* one \\[a\\]\\.**] Last\\."
    )


def test_highlight_without_a_quote_is_plain_escaped_text() -> None:
    assert highlight_markdown("a  *b*\nc", None, None) == "a \\*b\\* c"
    assert highlight_markdown("abc", 2, 99) == "abc"  # offsets outside the text: no highlight
    assert highlight_markdown("a   b", 1, 3) == "a b"  # a whitespace-only quote: nothing to mark


def test_text_answers_show_glossary_definitions_first_with_their_source() -> None:
    from assistant.types import Answer, AnswerSentence, Citation, Definition
    from ui.formatting import render_answer

    c = Citation(
        n=1,
        passage_id="d:1",
        doc_id="d",
        title="T",
        doc_type="report",
        date="2019",
        symbol="",
        page=1,
        section="",
        paragraph="3",
        source="/x.pdf",
        text="Tiers are used. More.",
        score=0.5,
        quote="Tiers are used.",
    )
    tier = Definition(
        "Tier I", "protection through dialogue and engagement", "First tier.", "pocdoc glossary"
    )
    text = render_answer(
        Answer(
            "Tiers?",
            "…",
            False,
            (c,),
            (AnswerSentence("Tiers are used.", (1,)),),
            definitions=(tier,),
        )
    )
    lines = text.splitlines()
    assert (
        lines[0]
        == "Tier I (protection through dialogue and engagement): First tier. [pocdoc glossary]"
    )
    assert lines.index("Tiers are used. [1]") > 0


def test_a_definition_alone_says_no_passage_uses_the_term_instead_of_an_empty_source_list() -> None:
    from assistant.types import Answer, Definition
    from ui.formatting import render_answer

    tier = Definition(
        "Tier II",
        "provision of physical protection",
        "Second tier.",
        "pocdoc glossary, after POC Policy 2019 (not indexed)",
    )
    text = render_answer(Answer("Tier 2?", "…", False, (), (), definitions=(tier,)))
    assert "Sources:" not in text
    assert text.splitlines()[-1].startswith("No indexed passage uses the term")


def test_local_time_is_iso_8601_with_the_zone_stated(monkeypatch) -> None:
    import time as _time
    from datetime import datetime

    from ui.formatting import local_time

    monkeypatch.setenv("TZ", "Europe/Paris")
    _time.tzset()
    try:
        assert local_time(1_797_000_000) == "2026-12-11T15:40+01:00 CET"
        assert local_time(1_797_000_000, seconds=True) == "2026-12-11T15:40:00+01:00 CET"
        stamp = local_time(1_797_000_000, seconds=True).split()[0]
        assert datetime.fromisoformat(stamp).timestamp() == 1_797_000_000
    finally:
        monkeypatch.delenv("TZ")
        _time.tzset()
