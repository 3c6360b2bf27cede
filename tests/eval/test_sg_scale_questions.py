"""The at-scale question sets over the SG reports (`eval/gold/sg_scale_questions*.jsonl`: the
first, the held-out, the third and the fourth): their shape always, and their quotes and key facts against the
reports' text when ../shared is there."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from eval.datasets import GoldQuestion, load_gold, normalise

GOLD_DIR = Path(__file__).resolve().parents[2] / "eval" / "gold"
SETS = {  # file: (answerable, traps)
    "sg_scale_questions.jsonl": (30, 10),
    "sg_scale_questions_heldout.jsonl": (24, 6),
    "sg_scale_questions_third.jsonl": (24, 6),
    "sg_scale_questions_fourth.jsonl": (24, 6),
}
SG_REPORTS = (
    Path(__file__).resolve().parents[3] / "shared" / "corpus" / "un-sg-reports"
)  # ../shared beside the clone
TRAPS = {"other-mission", "other-year", "not-indexed", "other"}
# "unomig-s-1997-827add-1-en": a file named "S_1997_827Add.1-EN" keeps its addendum and language
DOC_ID = re.compile(r"^[a-z]+-(?:s-\d{4}-\d+|s-\d{5})(?:-?add-?\d+|-c)?(?:-en)?$")


def _questions(name: str) -> list[GoldQuestion]:
    return load_gold(GOLD_DIR / name)


@pytest.mark.parametrize("name", SETS)
def test_each_set_has_its_answerable_questions_and_traps(name) -> None:
    questions = _questions(name)
    assert sum(q.answerable for q in questions) == SETS[name][0]
    assert sum(not q.answerable for q in questions) == SETS[name][1]


def _report(doc_id: str) -> str:
    """The report a doc_id is a copy of: the collection files one combined report under each of
    its missions ("uncro-s-1995-987", "unpredep-s-1995-987"), and a second scan with "-c"."""
    return re.sub(r"^[a-z]+-|-c$", "", doc_id)


@pytest.mark.parametrize("name", SETS)
def test_each_answerable_question_names_one_report_and_its_key_facts(name) -> None:
    for q in _questions(name):
        if not q.answerable:
            continue
        assert len({_report(r.doc_id) for r in q.relevant}) == 1, q.id
        assert all(DOC_ID.match(r.doc_id) for r in q.relevant), q.id
        assert q.key_facts and all(1 <= len(f.split()) <= 6 for f in q.key_facts), q.id
        assert all(6 <= len(r.quote.split()) <= 20 for r in q.relevant), q.id


@pytest.mark.parametrize("name", SETS)
def test_each_trap_says_why_and_what_the_collection_lacks(name) -> None:
    for q in _questions(name):
        if q.answerable:
            continue
        assert q.trap in TRAPS and q.anchors and not q.key_facts, q.id


@cache
def _pages(doc_id: str) -> tuple[str, ...]:
    from pypdf import PdfReader

    (path,) = [
        p for p in SG_REPORTS.glob("*.pdf") if re.sub(r"[_.]", "-", p.stem.lower()) == doc_id
    ]
    return tuple(normalise(page.extract_text() or "") for page in PdfReader(path).pages)


@pytest.mark.slow
@pytest.mark.skipif(not SG_REPORTS.is_dir(), reason="../shared/corpus/un-sg-reports is absent")
@pytest.mark.parametrize("name", SETS)
def test_quotes_lie_in_one_page_of_their_report_and_key_facts_in_the_report(name) -> None:
    for q in _questions(name):
        for rel in q.relevant:
            pages = _pages(rel.doc_id)
            assert any(normalise(rel.quote) in page for page in pages), (q.id, rel.quote)
            text = " ".join(pages)
            missing = [f for f in q.key_facts if normalise(f) not in text]
            assert not missing, (q.id, missing)
