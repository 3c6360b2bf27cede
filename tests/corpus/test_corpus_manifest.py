"""The real corpus/manifest.toml: every bundled file has a record and every record is sound."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pypdf import PdfReader

from assistant.manifest import load_manifest, validate_manifest
from assistant.symbols import is_iso_date, is_valid_symbol, symbol_from_name
from assistant.types import DOC_TYPES

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
DOCUMENT_SUFFIXES = {".pdf", ".md", ".txt", ".html", ".htm"}

# doc_id -> short_title; other parts of pocdoc depend on these ids
BUNDLED = {
    "future-of-poc": "Future of POC",
    "poc-week-2022-side-event": "PoC Week 2022 side event",
    "gc-iv-1949": "GC IV",
    "ap-i-1977": "AP I",
    "ap-ii-1977": "AP II",
    "s-2019-805": "S/2019/805",
    "s-2017-223": "S/2017/223",
    "s-2018-981": "S/2018/981",
    "s-2012-765": "S/2012/765",
}


@pytest.fixture(scope="module")
def manifest():
    return load_manifest(CORPUS)


@pytest.fixture(scope="module")
def raw_records() -> list[dict]:
    with (CORPUS / "manifest.toml").open("rb") as fh:
        return tomllib.load(fh)["document"]


def bundled_files(manifest) -> list[Path]:
    return sorted(
        p
        for p in CORPUS.rglob("*")
        if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES and not manifest.is_excluded(p)
    )


def test_manifest_has_no_errors(manifest):
    assert manifest.errors == ()
    assert validate_manifest(CORPUS / "manifest.toml") == []


def test_every_bundled_file_has_its_own_record(manifest):
    files = bundled_files(manifest)
    assert len(files) == len(BUNDLED)
    matched = {}
    for path in files:
        rel = path.relative_to(CORPUS).as_posix()
        record = manifest.record_for(path)
        assert record.doc_id in manifest.records, f"{rel} has no record in corpus/manifest.toml"
        assert record.path == rel
        matched[rel] = record.doc_id
    assert sorted(matched.values()) == sorted(BUNDLED)


def test_bundled_doc_ids_and_short_titles_are_the_agreed_ones(manifest):
    for doc_id, short_title in BUNDLED.items():
        assert manifest.records[doc_id].short_title == short_title
        assert manifest.records[doc_id].path


def test_every_record_path_exists(manifest):
    for record in manifest.records.values():
        if record.path:
            assert (CORPUS / record.path).is_file(), (
                f"{record.doc_id}: {record.path} is not in corpus/"
            )


def test_doc_ids_are_unique_in_the_file(raw_records):
    ids = [r["doc_id"] for r in raw_records]
    assert len(ids) == len(set(ids))
    assert len(raw_records) == len(load_manifest(CORPUS).records)


def test_superseded_by_names_a_record(manifest):
    superseded = {r.doc_id: r.superseded_by for r in manifest.records.values() if r.superseded_by}
    assert superseded == {
        "dpko-dfs-poc-policy-2015": "dpo-poc-policy-2019",
        "dpo-poc-policy-2019": "dpo-poc-policy-2023",
    }
    assert all(target in manifest.records for target in superseded.values())


def test_fields_are_well_formed(manifest):
    for record in manifest.records.values():
        assert record.doc_type in DOC_TYPES
        assert is_iso_date(record.date), record.doc_id
        assert not record.symbol or is_valid_symbol(record.symbol), record.doc_id
        assert not record.source_url or record.source_url.startswith(("https://", "http://")), (
            record.doc_id
        )
        assert record.licence, f"{record.doc_id} says nothing about its licence"


def test_un_reports_symbol_matches_file_name_and_first_page(manifest):
    for record in manifest.records.values():
        if record.path.endswith(".pdf"):
            assert symbol_from_name(record.path) == record.symbol
            first_page = PdfReader(CORPUS / record.path).pages[0].extract_text()
            assert record.symbol in first_page


def test_documents_not_on_disk_can_be_dropped_in_or_fetched(manifest):
    missing = [r for r in manifest.records.values() if not r.path]
    assert {
        "hippo-report-2015",
        "kigali-principles-2015",
        "a4p-declaration-2018",
        "a4p-plus-2021",
        "dpo-poc-policy-2019",
        "dpo-poc-policy-2023",
        "dpo-poc-handbook-2020",
        "s-2022-381",
    } <= {r.doc_id for r in missing}
    for record in missing:
        assert record.source_url, record.doc_id
        assert manifest.files.get(record.doc_id), f"{record.doc_id} has no file hint"
        assert manifest.record_for(CORPUS / manifest.files[record.doc_id]).doc_id == record.doc_id


@pytest.mark.parametrize(
    "doc_id, date, symbol",
    [
        ("hippo-report-2015", "2015-06-17", "A/70/95–S/2015/446"),
        ("s-2022-381", "2022-05-10", "S/2022/381"),
        ("s-2019-805", "2019-10-09", "S/2019/805"),
        ("s-2017-223", "2017-03-16", "S/2017/223"),
        ("s-2018-981", "2018-11-01", "S/2018/981"),
        ("s-2012-765", "2012-10-15", "S/2012/765"),
        ("gc-iv-1949", "1949-08-12", ""),
        ("ap-i-1977", "1977-06-08", ""),
        ("ap-ii-1977", "1977-06-08", ""),
        ("future-of-poc", "2021", ""),
        ("poc-week-2022-side-event", "2022", ""),
    ],
)
def test_key_dates_and_symbols(manifest, doc_id, date, symbol):
    assert (manifest.records[doc_id].date, manifest.records[doc_id].symbol) == (date, symbol)


def test_provenance_files_are_excluded_from_the_walk(manifest):
    for name in ("README.md", "ihl/SOURCE.md", "manifest.toml", "glossary.toml"):
        assert manifest.is_excluded(CORPUS / name)
    assert (CORPUS / "ihl" / "SOURCE.md").is_file()
