"""The composer never emits text that is not in the passage it cites, and picks by the question's form."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answers.composer import Composer, render_answer
from assistant.answers.questions import Expect, classify
from assistant.answers.scoring import span_text
from assistant.answers.unit_rules import content_weights, counts, holds, unstated
from assistant.index import LexicalIndex
from assistant.settings_compose import ComposeSettings
from assistant.text import display_text
from assistant.types import Hit, Passage

WORDS = [
    "civilians",
    "protection",
    "mission",
    "tier",
    "violence",
    "police",
    "mandate",
    "camp",
    "dialogue",
    "courts",
    "the",
    "of",
    "and",
    "in",
    "a",
    "threat",
    "host",
    "state",
    "troops",
    "¹",
    "**",
]

sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=25).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
item = st.lists(st.sampled_from(WORDS), min_size=5, max_size=12).map(
    lambda ws: "- (a) " + " ".join(ws) + ";"
)
block = st.one_of(
    sentence,
    st.lists(sentence, min_size=1, max_size=3).map(" ".join),
    st.tuples(sentence, st.lists(item, min_size=1, max_size=3)).map(
        lambda t: t[0].rstrip(".") + ":\n" + "\n".join(t[1])
    ),
)
passage_text = st.lists(block, min_size=1, max_size=6).map("\n\n".join)


def _hits(texts: list[str], doc_type: str = "report") -> list[Hit]:
    out = []
    for i, text in enumerate(texts):
        p = Passage(
            passage_id=f"d{i}:{i}",
            doc_id=f"d{i}",
            text=text,
            ordinal=i,
            char_start=0,
            char_end=len(text),
            title=f"Doc {i}",
            doc_type=doc_type,
        )
        out.append(Hit(passage=p, score=1.0 / (i + 1), rank=i + 1, dense_score=0.5))
    return out


def _composer(hits: list[Hit], limit: int = 4, encode=None) -> Composer:
    index = LexicalIndex.build([h.passage for h in hits], generation=1)
    return Composer(tokens=index.query_tokens, idf=index.idf, encode=encode, max_units=limit)


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(passage_text, min_size=1, max_size=6),
    question=st.lists(st.sampled_from(WORDS[:-2]), min_size=1, max_size=6).map(" ".join),
    limit=st.integers(1, 6),
)
def test_every_answer_sentence_is_a_span_of_its_cited_passage(texts, question, limit) -> None:
    hits = _hits(texts)
    sentences, citations = _composer(hits, limit).compose(question, classify(question), hits)
    by_n = {c.n: c for c in citations}
    assert len(sentences) <= limit
    assert [c.n for c in citations] == list(range(1, len(citations) + 1))
    assert len(citations) == len(sentences)
    for s in sentences:
        (n,) = s.citations
        c = by_n[n]
        assert c.quote == c.text[c.quote_start : c.quote_end]
        shown = display_text(c.quote, lines="\n" in s.text)
        assert s.text == shown or (
            s.label and shown.endswith(s.text)
        )  # a labelled unit drops its own number
        assert "¹" not in s.text and "**" not in s.text
    # the answer is exactly the sentences with their markers: nothing else
    assert render_answer((), sentences) == " ".join(
        f"{s.text} [{s.citations[0]}]" for s in sentences
    )


def test_picks_the_sentence_that_answers() -> None:
    hits = _hits(
        [
            "Budgets are under pressure. Tier 3 means protection through establishing a protective environment. Troops patrol.",
            "The mandate began in 1999 in Sierra Leone.",
        ]
    )
    q = "What is tier 3 protection?"
    sentences, citations = _composer(hits, 1).compose(q, classify(q), hits)
    assert sentences[0].text.startswith("Tier 3 means protection")
    assert citations[0].doc_id == "d0"
    assert (
        citations[0].quote
        == "Tier 3 means protection through establishing a protective environment."
    )


def test_a_list_introduction_brings_its_items_and_headings_never_come() -> None:
    text = "Areas of concern\n\nThe note sees three areas of concern for civilians:\n\n- (1) the evolution of the mandate\n\n- (2) the threats to civilians\n\n- (3) the practice of protection"
    hits = _hits([text])
    q = "What are the three areas of concern for civilians?"
    sentences, citations = _composer(hits).compose(q, classify(q), hits)
    assert len(sentences) == 1
    assert sentences[0].text.splitlines() == [
        "The note sees three areas of concern for civilians:",
        "(1) the evolution of the mandate",
        "(2) the threats to civilians",
        "(3) the practice of protection",
    ]
    assert "Areas of concern" not in citations[0].quote


def test_a_treaty_article_is_quoted_by_its_paragraphs_with_their_label() -> None:
    text = (
        "Article 79 — Measures of protection for journalists\n\n1. Journalists engaged in dangerous professional missions shall be considered as civilians.\n\n"
        "2. They shall be protected as such under the Conventions.\n\n3. They may obtain an identity card."
    )
    p = Passage(
        passage_id="ap:1",
        doc_id="ap",
        text=text,
        ordinal=1,
        char_start=0,
        char_end=len(text),
        paragraph="Art. 79",
        doc_type="treaty",
    )
    hits = [Hit(passage=p, score=1.0, rank=1, dense_score=0.6)]
    q = "What does the Protocol say about journalists?"
    sentences, _ = _composer(hits).compose("journalists", classify(q), hits)
    assert sentences[0].label.startswith("Art. 79(1)")
    assert (
        "Article 79 —" not in sentences[0].text and "considered as civilians" in sentences[0].text
    )


def test_follow_up_does_not_repeat_what_was_said() -> None:
    # Two passages: sentences of one passage that both answer are quoted together.
    hits = _hits(
        [
            "Tier 3 means protection through a protective environment.",
            "Tier 1 means protection through dialogue with parties.",
        ]
    )
    q = "What does tier protection mean?"
    first, _ = _composer(hits, 1).compose(q, classify(q), hits)
    again, _ = _composer(hits, 1).compose(q, classify(q), hits, already_said=[first[0].text])
    assert again and again[0].text != first[0].text


def test_factoid_prefers_the_sentence_with_a_number() -> None:
    hits = _hits(
        [
            "The mission deployed troops across the country to protect civilians. The mission had 2,370 troops in 2017."
        ]
    )
    q = "How many troops did the mission have?"
    sentences, _ = _composer(hits).compose(q, classify(q), hits)
    assert sentences[0].text == "The mission had 2,370 troops in 2017."


def test_a_footnote_that_cites_a_source_is_never_answer_text() -> None:
    text = "See the Report of the Panel on troop strength in South Sudan, 2021, undocs.org/en/S/2021/1."
    p = Passage(
        passage_id="n:1",
        doc_id="n",
        text=text,
        ordinal=1,
        char_start=0,
        char_end=len(text),
        paragraph="note 7-9",
    )
    hits = [Hit(passage=p, score=1.0, rank=1, dense_score=0.6)]
    q = "What was the troop strength in South Sudan in 2021?"
    assert _composer(hits).compose(q, classify(q), hits) == ([], [])


def test_a_footnote_that_explains_may_answer_without_its_marker() -> None:
    text = (
        '[6] "Grey zone" and "hybrid conflict" are both terms that lack consensus definitions. '
        '"Grey zone" operations are those that may fall short of war but nonetheless have a significant disruptive effect. '
        "See Smith et al., p. 4."
    )
    p = Passage(
        passage_id="n:1",
        doc_id="n",
        text=text,
        ordinal=1,
        char_start=0,
        char_end=len(text),
        paragraph="note 6",
    )
    prose = _hits(
        [
            "Peace operations face grey zone conflicts and hybrid threats across regions in the coming decade."
        ]
    )[0]
    hits = [Hit(passage=p, score=1.0, rank=1, dense_score=0.6), prose]
    q = "What are 'grey zone' operations?"
    sentences, citations = _composer(hits).compose(q, classify(q), hits)
    assert '"Grey zone" operations are those that may fall short of war' in sentences[0].text
    assert citations[0].paragraph == "note 6" and sentences[0].label == "note 6"
    assert "[6]" not in " ".join(s.text for s in sentences)
    assert "et al" not in " ".join(s.text for s in sentences)


def test_advice_on_another_matter_does_not_beat_the_unit_that_answers() -> None:
    hits = _hits(
        [
            "For instance, the Council may authorize protection mandates without human rights monitoring, limiting the mission's awareness.",
            "Missions with few troops should strengthen their networks with communities.",
        ]
    )
    q = "How could the Council limit a mission's human rights work while authorizing protection mandates?"
    sentences, _ = _composer(hits, 1).compose(q, classify(q), hits)
    assert sentences[0].text.startswith(
        "For instance, the Council may authorize protection mandates without human rights monitoring"
    )


def test_content_weights_leave_out_the_frame_and_discount_anchors() -> None:
    # One token per word and an IDF of 1 each: the shares can be computed by hand.
    weights = content_weights(
        "How many homicides in Haiti",
        ["Haiti"],
        tokens=lambda t: t.lower().split(),
        idf=lambda ts: dict.fromkeys(ts, 1.0),
    )
    # "how many" is frame; "homicides", "in" 1 each, "haiti" 0.25: total 2.25
    assert weights == pytest.approx({"homicides": 1 / 2.25, "in": 1 / 2.25, "haiti": 0.25 / 2.25})
    only_anchor = content_weights(
        "Haiti",
        ["Haiti"],
        tokens=lambda t: t.lower().split(),
        idf=lambda ts: dict.fromkeys(ts, 1.0),
    )
    assert only_anchor == {"haiti": 1.0}  # nothing else to ask about: the anchor keeps its weight


def test_the_unit_about_what_is_asked_beats_the_one_about_the_anchors() -> None:
    hits = _hits(
        [
            "The present report on Haiti covers developments in Haiti in 2019, pursuant to resolution 2466 (2019).",
            "Crime statistics collected by the national police indicated 698 reported homicides.",
        ]
    )
    q = "How many homicides were reported in Haiti in 2019?"
    sentences, citations = _composer(hits, 2).compose(
        q, classify(q), hits, context=["Haiti", "2019"]
    )
    assert citations[0].doc_id == "d1"  # the answer leads with it although its passage ranks second
    assert "698 reported homicides" in sentences[0].text


def test_a_factoid_value_must_be_one_the_question_does_not_state() -> None:
    assert not holds(Expect.NUMBER, "In 2019 the mission worked with the police.", {"2019"})
    assert holds(Expect.NUMBER, "In 2019 there were 698 cases.", {"2019"})
    assert not holds(Expect.NAME, "The mission led by UNMIT worked.", {"unmit", "led"})
    assert holds(Expect.NAME, "The mission was led by Ameerah Haq.", {"unmit", "led"})
    assert holds(Expect.SHARE, "Women won 38 per cent of the seats.", set())
    assert not holds(Expect.SHARE, "Women won 25 seats.", set())


def test_a_unit_without_the_key_term_is_marked() -> None:
    hits = _hits(
        ["The mission reported on its mandate and budget. The mission reported 546 homicides."]
    )
    composer = _composer(hits)
    weights = content_weights("homicides reported", [], tokens=composer.tokens, idf=composer.idf)
    marked = composer._candidates(weights, classify("homicides reported"), hits)
    assert [c.keyed for c in marked] == [False, True]


def test_neighbouring_sentences_that_both_answer_are_one_quote() -> None:
    text = (
        "Host governments may draw up protection plans of their own. "
        "There is a risk, however, that such protection plans are shallow commitments. "
        "Troops patrol the camps at night."
    )
    hits = _hits(
        [text, "Budgets for protection plans of missions are under pressure from member states."]
    )
    q = "What is the risk of host governments' own protection plans?"
    sentences, citations = _composer(hits, 2).compose(q, classify(q), hits)
    assert len(sentences) == len(citations) == 1  # two answer units, one quote
    assert citations[0].quote == text[: text.index(" Troops")]


def test_a_word_budget_keeps_answers_short() -> None:
    regions = ["northern", "southern", "eastern", "western", "central", "coastal"]
    hits = _hits(
        [
            f"Protection of civilians matters in the {r} sector. "
            + " ".join([f"protection of civilians in the {r} mission area"] * 12)
            + "."
            for r in regions
        ]
    )
    q = "What about protection of civilians?"
    sentences, _ = _composer(hits, 6).compose(q, classify(q), hits)
    words = sum(len(s.text.split()) for s in sentences)
    assert (
        1 < len(sentences) < 6
        and words <= ComposeSettings().word_budget * ComposeSettings().overrun
    )


def test_a_treaty_article_title_counts_for_its_paragraphs() -> None:
    text = "In order to ensure respect for civilians, the Parties shall at all times distinguish between civilians and combatants."
    rule = Passage(
        passage_id="t:48",
        doc_id="t",
        text=text,
        ordinal=1,
        char_start=0,
        char_end=len(text),
        doc_type="treaty",
        paragraph="Art. 48",
        section=("PART IV — CIVILIAN POPULATION", "Article 48 — Basic rule"),
    )
    other = _hits(
        [
            "Each Party shall adopt methods to recognize the distinctive emblem of medical units under this rule set."
        ],
        doc_type="treaty",
    )[0]
    # equal retrieval scores: the article title is what tells the two apart
    hits = [other, Hit(passage=rule, score=1.0, rank=2, dense_score=0.5)]
    q = "What does the basic rule of distinction in Additional Protocol I require?"
    sentences, citations = _composer(hits, 1).compose(
        "basic rule of distinction", classify(q), hits
    )
    assert citations[0].passage_id == "t:48"


def test_a_definition_s_key_term_is_the_term_defined_not_its_qualifier() -> None:
    hits = _hits(
        [
            "Among others, the following attacks are indiscriminate: attacks on objects without distinction.",
            "In so far as objects are concerned, military objectives are limited to objects which make an effective contribution to military action.",
        ],
        doc_type="treaty",
    )
    # equal retrieval scores: what tells the two apart is the sentence, not the ranking (the
    # scorer refitted on the current index weighs the retrieval prior more than form fit)
    hits = [replace(h, score=1.0) for h in hits]
    q = "How does Additional Protocol I define military objectives among objects?"
    sentences, _ = _composer(hits, 1).compose(q, classify(q), hits)
    assert sentences[0].text.startswith("In so far as objects are concerned, military objectives")


def test_a_count_is_a_number_next_to_the_noun_it_counts() -> None:
    from assistant.text import tokens

    assert counts("troops", "In 2018, 3,500 KFOR troops remained deployed.", tokens=tokens)
    assert counts("troops", "The Force had troops numbering about 3,500 in 2018.", tokens=tokens)
    assert not counts(
        "troops",
        "On 5 October, six individuals were indicted for planning attacks in Serb areas and against KFOR troops.",
        tokens=tokens,
    )
    assert not counts(
        "troops",
        "KFOR troops remained deployed in 2018.",
        tokens=tokens,
        asked={"kfor", "troop", "2018"},
    )
    assert counts(
        "members",
        "A Commission consisting of fifteen members of high moral standing shall be established.",
        tokens=tokens,
    )
    assert holds(Expect.NUMBER, "It holds forty-five commitments.", set())


def test_words_for_people_count_for_each_other_and_a_thousands_figure_is_no_day() -> None:
    from assistant.text import tokens

    camps = "As at 30 December, 46,691 people remained displaced in 31 camps in Port-au-Prince."
    # "IDPs" spelled out is "internally displaced person": "people" counts as persons
    assert counts("person", camps, tokens=tokens)
    assert counts("individuals", "Some 36,735 persons crossed the border.", tokens=tokens)
    # a day beside its month is a date; "46,691" is no day, "30" is
    assert not counts("person", "As at 30 December people remained displaced.", tokens=tokens)
    assert not counts("troops", camps, tokens=tokens)


def test_a_date_or_a_span_of_time_counts_no_one() -> None:
    from assistant.text import tokens

    asked = {"16", "juli", "2018", "attend", "memori"}
    memorial = "On 16 July, six months after the murder, friends and family attended a memorial."
    assert unstated(Expect.NUMBER, memorial, asked=asked, noun="", tokens=tokens) == "value"
    crowd = "Some 2,000 people attended the memorial."
    assert unstated(Expect.NUMBER, crowd, asked=asked, noun="", tokens=tokens) == ""
    pledged = "Donors pledged $450,000 over 12 months."  # an amount is a number all the same
    assert unstated(Expect.NUMBER, pledged, asked=asked, noun="", tokens=tokens) == ""
    month = "It was held a 30-day period after the murder."
    assert unstated(Expect.NUMBER, month, asked=asked, noun="", tokens=tokens) == "value"
    assert not holds(Expect.NUMBER, "The fortune of the mission often changed.", set())


def _encoder(vectors: dict[str, list[float]]):
    """A stand-in encoder: each text's vector by the first key it contains, normalised; the question matches "q"."""
    import numpy as np

    def encode(texts: list[str]):
        rows = []
        for t in texts:
            v = np.array(
                next((vec for key, vec in vectors.items() if key in t), [0.0, 0.0, 1.0]),
                dtype=np.float32,
            )
            rows.append(v / np.linalg.norm(v))
        return np.stack(rows)

    return encode


def test_a_factoid_s_unit_holding_the_count_is_read_by_the_encoder_and_wins() -> None:
    # Ten sentences share more of the question's words than the answer does; only the answer counts members.
    # The encoder finds all of them as close to the question; the answer must be among those it reads.
    filler = " ".join(
        f"The Commission of the Parties shall hold meetings and elect the Commission members of session {w}."
        for w in "abcdefghij"
    )
    text = f"{filler} It consists of fifteen members."
    hits = _hits([text])
    q = "How many members does the Commission of the Parties have?"
    sentences, _ = _composer(
        hits,
        4,
        encode=_encoder({"How many": [1, 0, 0], "fifteen": [1, 0, 0], "session": [1, 0, 0]}),
    ).compose(q, classify(q), hits)
    assert sentences[0].text.endswith("It consists of fifteen members.")


def test_a_sentence_reads_the_subject_of_the_sentences_before_it_in_its_paragraph() -> None:
    from assistant.answers.scoring import CONTEXT_SHARE

    para = (
        "The United Nations expanded its support to victims of cholera under track 2 of the new approach. "
        "Its consultative process has taken root in 25 communities. "
        "Each community is receiving $150,000 to fund such projects."
    )
    hits = _hits(
        [
            para,
            "Elsewhere, cholera and track 2 are not discussed.\n\nEach community is receiving $150,000 to fund such projects.",
        ]
    )
    q = "How much is each community receiving under track 2 of the new approach to cholera?"
    composer = _composer(hits)
    weights = content_weights(q, [], tokens=composer.tokens, idf=composer.idf)
    by_text = {
        (c.hit_index, _text(hits, c)): c.coverage
        for c in composer._candidates(weights, classify(q), hits)
    }
    own = sum(
        w
        for t, w in weights.items()
        if t in set(composer.tokens("Each community is receiving $150,000 to fund such projects."))
    )
    read = sum(w for t, w in weights.items() if t in set(composer.tokens(para)))
    assert read > own and CONTEXT_SHARE > 0
    assert by_text[
        (0, "Each community is receiving $150,000 to fund such projects.")
    ] == pytest.approx(own + CONTEXT_SHARE * (read - own))
    assert by_text[
        (1, "Each community is receiving $150,000 to fund such projects.")
    ] == pytest.approx(own)  # another paragraph: its own words only
    assert classify(q).expect is Expect.AMOUNT


def _text(hits: list[Hit], c) -> str:
    return hits[c.hit_index].passage.text[c.unit.start : c.unit.end]


def test_a_named_article_is_answered_from_its_opening() -> None:
    text = (
        "Protected persons are entitled, in all circumstances, to respect for their persons and their honour. "
        "They shall at all times be humanely treated. "
        "Women shall be especially protected against any attack on their honour. "
        "All protected persons shall be treated with the same consideration by the Party to the conflict. "
        "However, the Parties may take such measures of control in regard to protected persons as may be necessary."
    )
    article = Passage(
        passage_id="gc:27",
        doc_id="gc",
        text=text,
        ordinal=1,
        char_start=0,
        char_end=len(text),
        doc_type="treaty",
        paragraph="Art. 27",
        section=("PART III", "Article 27"),
    )
    hits = [Hit(passage=article, score=1.0, rank=1, dense_score=0.5)]
    q = "What does Article 27 of the Convention protect?"
    # the encoder finds the later sentences a little closer to the question, as it did for GC IV's Art. 27
    encode = _encoder(
        {
            "What does": [1, 0, 0],
            "Women": [1, 0, 0],
            "All protected": [1, 0, 0],
            "However": [1, 0, 0],
            "": [0.9, 0.436, 0],
        }
    )
    plain, _ = _composer(hits, 1, encode=encode).compose(q, classify(q), hits)
    named, _ = _composer(hits, 1, encode=encode).compose(q, classify(q), hits, articles=["Art. 27"])
    assert named[0].text.startswith("Protected persons are entitled")
    assert not plain[0].text.startswith("Protected persons are entitled")


def test_how_much_with_a_verb_asks_for_an_amount() -> None:
    assert classify("How much is each community receiving under track 2?").expect is Expect.AMOUNT
    assert classify("How much did the mission cost?").expect is Expect.AMOUNT
    assert classify("How much land was returned to the villagers?").expect is Expect.NUMBER


def test_a_list_cut_at_the_end_of_its_passage_goes_on_with_the_next_passage_s_items() -> None:
    first = "Several trends put the mandate in question:\n- budgets will shrink and missions will be smaller;\n- fatigue with failures will reduce appetite;"
    second = "- an increasingly influential China may become more assertive about consent;\n- proxy conflicts will draw deployments elsewhere.\n\nThe next section turns to threats against civilians."
    hits = _hits([first])
    rest = Passage(
        passage_id="d0:1",
        doc_id="d0",
        text=second,
        ordinal=1,
        char_start=0,
        char_end=len(second),
        title="Doc 0",
        doc_type="report",
    )
    q = "Which trends put the mandate in question?"
    follow = {"d0:0": rest}
    sentences, citations = _composer(hits).compose(
        q, classify(q), hits, following=lambda p: follow.get(p.passage_id)
    )
    assert [c.passage_id for c in citations] == ["d0:0", "d0:1"]
    assert sentences[1].text.splitlines() == [
        "- an increasingly influential China may become more assertive about consent;",
        "- proxy conflicts will draw deployments elsewhere.",
    ]
    assert citations[1].quote == second[: second.index("\n\nThe next")]
    alone, _ = _composer(hits).compose(q, classify(q), hits)
    assert len(alone) == 1  # without the next passage, the list ends where its passage does


def test_a_factoid_is_answered_by_the_unit_that_states_the_count_before_one_that_does_not() -> None:
    text = (
        "The report details the progress made on the universal periodic review recommendations accepted by the Government in 2016. "
        "The committee met twice. During the exercise, 175 of the 213 recommendations proposed were accepted."
    )
    hits = _hits([text])
    q = "How many universal periodic review recommendations did the Government accept in 2016?"
    sentences, _ = _composer(hits, 4).compose(q, classify(q), hits)
    assert "175 of the 213 recommendations" in sentences[0].text
    assert "progress made" not in " ".join(
        s.text for s in sentences
    )  # it counts nothing, and answers nothing


def test_an_answer_quotes_each_of_the_documents_the_question_names_side_by_side() -> None:
    hits = _hits(
        [
            "Children under fifteen shall not take a direct part in hostilities, and the Parties shall refrain from recruiting them.",
            "Children under fifteen taking part in hostilities keep the special protection of this Article when captured.",
            "Children under fifteen shall neither be recruited nor allowed to take part in hostilities.",
        ],
        doc_type="treaty",
    )
    hits = [replace(h, passage=replace(h.passage, doc_id="ap-i")) for h in hits[:2]] + [
        replace(hits[2], passage=replace(hits[2].passage, doc_id="ap-ii"))
    ]
    q = "children under fifteen taking part in hostilities"
    documents = [[lambda p: p.doc_id == "ap-i", lambda p: p.doc_id == "ap-ii"]]
    plain, plain_citations = _composer(hits, 1).compose(q, classify(q), hits)
    both, citations = _composer(hits, 1).compose(q, classify(q), hits, alternatives=documents)
    assert {c.doc_id for c in plain_citations} == {"ap-i"}
    assert {c.doc_id for c in citations} == {"ap-i", "ap-ii"}


def test_a_quote_that_repeats_an_earlier_quote_word_for_word_is_left_out() -> None:
    rule = "Works or installations containing dangerous forces, namely dams, dykes and nuclear stations, shall not be made the object of attack."
    hits = _hits(
        [
            f"1. {rule} Other military objectives near these works shall not be attacked either.",
            rule,
        ],
        doc_type="treaty",
    )
    q = "May dams and nuclear stations containing dangerous forces be made the object of attack?"
    sentences, citations = _composer(hits, 4).compose(q, classify(q), hits)
    assert [c.passage_id for c in citations] == [
        "d0:0"
    ]  # the second treaty says it again, word for word


def test_a_quote_a_named_document_needs_is_kept_though_an_earlier_quote_holds_its_words() -> None:
    hits = _hits(
        [
            "The Parties shall disseminate the Conventions and this Protocol as widely as possible in their countries, in military instruction.",
            "This Protocol shall be disseminated as widely as possible.",
        ],
        doc_type="treaty",
    )
    hits = [
        replace(hits[0], passage=replace(hits[0].passage, doc_id="ap-i")),
        replace(hits[1], passage=replace(hits[1].passage, doc_id="ap-ii")),
    ]
    q = "What do the Additional Protocols say about disseminating their texts?"
    documents = [[lambda p: p.doc_id == "ap-i", lambda p: p.doc_id == "ap-ii"]]
    _, plain = _composer(hits, 1).compose(q, classify(q), hits)
    _, named = _composer(hits, 1).compose(q, classify(q), hits, alternatives=documents)
    assert [c.doc_id for c in plain] == ["ap-i"]
    assert [c.doc_id for c in named] == ["ap-i", "ap-ii"]


def test_the_unit_that_defines_the_term_beats_units_that_use_it() -> None:
    uses = [
        f"{n}. The civil defence personnel are respected and the civil defence {w} is protected."
        for n, w in enumerate(["shelter", "vehicle", "card", "sign"], 1)
    ]
    defines = "For these purposes: (a) “civil defence” means the performance of humanitarian tasks intended to protect the civilian population."
    hits = _hits([uses[0], defines, *uses[1:]], doc_type="treaty")
    hits = [replace(h, score=1.0) for h in hits]  # the sentence decides, not the ranking
    q = "How does Additional Protocol I define 'civil defence'?"
    sentences, _ = _composer(hits, 1).compose(q, classify(q), hits)
    assert "“civil defence” means" in sentences[0].text


def test_defines_wants_the_term_joined_by_the_defining_verb() -> None:
    from assistant.answers.defining import defines

    assert defines("civil defence", "(a) “civil defence” means the performance of tasks")
    assert defines(
        "combatant",
        "Members of the armed forces (other than medical personnel) are combatants, that is to say ...",
    )
    assert defines(
        "hors de combat",
        "2. A person is hors de combat if: (a) he is in the power of an adverse Party",
    )
    assert not defines("civil defence", "Civil defence personnel shall be respected and protected.")
    assert not defines(
        "combatant",
        "In order to protect civilians, combatants are obliged to distinguish themselves.",
    )
    # a participle after its noun, with its agent, is the term in the other order
    assert defines("protected person", "Persons protected by the Convention are those who ...")
    assert not defines("protected person", "Persons protected by it shall be treated humanely.")
    assert not defines("protected person", "Persons protected by it are being held in camps.")
    # a right to be one is not what one is
    assert not defines("combatant", "A mercenary shall not have the right to be a combatant.")
    assert defines(
        "prisoner of war", "Any combatant who falls into its power shall be a prisoner of war."
    )


def test_a_share_is_not_a_count_and_a_case_counts_what_the_sentence_is_about() -> None:
    from assistant.text import tokens

    assert counts(
        "children",
        "Malnutrition remained high, with more than 58.1 per cent of children under the age of five stunted.",
        tokens=tokens,
    )
    assert not counts(
        "homicides", "Homicides rose by 17 per cent compared with the year before.", tokens=tokens
    )
    assert counts("cases", "The Ministry reported 41,110 suspected cases.", tokens=tokens)
    assert counts(
        "homicides",
        "Reported homicides for 2019 increased by 17 per cent compared with 2018, with 698 cases to 8 October.",
        tokens=tokens,
        asked={"2019"},
    )
    assert not counts(
        "peacekeepers", "Four peacekeeping missions have drawn down since 2014.", tokens=tokens
    )


def test_a_treaty_s_title_date_is_not_a_date_and_a_rate_is_a_share() -> None:
    assert not holds(
        Expect.DATE,
        "This Protocol supplements Article 3 common to the Geneva Conventions of 12 August 1949.",
        set(),
    )
    assert holds(Expect.DATE, "This Protocol entered into force on 7 December 1978.", set())
    assert holds(Expect.SHARE, "an annual mortality rate of 10.44 per 1,000 detainees", set())
    assert not holds(
        Expect.SHARE, "one person was convicted to one-and-a-half years in prison", set()
    )
    assert holds(
        Expect.SHARE, "Two thirds of the homicides were recorded in the West Department.", set()
    )


def test_the_encoder_reads_the_question_without_the_documents_it_names() -> None:
    from assistant.answers.composer import _without

    q = "How long after notice does a denunciation of the Fourth Geneva Convention or Additional Protocol II take effect?"
    assert (
        _without(q, ["Fourth Geneva Convention", "Additional Protocol II"])
        == "How long after notice does a denunciation of or take effect?"
    )
    assert (
        _without("What does Additional Protocol II say?", ["Additional Protocol II"])
        == "What does Additional Protocol II say?"
    )  # nothing left to read


def test_advice_worded_outside_a_recommendations_section_is_still_advice() -> None:
    hits = _hits(
        [
            "Weighing national POC strategies through a clear-eyed assessment of the incentives of security actors will be an important role for DPO to play.",
            "Developing a deeper body of knowledge about how DPO should weigh national POC strategies could be important.",
        ]
    )
    hits[1] = replace(hits[1], passage=replace(hits[1].passage, section="Recommendations"))
    q = "How should DPO weigh national POC strategies?"
    sentences, _ = _composer(hits, 1).compose(q, classify(q), hits)
    assert sentences[0].text.startswith("Weighing national POC strategies")


def test_a_sentence_opening_with_both_brings_the_sentence_it_leans_on() -> None:
    hits = _hits(
        [
            "The present Convention is established in English and in French. Both texts are equally authentic. The Council shall arrange translations."
        ],
        doc_type="treaty",
    )
    q = "Which texts of the Convention are equally authentic?"
    sentences, _ = _composer(hits, 1).compose(q, classify(q), hits)
    assert sentences[0].text.startswith(
        "The present Convention is established in English and in French. Both texts"
    )


def test_how_often_is_answered_by_a_frequency() -> None:
    assert holds(
        Expect.FREQUENCY,
        "it shall be subject to periodical review, if possible every six months",
        set(),
    )
    assert holds(
        Expect.FREQUENCY,
        "the board shall, at least twice yearly, give consideration to his case",
        set(),
    )
    assert not holds(
        Expect.FREQUENCY, "Decisions shall be made according to a regular procedure.", set()
    )


def test_each_part_of_a_two_part_question_is_answered() -> None:
    hits = _hits(
        [
            "The national police covered 261 of the 570 communal sections in early 2017. The police covered the capital.",
            "Where the police were absent, local towns set up local security forces to fill the gaps.",
        ]
    )
    q = "How much of Haiti did the national police cover in 2017, and what did local towns do about the gaps?"
    one, _ = _composer(hits, 1).compose(q.split(", and")[0] + "?", classify(q), hits)
    both, citations = _composer(hits, 1).compose(q, classify(q), hits)
    assert len({c.passage_id for c in citations}) == 2 and "local security forces" in " ".join(
        s.text for s in both
    )
    assert "local security forces" not in " ".join(s.text for s in one)


def test_a_sentence_giving_an_example_after_a_short_lead_brings_the_sentence_it_illustrates() -> (
    None
):
    hits = _hits(
        [
            "The role of women peacekeepers and the Women, Peace and Security agenda was emphasized. "
            "In Abyei, for instance, the mission is facilitating dialogue on customary laws. Other topics came up later."
        ]
    )
    q = "What was said about women peacekeepers?"
    sentences, _ = _composer(hits, 1).compose(q, classify(q), hits)
    assert "In Abyei, for instance" in sentences[0].text and "Other topics" not in sentences[0].text


def test_a_frequency_is_not_any_span_of_time() -> None:
    assert not holds(Expect.FREQUENCY, "It was deployed for a year.", set())
    assert not holds(Expect.FREQUENCY, "Every effort was made to protect them.", set())
    assert holds(
        Expect.DATE, "The Additional Protocols of 1977 supplement the Conventions.", set()
    )  # a year, not a title's day


def test_a_description_s_short_answer_goes_on_with_its_paragraph() -> None:
    """The sentence that names the topic brings the particulars after it, which share few of the
    question's words; a factoid keeps its one sentence."""
    text = (
        "There was limited progress with respect to holding accountable the persons responsible for crimes during the 2006 crisis. "
        "By September, final judgements had been rendered in seven cases, resulting in nine convictions and 43 acquittals. "
        "The trial of the 14 individuals indicted for the arson of a family house is ongoing. "
        "Budget matters are addressed in section IX."
    )
    hits = _hits([text, "Elections were held peacefully in 2012."])
    q = "What does the report say about holding people accountable for the crimes of the 2006 crisis?"
    sentences, citations = _composer(hits, 2).compose(q, classify(q), hits)
    assert citations[0].quote == text[: text.index(" Budget")]  # three sentences at most
    f = "When was progress on holding persons accountable for crimes of the 2006 crisis limited?"
    _, cited = _composer(hits, 2).compose(f, classify(f), hits)
    assert len(cited) == 1 and cited[0].quote.count(". ") == 0  # one sentence


def test_a_run_of_sentences_goes_on_into_the_list_its_last_sentence_introduces() -> None:
    text = (
        "Each Party shall allow the free passage of consignments of medical stores intended only for civilians. "
        "The obligation to allow free passage is subject to the condition that there are no serious reasons for fearing:\n\n"
        "(a) that the consignments may be diverted from their destination,\n\n(b) that the control may not be effective."
    )
    hits = _hits([text], doc_type="treaty")
    q = "On what grounds can a country refuse free passage of medical supplies for civilians?"
    sentences, citations = _composer(hits, 2).compose(q, classify(q), hits)
    assert (
        citations[0].quote == text
        and "diverted" in sentences[0].text
        and "control may not be effective" in sentences[0].text
    )


def test_a_number_that_counts_the_plural_noun_after_it_does_not_count_the_one_before() -> None:
    from assistant.index import LexicalIndex as _L

    tokens = _L.build([], generation=1).query_tokens
    assert not counts(
        "staff",
        "For national staff, two job fairs have been held with the country team.",
        tokens=tokens,
    )
    assert counts(
        "staff", "For national staff, 67 were retained for the liquidation.", tokens=tokens
    )
    assert counts("staff", "The team comprised 67 staff members.", tokens=tokens)
    assert counts("troops", "KFOR troops numbered 3,500 in 2018.", tokens=tokens)


def test_a_factoid_answer_keeps_to_the_factoid_budget_not_the_word_budget() -> None:
    """A factoid wants its value: its answer stops at ``factoid_budget`` words however long the
    other forms' ``word_budget`` is."""
    short = "UNMIT had 1,280 police officers in September 2012."
    long = (
        "In September 2012 the police component of UNMIT counted 1,280 police officers, "
        + "deployed across the districts with the national police in joint patrols, " * 4
        + "as set out in the annex."
    )
    hits = _hits([short, long])
    index = LexicalIndex.build([h.passage for h in hits], generation=1)
    q = "How many police officers did UNMIT have in September 2012?"

    def quotes(**tuning: float) -> int:
        composer = Composer(
            tokens=index.query_tokens, idf=index.idf, encode=None, max_units=4,
            tuning=ComposeSettings(relative_floor=0.1, factoid_floor=0.1, overrun=1.0, **tuning),
        )  # fmt: skip
        return len(composer.compose(q, classify(q), hits)[1])

    assert classify(q).form.value == "factoid"
    assert quotes(word_budget=1000, factoid_budget=1000) == 2
    assert quotes(word_budget=1000, factoid_budget=20) == 1


def test_a_part_asking_for_a_value_is_met_by_the_unit_holding_one_in_other_words() -> None:
    # "named Force Commander" is "appointed as Force Commander": no unit holds half the part's
    # words, so the units naming a person that cover it best meet it (not the UN force's patrol)
    from assistant.answers.scoring import Candidate
    from assistant.answers.selection import part_tests
    from assistant.answers.units import units_of

    text = (
        "As the Security Council has already been informed, Lieutenant General Jaime de los "
        "Santos (Philippines) has been appointed as Force Commander. Major General Michael Smith "
        "(Australia) has been selected as his deputy."
    )
    hits = _hits([text, "The UN force will patrol the border with its deputy units."])
    index = LexicalIndex.build([h.passage for h in hits], generation=1)
    candidates = [
        Candidate(
            i, u, 0.0, 0.0, words=frozenset(index.query_tokens(h.passage.text[u.start : u.end]))
        )
        for i, h in enumerate(hits)
        for u in units_of(h.passage)
    ]
    q = "Who was named Force Commander of the UN force and who is his deputy?"
    tests = part_tests(
        q, ["Force Commander"], candidates, hits, tokens=index.query_tokens, idf=index.idf
    )
    met = [[span_text(hits, c)[:20] for c in candidates if t(c)] for t in tests]
    assert met[0] == ["As the Security Coun"] and "Major General Michae" in met[1]


def test_a_units_place_in_a_named_article_runs_over_the_articles_passages() -> None:
    from assistant.answers.scoring import Candidate, _reading_position
    from assistant.answers.units import units_of

    first = "1. All persons are entitled to respect.\n\n2. The following acts are prohibited."
    hits = [
        replace(h, passage=replace(h.passage, doc_id="ap-ii", paragraph="Art. 4", ordinal=o))
        for h, o in zip(_hits([first, "3. Children shall be provided with care."]), (4, 5))
    ]  # the article's second passage ranked first
    hits = [hits[1], hits[0]]
    second = Candidate(0, units_of(hits[0].passage)[0], 0.0, 0.0)
    assert _reading_position(hits, second, frozenset({"Art. 4"})) == (2, 3)
    assert _reading_position(hits, second, frozenset()) == (0, 1)  # no article named: its passage
