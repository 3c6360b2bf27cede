"""Text policy shared by every part of pocdoc: sentences, content words, display cleaning.

One sentence splitter (offsets, so callers can quote the source exactly) serves passage cutting,
extractive answers and support checks; one tokeniser (:func:`tokens`) serves BM25, answer
scoring, support checks and dedupe; :func:`display_text` is the one rule for how a verbatim span is shown.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import PurePosixPath

from assistant.lexicon import BULLET, DASHES

# --- sentences -------------------------------------------------------------------------

# A citation marker as answers write them: "[1]", "[2, 3]", "[2-4]". One to three digits, so a
# bracketed span of years in a quotation ("[2012-2017]") is not one.
CITATION_MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\]")
# A paragraph break, or a line break before a list item ("- ", "• ", "(a) ", "b) ", "12. ").
_HARD_BREAK = re.compile(
    rf"\n\s*\n|\n[ \t]*(?=(?:{BULLET}|[{DASHES}]|\(?[A-Za-z0-9]{{1,4}}\)|\d{{1,3}}\.)[ \t])"
)
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
# A name before a middle initial, and the words a capital letter labels instead ("annex B").
_CAPITAL = re.compile(r"[A-Z]")
_WORD_BEFORE = re.compile(r"(\S+)[ \t]+$")
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_NAME_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ’'-]+")
_LETTERED = frozenset(
    "annex appendix table figure section part chapter schedule plan phase group category zone "
    "sector area class type option model level tier unit company battalion block item list "
    "column row site camp region district point grade stage step team vitamin".split()
)
_NUMBERISH = re.compile(r"[\d(\[]|[IVXLC]+\b")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.N, e.g, i.e, a.m
# A paragraph or heading number opening a segment: "12.", "3.1.", "IV.", "(b).", "A."
_LOOKBACK = 64  # characters: longer than any abbreviation, enumerator or markup run
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
    # Look back a bounded window, so a long run of non-boundary periods stays linear.
    before = _LAST_TOKEN.search(text, max(seg_start, match.start() - _LOOKBACK), match.start())
    if before is None:
        return True
    token = before.group(1)
    opens_segment = (
        before.start() - seg_start <= _LOOKBACK
        and text[seg_start : before.start()].strip(_MARKUP + " \t\n\r\f\v") == ""
    )
    if opens_segment and _ENUMERATOR.fullmatch(token.lstrip(_MARKUP)):
        return False  # "12. The Council ..." or "## A. Mandating" opens a numbered paragraph or heading
    word = token.lstrip("(['\"“‘").lower()
    if word in _ABBREVIATIONS or _INITIALISM.fullmatch(word):
        return False
    if _is_middle_initial(text, seg_start, before, token, match.end()):
        return False
    if word in _NUMBER_ABBREVIATIONS:
        return not _NUMBERISH.match(text, following.start(1))
    return True


def _is_middle_initial(
    text: str, seg_start: int, before: re.Match[str], token: str, after: int
) -> bool:
    """ "Susan E. Rice", "Henryk J. Sokalski": a capital letter between two names is an initial,
    unless the word before it names a part or a class ("annex B.", "Sector A.") or the word after
    it opens a sentence ("... in Ward C. The hospital ...")."""
    if not _CAPITAL.fullmatch(token) or token == "I":  # "Protocol I.", "World War I." end
        return False
    following = _NEXT_WORD.match(text, after)
    if following is None or following.group(1).casefold() in stopwords():
        return False
    previous = _WORD_BEFORE.search(text, max(seg_start, before.start() - _LOOKBACK), before.start())
    if previous is None:
        return False
    name = previous.group(1).strip()
    return bool(_NAME_WORD.fullmatch(name)) and name.casefold() not in _LETTERED


def _append_stripped(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


# --- tokens: the one tokeniser policy ----------------------------------------------------------
#
# BM25 (index and queries), answer scoring, support checks and near-duplicate collapse all see a
# text as the same tokens: lower-cased words and numbers, stopwords dropped, Snowball-stemmed
# (PyStemmer). A number keeps its decimal point ("49.5") and loses its thousands separators, so
# "11,075" meets "11075".

# A number with its decimal part, or a word (single characters kept: the "3" of "tier 3").
TOKEN_PATTERN = re.compile(r"\d+(?:[.,]\d+)*|\w+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# bm25s's English list (33 words) keeps question words, which then outweigh the content of a
# question ("what" is rare in doctrine). Question and request words are dropped too.
_QUESTION_WORDS = (
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "why",
    "how",
    "does",
    "do",
    "did",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "can",
    "could",
    "should",
    "would",
    "may",
    "say",
    "says",
    "said",
    "tell",
    "describe",
    "explain",
    "define",
    "mean",
    "means",
    "meant",
    "according",
    "about",
    "me",
    "please",
    "its",
    "it",
    "their",
    "there",
    "from",
    "under",
)
_local = threading.local()  # PyStemmer objects are not thread-safe; the UI shares one process


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    import logging

    import bm25s.stopwords

    # bm25s sets its own logger to DEBUG when imported; put it back under the application's control.
    logging.getLogger("bm25s").setLevel(logging.NOTSET)
    return frozenset(bm25s.stopwords.STOPWORDS_EN) | frozenset(_QUESTION_WORDS)


_STEM_CACHE_MAX = 500_000  # distinct words per thread; a corpus vocabulary fits many times over


def _stem_of() -> Callable[[str], str]:
    """This thread's ``word -> stem`` function: PyStemmer behind a dict, as most words repeat."""
    stem = getattr(_local, "stem", None)
    if stem is None:
        import Stemmer

        stem_word = Stemmer.Stemmer("english").stemWord
        cache: dict[str, str] = {}

        def stem(word: str) -> str:
            found = cache.get(word)
            if found is None:
                if len(cache) >= _STEM_CACHE_MAX:
                    cache.clear()
                found = cache[word] = stem_word(word)
            return found

        _local.stem = stem
    return stem


_ACRONYM_PLURAL = re.compile(
    r"\b([A-Z]{2,})s\b"
)  # "CLAs", "NGOs", "TCCs" are the plurals of "CLA", "NGO", "TCC"


def tokens(text: str) -> list[str]:
    """``text`` as the index and every scorer see it, in order, repeats kept."""
    drop, stem = stopwords(), _stem_of()
    text = _ACRONYM_PLURAL.sub(r"\1", _THOUSANDS.sub("", text))
    return [stem(w) for w in TOKEN_PATTERN.findall(text.lower()) if w not in drop]


def without_phrases(text: str, phrases: Sequence[str], *, article: bool = False) -> str:
    """``text`` with each of ``phrases`` removed where it stands as a whole (case-insensitive;
    with ``article``, a "the" before it goes too), whitespace collapsed: "the denunciation of GC IV
    or AP II" without "GC IV" and "AP II" is "the denunciation of or"."""
    the = r"(?:the\s+)?" if article else ""
    for phrase in sorted((p for p in phrases if p.strip()), key=len, reverse=True):
        text = re.sub(rf"(?i)(?<!\w){the}{re.escape(phrase)}(?!\w)", " ", text)
    return " ".join(text.split())


def content_words(text: str) -> set[str]:
    """The distinct tokens of ``text``, with answer citation markers ("[1]") removed first."""
    return set(tokens(CITATION_MARKER.sub(" ", text)))


# --- display ------------------------------------------------------------------------------------

# Footnote markers as the sources carry them: "<sup>6</sup>" (Markdown from PDF), superscript
# digits ("strategies.⁶"), a bracketed number glued to the word or stop before it ("war.[6]") or
# opening a footnote ("[6] Grey zone ..."), and Markdown emphasis. They are never answer text: a
# "[6]" left in would read as one of the answer's own citation numbers.
_SUP_TAG = re.compile(r"<sup>.*?</sup>", re.S | re.I)
_SUPERSCRIPTS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁽⁾]+")
_BRACKET_NOTE = re.compile(
    r"(?<=[^\s\[(])\[\d{1,3}\](?=[\s,.;:)]|$)|^[ \t]*\[\d{1,3}\][ \t]+", re.M
)
_EMPHASIS = re.compile(r"\*\*|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|(?<!\w)__|__(?!\w)")
_BULLET = re.compile(rf"(?m)^[ \t]*{BULLET}[ \t]+")


def opens_with_bullet(span: str) -> bool:
    """Whether ``span`` opens with a bullet mark, which :func:`display_text` removes."""
    return bool(_BULLET.match(span))


def display_text(span: str, *, lines: bool = False) -> str:
    """How a verbatim span is shown in an answer: footnote markers, emphasis and bullet marks
    removed, whitespace collapsed (within each line when ``lines``, so a list keeps one item a
    line). Nothing is added, so the shown text never says more than the quote it comes from."""
    text = _SUP_TAG.sub("", span)
    text = _SUPERSCRIPTS.sub("", text)
    text = _BRACKET_NOTE.sub("", text)
    text = _BULLET.sub("", text)
    text = _EMPHASIS.sub("", text)
    if lines:
        return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    return " ".join(text.split())


@functools.lru_cache(maxsize=4096)  # read for every passage a name is looked for in
def file_name_words(path: str) -> str:
    """The words of a file's name, without folder, extension and numbers: how a collection names
    what a document is about ("UNPROFOR_S_1995_1031.pdf" -> "UNPROFOR S"; the numbers of its
    symbol are no year or count the document states)."""
    words = re.split(r"[_\s]+", PurePosixPath(path).stem) if path else []
    return " ".join(w for w in words if w and not w.isdigit())


def search_any_case(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` is in ``text``, or, when ``text`` is set in capitals (the titles and
    headings of older UN documents: "REPORT OF THE SECRETARY-GENERAL ON THE UNITED NATIONS POLICE
    SUPPORT GROUP"), in it regardless of case: capitals there say nothing about a name."""
    if pattern.search(text):
        return True
    return text.isupper() and _caseless(pattern).search(text) is not None


@functools.lru_cache(maxsize=4096)
def _caseless(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern, pattern.flags | re.IGNORECASE)
