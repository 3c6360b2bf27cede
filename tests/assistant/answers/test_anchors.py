"""Anchors: what a question is about (anchors.py), and whether passages mention it (mentions.py)."""

from __future__ import annotations

import pytest

from assistant.answers.anchors import AnchorKind, find_anchors
from assistant.answers.mentions import (
    best_anchored,
    missing_anchors,
    missions_in,
    years_instead,
)
from assistant.catalogue import Catalogue, CatalogueEntry
from assistant.glossary import load_glossary
from assistant.types import DocumentRecord, Hit, Passage
from tests.conftest import passage_hit


@pytest.fixture(scope="module")
def glossary(repo_root):
    return load_glossary(repo_root / "corpus" / "glossary.toml")


@pytest.fixture(scope="module")
def catalogue(glossary):
    hippo = DocumentRecord(
        "hippo-report-2015",
        "Report of the High-level Independent Panel on Peace Operations",
        short_title="HIPPO report",
        symbol="A/70/95–S/2015/446",
    )
    ap1 = DocumentRecord(
        "ap-i-1977",
        "Protocol Additional to the Geneva Conventions (Protocol I)",
        short_title="AP I",
        doc_type="treaty",
    )
    return Catalogue(
        [CatalogueEntry(hippo, False, "A_70_95-S_2015_446.pdf"), CatalogueEntry(ap1, True)],
        glossary,
    )


def _p(text: str, **kw) -> Passage:
    return Passage(
        passage_id="x:1",
        doc_id=kw.pop("doc_id", "x"),
        text=text,
        ordinal=1,
        char_start=0,
        char_end=len(text),
        **kw,
    )


def _kinds(question, glossary, catalogue):
    return [
        (a.kind, a.text) for a in find_anchors(question, glossary=glossary, catalogue=catalogue)
    ]


def test_mission_year_role_and_documents(glossary, catalogue) -> None:
    assert _kinds("How many troops did MINUSTAH have in 2016?", glossary, catalogue) == [
        (AnchorKind.MISSION, "MINUSTAH"),
        (AnchorKind.YEAR, "2016"),
    ]
    assert _kinds("What did the Force Commander of UNMISS say?", glossary, catalogue) == [
        (AnchorKind.MISSION, "UNMISS"),
        (AnchorKind.ROLE, "Force Commander"),
    ]
    assert _kinds("What does the HIPPO report say about protection?", glossary, catalogue) == [
        (AnchorKind.DOCUMENT, "HIPPO report")
    ]
    kinds = _kinds("What does Article 79 of Additional Protocol I provide?", glossary, catalogue)
    assert (AnchorKind.DOCUMENT, "Additional Protocol I") in kinds and (
        AnchorKind.ARTICLE,
        "Article 79",
    ) in kinds


def test_concept_questions_have_no_anchor(glossary, catalogue) -> None:
    assert _kinds("What are the three tiers of protection of civilians?", glossary, catalogue) == []


def test_a_mission_is_mentioned_by_any_of_its_names_or_places(glossary, catalogue) -> None:
    (minustah,) = find_anchors(
        "What was the budget of MINUSTAH?", glossary=glossary, catalogue=catalogue
    )
    assert minustah.mentioned_in(
        _p("The United Nations Stabilization Mission in Haiti reduced its budget.")
    )
    assert minustah.mentioned_in(
        _p("The budget fell.", title="Report of the Secretary-General on Haiti")
    )
    assert not minustah.mentioned_in(_p("MINUSCA's budget grew in the Central African Republic."))


def test_a_mission_the_corpus_holds_no_report_of_is_still_a_mission(glossary, catalogue) -> None:
    """The glossary lists every UN peace operation, so a question naming one the corpus does not
    cover is about that mission, and no passage on the country's other missions mentions it."""
    (unama, year) = find_anchors(
        "UNAMA 2021 civilian casualties total", glossary=glossary, catalogue=catalogue
    )
    assert (unama.kind, unama.text, year.text) == (AnchorKind.MISSION, "UNAMA", "2021")
    assert not unama.mentioned_in(_p("UNGOMAP monitored the withdrawal from Afghanistan."))
    assert unama.mentioned_in(_p("The United Nations Assistance Mission in Afghanistan reported."))


def test_an_observer_post_is_a_role_whole(glossary, catalogue) -> None:
    """ "deputy cmo" is written out as "Deputy Chief Military Observer": one role, not the name
    "Deputy Chief" with its generic words trimmed."""
    kinds = _kinds("Who was UNMOP's Deputy Chief Military Observer in 1996?", glossary, catalogue)
    assert (AnchorKind.ROLE, "Deputy Chief Military Observer") in kinds
    assert all(kind is not AnchorKind.NAME for kind, _ in kinds)


def test_a_mission_name_that_titles_some_reports_still_names_the_mission(glossary) -> None:
    """A report whose title ends in its mission's acronym ("... IN EL SALVADOR (ONUSAL)") is
    named by it in the catalogue; "onusal" still names the mission, whose series the question's
    date then chooses from, not the few reports so titled."""
    title = "REPORT OF THE SECRETARY-GENERAL ON THE UNITED NATIONS OBSERVER MISSION IN EL SALVADOR (ONUSAL)"
    titled = DocumentRecord("onusal-s-25006", title, symbol="S/25006", doc_type="report")
    catalogue = Catalogue([CatalogueEntry(titled, True)], glossary)
    assert "ONUSAL" in catalogue.names("onusal-s-25006")
    kinds = _kinds("ONUSAL February 1992 report: how many police observers?", glossary, catalogue)
    assert (AnchorKind.MISSION, "ONUSAL") in kinds
    assert all(kind is not AnchorKind.DOCUMENT for kind, _ in kinds)


def test_missing_anchor_and_what_the_passages_concern(glossary, catalogue) -> None:
    anchors = find_anchors(
        "What was the budget of MINUSCA?", glossary=glossary, catalogue=catalogue
    )
    passages = [_p("MINUSTAH reduced its yearly budget from $648 million to $346 million.")]
    assert [a.text for a in missing_anchors(anchors, passages)] == ["MINUSCA"]
    assert missions_in(passages, glossary) == ["MINUSTAH"]


def test_a_document_anchor_is_mentioned_by_its_glossary_name(glossary, catalogue) -> None:
    (hippo,) = find_anchors(
        "What does the HIPPO report recommend?", glossary=glossary, catalogue=catalogue
    )
    assert hippo.mentioned_in(
        _p(
            "Existing tools, such as the 2015 High-level Panel on Peace Operation\n(HIPPO) Report, remain relevant."
        )
    )


def test_article_anchor_matches_the_passage_label(glossary, catalogue) -> None:
    anchors = find_anchors(
        "What does Article 79 of Additional Protocol I provide?",
        glossary=glossary,
        catalogue=catalogue,
    )
    art = next(a for a in anchors if a.kind is AnchorKind.ARTICLE)
    assert art.mentioned_in(_p("1. Journalists ...", paragraph="Art. 79"))
    assert not art.mentioned_in(_p("1. Civilians ...", paragraph="Art. 7"))


def test_an_article_typed_without_its_dot_is_an_article(glossary, catalogue) -> None:
    """ "art 43 gc4": staff leave out the abbreviation's dot."""
    anchors = find_anchors("what does art 43 of AP I say", glossary=glossary, catalogue=catalogue)
    art = next(a for a in anchors if a.kind is AnchorKind.ARTICLE)
    assert art.article == "Art. 43"


def test_a_passage_citing_the_article_in_the_plural_mentions_it(glossary, catalogue) -> None:
    """ "who keeps the protection of ap2 art 5 and 6": AP II Art. 2 answers, citing "Articles 5
    and 6"; the article anchor must not push it aside for Art. 5 itself."""
    anchors = find_anchors("the protection of art 5 and 6", glossary=glossary, catalogue=catalogue)
    art = next(a for a in anchors if a.kind is AnchorKind.ARTICLE)
    assert art.mentioned_in(_p("... shall enjoy the protection of Articles 5 and 6 until ..."))
    assert not art.mentioned_in(_p("... the protection of Articles 50 and 6 ..."))


def test_a_footnote_that_cites_the_mission_is_not_coverage(glossary, catalogue) -> None:
    anchors = find_anchors(
        "What was the budget of MINUSCA?", glossary=glossary, catalogue=catalogue
    )
    note = _p("[1] See the MINUSCA report, S/2019/822, para. 12.", paragraph="note 1")
    prose = _p("MINUSCA's budget for 2019/20 was approved by the General Assembly.", paragraph="12")
    assert [a.text for a in missing_anchors(anchors, [note])] == ["MINUSCA"]
    assert missing_anchors(anchors, [note, prose]) == []


def test_a_footnote_that_explains_covers_what_it_names(glossary, catalogue) -> None:
    anchors = find_anchors(
        "What did the 2012 prediction about POC mandates get wrong?",
        glossary=glossary,
        catalogue=catalogue,
    )
    explains = _p(
        '[1] For example, as a presenter opined in 2012 at an internal retreat, "we foresee a decrease in POC mandates". '
        "The next two missions, MINUSCA and MINUSMA, received forward-leaning POC mandates.",
        paragraph="note 1",
    )
    cites = _p(
        "[2] See S/2012/765, para. 12, and the report of 2012 on the protection of civilians, p. 4.",
        paragraph="note 2",
    )
    bears = lambda p: "mandates" in p.text  # noqa: E731 - the note is about the question's subject
    assert missing_anchors(anchors, [explains], bears=bears) == []
    assert [a.text for a in missing_anchors(anchors, [explains])] == [
        "2012"
    ]  # a note that does not bear on it
    assert [a.text for a in missing_anchors(anchors, [cites], bears=lambda p: True)] == ["2012"]
    hits = [
        Hit(passage=explains, score=1.0, rank=1, dense_score=0.5),
        _hit("POC mandates grew.", "x"),
    ]
    assert best_anchored(anchors, hits, bears=bears) == [hits[0]]


def test_a_decade_is_an_anchor_and_a_footnote_marker_does_not_hide_a_name(
    glossary, catalogue
) -> None:
    (decade,) = find_anchors(
        "How much have armed conflicts grown since the early 2000s?",
        glossary=glossary,
        catalogue=catalogue,
    )
    assert (decade.kind, decade.text) == (AnchorKind.YEAR, "2000s")
    assert decade.mentioned_in(
        _p(
            "Local and regional armed conflicts have more than doubled since the early 2000s¹, and 2021 ..."
        )
    )
    (minusma,) = find_anchors("What is MINUSMA's mandate?", glossary=glossary, catalogue=catalogue)
    assert minusma.mentioned_in(_p("the next mission, MINUSMA², received a mandate"))


def test_a_factoid_about_one_year_answered_for_others_only(glossary, catalogue) -> None:
    anchors = find_anchors(
        "How many suspected cholera cases did Haiti record in 2017?",
        glossary=glossary,
        catalogue=catalogue,
    )
    other = "The Ministry reported 41,110 suspected cases between 1 January and 24 December 2016, up from 2015."
    assert years_instead(anchors, [other]) == ["2016", "2015"]
    assert years_instead(anchors, [other, "In 2017, 13,000 suspected cases were recorded."]) == []
    plan = "Under the cholera plan for 2013–2022, 13,000 suspected cases were recorded."
    assert years_instead(anchors, [plan]) == []  # a span of years covers 2017
    assert years_instead(anchors, ["Under the plan for 2010–2015, cases fell."]) == ["2010", "2015"]
    assert (
        years_instead(anchors, ["Suspected cases fell by half."]) == []
    )  # no year named: may be the report's own
    # ... and where its report is dated, it is about that report's time: the report's year or
    # the one before, which it looks back on
    fell = ["Suspected cases fell by half."]
    assert years_instead(anchors, fell, ["2012-11-06"]) == ["2012"]
    assert years_instead(anchors, fell, ["2017-03-16"]) == []
    assert years_instead(anchors, fell, ["2018-01-10"]) == []
    assert years_instead(anchors, fell, [""]) == []  # no report: any year
    # a sentence naming no year beside one comparing with an earlier year: the first is of the
    # report's time; a text all of whose sentences name other years is not
    compared = "Cases fell by half. This is down from 41,110 in 2016."
    assert years_instead(anchors, [compared], ["2017-03-16"]) == []
    assert years_instead(anchors, [compared], ["2012-11-06"]) == ["2016", "2012"]
    assert years_instead(anchors, [other], ["2017-03-16"]) == ["2016", "2015"]
    assert (
        years_instead(
            find_anchors("How many cases were recorded?", glossary=glossary, catalogue=catalogue),
            [other],
        )
        == []
    )


_hit = passage_hit


def test_anchors_of_one_kind_are_alternatives(glossary, catalogue) -> None:
    anchors = find_anchors(
        "How did prison occupancy in Haiti change between 2016 and 2019?",
        glossary=glossary,
        catalogue=catalogue,
    )
    early = _hit(
        "At the end of 2016, Haiti's prisons held detainees at a 359 per cent occupancy rate.",
        "s-2017-223",
        "2017-03-16",
    )
    late = _hit(
        "Haiti's prisons held 10,884 detainees, a 337 per cent occupancy rate.",
        "s-2019-805",
        "2019-10-15",
    )
    table = _hit("Haiti benchmark indicators for 2016 and 2019.", "s-2019-805", "2019-10-15")
    assert best_anchored(anchors, [early, late, table]) == [early, late, table]


def test_a_paragraph_without_the_mission_is_not_evidence(glossary, catalogue) -> None:
    anchors = find_anchors(
        "What was UNMIK's approved budget for 2018-2019?", glossary=glossary, catalogue=catalogue
    )
    haiti = _hit(
        "The 2018-19 and 2019-20 budget laws of Haiti were not passed.", "s-2019-805", "2019-10-15"
    )
    kosovo = _hit("UNMIK continued to monitor developments in Kosovo.", "s-2018-981", "2018-10-23")
    assert best_anchored(anchors, [haiti, kosovo]) == [kosovo]


def test_a_name_counts_for_every_paragraph_of_a_document_that_mentions_it(
    glossary, catalogue
) -> None:
    anchors = find_anchors(
        "How many allegations against Timorese forces did UNMIT receive in 2012?",
        glossary=glossary,
        catalogue=catalogue,
    )
    assert AnchorKind.NAME in {a.kind for a in anchors}
    named = _hit(
        "UNMIT supported the Timorese authorities throughout 2012.", "s-2012-765", "2012-10-15"
    )
    counted = _hit(
        "UNMIT received allegations of 47 cases of ill-treatment by PNTL members.",
        "s-2012-765",
        "2012-10-15",
    )
    elsewhere = _hit("UNMIT received 12 allegations in 2012.", "other", "2012-01-01")
    assert best_anchored(anchors, [named, counted, elsewhere]) == [named, counted]


def test_a_possessive_mission_is_named_without_its_s(glossary, catalogue) -> None:
    (monusco,) = [
        a
        for a in find_anchors(
            "What was MONUSCO's budget for 2021?", glossary=glossary, catalogue=catalogue
        )
        if a.kind is AnchorKind.MISSION
    ]
    assert monusco.text == "MONUSCO"


def test_the_plural_of_a_document_family_is_one_anchor_on_each_document(repo_root) -> None:
    from assistant.answers.anchors import AnchorKind, find_anchors
    from assistant.catalogue import Catalogue, CatalogueEntry
    from assistant.types import DocumentRecord

    ap1 = DocumentRecord("ap-i-1977", "Protocol I", short_title="Additional Protocol I")
    ap2 = DocumentRecord("ap-ii-1977", "Protocol II", short_title="Additional Protocol II")
    catalogue = Catalogue([CatalogueEntry(ap1, True), CatalogueEntry(ap2, True)])
    (anchor,) = find_anchors(
        "What do the Additional Protocols say about children?", glossary=None, catalogue=catalogue
    )
    assert (anchor.kind, anchor.text, anchor.doc_ids) == (
        AnchorKind.DOCUMENT,
        "Additional Protocols",
        ("ap-i-1977", "ap-ii-1977"),
    )


def test_a_generic_word_inside_a_name_keeps_the_name_whole() -> None:
    from assistant.answers.anchors import find_anchors

    texts = lambda q: [a.text for a in find_anchors(q, glossary=None, catalogue=None)]  # noqa: E731
    assert texts("What is the role of the Joint Protection Team?") == ["Joint Protection Team"]
    assert texts("What did PAX and the Stimson Center organize?") == ["PAX", "Stimson Center"]
    assert (
        texts("What does the Security Council Report say?") == []
    )  # generic words alone name nothing


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "What",
                "do",
                "the",
                "Additional Protocols",
                "Additional Protocol II",
                "Joint",
                "Protection",
                "Team",
                "and",
                "PAX",
                "Stimson Center",
                "'",
                "?",
                "2014",
                "Security Council",
                "Report",
                "",
            ]
        ),
        max_size=12,
    ).map(" ".join)
)
def test_anchors_of_any_question_are_spans_of_it(question: str) -> None:
    from assistant.answers.anchors import AnchorKind, find_anchors
    from assistant.catalogue import Catalogue, CatalogueEntry
    from assistant.types import DocumentRecord

    catalogue = Catalogue(
        [
            CatalogueEntry(
                DocumentRecord(f"ap-{n}", f"Protocol {n}", short_title=f"Additional Protocol {n}"),
                True,
            )
            for n in ("I", "II")
        ]
    )
    for anchor in find_anchors(question, glossary=None, catalogue=catalogue):
        assert anchor.text and anchor.text in " ".join(
            question.split()
        )  # names are read with their spaces collapsed
        assert (anchor.kind is AnchorKind.DOCUMENT) == bool(anchor.doc_ids)


def test_two_missions_of_one_country_are_told_apart_by_name(glossary, catalogue) -> None:
    minustah, minujusth = (
        a
        for a in find_anchors(
            "Did prison deaths fall between MINUSTAH and MINUJUSTH?",
            glossary=glossary,
            catalogue=catalogue,
        )
        if a.kind is AnchorKind.MISSION
    )
    on_haiti = _p(
        "Haiti's prisons recorded 218 deaths between October 2017 and September 2019.",
        title="Report of the Secretary-General on MINUJUSTH",
    )
    assert minustah.mentioned_in(on_haiti) and not minustah.named_in(
        on_haiti
    )  # on Haiti: on topic, but not MINUSTAH's
    assert minujusth.named_in(on_haiti)


def test_a_budget_year_span_names_both_years_and_a_symbol_names_none(glossary, catalogue) -> None:
    anchors = find_anchors(
        "How many police officers did Haiti have in 2017?", glossary=glossary, catalogue=catalogue
    )
    assert (
        years_instead(
            anchors,
            ["With the 2016/2017 budget of the police at $132.5 million, 15,000 officers serve."],
        )
        == []
    )
    assert years_instead(
        anchors, ["In 2016 (see S/2017/223, para. 4), 14,000 officers served."]
    ) == ["2016"]


def test_a_decade_is_answered_by_its_years_and_a_day_range_names_no_year(
    glossary, catalogue
) -> None:
    anchors = find_anchors(
        "How many cases were recorded in the 2010s?", glossary=glossary, catalogue=catalogue
    )
    assert years_instead(anchors, ["In 2015, 300 cases were reported."]) == []
    assert years_instead(
        find_anchors("How many cases in 2018?", glossary=glossary, catalogue=catalogue),
        ["From 1 July 2016–30 June 2017, 300 cases."],
    ) == ["2016", "2017"]


def test_a_footnote_that_does_not_bear_mentions_nothing_not_even_by_its_document(
    glossary, catalogue
) -> None:
    anchors = find_anchors(
        "What was the budget of MINUJUSTH?", glossary=glossary, catalogue=catalogue
    )
    note = _p(
        "[1] See S/2017/223, para. 12.",
        paragraph="note 1",
        title="Report of the Secretary-General on MINUJUSTH",
    )
    assert [a.text for a in missing_anchors(anchors, [note], bears=lambda p: False)] == [
        "MINUJUSTH"
    ]
    assert (
        best_anchored(anchors, [Hit(passage=note, score=1.0, rank=1)], bears=lambda p: False) == []
    )


def test_a_name_counts_when_another_passage_of_its_document_names_it(glossary, catalogue) -> None:
    """ "Timorese" is named in other paragraphs of UNMIT's report than the one the hits hold."""
    q = "Of the 199 Timorese police officers certified in 2010, how many had been dismissed by September 2012?"
    anchors = [
        a
        for a in find_anchors(q, glossary=glossary, catalogue=catalogue)
        if a.kind is AnchorKind.NAME
    ]
    assert [a.text for a in anchors] == ["Timorese"]
    paragraph = _p(
        "The Office continued to manage the files of the 199 PNTL officers; seven officers had been dismissed.",
        doc_id="s-2012-765",
    )
    documents = {
        "s-2012-765": [_p("The Timorese authorities led the process.", doc_id="s-2012-765")],
        "other": [],
    }

    def elsewhere(anchor, doc_id):
        return any(anchor.mentioned_in(p) for p in documents[doc_id])

    assert missing_anchors(anchors, [paragraph]) == anchors
    assert missing_anchors(anchors, [paragraph], elsewhere=elsewhere) == []
    assert (
        missing_anchors(
            anchors, [_p("Seven officers had been dismissed.", doc_id="other")], elsewhere=elsewhere
        )
        == anchors
    )
    assert (
        best_anchored(anchors, [Hit(passage=paragraph, score=1.0, rank=1)], elsewhere=elsewhere)
        != []
    )


def test_a_quoted_phrase_is_an_anchor_the_passage_must_hold(glossary, catalogue) -> None:
    assert _kinds("What's 'Securing the future' in Timor-Leste?", glossary, catalogue) == [
        (AnchorKind.PLACE, "Timor-Leste"),
        (AnchorKind.PHRASE, "Securing the future"),
    ]
    (phrase,) = [
        a
        for a in find_anchors(
            "What is meant by “remote protection”?", glossary=glossary, catalogue=catalogue
        )
        if a.kind is AnchorKind.PHRASE
    ]
    assert phrase.mentioned_in(_p("the review entitled “Remote protection”, which was developed"))
    assert not phrase.mentioned_in(_p("protection provided remotely"))
    # an apostrophe inside a word opens no quote, and a document named in quotes stays a document
    assert AnchorKind.PHRASE not in {
        k
        for k, _ in _kinds(
            "How many staff were on MINUJUSTH's liquidation team's list?", glossary, catalogue
        )
    }
    assert _kinds("What does the 'HIPPO report' say?", glossary, catalogue) == [
        (AnchorKind.DOCUMENT, "HIPPO report")
    ]


def test_the_head_of_something_is_a_role(glossary, catalogue) -> None:
    assert (AnchorKind.ROLE, "Head") in _kinds(
        "Who was the Head of the EULEX mission in Kosovo in 2018?", glossary, catalogue
    )
    assert AnchorKind.ROLE not in {
        k for k, _ in _kinds("Which heads of state attended?", glossary, catalogue)
    }


def test_an_events_date_stated_once_in_a_report_counts_for_its_other_paragraphs(
    glossary, catalogue
) -> None:
    anchors = find_anchors(
        "La Saline November 2018 - how many people killed?", glossary=glossary, catalogue=catalogue
    )
    assert [(a.kind, a.loose) for a in anchors] == [
        (AnchorKind.DATE, True),
        (AnchorKind.NAME, False),
    ]
    dated = passage_hit("The joint report on the events of November 2018 in La Saline.", "r19")
    killed = passage_hit("The violence in La Saline resulted in at least 26 killings.", "r19")
    other = passage_hit("In La Saline, the police patrolled.", "r17")
    later = passage_hit("Casualties in the capital rose in 2019.", "r19")  # names no event
    assert best_anchored(anchors, [killed, other, later, dated]) == [killed, dated]
    # a report's own month stays strict: the May 2019 report is that report, not its neighbours
    (report,) = [
        a
        for a in find_anchors(
            "the May 2019 report on La Saline", glossary=glossary, catalogue=catalogue
        )
        if a.kind is AnchorKind.DATE
    ]
    assert not report.loose


def test_a_name_after_an_office_typed_by_its_initials_is_its_own_anchor(
    glossary, catalogue
) -> None:
    kinds = _kinds("What did SRSG Atul Khare report on PNTL certification?", glossary, catalogue)
    assert (AnchorKind.NAME, "Atul Khare") in kinds
