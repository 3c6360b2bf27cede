"""Judgement pools to gold records: split by query id, quotes unique within their document."""

from __future__ import annotations

from eval.pool import _unique_quote, to_gold

HEADER = (
    "Benchmark Indicator Target timeline Target Update as at 15 May (or otherwise specified) Trend"
)


def test_the_quote_skips_the_paragraph_number_and_a_repeated_header() -> None:
    assert (
        _unique_quote(
            "12. The mission stepped up patrols in the capital after the attacks on civilians.",
            [],
            5,
        )
        == "The mission stepped up patrols"
    )
    text = f"{HEADER} 6.4 Number of kidnappings reported in the capital"
    others = [text, f"{HEADER} 6.5 Number of gang-related incidents in the hotspot zones"]
    quote = _unique_quote(text, others, 12)
    assert quote.split() and sum(quote in o for o in others) == 1


def test_grades_become_dev_and_test_records_and_zero_grades_are_left_out() -> None:
    pool = [
        {
            "id": "sg01",
            "doc_id": "d",
            "paragraph": "3",
            "text": "3. Use of force by the Force in self-defence.",
        },
        {"id": "sg01", "doc_id": "d", "paragraph": "4", "text": "4. The budget was approved."},
        {"id": "sg02", "doc_id": "d", "paragraph": "5", "text": "5. Patrols in the zone."},
        {"id": "sg03", "doc_id": "d", "paragraph": "6", "text": "6. Nothing relevant."},
    ]
    grades = {("sg01", 0): 2, ("sg01", 1): 0, ("sg02", 2): 1, ("sg03", 3): 0}
    queries = [
        {"id": f"sg0{i}", "query": f"q{i}", "kind": "task", "relevant_if": "..."} for i in (1, 2, 3)
    ]
    out = to_gold(pool, grades, queries, {"d": [r["text"] for r in pool]})
    assert [r["id"] for r in out["dev"]] == ["sg01"] and [r["id"] for r in out["test"]] == ["sg02"]
    assert out["dev"][0]["relevant"] == [
        {
            "doc_id": "d",
            "quote": "Use of force by the Force in self-defence.",
            "grade": 2,
            "paragraph": "3",
        }
    ]


def test_extending_a_pool_keeps_its_rows_and_adds_only_unseen_paragraphs() -> None:
    from eval.pool import extend_pool

    old = [
        {"id": "sg01", "doc_id": "d", "paragraph": "3", "text": "3. Patrols."},
        {"id": "sg01", "doc_id": "d", "paragraph": None, "text": "An unnumbered  note."},
    ]
    new = [
        {"id": "sg01", "doc_id": "d", "paragraph": "3", "text": "3. Patrols, another piece."},
        {"id": "sg01", "doc_id": "d", "paragraph": None, "text": "An unnumbered note."},
        {"id": "sg02", "doc_id": "d", "paragraph": "3", "text": "3. Patrols."},
        {"id": "sg01", "doc_id": "d", "paragraph": "4", "text": "4. Budget."},
    ]
    out = extend_pool(old, new, draw=2)
    assert out[:2] == old
    assert [(r["id"], r["paragraph"], r["draw"]) for r in out[2:]] == [
        ("sg01", "4", 2),
        ("sg02", "3", 2),
    ]
