"""The robustness rewrites: each style's rules, and the committed files in step with the gold files."""

from __future__ import annotations

import json

import pytest

from eval import robustness


def test_sloppy_lowercases_and_drops_punctuation_and_hyphens() -> None:
    q = "What is the rule on hostages in the Fourth Geneva Convention?"
    assert robustness.sloppy(q) == "whats the rule on hostages in the fourth geneva convention"
    assert robustness.sloppy("How big is Timor-Leste's police?") == "how big is timor lestes police"


def test_abbreviated_uses_common_abbreviations_and_drops_diacritics() -> None:
    q = "What did the Secretary-General report on Côte d'Ivoire in September 2009?"
    assert robustness.abbreviated(q) == "What did the SG report on Cote d'Ivoire in Sept 2009?"
    q = "Which article of the Fourth Geneva Convention covers hostages?"
    assert robustness.abbreviated(q) == "Which Art. of GC4 covers hostages?"
    assert robustness.abbreviated("Additional Protocol II, Article 4") == "AP2, Art. 4"


def test_abbreviations_match_whole_phrases_only() -> None:
    assert robustness.abbreviated("Protocol III") == "Protocol III"
    assert robustness.abbreviated("numbered") == "numbered"


def test_verbose_keeps_the_question_whole_at_the_end() -> None:
    q = "What is SGBV?"
    out = robustness.verbose(q, "x1")
    assert out.endswith((q, "what is SGBV?"))
    assert len(out) > 3 * len(q)
    assert robustness.verbose(q, "x1") == out  # the lead-in depends on the id only


def test_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown style"):
        robustness.rewrite("q", "shouty", "id")


@pytest.mark.parametrize("split", robustness.DEV_SPLITS)
@pytest.mark.parametrize("style", robustness.STYLES)
def test_committed_rewrites_match_the_rules_and_the_gold_file(split: str, style: str) -> None:
    path = robustness.OUT / f"{split}.{style}.jsonl"
    committed = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    expected = robustness.styled_records(robustness.GOLD / f"{split}.jsonl", style)
    assert committed == expected, f"rerun `python -m eval.robustness write` ({path.name})"


def test_table_shows_differences_from_the_original() -> None:
    rows = {
        ("s", "original"): {"key_fact_recall": 0.8, "evidence_found": 0.9,
                            "answerable_abstained": 0.1, "traps_abstained": 1.0},
        ("s", "sloppy"): {"key_fact_recall": 0.75, "evidence_found": 0.9,
                          "answerable_abstained": 0.2, "traps_abstained": None},
    }  # fmt: skip
    text = robustness.table(rows)
    assert "| s | sloppy | 0.750 (-0.050) | 0.900 (+0.000) | 0.200 (+0.100) | - |" in text
