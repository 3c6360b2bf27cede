"""The OpenAI-compatible endpoints, driven by the official `openai` client over a real loopback
uvicorn: the answer with its [n] markers and references in the content, and the structured
citations (document, page, section, paragraph, passage id, quote) beside it, streamed and not."""

from __future__ import annotations

import json

import httpx
import openai
import pytest

from ui.api.keys import KeyStore

QUESTION = "What do night patrols near displaced persons camps deter?"
REPORT_TITLE = "Report of the Secretary-General on the Patrol Mission"


@pytest.fixture(scope="module")
def client(api_url, owner_key) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{api_url}/v1", api_key=owner_key, max_retries=0)


def _extra(obj, name):
    return (obj.model_extra or {})[name]


def test_models_lists_pocdoc(client) -> None:
    ids = [m.id for m in client.models.list()]
    assert ids[0] == "pocdoc" and "pocdoc-extractive" in ids


def test_a_completion_carries_markers_references_and_citations(client) -> None:
    reply = client.chat.completions.create(
        model="pocdoc", messages=[{"role": "user", "content": QUESTION}]
    )
    content = reply.choices[0].message.content
    assert "[1]" in content and "attacks on civilians" in content
    answer, references = content.split("\n\nReferences:\n")
    assert references.startswith("[1] ") and "p. 1" in references
    citations = _extra(reply, "citations")
    first = citations[0]
    assert first["n"] == 1 and first["page"] == 1
    assert first["document"] == REPORT_TITLE
    assert first["section"] and first["passage_id"]
    assert first["paragraph"] == "1"
    assert "attacks on civilians" in first["quote"]
    assert reply.choices[0].finish_reason == "stop" and reply.usage.total_tokens > 0


def test_a_stream_gives_the_same_content_and_the_citations_on_its_last_chunk(client) -> None:
    plain = client.chat.completions.create(
        model="pocdoc", messages=[{"role": "user", "content": QUESTION}]
    )
    chunks = list(
        client.chat.completions.create(
            model="pocdoc",
            messages=[{"role": "user", "content": QUESTION}],
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain.choices[0].message.content
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 1
    last = next(c for c in chunks if c.choices and c.choices[0].finish_reason == "stop")
    citations = _extra(last, "citations")
    assert citations == _extra(plain, "citations")
    assert citations[0]["page"] == 1 and citations[0]["document"] == REPORT_TITLE
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0


def test_the_raw_stream_ends_with_done(api_url, owner_key) -> None:
    body = {"model": "pocdoc", "stream": True, "messages": [{"role": "user", "content": QUESTION}]}
    with httpx.stream(
        "POST",
        f"{api_url}/v1/chat/completions",
        json=body,
        headers={"Authorization": f"Bearer {owner_key}"},
        timeout=120,
    ) as reply:
        assert reply.headers["content-type"].startswith("text/event-stream")
        events = [line for line in reply.iter_lines() if line]
    assert events[-1] == "data: [DONE]"
    assert all(e.startswith("data: ") for e in events)
    assert json.loads(events[0][6:])["choices"][0]["delta"]["role"] == "assistant"


def test_earlier_messages_are_the_history_of_a_follow_up(client) -> None:
    first = client.chat.completions.create(
        model="pocdoc", messages=[{"role": "user", "content": "What is Tier II?"}]
    )
    assert "physical protection" in first.choices[0].message.content
    follow = client.chat.completions.create(
        model="pocdoc",
        messages=[
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "What is Tier II?"},
            {"role": "assistant", "content": first.choices[0].message.content},
            {"role": "user", "content": "and tier III?"},
        ],
    )
    assert "protective environment" in follow.choices[0].message.content
    standalone = _extra(follow, "standalone_question")
    assert "tier III" in standalone and "Tier II" in standalone


def test_filters_and_top_k_pass_through_extra_body(client) -> None:
    reply = client.chat.completions.create(
        model="pocdoc",
        messages=[{"role": "user", "content": QUESTION}],
        extra_body={"filters": {"doc_types": ["no-such-type"]}, "top_k": 3},
    )
    assert _extra(reply, "citations") == []


def test_a_reader_key_may_ask_and_bad_keys_may_not(client, api_url, api_settings) -> None:
    key, _ = KeyStore(api_settings.home).create("reader", "chat front end")
    reader = openai.OpenAI(base_url=f"{api_url}/v1", api_key=key, max_retries=0)
    assert (
        reader.chat.completions.create(
            model="pocdoc", messages=[{"role": "user", "content": QUESTION}]
        )
        .choices[0]
        .message.content
    )
    for bad in ("sk-not-a-pocdoc-key", key[:-2]):
        stranger = openai.OpenAI(base_url=f"{api_url}/v1", api_key=bad, max_retries=0)
        with pytest.raises(openai.AuthenticationError):
            stranger.chat.completions.create(
                model="pocdoc", messages=[{"role": "user", "content": QUESTION}]
            )
        with pytest.raises(openai.AuthenticationError):
            stranger.models.list()


def test_bad_requests_are_refused_with_a_reason(client) -> None:
    with pytest.raises(openai.NotFoundError, match="pocdoc"):
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])
    with pytest.raises(openai.UnprocessableEntityError, match="last message"):
        client.chat.completions.create(
            model="pocdoc", messages=[{"role": "assistant", "content": "hello"}]
        )
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(model="pocdoc", messages=[])
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(
            model="pocdoc", messages=[{"role": "user", "content": "x" * 3000}]
        )


def test_questions_are_in_the_audit_log_with_the_key_id_never_the_key(
    client, api_settings, owner_key
) -> None:
    from ui.api.audit import AuditLog

    client.chat.completions.create(
        model="pocdoc", messages=[{"role": "user", "content": "Who answered the alerts?"}]
    )
    lines = AuditLog(api_settings.home, 90).read()
    line = next(x for x in reversed(lines) if x["detail"] == "Who answered the alerts?")
    assert line["action"] == "ask" and line["status"] == 200
    assert line["key"] == owner_key.split(".")[0].removeprefix("pocdoc_")
    assert owner_key not in (api_settings.home / "audit.jsonl").read_text()
