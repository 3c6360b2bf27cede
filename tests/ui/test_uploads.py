"""Uploads: names and types checked before writing; a failed ingest leaves the index as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.index import Ledger
from assistant.retrieval import Engine
from tests.conftest import make_settings
from ui.uploads import (
    MAX_UPLOAD_BYTES,
    UploadRejectedError,
    check_upload,
    ingest_upload,
    save_upload,
)

GOOD_MD = (
    b"# Community alert networks\n\n"
    b"Community alert networks let villagers warn the mission of imminent attacks by telephone. "
    b"Peacekeepers then deploy a patrol to deter the armed group.\n"
)


@pytest.fixture
def tmp_settings(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    return make_settings(tmp_path / "home", corpus_dir=corpus)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../escape.md", "path"),
        ("sub/dir.md", "path"),
        ("sub\\dir.md", "path"),
        ("/etc/passwd.md", "path"),
        ("C:evil.md", "absolute"),
        ("..", "path"),
        (".hidden.md", "hidden"),
        ("", "no name"),
        ("bell\x07.md", "control"),
        ("notes.doc", "not supported"),
        ("README", "not supported"),
        ("x" * 250 + ".md", "too long"),
    ],
)
def test_bad_names_and_types_are_refused(name: str, why: str) -> None:
    with pytest.raises(UploadRejectedError, match=why):
        check_upload(name, 10)


def test_empty_and_oversized_files_are_refused() -> None:
    with pytest.raises(UploadRejectedError, match="empty"):
        check_upload("a.md", 0)
    with pytest.raises(UploadRejectedError, match="50 MB upload limit"):
        check_upload("a.pdf", MAX_UPLOAD_BYTES + 1)
    assert check_upload("Report 2019 (final).PDF", MAX_UPLOAD_BYTES) == "Report 2019 (final).PDF"


def test_save_never_replaces_another_file(tmp_settings) -> None:
    path = save_upload(tmp_settings, "a.md", b"one")
    assert path == tmp_settings.upload_dir.resolve() / "a.md" and path.read_bytes() == b"one"
    with pytest.raises(UploadRejectedError, match="already in the corpus: nothing to do"):
        save_upload(tmp_settings, "a.md", b"one")
    with pytest.raises(UploadRejectedError, match="different file named a.md"):
        save_upload(tmp_settings, "a.md", b"two")
    assert path.read_bytes() == b"one"
    assert sorted(p.name for p in tmp_settings.upload_dir.iterdir()) == ["a.md"]  # no partial files


def test_good_upload_is_indexed_and_found(tmp_settings, embedder) -> None:
    result = ingest_upload(tmp_settings, "alerts.md", GOOD_MD, embedder=embedder)
    assert result.ok, result.message
    assert result.passages >= 1 and result.documents_total == 1
    assert "alerts.md added" in result.message
    engine = Engine.open(tmp_settings, embedder=embedder)
    (entry,) = engine.documents.values()
    assert Path(entry.source) == tmp_settings.upload_dir.resolve() / "alerts.md"
    hits = engine.retrieve("community alert networks warn of attacks", top_k=1)
    assert hits and hits[0].passage.doc_id == entry.doc_id


def _snapshot(settings) -> tuple[int, dict[str, str]]:
    ledger = Ledger(settings.ledger_path)
    try:
        return ledger.generation, {d: e.content_hash for d, e in ledger.documents().items()}
    finally:
        ledger.close()


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("blank.md", b"   \n\n  \n", "no text"),
        ("empty.txt", b"", "empty"),
        ("slides.pptx", b"PK\x03\x04", "not supported"),
        ("broken.pdf", b"%PDF-1.4 this is not a pdf", "broken.pdf was not added"),
        ("alerts.md", GOOD_MD, "already in the corpus"),
    ],
)
def test_bad_upload_changes_nothing(
    tmp_settings, embedder, name: str, data: bytes, expected: str
) -> None:
    assert ingest_upload(tmp_settings, "alerts.md", GOOD_MD, embedder=embedder).ok
    before = _snapshot(tmp_settings)
    files_before = sorted(p.name for p in tmp_settings.upload_dir.iterdir())

    result = ingest_upload(tmp_settings, name, data, embedder=embedder)

    assert not result.ok and expected in result.message, result.message
    assert _snapshot(tmp_settings) == before
    assert sorted(p.name for p in tmp_settings.upload_dir.iterdir()) == files_before
