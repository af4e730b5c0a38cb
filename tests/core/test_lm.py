"""The language model: the real SmolLM2 (llama.cpp, loaded once per session), the LangChain
seam, the OpenAI-compatible path against a local fake server, and the context budget."""

from __future__ import annotations

import asyncio
import warnings

import pytest
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from core.chat_model import LocalChatModel, OpenAISettings, build_chat_model
from core.context_budget import approx_tokens, fit
from core.errors import ModelError
from core.lm import LM, LMSettings, ModelBusy, render_chatml, split_stop

from tests.core.fake_openai import FakeOpenAI

SYSTEM = ("You are the shop assistant of Trailhead Outfitters. Products: Ridgeline "
          "Waterproof Hiking Boot, 109.99 EUR, in stock (14).")
MESSAGES = [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": "Do you have waterproof boots?"}]


def test_chatml_and_stop_helpers():
    text = render_chatml([{"role": "system", "content": "s"}, {"role": "human", "content": "u"}])
    assert text == ("<|im_start|>system\ns<|im_end|>\n<|im_start|>user\nu<|im_end|>\n"
                    "<|im_start|>assistant\n")
    assert split_stop("Hello.<|im_end|>junk", ["<|im_end|>"]) == ("Hello.", True)
    assert split_stop("Hello", ["<|im_end|>"]) == ("Hello", False)


def test_real_model_streams_a_reply(lm):
    chunks = list(lm.stream_chat(MESSAGES))
    text = "".join(chunks).strip()
    assert len(chunks) > 3 and len(text) > 10
    assert "<|im" not in text
    assert lm.count_tokens(text) <= 41


def test_token_budget_and_stop_sequences(lm):
    short = lm.generate_chat(MESSAGES, max_new_tokens=3)
    assert 0 < lm.count_tokens(short) <= 3
    stopped = lm.generate_chat(MESSAGES, stop=(" ",))
    assert stopped and " " not in stopped


async def test_burst_waits_in_a_bounded_queue(lm):
    shared = LM(LMSettings(max_new_tokens=4, max_queue=2), backend_factory=lambda s: lm.backend)
    results = await asyncio.gather(*(shared.agenerate_chat(MESSAGES) for _ in range(3)),
                                   return_exceptions=True)
    assert sum(bool(isinstance(r, str) and r) for r in results) == 2
    assert sum(isinstance(r, ModelBusy) for r in results) == 1
    assert await shared.agenerate_chat(MESSAGES)  # the queue drained
    shared.close()


async def test_local_model_composes_as_a_langchain_chain(lm):
    prompt = ChatPromptTemplate.from_messages([("system", "{system}"), ("human", "{q}")])
    chain = prompt | LocalChatModel(lm=lm, max_new_tokens=12) | StrOutputParser()
    inputs = {"system": SYSTEM, "q": "Do you have boots?"}
    chunks = [c async for c in chain.astream(inputs)]
    assert len(chunks) > 1 and "".join(chunks).strip()
    assert chain.invoke(inputs).strip()


def test_settings_are_checked():
    with pytest.raises(ModelError, match="unknown lm backend"):
        LMSettings(backend="tpu")
    with pytest.raises(ModelError, match="num_beams must be 1 or more"):
        LMSettings(backend="gguf", num_beams=0)
    with pytest.raises(ModelError, match="beam search needs a transformers backend"):
        LMSettings(backend="llamacpp", num_beams=4)
    with pytest.raises(ModelError, match="not a LoRA adapter"):  # at load, naming the dir
        LM(LMSettings(backend="llamacpp", adapter_path="/nonexistent-adapter")).backend
    with pytest.raises(ModelError, match="cannot load|no .gguf"):
        LM(LMSettings(model_path="/nonexistent-dir-for-test")).backend


async def test_openai_compatible_server(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-key")
    with FakeOpenAI() as server:
        server.enqueue("The Ridgeline boot is 109.99 EUR.", "Streaming works too.")
        model = build_chat_model("openai", openai=OpenAISettings(
            base_url=server.base_url, model="smol-served", max_new_tokens=50))
        prompt = ChatPromptTemplate.from_messages([("system", "{system}"), ("human", "{q}")])
        chain = prompt | model | StrOutputParser()
        inputs = {"system": SYSTEM, "q": "price?"}
        assert await chain.ainvoke(inputs) == "The Ridgeline boot is 109.99 EUR."
        chunks = [c async for c in chain.astream(inputs)]
        assert "".join(chunks) == "Streaming works too." and len([c for c in chunks if c]) == 3
    first = server.requests[0]
    assert first["model"] == "smol-served" and first["_auth"] == "Bearer sk-test-key"
    assert first["messages"][0] == {"role": "system", "content": SYSTEM}
    assert server.requests[1]["stream"] is True


def test_budget_keeps_facts_and_recent_turns():
    history = [{"role": "user" if i % 2 == 0 else "assistant", "content": f"turn {i} " * 30}
               for i in range(400)]
    examples = [{"user": "hi", "assistant": "hello"}] * 3
    f = fit(instructions="rules", facts="FACTS: boot 109.99 EUR", current="and in size 44?",
            examples=examples, history=history, window=1024, reserve=96, count=approx_tokens)
    assert f.facts == "FACTS: boot 109.99 EUR" and f.current == "and in size 44?"
    assert f.history and f.history[-1]["content"].startswith("turn 399")
    assert f.dropped == 400 - len(f.history)
    last_dropped_question = max(i for i in range(f.dropped) if i % 2 == 0)
    assert f.summary.startswith("Earlier the customer asked: ")
    assert f"turn {last_dropped_question} " in f.summary
    used = sum(approx_tokens(m["content"]) + 4 for m in f.history)
    assert used + approx_tokens(f.facts) + approx_tokens(f.summary) < 1024 - 96


def test_budget_clips_oversized_facts_and_message():
    facts = "\n".join(f"- product {i}: 10.00 EUR" for i in range(2000))
    f = fit(instructions="rules", facts=facts, current="x" * 50_000, examples=[],
            history=[], window=512, reserve=64, count=approx_tokens)
    assert f.facts.startswith("- product 0: 10.00 EUR") and len(f.facts) < len(facts)
    assert f.facts.endswith("EUR")  # cut at a line boundary
    assert approx_tokens(f.facts) + approx_tokens(f.current) < 512 - 64


@pytest.mark.slow
def test_transformers_backend_prefix_cache_lora_and_gguf_export(tmp_path):
    """transformers stays a working backend (training uses it): generation, the reused
    prefix cache, a LoRA adapter saved by peft and merged at load — and the same adapter
    exported into the GGUF gives llama.cpp the logits transformers computes."""
    import numpy as np
    import torch
    from llama_cpp import Llama
    from peft import LoraConfig, get_peft_model

    from core.gguf_export import export_gguf
    from core.lm import load_adapter, packaged_gguf

    tf = LM(LMSettings(backend="gguf", dtype="fp32", temperature=0.0, max_new_tokens=8,
                       n_threads=1))
    backend = tf.backend
    first = tf.generate_chat(MESSAGES)
    assert first and "<|im" not in first
    assert tf.generate_chat(MESSAGES) == first  # second run starts from the cached prefix
    assert backend._cached_ids[:20] == backend.tok(render_chatml(MESSAGES)).input_ids[:20]

    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        lora = get_peft_model(backend.model, LoraConfig(
            r=4, lora_alpha=8, target_modules=["q_proj", "k_proj", "v_proj"]))
    for name, param in lora.named_parameters():
        if "lora_B" in name:
            param.data.normal_(0, 0.1)
    lora.save_pretrained(tmp_path / "adapter", save_embedding_layers=False)
    base = lora.unload()
    with pytest.raises(ModelError, match="not a LoRA adapter"):
        load_adapter(base, str(tmp_path))
    merged = load_adapter(base, str(tmp_path / "adapter"))
    backend.model, backend._cache, backend._cached_ids = merged, None, []
    assert tf.generate_chat(MESSAGES) != first  # the adapter changes what the model writes

    text = "The Ridgeline boot is waterproof and costs 109.99 EUR. It suits rocky trails"
    ids = backend.tok(text, add_special_tokens=False).input_ids
    with torch.inference_mode():
        want = merged(input_ids=torch.tensor([ids])).logits[0, -1].numpy()

    def llama_logits(path):
        llm = Llama(model_path=str(path), n_ctx=256, n_threads=1, logits_all=True,
                    verbose=False)
        assert llm.tokenize(text.encode(), add_bos=False) == ids
        llm.eval(ids)
        return np.asarray(llm.scores[len(ids) - 1])

    out = export_gguf(packaged_gguf(), tmp_path / "adapter", tmp_path / "merged.gguf")
    exported, plain = llama_logits(out), llama_logits(packaged_gguf())
    assert np.abs(want - exported).mean() < 0.25 * np.abs(want - plain).mean()
    assert want.argmax() == exported.argmax()


@pytest.mark.slow
def test_beam_search_finds_a_likelier_reply_than_greedy():
    """num_beams > 1 (transformers) keeps several candidate replies and returns the one the
    model scores highest: a different reply from greedy's here, with a higher mean token
    log-probability; stop strings and cancellation still apply."""
    import threading

    import torch

    lm = LM(LMSettings(backend="gguf", dtype="fp32", temperature=0.0, max_new_tokens=16,
                       n_threads=1))
    backend = lm.backend
    greedy = lm.generate_chat(MESSAGES)
    backend.num_beams = 4
    beam = lm.generate_chat(MESSAGES)
    assert beam and "<|im" not in beam and beam != greedy
    prompt = backend.tok(render_chatml(MESSAGES), add_special_tokens=False).input_ids

    def mean_logprob(reply: str) -> float:
        ids = backend.tok(reply, add_special_tokens=False).input_ids
        with torch.inference_mode():
            logits = backend.model(input_ids=torch.tensor([prompt + ids])).logits[0]
        logp = torch.log_softmax(logits[len(prompt) - 1:-1].float(), dim=-1)
        return logp[torch.arange(len(ids)), torch.tensor(ids)].mean().item()

    assert mean_logprob(beam) > mean_logprob(greedy)
    cut = lm.generate_chat(MESSAGES, stop=[beam.split()[2]])
    assert beam.startswith(cut) and len(cut) < len(beam)
    cancelled = threading.Event()
    cancelled.set()  # checked after each step: at most one token comes out
    chunks = list(backend.stream(render_chatml(MESSAGES), max_new_tokens=16, stop=[],
                                 temperature=0.0, cancel=cancelled))
    assert len(backend.tok("".join(chunks), add_special_tokens=False).input_ids) <= 1
