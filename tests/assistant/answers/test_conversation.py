from __future__ import annotations

from assistant.answers.conversation import is_follow_up, resolve_follow_up
from assistant.types import Filters, Turn


def test_follow_up_carries_previous_terms_and_filters() -> None:
    prev = Turn(question="What is the mandate of UNISFA?", filters=Filters(doc_types=("report",)))
    standalone, filters = resolve_follow_up("and what about Abyei?", [prev], None)
    assert standalone.startswith("Abyei") and "mandate of UNISFA" in standalone
    assert filters == Filters(doc_types=("report",))


def test_new_filters_win_over_inherited_ones() -> None:
    prev = Turn(question="What is tier 3?", filters=Filters(doc_types=("report",)))
    _, filters = resolve_follow_up("and tier 1?", [prev], Filters(doc_types=("treaty",)))
    assert filters == Filters(doc_types=("treaty",))


def test_standalone_questions_are_left_alone() -> None:
    prev = Turn(question="What is tier 3?")
    q = "Which article of the Fourth Geneva Convention prohibits the taking of hostages?"
    assert not is_follow_up(q)
    assert resolve_follow_up(q, [prev], None) == (q, None)


def test_no_history_means_no_rewrite() -> None:
    assert resolve_follow_up("and Abyei?", [], None) == ("and Abyei?", None)
