"""The catalogue: manifest documents, how questions name them, how to add a missing one."""

from __future__ import annotations

from assistant.catalogue import Catalogue, CatalogueEntry
from assistant.glossary import load_glossary
from assistant.types import DocumentRecord


def test_names_resolve_to_the_longest_and_say_how_to_add(repo_root) -> None:
    glossary = load_glossary(repo_root / "corpus" / "glossary.toml")
    ap1 = DocumentRecord("ap-i-1977", "Protocol I", short_title="AP I")
    ap2 = DocumentRecord("ap-ii-1977", "Protocol II", short_title="AP II")
    hippo = DocumentRecord(
        "hippo-report-2015",
        "Report of the High-level Independent Panel on Peace Operations",
        short_title="HIPPO report",
        symbol="A/70/95–S/2015/446",
        source_url="https://undocs.org/en/A/70/95",
    )
    cat = Catalogue(
        [
            CatalogueEntry(ap1, True),
            CatalogueEntry(ap2, True),
            CatalogueEntry(hippo, False, "A_70_95-S_2015_446.pdf"),
        ],
        glossary,
    )
    assert [
        (e.record.doc_id, n) for e, n in cat.named_in("What does Additional Protocol II say?")
    ] == [("ap-ii-1977", "Additional Protocol II")]
    assert [
        e.record.doc_id
        for e, _ in cat.named_in("Compare S/2015/446 with the HIPPO recommendations")
    ] == ["hippo-report-2015"]
    entry = cat.get("hippo-report-2015")
    assert entry.label == "HIPPO report (A/70/95–S/2015/446)"
    assert "pocdoc fetch" in entry.how_to_add() and "A_70_95-S_2015_446.pdf" in entry.how_to_add()


def test_a_label_does_not_repeat_a_symbol_its_name_already_is() -> None:
    resolution = DocumentRecord(
        "s-res-1265-1999",
        "Resolution 1265 (1999)",
        short_title="S/RES/1265 (1999)",
        symbol="S/RES/1265 (1999)",
    )
    assert CatalogueEntry(resolution, False).label == "S/RES/1265 (1999)"


def test_a_document_is_described_by_every_word_of_its_short_title_in_any_order() -> None:
    event = DocumentRecord(
        "poc-week-2022-side-event",
        "Side Event Summary, 2022 UN Protection of Civilians Week",
        short_title="PoC Week 2022 side event",
    )
    ap1 = DocumentRecord("ap-i-1977", "Protocol I", short_title="AP I")
    cat = Catalogue([CatalogueEntry(event, True), CatalogueEntry(ap1, True)])
    assert [
        e.record.doc_id
        for e in cat.described_in("Who wrote the summary of the 2022 PoC Week side event?")
    ] == ["poc-week-2022-side-event"]
    assert (
        cat.described_in("Who wrote the summary of the 2023 PoC Week side event?") == []
    )  # another year is another event
    assert (
        cat.described_in("Who wrote AP I?") == []
    )  # a short title of two words is a name, found by named_in


def test_a_family_s_plural_names_each_of_its_documents() -> None:
    ap1 = DocumentRecord("ap-i-1977", "Protocol I", short_title="Additional Protocol I")
    ap2 = DocumentRecord("ap-ii-1977", "Protocol II", short_title="Additional Protocol II")
    gc4 = DocumentRecord(
        "gc-iv-1949", "Fourth Geneva Convention", short_title="Geneva Convention IV"
    )
    cat = Catalogue(
        [CatalogueEntry(ap1, True), CatalogueEntry(ap2, True), CatalogueEntry(gc4, True)]
    )
    assert sorted(
        (e.record.doc_id, n)
        for e, n in cat.named_in("What do the Additional Protocols say about children?")
    ) == [("ap-i-1977", "Additional Protocols"), ("ap-ii-1977", "Additional Protocols")]
    assert [e.record.doc_id for e, _ in cat.named_in("What do the Geneva Conventions say?")] == [
        "gc-iv-1949"
    ]
    assert [e.record.doc_id for e, _ in cat.named_in("What does Additional Protocol II say?")] == [
        "ap-ii-1977"
    ]


def test_a_paper_is_named_by_its_authors_and_an_organisation_names_no_paper() -> None:
    note = DocumentRecord(
        "future-of-poc",
        "The Future of the Protection of Civilians",
        authors=("Namie Di Razza", "Ralph Mamiya"),
    )
    event = DocumentRecord(
        "poc-week-2022-side-event",
        "Side Event Summary",
        authors=("Stimson Center, Protecting Civilians and Human Security Program", "PAX"),
    )
    cat = Catalogue([CatalogueEntry(note, True), CatalogueEntry(event, True)])
    assert [
        (e.record.doc_id, n)
        for e, n in cat.named_in("What does the Di Razza and Mamiya note look ahead to?")
    ] == [("future-of-poc", "Di Razza and Mamiya")]
    assert cat.named_in("What did PAX and the Stimson Center organise?") == []


def test_an_organisation_with_a_multiword_name_is_not_taken_for_people() -> None:
    report = DocumentRecord("hrw-2020", "A report", authors=("Human Rights Watch",))
    assert (
        Catalogue([CatalogueEntry(report, True)]).named_in("What does Human Rights Watch say?")
        == []
    )


def test_a_long_title_is_also_named_with_the_glossary_s_abbreviations() -> None:
    """ "The Future of the POC in UN PKOs" is the note's title as staff abbreviate it."""
    from assistant.glossary import Glossary, GlossaryEntry

    glossary = Glossary(
        [
            GlossaryEntry("POC", "protection of civilians", "x"),
            GlossaryEntry("PKO", "peacekeeping operation", "x"),
        ]
    )
    note = DocumentRecord(
        "future-of-poc", "The Future of the Protection of Civilians in UN Peacekeeping Operations"
    )
    cat = Catalogue([CatalogueEntry(note, True)], glossary)
    found = cat.named_in("Who wrote 'The Future of the POC in UN PKOs'?")
    assert [(e.record.doc_id, n) for e, n in found] == [
        ("future-of-poc", "The Future of the POC in UN PKOs")
    ]
