"""What an evaluation runs against: the assistant, its retrieval engine and the llama-index baseline,
behind the :class:`eval.runner.EvalEngine` methods (tests drive the runner with a small fake)."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.answers import Assistant
from assistant.modes import Method
from assistant.types import Answer, Hit, Passage
from eval.baseline import BaselineRetriever


class EvalSubject:
    """An :class:`Assistant` seen as an ``EvalEngine``."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.engine = assistant.engine
        self._baseline = BaselineRetriever(self.engine)

    @property
    def has_reranker(self) -> bool:
        return self.engine.has_reranker

    def retrieve(
        self, query: str, *, top_k: int, method: Method | str = Method.HYBRID
    ) -> list[Hit]:
        return self.engine.retrieve(query, top_k=top_k, method=method)

    def baseline_retrieve(self, query: str, *, top_k: int) -> list[Hit]:
        return self._baseline.retrieve(query, top_k=top_k)

    def ask(self, question: str) -> Answer:
        return self.assistant.ask(question)

    def passages(self) -> Iterable[Passage]:
        return self.engine.passages()

    def fingerprint(self) -> str:
        return self.engine.fingerprint()
