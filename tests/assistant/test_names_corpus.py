"""The corpus's own capitalised names, read in a question typed without capitals
(assistant/names_corpus.py)."""

from __future__ import annotations

from assistant.names import build_name_index
from assistant.names_corpus import as_the_corpus_writes, capitalised_names

TEXTS = [
    "On 11 September, Jack Smith took up his position as Specialist Prosecutor in Kosovo.",
    "The Specialist Prosecutor has the authority to call upon Kosovo institutions.",
    "The Occupying Power shall not requisition food. The Occupying Power may disarm no one.",
    "Clashes in La Saline left many dead; La Saline remains tense, as La Saline residents say.",
    "Each department reported; the Department of Peace Operations and the Department agreed.",
    "Power cuts hit the capital. Their power was limited by the department of health.",
]


def test_a_run_the_corpus_writes_capitalised_inside_sentences_is_a_name() -> None:
    names = capitalised_names(TEXTS)
    assert names["specialist prosecutor"] == "Specialist Prosecutor"
    assert names["occupying power"] == "Occupying Power"
    assert names["la saline"] == "La Saline"
    assert "department" not in names  # also written in lower case: a word
    assert "power" not in names  # capitalised only where a sentence opens


def test_a_capitalised_article_inside_a_line_is_no_part_of_a_name() -> None:
    texts = ["Annex The Force Commander reports.", "Annex The Force Commander left.", *TEXTS]
    names = capitalised_names(texts)
    assert "the force commander" not in names
    assert names["force commander"] == "Force Commander"


def test_a_question_typed_without_capitals_gets_the_corpus_names() -> None:
    index = build_name_index(None, None, texts=TEXTS)
    assert index.canonical("who took up the post of specialist prosecutor") == (
        "Who took up the post of Specialist Prosecutor?"
    )
    # a writer who wrote one name as a name meant the others as words
    assert index.canonical("Can the occupying power act in Kosovo?") == (
        "Can the occupying power act in Kosovo?"
    )
    assert as_the_corpus_writes("what happened in la saline", {"la saline": "La Saline"}) == (
        "what happened in La Saline"
    )
