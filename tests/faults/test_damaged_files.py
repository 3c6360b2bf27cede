"""Hostile and damaged files: each is indexed or refused in one line naming the fix, never a crash.

The fast part runs a few hundred hypothesis cases; ``eval/faults.py --files N`` runs thousands.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import PocdocError
from eval.faults import SEEDS, check_file, mutate
from ingest.pipeline import ingest_paths
from tests.conftest import make_settings


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.sampled_from(sorted(SEEDS)),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["flip", "cut", "insert", "repeat"]),
            st.floats(0, 1),
            st.binary(min_size=1, max_size=64),
        ),
        max_size=4,
    ),
)
def test_a_damaged_file_is_indexed_or_refused_with_a_reason(
    tmp_path_factory, token_counter, seed, edits
) -> None:
    path = tmp_path_factory.mktemp("f") / seed
    path.write_bytes(mutate(SEEDS[seed], edits))
    outcome = check_file(path, token_counter)
    assert outcome in ("indexed", "refused"), outcome


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=3000),
    suffix=st.sampled_from([".pdf", ".md", ".txt", ".html", ".htm", ".markdown"]),
)
def test_random_bytes_under_any_suffix_never_crash_a_loader(
    tmp_path_factory, token_counter, data, suffix
) -> None:
    path = tmp_path_factory.mktemp("r") / f"random{suffix}"
    path.write_bytes(data)
    assert check_file(path, token_counter) in ("indexed", "refused")


def test_deeply_nested_html_is_refused_with_a_remedy_or_indexed(
    tmp_path: Path, token_counter
) -> None:
    from ingest.loaders import load_document

    path = tmp_path / "deep.html"
    path.write_text(
        "<div>" * 5_000 + "Protection of civilians" + "</div>" * 5_000, encoding="utf-8"
    )
    try:
        doc = load_document(path)
    except PocdocError as exc:
        assert "nested too deeply" in str(exc) and ".txt" in str(exc)
    else:
        assert "Protection of civilians" in doc.text


@pytest.mark.parametrize(
    "body", ["Civilians were protected by the patrol near the market on Tuesday.", "x" * 5000]
)
def test_a_one_line_text_file_is_indexed_not_eaten_by_its_title(
    tmp_path: Path, embedder, body
) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "one.txt").write_text(body + "\n", encoding="utf-8")
    s = make_settings(tmp_path / "h", corpus_dir=corpus)
    summary = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    assert summary.ok and summary.added == 1 and summary.passages_total >= 1
    from assistant.index import Ledger

    text = " ".join(p.text for p in Ledger(s.ledger_path).passages())
    assert body[:60] in text
    title = next(iter(Ledger(s.ledger_path).documents().values())).record.title
    assert 0 < len(title) <= 81


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path, embedder) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "big.txt").write_text("word " * 1000, encoding="utf-8")
    s = make_settings(tmp_path / "h", corpus_dir=corpus, ingest={"max_file_mb": 0.001})
    summary = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    (failure,) = summary.failed
    assert (
        "over the 0.001 MB limit (ingest.max_file_mb)" in failure.reason
        and "POCDOC_INGEST__MAX_FILE_MB" in failure.reason
    )
