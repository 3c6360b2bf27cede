"""Inline series: the items a sentence lists in its own run of words, not as a list of lines.

"... in the five priority areas of the Joint Development Plan (legislation, training,
administration, discipline and operations)" lists five items inside a sentence; an enumeration
that announces its count ("What are the five priority areas ...?") is answered by the sentence
whose series has that many items, as by a list of that many lines. A series is a run in
parentheses or after a colon whose parts are joined by commas and a last "and" / "or".
"""

from __future__ import annotations

import re

# the runs a series stands in: a parenthesis, or what follows a colon to the sentence's end
_RUN = re.compile(r"\(([^()]{3,400})\)|:\s*([^:()]{3,400}?)(?:[.;]\s*$|$)")
_LAST = re.compile(r",?\s+(?:and|or)\s+")
_MOST_ITEM_WORDS = 5  # an item is a noun phrase, not a clause


def series_length(text: str) -> int:
    """The number of items in the longest series of ``text`` (0 when it has none): at least
    three parts, commas between them and "and" or "or" before the last, each part short."""
    best = 0
    for m in _RUN.finditer(text):
        run = (m.group(1) or m.group(2) or "").strip()
        joins = list(_LAST.finditer(run))
        if not joins:
            continue
        head, last = run[: joins[-1].start()], run[joins[-1].end() :]
        items = [*(p.strip() for p in head.split(",")), last.strip()]
        if len(items) >= 3 and all(0 < len(p.split()) <= _MOST_ITEM_WORDS for p in items):
            best = max(best, len(items))
    return best
