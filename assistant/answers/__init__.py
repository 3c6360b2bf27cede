"""Answers: the reading of a question (form, anchors, follow-ups), answer units, their scoring and composition, abstention, definitions, and the optional generative mode with its support check."""

from __future__ import annotations

from assistant.answers.answering import Assistant
from assistant.answers.blocks import is_heading_like
from assistant.answers.composer import Composer
from assistant.answers.conversation import resolve_follow_up
from assistant.answers.features import FEATURES
from assistant.answers.languages import LanguageRoute
from assistant.answers.learned import FORMAT as SCORER_FORMAT
from assistant.answers.learned import MODEL_PATH as SCORER_PATH
from assistant.answers.llm import build_llm
from assistant.answers.multilingual import MultilingualAssistant
from assistant.answers.table_rows import quoted_row
from assistant.answers.units import encoded_text, units_of

__all__ = [
    "FEATURES",
    "SCORER_FORMAT",
    "SCORER_PATH",
    "Assistant",
    "Composer",
    "LanguageRoute",
    "MultilingualAssistant",
    "build_llm",
    "encoded_text",
    "is_heading_like",
    "quoted_row",
    "resolve_follow_up",
    "units_of",
]
