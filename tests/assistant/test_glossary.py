"""Glossary: loading and validation, query expansion, and lookup for the UI."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.errors import ConfigError
from assistant.glossary import KINDS, Glossary, GlossaryEntry, load_glossary

REPO = Path(__file__).resolve().parents[2]
CORPUS_GLOSSARY = REPO / "corpus" / "glossary.toml"

SMALL = """
[[entry]]
term = "HIPPO"
full = "High-level Independent Panel on Peace Operations"
kind = "document"
definition = "Panel whose 2015 report reviewed UN peace operations."
source = "curated"
reference = "Test reference"

[[entry]]
term = "A4P"
full = "Action for Peacekeeping"
kind = "initiative"
definition = "The Secretary-General's 2018 initiative."
source = "curated"
reference = "Test reference"
see_also = ["A4P+"]

[[entry]]
term = "A4P+"
full = "Action for Peacekeeping Plus"
kind = "initiative"
definition = "A4P's priorities for 2021-2023."
source = "curated"
reference = "Test reference"

[[entry]]
term = "T/PCC"
full = "troop- and police-contributing countries"
aliases = ["TPCC"]
definition = "Member States that provide troops and police."
source = "curated"
reference = "Test reference"

[[entry]]
term = "POC"
full = "protection of civilians"
aliases = ["PoC"]
definition = "Protecting civilians from threats of physical violence."
source = "curated"
reference = "Test reference"

[[entry]]
term = "AP I"
full = "Additional Protocol I"
kind = "law"
definition = "The 1977 Protocol for international armed conflicts."
source = "curated"
reference = "Test reference"

[[entry]]
term = "AP II"
full = "Additional Protocol II"
kind = "law"
definition = "The 1977 Protocol for non-international armed conflicts."
source = "curated"
reference = "Test reference"

[[entry]]
term = "UNISFA"
full = "United Nations Interim Security Force for Abyei"
variants = ["UN Interim Security Force for Abyei"]
kind = "mission"
places = ["Abyei"]
definition = "UN peacekeeping force in the Abyei Area."
source = "curated"
reference = "Test reference"

[[entry]]
term = "DDR"
full = "disarmament, demobilization and reintegration"
definition = "Removing weapons from combatants and helping them return to civilian life."
source = "curated"
reference = "Test reference"

[[entry]]
term = "UNOCI"
full = "United Nations Operation in Côte d'Ivoire"
kind = "mission"
places = ["Côte d'Ivoire"]
definition = "UN peacekeeping mission in Côte d'Ivoire."
source = "curated"
reference = "Test reference"
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Glossary:
    path = tmp_path_factory.mktemp("small") / "glossary.toml"
    path.write_text(SMALL, encoding="utf-8")
    return load_glossary(path)


@pytest.fixture(scope="module")
def corpus_glossary() -> Glossary:
    return load_glossary(CORPUS_GLOSSARY)


# -- loading ----------------------------------------------------------------------------


def test_loads_entries_with_their_fields(small):
    assert len(small) == 10
    assert small.get("T/PCC") == GlossaryEntry(
        term="T/PCC",
        full="troop- and police-contributing countries",
        definition="Member States that provide troops and police.",
        kind="concept",
        aliases=("TPCC",),
        source="curated",
        reference="Test reference",
    )
    assert small.get("UNISFA").places == ("Abyei",)
    assert small.get("A4P").see_also == ("A4P+",)
    assert small.get("nope") is None


BAD_ENTRIES = {
    "missing term": (
        'full = "F"\ndefinition = "D"\nsource = "curated"\nreference = "R"',
        "field 'term': missing or empty",
    ),
    "missing full": (
        'term = "X"\ndefinition = "D"\nsource = "curated"\nreference = "R"',
        "field 'full': missing or empty",
    ),
    "missing definition": (
        'term = "X"\nfull = "F"\nsource = "curated"\nreference = "R"',
        "field 'definition': missing or empty",
    ),
    "unknown kind": (
        'term = "X"\nfull = "F"\ndefinition = "D"\nkind = "acronym"\nsource = "curated"\nreference = "R"',
        "field 'kind': 'acronym' is not one of concept",
    ),
    "unknown field": (
        'term = "X"\nfull = "F"\ndefinition = "D"\nalias = ["Y"]\nsource = "curated"\nreference = "R"',
        "field 'alias': unknown; did you mean 'aliases'?",
    ),
    "aliases not a list": (
        'term = "X"\nfull = "F"\ndefinition = "D"\naliases = "Y"\nsource = "curated"\nreference = "R"',
        "field 'aliases': must be a list",
    ),
    "duplicate term": (
        'term = "HIPPO"\nfull = "F"\ndefinition = "D"\nsource = "curated"\nreference = "R"',
        "'HIPPO' is already a form of 'HIPPO'",
    ),
    "alias of another term": (
        'term = "X"\nfull = "F"\ndefinition = "D"\naliases = ["PoC"]\nsource = "curated"\nreference = "R"',
        "'PoC' is already a form of 'POC'",
    ),
    "duplicate full form": (
        'term = "X"\nfull = "Protection of Civilians"\ndefinition = "D"\nsource = "curated"\nreference = "R"',
        "already a form of 'POC'",
    ),
    "unknown see_also": (
        'term = "X"\nfull = "F"\ndefinition = "D"\nsee_also = ["Y"]\nsource = "curated"\nreference = "R"',
        "field 'see_also': 'Y' is not a term",
    ),
    "unmatchable term": (
        'term = "-"\nfull = "F"\ndefinition = "D"\nsource = "curated"\nreference = "R"',
        "cannot be matched as a word; start it with a letter or digit",
    ),
    "no source": ('term = "X"\nfull = "F"\ndefinition = "D"', "field 'source': missing"),
    "curated without reference": (
        'term = "X"\nfull = "F"\ndefinition = "D"\nsource = "curated"',
        "field 'reference'",
    ),
    "reference on a document source": (
        'term = "X"\nfull = "F"\ndefinition = "D"\nsource = "gc-iv-1949"\nreference = "R"',
        "only curated entries take a reference",
    ),
}


@pytest.mark.parametrize("body, problem", BAD_ENTRIES.values(), ids=BAD_ENTRIES.keys())
def test_bad_entry_names_file_entry_field_and_fix(tmp_path, body, problem):
    path = tmp_path / "glossary.toml"
    path.write_text(SMALL + "\n[[entry]]\n" + body + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_glossary(path)
    message = str(info.value)
    assert message.startswith(f"{path}: 1 bad glossary entry: ")
    assert problem in message and "\n" not in message
    assert "entry #11" in message or "entry 'X'" in message


def test_every_bad_entry_is_listed(tmp_path):
    path = tmp_path / "glossary.toml"
    path.write_text(
        '[[entry]]\nterm = "A"\n[[entry]]\nterm = "B"\nfull = "B"\ndefinition = "B"\nkind = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(
        ConfigError,
        match=r"2 bad glossary entries: entry #1 \('A'\): field 'full'.*; field 'definition'.* \| entry #2 \('B'\): field 'kind'",
    ):
        load_glossary(path)


def test_not_toml_names_the_line(tmp_path):
    path = tmp_path / "glossary.toml"
    path.write_text('[[entry]]\nterm = "A\n', encoding="utf-8")
    with pytest.raises(
        ConfigError, match=rf"^{re.escape(str(path))}:2: the glossary is not valid TOML"
    ):
        load_glossary(path)


@pytest.mark.parametrize("text", ['[[entries]]\nterm = "A"\n', 'entry = "A"\n'])
def test_wrong_top_level_is_refused(tmp_path, text):
    path = tmp_path / "glossary.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="a glossary holds only \\[\\[entry\\]\\] tables"):
        load_glossary(path)


def test_missing_file_says_how_to_go_on(tmp_path):
    with pytest.raises(
        ConfigError,
        match="does not exist: restore corpus/glossary.toml or set retrieval.expand_glossary = false",
    ):
        load_glossary(tmp_path / "glossary.toml")


# -- expand -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expanded",
    [
        (
            "What did HIPPO say?",
            "What did HIPPO say? High-level Independent Panel on Peace Operations",
        ),
        (
            "the high-level independent panel on peace operations",
            "the high-level independent panel on peace operations HIPPO",
        ),
        (
            "High-Level Independent Panel on Peace-Operations",
            "High-Level Independent Panel on Peace-Operations HIPPO",
        ),
        ("A4P+ priorities", "A4P+ priorities Action for Peacekeeping Plus"),
        ("A4P commitments", "A4P commitments Action for Peacekeeping"),
        ("Action for Peacekeeping Plus", "Action for Peacekeeping Plus A4P+"),
        ("role of T/PCCs", "role of T/PCCs troop- and police-contributing countries"),
        (
            "troop and police contributing countries",
            "troop and police contributing countries T/PCC",
        ),
        ("PoC mandates", "PoC mandates protection of civilians"),
        ("Additional Protocol II", "Additional Protocol II AP II"),
        ("AP I and AP II", "AP I and AP II Additional Protocol I Additional Protocol II"),
        (
            "disarmament demobilization and reintegration",
            "disarmament demobilization and reintegration DDR",
        ),
        (
            "violence in Abyei",
            "violence in Abyei UNISFA United Nations Interim Security Force for Abyei",
        ),
        ("Côte d’Ivoire", "Côte d’Ivoire UNOCI United Nations Operation in Côte d'Ivoire"),
    ],
)
def test_expand_adds_the_missing_form(small, query, expanded):
    assert small.expand(query) == expanded


@pytest.mark.parametrize(
    "query",
    [
        "hippo",  # acronyms match case-sensitively
        "HIPPOCRATIC oath",  # whole words only
        "A4Px",
        "civilians protection",  # a full form must appear as a phrase
        "",
        "   ",
    ],
)
def test_expand_leaves_queries_without_mentions_unchanged(small, query):
    assert small.expand(query) == query


def test_expand_adds_nothing_when_both_forms_are_present(small):
    query = "HIPPO (High-level Independent Panel on Peace Operations) and POC"
    assert small.expand(query) == query + " protection of civilians"


def test_expand_adds_each_form_once(small):
    assert (
        small.expand("HIPPO HIPPO HIPPO")
        == "HIPPO HIPPO HIPPO High-level Independent Panel on Peace Operations"
    )


def test_expand_can_leave_places_unlinked(small):
    assert small.expand("violence in Abyei", link_places=False) == "violence in Abyei"


def test_expand_keeps_the_query_text_before_additions(small):
    assert small.expand("HIPPO  \n") == "HIPPO High-level Independent Panel on Peace Operations"


@pytest.mark.parametrize(
    "query, present, absent",
    [
        (
            "the A4P+ agenda",
            ["Action for Peacekeeping Plus"],
            ["Action for Peacekeeping Plus Action for Peacekeeping"],
        ),
        (
            "T/PCC and TCC",
            ["troop- and police-contributing countries", "troop-contributing country"],
            [],
        ),
        ("Haiti and MINUSTAH", ["MINUJUSTH", "United Nations Stabilization Mission in Haiti"], []),
        ("POC sites", ["protection of civilians sites"], []),
        ("Kosovo", ["UNMIK", "United Nations Interim Administration Mission in Kosovo"], []),
        ("UNISFA in Abyei", ["United Nations Interim Security Force for Abyei"], []),
        ("Tier II", ["provision of physical protection"], []),
        ("establishment of a protective environment", ["Tier III"], []),
    ],
)
def test_corpus_glossary_expansions(corpus_glossary, query, present, absent):
    expanded = corpus_glossary.expand(query)
    assert expanded.startswith(query)
    for text in present:
        assert text in expanded
    for text in absent:
        assert text not in expanded


def test_corpus_glossary_does_not_read_a4p_plus_as_a4p(corpus_glossary):
    assert corpus_glossary.expand("A4P+") == "A4P+ Action for Peacekeeping Plus"


# words and punctuation that make mentions, overlaps and near misses likely
_FORMS = sorted(
    {
        f
        for e in load_glossary(CORPUS_GLOSSARY).entries
        for f in (e.term, *e.aliases, e.full, *e.places)
    }
)
_TOKENS = st.one_of(
    st.sampled_from(_FORMS),
    st.sampled_from(
        [
            "in",
            "the",
            "and",
            "of",
            "s",
            "+",
            "/",
            "-",
            "(",
            ")",
            "?",
            "Plus",
            "II",
            "I",
            "sites",
            "\n",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
)
_QUERIES = st.lists(_TOKENS, max_size=8).flatmap(
    lambda tokens: st.sampled_from([" ", "", "-", ", "]).map(lambda sep: sep.join(tokens))
)


@settings(max_examples=300, deadline=None)
@given(_QUERIES)
def test_expanding_twice_adds_nothing_new(corpus_glossary, query):
    once = corpus_glossary.expand(query)
    assert corpus_glossary.expand(once) == once


@settings(max_examples=300, deadline=None)
@given(_QUERIES)
def test_expand_never_drops_query_words(corpus_glossary, query):
    expanded = corpus_glossary.expand(query)
    assert expanded.startswith(query.rstrip())
    assert expanded.split()[: len(query.split())] == query.split()


@given(_QUERIES)
def test_expand_adds_no_duplicate_forms(small, query):
    added = small.expand(query)[len(query.rstrip()) :]
    forms = [f for e in small.entries for f in (e.term, e.full) if f" {f} " in f" {added} "]
    assert len(forms) == len(set(forms))


# -- lookup -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "term, first",
    [
        ("HIPPO", "HIPPO"),
        ("hippo", "HIPPO"),
        ("a4p", "A4P"),
        ("A4P+", "A4P+"),
        ("tpcc", "T/PCC"),
        ("t/pcc", "T/PCC"),
        ("PoC", "POC"),
        ("interim security", "UNISFA"),
        ("Abyei", "UNISFA"),
        ("abye", "UNISFA"),
        ("HIPOP", "HIPPO"),  # a close spelling when nothing else matches
        ("protocol ii", "AP II"),
    ],
)
def test_lookup_finds_by_term_alias_full_form_place_or_spelling(small, term, first):
    assert small.lookup(term)[0].term == first


def test_lookup_ranks_exact_then_prefix(small):
    assert [e.term for e in small.lookup("A4P")] == ["A4P", "A4P+"]
    assert [e.term for e in small.lookup("AP I")][:2] == ["AP I", "AP II"]


def test_lookup_of_nothing_lists_every_entry_sorted(small):
    assert [e.term for e in small.lookup("")] == sorted(
        (e.term for e in small.entries), key=str.casefold
    )
    assert len(small.lookup("", limit=3)) == 3


def test_lookup_without_match_is_empty(small):
    assert small.lookup("zzzzqqq") == []


def test_corpus_glossary_lookup_links_places_to_missions(corpus_glossary):
    assert corpus_glossary.lookup("Abyei")[0].term == "UNISFA"
    assert {"MINUSTAH", "MINUJUSTH"} <= {e.term for e in corpus_glossary.lookup("Haiti")}


# -- the bundled glossary ------------------------------------------------------------------

REQUIRED_TERMS = (
    "HIPPO A4P A4P+ PKO SPM T/PCC TCC PCC HRDDP CLA CAN QIP POC Tier_I Tier_II Tier_III DPO DPPA DPKO DFS "
    "OHCHR OCHA UNHCR ICRC IHL IHRL CRSV SEA DDR SSR JMAC JOC MONUSCO UNMISS MINUSCA MINUSMA UNISFA UNIFIL "
    "UNAMID MINUSTAH MINUJUSTH UNMIK UNMIT UNMIL UNOCI AMISOM FIB POC_sites GC_IV AP_I AP_II "
    "UNSOS UNSOM ATMIS UNAMI SGBV R2P UNPOL"
).split()


def test_corpus_glossary_holds_the_required_terms(corpus_glossary):
    missing = [
        t.replace("_", " ")
        for t in REQUIRED_TERMS
        if corpus_glossary.get(t.replace("_", " ")) is None
    ]
    assert missing == []
    assert corpus_glossary.get("POC").aliases == ("PoC",)
    assert corpus_glossary.get("Tier I").full == "protection through dialogue and engagement"
    assert corpus_glossary.get("Tier II").full == "provision of physical protection"
    assert corpus_glossary.get("Tier III").full == "establishment of a protective environment"


def test_corpus_glossary_missions_carry_places(corpus_glossary):
    missions = [e for e in corpus_glossary.entries if e.kind == "mission"]
    assert corpus_glossary.get("UNISFA").places == ("Abyei",)
    for term in (
        "MONUSCO",
        "UNMISS",
        "MINUSCA",
        "MINUSMA",
        "UNIFIL",
        "UNAMID",
        "MINUSTAH",
        "MINUJUSTH",
        "UNMIK",
        "UNMIT",
    ):
        assert corpus_glossary.get(term).places, term
    assert all(e.kind in KINDS for e in corpus_glossary.entries) and len(missions) > 30


def test_corpus_glossary_definitions_are_one_line(corpus_glossary):
    for entry in corpus_glossary.entries:
        assert entry.definition.endswith(".") and "\n" not in entry.definition, entry.term


def test_glossary_module_imports_nothing_above_assistant():
    tree = ast.parse((REPO / "assistant" / "glossary.py").read_text(encoding="utf-8"))
    modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in modules if m.split(".")[0] in {"ingest", "ui", "eval"}]
