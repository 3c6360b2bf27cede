"""Paragraph alignment on two small editions written here, with hashed bag-of-words vectors
(meaning stands in as shared words; the real encoder's vectors are used in test_comparison)."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest

from assistant.editions.alignment import AlignedPair, AlignmentConfig, _longest_increasing, align
from assistant.editions.pair_features import FEATURES, PairScorer, row_probabilities
from assistant.editions.paragraphs import Paragraph
from assistant.editions.wording import ADDED, REMOVED, SAME, changed_share, word_diff

OLD = [
    "The present report is submitted pursuant to Security Council resolution 2313 (2016).",
    "The security situation remained relatively stable, with 42 homicides recorded in January.",
    "The national police continued to improve its performance in crime prevention and response.",
    "Cholera remained a serious concern, with 1,200 suspected cases recorded during the period.",
    "The Mission supported the electoral council in the organisation of the presidential vote.",
]
NEW = [
    "The present report is submitted pursuant to Security Council resolution 2313 (2016).",
    "The security situation remained relatively stable, with 47 homicides recorded in February.",
    "The Mission supported the electoral council in the organisation of the presidential vote.",
    "Gender-based violence cases reported to the Ombudsperson rose sharply in the capital region.",
    "The national police continued to improve its performance in crime prevention and response.",
]


def hashed_vectors(texts: list[str], dimension: int = 512) -> np.ndarray:
    out = np.zeros((len(texts), dimension), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"\w+", text.lower()):
            out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % dimension] += 1.0
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def paragraphs(texts: list[str]) -> list[Paragraph]:
    return [Paragraph(i, t, str(i + 1), page=1 + i // 2) for i, t in enumerate(texts)]


def test_each_paragraph_gets_its_counterpart_or_none() -> None:
    rows = align(paragraphs(OLD), paragraphs(NEW), hashed_vectors(OLD), hashed_vectors(NEW))
    # the police paragraph went from third to last: it is the one out of the common order
    assert [(r.status, r.old, r.new, r.moved) for r in rows] == [
        ("unchanged", 0, 0, False),
        ("revised", 1, 1, False),
        ("dropped", 3, None, False),  # before the next older paragraph kept in order
        ("unchanged", 4, 2, False),
        ("new", None, 3, False),
        ("unchanged", 2, 4, True),
    ]


def test_a_dropped_paragraph_comes_before_the_next_paragraph_kept_in_order() -> None:
    old = [OLD[0], OLD[3], OLD[1]]
    new = [NEW[0], NEW[1]]
    rows = align(paragraphs(old), paragraphs(new), hashed_vectors(old), hashed_vectors(new))
    assert [(r.status, r.old, r.new) for r in rows] == [
        ("unchanged", 0, 0),
        ("dropped", 1, None),
        ("revised", 2, 1),
    ]


def test_a_revised_pair_carries_its_word_diff() -> None:
    rows = align(paragraphs(OLD), paragraphs(NEW), hashed_vectors(OLD), hashed_vectors(NEW))
    revised = next(r for r in rows if r.status == "revised")
    removed = [s.text for s in revised.diff if s.op == REMOVED]
    added = [s.text for s in revised.diff if s.op == ADDED]
    assert removed == ["42", "January."] and added == ["47", "February."]
    assert 0.0 < revised.changed < 0.3


@pytest.mark.parametrize(
    "config",
    [AlignmentConfig(method="blend", threshold=1.01), AlignmentConfig(min_probability=1.0)],
    ids=["blend", "learned"],
)
def test_nothing_matches_when_the_threshold_is_above_every_score(config: AlignmentConfig) -> None:
    rows = align(
        paragraphs(OLD[1:2]),
        paragraphs(NEW[1:2]),
        hashed_vectors(OLD[1:2]),
        hashed_vectors(NEW[1:2]),
        config,
    )
    assert [(r.status, r.old, r.new) for r in rows] == [("new", None, 0), ("dropped", 0, None)]


def test_the_first_aligner_still_pairs_the_clear_counterparts() -> None:
    config = AlignmentConfig(method="blend")
    rows = align(paragraphs(OLD), paragraphs(NEW), hashed_vectors(OLD), hashed_vectors(NEW), config)
    assert {(r.old, r.new) for r in rows if r.status in ("revised", "unchanged")} == {
        (0, 0),
        (1, 1),
        (4, 2),
        (2, 4),
    }


def test_an_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="'nearest'"):
        align(
            paragraphs(OLD),
            paragraphs(NEW),
            hashed_vectors(OLD),
            hashed_vectors(NEW),
            AlignmentConfig(method="nearest"),
        )


def test_an_empty_side_is_all_new_or_all_dropped() -> None:
    empty = np.zeros((0, 512), dtype=np.float32)
    rows = align([], paragraphs(NEW[:2]), empty, hashed_vectors(NEW[:2]))
    assert [r.status for r in rows] == ["new", "new"]


def test_identical_editions_are_unchanged_in_order() -> None:
    rows = align(paragraphs(OLD), paragraphs(OLD), hashed_vectors(OLD), hashed_vectors(OLD))
    assert [(r.status, r.old, r.new, r.moved) for r in rows] == [
        ("unchanged", i, i, False) for i in range(len(OLD))
    ]


def test_word_diff_merges_runs_and_keeps_the_common_words() -> None:
    spans = word_diff("a b c d", "a x c d e")
    assert [(s.op, s.text) for s in spans] == [
        (SAME, "a"),
        (REMOVED, "b"),
        (ADDED, "x"),
        (SAME, "c d"),
        (ADDED, "e"),
    ]
    assert changed_share(spans) == 3 / 9
    assert changed_share(word_diff("same words", "same words")) == 0.0


def test_longest_increasing_run_leaves_the_moved_pair_out() -> None:
    assert _longest_increasing([(0, 0), (1, 3), (2, 1), (3, 2)]) == {(0, 0), (2, 1), (3, 2)}
    assert _longest_increasing([]) == set()


def test_a_paragraph_cut_in_overlapping_windows_is_joined_once() -> None:
    from assistant.editions.paragraphs import paragraphs_of
    from assistant.types import Passage

    texts = [
        "12. The police deployed. The army withdrew. The talks resumed in May.",
        "The talks resumed in May. Elections are due.",
        "Five.",
    ]
    passages = [
        Passage(f"p{i}", "d", t, i, 0, 0, page=1 + i, paragraph="12" if i < 2 else "13")
        for i, t in enumerate(texts)
    ]
    out, vectors = paragraphs_of(passages, hashed_vectors(texts))
    assert [(p.number, p.text, p.page, p.page_end) for p in out] == [
        (
            "12",
            "The police deployed. The army withdrew. The talks resumed in May. Elections are due.",
            1,
            2,
        ),
        ("13", "Five.", 3, 3),
    ]
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_a_word_shared_by_chance_at_a_cut_is_kept() -> None:
    from assistant.editions.paragraphs import _joined

    assert _joined(["in the middle of the", "the road was closed"]) == (
        "in the middle of the the road was closed"
    )


def _words_only_scorer() -> PairScorer:
    """A scorer that reads only the words two paragraphs share (a stand-in fit)."""
    weights = np.zeros(len(FEATURES))
    weights[FEATURES.index("words")] = 20.0
    return PairScorer(weights, -4.0, "words only")


def test_several_older_paragraphs_may_share_one_newer_one() -> None:
    old = [
        "The police recruited 500 new officers in March in the capital.",
        "The police trained 200 new officers in April in the north.",
        "Cholera cases fell sharply during the period under review.",
    ]
    new = [
        "Cholera cases fell sharply during the period under review.",
        "The police recruited 500 new officers in March in the capital and trained 200 new "
        "officers in April in the north.",
    ]
    rows = align(
        paragraphs(old),
        paragraphs(new),
        hashed_vectors(old),
        hashed_vectors(new),
        scorer=_words_only_scorer(),
    )
    # the newer police paragraph stands once beside each older one, in the older order
    assert [(r.status, r.old, r.new, r.shared, r.moved) for r in rows] == [
        ("unchanged", 2, 0, 1, True),
        ("revised", 0, 1, 2, False),
        ("revised", 1, 1, 2, False),
    ]
    assert all(0.7 < r.score <= 1.0 for r in rows)
    assert AlignedPair.from_dict(rows[1].to_dict()) == rows[1]


def test_a_pair_is_kept_only_above_the_least_probability() -> None:
    old, new = [OLD[1]], [NEW[1]]
    vectors = hashed_vectors(old), hashed_vectors(new)
    scorer = _words_only_scorer()
    probability = align(paragraphs(old), paragraphs(new), *vectors, scorer=scorer)[0].score
    kept = AlignmentConfig(min_probability=probability - 0.01)
    refused = AlignmentConfig(min_probability=probability + 0.01)
    assert align(paragraphs(old), paragraphs(new), *vectors, kept, scorer=scorer)[0].new == 0
    assert [r.status for r in align(paragraphs(old), paragraphs(new), *vectors, refused,
                                    scorer=scorer)] == ["new", "dropped"]  # fmt: skip


def test_row_probabilities_share_each_older_paragraph_with_none() -> None:
    scores = np.array([[0.0, np.log(2.0)], [-np.inf, -np.inf], [1000.0, 0.0]])
    probabilities = row_probabilities(scores)
    # row 0: weights 1, 2 and none's 1; row 1: only none; row 2: no overflow
    np.testing.assert_allclose(probabilities, [[0.25, 0.5], [0.0, 0.0], [1.0, 0.0]], atol=1e-12)


def test_longest_run_keeps_older_paragraphs_sharing_a_newer_one_in_order() -> None:
    assert _longest_increasing([(0, 0), (1, 2), (2, 2), (3, 1)]) == {(0, 0), (1, 2), (2, 2)}
