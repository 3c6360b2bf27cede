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
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.answers import LanguageRoute, MultilingualAssistant
from assistant.open import open_assistant
from assistant.settings import Settings, load_settings
from eval.datasets import GoldQuestion, derive_qrels, load_gold

GOLD = Path(__file__).parent / "gold"
LANGUAGES = ("fr", "es")
DEPTH = 5
HALVES = ("even", "odd")  # even: the development half; odd: held out


@dataclass(frozen=True)
class Outcome:
    id: str
    answerable: bool
    ok: bool  # answerable: a relevant passage in the top 5; trap: abstained
    seconds: float


def questions_by_language(limit: int | None = None) -> dict[str, list[GoldQuestion]]:
    """The translated sets and, under "en", their English originals in the same order."""
    sets = {lang: load_gold(GOLD / f"poc_gold_{lang}.jsonl")[:limit] for lang in LANGUAGES}
    english = {q.id: q for q in load_gold(GOLD / "poc_gold.jsonl")}
    ids = [q.id.rsplit("-", 1)[0] for q in sets[LANGUAGES[0]]]
    return {"en": [english[i] for i in ids], **sets}


def half_of(question_id: str) -> str:
    """The half a question belongs to by the number in its id ("q014-fr": even). The French path
    was developed on the even half; the odd half is held out."""
    number = int(re.sub(r"\D", "", question_id.split("-", 1)[0]) or 0)
    return HALVES[number % 2]


def outcomes(
    assistant: MultilingualAssistant,
    questions: Sequence[GoldQuestion],
    qrels: dict[str, dict[str, int]],
) -> list[Outcome]:
    """Each question's outcome: for an answerable one whether a relevant passage is in the top 5,
    for a trap whether it was abstained."""
    rows = []
    for q in questions:
        started = time.perf_counter()
        if q.answerable:
            hits = assistant.retrieve(q.question, top_k=DEPTH)
            seen = {p.passage_id for h in hits for p in (h.passage, *h.also_in)}
            ok = bool(seen & set(qrels.get(q.id, {})))
        else:
            ok = assistant.ask(q.question).abstained
        rows.append(Outcome(q.id, q.answerable, ok, time.perf_counter() - started))
    return rows


def figures(rows: Sequence[Outcome]) -> dict[str, float | int]:
    """Right passage in the top 5 (answerable), traps abstained, and seconds per question."""
    answerable = [r for r in rows if r.answerable]
    traps = [r for r in rows if not r.answerable]
    return {
        "answerable": len(answerable),
        "top5": round(sum(r.ok for r in answerable) / max(len(answerable), 1), 3),
        "traps": len(traps),
        "traps_abstained": sum(r.ok for r in traps),
        "seconds_per_question": round(sum(r.seconds for r in rows) / max(len(rows), 1), 2),
    }


def score(
    assistant: MultilingualAssistant,
    questions: Sequence[GoldQuestion],
    qrels: dict[str, dict[str, int]],
) -> dict[str, dict[str, float | int]]:
    """:func:`figures` for all the questions and for each half (see :func:`half_of`)."""
    rows = outcomes(assistant, questions, qrels)
    by_half = {h: figures([r for r in rows if half_of(r.id) == h]) for h in HALVES}
    return {"all": figures(rows), **by_half}


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
    rows: dict[str, dict[str, dict[str, float | int]]] = {}
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
        "| language | questions | answerable | right passage in top 5 | traps | traps abstained "
        "| s/question |"
    )
    print("|---|---|---|---|---|---|---|")
    for lang, parts in rows.items():
        for part, r in parts.items():
            print(
                f"| {lang} | {part} | {r['answerable']} | {r['top5']:.3f} | {r['traps']} "
                f"| {r['traps_abstained']} | {r['seconds_per_question']} |"
            )
    if args.json is not None:
        args.json.write_text(
            json.dumps({"settings": settings.public_dict(), "figures": rows}, indent=2, default=str)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
