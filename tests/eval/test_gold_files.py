"""The gold files themselves: schema, evidence quotes and key facts checked against the bundled corpus.

Fast (no model, no index): it reads the nine bundled documents once per session (the PDFs through
``pypdf``, page by page, as the gold quotes were copied; the page text is also cached on disk, see
:func:`pdf_pages`) and checks every line of
``eval/gold/poc_gold.jsonl`` (dev), ``eval/gold/poc_gold_test.jsonl`` (frozen test split) and
``eval/gold/poc_gold_dev2.jsonl`` and ``eval/gold/poc_gold_dev3.jsonl`` (second and third dev
splits, written blind in the fifth pass):

- fields and types, known ``kind``/``form``/``trap`` values, ids unique across both files;
- every quote is 6 to 20 words, has no footnote marker, and is found, normalised with
  :func:`eval.datasets.normalise`, inside one unit of its document (a line of a ``.md``/``.txt``
  file, a page of a PDF); PDF quotes hold no paragraph number;
- every key fact is 1 to 6 words and found, normalised, in the text of one of its question's
  evidence documents;
- answerable questions have at least one quote and one key fact; unanswerable ones have no quote,
  a trap type and at least one anchor.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from eval.datasets import GoldQuestion, load_gold, normalise

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
DEV = ROOT / "eval" / "gold" / "poc_gold.jsonl"
TEST = ROOT / "eval" / "gold" / "poc_gold_test.jsonl"
DEV2 = ROOT / "eval" / "gold" / "poc_gold_dev2.jsonl"
DEV3 = ROOT / "eval" / "gold" / "poc_gold_dev3.jsonl"
DEV4 = ROOT / "eval" / "gold" / "poc_gold_dev4.jsonl"

KINDS = {
    "definition",
    "figure",
    "date",
    "who",
    "where",
    "paraphrase",
    "acronym",
    "multi-passage",
    "legal",
    "list",
}
FORMS = {"definition", "enumeration", "document", "factoid", "procedure", "general"}
TRAPS = {"other-mission", "other-year", "not-indexed", "unnamed-role", "other", "off-domain"}
SUPERSCRIPTS = set("⁰¹²³⁴⁵⁶⁷⁸⁹")
PARAGRAPH_NUMBER = re.compile(r"(?:^|\s)\d{1,3}\.(?:\s|$)")

FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "question": str,
    "answerable": bool,
    "kind": str,
    "relevant": list,
    "answer": str,
    "form": str,
    "key_facts": list,
}


# --------------------------------------------------------------------------- corpus


@cache
def bundled_paths() -> dict[str, Path]:
    """doc_id -> file, for the manifest's bundled documents (those with a ``path``)."""
    manifest = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))
    return {doc["doc_id"]: CORPUS / doc["path"] for doc in manifest["document"] if doc.get("path")}


@cache
def units(doc_id: str) -> tuple[str, ...]:
    """The normalised units of a document: one per line (.md/.txt) or per page (PDF)."""
    path = bundled_paths()[doc_id]
    if path.suffix.lower() == ".pdf":
        raw = pdf_pages(path)
    else:
        raw = path.read_text(encoding="utf-8").splitlines()
    return tuple(normalise(unit) for unit in raw)


def pdf_pages(path: Path) -> list[str]:
    """pypdf's text of each page, cached on disk by file hash and pypdf version.

    Extracting the four reports takes about ten CPU seconds; the cache makes later runs take one
    or two. A changed PDF or pypdf version gets a new cache entry, so the check stays exact.
    """
    import pypdf

    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    cached = (
        Path(tempfile.gettempdir())
        / "pocdoc-gold-pdf-text"
        / f"{path.stem}-{digest}-pypdf{pypdf.__version__}.json"
    )
    try:
        return json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    pages = [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(pages), encoding="utf-8")
        os.replace(tmp, cached)
    except OSError:
        pass
    return pages


@cache
def full_text(doc_id: str) -> str:
    return " ".join(units(doc_id))


def quote_problems(doc_id: str, quote: str) -> list[str]:
    """Why ``quote`` is not valid evidence in ``doc_id`` (empty when it is)."""
    if doc_id not in bundled_paths():
        return [f"unknown doc_id {doc_id!r}"]
    problems = []
    words = len(quote.split())
    if not 6 <= words <= 20:
        problems.append(f"{words} words (6 to 20 allowed)")
    if SUPERSCRIPTS & set(quote) or "<sup>" in quote.lower():
        problems.append("holds a footnote marker")
    if bundled_paths()[doc_id].suffix.lower() == ".pdf" and PARAGRAPH_NUMBER.search(quote):
        problems.append("holds a paragraph number")
    needle = normalise(quote)
    if not any(needle in unit for unit in units(doc_id)):
        problems.append("not found inside one unit (line or page) of the document")
    return problems


def key_fact_problems(fact: str, doc_ids: set[str]) -> list[str]:
    problems = []
    if not isinstance(fact, str) or not fact.strip():
        return ["key fact is not a non-empty string"]
    if not 1 <= len(fact.split()) <= 6:
        problems.append(f"key fact {fact!r} has {len(fact.split())} words (1 to 6 allowed)")
    needle = normalise(fact)
    if not any(needle in full_text(doc_id) for doc_id in doc_ids if doc_id in bundled_paths()):
        problems.append(f"key fact {fact!r} not found in {sorted(doc_ids)}")
    return problems


# --------------------------------------------------------------------------- files


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    records = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            record = json.loads(line)
            record["_line"] = lineno
            records.append(record)
    return records


def record_problems(record: dict[str, Any]) -> list[str]:
    """Everything wrong with one gold line."""
    problems = []
    for name, typ in FIELDS.items():
        if name not in record:
            problems.append(f"missing field {name!r}")
        elif not isinstance(record[name], typ):
            problems.append(f"{name!r} is {type(record[name]).__name__}, not {typ}")
    if problems:
        return problems
    core = {k: v for k, v in record.items() if k in GoldQuestion.model_fields}
    try:
        GoldQuestion.model_validate(core)
    except ValueError as exc:
        problems.append(f"not a valid GoldQuestion: {exc}")
    if record["kind"] not in KINDS:
        problems.append(f"unknown kind {record['kind']!r}")
    if record["form"] not in FORMS:
        problems.append(f"unknown form {record['form']!r}")
    for rel in record["relevant"]:
        if not isinstance(rel, dict) or set(rel) != {"doc_id", "quote", "grade"}:
            problems.append(f"relevant entry {rel!r} must have exactly doc_id, quote, grade")
            continue
        if rel["grade"] not in (1, 2) or isinstance(rel["grade"], bool):
            problems.append(f"grade {rel['grade']!r} is not 1 or 2")
        problems += [
            f"quote {rel['quote']!r}: {p}" for p in quote_problems(rel["doc_id"], rel["quote"])
        ]
    if record["answerable"]:
        if not record["relevant"]:
            problems.append("answerable but no relevant quote")
        if not 1 <= len(record["key_facts"]) <= 4:
            problems.append(f"{len(record['key_facts'])} key facts (1 to 4 allowed)")
        doc_ids = {rel["doc_id"] for rel in record["relevant"] if isinstance(rel, dict)}
        for fact in record["key_facts"]:
            problems += key_fact_problems(fact, doc_ids)
        if "trap" in record or "anchors" in record:
            problems.append("answerable questions carry no trap/anchors")
    else:
        if record["relevant"] or record["key_facts"]:
            problems.append("unanswerable but has relevant quotes or key facts")
        if record.get("trap") not in TRAPS:
            problems.append(f"trap {record.get('trap')!r} is not one of {sorted(TRAPS)}")
        anchors = record.get("anchors")
        if (
            not isinstance(anchors, list)
            or not anchors
            or not all(isinstance(a, str) and a.strip() for a in anchors)
        ):
            problems.append("unanswerable question needs a non-empty list of anchor strings")
    return problems


@pytest.fixture(scope="session")
def gold_files() -> dict[str, list[dict[str, Any]]]:
    return {
        "dev": read_jsonl(DEV),
        "test": read_jsonl(TEST),
        "dev2": read_jsonl(DEV2),
        "dev3": read_jsonl(DEV3),
        "dev4": read_jsonl(DEV4),
    }


@pytest.mark.parametrize("split", ["dev", "test", "dev2", "dev3", "dev4"])
def test_every_gold_line_is_valid(gold_files, split: str) -> None:
    failures = [
        f"{split} line {record['_line']} ({record.get('id')}): {problem}"
        for record in gold_files[split]
        for problem in record_problems(record)
    ]
    assert not failures, "\n".join(failures)


def test_ids_are_unique_across_both_files(gold_files) -> None:
    ids = [record["id"] for records in gold_files.values() for record in records]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert all(re.fullmatch(r"q\d{3}", r["id"]) for r in gold_files["dev"])
    assert all(re.fullmatch(r"t\d{3}", r["id"]) for r in gold_files["test"])
    assert all(re.fullmatch(r"d\d{3}", r["id"]) for r in gold_files["dev2"])
    assert all(re.fullmatch(r"e\d{3}", r["id"]) for r in gold_files["dev3"])
    assert all(re.fullmatch(r"f\d{3}", r["id"]) for r in gold_files["dev4"])


@pytest.mark.parametrize(
    ("split", "earlier"),
    [("dev2", ["dev"]), ("dev3", ["dev", "dev2"]), ("dev4", ["dev", "dev2", "dev3"])],
)
def test_later_dev_splits_are_new(gold_files, split: str, earlier: list[str]) -> None:
    """A later dev split shares no question with any split and no evidence quote with the dev
    splits before it, and has every form and in-domain traps."""
    dev2 = gold_files[split]
    dev_questions = {
        normalise(r["question"]) for name in ("dev", "test", *earlier) for r in gold_files[name]
    }
    assert not [r["id"] for r in dev2 if normalise(r["question"]) in dev_questions]
    dev_quotes = [
        (rel["doc_id"], normalise(rel["quote"]))
        for name in earlier
        for r in gold_files[name]
        for rel in r["relevant"]
    ]
    shared = [
        (r["id"], rel["quote"])
        for r in dev2
        for rel in r["relevant"]
        for doc_id, quote in dev_quotes
        if doc_id == rel["doc_id"]
        and (normalise(rel["quote"]) in quote or quote in normalise(rel["quote"]))
    ]
    assert not shared
    answerable = [r for r in dev2 if r["answerable"]]
    assert len(answerable) >= 45 and len(dev2) - len(answerable) >= 15
    assert {r["form"] for r in answerable} == FORMS
    assert not [r["id"] for r in dev2 if r.get("trap") == "off-domain"]


def test_test_split_is_new_and_large_enough(gold_files) -> None:
    test = gold_files["test"]
    dev_questions = {normalise(r["question"]) for r in gold_files["dev"]}
    assert not [r["id"] for r in test if normalise(r["question"]) in dev_questions]
    dev_evidence = {
        (rel["doc_id"], normalise(rel["quote"])) for r in gold_files["dev"] for rel in r["relevant"]
    }
    assert not [
        (r["id"], rel["quote"])
        for r in test
        for rel in r["relevant"]
        if (rel["doc_id"], normalise(rel["quote"])) in dev_evidence
    ]
    answerable = [r for r in test if r["answerable"]]
    assert len(answerable) >= 45
    assert len([r for r in test if not r["answerable"]]) >= 22
    for form in FORMS:
        assert sum(r["form"] == form for r in answerable) >= 6, form
    assert not [r["id"] for r in test if r.get("trap") == "off-domain"], (
        "the test split has in-domain traps only"
    )


def test_the_checks_catch_a_mistyped_quote_and_key_fact() -> None:
    good = "It is prohibited to order that there shall be no survivors."
    assert quote_problems("ap-ii-1977", good) == []
    assert quote_problems("ap-ii-1977", good.replace("survivors", "survivers"))
    assert quote_problems("ap-ii-1977", "no survivors")  # too short
    assert quote_problems("gc-iv-1949", good)  # wrong document
    assert key_fact_problems("no survivors", {"ap-ii-1977"}) == []
    assert key_fact_problems("no survivers", {"ap-ii-1977"})
    record = {
        "id": "x1",
        "question": "q?",
        "answerable": True,
        "kind": "legal",
        "form": "general",
        "answer": "a",
        "relevant": [{"doc_id": "ap-ii-1977", "quote": good, "grade": 2}],
        "key_facts": ["no survivors"],
    }
    assert record_problems(record) == []
    mistyped = {
        **record,
        "relevant": [{"doc_id": "ap-ii-1977", "quote": good.replace("order", "ordre"), "grade": 2}],
    }
    assert any("not found" in p for p in record_problems(mistyped))
    assert any("key fact" in p for p in record_problems({**record, "key_facts": ["no survivers"]}))
    assert any(
        "trap" in p
        for p in record_problems({**record, "answerable": False, "relevant": [], "key_facts": []})
    )


def test_load_gold_reads_both_files() -> None:
    for path in (DEV, TEST, DEV2, DEV3):
        assert load_gold(path)
