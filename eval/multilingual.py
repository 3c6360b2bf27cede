"""Questions in French and Spanish beside the same questions in English, on one index.

The gold files ``eval/gold/poc_gold_fr.jsonl`` and ``poc_gold_es.jsonl`` hold dev questions
translated by hand (ids ``q001-fr``, ...); their English originals come from ``poc_gold.jsonl``.
For each language it reports the share of answerable questions with a relevant passage in the top
5 (retrieval as the assistant does it: for another language, the English reading fused with the
multilingual arm) and the traps abstained (``Assistant.ask``). Ablations: the English reading alone
(multilingual arm off) and, for reference, the English question's own figures.

    POCDOC_HOME=... python -m eval.multilingual [--limit N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from assistant.answers import LanguageRoute, MultilingualAssistant
from assistant.open import open_assistant
from assistant.settings import Settings, load_settings
from eval.datasets import GoldQuestion, derive_qrels, load_gold

GOLD = Path(__file__).parent / "gold"
LANGUAGES = ("fr", "es")
DEPTH = 5


def questions_by_language(limit: int | None = None) -> dict[str, list[GoldQuestion]]:
    """The translated sets and, under "en", their English originals in the same order."""
    sets = {lang: load_gold(GOLD / f"poc_gold_{lang}.jsonl")[:limit] for lang in LANGUAGES}
    english = {q.id: q for q in load_gold(GOLD / "poc_gold.jsonl")}
    ids = [q.id.rsplit("-", 1)[0] for q in sets[LANGUAGES[0]]]
    return {"en": [english[i] for i in ids], **sets}


def score(
    assistant: MultilingualAssistant,
    questions: Sequence[GoldQuestion],
    qrels: dict[str, dict[str, int]],
) -> dict[str, float | int]:
    """Right passage in the top 5 (answerable), traps abstained, and seconds per question."""
    found = answerable = traps = abstained = 0
    started = time.perf_counter()
    for q in questions:
        if q.answerable:
            answerable += 1
            hits = assistant.retrieve(q.question, top_k=DEPTH)
            seen = {p.passage_id for h in hits for p in (h.passage, *h.also_in)}
            found += bool(seen & set(qrels.get(q.id, {})))
        else:
            traps += 1
            abstained += assistant.ask(q.question).abstained
    return {
        "answerable": answerable,
        "top5": round(found / max(answerable, 1), 3),
        "traps": traps,
        "traps_abstained": abstained,
        "seconds_per_question": round((time.perf_counter() - started) / max(len(questions), 1), 2),
    }


def with_weight(settings: Settings, weight: float) -> Settings:
    """``settings`` with the multilingual arm's RRF weight set to ``weight``."""
    language = settings.language.model_copy(update={"multilingual_weight": weight})
    return settings.model_copy(update={"language": language})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.multilingual", description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="first N questions of each set")
    parser.add_argument(
        "--ablations", action="store_true", help="also each language at the --weights"
    )
    parser.add_argument(
        "--weights",
        type=lambda text: [float(w) for w in text.split(",")],
        default=[0.0, 10.0],
        help="multilingual arm weights for --ablations, comma-separated (default 0,10: the "
        "English reading alone, and the arm dominant)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    settings = load_settings()
    assistant = open_assistant(settings)
    sets = questions_by_language(args.limit)
    passages = list(assistant.engine.passages())
    rows: dict[str, dict[str, float | int]] = {}
    for lang, questions in sets.items():
        qrels = derive_qrels(questions, passages).qrels
        rows[lang] = score(assistant, questions, qrels)
        if lang == "en" or not args.ablations:
            continue
        for weight in args.weights:
            assistant.languages = LanguageRoute(with_weight(settings, weight))
            rows[f"{lang} (multilingual arm weight {weight:g})"] = score(
                assistant, questions, qrels
            )
        assistant.languages = LanguageRoute(settings)
    print(
        "| language | answerable | right passage in top 5 | traps | traps abstained | s/question |"
    )
    print("|---|---|---|---|---|---|")
    for lang, r in rows.items():
        print(
            f"| {lang} | {r['answerable']} | {r['top5']:.3f} | {r['traps']} | {r['traps_abstained']} | {r['seconds_per_question']} |"
        )
    if args.json is not None:
        args.json.write_text(
            json.dumps({"settings": settings.public_dict(), "figures": rows}, indent=2, default=str)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
