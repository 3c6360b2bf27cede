"""assistant.language: the language a question is asked in."""

from __future__ import annotations

import pytest

from assistant import language
from assistant.language import interface_language, question_language, text_language


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What is tier 3 of protection of civilians?", "en"),
        ("Qu'est-ce que le niveau 3 de la protection des civils ?", "fr"),
        ("Combien de soldats étaient déployés à la MINUSS en 2023 ?", "fr"),
        ("¿Qué son los proyectos de efecto rápido?", "es"),
        ("¿Cuántos soldados estaban desplegados en la UNMISS en 2023?", "es"),
    ],
)
def test_question_language_reads_english_french_and_spanish(question: str, expected: str) -> None:
    assert question_language(question) == expected


def test_an_english_question_does_not_load_the_model() -> None:
    language._identifier.cache_clear()
    assert question_language("How many troops were deployed in UNMISS in 2023?") == "en"
    assert language._identifier.cache_info().currsize == 0


def test_a_short_question_is_placed_by_its_names_else_english() -> None:
    assert question_language("FINUL ?", short=lambda text: "fr") == "fr"
    assert question_language("HRDDP?", short=lambda text: None) == "en"
    assert question_language("HRDDP?") == "en"
    assert question_language("¿HRDDP?") == "es"


def test_clear_french_and_spanish_questions_do_not_load_the_model() -> None:
    language._identifier.cache_clear()
    assert question_language("Qui a écrit « The Future of the Protection of Civilians » ?") == "fr"
    assert question_language("¿Cuántos soldados estaban desplegados en 2023?") == "es"
    assert language._identifier.cache_info().currsize == 0


def test_text_language_of_a_french_passage() -> None:
    text = (
        "La mission appuie les autorités nationales dans la protection des civils et "
        "renforce les réseaux d'alerte locale dans les zones les plus exposées."
    )
    assert text_language(text) == "fr"


def test_interface_language_falls_back_to_english() -> None:
    assert interface_language("fr") == "fr"
    assert interface_language("es") == "es"
    assert interface_language("ru") == "en"
