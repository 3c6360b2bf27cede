"""The text policy: sentences with offsets, the one tokeniser, display cleaning."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.index import LexicalIndex
from assistant.text import content_words, display_text, split_sentences, tokens
from assistant.types import Passage


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


# --- split_sentences ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The mission protects civilians. It patrols camps.",
            ["The mission protects civilians.", "It patrols camps."],
        ),
        ("See para. 12 of the report. Then act.", ["See para. 12 of the report.", "Then act."]),
        (
            "Under Art. 3 common to the Conventions. Next.",
            ["Under Art. 3 common to the Conventions.", "Next."],
        ),
        (
            "The U.N. Security Council met. It decided.",
            ["The U.N. Security Council met.", "It decided."],
        ),
        (
            "Threats (e.g. abductions) rose. Others fell.",
            ["Threats (e.g. abductions) rose.", "Others fell."],
        ),
        (
            "Missions, i.e. MONUSCO and UNMISS, report. Good.",
            ["Missions, i.e. MONUSCO and UNMISS, report.", "Good."],
        ),
        ("Resolution No. 1894 applies. Yes.", ["Resolution No. 1894 applies.", "Yes."]),
        (
            "Mr. Guterres spoke. Ms. Bachelet replied.",
            ["Mr. Guterres spoke.", "Ms. Bachelet replied."],
        ),
        (
            "12. The Council decides to act. 13. It requests a report.",
            ["12. The Council decides to act.", "13. It requests a report."],
        ),
        (
            "See the report S/2019/805. It covers Haiti.",
            ["See the report S/2019/805.", "It covers Haiti."],
        ),
        (
            "Deaths rose by 37.6 per cent. Injuries fell.",
            ["Deaths rose by 37.6 per cent.", "Injuries fell."],
        ),
        (
            "Civilians were protected [1]. Camps were patrolled [2, 3].",
            ["Civilians were protected [1].", "Camps were patrolled [2, 3]."],
        ),
        (
            "Civilians were protected. [1] Camps were patrolled. [2][3]",
            ["Civilians were protected. [1]", "Camps were patrolled. [2][3]"],
        ),
        (
            'Is it lawful? It is! "Quite so." Done',
            ["Is it lawful?", "It is!", '"Quite so."', "Done"],
        ),
        (
            "The mission\nprotects civilians\nacross the country. Next.",
            ["The mission\nprotects civilians\nacross the country.", "Next."],
        ),
        ("A heading\n\nA paragraph.", ["A heading", "A paragraph."]),
        (
            "Tasks:\n- patrol the camps\n- (a) report abuses\n(b) escort convoys",
            ["Tasks:", "- patrol the camps", "- (a) report abuses", "(b) escort convoys"],
        ),
        (
            "IV. Protection of civilians\n\nA. Mandates. The text.",
            ["IV. Protection of civilians", "A. Mandates.", "The text."],
        ),
        (
            "#### A. MANDATING\n\n## **B. Threats**\n\n###II. Scope",
            ["#### A. MANDATING", "## **B. Threats**", "###II. Scope"],
        ),
        (
            "He wrote in the next five years [2012-2017]. Then.",
            ["He wrote in the next five years [2012-2017].", "Then."],
        ),
        ("", []),
        ("   \n\n  ", []),
        ("no final stop", ["no final stop"]),
        (
            "In February 2012. Susan E. Rice led the mission. Mr. Henryk J. Sokalski stayed.",
            [
                "In February 2012.",
                "Susan E. Rice led the mission.",
                "Mr. Henryk J. Sokalski stayed.",
            ],
        ),
        (
            "See annex B. The camp is in Sector A. Next.",
            ["See annex B.", "The camp is in Sector A.", "Next."],
        ),
    ],
)
def test_split_sentences_handles_un_prose(text, expected):
    assert _sentences(text) == expected


def test_split_sentences_returns_offsets_into_the_text():
    text = "  First one.  Second one [1].\n"
    assert split_sentences(text) == [(2, 12), (14, 29)]


_UN_PIECES = st.sampled_from(
    [
        "para.",
        "Art.",
        "U.N.",
        "e.g.",
        "i.e.",
        "No.",
        "Mr.",
        "12.",
        "S/2019/805",
        "37.6",
        "[1]",
        "[2, 3]",
        "The",
        "mission",
        "civilians",
        ".",
        "?",
        "!",
        "...",
        "(a)",
        "-",
        "•",
        '"',
        "”",
        ")",
        "\n",
        "\n\n",
        " ",
        "\t",
        "A.",
    ]
)
_UN_TEXT = st.lists(_UN_PIECES, max_size=40).map(lambda parts: " ".join(parts)) | st.text(
    max_size=200
)


@settings(max_examples=400, deadline=None)
@given(_UN_TEXT)
def test_split_sentences_spans_are_stripped_ordered_and_cover_every_non_space(text):
    spans = split_sentences(text)
    covered = set()
    last_end = 0
    for start, end in spans:
        piece = text[start:end]
        assert piece and piece == piece.strip()
        assert start >= last_end
        last_end = end
        covered.update(range(start, end))
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


_WORDS = st.sampled_from(
    [
        "mission",
        "civilians",
        "para. 12",
        "Art. 3",
        "the U.N. Council",
        "e.g. camps",
        "i.e. Haiti",
        "No. 5",
        "Mr. Guterres",
        "S/2019/805",
        "37.6 per cent",
        "(2009)",
        "11,075",
        "protection,",
    ]
)
_SENTENCE = st.builds(
    lambda opener, words, stop, marker: f"{opener} {' '.join(words)}{stop}{marker}",
    st.sampled_from(["The", "Civilians", "12. The", "In 2019", "UNMISS"]),
    st.lists(_WORDS, max_size=8),
    st.sampled_from([".", "?", "!", "...", '."', ")."]),
    st.sampled_from(["", " [1]", " [2, 3]", "[4]"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SENTENCE, min_size=1, max_size=6), st.sampled_from([" ", "  ", "\n", " \n "]))
def test_split_sentences_recovers_generated_un_sentences(sentences, separator):
    assert _sentences(separator.join(sentences)) == sentences


def test_split_sentences_cuts_a_long_document_into_its_sentences():
    text = (
        "12. The Council, in para. 4 of S/2019/805, noted a 37.6 per cent rise (e.g. in Art. 3 areas). "
        * 4000
    )
    assert len(split_sentences(text)) == 4000


def test_a_long_run_of_abbreviations_stays_one_sentence():
    # every "e.g." is looked at through a bounded window, so a run like this is linear work
    text = "Threats " + "e.g. X " * 20000 + "rose. Next."
    assert _sentences(text) == [text[: -len(" Next.")], "Next."]


# --- lexical support ---------------------------------------------------------------------------


def test_content_words_drop_stopwords_markers_and_light_suffixes():
    assert content_words("The mandates were mandated [1].") == {"mandat"}
    assert content_words("11,075 civilians") == {"11075", "civilian"}
    assert content_words("the and of [2, 3]") == set()


# --- tokens -------------------------------------------------------------------------------------


def test_tokens_are_lowercased_stemmed_and_stopword_free_in_order() -> None:
    assert tokens("What are the Mandates of the missions protecting civilians?") == [
        "mandat",
        "mission",
        "protect",
        "civilian",
    ]


def test_numbers_keep_decimals_and_lose_thousands_separators() -> None:
    assert tokens("11,075 people; 37.6 per cent; 1,5 and 2019") == [
        "11075",
        "peopl",
        "37.6",
        "per",
        "cent",
        "1,5",
        "2019",
    ]
    assert content_words("11,075") == content_words("11075")


def test_single_characters_are_kept_so_tier_3_is_not_tier() -> None:
    assert tokens("tier 3 and Article 1") == ["tier", "3", "articl", "1"]


def test_content_words_drop_citation_markers_first() -> None:
    assert content_words("Civilians were protected [1, 2].") == {"civilian", "protect"}


def test_bm25_sees_the_same_tokens_as_answer_scoring() -> None:
    text = "The mission recorded 11,075 protection incidents in 2019."
    p = Passage(
        passage_id="d:0", doc_id="d", text=text, ordinal=0, char_start=0, char_end=len(text)
    )
    index = LexicalIndex.build([p], generation=1)
    assert index.query_tokens(text) == tokens(text)
    assert [pid for pid, _ in index.search("11075 incidents", 5)] == ["d:0"]


# --- display ------------------------------------------------------------------------------------


def test_display_removes_footnote_markers_and_emphasis_and_adds_nothing() -> None:
    shown = display_text("Protection **strategies**.⁶ See<sup>7</sup> the plan.")
    assert "⁶" not in shown and "<sup>" not in shown and "**" not in shown
    assert set(shown.split()) <= {"Protection", "strategies.", "See", "the", "plan."}


def test_display_drops_bracketed_footnote_markers_but_not_bracketed_text() -> None:
    assert (
        display_text("avoid full-scale war.[6] Such conflicts")
        == "avoid full-scale war. Such conflicts"
    )
    assert (
        display_text('[6] "Grey zone" operations are those') == '"Grey zone" operations are those'
    )
    assert display_text("as set out in paragraph [2] above") == "as set out in paragraph [2] above"


def test_display_drops_a_stray_bullet_glyph() -> None:
    assert (
        display_text("٠ Limitations or outright opposition will impact effectiveness.")
        == "Limitations or outright opposition will impact effectiveness."
    )


def test_an_acronym_s_plural_is_the_acronym() -> None:
    from assistant.text import tokens

    assert tokens("community liaison assistants (CLAs)")[-1] == tokens("a CLA")[-1] == "cla"
    assert tokens("NGOs and TCCs") == tokens("NGO and TCC")
    assert tokens("WAS IT THIS") == tokens(
        "was it this"
    )  # a capitalised heading's words are not plurals
