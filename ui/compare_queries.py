"""The series and comparisons of a home as the CLI prints them with ``--json``: `pocdoc series`
and `pocdoc compare` (:mod:`ui.compare_cli`) and the server's ``/v1/series`` and
``/v1/compare`` (:mod:`ui.api.routes_compare`) both call these, so the two print the same."""

from __future__ import annotations

from typing import Any

from assistant.errors import ConfigError


def shelf_of(settings: Any) -> Any:
    """The :class:`~assistant.editions.Shelf` of ``settings.home`` (the server's too)."""
    from assistant.editions import Shelf
    from assistant.open import open_glossary

    return Shelf.open(
        settings.home, glossary=open_glossary(settings), corpus_dir=settings.corpus_dir
    )


def series_data(shelf: Any, name: str | None) -> list[dict[str, Any]]:
    """What `pocdoc series [NAME] --json` prints: every series, or the one ``name`` names."""
    return [_series_dict(s) for s in ([shelf.find(name)] if name else shelf.series)]


def pick_pair(
    shelf: Any, documents: list[str], series: str | None, dates: list[str] | None
) -> tuple[str, str]:
    """The two documents `pocdoc compare` compares: two named, or two of a series (the last
    two, or those in force at two ``dates``)."""
    if series:
        if documents:
            raise ConfigError("give two documents or --series, not both")
        return shelf.pick(shelf.find(series), tuple(dates or ()))
    if len(documents) == 2 and not dates:
        return documents[0], documents[1]
    raise ConfigError(
        "give two documents (pocdoc compare S/2019/563 S/2019/805) or a series "
        "(pocdoc compare --series MINUJUSTH [--dates 2018 2019])"
    )


def trend_data(shelf: Any, series: Any, topic: str, embedder: Any) -> tuple[list[Any], dict]:
    """A topic across ``series``: its points and what `pocdoc series NAME --topic T --json`
    prints (``embedder``: the index's encoder, for the topic's meaning)."""
    from assistant.editions import first_mention, last_mention, trend

    points = trend(shelf.ledger, series, topic, embed_topic=embedder.encode_query)
    first, final = first_mention(points), last_mention(points)
    return points, {
        "series": series.name,
        "topic": topic,
        "first": first.to_dict() if first else None,
        "last": final.to_dict() if final else None,
        "documents": [p.to_dict() for p in points],
    }


def _series_dict(series: Any) -> dict[str, Any]:
    return {
        "key": series.key,
        "name": series.name,
        "basis": series.basis,
        "documents": [
            {"doc_id": r.doc_id, "symbol": r.symbol, "date": r.date, "title": r.title}
            for r in series.members
        ],
    }
