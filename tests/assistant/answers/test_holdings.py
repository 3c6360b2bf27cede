"""Refusing what the catalogue does not hold (holdings.py), and names found folded (anchors.py)."""

from __future__ import annotations

import pytest

from assistant.answers.anchors import AnchorKind, find_anchors
from assistant.answers.holdings import (
    after_coverage,
    as_written,
    held,
    instruments_named,
    unheld_instruments,
    unheld_report,
)
from assistant.catalogue import Catalogue, CatalogueEntry
from assistant.glossary import Glossary, GlossaryEntry
from assistant.names import build_name_index
from assistant.types import DocumentRecord, Passage


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary(
        [
            GlossaryEntry("UNMIT", "United Nations Integrated Mission in Timor-Leste", "x",
                          kind="mission", places=("Timor-Leste",)),
            GlossaryEntry("MINUSTAH", "United Nations Stabilization Mission in Haiti", "x",
                          kind="mission", places=("Haiti",)),
            GlossaryEntry("AP II", "Additional Protocol II", "x", kind="law"),
        ]
    )  # fmt: skip


@pytest.fixture(scope="module")
def catalogue(glossary) -> Catalogue:
    records = [
        DocumentRecord("ap-ii", "Protocol Additional to the Geneva Conventions (Protocol II)",
                       short_title="AP II", doc_type="treaty", date="1977-06-08"),
        DocumentRecord("unmit-2012", "Report of the Secretary-General on the United Nations "
                       "Integrated Mission in Timor-Leste (for the period from 7 January through "
                       "20 September 2012)", doc_type="report", date="2012-10-15", symbol="S/2012/765"),
        DocumentRecord("minustah-2017", "Report of the Secretary-General on the United Nations "
                       "Stabilization Mission in Haiti", doc_type="report", date="2017-03-16",
                       symbol="S/2017/223"),
    ]  # fmt: skip
    return Catalogue([CatalogueEntry(r, True) for r in records], glossary)


def _anchors(question, glossary, catalogue):
    names = build_name_index(glossary, catalogue, fuzzy_threshold=85)
    return find_anchors(
        names.canonical(question), glossary=glossary, catalogue=catalogue, names=names
    )


def _p(text: str, **kw) -> Passage:
    return Passage("x:1", kw.pop("doc_id", "x"), text, 1, 0, len(text), **kw)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("what does additional protocol iii say about emblems", ["additional protocol iii"]),
        ("What does the Rome Statute say about peacekeepers?", ["Rome Statute"]),
        ("does the convention apply?", []),  # "the Convention" alone names none
        ("under the Fourth Geneva Convention, who is protected", ["Fourth Geneva Convention"]),
        ("What does distinction in Additional Protocol I require?", ["Additional Protocol I"]),
        ("the age under GC IV and Additional Protocol II", ["Additional Protocol II"]),
        ("What confidentiality convention governed the workshop?", []),  # not a name
        # named by what it is on, after its kind: the name ends at the verb asked
        (
            "what does the convention on cluster munitions require states to do",
            ["convention on cluster munitions"],
        ),
        (
            "Is the Convention against Torture binding on peacekeepers?",
            ["Convention against Torture"],
        ),
        ("What does the Convention on the protection of civilians say?", []),  # not capitalised
    ],
)
def test_instruments_are_found_by_their_form(question, named) -> None:
    assert instruments_named(question) == named


def test_an_instrument_is_held_only_with_its_number(glossary, catalogue) -> None:
    assert held("Additional Protocol II", catalogue, glossary)
    assert held("geneva conventions", catalogue, glossary)  # in AP II's title, plural
    assert not held("Additional Protocol III", catalogue, glossary)
    assert not held("Rome Statute", catalogue, glossary)


def test_an_instrument_an_indexed_passage_names_is_answerable(glossary, catalogue) -> None:
    question = "what does the Hague Convention say about cultural property"
    assert unheld_instruments(question, [], catalogue=catalogue, glossary=glossary) == [
        "Hague Convention"
    ]
    passage = _p("the Hague Convention of 14 May 1954 for the Protection of Cultural Property")
    assert unheld_instruments(question, [passage], catalogue=catalogue, glossary=glossary) == []


def test_a_report_of_a_date_the_series_lacks_is_refused(glossary, catalogue) -> None:
    question = "what did the june 2010 unmit report say about the PNTL"
    why = unheld_report(question, _anchors(question, glossary, catalogue), catalogue)
    assert "no report on UNMIT of June 2010" in why and "S/2012/765" in why


@pytest.mark.parametrize(
    "question",
    [
        "what did the October 2012 UNMIT report say about the PNTL",  # its date
        "what did the june 2012 unmit report say",  # inside its reporting period
        "what did the 2012 report on timor leste say",
    ],
)
def test_a_report_the_series_holds_is_not_refused(glossary, catalogue, question) -> None:
    assert unheld_report(question, _anchors(question, glossary, catalogue), catalogue) == ""


def test_a_year_after_the_series_is_said_to_be_after_its_coverage(glossary, catalogue) -> None:
    note = after_coverage(_anchors("homicides in haiti in 2023", glossary, catalogue), catalogue)
    assert "end with S/2017/223" in note and "2023" in note
    assert (
        after_coverage(_anchors("homicides in haiti in 2016", glossary, catalogue), catalogue) == ""
    )


def test_a_month_steers_to_the_report_of_that_date(glossary, catalogue) -> None:
    (date,) = [a for a in _anchors("the march 2017 report", glossary, catalogue)
               if a.kind is AnchorKind.DATE]  # fmt: skip
    assert date.text == "March 2017"
    assert date.mentioned_in(_p("no date in the text", date="2017-03-16"))
    assert not date.mentioned_in(_p("no date in the text", date="2016-10-06"))
    assert date.mentioned_in(_p("from 1 March 2017 onwards", date="2018-01-01"))


def test_a_name_is_found_without_its_diacritics_or_with_a_pdfs_broken_spacing(
    glossary, catalogue
) -> None:
    anchors = _anchors("What did Jovenel Moise win? And Zahir Tanin?", glossary, catalogue)
    moise, tanin = [a for a in anchors if a.kind is AnchorKind.NAME]
    assert moise.mentioned_in(_p("the President-elect, Jovenel Moïse, took office"))
    assert tanin.mentioned_in(_p("I thank my Special Representative, Zahir Ta nin, and"))
    assert not moise.mentioned_in(_p("Jude Célestin came second"))


def test_a_demonym_is_mentioned_by_its_place(glossary, catalogue) -> None:
    (name,) = [a for a in _anchors("what did Salvadoran police do", glossary, catalogue)
               if a.kind is AnchorKind.NAME]  # fmt: skip
    assert name.mentioned_in(_p("the National Civil Police of El Salvador"))
    assert not name.mentioned_in(_p("the Haitian National Police"))


def test_an_events_date_is_held_by_a_report_of_that_year(glossary, catalogue) -> None:
    """ "On 29 September 2018" is answered by a report of November 2018 saying "On 29 September";
    "the September 2018 report" wants the report of that month."""
    (event,) = [a for a in _anchors("how many joined the march on 29 September 2018", glossary,
                                     catalogue) if a.kind is AnchorKind.DATE]  # fmt: skip
    (report,) = [a for a in _anchors("what did the September 2018 report say", glossary, catalogue)
                 if a.kind is AnchorKind.DATE]  # fmt: skip
    passage = _p("On 29 September, a protest march was held", date="2018-11-01")
    assert event.mentioned_in(passage)
    assert not report.mentioned_in(passage)


def test_a_month_and_a_year_are_alternatives(glossary, catalogue) -> None:
    """ "Between the end of 2016 and September 2019" is answered by a paragraph of either."""
    from assistant.answers.anchors import by_kind

    anchors = _anchors("between the end of 2016 and September 2019", glossary, catalogue)
    assert {a.text for a in by_kind(anchors)[AnchorKind.YEAR]} == {"2016", "September 2019"}


def test_only_a_reports_own_date_is_strict(glossary, catalogue) -> None:
    question = (
        "What toll did the November 2018 violence take, according to the 2017 MINUSTAH report?"
    )
    anchors = {a.text: a.loose for a in _anchors(question, glossary, catalogue)}
    assert anchors["November 2018"] is True and anchors["2017"] is False
    assert unheld_report(question, _anchors(question, glossary, catalogue), catalogue) == ""


def test_only_a_name_of_two_words_or_more_is_matched_fuzzily(glossary, catalogue) -> None:
    (person,) = [a for a in _anchors("What did Finn Reske Nielson do?", glossary, catalogue)
                 if a.kind is AnchorKind.NAME]  # fmt: skip
    assert person.mentioned_in(_p("when Finn Reske-Nielsen became Acting Special Representative"))
    (word,) = [a for a in _anchors("What does the Optional say?", glossary, catalogue)
               if a.kind is AnchorKind.NAME]  # fmt: skip
    assert not word.mentioned_in(_p("operational support to the national police"))


def test_a_fuzzy_name_is_matched_word_for_word(glossary, catalogue) -> None:
    """ "Stimson Center Protecting" is not "the Stimson Center's Protecting Civilians ..." spelled
    otherwise: the words around it differ, not its letters."""
    (name,) = [a for a in _anchors("Who directs Stimson Center Protecting?", glossary, catalogue)
               if a.kind is AnchorKind.NAME]  # fmt: skip
    assert not name.mentioned_in(_p("co-organized by the Stimson Center’s Protecting Civilians"))


def test_a_refused_instrument_is_named_as_the_documents_write_names(glossary, catalogue) -> None:
    assert as_written("additional protocol iii", catalogue, glossary) == "Additional Protocol III"
    assert as_written("rome statute", catalogue, glossary) == "Rome Statute"
    assert (
        as_written("convention on cluster munitions", catalogue, glossary)
        == "Convention on Cluster Munitions"
    )


def test_a_count_before_an_instrument_is_not_its_name() -> None:
    """ "the two additional protocols" (typed in lower case) names the Additional Protocols, not
    an instrument called "Two Additional Protocol"; a year does name one ("the 1954 hague
    convention" is not the Hague Convention AP I cites)."""
    from assistant.answers.holdings import instruments_named

    assert instruments_named("what do the two additional protocols say") == []
    assert instruments_named("what do the two rome statutes say") == ["rome statute"]
    assert instruments_named("what does the 1954 hague convention say") == ["1954 hague convention"]


def test_a_year_before_an_instrument_is_checked_against_its_date(glossary, catalogue) -> None:
    """ "the 1977 additional protocols" are the Protocols of 1977 the catalogue holds; "the 1929
    geneva convention" is not held by a convention of 1949."""
    gc = DocumentRecord("gc-iv", "Geneva Convention relative to the Protection of Civilian Persons",
                        short_title="GC IV", doc_type="treaty", date="1949-08-12")  # fmt: skip
    both = Catalogue([*catalogue.entries.values(), CatalogueEntry(gc, True)], glossary)
    assert held("1977 additional protocol", both, glossary)
    assert not held("1929 geneva convention", both, glossary)
    assert held("1949 geneva convention", both, glossary)
    assert not held("1954 hague convention", both, glossary)


def test_a_question_typed_in_lower_case_names_instruments_in_lower_case() -> None:
    """The name layer writes the first letter in capitals; what was typed decides whether a
    lower-case name counts."""
    written = "What does the 1954 hague convention say?"
    assert instruments_named(written) == []
    assert instruments_named(written, typed="what does the 1954 hague convention say") == [
        "1954 hague convention"
    ]


def test_a_report_is_of_the_mission_its_file_name_names(glossary) -> None:
    """A report whose title names only a resolution is still its mission's: the file name says so,
    as it does for the editions' series."""
    unprofor = Glossary(
        [GlossaryEntry("UNPROFOR", "United Nations Protection Force", "x", kind="mission")]
    )
    records = [
        DocumentRecord("unprofor-s-1994-300", "Report of the Secretary-General on UNPROFOR",
                       doc_type="report", date="1994-03-16", symbol="S/1994/300"),
        DocumentRecord("unprofor-s-1995-1031", "Report of the Secretary-General pursuant to "
                       "Security Council resolution 1026 (1995)", doc_type="report",
                       date="1995-12-13", symbol="S/1995/1031", path="UNPROFOR_S_1995_1031.pdf"),
    ]  # fmt: skip
    catalogue = Catalogue([CatalogueEntry(r, True) for r in records], unprofor)
    question = "what did the december 1995 unprofor report say about police"
    assert unheld_report(question, _anchors(question, unprofor, catalogue), catalogue) == ""


def test_a_report_date_is_refused_against_indexed_reports_only(glossary) -> None:
    records = [
        DocumentRecord("unmit-2012", "Report of the Secretary-General on the United Nations "
                       "Integrated Mission in Timor-Leste", doc_type="report", date="2012-10-15",
                       symbol="S/2012/765"),
        DocumentRecord("unmit-2013", "Report of the Secretary-General on the United Nations "
                       "Integrated Mission in Timor-Leste", doc_type="report", date="2013-01-02",
                       symbol="S/2013/1"),
    ]  # fmt: skip
    catalogue = Catalogue(
        [CatalogueEntry(records[0], True), CatalogueEntry(records[1], False)], glossary
    )
    question = "what did the march 2011 unmit report say about the PNTL"
    why = unheld_report(question, _anchors(question, glossary, catalogue), catalogue)
    assert "S/2012/765" in why and "S/2013/1" not in why


def test_a_name_is_found_in_a_title_set_in_capitals() -> None:
    """Older reports set their titles in capitals: case there says nothing about a name."""
    glossary = Glossary(
        [GlossaryEntry("UNCPSG", "United Nations Civilian Police Support Group", "x",
                       kind="mission", aliases=("Police Support Group",))]
    )  # fmt: skip
    catalogue = Catalogue([], glossary)
    (mission,) = [a for a in _anchors("what did the police support group report say", glossary,
                                       catalogue) if a.kind is AnchorKind.MISSION]  # fmt: skip
    title = "REPORT OF THE SECRETARY-GENERAL ON THE UNITED NATIONS POLICE SUPPORT GROUP"
    assert mission.mentioned_in(_p("The Government has published a list of Serbs", title=title))
    assert not mission.mentioned_in(_p("The Government has published a list", title="REPORT"))
    assert not mission.mentioned_in(_p("the police support group", title="Report"))  # lower case


def test_a_title_in_capitals_names_its_place_and_a_refusal_names_each_place_once() -> None:
    records = [
        DocumentRecord("unomig-1994", "REPORT OF THE SECRETARY-GENERAL CONCERNING THE SITUATION "
                       "IN ABKHAZIA, GEORGIA", doc_type="report", date="1994-03-18", symbol="S/1994/312"),
        DocumentRecord("unomig-2008", "Report of the Secretary-General on the situation in "
                       "Abkhazia, Georgia", doc_type="report", date="2008-07-23", symbol="S/2008/480"),
    ]  # fmt: skip
    glossary = Glossary(
        [GlossaryEntry("UNOMIG", "United Nations Observer Mission in Georgia", "x", kind="mission",
                       places=("Abkhazia",))]
    )  # fmt: skip
    catalogue = Catalogue([CatalogueEntry(r, True) for r in records], glossary)
    question = "talks in abkhazia: what did the march 1994 report on abkhazia say"
    anchors = _anchors(question, glossary, catalogue)
    assert [a.text for a in anchors if a.kind is AnchorKind.PLACE] == ["Abkhazia", "Abkhazia"]
    assert unheld_report(question, anchors, catalogue) == ""  # S/1994/312 is of March 1994
    question = "talks in abkhazia: what did the may 1994 report on abkhazia say"
    why = unheld_report(question, _anchors(question, glossary, catalogue), catalogue)
    assert why.startswith("The corpus holds no report on Abkhazia of May 1994")
    assert "S/1994/312" in why and "S/2008/480" in why
