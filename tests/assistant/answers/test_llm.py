"""build_llm against a fake OpenAI-compatible endpoint.

The endpoint is a fake (tests/fakes/openai_server.py) because no LLM weights can be had offline;
the clients are the real llama-index integrations talking over real loopback sockets.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.request

import pytest

from assistant.answers.llm import build_llm, endpoint_url, llm_timeout
from assistant.errors import ConfigError, MissingExtraError
from assistant.settings import LLMSettings
from tests.fakes import FakeOpenAIServer, closed_port_url


def _settings(**kw: object) -> LLMSettings:
    return LLMSettings(**{"provider": "openai_like", "model": "fake-model", "timeout_s": 5.0, **kw})


def test_openai_like_is_a_chat_model_with_no_retries_and_the_settings_timeout():
    from llama_index.llms.openai_like import OpenAILike

    llm = build_llm(
        _settings(base_url="http://127.0.0.1:9/v1", timeout_s=2.5, api_key="k", temperature=0.3)
    )
    assert isinstance(llm, OpenAILike)
    assert llm.metadata.is_chat_model is True
    assert (llm.max_retries, llm.timeout, llm.api_base, llm.model) == (
        0,
        2.5,
        "http://127.0.0.1:9/v1",
        "fake-model",
    )
    assert (llm.api_key, llm.temperature) == ("k", 0.3)


def test_ollama_gets_base_url_and_request_timeout():
    from llama_index.llms.ollama import Ollama

    llm = build_llm(_settings(provider="ollama", base_url="http://127.0.0.1:11434", timeout_s=3.0))
    assert isinstance(llm, Ollama)
    assert (llm.base_url, llm.request_timeout, llm.model) == (
        "http://127.0.0.1:11434",
        3.0,
        "fake-model",
    )


def test_provider_none_is_a_config_error_that_names_the_setting():
    with pytest.raises(ConfigError, match="llm.provider"):
        build_llm(LLMSettings())


@pytest.mark.parametrize(
    ("provider", "module", "package"),
    [
        ("openai_like", "llama_index.llms.openai_like", "llama-index-llms-openai-like"),
        ("ollama", "llama_index.llms.ollama", "llama-index-llms-ollama"),
    ],
)
def test_a_missing_integration_names_the_package_and_the_extra(
    monkeypatch, provider, module, package
):
    monkeypatch.setitem(sys.modules, module, None)  # makes the import raise ImportError
    with pytest.raises(MissingExtraError, match=package) as info:
        build_llm(_settings(provider=provider))
    assert "pocdoc[llm]" in str(info.value)
    assert info.value.extra == "llm"
    assert isinstance(info.value.__cause__, ImportError)


def test_build_llm_leaves_the_llama_index_global_settings_alone():
    from llama_index.core import Settings

    build_llm(_settings())
    assert Settings._llm is None


def test_openai_like_chats_with_the_fake_endpoint():
    from llama_index.core.llms import ChatMessage

    with FakeOpenAIServer(["The mission protects civilians [1]."]) as fake:
        llm = build_llm(_settings(base_url=fake.url))
        response = llm.chat([ChatMessage(role="user", content="What does the mission do?")])
    assert response.message.content == "The mission protects civilians [1]."
    assert fake.requests[0]["model"] == "fake-model"
    assert fake.requests[0]["messages"][-1]["content"] == "What does the mission do?"


def test_openai_like_streams_from_the_fake_endpoint():
    from llama_index.core.llms import ChatMessage

    with FakeOpenAIServer(["It patrols the camps [2]."]) as fake:
        llm = build_llm(_settings(base_url=fake.url))
        deltas = [chunk.delta for chunk in llm.stream_chat([ChatMessage(role="user", content="q")])]
    assert "".join(d or "" for d in deltas) == "It patrols the camps [2]."
    assert fake.requests[0]["stream"] is True


def test_fake_endpoint_lists_its_model():
    with (
        FakeOpenAIServer(model="m1") as fake,
        urllib.request.urlopen(f"{fake.url}/models", timeout=5) as resp,
    ):
        assert [m["id"] for m in json.load(resp)["data"]] == ["m1"]


@pytest.mark.parametrize("provider", ["openai_like", "ollama"])
def test_a_closed_port_fails_within_seconds(provider):
    from llama_index.core.llms import ChatMessage

    url = closed_port_url("/v1" if provider == "openai_like" else "")
    llm = build_llm(_settings(provider=provider, base_url=url, timeout_s=30.0))
    started = time.monotonic()
    with pytest.raises(Exception):  # noqa: B017 - each client raises its own type; generation wraps them
        llm.chat([ChatMessage(role="user", content="q")])
    assert time.monotonic() - started < 5


def test_endpoint_url_and_timeout_are_read_from_either_client():
    openai_like = build_llm(_settings(base_url="http://127.0.0.1:1/v1", timeout_s=4.0))
    ollama = build_llm(_settings(provider="ollama", base_url="http://127.0.0.1:2", timeout_s=6.0))
    assert (endpoint_url(openai_like), llm_timeout(openai_like)) == ("http://127.0.0.1:1/v1", 4.0)
    assert (endpoint_url(ollama), llm_timeout(ollama)) == ("http://127.0.0.1:2", 6.0)
    assert (endpoint_url(object()), llm_timeout(object())) == ("<unknown endpoint>", None)
