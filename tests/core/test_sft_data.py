"""The supervised set: run-time prompt format, facts in the prompt, facts in the target."""

import dataclasses
import json
from pathlib import Path

import pytest

from core import facts as F
from core.describe import fallback_text, describe, facts as describe_facts, is_heldout
from core.errors import ConfigError
from core.grounding import check
from core.order_answers import order_facts
from core.prompts import PromptLibrary
from core.reply_eval import grounding_facts
from core.reply_checks import appropriate
from core.sft_data import (ShopData, build_shop_examples, chat_messages, drop_instructions,
                           from_row, read_jsonl, refs, split, template_only)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shop():
    return ShopData.load(ROOT)


@pytest.fixture(scope="module")
def examples(shop):
    held = read_jsonl(ROOT / "data/dialogues_heldout.jsonl")
    return build_shop_examples(shop, exclude=refs(held))


def test_prompt_is_what_the_lm_composer_sends(shop):
    from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder

    from core.chat_model import to_chat_dicts
    from core.composer_lm import HOUSE_RULES, LMComposer

    order = next(o for o in shop.orders if o["status"] == "shipped")
    facts = {"shop_name": shop.shop_name, **order_facts(order)}
    history = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hello!"}]
    msgs = chat_messages(shop.prompts, "order_status", facts, "where is it?", history)
    prompt = shop.prompts.get("order_status")
    composer = LMComposer(shop.prompts, model=None)
    inputs = composer.inputs(prompt, prompt.render_system(capabilities=F.CAPABILITIES, **facts),
                             history, "where is it?")
    chain_prompt = ChatPromptTemplate.from_messages([
        ("system", HOUSE_RULES.replace("{", "{{").replace("}", "}}") + "\n\n{system}"),
        MessagesPlaceholder("examples", optional=True),
        MessagesPlaceholder("history", optional=True), ("human", "{current}")])
    assert list(msgs) == to_chat_dicts(chain_prompt.invoke(inputs).to_messages())
    assert facts["tracking_number"] in msgs[0]["content"] and len(msgs) == 4


def test_order_examples_carry_the_facts_in_prompt_and_target(examples):
    orders = [e for e in examples if e.kind == "order_status"]
    assert orders
    for e in orders:
        system = e.messages[0]["content"]
        for key in ("order_id", "status_text"):
            assert e.facts[key] in system and e.facts[key] in e.response
        if e.facts["tracking_number"]:
            assert e.facts["tracking_number"] in system
            assert e.facts["tracking_number"] in e.response


def test_product_answers_copy_sizes_and_stock(examples):
    sized = [e for e in examples if e.kind == "product_answer" and "size" in e.facts["answer"]]
    assert sized
    for e in sized:
        assert e.facts["answer"] in e.messages[0]["content"]
        assert e.response == e.facts["answer"]


@pytest.mark.parametrize("kind", ["product_results", "recommendation", "order_status",
                                  "cancel_order", "product_answer", "describe"])
def test_every_generated_target_is_grounded_in_its_facts(examples, shop, kind):
    known = [p["name"] for p in shop.products]
    group = [e for e in examples if e.kind == kind]
    assert group
    for e in group:
        others = [n for n in known if n not in e.response] if kind == "describe" else known
        assert check(e.response, grounding_facts(kind, e.facts),
                     known_products=others) == [], (e.kind, e.response)


def test_heldout_products_and_orders_never_appear_in_training(examples):
    held = read_jsonl(ROOT / "data/dialogues_heldout.jsonl")
    ids = refs(held)
    assert {"P1020", "10041"} <= ids
    for e in examples:
        text = " ".join(m["content"] for m in e.messages) + e.response
        assert not any(f"order {i}" in text.lower() for i in ids if i.isdigit())
    names = {json.dumps(r["facts"]).split(" (")[0] for r in held if r["kind"] == "product_answer"}
    assert names


def test_heldout_dialogues_are_grounded_and_not_in_training(shop):
    prompts = PromptLibrary(ROOT / "prompts")
    train = {r["instruction"] for r in read_jsonl(ROOT / "data/dialogues.jsonl")}
    known = [p["name"] for p in shop.products]
    for row in read_jsonl(ROOT / "data/dialogues_heldout.jsonl"):
        assert row["instruction"] not in train
        e = from_row(row, prompts)
        facts = grounding_facts(row["kind"], e.facts)
        assert check(row["response"], facts, known_products=known) == [], row
        assert e.messages[-1] == {"role": "user", "content": row["instruction"]}


def test_chat_kinds_are_not_starved(examples, shop):
    """Each chat kind gets dozens of phrasings from data/intents.csv, some mid-conversation,
    and every target passes the same reply-kind check the live composer applies."""
    for kind in ("greeting", "thanks", "goodbye", "small_talk", "no_product_context"):
        group = [e for e in examples if e.kind == kind]
        assert len(group) >= 25, kind
        assert all(appropriate(kind, e.facts, e.response) for e in group), kind
    greetings = {e.instruction.lower() for e in examples if e.kind == "greeting"}
    assert {u.lower() for u in shop.utterances["greeting"]} <= greetings
    mid = [e for e in examples if e.kind == "thanks" and len(e.messages) > 2]
    assert mid and mid[0].messages[1]["role"] == "user"
    for e in examples:  # "is it waterproof?" with nothing shown: never after a listing
        if e.kind == "no_product_context":
            assert [m["role"] for m in e.messages] == ["system", "user"]


def test_template_only_kinds_are_not_trained(examples, shop, tmp_path):
    """The bot never asks the model for a kind whose prompt file has no system text (the
    shipped policy, compare, clarify, out_of_scope, handoff and order_ask_id files): no
    examples of it; give the file a system text and the kind is generated again."""
    assert template_only(shop.prompts, "compare") and not template_only(shop.prompts, "greeting")
    assert not template_only(shop.prompts, "describe")  # no prompt file: not a template kind
    kinds = {e.kind for e in examples}
    assert not kinds & {"policy", "compare", "clarify", "out_of_scope", "handoff", "order_ask_id"}
    assert {"product_results", "greeting", "small_talk"} <= kinds
    import shutil
    shutil.copytree(ROOT / "prompts", tmp_path / "prompts")
    for kind, system in (("policy", "Answer from: {policy}"), ("compare", "Compare: {products}")):
        f = tmp_path / "prompts" / f"{kind}.yaml"
        f.write_text(f.read_text().replace('system: ""', f"system: |\n  {system}"))
    edited = dataclasses.replace(shop, prompts=PromptLibrary(tmp_path / "prompts"))
    again = build_shop_examples(edited, per_kind={"policy": 3, "compare": 3})
    assert {"policy", "compare"} <= {e.kind for e in again}


def test_heldout_instructions_are_dropped():
    rows = [{"instruction": "Thanks!", "response": "x"}]
    kept = drop_instructions([from_row({"instruction": "thanks!", "response": "a"}),
                              from_row({"instruction": "cheers", "response": "b"})], rows)
    assert [e.instruction for e in kept] == ["cheers"]


def test_generic_rows_without_kind(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text('{"instruction": "I lost my password", "response": "Click Forgot."}\n'
                    '{"instruction": "price?", "response": "9 EUR", "facts": {"price": "9 EUR"}}\n')
    a, b = [from_row(r) for r in read_jsonl(path)]
    assert a.messages == ({"role": "user", "content": "I lost my password"},)
    assert b.messages[0]["role"] == "system" and "9 EUR" in b.messages[0]["content"]


def test_bad_jsonl_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"instruction": "a", "response": "b"}\n{"instruction": 1}\n')
    with pytest.raises(ConfigError, match="line 2"):
        read_jsonl(path)


def test_split_is_stratified_and_disjoint(examples):
    train, held = split(examples, 0.05)
    assert len(train) + len(held) == len(examples)
    assert {e.kind for e in held} >= {"order_status", "product_answer", "cancel_order"}
    assert not {id(e) for e in train} & {id(e) for e in held}


def test_describe_falls_back_to_a_grounded_sentence():
    attrs = {"material": "nubuck leather", "weight_g": "620"}
    seen = []

    def inventive(messages, temperature):
        seen.append(temperature)
        return "A boot weighing 450 g with a 7-year warranty."

    result = describe("Ridgeline Boot", attrs, inventive)
    assert result.fallback and seen == [0.3, 0.0]
    assert result.text == fallback_text("Ridgeline Boot", attrs)
    assert check(result.text, describe_facts("Ridgeline Boot", attrs)) == []
    assert is_heldout("P1024") and not is_heldout("P1001")
