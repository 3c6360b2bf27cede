"""Fakes for what cannot run offline. Only the LLM endpoint: no LLM weights can be had here."""

from tests.fakes.openai_server import FakeOpenAIServer, closed_port_url

__all__ = ["FakeOpenAIServer", "closed_port_url"]
