"""The run folder: from literal runs, and end to end through run_eval with a fake engine.

The fake engine stands in for ``assistant.retrieval.engine.Engine`` so these tests need neither the model
nor an index; it ranks passages by shared words. The real engine is exercised by
tests/assistant/test_engine.py.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import ir_measures
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from ranx import Qrels, Run

from assistant.errors import ConfigError, DatasetError
from assistant.types import Answer, Citation, Hit, Passage
from eval.cli import run_eval
from eval.config import EvalConfig, load_config
from eval.metrics import AnswerOutcome, evaluate_per_query
from eval.report import write_report
from eval.runner import EvalResult, RetrieverResult, strictly_decreasing

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# --------------------------------------------------------------------------- literal runs

QRELS = {"q1": {"d1": 2, "d2": 1}, "q2": {"d3": 1}}
BASE = {
    "q1": {"d4": 3.0, "d1": 2.0},
    "q2": {"d5": 3.0, "d6": 2.0, "d3": 1.0},
}  # relevant at 2 and 3
BEST = {"q1": {"d1": 0.9, "d2": 0.8}, "q2": {"d3": 0.7, "d5": 0.1}}  # relevant first everywhere


def literal_result() -> EvalResult:
    return EvalResult(
        dataset={"kind": "gold", "questions": 3, "answerable": 2, "unanswerable": 1, "judged": 2, "passages": 6,
                 "spanning_quotes": 0, "unmatched_quotes": [{"id": "g9", "doc_id": "x", "quote": "lost", "why": "document not in the index"}]},
        queries={"q1": "first", "q2": "second"},
        qrels=QRELS,
        retrievers={
            "baseline": RetrieverResult(run=BASE, latencies_ms=[10.0, 30.0], short_lists=2),
            "hybrid": RetrieverResult(run=BEST, latencies_ms=[5.0, 7.0], score_fixes=1),
        },
        skipped={"hybrid_rerank": "no reranker is configured"},
        answers=[
            AnswerOutcome("q1", True, False, 0.8, ("d1",), True, 1, 1, 12.0),
            AnswerOutcome("q2", True, False, 0.6, ("d9",), False, 1, 0, 14.0),
            AnswerOutcome("u1", False, True, 0.2, (), None, 0, 0, 9.0),
        ],
    )  # fmt: skip


def literal_config(**changes) -> EvalConfig:
    base = {"name": "t", "dataset": {"kind": "gold", "path": "g.jsonl"}, "retrievers": ["baseline", "hybrid"],
            "metrics": ["ndcg@10", "recall@2", "mrr@10"], "k": 10, "bootstrap": 200}  # fmt: skip
    return EvalConfig.model_validate(base | changes)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    settings = {
        "pocdoc": {"answer": {"abstain_threshold": 0.35}},
        "eval": {"name": "t"},
        "versions": {"ranx": "x"},
    }
    return write_report(
        tmp_path_factory.mktemp("run") / "t-1",
        literal_result(),
        literal_config(),
        settings_data=settings,
        fingerprint="abc123",
    )


def test_the_run_folder_holds_every_documented_file(folder: Path) -> None:
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert names == {
        "settings.json", "fingerprint.txt", "qrels.trec", "metrics.json", "report.md", "answers.jsonl",
        "runs/baseline.trec", "runs/hybrid.trec",
        "plots/metrics.png", "plots/recall_at_k.png", "plots/latency.png", "plots/abstention.png",
    }  # fmt: skip
    assert (
        json.loads((folder / "settings.json").read_text())["pocdoc"]["answer"]["abstain_threshold"]
        == 0.35
    )
    assert (folder / "fingerprint.txt").read_text() == "abc123\n"


def test_trec_run_lines_are_qid_q0_docid_rank_score_tag(folder: Path) -> None:
    lines = (folder / "runs" / "baseline.trec").read_text().splitlines()
    assert lines == ["q1 Q0 d4 1 3.0 baseline", "q1 Q0 d1 2 2.0 baseline",
                     "q2 Q0 d5 1 3.0 baseline", "q2 Q0 d6 2 2.0 baseline", "q2 Q0 d3 3 1.0 baseline"]  # fmt: skip
    assert (folder / "qrels.trec").read_text().splitlines() == [
        "q1 0 d1 2",
        "q1 0 d2 1",
        "q2 0 d3 1",
    ]


def test_ranx_reads_the_trec_files_back(folder: Path) -> None:
    assert Run.from_file(str(folder / "runs" / "hybrid.trec"), kind="trec").to_dict() == BEST
    assert Qrels.from_file(str(folder / "qrels.trec"), kind="trec").to_dict() == QRELS


def test_trec_eval_recomputes_the_reported_figures_from_the_files(folder: Path) -> None:
    metrics = json.loads((folder / "metrics.json").read_text())
    qrels = list(ir_measures.read_trec_qrels(str(folder / "qrels.trec")))
    for name in ("baseline", "hybrid"):
        run = list(ir_measures.read_trec_run(str(folder / "runs" / f"{name}.trec")))
        got = ir_measures.calc_aggregate([ir_measures.nDCG @ 10, ir_measures.RR @ 10], qrels, run)
        assert got[ir_measures.nDCG @ 10] == pytest.approx(
            metrics["retrievers"][name]["mean"]["ndcg@10"]
        )
        assert got[ir_measures.RR @ 10] == pytest.approx(
            metrics["retrievers"][name]["mean"]["mrr@10"]
        )


def test_metrics_json_carries_means_ratios_latency_and_calibration(folder: Path) -> None:
    m = json.loads((folder / "metrics.json").read_text())
    base, best = m["retrievers"]["baseline"], m["retrievers"]["hybrid"]
    # baseline: q1 relevant d1 (grade 2) at rank 2 -> RR 1/2; q2 d3 at rank 3 -> RR 1/3
    assert base["mean"]["mrr@10"] == pytest.approx((1 / 2 + 1 / 3) / 2)
    # baseline recall@2: q1 1 of 2, q2 0 of 1; hybrid: both relevant in the top 2 everywhere
    assert base["mean"]["recall@2"] == pytest.approx(0.25)
    assert best["mean"] == pytest.approx({"ndcg@10": 1.0, "recall@2": 1.0, "mrr@10": 1.0})
    assert best["ratio_to_baseline"]["mrr@10"] == pytest.approx(1 / (5 / 12))
    assert best["ratio_to_baseline"]["latency_p50"] == pytest.approx(6.0 / 20.0)
    assert base["latency_ms"]["p50"] == pytest.approx(20.0)
    assert set(best["significance"]) == {"ndcg@10", "recall@2", "mrr@10"}
    assert base["recall_at_k"] == pytest.approx(
        {"1": 0.0, "2": 0.25, "3": 0.75, "5": 0.75, "10": 0.75}
    )
    assert best["per_query"]["mrr@10"] == {"q1": 1.0, "q2": 1.0}
    assert m["answers"]["citation_correctness"] == pytest.approx(0.5)
    assert m["calibration"]["threshold"] == pytest.approx(0.4)  # between 0.2 (unanswerable) and 0.6
    assert m["calibration"]["current_threshold"] == 0.35
    assert m["skipped"] == {"hybrid_rerank": "no reranker is configured"}


def test_report_md_has_the_comparison_table_legend_and_calibration(folder: Path) -> None:
    md = (folder / "report.md").read_text()
    assert "| Retriever | ndcg@10 | recall@2 | mrr@10 | p50 ms | p95 ms |" in md
    assert re.search(
        r"\| baseline \(baseline\) \| 0\.\d{3} \| 0\.250 \| 0\.417 \| 20\.0 \| 29\.0 \|", md
    )
    assert "| hybrid | 1.000" in md
    assert (
        "† significantly better than `baseline`, ‡ significantly worse (paired Student's t-test, p < 0.05"
        in md
    )
    assert "Corpus fingerprint: `abc123`" in md
    assert "Recommended `answer.abstain_threshold = 0.4000`" in md
    assert "| **0.4000** | 1 | 0 |" in md
    # current 0.35: abstains on the unanswerable 0.2 only -> precision 1, recall 1
    assert "The current setting 0.35 would give F1 1.000 (precision 1.000, recall 1.000)" in md
    assert "`hybrid_rerank` did not run: no reranker is configured." in md
    assert "`baseline` returned fewer than k = 10 passages for 2 queries." in md
    assert (
        "`hybrid`: scores not below the one ranked above them at float32 precision (trec_eval's) were nudged down 1 times"
        in md
    )
    assert "Gold `g9`: quote in `x` unmatched (document not in the index)" in md
    for png in ("metrics", "recall_at_k", "latency", "abstention"):
        assert f"(plots/{png}.png)" in md


def test_plots_are_valid_pngs(folder: Path) -> None:
    import matplotlib.image

    for path in (folder / "plots").glob("*.png"):
        assert path.read_bytes()[:8] == PNG_MAGIC
        height, width, _ = matplotlib.image.imread(path).shape
        assert (width, height) == (700, 400)


def test_a_significant_win_is_marked_with_a_dagger(tmp_path: Path) -> None:
    qrels = {f"q{i}": {"rel": 1} for i in range(8)}
    result = EvalResult(
        dataset={
            "kind": "beir",
            "name": "mini",
            "corpus": 3,
            "queries": 8,
            "judged": 8,
            "evaluated": 8,
        },
        queries={q: q for q in qrels},
        qrels=qrels,
        retrievers={
            "baseline": RetrieverResult(
                {q: ({"x": 2.0, "rel": 1.0} if i % 2 else {"x": 1.0}) for i, q in enumerate(qrels)}
            ),
            "bm25": RetrieverResult({q: {"rel": 1.0} for q in qrels}),
            "dense": RetrieverResult({q: {"x": 1.0} for q in qrels}),
        },
    )
    config = literal_config(
        dataset={"kind": "beir"},
        retrievers=["baseline", "bm25", "dense"],
        metrics=["mrr@10"],
        latency=False,
    )
    md = (
        write_report(tmp_path / "r", result, config, settings_data={}, fingerprint="f")
        / "report.md"
    ).read_text()
    assert "| bm25 | 1.000† |" in md  # RR 1 everywhere against 1/2 on half the queries
    assert "| dense | 0.000‡ |" in md
    assert "p50 ms" not in md and not (tmp_path / "r" / "plots" / "latency.png").exists()
    assert "## Answers" not in md


# --------------------------------------------------------------------------- rank-preserving scores


def _f32_below(x: float) -> float:
    return float(np.nextafter(np.float32(x), np.float32(-np.inf)))


def test_ties_and_inversions_are_nudged_below_the_score_above_at_float32_precision() -> None:
    ranked = [("a", 0.5), ("b", 0.5), ("c", 0.9), ("a", 0.1), ("d", 0.5 - 1e-9), ("e", 0.2)]
    scores, fixes = strictly_decreasing(ranked)
    assert list(scores) == ["a", "b", "c", "d", "e"]  # a listed twice keeps its first rank
    assert scores["a"] == 0.5 and scores["b"] == _f32_below(0.5)
    assert scores["c"] == _f32_below(scores["b"])
    assert scores["d"] == _f32_below(scores["c"])  # below c in double precision, but not in float32
    assert scores["e"] == 0.2
    assert fixes == 3


def test_trec_eval_keeps_the_engine_order_of_tied_passages() -> None:
    # Tied at 0.5; the engine ranked "a" first. trec_eval would put "b" first (ties: higher doc id).
    scores, _ = strictly_decreasing([("a", 0.5), ("b", 0.5)])
    assert evaluate_per_query({"q": {"b": 1}}, {"q": scores}, ["ndcg@10"])["ndcg@10"][
        "q"
    ] == pytest.approx(1 / math.log2(3))


@given(
    st.lists(st.tuples(st.text("abcdef", min_size=1, max_size=2), st.floats(-10, 10)), max_size=30)
)
def test_scores_always_decrease_strictly_in_the_given_order(
    ranked: list[tuple[str, float]],
) -> None:
    scores, _ = strictly_decreasing(ranked)
    assert list(scores) == list(dict.fromkeys(pid for pid, _ in ranked))
    values = [np.float32(v) for v in scores.values()]
    assert all(a > b for a, b in zip(values, values[1:]))


# --------------------------------------------------------------------------- run_eval with a fake engine


def _passage(pid: str, doc_id: str, text: str, ordinal: int) -> Passage:
    return Passage(
        passage_id=pid, doc_id=doc_id, text=text, ordinal=ordinal, char_start=0, char_end=len(text)
    )


PASSAGES = [
    _passage(
        "poc-0", "poc", "Peacekeepers protect civilians under threat of physical violence.", 0
    ),
    _passage("poc-1", "poc", "Protection through dialogue and engagement is tier one.", 1),
    _passage("poc-2", "poc", "Missions establish a protective environment as tier three.", 2),
    _passage("gc4-0", "gc4", "Civilians in occupied territory are protected persons.", 0),
]


@dataclass
class FakeEngine:
    """Ranks passages by the words they share with the query; ``baseline`` reverses that order."""

    has_reranker: bool = False
    calls: list[tuple[str, str]] = field(default_factory=list)

    def _rank(self, query: str) -> list[tuple[Passage, float]]:
        words = set(re.findall(r"\w+", query.lower()))
        scored = [
            (p, float(len(words & set(re.findall(r"\w+", p.text.lower()))))) for p in PASSAGES
        ]
        return sorted(scored, key=lambda item: -item[1])

    def retrieve(self, query: str, *, top_k: int, method: str = "hybrid") -> list[Hit]:
        self.calls.append((method, query))
        return [Hit(p, s, i) for i, (p, s) in enumerate(self._rank(query)[:top_k], start=1)]

    def baseline_retrieve(self, query: str, *, top_k: int) -> list[Hit]:
        self.calls.append(("baseline", query))
        return [
            Hit(p, float(i), i)
            for i, (p, _) in enumerate(reversed(self._rank(query)[:top_k]), start=1)
        ]

    def ask(self, question: str) -> Answer:
        (best, score), *_ = self._rank(question)
        if score < 2:
            return Answer(
                question=question,
                answer="I cannot answer.",
                abstained=True,
                citations=(),
                evidence_score=score / 10,
            )
        citation = Citation(
            1,
            best.passage_id,
            best.doc_id,
            "",
            "",
            "",
            "",
            None,
            "",
            "",
            "",
            best.text,
            score,
            quote=best.text[:20],
        )
        return Answer(
            question=question,
            answer="...",
            abstained=False,
            citations=(citation,),
            evidence_score=score / 10,
        )

    def passages(self):
        return iter(PASSAGES)

    def fingerprint(self) -> str:
        return "fake-fingerprint"


GOLD = [
    {"id": "g1", "question": "Who protects civilians under threat?", "answerable": True,
     "relevant": [{"doc_id": "poc", "quote": "protect civilians under threat", "grade": 2}]},
    {"id": "g2", "question": "What is tier one, dialogue?", "answerable": True,
     "relevant": [{"doc_id": "poc", "quote": "Protection through dialogue", "grade": 1}]},
    {"id": "g3", "question": "What are protected persons in occupied territory?", "answerable": True,
     "relevant": [{"doc_id": "gc4", "quote": "are protected persons", "grade": 1}]},
    {"id": "u1", "question": "What is the budget of Mars?", "answerable": False, "relevant": []},
    {"id": "u2", "question": "Who won the football cup?", "answerable": False, "relevant": []},
]  # fmt: skip

CONFIG = """
name = "fake"
retrievers = ["baseline", "bm25", "hybrid", "hybrid_rerank"]
metrics = ["ndcg@3", "recall@1", "mrr@3"]
k = 3
bootstrap = 200
output_dir = "{out}"
{extra}
[dataset]
kind = "gold"
path = "gold.jsonl"
"""


def write_config(tmp_path: Path, extra: str = "") -> Path:
    (tmp_path / "gold.jsonl").write_text(
        "".join(json.dumps(g) + "\n" for g in GOLD), encoding="utf-8"
    )
    path = tmp_path / "run.toml"
    path.write_text(
        CONFIG.format(out=(tmp_path / "runs").as_posix(), extra=extra), encoding="utf-8"
    )
    return path


def test_run_eval_writes_a_complete_run_folder(tmp_path: Path, settings) -> None:
    engine = FakeEngine()
    folder = run_eval(write_config(tmp_path), settings=settings, engine=engine, progress=False)
    assert folder.parent == tmp_path / "runs" and folder.name.startswith("fake-")
    metrics = json.loads((folder / "metrics.json").read_text())
    assert list(metrics["retrievers"]) == ["baseline", "bm25", "hybrid"]
    assert metrics["skipped"]["hybrid_rerank"].startswith("no reranker is configured")
    assert (
        metrics["retrievers"]["bm25"]["mean"]["mrr@3"] == 1.0
    )  # the quoted passage shares most words
    assert metrics["dataset"]["judged"] == 3 and metrics["dataset"]["path"] == str(
        tmp_path / "gold.jsonl"
    )
    # one untimed warm-up per retriever, then the 3 judged questions; every retriever saw the same queries
    assert [c for c in engine.calls if c[0] == "bm25"][1:] == [
        ("bm25", g["question"]) for g in GOLD[:3]
    ]
    assert metrics["retrievers"]["bm25"]["latency_ms"]["n"] == 3
    assert (
        metrics["answers"]["questions"] == 5 and metrics["answers"]["citation_correctness"] == 1.0
    )
    assert metrics["calibration"]["table"]
    recorded = json.loads((folder / "settings.json").read_text())
    assert recorded["eval"]["name"] == "fake"
    assert recorded["pocdoc"]["home"] == str(settings.home)
    assert recorded["versions"]["ranx"] != "not installed"
    assert recorded["model"]["name"]
    assert (folder / "fingerprint.txt").read_text() == "fake-fingerprint\n"
    assert (folder / "runs" / "hybrid.trec").read_text().startswith("g1 Q0 poc-0 1 ")


def test_limit_keeps_the_first_answerable_and_unanswerable_questions(
    tmp_path: Path, settings
) -> None:
    folder = run_eval(
        write_config(tmp_path, "limit = 1"), settings=settings, engine=FakeEngine(), progress=False
    )
    metrics = json.loads((folder / "metrics.json").read_text())
    assert (metrics["dataset"]["questions"], metrics["dataset"]["judged"]) == (2, 1)
    assert list(metrics["retrievers"]["bm25"]["per_query"]["mrr@3"]) == ["g1"]


def test_a_missing_reranker_stops_the_run_when_asked_to(tmp_path: Path, settings) -> None:
    with pytest.raises(ConfigError, match="'hybrid_rerank' cannot run: no reranker"):
        run_eval(
            write_config(tmp_path, 'on_unavailable = "error"'),
            settings=settings,
            engine=FakeEngine(),
            progress=False,
        )


def test_a_gold_set_no_passage_matches_is_a_dataset_error(tmp_path: Path, settings) -> None:
    path = write_config(tmp_path)
    (tmp_path / "gold.jsonl").write_text(
        json.dumps({**GOLD[0], "relevant": [{"doc_id": "poc", "quote": "zzz"}]}) + "\n"
    )
    with pytest.raises(DatasetError, match="no gold quote matched any of the 4 indexed passages"):
        run_eval(path, settings=settings, engine=FakeEngine(), progress=False)


def test_beir_flag_needs_a_beir_config(tmp_path: Path, settings) -> None:
    with pytest.raises(ConfigError, match="--beir needs a config with dataset.kind = 'beir'"):
        run_eval(
            write_config(tmp_path),
            beir=tmp_path,
            settings=settings,
            engine=FakeEngine(),
            progress=False,
        )


def test_a_beir_config_without_a_folder_says_to_pass_one(tmp_path: Path, settings) -> None:
    path = tmp_path / "beir.toml"
    path.write_text('name = "b"\n[dataset]\nkind = "beir"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="pass --beir PATH"):
        run_eval(path, settings=settings, engine=FakeEngine(), progress=False)


def write_mini_beir(tmp_path: Path, retrievers: str = '["baseline", "dense"]') -> tuple[Path, Path]:
    beir = tmp_path / "mini"
    (beir / "qrels").mkdir(parents=True)
    (beir / "corpus.jsonl").write_text(
        "".join(
            json.dumps({"_id": p.passage_id, "title": "", "text": p.text}) + "\n" for p in PASSAGES
        )
    )
    (beir / "queries.jsonl").write_text(
        '{"_id": "b1", "text": "protect civilians under threat"}\n{"_id": "b2", "text": "unjudged"}\n'
    )
    (beir / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\nb1\tpoc-0\t1\nb2\tpoc-1\t0\n"
    )
    config = tmp_path / "beir.toml"
    config.write_text(
        f'name = "b"\nretrievers = {retrievers}\nmetrics = ["mrr@10"]\nbootstrap = 100\n[dataset]\nkind = "beir"\n'
    )
    return config, beir


def test_run_eval_on_a_beir_folder(tmp_path: Path, settings) -> None:
    config, beir = write_mini_beir(tmp_path)
    folder = run_eval(
        config,
        beir=beir,
        out=tmp_path / "out",
        settings=settings,
        engine=FakeEngine(),
        progress=False,
    )
    metrics = json.loads((folder / "metrics.json").read_text())
    assert folder == tmp_path / "out"
    assert metrics["dataset"] | {"path": None} == {
        "kind": "beir",
        "name": "mini",
        "corpus": 4,
        "queries": 2,
        "judged": 1,
        "evaluated": 1,
        "path": None,
    }
    assert metrics["retrievers"]["dense"]["mean"]["mrr@10"] == 1.0
    assert metrics["answers"] is None


def test_a_beir_run_indexes_into_its_own_collection_with_the_real_engine(
    tmp_path: Path, settings
) -> None:
    """Real ingest (index_passages), model and Engine: the doctrine index is never touched."""
    config, beir = write_mini_beir(tmp_path, '["baseline", "dense", "bm25", "hybrid"]')
    folder = run_eval(config, beir=beir, out=tmp_path / "out", settings=settings, progress=False)
    recorded = json.loads((folder / "settings.json").read_text())
    assert recorded["pocdoc"]["store"]["collection"] == "beir-mini"
    assert recorded["pocdoc"]["home"] == str(settings.home / "eval" / "beir-mini")
    assert recorded["pocdoc"]["corpus_dir"] == str(beir)
    assert not settings.ledger_path.exists()
    metrics = json.loads((folder / "metrics.json").read_text())
    assert metrics["dataset"]["ingest_failures"] == []
    assert (
        metrics["retrievers"]["bm25"]["mean"]["mrr@10"] == 1.0
    )  # the judged passage holds every query word
    assert set(metrics["retrievers"]) == {"baseline", "dense", "bm25", "hybrid"}
    assert (folder / "runs" / "baseline.trec").read_text().count(
        "\n"
    ) == 4  # 4 passages in the corpus, k = 100


def test_a_non_empty_out_folder_is_refused(tmp_path: Path, settings) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.md").write_text("x")
    with pytest.raises(ConfigError, match="exists and is not empty: pass a new --out"):
        run_eval(
            write_config(tmp_path),
            out=tmp_path / "out",
            settings=settings,
            engine=FakeEngine(),
            progress=False,
        )


# --------------------------------------------------------------------------- run config


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = \n", "is not valid TOML"),
        ('name = "x"\n', "'dataset': Field required"),
        (
            'name = "x"\ncolour = 1\n[dataset]\nkind = "gold"\n',
            "'colour': Extra inputs are not permitted",
        ),
        (
            'name = "x"\nmetrics = ["ndgc@10"]\n[dataset]\nkind = "gold"\n',
            "unknown metric 'ndgc@10'",
        ),
        ('name = "x"\nmetrics = ["mrr@10", "mrr@10"]\n[dataset]\nkind = "gold"\n', "listed twice"),
        (
            'name = "x"\nretrievers = ["dense"]\n[dataset]\nkind = "gold"\n',
            "baseline 'baseline' is not in retrievers",
        ),
        (
            'name = "x"\nretrievers = ["baseline", "splade"]\n[dataset]\nkind = "gold"\n',
            "'retrievers.1'",
        ),
        (
            'name = "x"\nk = 10\nmetrics = ["recall@100"]\n[dataset]\nkind = "gold"\n',
            "deeper than the retrieval depth k=10",
        ),
        ('name = "x"\nsignificance = "wilcoxon"\n[dataset]\nkind = "gold"\n', "'significance'"),
        ('name = "x"\n[dataset]\nkind = "trec"\n', "'dataset.kind'"),
        (
            'name = "x"\n[dataset]\nkind = "gold"\n[index]\ncollection = "a b"\npaths = ["c"]\n',
            "'index.collection'",
        ),
    ],
)
def test_bad_run_configs_name_the_file_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_a_missing_config_file_names_an_example(tmp_path: Path) -> None:
    with pytest.raises(
        ConfigError, match="does not exist: pass a file such as eval/configs/smoke.toml"
    ):
        load_config(tmp_path / "none.toml")


@pytest.mark.parametrize("name", ["smoke", "gold", "beir", "scale"])
def test_bundled_configs_load(repo_root: Path, name: str) -> None:
    config = load_config(repo_root / "eval" / "configs" / f"{name}.toml")
    assert config.name == name and config.baseline in config.retrievers
    if config.dataset.path is not None:
        assert config.dataset.path == repo_root / "eval" / "gold" / "poc_gold.jsonl"
    if config.index is not None:
        assert config.index.paths[0] == repo_root / "corpus"
