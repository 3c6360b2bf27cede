"""The normalisation layer (assistant/names.py): names and dates as people type them."""

from __future__ import annotations

import pytest

from assistant.catalogue import Catalogue, CatalogueEntry
from assistant.demonyms import DEMONYMS
from assistant.glossary import Glossary, GlossaryEntry
from assistant.names import (
    NameIndex,
    build_name_index,
    covers,
    fold,
    months,
    reporting_period,
    shorthand,
)
from assistant.types import DocumentRecord


@pytest.fixture(scope="module")
def names() -> NameIndex:
    glossary = Glossary(
        [
            GlossaryEntry("MINUSTAH", "United Nations Stabilization Mission in Haiti", "x",
                          kind="mission", places=("Haiti",)),
            GlossaryEntry("MINUSCA", "United Nations Multidimensional Integrated Stabilization "
                          "Mission in the Central African Republic", "x", kind="mission"),
            GlossaryEntry("UNMIT", "United Nations Integrated Mission in Timor-Leste", "x",
                          kind="mission", places=("Timor-Leste",)),
            GlossaryEntry("CAR", "Central African Republic", "x", kind="place"),
            GlossaryEntry("GC IV", "Fourth Geneva Convention", "x", kind="law"),
            GlossaryEntry("AP II", "Additional Protocol II", "x", kind="law"),
        ]
    )  # fmt: skip
    side = DocumentRecord("side", "PoC Week side event summary", short_title="PoC Week side event")
    catalogue = Catalogue([CatalogueEntry(side, True, aliases=("the side event",))], glossary)
    return build_name_index(glossary, catalogue, fuzzy_threshold=85)


def test_fold_treats_case_accents_hyphens_and_punctuation_alike() -> None:
    assert fold("Timor-Leste") == fold("timor leste") == "timor leste"
    assert fold("Moïse") == "moise"
    assert fold("Côte d’Ivoire") == fold("cote d'ivoire")


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("how many troops did minustah have", "how many troops did MINUSTAH have"),
        ("elections in timor leste", "elections in Timor-Leste"),
        ("hostages in gc4", "hostages in GC IV"),  # a final Roman numeral written as a digit
        ("hostages in gciv", "hostages in GC IV"),  # spacing folded
        ("minustha troops", "MINUSTAH troops"),  # a typo within the fuzzy threshold
        ("the salvadoran police", "the Salvadoran police"),  # a demonym
        ("minujusth's budget", "minujusth's budget"),  # unknown to this glossary: left alone
        ("homicides between sept 2016 and feb 2017",
         "homicides between September 2016 and February 2017"),
    ],
)  # fmt: skip
def test_canonical_writes_names_as_the_documents_do(names, written, canonical) -> None:
    assert names.canonical(written) == canonical


def test_a_numeral_is_never_a_typo(names) -> None:
    """ "Additional Protocol III" is not "Additional Protocol II", however close the letters."""
    assert names.canonical("additional protocol iii") == "additional protocol iii"
    assert names.closest("additional protocol iii") is None


def test_a_short_form_that_is_an_english_word_stays_a_word(names) -> None:
    assert names.canonical("can the car go by sea") == "can the car go by sea"
    assert names.canonical("what happened in CAR") == "what happened in CAR"


def test_a_word_capitalised_because_it_opens_a_sentence_stays_a_word(names) -> None:
    question = "Can a mission protect civilians? Car bombs in Haiti. Car or Mali?"
    assert names.canonical(question) == question
    assert names.canonical("what happened in Car") == "what happened in CAR"


def test_aliases_from_the_catalogue_are_names(names) -> None:
    found = names.lookup("The Side Event")
    assert found is not None and found.kind == "document"


def test_a_demonym_is_related_to_its_place(names) -> None:
    assert "El Salvador" in names.related("Salvadoran")
    assert "Timorese" in names.related("Timor-Leste")


def test_demonyms_cover_member_states_beyond_the_corpus() -> None:
    for demonym, place in [("Salvadoran", "El Salvador"), ("Malian", "Mali"),
                           ("Nepalese", "Nepal"), ("Haitian", "Haiti"), ("Timorese", "Timor-Leste")]:  # fmt: skip
        assert DEMONYMS[demonym] == place
    assert len(set(DEMONYMS.values())) >= 190


def test_months_are_written_out_only_before_a_year() -> None:
    assert months("the Sept 2009 report") == "the September 2009 report"
    assert months("on 3 mar. 2010") == "on 3 March 2010"
    assert months("they may go") == "they may go"


def test_chat_shorthand_is_read_as_its_word_and_an_acronym_is_not(names) -> None:
    assert shorthand("how many ppl attended") == "how many people attended"
    assert shorthand("what did the Govt and intl partners say") == (
        "what did the government and international partners say"
    )
    assert shorthand("the PPL and OPS units") == "the PPL and OPS units"  # capitals: an acronym
    assert shorthand("apply the pplx rule, mgmtx") == "apply the pplx rule, mgmtx"  # whole words
    assert names.canonical("how many ppl were displaced in timor leste") == (
        "how many people were displaced in Timor-Leste"
    )


def test_a_report_covers_its_date_and_its_reporting_period() -> None:
    title = "Report on UNMIT (for the period from 7 January through 20 September 2012)"
    assert reporting_period(title) == ("2012-01", "2012-09")
    assert covers("2012-10-15", title, "2012-06")
    assert covers("2012-10-15", title, "2012-10")  # its own date
    assert not covers("2012-10-15", title, "2011")
    assert not covers("2017-03-16", "Report on MINUSTAH", "2017-02")


def test_the_manifest_reads_aliases_and_names_an_empty_one(tmp_path) -> None:
    from assistant.manifest import load_manifest

    (tmp_path / "manifest.toml").write_text(
        '[[document]]\ndoc_id = "side"\ntitle = "Side event summary"\n'
        'aliases = ["the side event", "PoC Week summary"]\n'
        '[[document]]\ndoc_id = "bad"\ntitle = "Bad"\naliases = [""]\n',
        encoding="utf-8",
    )
    manifest = load_manifest(tmp_path)
    assert manifest.aliases == {"side": ("the side event", "PoC Week summary")}
    assert "bad" not in manifest.records
    assert "aliases" in str(manifest.errors[0])


def test_a_well_formed_name_is_left_as_written(names) -> None:
    """A form the data knows as written stays; a phrase is never 'corrected' to a close one."""
    assert names.canonical("What is GC IV?") == "What is GC IV?"
    assert names.canonical("the two Additional Protocols") == "the two Additional Protocols"


@pytest.mark.parametrize("value", ['"the side event"', "[1, 2]", "{ a = 1 }"])
def test_manifest_aliases_of_the_wrong_type_are_named_with_the_fix(tmp_path, value) -> None:
    from assistant.manifest import load_manifest

    (tmp_path / "manifest.toml").write_text(
        f'[[document]]\ndoc_id = "side"\ntitle = "Side event summary"\naliases = {value}\n',
        encoding="utf-8",
    )
    manifest = load_manifest(tmp_path)
    assert "side" not in manifest.records
    message = str(manifest.errors[0])
    assert "manifest.toml" in message and "'aliases'" in message
    assert "is not a list of names" in message


def test_an_abbreviation_plural_is_the_abbreviation() -> None:
    """ "pkos and spms" are PKOs and SPMs; a plural is never a typo's target ("units" is not
    "UNMITs") nor a short form that is an English word ("CARs" stay "cars")."""
    glossary = Glossary(
        [
            GlossaryEntry("PKO", "peacekeeping operation", "x", kind="concept"),
            GlossaryEntry("SPM", "special political mission", "x", kind="concept"),
            GlossaryEntry("UNMIT", "United Nations Integrated Mission in Timor-Leste", "x",
                          kind="mission"),
            GlossaryEntry("CAR", "Central African Republic", "x", kind="place"),
        ]
    )  # fmt: skip
    index = build_name_index(glossary, None, fuzzy_threshold=85)
    assert index.canonical("how many pkos and spms") == "how many PKOs and SPMs"
    assert index.canonical("withdraw its uniformed units") == "withdraw its uniformed units"
    assert index.canonical("the cars of the mission") == "the cars of the mission"


def test_a_family_plural_is_a_name() -> None:
    """ "the two additional protocols": the catalogue's family plural, as the documents write it."""
    ap1 = DocumentRecord("ap-i", "Additional Protocol I", short_title="AP I")
    ap2 = DocumentRecord("ap-ii", "Additional Protocol II", short_title="AP II")
    catalogue = Catalogue([CatalogueEntry(ap1, True), CatalogueEntry(ap2, True)], None)
    index = build_name_index(None, catalogue)
    assert index.canonical("the two additional protocols") == "the two Additional Protocols"
