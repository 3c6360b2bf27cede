"""Text policy shared by every part of pocdoc: sentences, content words, display cleaning.

One sentence splitter (offsets, so callers can quote the source exactly) serves passage cutting,
extractive answers and support checks; one content-word policy serves answer scoring, support
checks and dedupe; :func:`display_text` is the one rule for how a verbatim span is shown.
"""

from __future__ import annotations

import re

# --- sentences -------------------------------------------------------------------------

# A citation marker as answers write them: "[1]", "[2, 3]", "[2-4]". One to three digits, so a
# bracketed span of years in a quotation ("[2012-2017]") is not one.
CITATION_MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\]")
# A paragraph break, or a line break before a list item ("- ", "• ", "(a) ", "b) ", "12. ").
_HARD_BREAK = re.compile(r"\n\s*\n|\n[ \t]*(?=(?:[-*•▪◦‣–—]|\(?[A-Za-z0-9]{1,4}\)|\d{1,3}\.)[ \t])")
# Terminal punctuation, closing quotes/brackets, then citation markers such as "[1]" or "[2, 3]"
# that belong to the sentence they follow.
_END = re.compile(r"[.!?…]+['\"”’)\]]*(?:[ \t]*" + CITATION_MARKER.pattern + r")*(?=\s|$)")
_NEXT = re.compile(r"\s*(\S)")
_LAST_TOKEN = re.compile(r"(\S+)$")

# Abbreviations after which a period never ends a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st sr jr gen lt col maj capt cmdr sgt amb hon rev messrs mme "
    "cf viz vs al approx ca ibid op cit loc seq".split()
)
# Abbreviations that end no sentence when a number or a numeral follows: "para. 12", "Art. IV".
_NUMBER_ABBREVIATIONS = frozenset(
    "para paras subpara art arts no nos p pp vol vols ch chap sect sec fig figs res doc "
    "n nn suppl add corr ann sess reg regs tab".split()
)
_NUMBERISH = re.compile(r"[\d(\[]|[IVXLC]+\b")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.N, e.g, i.e, a.m
# A paragraph or heading number opening a segment: "12.", "3.1.", "IV.", "(b).", "A."
_MARKUP = "#*_>"  # Markdown heading, emphasis and quote marks that may precede an enumerator
_ENUMERATOR = re.compile(r"\(?(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[A-Za-z])\)?")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text``, in order.

    Each ``text[start:end]`` is non-empty with no leading or trailing whitespace, and every
    non-space character of ``text`` falls in exactly one span. Periods in abbreviations
    ("para. 12", "U.N.", "e.g."), decimals ("37.6"), symbols ("S/2019/805") and paragraph numbers
    ("12. The mission ...") do not end a sentence; citation markers after the full stop
    ("... civilians. [2]") stay with their sentence. Single line breaks (hard-wrapped PDF text) do
    not split; blank lines and line breaks before list items do.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for brk in _HARD_BREAK.finditer(text):
        _split_block(text, start, brk.start(), spans)
        start = brk.end()
    _split_block(text, start, len(text), spans)
    return spans


def _split_block(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    seg_start = start
    for match in _END.finditer(text, start, end):
        cut = match.end()
        if _is_boundary(text, seg_start, match, end):
            _append_stripped(text, seg_start, cut, spans)
            seg_start = cut
    _append_stripped(text, seg_start, end, spans)


def _is_boundary(text: str, seg_start: int, match: re.Match[str], end: int) -> bool:
    following = _NEXT.match(text, match.end(), end)
    if following is None:
        return False  # the block ends here anyway
    nxt = following.group(1)
    if nxt.islower() or nxt in ",;:":
        return False
    if match.group()[0] != "." or match.group().startswith(".."):
        return True
    before = _LAST_TOKEN.search(text, seg_start, match.start())
    if before is None:
        return True
    token = before.group(1)
    opens_segment = text[seg_start : before.start()].strip(_MARKUP + " \t\n\r\f\v") == ""
    if opens_segment and _ENUMERATOR.fullmatch(token.lstrip(_MARKUP)):
        return False  # "12. The Council ..." or "## A. Mandating" opens a numbered paragraph or heading
    word = token.lstrip("(['\"“‘").lower()
    if word in _ABBREVIATIONS or _INITIALISM.fullmatch(word):
        return False
    if word in _NUMBER_ABBREVIATIONS:
        return not _NUMBERISH.match(text, following.start(1))
    return True


def _append_stripped(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))



# --- content words ------------------------------------------------------------------------------

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_STOPWORDS = frozenset(
    """a about above after again against all also am among an and any are as at be because been
    before being below between both but by can could did do does doing down during each either
    etc few for from further had has have having he her here hers herself him himself his how
    however i if in into is it its itself just may me might more most must my myself nor not now
    of off on once only or other otherwise our ours ourselves out over own per same shall she
    should so some such than that the their theirs them themselves then there these they this
    those through thus to too under until up upon us very via was we were what when where whether
    which while who whom whose why will with within without would yet you your yours""".split()
)


def content_words(text: str) -> set[str]:
    """Lower-cased, lightly stemmed words and numbers of ``text``; stopwords and [n] markers removed.

    Thousands separators are dropped, so "11,075" meets "11075".
    """
    return {
        _stem(tok.replace(",", "")) if tok[0].isdigit() else _stem(tok)
        for tok in _TOKEN.findall(CITATION_MARKER.sub(" ", text).lower())
        if tok not in _STOPWORDS and (len(tok) > 1 or tok.isdigit())
    }


def _stem(word: str) -> str:
    """A light suffix strip, applied alike to both sides, so "mandated" meets "mandates"."""
    if word[0].isdigit() or len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


# --- display ------------------------------------------------------------------------------------

# Footnote markers as the sources carry them: "<sup>6</sup>" (Markdown from PDF), superscript
# digits ("strategies.⁶"), and Markdown emphasis. They are never answer text.
_SUP_TAG = re.compile(r"<sup>.*?</sup>", re.S | re.I)
_SUPERSCRIPTS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁽⁾]+")
_EMPHASIS = re.compile(r"\*\*|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|(?<!\w)__|__(?!\w)")
_BULLET = re.compile(r"(?m)^[ \t]*[-*•▪◦‣][ \t]+")


def display_text(span: str, *, lines: bool = False) -> str:
    """How a verbatim span is shown in an answer: footnote markers, emphasis and bullet marks
    removed, whitespace collapsed (within each line when ``lines``, so a list keeps one item a
    line). Nothing is added, so the shown text never says more than the quote it comes from."""
    text = _SUP_TAG.sub("", span)
    text = _SUPERSCRIPTS.sub("", text)
    text = _BULLET.sub("", text)
    text = _EMPHASIS.sub("", text)
    if lines:
        return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    return " ".join(text.split())
