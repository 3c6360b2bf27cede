"""The ``[answer.compose]`` settings section: the numbers by which extractive answers pick and
quote their units (:mod:`assistant.answers.selection`, :mod:`assistant.answers.spans`).

Every eval run records them with the rest of the settings. The scorer's weights are learned and
shipped apart (``assistant/answers/data/scorer.json``); these are the shares and sizes that act on
its scores. The defaults are the values the dev splits were measured with (eval/RESULTS.md);
``relative_floor`` and ``cover_share``, then ``word_budget``, ``max_span_sentences`` and
``overrun``, are fitted on the dev splits with grouped cross-validation by question
(``python -m eval.fit_compose``, any field can be put on its grid).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ComposeSettings(BaseModel):
    """Selection (which scored units an answer quotes) and spans (how much of a passage each
    quote takes)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mmr_lambda: float = Field(
        default=0.35,
        ge=0.0,
        le=1.0,
        description="Weight of a unit's similarity to units already picked (maximal marginal "
        "relevance), so an answer does not say one thing twice.",
    )
    relative_floor: float = Field(
        default=0.6,
        ge=0.0,
        le=1.0,
        description="A unit joins the answer only if it scores at least this share of the best unit.",
    )
    factoid_floor: float = Field(
        default=0.8,
        ge=0.0,
        le=1.0,
        description="The same share for a factoid: it wants its value, not the neighbourhood.",
    )
    factoid_units: int = Field(
        default=2, ge=1, le=20, description="Most passages a factoid's answer quotes."
    )
    value_share: float = Field(
        default=0.4,
        ge=0.0,
        le=1.0,
        description="A factoid's units that state the value asked compete alone when the best of "
        "them scores this share of the best unit.",
    )
    cover_share: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="A side the question names (a document, mission, year or part) that the answer "
        "leaves out is quoted if its best unit scores this share of the best unit.",
    )
    advice_none: float = Field(
        default=0.6,
        ge=0.0,
        le=1.0,
        description="A procedure unit's advice fit at or below which it neither recommends nor "
        "stands in a recommendations section (assistant.answers.unit_rules.advice_weight).",
    )
    repeat_at: float = Field(
        default=0.6,
        ge=0.0,
        le=1.0,
        description="Content-word overlap with an earlier answer of the conversation above which a "
        "unit is already said.",
    )
    contained: float = Field(
        default=0.9,
        ge=0.0,
        le=1.0,
        description="A quote with this share of its words in an earlier quote says nothing new.",
    )
    max_span_sentences: int = Field(
        default=3,
        ge=1,
        le=20,
        description="Most sentences one quote takes from its passage (picked ones, what lies "
        "between, and the neighbours that lean on them).",
    )
    continuation_words: int = Field(
        default=120,
        ge=0,
        description="A list cut at the end of its passage goes on in the next passage for at most "
        "this many words.",
    )
    elaborate_below: int = Field(
        default=80,
        ge=0,
        description="A description's answer shorter than this many words goes on in its quotes' "
        "paragraphs.",
    )
    word_budget: int = Field(
        default=280,
        ge=1,
        description="No unit is added once the answer's quotes hold this many words (the first "
        "always is; a treaty article's paragraph counts the words of the article's run it quotes).",
    )
    factoid_budget: int = Field(
        default=160,
        ge=1,
        description="The word budget of a factoid's answer (in place of word_budget), counted in "
        "its units' words: it wants its value, not the neighbourhood.",
    )
    overrun: float = Field(
        default=1.0,
        ge=1.0,
        description="... nor one that would take the answer past this multiple of the word budget.",
    )
    factoid_overrun: float = Field(
        default=1.5,
        ge=1.0,
        description="The same multiple of a factoid's budget.",
    )
