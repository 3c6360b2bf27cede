"""The ``[language]`` settings section: questions in other languages and the interface's language."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class LanguageSettings(BaseModel):
    """How a question not in English is read, and which language the fixed texts are shown in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cross_lingual: bool = Field(
        default=True,
        description="Read each question's language; a question not in English is answered through "
        "the glossary's names in its language and, with pocdoc[multilingual], a second dense arm "
        "over multilingual passage vectors. Off: every question takes the English path.",
    )
    index_at_ingest: bool = Field(
        default=True,
        description="After each ingest, record each passage's language and, with "
        "pocdoc[multilingual] installed, its multilingual vector (POCDOC_HOME/languages.npz).",
    )
    interface: Literal["auto", "en", "fr", "es"] = Field(
        default="auto",
        description="Language of the interface's fixed texts (abstention, notes, captions, "
        "buttons): auto follows the question's language.",
    )
    multilingual_weight: float = Field(
        default=0.5,
        ge=0.0,
        description="RRF weight of the multilingual dense arm beside the dense and BM25 arms of "
        "the question read in English words (0 turns the arm off). Half a vote: on the French and "
        "Spanish dev half, 0.5 gave 0.900 / 0.867 right passage in the top 5, 0.25 0.900 / 0.867, "
        "1 and 2 0.833 / 0.833 (multilingual-e5-small, word matching off).",
    )
    word_threshold: float = Field(
        default=1.0,
        ge=0.0,
        le=1.0,
        description="Least cosine at which a word of the question's language is read as the corpus "
        "word nearest it in the multilingual space (with pocdoc[multilingual]); 1 turns it off, "
        "the default: with multilingual-e5-small every word has a neighbour above 0.87, and on the "
        "dev half 0.9, 0.93 and 0.95 each read as many words wrong as right (French 0.833-0.867 "
        "against 0.900 off).",
    )
    passage_languages: tuple[str, ...] = Field(
        default=(),
        description="Keep only passages in these languages (ISO 639-1 codes, e.g. ['fr']) for "
        "questions not in English; empty keeps all.",
    )
