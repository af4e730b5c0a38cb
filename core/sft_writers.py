"""One writer per reply kind: (customer message, facts, target reply) from the shop's data.

Each writer yields `Example`s whose target says only what its facts say — copied figures,
names and statuses, wrapped in a few varied phrasings so the model learns the *form* and
copies the *content*. Facts come from core/facts.py, the same builders the bot uses, so a
training prompt is byte-for-byte what the bot sends the model for that situation.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

from . import facts as F
from . import order_answers
from .grounding import check
from .sft_data import Example, ShopData

Writer = Any


def _name(p: dict) -> str:
    return p["name"]


def _offer(p: dict) -> str:
    stock = "" if (p.get("stock") or 0) > 0 else ", currently out of stock"
    return f"the {p['name']} at {F.money(p)}{stock}"


def _listing(products: list[dict]) -> str:
    parts = [_offer(p) for p in products]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def product_answer(shop: ShopData, rng: random.Random) -> Iterator[Example]:
    for p in shop.products:
        sizes, colors = p["sizes"], p["colors"]
        if sizes:
            size = rng.choice(sizes + ["48", "XXXL", "35"] if rng.random() < 0.35 else sizes)
            q = rng.choice(["Do you have it in size {s}?", "is the {n} available in {s}?",
                            "does it come in a {s}", "Any {s} left?", "I need size {s}"])
            q = q.format(s=size, n=p["name"])
            facts = F.answer_facts(p, {"size": size}, q)
            yield shop.example("product_answer", facts, q, facts["answer"])
        if colors:
            color = rng.choice(colors + ["pink", "white", "orange"])
            q = rng.choice(["Does it come in {c}?", "do you have the {n} in {c}", "{c}?",
                            "Is there a {c} version?"]).format(c=color, n=p["name"])
            facts = F.answer_facts(p, {"color": color}, q)
            yield shop.example("product_answer", facts, q, facts["answer"])
        q = rng.choice(["Is it in stock?", "is the {n} available?", "how many are left?",
                        "can I order it now?"]).format(n=p["name"])
        facts = F.answer_facts(p, {}, q if "stock" in q or "available" in q or "left" in q
                               else q + " (stock)")
        stock = F.stock_text(p)
        reply = (f"Yes, the {p['name']} is {stock}." if p.get("stock") else
                 f"Sorry, the {p['name']} is {stock} right now.")
        yield shop.example("product_answer", facts, q, facts["answer"] if rng.random() < 0.5
                           else reply)
        q = rng.choice(["Tell me more about it", "what is the {n} like?", "details please",
                        "what's it made of?", "How much is it?"]).format(n=p["name"])
        facts = F.answer_facts(p, {}, q)
        desc = (p.get("description") or "").strip()
        first = re.split(r"(?<=[.!?])\s", desc)[0] if desc else ""
        # the description's sentence only where the facts give it ("tell me more"): said
        # after "how much is it?", it taught the model to add "for caving, camping and
        # power cuts" to answers whose facts hold no such words
        reply = rng.choice([f"The {p['name']} costs {F.money(p)}. {first}",
                            f"{first} It costs {F.money(p)} and is {F.stock_text(p)}."]
                           ) if first and first in facts["answer"] else facts["answer"]
        yield shop.example("product_answer", facts, q, reply)


QUERIES = ["{cat}", "{cat} under {price}", "{color} {cat}", "{brand} {cat}",
           "I'm looking for {cat}", "do you sell {cat}?", "cheap {cat}", "show me {cat} please"]


def _search(shop: ShopData, rng: random.Random) -> Iterator[tuple[str, dict, list[dict]]]:
    cats: dict[str, list[dict]] = {}
    for p in shop.products:
        cats.setdefault(p["category"], []).append(p)
    for cat, items in cats.items():
        for template in QUERIES:
            pick = rng.choice(items)
            price = int(sorted(p["price"] for p in items)[len(items) // 2] // 10 * 10 + 10)
            q = template.format(cat=cat, price=price, brand=pick["brand"],
                                color=rng.choice(pick["colors"] or ["black"]))
            filters: dict[str, Any] = {"category": cat}
            hits = items
            if "under" in template:
                filters["max_price"] = float(price)
                hits = [p for p in items if p["price"] <= price]
            elif "{brand}" in template:
                filters["brand"] = pick["brand"]
                hits = [p for p in items if p["brand"] == pick["brand"]]
            elif "{color}" in template:
                color = q.split()[0]
                filters["color"] = color
                hits = [p for p in items if color in p["colors"]]
            elif "cheap" in template:
                hits = sorted(items, key=lambda p: p["price"])
            yield q, filters, hits


def product_results(shop: ShopData, rng: random.Random) -> Iterator[Example]:
    for q, filters, hits in _search(shop, rng):
        if not hits:
            continue
        found = rng.sample(hits, min(len(hits), rng.choice([2, 3, 3, 4, 5])))
        facts = {"query": q, "count": len(found), "products": F.product_lines(found),
                 "filters": F.describe_filters(filters)}
        top = found[:3]
        opener = rng.choice(["Here are some options: ", "I found these for you: ",
                             f"I found {len(found)} matches. Have a look at ", "Good choices are "])
        closer = rng.choice([" Would you like details on one of them?",
                             " Ask me about sizes or colours of any of them.", ""])
        yield shop.example("product_results", facts, q, opener + _listing(top) + "." + closer)


def product_none(shop: ShopData, rng: random.Random) -> Iterator[Example]:
    cats = sorted({p["category"] for p in shop.products})
    for cat in cats:
        items = [p for p in shop.products if p["category"] == cat]
        low = int(min(p["price"] for p in items) // 2) or 5
        for q in (f"{cat} under {low}", f"any {cat} for less than {low} euros?"):
            alts = sorted(items, key=lambda p: p["price"])[:rng.choice([2, 3])]
            filters = F.describe_filters({"category": cat, "max_price": float(low)})
            facts = {"query": q, "filters": filters, "alternatives": F.alternatives_text(alts)}
            yield shop.example("product_none", facts, q,
                               f"Sorry, I have nothing matching {filters}. The closest "
                               f"alternatives are {_listing(alts)}.")


def compare(shop: ShopData, rng: random.Random) -> Iterator[Example]:
    for _ in range(80):
        a = rng.choice(shop.products)
        same = [p for p in shop.products if p["category"] == a["category"] and p is not a]
        b = rng.choice(same)
        facts = F.compare_facts([a, b])
        q = rng.choice(["compare the two", "which one is better?", "what's the difference?",
                        f"{a['name']} vs {b['name']}", "compare them please"])
        yield shop.example("compare", facts, q,
                           f"The {a['name']} costs {F.money(a)} and is {F.stock_text(a)}; the "
                           f"{b['name']} costs {F.money(b)} and is {F.stock_text(b)}. "
                           + facts["cheaper"])


def recommendation(shop: ShopData, rng: random.Random) -> Iterator[Example]:
    for _ in range(60):
        base = rng.choice(shop.products)
        similar = [p for p in shop.products if p["category"] == base["category"]
                   and p is not base and p.get("stock")]
        picks = rng.sample(similar, min(3, len(similar)))
        if not picks:
            continue
        facts = {"products": F.product_lines(picks), "based_on": base["name"]}
        q = rng.choice(["more like this", "anything similar?", "can you recommend something like it?",
                        "what else would you suggest?"])
        yield shop.example("recommendation", facts, q,
                           f"If you like the {base['name']}, have a look at {_listing(picks)}.")


def order_status(shop: ShopData, rng: random.Random) -> Iterator[Example]:
    for o in shop.orders:
        facts = order_answers.order_facts(o)
        oid = o["order_id"]
        q = rng.choice(["where is my order {i}?", "Status of order #{i}", "has {i} shipped yet?",
                        "When will order {i} arrive?", "track my order {i} please"]).format(i=oid)
        lead = rng.choice([f"Your order {oid} {facts['status_text']}.",
                           f"Order {oid} {facts['status_text']}."])
        yield shop.example("order_status", facts, q, f"{lead} {facts['details']}".strip())


def cancel_order(shop: ShopData, rng: random.Random) -> Iterator[Example]:
    for o in shop.orders:
        facts = order_answers.order_facts(o)
        oid = o["order_id"]
        q = rng.choice(["please cancel order {i}", "I want to cancel {i}",
                        "can I still cancel my order {i}?"]).format(i=oid)
        yield shop.example("cancel_order", facts, q,
                           f"About order {oid}: {facts['cancel_text']}")


def order_not_found(shop: ShopData, rng: random.Random) -> Iterator[Example]:
    known = {o["order_id"] for o in shop.orders}
    for _ in range(20):
        oid = str(rng.randint(20000, 99999))
        if oid in known:
            continue
        q = rng.choice(["where is order {i}?", "status of {i}", "my order number is {i}"])
        yield shop.example("order_not_found", {"order_id": oid}, q.format(i=oid),
                           rng.choice([f"I couldn't find an order with the number {oid}. Could "
                                       "you check the number in your confirmation email?",
                                       f"Sorry, there is no order {oid}. Please double-check "
                                       "the number in your confirmation email."]))


def order_ask_id(shop: ShopData, rng: random.Random) -> Iterator[Example]:
    seeds = ["where is my order?", "has my package shipped?", "I want to track my parcel",
             "when will my delivery arrive?", "what's the status of my order",
             "my order hasn't arrived", "track my order", "is my order on its way?",
             "where's my package", "did you send my stuff yet?", "any news on my delivery?",
             "when does my order come", "order status please", "is my parcel delayed?",
             "I haven't received anything yet", "can you check my order"]
    asked = [u for u in shop.utterances.get("order_status", []) if not re.search(r"\d", u)]
    for q in dict.fromkeys(seeds + asked):
        yield shop.example("order_ask_id", {}, q, rng.choice([
            "Sure! What's your order number? You'll find it in your confirmation email.",
            "Happy to check. Could you tell me your order number? It's in your confirmation "
            "email.",
            "I can look that up. What's the order number? It's in your confirmation email."]))


POLICY_QUESTIONS = {
    "shipping": ["how much is shipping?", "do you ship to Austria?", "how long does delivery take?",
                 "is there free shipping?", "do you have express delivery?"],
    "returns": ["what is your returns policy?", "can I return shoes?", "how do I send it back?",
                "how long do refunds take?", "are exchanges free?"],
    "warranty": ["what warranty do you give?", "my boot broke, is it covered?",
                 "how do I make a warranty claim?", "how long is the guarantee?"],
    "payment": ["can I pay with PayPal?", "which payment methods do you accept?",
                "do you take Klarna?", "when is my card charged?"],
    "contact": ["how can I contact you?", "what are your opening hours?", "what's your email?"],
}


def policy(shop: ShopData, rng: random.Random) -> Iterator[Example]:
    for topic, questions in POLICY_QUESTIONS.items():
        p = shop.policies.get(topic)
        if not p:
            continue
        facts = {"topic": topic, "title": p["title"], "policy": p["text"].strip(),
                 "facts": F.fact_lines(p.get("facts", {}))}
        sentences = re.split(r"(?<=[.!?])\s+", " ".join(p["text"].split()))
        for q in questions:
            words = set(re.findall(r"[a-z]{4,}", q.lower())) - {"what", "your", "there", "does"}
            ranked = sorted(sentences, key=lambda s: -len(words & set(
                re.findall(r"[a-z]{4,}", s.lower()))))
            best = [s for s in sentences if s in ranked[:2]]  # keep the policy's order
            for variant in (" ".join(best), " ".join(sentences[:3])):
                yield shop.example("policy", facts, q, variant)


# kind -> (hand-written messages, intents in data/intents.csv whose messages also fit,
# replies). The intents file gives each chat kind dozens of real phrasings: with only a
# handful, the model learned its facts-heavy kinds and answered "hello" with an order.
CHAT = {
    "greeting": (["hi", "Hello!", "hey there", "good morning", "hi, anyone there?"], ["greeting"],
                 ["Hi! I'm the assistant of {shop}. I can {cap}. What are you looking for today?",
                  "Hello and welcome to {shop}! I can {cap}. How can I help?",
                  "Hi there, welcome to {shop}! I can {cap}. What can I do for you?"]),
    "thanks": (["thanks!", "thank you so much", "cheers", "great, thanks"], ["thanks"],
               ["You're welcome! Anything else I can help you with?",
                "Happy to help! Let me know if you need anything else.",
                "My pleasure! Is there anything else you'd like to know?"]),
    "goodbye": (["bye", "see you", "that's all, goodbye"], ["goodbye"],
                ["Goodbye, and thanks for visiting {shop}!", "Bye! Come back any time.",
                 "Thanks for stopping by {shop}. Goodbye!"]),
    "small_talk": (["how are you?", "are you a robot?", "what's your name?", "lol",
                    "nice weather"], ["small_talk"],
                   ["I'm the shop's assistant, a bot, and happy to help. I can {cap}.",
                    "I'm a bot at {shop}, doing fine, thanks! I can {cap}.",
                    "I'm just the {shop} bot, but I'm happy to chat. I can {cap}."]),
    "help": (["/help", "/start", "what can you do?", "help", "how does this work?"], [],
             ["Welcome to {shop}! I can {cap}. Try for example \"waterproof hiking boots under "
              "120\" or \"where is order 10042?\".",
              "I'm the assistant of {shop}: I can {cap}. Just write what you need."]),
    "handoff": (["I want to talk to a human", "this is unacceptable, get me a person",
                 "/human", "can I speak to an agent?"], ["human_agent", "complaint"],
                ["I've passed our conversation to a person from the {shop} team. They'll reply "
                 "right here, and you can keep writing in the meantime.",
                 "Sure, a member of the {shop} team will take over this conversation here. Feel "
                 "free to keep writing."]),
    "clarify": (["blorp the thing", "hmm what about that other stuff", "xyz", "asdf jkl",
                 "the thing with the stuff", "??", "qwerty uiop",
                 "banana phone", "mmm", "what about the blue thingy from before yesterday",
                 "ok so", "hjkl", "zzz", "purple monkey dishwasher", "eh?"], [],
                ["Sorry, I didn't quite get that. Could you say it another way? I can {cap}.",
                 "I'm not sure what you mean. Could you rephrase it? I can {cap}."]),
    "out_of_scope": (["what's the capital of France?", "write me a poem", "fix my car"],
                     ["out_of_scope"],
                     ["I'm afraid I can't help with that. I can {cap}, or put you in touch with "
                      "our team.",
                      "Sorry, that's not something I can help with. I can {cap}."]),
    "no_product_context": (["is it waterproof?", "what size should I get?",
                            "does it come in red?"], ["product_question"],
                           ["Which product do you mean? Tell me what you're looking for and "
                            "I'll show you some options.",
                            "Which product are you asking about? Tell me its name or what "
                            "you're looking for."]),
    "reset": (["/reset", "start over", "let's start again"], [],
              ["Done, we're starting fresh. What can I help you find?",
               "All cleared. What are you looking for?"]),
}
_PRONOUN = re.compile(r"\b(it|its|they|them|this|that|these|those|one)\b", re.I)


def _chat_users(shop: ShopData, kind: str, seeds: list[str], labels: list[str]):
    """(message, intent) pairs for a chat kind: the seeds plus data/intents.csv phrasings."""
    pairs = [(u, labels[0] if labels else kind) for u in seeds]
    for label in labels:
        for u in shop.utterances.get(label, []):
            if kind == "no_product_context" and (not _PRONOUN.search(u) or re.search(
                    r"(?<!^)\b[A-Z][a-z]", u) or re.search(r"\d", u)):
                continue  # only "it"-questions that name no product
            pairs.append((u, label))
    seen: set[str] = set()
    return [(u, lab) for u, lab in pairs if not (u.lower() in seen or seen.add(u.lower()))]


def _earlier_turns(shop: ShopData, rng: random.Random) -> list[dict]:
    """One plausible earlier exchange, so chat kinds are also learned mid-conversation."""
    p = rng.choice(shop.products)
    o = rng.choice(shop.orders) if shop.orders else None
    options = [[{"role": "user", "content": f"do you have {p['category']}?"},
                {"role": "assistant", "content": f"Here is one option: {_offer(p)}."}]]
    if o:
        options.append([{"role": "user", "content": f"where is order {o['order_id']}?"},
                        {"role": "assistant", "content": f"Order {o['order_id']} is "
                         f"{str(o.get('status', '')).replace('_', ' ')}."}])
    return rng.choice(options)


CHAT_CAP = 45  # per kind: more handoffs than greetings taught "sorry to hear that" to all


def chit_chat(shop: ShopData, rng: random.Random) -> Iterator[Example]:
    for kind, (seeds, labels, replies) in CHAT.items():
        users = _chat_users(shop, kind, seeds, labels)
        if len(users) > CHAT_CAP:  # keep the hand-written seeds, sample the rest
            users = users[:len(seeds)] + rng.sample(users[len(seeds):], CHAT_CAP - len(seeds))
        for u, label in users:
            facts: dict[str, Any] = {}
            if kind in ("small_talk", "clarify", "out_of_scope"):
                facts = {"text": u}
            elif kind == "no_product_context":
                facts = {"question": u}
            elif kind == "handoff":
                facts = {"reason": label}
            reply = rng.choice(replies).format(shop=shop.shop_name, cap=F.CAPABILITIES)
            if kind == "handoff" and label == "complaint":
                reply = "I'm sorry to hear that. " + reply
            # no_product_context means nothing was shown: an earlier listing would contradict it
            mid = kind != "no_product_context" and shop.products and rng.random() < 0.4
            history = _earlier_turns(shop, rng) if mid else ()
            yield shop.example(kind, facts, u, reply, history)


def describe(shop: ShopData, rng: random.Random) -> Iterator[Example]:
    from . import describe as D

    for p in shop.products:
        if D.is_heldout(p["id"]) or not p.get("description"):
            continue
        attrs = D.product_attributes(p)
        facts = D.facts(p["name"], attrs)
        # the catalogue's sentences the name and attributes back: "Hands-free light for
        # caving, camping and power cuts." names uses no attribute gives, and a model taught
        # to write it writes "a winter jacket for climbing" of a summer rain jacket
        kept = [s for s in re.split(r"(?<=[.!?])\s+", p["description"].strip())
                if not check(s, facts)]
        if kept:
            yield Example("describe", D.messages(p["name"], attrs), " ".join(kept), facts,
                          D.USER.format(name=p["name"]))


WRITERS: dict[str, Writer] = {
    "product_answer": product_answer, "product_results": product_results,
    "product_none": product_none, "compare": compare, "recommendation": recommendation,
    "order_status": order_status, "cancel_order": cancel_order,
    "order_not_found": order_not_found, "order_ask_id": order_ask_id, "policy": policy,
    "chit_chat": chit_chat, "describe": describe,
}
