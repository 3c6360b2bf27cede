"""BEIR and gold loading: a small sample each test writes, every bad input naming file and line,
and gold qrels derived from literal passages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import DatasetError
from assistant.types import Passage
from eval.datasets import (
    GoldQuestion,
    beir_documents,
    derive_qrels,
    load_beir,
    load_gold,
    normalise,
)

# --------------------------------------------------------------------------- BEIR

CORPUS = [
    {"_id": "d1", "title": "Protection of civilians", "text": "Missions protect civilians."},
    {"_id": "d2", "title": "", "text": "Mandates are set by the Security Council."},
    {"_id": "d3", "text": "No title field at all."},
]
QUERIES = [
    {"_id": "q1", "text": "who protects civilians"},
    {"_id": "q2", "text": "who sets mandates"},
]
QRELS = "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t2\nq2\td3\t0\n"


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def write_beir(
    root: Path, corpus: str | None = None, queries: str | None = None, qrels: str | None = None
) -> Path:
    (root / "qrels").mkdir(parents=True)
    (root / "corpus.jsonl").write_text(
        _jsonl(CORPUS) if corpus is None else corpus, encoding="utf-8"
    )
    (root / "queries.jsonl").write_text(
        _jsonl(QUERIES) if queries is None else queries, encoding="utf-8"
    )
    (root / "qrels" / "test.tsv").write_text(QRELS if qrels is None else qrels, encoding="utf-8")
    return root


def test_load_beir_reads_corpus_queries_and_graded_qrels(tmp_path: Path) -> None:
    data = load_beir(write_beir(tmp_path / "scifact-mini"))
    assert data.name == "scifact-mini"
    assert data.corpus == {
        "d1": ("Protection of civilians", "Missions protect civilians."),
        "d2": ("", "Mandates are set by the Security Council."),
        "d3": ("", "No title field at all."),
    }
    assert data.queries == {"q1": "who protects civilians", "q2": "who sets mandates"}
    assert data.qrels == {"q1": {"d1": 1}, "q2": {"d2": 2, "d3": 0}}


def test_load_beir_skips_blank_lines_and_accepts_integer_ids(tmp_path: Path) -> None:
    corpus = '{"_id": 7, "text": "seven"}\n\n' + _jsonl(CORPUS) + "\n"
    data = load_beir(write_beir(tmp_path / "b", corpus=corpus, qrels=QRELS + "q1\t7\t1\n\n"))
    assert data.corpus["7"] == ("", "seven")
    assert data.qrels["q1"] == {"d1": 1, "7": 1}


def test_load_beir_reads_another_split(tmp_path: Path) -> None:
    root = write_beir(tmp_path / "b")
    (root / "qrels" / "dev.tsv").write_text(
        "query-id\tcorpus-id\tscore\nq2\td1\t1\n", encoding="utf-8"
    )
    assert load_beir(root, split="dev").qrels == {"q2": {"d1": 1}}


def test_beir_documents_keep_ids_and_put_the_title_first(tmp_path: Path) -> None:
    docs = {
        record.doc_id: passages
        for record, passages in beir_documents(load_beir(write_beir(tmp_path / "b")))
    }
    [p1] = docs["d1"]
    assert (p1.passage_id, p1.doc_id, p1.text) == (
        "d1",
        "d1",
        "Protection of civilians\nMissions protect civilians.",
    )
    assert (
        docs["d2"][0].text == "Mandates are set by the Security Council."
    )  # no title: no leading newline


@pytest.mark.parametrize(
    ("files", "where", "message"),
    [
        (
            {"corpus": '{"_id": "d1", "text": "a"}\n{"_id": "d2", "text": \n'},
            "corpus.jsonl:2",
            "not valid JSON",
        ),
        ({"corpus": '["d1", "a"]\n'}, "corpus.jsonl:1", "expected a JSON object"),
        (
            {"corpus": '{"_id": "d1", "text": "a"}\n{"title": "t", "text": "b"}\n'},
            "corpus.jsonl:2",
            "missing field(s) _id",
        ),
        ({"corpus": '{"_id": "d1"}\n'}, "corpus.jsonl:1", "missing field(s) text"),
        ({"corpus": '{"_id": "d1", "text": 3}\n'}, "corpus.jsonl:1", "must be strings"),
        ({"corpus": '{"_id": "d 1", "text": "a"}\n'}, "corpus.jsonl:1", "holds whitespace"),
        ({"corpus": '{"_id": null, "text": "a"}\n'}, "corpus.jsonl:1", "'_id' must be a string"),
        (
            {"corpus": _jsonl(CORPUS) + '{"_id": "d2", "text": "again"}\n'},
            "corpus.jsonl:4",
            "'d2' already used on line 2",
        ),
        (
            {"queries": '{"_id": "q1", "text": "a"}\n{"_id": "q1", "text": "b"}\n'},
            "queries.jsonl:2",
            "already used on line 1",
        ),
        ({"queries": '{"_id": "q1"}\n'}, "queries.jsonl:1", "missing field(s) text"),
        ({"queries": '{"_id": "q1", "text": "  "}\n'}, "queries.jsonl:1", "non-empty string"),
        ({"qrels": "q1\td1\t1\n"}, "test.tsv:1", "header"),
        ({"qrels": ""}, "test.tsv:1", "header"),
        (
            {"qrels": "query-id\tcorpus-id\tscore\nq1 d1 1\n"},
            "test.tsv:2",
            "3 tab-separated columns, found 1",
        ),
        (
            {"qrels": "query-id\tcorpus-id\tscore\nq1\td1\t1\nq9\td1\t1\n"},
            "test.tsv:3",
            "query id 'q9'",
        ),
        ({"qrels": "query-id\tcorpus-id\tscore\nq1\td9\t1\n"}, "test.tsv:2", "corpus id 'd9'"),
        (
            {"qrels": "query-id\tcorpus-id\tscore\nq1\td1\t1.5\n"},
            "test.tsv:2",
            "score '1.5' is not an integer",
        ),
        (
            {"qrels": "query-id\tcorpus-id\tscore\nq1\td1\thigh\n"},
            "test.tsv:2",
            "score 'high' is not an integer",
        ),
        (
            {"qrels": "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td1\t2\n"},
            "test.tsv:3",
            "judged twice",
        ),
        ({"qrels": "query-id\tcorpus-id\tscore\n\n"}, "test.tsv", "no judgements"),
    ],
)
def test_bad_beir_input_names_file_and_line(
    tmp_path: Path, files: dict[str, str], where: str, message: str
) -> None:
    root = write_beir(tmp_path / "b", **files)
    with pytest.raises(DatasetError) as info:
        load_beir(root)
    assert where in str(info.value)
    assert message in str(info.value)


def test_a_line_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    root = write_beir(tmp_path / "b")
    (root / "queries.jsonl").write_bytes(
        b'{"_id": "q1", "text": "a"}\n{"_id": "q2", "text": "\xff"}\n'
    )
    with pytest.raises(DatasetError, match=r"queries\.jsonl:2: not UTF-8"):
        load_beir(root)


@pytest.mark.parametrize("missing", ["corpus.jsonl", "queries.jsonl", "qrels/test.tsv"])
def test_a_missing_beir_file_is_named(tmp_path: Path, missing: str) -> None:
    root = write_beir(tmp_path / "b")
    (root / missing).unlink()
    with pytest.raises(DatasetError, match=f"{missing}: file not found"):
        load_beir(root)


def test_a_missing_beir_folder_says_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="does not exist: pass the folder holding corpus.jsonl"):
        load_beir(tmp_path / "nowhere")


# --------------------------------------------------------------------------- gold file

GOLD = [
    {"id": "g1", "question": "Who protects civilians?", "answerable": True, "kind": "fact",
     "relevant": [{"doc_id": "fut", "quote": "Missions protect civilians", "grade": 2}], "answer": "Missions."},
    {"id": "g2", "question": "What is the capital of Mars?", "answerable": False, "kind": "out-of-scope",
     "relevant": [], "answer": ""},
]  # fmt: skip


def write_gold(path: Path, rows: list[dict] | None = None, text: str | None = None) -> Path:
    path.write_text(
        _jsonl(GOLD if rows is None else rows) if text is None else text, encoding="utf-8"
    )
    return path


def test_load_gold_reads_questions_in_file_order(tmp_path: Path) -> None:
    questions = load_gold(write_gold(tmp_path / "gold.jsonl"))
    assert [q.id for q in questions] == ["g1", "g2"]
    assert questions[0].relevant[0].grade == 2
    assert not questions[1].answerable


def _with(**changes) -> list[dict]:
    return [GOLD[0], {**GOLD[1], **changes}]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (_with(id="g1"), "id 'g1' already used on line 1"),
        (_with(id="g 2"), "field 'id'"),
        (_with(question=""), "field 'question'"),
        (_with(answerable="maybe"), "field 'answerable'"),
        (
            _with(relevant=[{"doc_id": "fut", "quote": "x", "grade": 1}]),
            "must have an empty 'relevant' list",
        ),
        (_with(answerable=True), "needs at least one 'relevant' quote"),
        (
            _with(answerable=True, relevant=[{"doc_id": "fut", "quote": "x", "grade": 0}]),
            "field 'relevant.0.grade'",
        ),
        (
            _with(answerable=True, relevant=[{"doc_id": "fut", "quote": " ** "}]),
            "quote is empty once normalised",
        ),
        (_with(answerable=True, relevant=[{"doc_id": "fut"}]), "field 'relevant.0.quote'"),
        (_with(relevent=[]), "field 'relevent'"),
        ([GOLD[0], {k: v for k, v in GOLD[1].items() if k != "answerable"}], "field 'answerable'"),
    ],
)
def test_bad_gold_lines_name_file_line_and_field(
    tmp_path: Path, rows: list[dict], message: str
) -> None:
    path = write_gold(tmp_path / "gold.jsonl", rows)
    with pytest.raises(DatasetError) as info:
        load_gold(path)
    assert f"{path}:2:" in str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json\n", "gold.jsonl:1: not valid JSON"),
        ("\n\n", "no questions"),
        ("[1]\n", "gold.jsonl:1: expected a JSON object"),
    ],
)
def test_unreadable_gold_files(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DatasetError, match=message):
        load_gold(write_gold(tmp_path / "gold.jsonl", text=text))


def test_a_missing_gold_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="gold.jsonl: file not found"):
        load_gold(tmp_path / "gold.jsonl")


# --------------------------------------------------------------------------- normalisation and qrels


def test_normalise_removes_markup_footnote_marks_and_line_break_hyphens() -> None:
    text = (
        "The **Protection of   Civi-\nlians**<sup>12</sup> man\u00addate\n is “key” \u2014 ﬁnally"
    )
    assert normalise(text) == 'the protection of civilians man\u00addate is "key" - finally'


def _passage(pid: str, doc_id: str, text: str, ordinal: int = 0) -> Passage:
    return Passage(
        passage_id=pid, doc_id=doc_id, text=text, ordinal=ordinal, char_start=0, char_end=len(text)
    )


PASSAGES = [
    _passage(
        "fut-0", "fut", "## Tiers\nTier I: **protection through dialogue** and engagement.", 0
    ),
    _passage(
        "fut-1",
        "fut",
        "Tier II: provision of physical protec-\ntion<sup>4</sup> by the mission.",
        1,
    ),
    _passage("fut-2", "fut", "The mission works in three tiers. The first tier is protection", 2),
    _passage("fut-3", "fut", "through dialogue and engagement with all parties.", 3),
    _passage("gc4-0", "gc4", "Protection through dialogue is not mentioned in the Convention.", 0),
]


def _question(qid: str, *relevant: tuple[str, str, int]) -> GoldQuestion:
    return GoldQuestion(
        id=qid, question="?", answerable=True,
        relevant=tuple({"doc_id": d, "quote": q, "grade": g} for d, q, g in relevant),
    )  # fmt: skip


def test_a_quote_marks_every_passage_of_its_document_that_contains_it() -> None:
    gold = derive_qrels([_question("g1", ("fut", "Protection through dialogue", 2))], PASSAGES)
    # fut-0 after removing ** and lowercasing; fut-2/3 do not each hold it; gc4-0 is another document
    assert gold.qrels == {"g1": {"fut-0": 2}}
    assert gold.unmatched == []


def test_quotes_match_across_line_break_hyphens_and_footnote_marks() -> None:
    gold = derive_qrels(
        [_question("g1", ("fut", "physical protection by the mission", 1))], PASSAGES
    )
    assert gold.qrels == {"g1": {"fut-1": 1}}


def test_a_passage_matched_by_two_quotes_keeps_the_higher_grade() -> None:
    gold = derive_qrels(
        [
            _question(
                "g1",
                ("fut", "Tier I:", 1),
                ("fut", "**protection through dialogue** and engagement", 3),
            )
        ],
        PASSAGES,
    )
    assert gold.qrels == {"g1": {"fut-0": 3}}


def test_a_quote_cut_by_the_chunker_marks_both_adjacent_passages() -> None:
    gold = derive_qrels(
        [_question("g1", ("fut", "the first tier is protection through dialogue", 1))], PASSAGES
    )
    assert gold.qrels == {"g1": {"fut-2": 1, "fut-3": 1}}
    assert gold.spanning == 1


def test_a_quote_across_overlapping_chunks_matches_once_the_repeat_is_dropped() -> None:
    # The splitter repeats a sentence at the start of the next passage (chunking.overlap_sentences).
    passages = [
        _passage("p0", "d", "One. Two is here and now, said the report.", 0),
        _passage("p1", "d", "Two is here and now, said the report. Three follows.", 1),
    ]
    gold = derive_qrels(
        [_question("g1", ("d", "one. two is here and now, said the report. three", 1))], passages
    )
    assert gold.qrels == {"g1": {"p0": 1, "p1": 1}}


def test_unmatched_quotes_are_listed_with_the_reason_and_empty_questions_left_out() -> None:
    questions = [
        _question("g1", ("fut", "a sentence nobody wrote", 1)),
        _question("g2", ("nodoc", "Tier I", 1)),
        GoldQuestion(id="g3", question="?", answerable=False),
    ]
    gold = derive_qrels(questions, PASSAGES)
    assert gold.qrels == {}
    assert gold.unmatched == [
        ("g1", "fut", "a sentence nobody wrote", "quote not found in the document's passages"),
        ("g2", "nodoc", "Tier I", "document not in the index"),
    ]


def test_a_judged_paragraph_number_is_the_fallback_when_its_quote_is_cut() -> None:
    def passage(n: int, text: str, paragraph: str) -> Passage:
        return Passage(f"r:{n:04d}", "r", text, n, 0, len(text), paragraph=paragraph)

    # pieces 0 and 2 of paragraph 12 are not adjacent, so the quote is not found across them either
    passages = [
        passage(0, "12. The mission stepped up patrols in the capital", "12"),
        passage(2, "after the attacks on civilians in March.", "12"),
        passage(1, "13. Other.", "13"),
    ]
    question = GoldQuestion(
        id="s1",
        question="patrols",
        answerable=True,
        relevant=(
            {
                "doc_id": "r",
                "quote": "stepped up patrols in the capital after the attacks",
                "grade": 2,
                "paragraph": "12",
            },
            {"doc_id": "r", "quote": "Other.", "grade": 1, "paragraph": "13"},
        ),
    )
    gold = derive_qrels([question], passages)
    assert gold.qrels == {"s1": {"r:0000": 2, "r:0002": 2, "r:0001": 1}} and not gold.unmatched
