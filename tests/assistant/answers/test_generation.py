"""Generative answers through the real OpenAILike client, against a fake endpoint.

The endpoint is a fake (tests/fakes/openai_server.py) that replays scripted replies, because no LLM
weights can be had offline. Support is scored with the real packaged embedding model.
"""

from __future__ import annotations

import time

import pytest

from assistant.answers.generation import (
    ANSWER_SYSTEM_PROMPT,
    check_reply,
    condense_question,
    format_passages,
    generate_answer,
)
from assistant.answers.llm import build_llm
from assistant.errors import EndpointError
from assistant.settings import AnswerSettings, LLMSettings
from assistant.types import Hit, Passage, Turn
from tests.fakes import FakeOpenAIServer, closed_port_url

MANDATE = (
    "The POC mandate has traditionally focused on protecting civilians, broadly defined, from threats of physical "
    "violence. The mandate began in 1999 as a relatively minor aspect of a robust mission mandate in Sierra Leone but "
    "has become the Security Council's most common and most broad authorization for the use of force in the past two "
    "decades."
)
MISSIONS = (
    "UN peace operations play a critical role in ensuring the safety and security of civilians in conflict zones, with "
    "12 peacekeeping missions and 25 special political missions with a field presence currently deployed around the "
    "world."
)
HITS = [
    Hit(
        Passage(
            "p1",
            "future-of-poc",
            MANDATE,
            0,
            0,
            len(MANDATE),
            page=2,
            section=("Analysis", "A. Mandating"),
            title="The Future of the Protection of Civilians in UN Peacekeeping Operations",
            date="2021",
        ),
        score=0.8,
        rank=1,
    ),
    Hit(
        Passage(
            "p2",
            "poc-week-2022",
            MISSIONS,
            0,
            0,
            len(MISSIONS),
            paragraph="1",
            title="PoC in UN Peace Operations",
            symbol="",
            date="2022-05-24",
        ),
        score=0.6,
        rank=2,
    ),
]
ANSWER = AnswerSettings(mode="generative")


def _llm(url: str, *, provider: str = "openai_like", timeout_s: float = 10.0):
    return build_llm(
        LLMSettings(provider=provider, base_url=url, model="fake-model", timeout_s=timeout_s)
    )


def _ask(reply: str, embedder, **kw):
    with FakeOpenAIServer([reply]) as fake:
        result = generate_answer(
            "When did the POC mandate begin?",
            HITS,
            llm=_llm(fake.url),
            embedder=embedder,
            settings=ANSWER,
            **kw,
        )
    return result, fake


# --- answers and their support -----------------------------------------------------------------


def test_an_answer_quoting_its_passages_is_supported(embedder):
    reply = (
        "The POC mandate began in 1999 as a relatively minor aspect of a robust mission mandate in Sierra Leone [1]. "
        "It has become the Security Council's most common authorization for the use of force [1]. "
        "There are 12 peacekeeping missions and 25 special political missions deployed [2]."
    )
    result, _ = _ask(reply, embedder)
    assert not result.abstained
    assert result.text == reply
    assert [s.verdict for s in result.sentences] == ["supported"] * 3
    assert [s.citations for s in result.sentences] == [(1,), (1,), (2,)]
    assert result.cited == (1, 2)
    assert result.sentences[0].text.endswith(
        "in Sierra Leone."
    )  # markers stripped from the sentence text
    assert result.unsupported == 0


def test_a_claim_the_passage_does_not_make_is_unsupported(embedder):
    reply = (
        "The POC mandate began in 1999 in Sierra Leone [1]. "
        "The mission also operates a fleet of submarines on Lake Victoria [1]."
    )
    result, _ = _ask(reply, embedder)
    assert [s.verdict for s in result.sentences] == ["supported", "unsupported"]
    assert result.unsupported == 1


def test_citing_a_passage_number_that_was_never_given_is_unsupported(embedder):
    result, _ = _ask("The POC mandate began in 1999 in Sierra Leone [9].", embedder)
    (sentence,) = result.sentences
    assert (sentence.verdict, sentence.citations, result.cited) == ("unsupported", (), ())


def test_a_sentence_citing_nothing_is_unsupported(embedder):
    result, _ = _ask(
        "The POC mandate began in 1999 in Sierra Leone [1]. It began in Sierra Leone.", embedder
    )
    assert [s.verdict for s in result.sentences] == ["supported", "unsupported"]
    assert result.sentences[1].citations == ()


def test_support_is_the_best_among_the_cited_passages(embedder):
    result = check_reply(
        "The POC mandate began in 1999 in Sierra Leone [2][1].",
        [h.passage for h in HITS],
        embedder=embedder,
    )
    (sentence,) = result.sentences
    assert sentence.citations == (2, 1) and sentence.verdict == "supported"


def test_citation_lists_ranges_and_markers_after_the_stop_are_read(embedder):
    passages = [h.passage for h in HITS]
    reply = "The mandate began in 1999 in Sierra Leone. [1] Twelve missions are deployed [1, 2]. More [1-2]."
    result = check_reply(reply, passages, embedder=None)
    assert [s.citations for s in result.sentences] == [(1,), (1, 2), (1, 2)]
    assert (
        check_reply("Text [1-40].", passages, embedder=None).sentences[0].verdict == "unsupported"
    )


@pytest.mark.parametrize(
    "reply",
    [
        "INSUFFICIENT",
        "INSUFFICIENT.",
        "  insufficient  ",
        "INSUFFICIENT: not covered",
        "The passages are silent.\nINSUFFICIENT",
    ],
)
def test_insufficient_means_abstain(embedder, reply):
    result, _ = _ask(reply, embedder)
    assert result.abstained and result.sentences == () and result.cited == ()


def test_a_sentence_merely_mentioning_insufficient_is_not_an_abstention(embedder):
    result, _ = _ask(
        "The mandate began in 1999 in Sierra Leone, with insufficient troops [1].", embedder
    )
    assert not result.abstained and len(result.sentences) == 1


def test_no_passages_abstains_without_calling_the_endpoint(embedder):
    with FakeOpenAIServer() as fake:
        result = generate_answer("q", [], llm=_llm(fake.url), embedder=embedder, settings=ANSWER)
    assert result.abstained and fake.requests == []


# --- the prompt --------------------------------------------------------------------------------


def test_the_prompt_numbers_the_passages_with_their_sources_and_forbids_outside_knowledge(embedder):
    _, fake = _ask("INSUFFICIENT", embedder)
    system, user = fake.requests[0]["messages"]
    assert system["role"] == "system" and user["role"] == "user"
    assert "ONLY" in system["content"] and "outside knowledge" in system["content"]
    assert "INSUFFICIENT" in system["content"] and "[1]" in system["content"]
    assert f"at most {ANSWER.max_sentences} sentences" in system["content"]
    assert system["content"] == ANSWER_SYSTEM_PROMPT.format(max_sentences=ANSWER.max_sentences)
    assert (
        "[1] The Future of the Protection of Civilians in UN Peacekeeping Operations | 2021 | "
        "Analysis > A. Mandating | p. 2\nThe POC mandate" in user["content"]
    )
    assert (
        "[2] PoC in UN Peace Operations | 2022-05-24 | para. 1\nUN peace operations"
        in user["content"]
    )
    assert user["content"].endswith("Question: When did the POC mandate begin?")
    assert fake.requests[0]["temperature"] == 0.0


def test_format_passages_numbers_from_one_in_hit_order():
    text = format_passages(HITS[::-1])
    assert text.index("[1] PoC in UN Peace Operations") < text.index("[2] The Future")


def test_history_is_shown_to_the_answer_model_as_context_only(embedder):
    history = [
        Turn(question="What is POC?", answer="POC protects civilians from physical violence [1].")
    ]
    _, fake = _ask("INSUFFICIENT", embedder, history=history)
    user = fake.requests[0]["messages"][1]["content"]
    assert "context only, not a source" in user
    assert "User: What is POC?\nAssistant: POC protects civilians from physical violence." in user


# --- endpoint failures -------------------------------------------------------------------------


@pytest.mark.parametrize("provider", ["openai_like", "ollama"])
def test_a_dead_endpoint_raises_endpoint_error_within_seconds(embedder, provider):
    url = closed_port_url("/v1" if provider == "openai_like" else "")
    started = time.monotonic()
    with pytest.raises(EndpointError) as info:
        generate_answer(
            "q",
            HITS,
            llm=_llm(url, provider=provider, timeout_s=30),
            embedder=embedder,
            settings=ANSWER,
        )
    assert time.monotonic() - started < 5
    assert url in str(info.value)
    assert info.value.__cause__ is not None


def test_a_slow_endpoint_raises_endpoint_error_at_the_timeout(embedder):
    with FakeOpenAIServer(["late [1]."], delay_s=5) as fake:
        started = time.monotonic()
        with pytest.raises(EndpointError, match=fake.url):
            generate_answer(
                "q", HITS, llm=_llm(fake.url, timeout_s=1.0), embedder=embedder, settings=ANSWER
            )
        elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 3


def test_the_total_time_is_bounded_by_timeout_s_even_when_the_client_would_wait_longer(embedder):
    with FakeOpenAIServer(["late [1]."], delay_s=5) as fake:
        started = time.monotonic()
        with pytest.raises(EndpointError, match="within 1 s"):
            generate_answer(
                "q",
                HITS,
                llm=_llm(fake.url, timeout_s=30),
                embedder=embedder,
                settings=ANSWER,
                timeout_s=1.0,
            )
    assert time.monotonic() - started < 3


def test_an_http_error_raises_endpoint_error_with_the_status(embedder):
    with (
        FakeOpenAIServer(["unused"], status=500) as fake,
        pytest.raises(EndpointError, match="HTTP 500"),
    ):
        generate_answer("q", HITS, llm=_llm(fake.url), embedder=embedder, settings=ANSWER)


def test_an_empty_reply_raises_endpoint_error(embedder):
    with FakeOpenAIServer(["   "]) as fake, pytest.raises(EndpointError, match="empty"):
        generate_answer("q", HITS, llm=_llm(fake.url), embedder=embedder, settings=ANSWER)


# --- condense_question -------------------------------------------------------------------------


def test_condense_question_rewrites_the_follow_up_from_the_history():
    history = [
        Turn(
            question="What is the POC mandate of MONUSCO?",
            answer="MONUSCO must protect civilians [1].",
        ),
    ]
    with FakeOpenAIServer(
        ['Standalone question: "When did MONUSCO\'s POC mandate begin?"\n']
    ) as fake:
        standalone = condense_question(history, "When did it begin?", llm=_llm(fake.url))
    assert standalone == "When did MONUSCO's POC mandate begin?"
    prompt = fake.requests[0]["messages"][0]["content"]
    assert "User: What is the POC mandate of MONUSCO?" in prompt
    assert "Assistant: MONUSCO must protect civilians." in prompt
    assert "Follow-up question: When did it begin?" in prompt


def test_condense_question_prefers_the_resolved_form_of_earlier_turns():
    history = [Turn(question="and its budget?", standalone_question="What is UNMISS's budget?")]
    with FakeOpenAIServer(["What is UNMISS's mandate?"]) as fake:
        condense_question(history, "and its mandate?", llm=_llm(fake.url))
    assert "User: What is UNMISS's budget?" in fake.requests[0]["messages"][0]["content"]


def test_condense_question_without_history_returns_the_question_and_calls_nothing():
    with FakeOpenAIServer() as fake:
        assert condense_question((), "What is POC?", llm=_llm(fake.url)) == "What is POC?"
    assert fake.requests == []


def test_condense_question_on_a_dead_endpoint_raises_endpoint_error():
    url = closed_port_url()
    with pytest.raises(EndpointError, match=url):
        condense_question([Turn(question="What is POC?")], "And its history?", llm=_llm(url))
