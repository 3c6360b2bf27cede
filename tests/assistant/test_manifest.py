"""corpus manifest: loading, per-record validation, exclusion and matching files to records."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.errors import ManifestError
from assistant.manifest import (
    DEFAULT_EXCLUDE,
    Manifest,
    ManifestRecordError,
    infer_record,
    load_manifest,
    slugify,
    validate_manifest,
)
from assistant.types import DocumentRecord

GOOD = """
[ingest]
exclude = ["README.md", "uploads/*"]

[[document]]
doc_id = "s-2019-805"
title = "United Nations Mission for Justice Support in Haiti: Report of the Secretary-General"
short_title = "S/2019/805"
doc_type = "report"
issuing_body = "United Nations Secretary-General"
date = "2019-10-09"
symbol = "S/2019/805"
source_url = "https://undocs.org/en/S/2019/805"
path = "reports/MINUJUSTH_S_2019_805.pdf"

[[document]]
doc_id = "hippo"
title = "Report of the High-level Independent Panel on Peace Operations"
authors = ["Panel"]
date = "2015-06-17"
symbol = "A/70/95–S/2015/446"
source_url = "https://undocs.org/en/A/70/95"
file = "hippo.pdf"
note = "not bundled"

[[document]]
doc_id = "policy-2019"
title = "POC policy 2019"
doc_type = "policy"
date = "2019"
superseded_by = "policy-2023"
file = "Policy-2019.PDF"

[[document]]
doc_id = "policy-2023"
title = "POC policy 2023"
doc_type = "policy"
date = "2023"

[[document]]
doc_id = "res-1265"
title = "Resolution 1265"
doc_type = "resolution"
symbol = "S/RES/1265 (1999)"
"""


def write(corpus: Path, text: str) -> Path:
    corpus.mkdir(parents=True, exist_ok=True)
    path = corpus / "manifest.toml"
    path.write_text(text, encoding="utf-8")
    return path


def good_manifest(tmp_path: Path) -> Manifest:
    write(tmp_path, GOOD)
    manifest = load_manifest(tmp_path)
    assert manifest.errors == ()
    return manifest


# -- loading ----------------------------------------------------------------------------


def test_valid_manifest_loads_every_record_with_its_fields(tmp_path):
    manifest = good_manifest(tmp_path)
    assert list(manifest.records) == [
        "s-2019-805",
        "hippo",
        "policy-2019",
        "policy-2023",
        "res-1265",
    ]
    record = manifest.records["s-2019-805"]
    assert record == DocumentRecord(
        doc_id="s-2019-805",
        title="United Nations Mission for Justice Support in Haiti: Report of the Secretary-General",
        doc_type="report",
        issuing_body="United Nations Secretary-General",
        date="2019-10-09",
        symbol="S/2019/805",
        source_url="https://undocs.org/en/S/2019/805",
        short_title="S/2019/805",
        path="reports/MINUJUSTH_S_2019_805.pdf",
    )
    assert manifest.records["hippo"].authors == ("Panel",)
    assert manifest.records["policy-2019"].doc_type == "policy"
    assert manifest.records["policy-2023"].superseded_by == ""
    assert manifest.files == {"hippo": "hippo.pdf", "policy-2019": "Policy-2019.PDF"}
    assert manifest.notes == {"hippo": "not bundled"}
    assert manifest.source == tmp_path / "manifest.toml"


def test_doc_type_defaults_to_document(tmp_path):
    write(tmp_path, '[[document]]\ndoc_id = "a"\ntitle = "A"\n')
    assert load_manifest(tmp_path).records["a"].doc_type == "document"


def test_unquoted_toml_date_is_read_as_iso_text(tmp_path):
    write(tmp_path, '[[document]]\ndoc_id = "a"\ntitle = "A"\ndate = 2019-10-09\n')
    assert load_manifest(tmp_path).records["a"].date == "2019-10-09"


def test_corpus_without_manifest_gets_empty_manifest_and_default_excludes(tmp_path):
    manifest = load_manifest(tmp_path)
    assert manifest.records == {} and manifest.errors == () and manifest.source is None
    assert manifest.exclude == DEFAULT_EXCLUDE


def test_exclude_list_always_keeps_manifest_and_glossary(tmp_path):
    manifest = good_manifest(tmp_path)
    assert manifest.exclude == ("README.md", "uploads/*", "manifest.toml", "glossary.toml")


# -- bad records: each reported on one line, the good ones kept ---------------------------

BAD_RECORDS = {
    "missing doc_id": ('title = "T"', "doc_id", "add doc_id"),
    "empty doc_id": ('doc_id = ""\ntitle = "T"', "doc_id", "add doc_id"),
    "doc_id not a slug": ('doc_id = "Bad Id"\ntitle = "T"', "doc_id", "lowercase"),
    "missing title": ('doc_id = "x"', "title", "add title"),
    "unknown doc_type": (
        'doc_id = "x"\ntitle = "T"\ndoc_type = "memo"',
        "doc_type",
        "use one of: doctrine",
    ),
    "bad month": ('doc_id = "x"\ntitle = "T"\ndate = "2019-13-01"', "date", "YYYY-MM-DD"),
    "bad day": ('doc_id = "x"\ntitle = "T"\ndate = "2019-02-30"', "date", "YYYY-MM-DD"),
    "date in words": ('doc_id = "x"\ntitle = "T"\ndate = "October 2019"', "date", "YYYY-MM-DD"),
    "datetime": ('doc_id = "x"\ntitle = "T"\ndate = 2019-10-09T10:00:00', "date", "double quotes"),
    "unknown field": ('doc_id = "x"\ntitle = "T"\ntitel = "T"', "titel", "did you mean 'title'?"),
    "number field": ('doc_id = "x"\ntitle = 12', "title", "double quotes"),
    "authors as text": (
        'doc_id = "x"\ntitle = "T"\nauthors = "A. Author"',
        "authors",
        'authors = ["First Author"',
    ),
    "bad symbol": ('doc_id = "x"\ntitle = "T"\nsymbol = "2019/805"', "symbol", "S/2019/805"),
    "bad url": (
        'doc_id = "x"\ntitle = "T"\nsource_url = "undocs.org/S/2019/805"',
        "source_url",
        "https://",
    ),
    "absolute path": (
        'doc_id = "x"\ntitle = "T"\npath = "/etc/x.pdf"',
        "path",
        "relative to the corpus folder",
    ),
    "path with ..": ('doc_id = "x"\ntitle = "T"\npath = "../x.pdf"', "path", "no '..'"),
    "file with folder": ('doc_id = "x"\ntitle = "T"\nfile = "a/x.pdf"', "file", "bare file name"),
    "superseded_by unknown": (
        'doc_id = "x"\ntitle = "T"\nsuperseded_by = "policy-2032"',
        "superseded_by",
        "did you mean 'policy-2023'?",
    ),
    "superseded_by itself": (
        'doc_id = "x"\ntitle = "T"\nsuperseded_by = "x"',
        "superseded_by",
        "the newer document",
    ),
    "duplicate doc_id": (
        'doc_id = "hippo"\ntitle = "T"',
        "doc_id",
        "already used by [[document]] #2",
    ),
    "duplicate path": (
        'doc_id = "x"\ntitle = "T"\npath = "reports/MINUJUSTH_S_2019_805.pdf"',
        "path",
        "already used by [[document]] #1",
    ),
    "duplicate file hint": (
        'doc_id = "x"\ntitle = "T"\nfile = "HIPPO.pdf"',
        "file",
        "already used by [[document]] #2",
    ),
    "duplicate symbol": (
        'doc_id = "x"\ntitle = "T"\nsymbol = "S/2015/446"',
        "symbol",
        "already used by [[document]] #2",
    ),
}


@pytest.mark.parametrize("body, field, fix", BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_bad_record_is_reported_with_file_record_field_and_fix(tmp_path, body, field, fix):
    write(tmp_path, GOOD + "\n[[document]]\n" + body + "\n")
    manifest = load_manifest(tmp_path)
    assert len(manifest.errors) == 1
    error = manifest.errors[0]
    assert isinstance(error, ManifestRecordError) and isinstance(error, ManifestError)
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path / 'manifest.toml'}: [[document]] #6")
    assert error.index == 6 and field in error.fields
    assert f"field '{field}'" in message and fix in message
    doc_id = re.search(r'doc_id = "([^"]*)"', body)
    if doc_id and doc_id.group(1):
        assert f"(doc_id '{doc_id.group(1)}')" in message
    # the five good records are all kept, the bad one is not
    assert len(manifest.records) == 5
    assert manifest.records["hippo"].title.startswith("Report of the High-level")


def test_superseded_by_cycle_is_reported_for_each_record_in_it(tmp_path):
    write(
        tmp_path,
        """
[[document]]
doc_id = "a"
title = "A"
superseded_by = "b"
[[document]]
doc_id = "b"
title = "B"
superseded_by = "a"
[[document]]
doc_id = "c"
title = "C"
superseded_by = "a"
""",
    )
    manifest = load_manifest(tmp_path)
    assert [(e.index, e.doc_id) for e in manifest.errors] == [(1, "a"), (2, "b")]
    assert all("form a cycle" in str(e) for e in manifest.errors)
    assert list(manifest.records) == ["c"]


def test_record_with_several_problems_gives_one_error_naming_each_field(tmp_path):
    write(tmp_path, '[[document]]\ndoc_id = "x"\ndoc_type = "memo"\ndate = "soon"\n')
    (error,) = load_manifest(tmp_path).errors
    assert error.fields == ("title", "doc_type", "date")
    assert str(error).count("field '") == 3


def test_every_bad_record_is_reported_and_good_ones_load(tmp_path):
    write(
        tmp_path,
        """
[[document]]
title = "no id"
[[document]]
doc_id = "good"
title = "Good"
[[document]]
doc_id = "bad-date"
title = "Bad date"
date = "2019-1-1"
""",
    )
    manifest = load_manifest(tmp_path)
    assert [(e.index, e.doc_id, e.fields) for e in manifest.errors] == [
        (1, "", ("doc_id",)),
        (3, "bad-date", ("date",)),
    ]
    assert "(no doc_id)" in str(manifest.errors[0])
    assert list(manifest.records) == ["good"]


def test_record_that_is_not_a_table_is_reported(tmp_path):
    write(tmp_path, 'document = [1, {doc_id = "a", title = "A"}]\n')
    manifest = load_manifest(tmp_path)
    assert [e.index for e in manifest.errors] == [1]
    assert "is not a table" in str(manifest.errors[0])
    assert list(manifest.records) == ["a"]


# -- fatal problems -------------------------------------------------------------------------


def test_toml_syntax_error_is_fatal_and_names_file_and_line(tmp_path):
    path = write(tmp_path, '[[document]]\ndoc_id = "a"\ntitle = "unclosed\n')
    with pytest.raises(
        ManifestError, match=rf"^{re.escape(str(path))}:3: not valid TOML .*fix the syntax"
    ):
        load_manifest(tmp_path)


def test_misspelt_document_table_is_fatal_not_silently_empty(tmp_path):
    write(tmp_path, '[[documents]]\ndoc_id = "a"\ntitle = "A"\n')
    with pytest.raises(
        ManifestError, match="unknown top-level key 'documents'; did you mean 'document'"
    ):
        load_manifest(tmp_path)


@pytest.mark.parametrize(
    "text",
    [
        '[ingest]\nexclude = "README.md"\n',
        '[ingest]\nexclude = ["", "x"]\n',
        '[ingest]\nskip = ["x"]\n',
        "ingest = 3\n",
        'document = "x"\n',
    ],
    ids=[
        "exclude not a list",
        "empty pattern",
        "unknown ingest key",
        "ingest not a table",
        "document not an array",
    ],
)
def test_malformed_top_level_is_fatal(tmp_path, text):
    write(tmp_path, text)
    with pytest.raises(ManifestError, match=re.escape(str(tmp_path / "manifest.toml"))):
        load_manifest(tmp_path)


def test_validate_manifest_collects_record_errors_and_fatal_ones(tmp_path):
    path = write(tmp_path, GOOD + '\n[[document]]\ndoc_id = "x"\n[[document]]\ntitle = "T"\n')
    assert [e.index for e in validate_manifest(path)] == [6, 7]
    path.write_text("[[document]\n", encoding="utf-8")
    (fatal,) = validate_manifest(path)
    assert "not valid TOML" in str(fatal)
    assert validate_manifest(write(tmp_path / "ok", GOOD)) == []


# -- exclusion -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel, excluded",
    [
        ("README.md", True),
        ("ihl/readme.MD", True),
        ("manifest.toml", True),
        ("glossary.toml", True),
        ("uploads/new.pdf", True),
        ("uploads/deep/new.pdf", True),
        ("reports/uploads.pdf", False),
        ("reports/MINUJUSTH_S_2019_805.pdf", False),
        ("ihl/SOURCE.md", False),  # this manifest's own list does not name SOURCE.md
    ],
)
def test_is_excluded_follows_the_manifest_patterns(tmp_path, rel, excluded):
    manifest = good_manifest(tmp_path)
    assert manifest.is_excluded(tmp_path / rel) is excluded
    assert manifest.is_excluded(rel) is excluded  # relative to the corpus folder


@pytest.mark.parametrize(
    "rel, excluded",
    [
        ("NOTICE", True),
        ("x/NOTICE.txt", True),
        ("SOURCE.md", True),
        (".hidden.pdf", True),
        (".cache/x.pdf", True),
        ("notes/x.md", False),
        ("x.part.pdf", False),
    ],
)
def test_default_excludes_skip_docs_notices_and_hidden_files(tmp_path, rel, excluded):
    assert load_manifest(tmp_path).is_excluded(tmp_path / rel) is excluded


# -- matching files to records ------------------------------------------------------------


def test_record_for_matches_by_relative_path(tmp_path):
    manifest = good_manifest(tmp_path)
    for path in (
        tmp_path / "reports/MINUJUSTH_S_2019_805.pdf",
        Path("reports/MINUJUSTH_S_2019_805.pdf"),
    ):
        assert manifest.record_for(path) is manifest.records["s-2019-805"]


def test_record_for_finds_a_bundled_file_moved_to_another_folder(tmp_path):
    record = good_manifest(tmp_path).record_for(tmp_path / "elsewhere/MINUJUSTH_S_2019_805.pdf")
    assert record.doc_id == "s-2019-805" and record.path == "elsewhere/MINUJUSTH_S_2019_805.pdf"


def test_record_for_matches_file_hint_ignoring_case_and_folder(tmp_path):
    record = good_manifest(tmp_path).record_for(tmp_path / "uploads/policy-2019.pdf")
    assert record.doc_id == "policy-2019"
    assert record.path == "uploads/policy-2019.pdf"  # where the file actually is
    assert record.superseded_by == "policy-2023"


def test_record_for_matches_symbol_hint(tmp_path):
    manifest = good_manifest(tmp_path)
    assert (
        manifest.record_for(tmp_path / "N1518145.pdf", symbol_hint="S/2015/446").doc_id == "hippo"
    )
    assert (
        manifest.record_for(tmp_path / "N1518145.pdf", symbol_hint="A/70/95 - S/2015/446").doc_id
        == "hippo"
    )


@pytest.mark.parametrize(
    "name, doc_id",
    [
        ("MINUJUSTH_S_2019_805.pdf", "s-2019-805"),
        ("a_70_95.pdf", "hippo"),
        ("S_2015_446.pdf", "hippo"),
        ("S_RES_1265_1999.pdf", "res-1265"),
        ("s-res-1265.pdf", "res-1265"),
    ],
)
def test_record_for_matches_the_symbol_in_the_file_name(tmp_path, name, doc_id):
    assert good_manifest(tmp_path).record_for(tmp_path / "new" / name).doc_id == doc_id


def test_unknown_un_report_gets_an_inferred_report_record(tmp_path):
    record = good_manifest(tmp_path).record_for(tmp_path / "reports/UNMIK_S_2018_981.pdf")
    assert record == DocumentRecord(
        doc_id="unmik-s-2018-981",
        title="UNMIK S/2018/981",
        doc_type="report",
        date="2018",
        symbol="S/2018/981",
        path="reports/UNMIK_S_2018_981.pdf",
    )


def test_unknown_file_uses_the_loaders_hints(tmp_path):
    record = good_manifest(tmp_path).record_for(
        tmp_path / "My Notes (draft).md",
        title_hint="  Field notes\non POC  ",
        date_hint="9 October 2019",
    )
    assert (record.doc_id, record.title, record.doc_type, record.date, record.symbol) == (
        "my-notes-draft",
        "Field notes on POC",
        "document",
        "2019-10-09",
        "",
    )


def test_inferred_id_is_stable_and_never_takes_a_known_id(tmp_path):
    manifest = good_manifest(tmp_path)
    first = manifest.record_for(tmp_path / "Hippo.md")
    assert first.doc_id.startswith("hippo-") and first.doc_id != "hippo"
    assert manifest.record_for(tmp_path / "Hippo.md").doc_id == first.doc_id
    assert manifest.record_for(tmp_path / "other/Hippo.md").doc_id != first.doc_id


def test_inferred_resolution_and_old_symbols(tmp_path):
    assert infer_record("S_RES_2098_2013.pdf").doc_type == "resolution"
    old = infer_record("UNPROFOR_S_24000.pdf")
    assert (old.symbol, old.doc_type, old.date) == ("S/24000", "report", "")


def test_a_symbol_misread_on_a_scanned_masthead_yields_to_the_file_name():
    # OCR read "S/1995/987" as "S/1935/987": no UN document is older than 1946
    misread = infer_record("UNCRO_S_1995_987.pdf", symbol_hint="S/1935/987")
    assert (misread.symbol, misread.date) == ("S/1995/987", "1995")
    cut = infer_record("UNPREDEP_S_1997_631.pdf", symbol_hint="S/1997")  # "S/1997 /631"
    assert cut.symbol == "S/1997/631"
    dated = infer_record(
        "UNPREDEP_S_1997_631.pdf", symbol_hint="S/1997", date_hint="11 August 1997"
    )
    assert dated.symbol == "S/1997/631"  # cut short, though its year is the report's
    printed = infer_record("report.pdf", symbol_hint="S/1995/987")  # a printed symbol stands
    assert printed.symbol == "S/1995/987"


def test_the_file_name_symbol_wins_where_the_printed_one_cannot_be_checked():
    # a scan misread a digit; the first symbol found is one the report cites
    scanned = infer_record("ONUCA_S_21909.pdf", symbol_hint="S/21509", date_hint="26 October 1990")
    assert (scanned.symbol, scanned.date) == ("S/21909", "1990-10-26")
    cited = infer_record("UNMOT_S_2000_387.pdf", symbol_hint="S/1997/510", date_hint="5 May 2000")
    assert cited.symbol == "S/2000/387"
    # a clean masthead whose year is the report's date: the file is misnamed
    misnamed = infer_record(
        "UNMIK_S_2007_707.pdf", symbol_hint="S/2006/707", date_hint="1 September 2006"
    )
    assert misnamed.symbol == "S/2006/707"
    # kept: an addendum the file name leaves out, and the other half of a joint symbol
    assert infer_record("UNOMIG_S_1994_529.pdf", symbol_hint="S/1994/529/Add.1").symbol == (
        "S/1994/529/Add.1"
    )
    assert infer_record("UNGOMAP_A_44_661&S_20911.pdf", symbol_hint="S/20911").symbol == "S/20911"


@given(st.text(min_size=1, max_size=40))
def test_inferred_doc_id_is_always_a_valid_stable_slug(stem):
    slug = slugify(stem)
    assert re.fullmatch(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?", slug)
    assert slugify(stem) == slug
