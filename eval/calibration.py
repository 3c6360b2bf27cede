"""The abstention threshold, fitted honestly: in-sample, and by stratified k-fold cross-validation.

An answer abstains for one of two kinds of reason. Some do not depend on the threshold: a
question anchor no passage mentions, or a named document that is not indexed (*forced*), and a
glossary definition answers whatever the passages' score (*rescued*). The rest abstain when
their evidence score is below the threshold. Fitting and scoring follow that rule, so the
threshold is chosen for the questions it actually decides. Cross-validation fits the threshold on
k-1 folds and applies it to the held-out fold; the figures pool the held-out decisions.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from eval.metrics import abstention_scores

FOLDS = 5


@dataclass(frozen=True)
class ThresholdRow:
    """Abstention at one candidate threshold: abstain when the evidence score is below it."""

    threshold: float
    abstained_unanswerable: int
    abstained_answerable: int
    precision: float
    recall: float
    f1: float
    balanced_accuracy: float


@dataclass(frozen=True)
class Decision:
    """One question's abstention inputs."""

    should_abstain: bool  # the gold label: unanswerable
    score: float  # the evidence score
    forced: bool = False  # abstains whatever the threshold (missing anchor, document not indexed)
    rescued: bool = False  # answers whatever the threshold (a glossary definition)

    def abstains(self, threshold: float) -> bool:
        return self.forced or (not self.rescued and self.score < threshold)


def fit_threshold(decisions: Sequence[Decision]) -> tuple[float, list[ThresholdRow]]:
    """The threshold that maximises abstention F1 over ``decisions``; ties go to the higher
    balanced accuracy, then the lower threshold. Candidates: midpoints of the free scores."""
    free = sorted({d.score for d in decisions if not d.forced and not d.rescued} or {0.0})
    top = free[-1] + max(1e-3, 1e-3 * abs(free[-1]))
    candidates = [free[0], *((a + b) / 2 for a, b in zip(free, free[1:])), top]
    table = [row_at(t, decisions) for t in candidates]
    best = max(table, key=lambda r: (r.f1, r.balanced_accuracy, -r.threshold))
    return best.threshold, table


def calibrate_threshold(
    scores_answerable: Sequence[float], scores_unanswerable: Sequence[float]
) -> tuple[float, list[ThresholdRow]]:
    """:func:`fit_threshold` for plain evidence scores (nothing forced or rescued).

    Candidates are the lowest score (abstain on nothing), the midpoints between consecutive
    distinct scores, and a value just above the highest score (abstain on everything). F1 rather
    than balanced accuracy is the criterion because unanswerable questions are the minority a gold
    set is built to catch; the table carries both so a reader can choose otherwise.
    """
    if not scores_answerable or not scores_unanswerable:
        raise ValueError(
            "calibration needs evidence scores of both answerable and unanswerable questions"
        )
    return fit_threshold(
        [Decision(False, float(s)) for s in scores_answerable]
        + [Decision(True, float(s)) for s in scores_unanswerable]
    )


def row_at(threshold: float, decisions: Sequence[Decision]) -> ThresholdRow:
    """Abstention figures at ``threshold``."""
    did = [d.abstains(threshold) for d in decisions]
    scores = abstention_scores([d.should_abstain for d in decisions], did)
    return ThresholdRow(
        threshold=threshold,
        abstained_unanswerable=sum(a for a, d in zip(did, decisions) if d.should_abstain),
        abstained_answerable=sum(a for a, d in zip(did, decisions) if not d.should_abstain),
        **vars(scores),
    )


def cross_validate(decisions: Sequence[Decision], *, folds: int = FOLDS, seed: int = 42) -> dict:
    """Stratified k-fold figures: each fold's threshold is fitted on the other folds."""
    order = {True: [], False: []}
    for i, d in enumerate(decisions):
        order[d.should_abstain].append(i)
    rng = random.Random(seed)
    fold_of: dict[int, int] = {}
    for group in order.values():
        rng.shuffle(group)
        for rank, i in enumerate(group):
            fold_of[i] = rank % folds
    did: dict[int, bool] = {}
    thresholds = []
    for f in range(folds):
        train = [d for i, d in enumerate(decisions) if fold_of[i] != f]
        if not any(d.should_abstain for d in train) or all(d.should_abstain for d in train):
            raise ValueError(
                "cross-validation needs answerable and unanswerable questions in every training split"
            )
        threshold, _ = fit_threshold(train)
        thresholds.append(threshold)
        did |= {i: d.abstains(threshold) for i, d in enumerate(decisions) if fold_of[i] == f}
    flags = [did[i] for i in range(len(decisions))]
    scores = abstention_scores([d.should_abstain for d in decisions], flags)
    answerable = [i for i, d in enumerate(decisions) if not d.should_abstain]
    return {
        "folds": folds,
        "seed": seed,
        "thresholds": thresholds,
        **vars(scores),
        "answerable_abstained": sum(did[i] for i in answerable) / len(answerable),
    }
