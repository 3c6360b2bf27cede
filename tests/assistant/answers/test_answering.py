"""The assistant end to end on the bundled corpus: question forms, definitions with sources,
anchors, abstention and follow-ups, with the real model and index. The first five tests are the
questions of issue #8, as asked through `pocdoc ask --json`'s data (``Answer.to_dict``)."""

from __future__ import annotations

import re

import pytest

from assistant.answers.abstention import ABSTAIN_MESSAGE
from assistant.answers.blocks import is_heading_like
from assistant.errors import ConfigError
from assistant.text import display_text
from assistant.types import Filters, Turn


def _cited(answer) -> dict:
    return {c.n: c for c in answer.citations}


def _assert_verbatim(answer) -> None:
    """Every answer sentence is its citation's quote as displayed, and the quote is the cited span."""
    citations = _cited(answer)
    for s in answer.sentences:
        c = citations[s.citations[0]]
        assert c.quote == c.text[c.quote_start : c.quote_end]
        shown = display_text(c.quote, lines="\n" in s.text)
        bulleted = "\n".join(
            f"- {line}" for line in display_text(c.quote, lines=True).splitlines()
        )  # a cut list's continuation
        # a table row is shown after its table's caption, which is the cited passage's section
        captioned = s.text.endswith(": " + shown) and s.text[: -len(shown) - 2] in c.section
        assert s.text in (shown, bulleted) or shown.endswith(s.text) or captioned, (s.text, shown)
        assert not is_heading_like((shown if captioned else s.text).splitlines()[0])
        assert not re.search(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]|<sup>", s.text)


def test_three_tiers_are_named_from_the_glossary_with_sources_and_passages(assistant) -> None:
    data = assistant.ask("What are the three tiers of protection of civilians?").to_dict()
    assert not data["abstained"] and data["form"] == "enumeration"
    terms = [d["term"] for d in data["definitions"]]
    assert terms == ["Tier I", "Tier II", "Tier III"]
    assert all(d["source"] for d in data["definitions"])
    assert "physical protection" in data["answer"]
    assert data["citations"] and all(
        re.search(r"tier\s*[13]", c["quote"], re.I) for c in data["citations"]
    )


def test_additional_protocol_i_on_journalists_quotes_article_79_1_from_ap_i_only(assistant) -> None:
    answer = assistant.ask(
        "What does Additional Protocol I say about the protection of journalists?"
    )
    assert not answer.abstained and answer.form == "document"
    assert {c.doc_id for c in answer.citations} == {"ap-i-1977"}
    assert "shall be considered as civilians" in answer.answer
    assert any(s.label.startswith("Art. 79(1)") for s in answer.sentences)
    assert "PART I" not in answer.answer and "Article 79 —" not in answer.answer
    _assert_verbatim(answer)


def test_digital_threats_answer_is_made_of_recommendations(assistant) -> None:
    answer = assistant.ask("How should a mission respond to digital threats and misinformation?")
    assert not answer.abstained and answer.form == "procedure"
    assert "POC threats at a digital age" not in answer.answer
    recommends = re.compile(r"should|could|can|need|partnership|envisioned|consider", re.I)
    assert all(recommends.search(s.text) for s in answer.sentences)
    _assert_verbatim(answer)


def test_hippo_question_says_the_report_is_not_indexed_and_how_to_add_it(assistant) -> None:
    answer = assistant.ask("What does the HIPPO report say about protection?")
    assert answer.abstained
    assert answer.answer.startswith("The HIPPO report (A/70/95")
    assert (
        "not indexed" in answer.answer
        and "pocdoc fetch" in answer.answer
        and "A_70_95-S_2015_446.pdf" in answer.answer
    )
    assert answer.related and any("HIPPO" in c.text for c in answer.related)


def test_a_resolution_listed_but_not_indexed_is_named_by_its_symbol_once(assistant) -> None:
    answer = assistant.ask("What did resolution 1265 (1999) ask of the Council's members?")
    assert answer.abstained
    assert answer.answer.startswith(
        "S/RES/1265 (1999) is listed in the corpus manifest but not indexed"
    )


def test_budget_of_a_mission_the_corpus_lacks_abstains_and_names_the_mission_it_covers(
    assistant,
) -> None:
    answer = assistant.ask("What was the budget of MINUSCA?")
    assert answer.abstained and not answer.citations
    assert answer.missing == (
        "MINUSCA",
    )  # future-of-poc's note 1 names MINUSCA among new mandates: not a budget
    assert "nothing on MINUSCA" in answer.answer and "MINUSTAH" in answer.answer
    # the same question about the mission the corpus covers is answered from its report
    covered = assistant.ask("What was the budget of MINUSTAH?")
    assert not covered.abstained and {c.doc_id for c in covered.citations} == {"s-2017-223"}


def test_an_amount_the_reports_never_state_abstains_instead_of_quoting_another_budget(
    assistant,
) -> None:
    answer = assistant.ask("How much was the budget of UNMIK in 2018?")
    assert answer.abstained and not answer.citations and answer.form == "factoid"
    assert answer.missing == ("an amount",)
    assert "does not state an amount" in answer.answer and "UNMIK" in answer.answer


def test_a_count_the_passages_never_give_abstains_instead_of_quoting_another_number(
    assistant,
) -> None:
    answer = assistant.ask("How many KFOR soldiers served in Kosovo in 2018?")
    assert answer.abstained and not answer.citations
    assert (
        answer.missing == ("a number of soldiers",)
        and "does not state a number of soldiers" in answer.answer
    )


def test_a_quantity_no_passage_states_abstains_instead_of_quoting_another_figure(
    assistant,
) -> None:
    # UNMIT's reports give how many officers were certified, never their ages
    aged = assistant.ask("average age of the PNTL officers certified by UNMIT in 2012")
    assert aged.abstained and not aged.citations and aged.missing == ("the average age",)
    assert "does not state the average age" in aged.answer
    # a figure asked in a unit is answered only by a sentence in that unit
    litres = assistant.ask("how much water did MINUSTAH supply in litres in 2016")
    assert litres.abstained and litres.missing == ("a figure in litres",)
    # asked where a passage states it, the quantity is answered
    stated = assistant.ask("What is the minimum age for recruitment into armed forces under AP I?")
    assert not stated.abstained and "age of fifteen years" in stated.answer


def test_a_count_is_quoted_from_the_unit_that_states_it(assistant) -> None:
    counted = assistant.ask("How many formed police units did UNMIT have in September 2012?")
    assert not counted.abstained and "490 of them in formed police units" in counted.answer


def test_a_comparison_across_two_years_quotes_a_paragraph_of_each(assistant) -> None:
    answer = assistant.ask(
        "How did the occupancy rate of Haiti's prisons change from 2017 to 2019?"
    )
    assert not answer.abstained
    assert {"s-2017-223", "s-2019-805"} <= {c.doc_id for c in answer.citations}
    _assert_verbatim(answer)


def test_follow_up_adds_what_is_new(assistant) -> None:
    first = assistant.ask("What are the three tiers of protection of civilians?")
    turn = Turn(
        question=first.question, standalone_question=first.standalone_question, answer=first.answer
    )
    follow = assistant.ask("And which tier involves physical protection?", history=[turn])
    assert [d.term for d in follow.definitions] == ["Tier II"]
    for s in follow.sentences:
        assert s.text not in first.answer


def test_footnote_markers_never_reach_the_answer(assistant) -> None:
    answer = assistant.ask("Which existing tools remain of high relevance for PoC?")
    assert not answer.abstained
    _assert_verbatim(answer)


def test_tier_three_definition_then_passages_that_use_the_term(assistant) -> None:
    answer = assistant.ask("What is tier 3 of protection of civilians?")
    assert answer.definitions[0].term == "Tier III"
    assert any(c.doc_id == "future-of-poc" and c.section for c in answer.citations)
    _assert_verbatim(answer)


def test_a_term_no_passage_names_is_defined_from_the_glossary_not_abstained(assistant) -> None:
    answer = assistant.ask("What is A4P?")
    assert not answer.abstained and answer.form == "definition"
    assert answer.definitions[0].term == "A4P" and answer.definitions[0].source
    assert "not indexed" in answer.answer  # the A4P Declaration is listed, not indexed


def test_who_wrote_a_document_is_answered_from_its_manifest_record(assistant) -> None:
    answer = assistant.ask("Who wrote the policy note on the future of POC?")
    assert not answer.abstained
    record = answer.definitions[0]
    assert record.source == "corpus manifest" and record.doc_id == "future-of-poc"
    assert "Namie Di Razza and Ralph Mamiya" in record.line
    assert {c.doc_id for c in answer.citations} <= {"future-of-poc"}


def test_a_term_the_passages_barely_treat_is_defined_then_quoted_where_they_use_it(
    assistant,
) -> None:
    answer = assistant.ask("What is ATMIS?")
    assert not answer.abstained and answer.definitions[0].term == "ATMIS"
    assert answer.citations and all("ATMIS" in c.quote for c in answer.citations)
    _assert_verbatim(answer)


def test_a_definition_of_a_document_is_followed_by_that_document_s_own_passages(assistant) -> None:
    answer = assistant.ask("Which protocol covers non-international armed conflicts?")
    assert [d.term for d in answer.definitions] == ["AP II"]
    # AP II's articles say "this Protocol", never "AP II": they are its uses all the same
    assert answer.citations and {c.doc_id for c in answer.citations} == {"ap-ii-1977"}
    _assert_verbatim(answer)


def test_a_term_asked_under_a_document_is_answered_from_that_document_not_defined_as_it(
    assistant,
) -> None:
    answer = assistant.ask("Who are 'protected persons' under the Fourth Geneva Convention?")
    assert not answer.abstained and answer.form == "definition"
    assert "GC IV" not in [d.term for d in answer.definitions]  # GC IV is where, not what, is asked
    assert {c.doc_id for c in answer.citations} == {"gc-iv-1949"}
    assert "Persons protected by the Convention are those who" in answer.answer
    _assert_verbatim(answer)


def test_a_named_article_is_quoted_from_its_opening(assistant) -> None:
    answer = assistant.ask("What does Article 27 of GC IV protect?")
    assert answer.sentences[0].text.startswith(
        "Protected persons are entitled, in all circumstances, to respect for their persons"
    )
    assert answer.citations[0].paragraph == "Art. 27"
    _assert_verbatim(answer)


def test_a_when_and_where_factoid_quotes_the_sentence_with_the_year_and_the_place(
    assistant,
) -> None:
    answer = assistant.ask("When and in which country did the POC mandate begin?")
    assert "1999" in answer.answer and "Sierra Leone" in answer.answer
    _assert_verbatim(answer)


@pytest.mark.parametrize(
    "question",
    [
        "What is the recipe for chocolate cake?",
        "How do I install a Python package with pip?",
        "Who won the 2018 football World Cup?",
    ],
)
def test_out_of_corpus_questions_abstain(assistant, question) -> None:
    answer = assistant.ask(question)
    assert answer.abstained and not answer.citations
    assert answer.related  # closest passages, shown as related


def test_abstention_names_the_active_filters(assistant) -> None:
    answer = assistant.ask(
        "What is the recipe for chocolate cake?", filters=Filters(doc_types=("treaty",))
    )
    assert answer.abstained
    assert (
        answer.answer.startswith(ABSTAIN_MESSAGE)
        and "type = treaty" in answer.answer
        and "clear them" in answer.answer
    )


def test_json_schema_of_an_answer(assistant) -> None:
    data = assistant.ask(
        "Which article of the Fourth Geneva Convention protects hospitals?"
    ).to_dict()
    assert {
        "question",
        "answer",
        "abstained",
        "citations",
        "settings",
        "sentences",
        "related",
        "filters",
        "form",
        "definitions",
        "anchors",
        "missing",
    } <= set(data)
    fields = {
        "n",
        "passage_id",
        "doc_id",
        "title",
        "doc_type",
        "date",
        "symbol",
        "page",
        "section",
        "paragraph",
        "source",
        "text",
        "score",
        "quote",
    }
    for c in data["citations"]:
        assert fields <= set(c)
        assert c["quote"] in c["text"]


def test_follow_up_uses_the_previous_turn(assistant) -> None:
    first = assistant.ask("What does the Fourth Geneva Convention say about internment?")
    follow = assistant.ask(
        "and what about relief?",
        history=[Turn(question=first.question, standalone_question=first.standalone_question)],
    )
    assert (
        "internment" in follow.standalone_question.lower()
        and "relief" in follow.standalone_question.lower()
    )


def test_empty_question_and_unknown_mode_are_config_errors(assistant) -> None:
    with pytest.raises(ConfigError, match="empty"):
        assistant.ask("   ")
    with pytest.raises(ConfigError, match="answer mode"):
        assistant.ask("What is POC?", mode="poetic")
    with pytest.raises(ConfigError, match="endpoint"):
        assistant.ask("What is POC?", mode="generative")


def test_nothing_is_generated_from_passages_too_weak_to_answer_even_after_a_definition(
    assistant,
) -> None:
    from assistant.answers.answering import Assistant

    class NoCalls:
        def __getattr__(self, name):
            raise AssertionError(
                f"the LLM was asked ({name}) although the passages were too weak to answer from"
            )

    generative = Assistant(
        assistant.engine,
        glossary=assistant.glossary,
        catalogue=assistant.catalogue,
        llm=NoCalls(),
    )
    answer = generative.ask("What is A4P?", mode="generative")
    assert (
        not answer.abstained and answer.definitions[0].term == "A4P" and answer.mode == "extractive"
    )


def test_a_term_asked_under_a_treaty_is_answered_by_the_unit_that_uses_it(assistant) -> None:
    answer = assistant.ask("What does the marking 'IC' mean under the Fourth Geneva Convention?")
    assert not answer.abstained and {c.doc_id for c in answer.citations} == {"gc-iv-1949"}
    assert "internment camps shall be indicated by the letters IC" in answer.sentences[0].text
    _assert_verbatim(answer)


def test_who_wrote_a_document_described_in_other_words_is_answered_from_its_record(
    assistant,
) -> None:
    answer = assistant.ask("Who wrote the summary of the 2022 PoC Week side event?")
    assert answer.definitions and answer.definitions[0].source == "corpus manifest"
    assert "Stimson Center, Protecting Civilians and Human Security Program" in answer.answer


def test_a_list_the_chunker_cut_goes_on_with_the_next_passage_s_items(assistant) -> None:
    answer = assistant.ask(
        "Which trends does the policy note say throw the future of the POC mandate into question?"
    )
    first, second = answer.citations[:2]
    assert first.doc_id == second.doc_id == "future-of-poc"
    assert (
        assistant.engine.following(assistant.engine.passage(first.passage_id)).passage_id
        == second.passage_id
    )
    assert answer.sentences[1].text.startswith("- an increasingly influential China")
    _assert_verbatim(answer)


def test_the_additional_protocols_are_both_searched_and_both_quoted(assistant) -> None:
    answer = assistant.ask(
        "What do the Additional Protocols say about children under fifteen taking part in hostilities?"
    )
    assert answer.form == "document" and {c.doc_id for c in answer.citations} == {
        "ap-i-1977",
        "ap-ii-1977",
    }
    assert "shall neither be recruited" in answer.answer
    _assert_verbatim(answer)


def test_an_anchor_only_a_citing_footnote_mentions_is_said_so_and_the_footnote_listed_first(
    assistant,
) -> None:
    answer = assistant.ask("What did Rosemary Foot write about human protection?")
    assert (
        answer.abstained
        and "nothing on Rosemary Foot for this question outside a footnote: only a footnote mentions it"
        in answer.answer
    )
    assert (
        answer.related[0].paragraph.startswith("note") and "Rosemary Foot" in answer.related[0].text
    )


def test_a_footnote_that_explains_answers_for_the_anchor_it_names(assistant) -> None:
    answer = assistant.ask("Which missions have drawn down since 2014?")
    assert not answer.abstained and answer.citations[0].paragraph.startswith("note")
    assert "four peacekeeping missions have drawn down: UNOCI" in answer.answer
    _assert_verbatim(answer)


def test_an_indexed_document_no_matching_passage_is_from_is_said_to_be_indexed(assistant) -> None:
    answer = assistant.ask("Which acts are listed as grave breaches of Additional Protocol II?")
    assert answer.abstained
    assert answer.answer.startswith(
        "Additional Protocol II is indexed, but none of the passages that best match this question is from it."
    )


def test_each_alternative_the_hits_lack_is_searched_on_its_own(assistant) -> None:
    # the hits are all Timor-Leste's; 2017 is searched again without "Timor-Leste" and "2012"
    answer = assistant.ask("More women in the police: Timor-Leste in 2012 or Haiti in 2017?")
    assert not answer.abstained and "2017" not in answer.missing
    _assert_verbatim(answer)


def test_an_indexed_document_asked_about_one_not_indexed_answers_from_what_names_it(
    assistant,
) -> None:
    answer = assistant.ask("What does the Future of POC note say about the HRDDP?")
    assert not answer.abstained and answer.answer.startswith("The HRDDP (A/67/775")
    assert answer.citations and all(
        c.doc_id == "future-of-poc" and "HRDDP" in c.quote for c in answer.citations
    )
    _assert_verbatim(answer)
    unnamed = assistant.ask(
        "What does the Future of POC note say about the Kigali Principles?"
    )  # the side event names them, the note does not
    assert unnamed.abstained and unnamed.answer.startswith(
        "The Kigali Principles are listed in the corpus manifest but not indexed"
    )


def test_a_definition_of_a_named_document_is_found_by_its_defining_sentence(assistant) -> None:
    # the rules that use "protected persons" outrank Art. 4 on shared words; Art. 4 defines it
    answer = assistant.ask("whats a protected person under gc4")
    assert not answer.abstained
    assert answer.answer.startswith("Persons protected by the Convention are those who")
    assert (answer.citations[0].doc_id, answer.citations[0].paragraph) == ("gc-iv-1949", "Art. 4")
    _assert_verbatim(answer)


def test_a_quoted_title_is_found_and_quoted(assistant) -> None:
    answer = assistant.ask("What is 'Securing the future'?")
    assert not answer.abstained and "Securing the future" in answer.answer
    assert (answer.citations[0].doc_id, answer.citations[0].paragraph) == ("s-2012-765", "33")


def test_a_demonym_named_elsewhere_in_the_report_does_not_block_the_answer(assistant) -> None:
    answer = assistant.ask(
        "How many of the 199 Timorese police officers with pending cases were dismissed by September 2012?"
    )
    assert not answer.abstained and "seven officers had been dismissed" in answer.answer


def test_a_number_of_something_else_beside_the_noun_asked_is_no_count(assistant) -> None:
    answer = assistant.ask("How many staff did MINUJUSTH's liquidation team have?")
    assert answer.abstained and "does not state a number of staff" in answer.answer


def test_a_passage_of_a_named_document_covers_the_document_s_name(assistant) -> None:
    """ "... under the Fourth Geneva Convention" is said of every GC IV passage, though few repeat it."""
    q = "What may protected persons in a party's own territory do under the Fourth Geneva Convention?"
    hits = assistant.engine.retrieve(q, top_k=8, filters=Filters(doc_ids=("gc-iv-1949",)))
    plain = assistant.evidence_score(q, hits)
    named = assistant.evidence_score(q, hits, named={"gc-iv-1949": "Fourth Geneva Convention"})
    assert named > plain
    assert (
        assistant.evidence_score(q, hits, named={"ap-i-1977": "Fourth Geneva Convention"}) == plain
    )  # only its own passages


def test_a_thing_named_in_the_document_asked_about_is_sought_in_it(assistant) -> None:
    # scoped to the side event, whose passage on UNIFIL ranks below its others for the question
    answer = assistant.ask("what does the side event say on unifil")
    assert not answer.abstained and "UNIFIL" in answer.answer
    assert answer.citations[0].doc_id == "poc-week-2022-side-event"
    # "the srsg wants": a title after "the" is the office, and no name follows it
    asked = assistant.ask(
        "the srsg wants to know how hr sections can contribute to poc, per the side event"
    )
    assert not asked.answer.startswith("The indexed corpus has nothing on Wants")
