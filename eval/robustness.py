"""Robustness of answers to how a question is typed: every dev question rewritten in three styles.

The rewrites are made by fixed rules from the question text alone, never from an answer, so they
measure how answers carry over to other hands rather than fit them:

- ``sloppy``: lower case, no question mark, no apostrophes or quotes, hyphens as spaces, contracted
  "what is" ("whats the rule on hostages in the fourth geneva convention");
- ``abbreviated``: the abbreviations staff type (GC4, AP1, SG, POC, DRC, Sept ...) and no
  diacritics ("Cote d'Ivoire");
- ``verbose``: the question at the end of a long-winded lead-in, as in a message to a colleague.

    python -m eval.robustness write                       # eval/gold/robustness/<split>.<style>.jsonl
    python -m eval.robustness figures --answers DIR       # a table, original beside each style

``figures`` asks every question of each dev split and of its three rewrites against the index under
POCDOC_HOME (the bundled corpus) and prints, per split and style, key-fact recall, evidence found,
answerable questions abstained and traps abstained, with the difference from the original.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from unidecode import unidecode

GOLD = Path(__file__).resolve().parent / "gold"
OUT = GOLD / "robustness"
DEV_SPLITS = ("poc_gold", "poc_gold_dev2", "poc_gold_dev3", "poc_gold_dev4")
STYLES = ("sloppy", "abbreviated", "verbose")

# Long form -> what staff type. General UN usage, longest first; not read off any answer.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("Special Representative of the Secretary-General", "SRSG"),
    ("Fourth Geneva Convention", "GC4"),
    ("Geneva Convention IV", "GC4"),
    ("Additional Protocol II", "AP2"),
    ("Additional Protocol I", "AP1"),
    ("Protocol Additional II", "AP2"),
    ("Protocol Additional I", "AP1"),
    ("Protocol II", "AP2"),
    ("Protocol I", "AP1"),
    ("Democratic Republic of the Congo", "DRC"),
    ("Central African Republic", "CAR"),
    ("Department of Peace Operations", "DPO"),
    ("disarmament, demobilization and reintegration", "DDR"),
    ("sexual and gender-based violence", "SGBV"),
    ("conflict-related sexual violence", "CRSV"),
    ("international humanitarian law", "IHL"),
    ("internally displaced persons", "IDPs"),
    ("peacekeeping operations", "PKOs"),
    ("peacekeeping operation", "PKO"),
    ("protection of civilians", "POC"),
    ("Secretary-General's", "SG's"),
    ("Secretary-General", "SG"),
    ("Security Council", "SC"),
    ("United Nations", "UN"),
    ("non-governmental organizations", "NGOs"),
    ("non-governmental organization", "NGO"),
    ("Article", "Art."),
    ("January", "Jan"),
    ("February", "Feb"),
    ("September", "Sept"),
    ("October", "Oct"),
    ("November", "Nov"),
    ("December", "Dec"),
    ("approximately", "approx."),
    ("number", "no."),
)

LEAD_INS = (
    "I'm putting together a briefing for colleagues who start next week and I have been going "
    "through the documents we have, but there is one point I could not pin down from my notes, "
    "so could you help me with it: {q}",
    "Sorry if this is a basic one. Someone asked me about it in a meeting this morning and I "
    "realised I was not sure either, and I would rather give them something I can cite than "
    "guess. {q}",
    "We are reviewing the material for a training session and I want to make sure the slides are "
    "accurate before they go out to the team, so my question is this: {q}",
)

_CONTRACTIONS = (
    (r"\bwhat is\b", "whats"),
    (r"\bwhat are\b", "whats"),
    (r"\bwho is\b", "whos"),
    (r"\bhow is\b", "hows"),
    (r"\bwhere is\b", "wheres"),
    (r"\bdoes not\b", "doesnt"),
    (r"\bdo not\b", "dont"),
    (r"\bis not\b", "isnt"),
)


def sloppy(question: str) -> str:
    """Lower case, no end punctuation, no apostrophes or quotes, hyphens as spaces, contractions."""
    text = question.lower()
    text = re.sub(r"[\u2018\u2019'\"\u201c\u201d]", "", text)
    text = re.sub(r"(?<=\w)[-\u2010\u2011\u2013](?=\w)", " ", text)
    text = re.sub(r"[?!.,;:]+(\s|$)", r"\1", text)
    for pattern, short in _CONTRACTIONS:
        text = re.sub(pattern, short, text)
    return re.sub(r"\s+", " ", text).strip()


def abbreviated(question: str) -> str:
    """Long names as their common abbreviations, months short, diacritics dropped."""
    text = question
    for long, short in ABBREVIATIONS:
        text = re.sub(rf"(?<![\w-]){re.escape(long)}(?![\w-])", short, text, flags=re.IGNORECASE)
    text = re.sub(r"\bthe (GC4|AP1|AP2)\b", r"\1", text)
    return unidecode(text)


def verbose(question: str, key: str) -> str:
    """The question at the end of a lead-in chosen by ``key`` (the question's id)."""
    lead = LEAD_INS[int(hashlib.sha256(key.encode()).hexdigest(), 16) % len(LEAD_INS)]
    q = question.strip()
    if lead.endswith(": {q}") and len(q) > 1 and not q[:2].isupper():
        q = q[0].lower() + q[1:]
    return lead.format(q=q)


def rewrite(question: str, style: str, key: str) -> str:
    """``question`` in ``style`` (one of :data:`STYLES`)."""
    rules: dict[str, Callable[[str], str]] = {
        "sloppy": sloppy,
        "abbreviated": abbreviated,
        "verbose": lambda q: verbose(q, key),
    }
    if style not in rules:
        raise ValueError(f"unknown style {style!r}: use one of {', '.join(STYLES)}")
    return rules[style](question)


def styled_records(path: Path, style: str) -> list[dict[str, Any]]:
    """Every line of the gold file ``path`` with its question rewritten; the rest unchanged, so the
    same ``id`` names the question as written in ``path``."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        record["question"] = rewrite(record["question"], style, record["id"])
        out.append(record)
    return out


def write(out: Path = OUT) -> list[Path]:
    """Write the rewrites of every dev split in every style under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for split in DEV_SPLITS:
        for style in STYLES:
            target = out / f"{split}.{style}.jsonl"
            lines = [
                json.dumps(r, ensure_ascii=False)
                for r in styled_records(GOLD / f"{split}.jsonl", style)
            ]
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")
            written.append(target)
    return written


ROW = ("key_fact_recall", "evidence_found", "answerable_abstained", "traps_abstained")


def summary(metrics: dict[str, Any], outcomes: list[Any]) -> dict[str, float | None]:
    """The four figures of a row of the table, from ``answer_metrics`` and the outcomes."""
    traps = [o for o in outcomes if not o.answerable]
    return {
        "key_fact_recall": metrics.get("key_fact_recall"),
        "evidence_found": metrics.get("evidence_found"),
        "answerable_abstained": metrics.get("answerable_abstained"),
        "traps_abstained": sum(o.abstained for o in traps) / len(traps) if traps else None,
    }


def table(rows: dict[tuple[str, str], dict[str, float | None]]) -> str:
    """A Markdown table: each split's original, then each style with its difference."""
    head = "| split | style | " + " | ".join(ROW) + " |"
    lines = [head, "|" + "---|" * (len(ROW) + 2)]
    for split in dict.fromkeys(s for s, _ in rows):
        base = rows.get((split, "original"), {})
        for style in ("original", *STYLES):
            if (split, style) not in rows:
                continue
            cells = []
            for name in ROW:
                value, ref = rows[(split, style)].get(name), base.get(name)
                cell = "-" if value is None else f"{value:.3f}"
                if style != "original" and value is not None and ref is not None:
                    cell += f" ({value - ref:+.3f})"
                cells.append(cell)
            lines.append(f"| {split} | {style} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def figures(answers: Path | None, splits: tuple[str, ...] = DEV_SPLITS) -> str:
    """Ask every question of each split and its rewrites; the table of :func:`table`."""
    from assistant.offline import go_offline

    go_offline()
    from assistant.open import open_assistant
    from assistant.settings import load_settings
    from eval.answer_figures import write_answers
    from eval.datasets import derive_qrels, load_gold
    from eval.metrics import answer_metrics
    from eval.runner import ask_all
    from eval.subject import EvalSubject

    subject = EvalSubject(open_assistant(load_settings()))
    passages = list(subject.passages())
    texts = {p.passage_id: p.text for p in passages}
    rows: dict[tuple[str, str], dict[str, float | None]] = {}
    for split in splits:
        for style in ("original", *STYLES):
            path = (
                GOLD / f"{split}.jsonl" if style == "original" else OUT / f"{split}.{style}.jsonl"
            )
            questions = load_gold(path)
            gold = derive_qrels(questions, passages)
            given: list[Any] = []
            outcomes = ask_all(
                subject, questions, gold.qrels, texts, progress=False, on_answer=given.append
            )
            if answers:
                write_answers(
                    answers / f"{split}.{style}.answers.jsonl", questions, given, outcomes
                )
            rows[(split, style)] = summary(answer_metrics(outcomes), outcomes)
            print(f"{split} {style}: {json.dumps(rows[(split, style)])}", file=sys.stderr)
    return table(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("write", help="write the rewrites under eval/gold/robustness/")
    f = sub.add_parser("figures", help="ask the original and rewritten questions; print a table")
    f.add_argument("--answers", type=Path, help="folder for each split and style's answers")
    f.add_argument("--split", action="append", choices=DEV_SPLITS, help="only these splits")
    args = ap.parse_args(argv)
    if args.command == "write":
        for path in write():
            print(path)
        return 0
    print(figures(args.answers, tuple(args.split or DEV_SPLITS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
