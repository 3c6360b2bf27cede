"""What a query is, as the CLI and the HTTP API both read and print it: ``--filter KEY=VALUE``
items as :class:`~assistant.types.Filters`, and a retrieved hit as one item of `pocdoc search
--json`. Light: the heavy modules load only when a function runs."""

from __future__ import annotations

from typing import Any

FILTER_KEYS = {
    "doc": "doc_ids",
    "type": "doc_types",
    "body": "issuing_bodies",
    "from": "date_from",
    "to": "date_to",
}


def parse_filters(items: list[str]) -> Any:
    from assistant.errors import ConfigError
    from assistant.symbols import is_iso_date
    from assistant.types import Filters, date_to_int, date_upper

    fields: dict[str, Any] = {
        "doc_ids": [],
        "doc_types": [],
        "issuing_bodies": [],
        "date_from": "",
        "date_to": "",
    }
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or key not in FILTER_KEYS or not value:
            raise ConfigError(
                f"bad --filter '{item}': use KEY=VALUE with KEY one of {', '.join(FILTER_KEYS)}"
            )
        name = FILTER_KEYS[key]
        if isinstance(fields[name], list):
            fields[name].append(value)
            continue
        if not is_iso_date(value):
            raise ConfigError(f"bad --filter '{item}': dates are YYYY, YYYY-MM or YYYY-MM-DD")
        if fields[name]:
            raise ConfigError(
                f"--filter {key}= given twice ('{fields[name]}' and '{value}'): give it once"
            )
        fields[name] = value
    if (
        fields["date_from"]
        and fields["date_to"]
        and date_to_int(fields["date_from"]) > date_upper(fields["date_to"])
    ):
        raise ConfigError(f"--filter from={fields['date_from']} is after to={fields['date_to']}")
    return Filters(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})


def hit_json(hit: Any) -> dict[str, Any]:
    from dataclasses import asdict

    data = asdict(hit.passage)
    data["section"] = hit.passage.section_label
    data["ocr"] = hit.passage.ocr_confidence is not None  # read by OCR (ocr_confidence: 0-100)
    data.update(
        rank=hit.rank,
        score=hit.score,
        sources=list(hit.sources),
        dense_score=hit.dense_score,
        bm25_score=hit.bm25_score,
    )
    data["also_in"] = [  # near-duplicate paragraphs of other reports, collapsed into this hit
        {k: getattr(p, k) for k in ("passage_id", "doc_id", "symbol", "date", "paragraph", "page")}
        for p in hit.also_in
    ]
    return data


def render_hits(hits: list[Any]) -> str:
    """What `pocdoc search` prints for ``hits``."""
    from ui.formatting import render_hit

    if not hits:
        return "no passages matched"
    return "\n\n".join(render_hit(h) for h in hits)
