"""A passage read by OCR says so wherever it is shown: search hits, --json, citations."""

from __future__ import annotations

from assistant.types import Passage


def test_search_hits_citations_and_json_say_the_text_was_read_by_ocr() -> None:
    from assistant.answers.composer import citation_for
    from assistant.types import Hit
    from ui.components.citations import card_meta
    from ui.formatting import reference, render_hit
    from ui.queries import hit_json

    scanned = Passage("d:0000-x", "d", "1. Text.", 0, 0, 8, page=2, ocr_confidence=93.24)
    hit = Hit(scanned, 0.5, 1)
    assert "p. 2, text read by OCR, confidence 93%" in render_hit(hit)
    assert hit_json(hit)["ocr"] is True and hit_json(hit)["ocr_confidence"] == 93.24
    citation = citation_for(hit, 1)
    assert citation.to_dict()["ocr_confidence"] == 93.24
    assert reference(citation).endswith("text read by OCR, confidence 93%")
    assert card_meta(citation).startswith("p\\. 2 · text read by OCR, confidence 93%")  # the UI
    plain = Hit(Passage("d:0001-y", "d", "2. Text.", 1, 9, 17, page=2), 0.4, 2)
    assert "OCR" not in render_hit(plain) and hit_json(plain)["ocr"] is False
