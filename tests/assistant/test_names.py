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
        ("how many troops did minustah have", "How many troops did MINUSTAH have?"),
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


def test_an_english_word_is_no_typo_of_a_name() -> None:
    """ "finish" is one letter from "Finnish"; the model's vocabulary knows it as a word."""
    from assistant.names import build_name_index
    from assistant.names_corpus import vocabulary
    from assistant.settings import Settings

    words = vocabulary(Settings().resolved_model_path())
    assert {"finish", "training"} <= words and "minustha" not in words
    plain = build_name_index(None, None)
    assert "Finnish" in plain.canonical("once the new cadets finish training")
    guarded = build_name_index(None, None, words=words)
    assert "Finnish" not in guarded.canonical("once the new cadets finish training")
    assert guarded.canonical("the salvadorian police") == "the Salvadoran police"  # still a typo


def test_a_short_form_that_is_an_english_word_stays_a_word(names) -> None:
    assert names.canonical("can the car go by sea") == "Can the car go by sea?"
    assert names.canonical("what happened in CAR") == "What happened in CAR?"


def test_a_word_capitalised_because_it_opens_a_sentence_stays_a_word(names) -> None:
    question = "Can a mission protect civilians? Car bombs in Haiti. Car or Mali?"
    assert names.canonical(question) == question
    assert names.canonical("what happened in Car") == "What happened in CAR?"


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


def test_a_year_typed_in_two_digits_after_a_month_is_written_in_four() -> None:
    assert months("unprofor june 93 - how many") == "unprofor June 1993 - how many"
    assert months("unmiset nov 04") == "unmiset November 2004"
    assert months("in sept '05") == "in September 2005"
    assert months("as of june 12") == "as of june 12"  # a day
    assert months("the may 31 deadline") == "the may 31 deadline"
    assert months("in march 45 people were killed") == "in march 45 people were killed"
    assert months("in june 50% of") == "in june 50% of"
    assert months("unmibh mar 00 report") == "unmibh March 2000 report"


def test_chat_shorthand_is_read_as_its_word_and_an_acronym_is_not(names) -> None:
    assert shorthand("how many ppl attended") == "how many people attended"
    assert shorthand("what did the Govt and intl partners say") == (
        "what did the government and international partners say"
    )
    assert shorthand("the PPL and OPS units") == "the PPL and OPS units"  # capitals: an acronym
    assert shorthand("how many un OPs were overrun") == "how many un OPs were overrun"  # its plural
    assert shorthand("no. of docs processed") == "number of documents processed"
    assert shorthand("sept 16-feb 17 n how many") == "sept 16-feb 17 and how many"  # after a number
    assert shorthand("no. of malaria cases") == "number of malaria cases"
    assert shorthand("who was named fc + who is his deputy") == (
        "who was named fc and who is his deputy"
    )
    assert shorthand("A4P+ and AT&T") == "A4P+ and AT&T"  # inside a name: as typed
    assert shorthand("apply the pplx rule, mgmtx") == "apply the pplx rule, mgmtx"  # whole words
    assert names.canonical("how many ppl were displaced in timor leste") == (
        "How many people were displaced in Timor-Leste?"
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
    assert index.canonical("how many pkos and spms") == "How many PKOs and SPMs?"
    assert index.canonical("withdraw its uniformed units") == "withdraw its uniformed units"
    assert index.canonical("the cars of the mission") == "the cars of the mission"


def test_a_family_plural_is_a_name() -> None:
    """ "the two additional protocols": the catalogue's family plural, as the documents write it."""
    ap1 = DocumentRecord("ap-i", "Additional Protocol I", short_title="AP I")
    ap2 = DocumentRecord("ap-ii", "Additional Protocol II", short_title="AP II")
    catalogue = Catalogue([CatalogueEntry(ap1, True), CatalogueEntry(ap2, True)], None)
    index = build_name_index(None, catalogue)
    assert index.canonical("the two additional protocols") == "the two Additional Protocols"


def test_a_possessive_typed_without_its_apostrophe_is_the_name_s() -> None:
    """ "unmits 2012 drawdown" is UNMIT's: a mission is one of a kind, so its "-s" is no plural;
    an abbreviation that counts ("pkos") and a long form ("special political missions") stay
    plurals."""
    glossary = Glossary(
        [
            GlossaryEntry("UNMIT", "United Nations Integrated Mission in Timor-Leste", "x",
                          kind="mission", places=("Timor-Leste",)),
            GlossaryEntry("PKO", "peacekeeping operation", "x", kind="concept"),
            GlossaryEntry("SPM", "special political mission", "x", kind="concept"),
        ]
    )  # fmt: skip
    index = build_name_index(glossary, None)
    assert index.canonical("what were unmits 2012 drawdown steps") == (
        "What were UNMIT's 2012 drawdown steps?"
    )
    assert index.canonical("women in timor lestes election") == "women in Timor-Leste's election"
    assert index.canonical("how many pkos") == "How many PKOs?"
    assert index.canonical("how many special political missions") == (
        "How many special political missions?"
    )


def test_authors_bodies_and_titles_typed_in_lower_case_are_written_as_names() -> None:
    side = DocumentRecord(
        "side", "Side event summary", short_title="Side event",
        authors=("Stimson Center, Protecting Civilians and Human Security Program", "PAX"),
        issuing_body="Stimson Center",
    )  # fmt: skip
    index = build_name_index(None, Catalogue([CatalogueEntry(side, True)], None))
    assert index.canonical("did the pax and stimson center workshop meet") == (
        "Did the PAX and Stimson Center workshop meet?"
    )
    assert index.canonical("what stance has China taken in the SC?") == (
        "What stance has China taken in the Security Council?"
    )
    assert index.canonical("who was the special representative for haiti") == (
        "Who was the Special Representative for Haiti?"
    )
    assert index.canonical("what can the sc do") == "What can the Security Council do?"


def test_a_month_abbreviation_without_a_year_is_a_month_beside_a_day_or_in_a_range() -> None:
    assert months("between 1 Jan and 8 Oct 2019") == "between 1 January and 8 October 2019"
    assert months("between jan and late sept 2019") == "between January and late September 2019"
    assert months("from oct to dec 2010") == "from October to December 2010"
    assert months("Jan 8, 2019") == "January 8, 2019"
    assert months("Jan Egeland said") == "Jan Egeland said"  # a name, not a month
    assert months("in Dec") == "in Dec"


def test_an_abbreviated_series_member_the_catalogue_lacks_is_named_in_full() -> None:
    """ "AP 4" is Additional Protocol IV (which the refusal then names), not "AP" and a number;
    a member the catalogue holds ("AP1") is left to the name layer."""
    ap1 = DocumentRecord("ap-i", "Additional Protocol I", short_title="AP I")
    entry = CatalogueEntry(ap1, True, aliases=("AP1", "Additional Protocol I"))
    index = build_name_index(None, Catalogue([entry], None))
    assert index.canonical("what does AP 4 say about hostages") == (
        "What does Additional Protocol IV say about hostages?"
    )
    assert index.canonical("ap3 rules") == "Additional Protocol III rules"
    assert index.canonical("what does AP1 say") == "What does AP1 say?"
    assert index.canonical("at 3 pm") == "at 3 pm"


def test_and_typed_as_n_and_groups_as_grps(names) -> None:
    assert shorthand("When n where did it start") == "When and where did it start"
    for name in ("attacks in n kivu", "n darfur idps", "n’djamena talks", "n. kivu"):
        assert shorthand(name) == name  # a name's initial, not "and"
    assert shorthand("armed grps w/ heavy weapons") == "armed groups with heavy weapons"
    assert shorthand("when did they shut pob n-10") == "when did they shut pob n-10"  # a name


def test_a_name_typed_in_lower_case_after_a_title_or_office_is_a_name() -> None:
    from assistant.names_corpus import titled_names

    stems = frozenset({"repor", "tell", "about", "the", "said"})
    assert titled_names("what did usg lacroix tell the debate", stems) == (
        "what did usg Lacroix tell the debate"
    )
    assert titled_names("what did srsg atul khare report", stems) == (
        "what did srsg Atul Khare report"
    )
    assert titled_names("what the srsg said about it", stems) == "what the srsg said about it"
    # ranks as staff abbreviate them, "lt. gen." as "lt gen"; "gen" alone is a word ("gen info")
    assert titled_names("what did col henrik sjoberg report", stems) == (
        "what did col Henrik Sjoberg report"
    )
    assert titled_names("who is lt. gen. jaime santos", stems) == "who is lt. gen. Jaime Santos"
    assert titled_names("any gen info about the mission", stems) == "any gen info about the mission"
    assert titled_names("the fib brig hq in goma", stems) == "the fib brig hq in goma"  # brigade
    # after a determiner a title is the office, and what follows it a verb
    assert titled_names("the srsg wants to know what we can add", stems) == (
        "the srsg wants to know what we can add"
    )
    assert titled_names("The srsg wants to know", stems) == "The srsg wants to know"
    for words in ("major takeaways of the event", "any general tips", "the president tweeted"):
        assert titled_names(words, stems) == words  # titles that are English words name no one
    assert titled_names("what did usg lacroix say", frozenset()) == "what did usg lacroix say"
    index = build_name_index(None, None, texts=["The officer said it was reported."] * 3)
    assert index.canonical("what did usg lacroix say") == "What did usg Lacroix say?"


def test_a_model_folder_without_a_readable_vocabulary_guards_no_word(tmp_path) -> None:
    """No tokenizer.json, or a broken one: no word is guarded, and names are matched as before."""
    from assistant.names_corpus import vocabulary

    assert vocabulary(tmp_path) == frozenset()
    (tmp_path / "tokenizer.json").write_text("{not json", encoding="utf-8")
    assert vocabulary(tmp_path) == frozenset()
    (tmp_path / "tokenizer.json").write_text('{"model": {}}', encoding="utf-8")
    assert vocabulary(tmp_path) == frozenset()
