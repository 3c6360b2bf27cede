"""The question inside a message: what is asked, without the chatter typed around it.

Staff write questions the way they write to a colleague: "Sorry if this is a basic one. Someone
asked me this morning and I was not sure either. What is ...?", or "... so my question is this:
how many ...". Read whole, the lead-in's words ("briefing", "meeting", "slides") become terms the
answer must bear on, and a good answer looks weak. Two facts of how such messages are written
decide what is kept:

- the question is the clause that asks: the last sentence that ends in a question mark, or what
  follows a lead-in's colon when that reads as a question;
- a sentence before it that speaks of the asker or the reader ("I", "me", "you"), or is a
  courtesy ("Sorry ...", "Quick one ..."), and names nothing (no capitalised name after its first
  word, no figure, no quoted term) is chatter; any other ("The 2010 report on Haiti.", "the side
  event.") is context the question needs, and stays. "We" and "our" alone do not make chatter:
  staff use them for their mission or unit ("Our mission has few troops.", "The host government
  restricts our patrols."), and such a sentence is the situation the question asks about.
"""

from __future__ import annotations

import re

from assistant.lexicon import AUXILIARIES, QUESTION_WORDS, REQUEST_WORDS, alternation
from assistant.text import split_sentences

# Words a question or request opens with (a fact of English questions, not of any corpus).
_ASKING = re.compile("(?i)^" + alternation([*QUESTION_WORDS, *AUXILIARIES, *REQUEST_WORDS]) + r"\b")
_NAME_INSIDE = re.compile(r"(?<=\S\s)(?!I\b|I'[a-z]+\b)[A-Z][\w'’.-]*")  # capitalised, not first
_FIGURE_OR_QUOTE = re.compile(r"\d|[\"“”]|(?<!\w)'[^']+'(?!\w)")
# Chatter speaks of the asker or the reader, or is a courtesy (facts of English messages); the
# plural first person speaks for the asker's mission or unit, so it is not among these words.
_ABOUT_US = re.compile(r"(?i)\b(?:i|i'm|i've|i'd|me|my|you|your)\b")
_COURTESY = re.compile(r"(?i)^(?:hi|hello|dear|thanks|thank you|sorry|please|quick)\b")
_LEAD_COLON = re.compile(r":\s+(?=\S)")
# A full stop before a question typed in lower case ("... tomorrow. whats the rule ..."): the
# sentence splitter wants a capital after the stop, people typing fast do not give one.
_LOWER_BOUNDARY = re.compile(r"(?i)(?<=[.!])\s+(?=" + _ASKING.pattern.removeprefix("(?i)^") + ")")


def question_focus(message: str) -> str:
    """``message`` without the chatter around its question (unchanged when there is none)."""
    text = message.strip()
    spans = split_sentences(text)
    if not spans:
        return text
    sentences = [p for a, b in spans for p in _LOWER_BOUNDARY.split(text[a:b]) if p.strip()]
    asking = [i for i, s in enumerate(sentences) if s.rstrip().endswith("?")]
    last = asking[-1] if asking else len(sentences) - 1
    question = _after_lead_colon(sentences[last])
    context = [c for c in map(_after_lead_colon, sentences[:last]) if not _chatter(c)]
    kept = [*context, question]
    if kept == sentences:
        return text  # nothing to drop
    return " ".join(kept).strip()


def _after_lead_colon(sentence: str) -> str:
    """The part after the first colon of ``sentence`` when what comes before it is chatter ("so
    my question is this: what ..."); otherwise the whole sentence. A colon after a name or figure
    ("According to S/2010/200, what was the strength: troops or police?"), after a request
    ("Compare the two papers: which ...") or after the topic ("More women in the police: Timor-Leste
    or Haiti?") is the question's own."""
    parts = _LEAD_COLON.split(sentence, maxsplit=1)
    if len(parts) < 2 or not _chatter(parts[0]) or _ASKING.match(parts[0]):
        return sentence
    tail = parts[1]
    return tail[0].upper() + tail[1:]


def _chatter(sentence: str) -> bool:
    """A sentence about the asker or the reader, or a courtesy, that names nothing."""
    return bool(_ABOUT_US.search(sentence) or _COURTESY.match(sentence)) and not _names_something(
        sentence
    )


def _names_something(sentence: str) -> bool:
    """Whether ``sentence`` carries a name, a figure or a quoted term the question may need."""
    return bool(_NAME_INSIDE.search(sentence) or _FIGURE_OR_QUOTE.search(sentence))
