"""A question's month chooses among a mission's reports of one year (assistant.answers.dates)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answers.anchors import AnchorKind, find_anchors
from assistant.answers.dates import best_dated, month_fit
from assistant.answers.mentions import best_anchored
from assistant.glossary import load_glossary
from assistant.types import Hit, Passage
from tests.conftest import passage_hit


@pytest.fixture(scope="module")
def glossary(repo_root):
    return load_glossary(repo_root / "corpus" / "glossary.toml")


def _hit(text: str, doc_id: str, date: str, title: str = "") -> Hit:
    return passage_hit(text, doc_id, date, title=title)


def _anchors(question: str, glossary):
    return find_anchors(question, glossary=glossary, catalogue=None)


def test_the_report_of_the_month_wins_over_a_later_report_of_the_same_year(glossary) -> None:
    anchors = _anchors("How many military observers did UNOMIG have in July 2004?", glossary)
    october = _hit(
        "As at 1 October 2004, UNOMIG had 117 military observers.",
        "unomig-s-2004-822",
        "2004-10-08",
    )
    july = _hit(
        "The strength of UNOMIG on 7 July 2004 stood at 117 military observers.",
        "unomig-s-2004-570",
        "2004-07-14",
    )
    # both satisfy the month as an anchor (a report of that year): the month chooses
    assert best_dated(anchors, [october, july]) == [july]
    assert best_anchored(anchors, [october, july]) == [july]


def test_a_month_cited_as_a_report_date_is_not_the_month_stated(glossary) -> None:
    (june,) = [a for a in _anchors("Who was the UNMOP CMO in June 1998?", glossary) if a.month]
    cites = _hit(
        "Since my report of 26 June 1998, Colonel Graeme Williams has been the Chief Military Observer.",
        "unmop-s-1998-939",
        "1998-10-20",
    )
    states = _hit("In June 1998 the CMO visited Dubrovnik.", "unmop-s-1998-939", "1998-10-20")
    of_june = _hit(
        "headed by a Chief Military Observer, Colonel Tangai", "unmop-s-1998-578", "1998-06-26"
    )
    assert [month_fit(june, h.passage) for h in (cites, states, of_june)] == [1, 3, 3]


def test_an_event_is_found_in_the_later_report_that_states_it(glossary) -> None:
    anchors = _anchors("What happened in Beni in September 2018?", glossary)
    later = _hit(
        "On 22 September 2018, an attack in Beni killed 21 civilians.",
        "monusco-s-2018-1180",
        "2018-12-27",
    )
    same_month = _hit(
        "MONUSCO supported the electoral process.", "monusco-s-2018-882", "2018-09-28"
    )
    earlier = _hit(
        "The situation in Beni remained tense in 2018.", "monusco-s-2018-655", "2018-06-29"
    )
    assert best_dated(anchors, [earlier, later, same_month]) == [later, same_month]


def test_a_report_written_just_after_the_month_or_covering_it_by_its_title(glossary) -> None:
    anchors = _anchors("How big was the Haitian National Police as at 18 August 2009?", glossary)
    march = _hit(
        "The National Police numbered some 9,000 officers.", "minustah-s-2009-129", "2009-03-06"
    )
    september = _hit(
        "As at 18 August, the National Police numbered some 9,715 officers.",
        "minustah-s-2009-439",
        "2009-09-01",
    )
    assert best_dated(anchors, [march, september]) == [september]

    (sept,) = [
        a for a in _anchors("PNTL officers certified as of September 2010", glossary) if a.month
    ]
    period = "Report of the Secretary-General on UNMIT (for the period from 21 January to 20 September 2010)"
    assert (
        month_fit(sept, _hit("2,944 officers", "unmit-s-2010-522", "2010-10-13", period).passage)
        == 3
    )
    assert month_fit(sept, _hit("2,896 officers", "unmit-s-2010-85", "2010-02-12").passage) == 1
    # a stated period that ends before the month is not "written just after" it
    spring = "Report (for the period from 21 September 2009 to 20 January 2010)"
    assert (
        month_fit(
            _anchors("officers certified as of December 2009", glossary)[-1],
            _hit("x", "unmit-s-2010-85", "2010-02-12", spring).passage,
        )
        == 3
    )


def test_no_choice_without_exactly_one_month(glossary) -> None:
    hits = [
        _hit("In 2016, 40 cases.", "a", "2016-03-01"),
        _hit("By September 2019, 12 cases.", "b", "2019-10-01"),
    ]
    range_question = _anchors("How many cases between 2016 and September 2019?", glossary)
    assert best_dated(range_question, hits) == hits
    assert best_dated(_anchors("How many cases in 2016?", glossary), hits) == hits


def test_a_report_fits_as_well_as_its_best_paragraph(glossary) -> None:
    # the report of November 2018 covers July to October; one of its paragraphs states "October
    # 2018", the one that answers does not: both stay, the report of August 2018 goes
    anchors = _anchors("How many documents did UNMIK certify by October 2018?", glossary)
    answers = _hit("UNMIK processed 634 documents.", "unmik-s-2018-981", "2018-11-01")
    states = _hit("Police strength as of 1 October 2018: 8.", "unmik-s-2018-981", "2018-11-01")
    august = _hit("UNMIK processed 512 documents.", "unmik-s-2018-747", "2018-08-10")
    assert best_dated(anchors, [answers, august, states]) == [answers, states]


_SERIES = {  # three UNMIT reports: near-identical paragraphs on the police strength; the one of
    # January 2009 states neither the month nor the word "strength" (its title's period covers it)
    "S/2008/501": ("2008-07-29", "8 January to 20 July 2008", "The UNMIT police strength stood at 1,635 officers (70 women) as at 20 July"),
    "S/2009/72": ("2009-02-04", "21 July 2008 to 20 January 2009", "The UNMIT police component had 1,510 officers (74 women)"),
    "S/2009/504": ("2009-10-02", "21 January to 20 September 2009", "The UNMIT police strength stood at 1,560 officers (80 women) as at 31 August, including four formed police units deployed in Dili and the districts"),
}  # fmt: skip


@pytest.fixture(scope="module")
def unmit_series(tmp_path_factory, embedder, repo_root):
    """A home holding the three reports, with their dates and periods in a manifest."""
    from assistant.open import open_assistant
    from ingest.pipeline import ingest_paths
    from tests.conftest import make_settings

    root = tmp_path_factory.mktemp("series")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "glossary.toml").write_bytes((repo_root / "corpus" / "glossary.toml").read_bytes())
    records = []
    for symbol, (date, period, strength) in _SERIES.items():
        name = "UNMIT_" + symbol.replace("/", "_") + ".txt"
        title = f"Report of the Secretary-General on the United Nations Integrated Mission in Timor-Leste (for the period from {period})"
        (corpus / name).write_text(
            f"{title}\n\n"
            f"1. The present report covers the period from {period}.\n\n"
            f"15. {strength}. UNMIT police continued to"
            " support the national police in the districts.\n\n"
            "16. The security situation remained calm, with isolated incidents of violence.\n",
            encoding="utf-8",
        )
        doc_id = "unmit-" + symbol.lower().replace("/", "-")
        records.append(
            f'[[document]]\ndoc_id = "{doc_id}"\ntitle = "{title}"\ndoc_type = "report"\n'
            f'date = "{date}"\nsymbol = "{symbol}"\npath = "{name}"\n'
        )
    (corpus / "manifest.toml").write_text("\n".join(records), encoding="utf-8")
    settings = make_settings(root / "home", corpus_dir=corpus)
    assert ingest_paths(settings, [corpus], progress=False, embedder=embedder).ok
    return open_assistant(settings, embedder=embedder)


@pytest.mark.parametrize(
    ("question", "symbol", "figure"),
    [
        ("whats unmit's police strength as at 20 jan 2009", "S/2009/72", "1,510"),
        ("UNMIT police strength in August 2009?", "S/2009/504", "1,560"),
        ("how many police officers did unmit have in july 2008", "S/2008/501", "1,635"),
    ],
)
def test_a_month_asked_picks_the_report_of_it_among_a_series(
    unmit_series, question, symbol, figure
) -> None:
    answer = unmit_series.ask(question)
    assert not answer.abstained, answer.answer
    assert answer.citations[0].symbol == symbol and figure in answer.answer


def test_a_report_date_typed_without_of_and_a_mission_named_by_the_file(glossary) -> None:
    anchors = _anchors("number of active police officers, UNPROFOR report December 1995", glossary)
    (december,) = [a for a in anchors if a.month]
    assert not december.loose  # the report's date, as "the report of December 1995" is
    later = _hit("The Peace Agreement signed on 14 December 1995 ...", "s-1996-483", "1996-06-06")
    assert month_fit(december, later.passage) == 1  # an event's mention is not the report's date
    (unprofor,) = [a for a in anchors if a.kind is AnchorKind.MISSION]
    title = "REPORT OF THE SECRETARY-GENERAL PURSUANT TO SECURITY COUNCIL RESOLUTION 1026 (1995)"
    text = "There is a total of 44,750 active police officers in the territory."
    filed = Passage("p", "unprofor-s-1995-1031", text, 1, 0, 9, title=title)
    assert not unprofor.named_in(filed)
    # the collection files it under the mission: the file name names what the title does not
    assert unprofor.named_in(replace(filed, source="reports/UNPROFOR_S_1995_1031.pdf"))
    assert not unprofor.named_in(replace(filed, source="reports/S_1995_1031.pdf"))


def test_the_month_a_report_is_named_by_chooses_beside_an_events_year(glossary) -> None:
    anchors = _anchors(
        "total homicides in Haiti in 2013 per the March 2014 MINUSTAH report", glossary
    )
    march = _hit(
        "The total number of homicides in 2013 (817 reported cases)", "m-2014-162", "2014-03-07"
    )
    august = _hit("Homicides fell in 2013 and early 2014.", "m-2014-617", "2014-08-29")
    assert best_dated(anchors, [august, march]) == [march]


def test_a_mission_and_a_month_held_only_apart_are_missing_together(glossary) -> None:
    from assistant.answers.mentions import best_anchored, missing_anchors

    anchors = _anchors("UNIFIL troop strength as of March 2010", glossary)
    old = _hit(
        "Two companies temporarily assigned from UNIFIL remain.", "unikom-s-1991", "1991-10-02"
    )
    other = _hit("Police strength (as at 15 March 2010): 7.", "unmik-s-2010-169", "2010-04-06")
    (missing,) = missing_anchors(anchors, [old.passage, other.passage])
    assert missing.text == "UNIFIL in March 2010"
    both = _hit("UNIFIL's strength stood at 11,500 as at 1 March 2010.", "x-2010", "2010-03-20")
    assert missing_anchors(anchors, [old.passage, both.passage]) == []
    # a passage on the mission asked about comes first, however many other anchors the rest hold
    assert best_anchored(anchors, [other, old]) == [old]


def test_a_report_written_before_the_month_only_foresees_it(glossary) -> None:
    anchors = _anchors("turnout in the Partesh elections on 20 June 2010 (UNMIK)", glossary)
    foresees = _hit(
        "The Kosovo authorities have scheduled elections to take place on 20 June 2010 in Partesh.",
        "unmik-s-2010-169",
        "2010-04-06",
    )
    reports = _hit(
        "On 20 June, 2,292 voters, or 65.3 per cent of the registered voters, turned out.",
        "unmik-s-2010-401",
        "2010-07-29",
    )
    june = next(a for a in anchors if a.month)
    assert month_fit(june, foresees.passage) < month_fit(june, reports.passage)
    assert best_dated(anchors, [foresees, reports]) == [reports]


def test_a_day_named_keeps_the_report_of_that_very_day(glossary) -> None:
    anchors = _anchors("ONUCA addendum 2 May 1990 - where was the battalion's HQ?", glossary)
    addendum = _hit(
        "The headquarters of the battalion is at Matagalpa.", "onuca-add-1", "1990-05-02"
    )
    later = _hit("A Venezuelan battalion was attached to ONUCA.", "onuca-s-21909", "1990-05-04")
    assert best_dated(anchors, [later, addendum]) == [addendum]
    month_only = _anchors("ONUCA in May 1990 - where was the battalion's HQ?", glossary)
    assert best_dated(month_only, [later, addendum]) == [later, addendum]
    state = _anchors("where was the ONUCA battalion's HQ as at 2 May 1990?", glossary)
    assert best_dated(state, [later, addendum]) == [later, addendum]  # stated in a later report
