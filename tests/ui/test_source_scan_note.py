"""A passage read by OCR says so in its source view, as its citation card does."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _show_section(confidence: float | None) -> None:
    from assistant.types import Citation
    from ui.components.source import _section

    text = "12. The camp held 4,000 displaced persons."
    c = Citation(
        1, "d:0001", "d", "S/1992/1", "report", "1992-01-01", "S/1992/1", 3, "Annex", "12",
        "scan.pdf", text, 1.0, quote=text, quote_start=0, quote_end=len(text),
        ocr_confidence=confidence,
    )  # fmt: skip
    _section(c, [])


def test_the_source_view_of_a_scanned_passage_names_ocr_and_its_confidence() -> None:
    scanned = AppTest.from_function(_show_section, args=(87.4,)).run()
    typed = AppTest.from_function(_show_section, args=(None,)).run()

    assert not scanned.exception and not typed.exception
    assert any("text read by OCR, confidence 87%" in c.value for c in scanned.caption)
    assert not any("OCR" in c.value for c in typed.caption)
