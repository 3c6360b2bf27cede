"""assistant.index.passage_languages: passage languages and multilingual vectors beside the index."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.index import load_languages, update_languages
from assistant.types import Passage


def _passage(pid: str, text: str) -> Passage:
    return Passage(pid, "doc", text, 0, 0, len(text))


class _Encoder:
    """Counts what it encodes; each text's vector is one-hot on its length (enough to check rows)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        out = np.zeros((len(texts), 4), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, len(t) % 4] = 1.0
        return out


def test_unchanged_text_keeps_its_vector_and_new_text_is_encoded(tmp_path: Path) -> None:
    encode = _Encoder()
    first = [_passage("a", "one"), _passage("b", "four")]
    table, fresh = update_languages(
        tmp_path, first, detect=lambda p: "en", encode=encode, model="m", dimension=4
    )
    assert fresh == 2 and table.has_vectors
    second = [_passage("a", "one"), _passage("c", "le texte")]
    table, fresh = update_languages(
        tmp_path, second, detect=lambda p: "fr", encode=encode, model="m", dimension=4
    )
    assert fresh == 1 and encode.seen == ["one", "four", "le texte"]
    assert table.ids == ("a", "c") and table.languages == ("fr", "fr")
    loaded = load_languages(tmp_path)
    assert loaded is not None and loaded.ids == ("a", "c")
    np.testing.assert_array_equal(loaded.vectors, table.vectors)


def test_another_model_encodes_everything_again(tmp_path: Path) -> None:
    passages = [_passage("a", "one")]
    update_languages(
        tmp_path, passages, detect=lambda p: "en", encode=_Encoder(), model="m", dimension=4
    )
    again = _Encoder()
    update_languages(
        tmp_path, passages, detect=lambda p: "en", encode=again, model="n", dimension=4
    )
    assert again.seen == ["one"]


def test_without_an_encoder_only_languages_are_kept(tmp_path: Path) -> None:
    table, fresh = update_languages(tmp_path, [_passage("a", "uno")], detect=lambda p: "es")
    assert not table.has_vectors and fresh == 0
    assert table.language_of() == {"a": "es"}
    assert table.search(np.ones(4, dtype=np.float32), 3) == []


def test_search_ranks_by_cosine_within_the_allowed_ids(tmp_path: Path) -> None:
    passages = [_passage("a", "abcd"), _passage("b", "abc"), _passage("c", "abcde")]
    table, _ = update_languages(
        tmp_path, passages, detect=lambda p: "en", encode=_Encoder(), model="m", dimension=4
    )
    query = np.array([0.0, 0.0, 0.0, 1.0], dtype=np.float32)
    assert [pid for pid, _ in table.search(query, 3)][:1] == ["b"]
    assert [pid for pid, _ in table.search(query, 3, allowed={"a", "c"})][0] in {"a", "c"}
    assert "b" not in {pid for pid, _ in table.search(query, 3, allowed={"a", "c"})}


def test_no_file_reads_as_none(tmp_path: Path) -> None:
    assert load_languages(tmp_path) is None


def test_the_corpus_words_are_encoded_only_when_the_word_matching_reads_them(tmp_path) -> None:
    texts = ["Peacekeepers patrolled the camps.", "The camps held displaced persons."]
    passages = [_passage("a", texts[0]), _passage("b", texts[1])]
    words, passages_only = _Encoder(), _Encoder()
    with_words, _ = update_languages(
        tmp_path / "a", passages, detect=lambda p: "en", encode=words, model="m", dimension=4
    )
    without, _ = update_languages(
        tmp_path / "b", passages, detect=lambda p: "en", encode=passages_only, model="m",
        dimension=4, words=False,
    )  # fmt: skip
    assert with_words.words == ("camps", "the") and words.seen == [*texts, "camps", "the"]
    assert without.words == () and passages_only.seen == texts
    np.testing.assert_array_equal(without.vectors, with_words.vectors)
