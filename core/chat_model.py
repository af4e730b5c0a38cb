"""The LangChain seam: the local model as a chat model, or any other chat model by config.

A prompt file composes as `prompt | model | parser`; `model` is whatever
`build_chat_model` returns:

- backend llamacpp / gguf / hf: `LocalChatModel` around `core.lm.LM` (in-process);
- backend openai: `langchain_openai.ChatOpenAI` pointed at an OpenAI-compatible server
  (vLLM, llama.cpp server, ...) — how a shop moves generation off the bot's machine.
  The key comes from the environment (OPENAI_API_KEY), never from config.yaml.

Importing this module imports langchain-core; `import core` does not import it.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.callbacks import (AsyncCallbackManagerForLLMRun,
                                      CallbackManagerForLLMRun)
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict

from core.errors import ConfigError, ModelError
from core.lm import LM, LMSettings


def to_chat_dicts(messages: Sequence[BaseMessage]) -> list[dict]:
    """LangChain messages -> [{"role", "content"}] in ChatML roles (pure)."""
    roles = {"system": "system", "human": "user", "ai": "assistant", "chat": "user"}
    out = []
    for m in messages:
        role = roles.get(m.type)
        if role is None:
            raise ModelError(f"message type {m.type!r} is not supported by the local model")
        content = m.content if isinstance(m.content, str) else "".join(
            p.get("text", "") if isinstance(p, dict) else str(p) for p in m.content)
        out.append({"role": role, "content": content})
    return out


class LocalChatModel(BaseChatModel):
    """`core.lm.LM` behind LangChain's chat-model interface (sync, async, streaming)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    lm: Any
    max_new_tokens: int | None = None
    temperature: float | None = None

    @property
    def _llm_type(self) -> str:
        return f"shopbot-local-{self.lm.settings.backend}"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        s = self.lm.settings
        return {"backend": s.backend, "model_path": s.model_path, "adapter": s.adapter_path}

    def _kwargs(self, stop: list[str] | None) -> dict[str, Any]:
        return {"max_new_tokens": self.max_new_tokens, "temperature": self.temperature,
                "stop": tuple(stop or ())}

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        for text in self.lm.stream_chat(to_chat_dicts(messages), **self._kwargs(stop)):
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
            if run_manager:
                run_manager.on_llm_new_token(text, chunk=chunk)
            yield chunk

    async def _astream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                       run_manager: AsyncCallbackManagerForLLMRun | None = None,
                       **kwargs: Any) -> AsyncIterator[ChatGenerationChunk]:
        async for text in self.lm.astream_chat(to_chat_dicts(messages), **self._kwargs(stop)):
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
            if run_manager:
                await run_manager.on_llm_new_token(text, chunk=chunk)
            yield chunk

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None,
                  **kwargs: Any) -> ChatResult:
        text = "".join(c.text for c in self._stream(messages, stop, run_manager))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    async def _agenerate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                         run_manager: AsyncCallbackManagerForLLMRun | None = None,
                         **kwargs: Any) -> ChatResult:
        text = "".join([c.text async for c in self._astream(messages, stop, run_manager)])
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


@dataclass(frozen=True, slots=True)
class OpenAISettings:
    """An OpenAI-compatible server; the API key is read from OPENAI_API_KEY."""

    base_url: str
    model: str
    max_new_tokens: int = 120
    temperature: float = 0.2
    timeout_s: float = 30.0


def build_openai_chat_model(settings: OpenAISettings) -> BaseChatModel:
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:
        raise ModelError("backend 'openai' needs: pip install langchain-openai") from exc
    if not settings.base_url or not settings.model:
        raise ConfigError("backend 'openai' needs base_url and model", key="lm.openai")
    return ChatOpenAI(base_url=settings.base_url, model=settings.model,
                      api_key=os.environ.get("OPENAI_API_KEY") or "not-set",
                      max_tokens=settings.max_new_tokens, temperature=settings.temperature,
                      timeout=settings.timeout_s, max_retries=1, streaming=True)


def build_chat_model(backend: str, *, lm_settings: LMSettings | None = None,
                     openai: OpenAISettings | None = None) -> BaseChatModel:
    """The chat model the config names: local (llamacpp | gguf | hf) or openai."""
    if backend == "openai":
        if openai is None:
            raise ConfigError("backend 'openai' needs an lm.openai section", key="lm.openai")
        return build_openai_chat_model(openai)
    settings = lm_settings or LMSettings(backend=backend)
    return LocalChatModel(lm=LM(settings))


def context_window(model: BaseChatModel, default: int = 8192) -> int:
    """Tokens the model can see: the local model knows; a remote one gets `default`."""
    lm = getattr(model, "lm", None)
    return lm.context_window if lm is not None else default
