"""The app in the question's language: asked in French, the page's fixed texts turn French; the
setting language.interface pins one. AppTest over a four-document corpus (one French passage)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ingest.pipeline import ingest_paths
from tests.conftest import REPO, make_settings
from tests.ui.test_app import served

APP = str(REPO / "ui" / "app.py")
TIMEOUT = 180
DOCUMENTS = {
    "patrols.md": "# Patrols\n\nPeacekeepers patrol at night around the camps of displaced families.\n",
    "alerte-fr.md": (
        "# Réseaux d'alerte locale\n\nLa mission a créé des réseaux d'alerte locale : les chefs de "
        "village signalent les menaces par téléphone satellitaire.\n"
    ),
}


@pytest.fixture(scope="module")
def small_home(tmp_path_factory: pytest.TempPathFactory, embedder):
    root = tmp_path_factory.mktemp("ui-languages")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in DOCUMENTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = make_settings(root / "home", corpus_dir=corpus)
    assert ingest_paths(settings, [corpus], progress=False, embedder=embedder).ok
    return settings


@pytest.fixture
def app_env(small_home, embedder, monkeypatch):
    monkeypatch.setenv("POCDOC_HOME", str(small_home.home))
    monkeypatch.setenv("POCDOC_CORPUS_DIR", str(small_home.corpus_dir))
    monkeypatch.delenv("POCDOC_CONFIG", raising=False)
    monkeypatch.delenv("POCDOC_LANGUAGE__INTERFACE", raising=False)
    with served(embedder):
        yield small_home


def _ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _new_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_french_question_turns_the_interface_french(app_env) -> None:
    at = _new_app()
    assert at.title[0].value == "POC doctrine assistant"
    _ask(at, "Comment les chefs de village signalent-ils les menaces ?")
    assert at.title[0].value == "Assistant de doctrine sur la protection des civils"
    assert any("téléphone satellitaire" in m.value for m in at.markdown)
    _ask(at, "Quelle est une bonne recette de gâteau au chocolat ?")
    assert any("Le corpus indexé ne traite pas de cette question" in w.value for w in at.warning)
    assert any("Passages connexes (ce n'est pas une réponse)" in m.value for m in at.markdown)
    _ask(at, "Who patrols around the camps?")
    assert at.title[0].value == "POC doctrine assistant"


def test_the_setting_pins_the_interface_language(app_env, embedder, monkeypatch) -> None:
    monkeypatch.setenv("POCDOC_LANGUAGE__INTERFACE", "es")
    with served(embedder):  # the app finds a server with its own settings only
        at = _new_app()
    assert at.title[0].value == "Asistente de doctrina sobre la protección de civiles"
