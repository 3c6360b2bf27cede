"""Build the optional generative back end: an OpenAI-compatible endpoint or Ollama.

The integrations are optional extras, imported only when a back end is built. Retries are off and
the timeout comes from settings, so a dead or hung endpoint fails within ``llm.timeout_s`` and the
engine can fall back to the extractive answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.errors import ConfigError, MissingExtraError

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

    from assistant.settings import LLMSettings

_EXTRA = "llm"
_FEATURE = "generative mode"
_PACKAGES = {"openai_like": "llama-index-llms-openai-like", "ollama": "llama-index-llms-ollama"}


def build_llm(settings: LLMSettings) -> LLM:
    """A llama-index LLM for ``settings.provider``; pass it as ``llm=``, never through ``Settings``.

    Raises:
        ConfigError: ``provider`` is ``"none"``.
        MissingExtraError: the provider's integration package is not installed.
    """
    if settings.provider == "openai_like":
        return _openai_like(settings)
    if settings.provider == "ollama":
        return _ollama(settings)
    raise ConfigError(
        f"setting 'llm.provider' is {settings.provider!r}, so there is no LLM to build: "
        "set llm.provider to 'openai_like' or 'ollama' (e.g. POCDOC_LLM__PROVIDER=openai_like)"
    )


def _openai_like(settings: LLMSettings) -> LLM:
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError as exc:
        raise MissingExtraError(_PACKAGES["openai_like"], _EXTRA, _FEATURE) from exc
    return OpenAILike(
        model=settings.model,
        api_base=settings.base_url,
        api_key=settings.api_key,
        is_chat_model=True,
        is_function_calling_model=False,
        temperature=settings.temperature,
        timeout=settings.timeout_s,
        max_retries=0,
    )


def _ollama(settings: LLMSettings) -> LLM:
    try:
        from llama_index.llms.ollama import Ollama
    except ImportError as exc:
        raise MissingExtraError(_PACKAGES["ollama"], _EXTRA, _FEATURE) from exc
    # The Ollama client has no retry loop; request_timeout bounds each request.
    return Ollama(
        model=settings.model,
        base_url=settings.base_url,
        temperature=settings.temperature,
        request_timeout=settings.timeout_s,
    )


def endpoint_url(llm: Any) -> str:
    """The URL an LLM object talks to, for error messages (``"<unknown endpoint>"`` if it has none)."""
    for attr in ("api_base", "base_url"):
        value = getattr(llm, attr, None)
        if value:
            return str(value)
    return "<unknown endpoint>"


def llm_timeout(llm: Any) -> float | None:
    """The per-request timeout (seconds) an LLM object was built with, or None if it has none."""
    for attr in ("timeout", "request_timeout"):
        value = getattr(llm, attr, None)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            return float(value)
    return None
