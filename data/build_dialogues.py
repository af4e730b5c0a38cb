"""Write data/dialogues.jsonl (training) and data/dialogues_heldout.jsonl (evaluation only).

The customer messages and the replies below are hand-written; the facts each reply may use
are computed from the demo shop's files with core/facts.py, exactly as the bot computes
them, so the rows stay true to the data. Each row names the product or order it is about
(`ref`): the generated training set leaves held-out products and orders out entirely.

    python data/build_dialogues.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import facts as F  # noqa: E402
from core.order_answers import order_facts  # noqa: E402
from core.sft_data import load_orders, load_products  # noqa: E402
from core.shop import Policies  # noqa: E402

PRODUCTS = {p["id"]: p for p in load_products(ROOT / "data/catalog.csv")}
ORDERS = {o["order_id"]: o for o in load_orders(ROOT / "data/orders.csv")}
POLICIES = Policies.load(ROOT / "data/policies.yaml").topics


def answer(pid, slots, user, reply, history=()):
    p = PRODUCTS[pid]
    facts = F.answer_facts(p, slots, user)
    values = {**p, "money": F.money(p), "stock_text": F.stock_text(p),
              "sizes": ", ".join(p["sizes"]), "colors": ", ".join(p["colors"])}
    return {"kind": "product_answer", "ref": pid, "facts": facts, "instruction": user,
            "response": reply.format(**values), "history": list(history)}


def results(pids, query, filters, reply):
    ps = [PRODUCTS[i] for i in pids]
    facts = {"query": query, "count": len(ps), "products": F.product_lines(ps),
             "filters": F.describe_filters(filters)}
    return {"kind": "product_results", "ref": ",".join(pids), "facts": facts,
            "instruction": query, "response": reply}


def compare(a, b, user, reply):
    facts = F.compare_facts([PRODUCTS[a], PRODUCTS[b]])
    return {"kind": "compare", "ref": f"{a},{b}", "facts": facts, "instruction": user,
            "response": reply}


def recommend(base, pids, user, reply):
    facts = {"products": F.product_lines([PRODUCTS[i] for i in pids]),
             "based_on": PRODUCTS[base]["name"]}
    return {"kind": "recommendation", "ref": base, "facts": facts,
            "instruction": user, "response": reply}


def order(kind, oid, user, reply):
    facts = order_facts(ORDERS[oid])
    return {"kind": kind, "ref": oid, "facts": facts, "instruction": user,
            "response": reply.format(**facts)}


def policy(topic, user, reply):
    p = POLICIES[topic]
    facts = {"topic": topic, "title": p["title"], "policy": p["text"].strip(),
             "facts": F.fact_lines(p.get("facts", {}))}
    return {"kind": "policy", "ref": topic, "facts": facts, "instruction": user,
            "response": reply}


def chat(kind, user, reply, facts=None):
    return {"kind": kind, "ref": "", "facts": facts or {}, "instruction": user,
            "response": reply}


SHOWN = [{"role": "user", "content": "waterproof hiking boots under 120"},
         {"role": "assistant", "content": "Here are some options: the Ridgeline Waterproof "
          "Hiking Boot at 109.99 EUR, the Summit Pro WP Boot at 119.00 EUR and the Talus Mid "
          "Waterproof Hiking Boot at 99.95 EUR."}]

TRAIN = [
    answer("P1001", {"size": "44"}, "is the first one available in size 44?",
           "Yes, the {name} comes in size 44, and it is in stock ({stock} left).", SHOWN),
    answer("P1002", {"size": "44"}, "is the second one available in size 44?",
           "Sorry, the {name} does not come in size 44. It is available in sizes {sizes}.",
           SHOWN),
    answer("P1003", {"size": "44"}, "and the Talus in 44?",
           "Sorry, the {name} does not come in size 44. Available sizes: {sizes}.", SHOWN),
    answer("P1004", {"color": "navy"}, "does the Moraine come in navy?",
           "Yes, the {name} comes in {colors}."),
    answer("P1006", {"size": "44"}, "I'd like the Highpass in 44",
           "The {name} comes in size 44, but it is out of stock right now."),
    answer("P1005", {}, "tell me about the Scree Lite",
           "The {name} by {brand} costs {money}. It is a lightweight waterproof hiking "
           "shoe-boot for day hikes and forest tracks."),
    answer("P1203", {}, "how much is the Pika 65?", "The {name} costs {money} and is {stock_text}."),
    answer("P1260", {}, "is the head torch in stock?", "Yes, the {name} is {stock_text}."),
    answer("P1166", {"size": "XL"}, "do you have these trousers in XL?",
           "Sorry, the {name} does not come in size XL. Available sizes: {sizes}."),
    answer("P1078", {"color": "green"}, "is the Squall jacket available in green?",
           "Yes, the {name} comes in green, and it is {stock_text}."),
    answer("P1218", {}, "what is the Ridgeback Lite like?",
           "The {name} is a daypack by {brand} for {money}. It carries everything you need "
           "for multi-day treks and hut tours."),
    answer("P1124", {"size": "M"}, "Bracken fleece in M?",
           "Yes, the {name} comes in size M, and it is {stock_text}."),
    results(["P1001", "P1003", "P1005"], "waterproof hiking boots under 120",
            {"category": "hiking boots", "max_price": 120.0},
            "Here are some waterproof boots under 120: the Ridgeline Waterproof Hiking Boot at "
            "109.99 EUR, the Talus Mid Waterproof Hiking Boot at 99.95 EUR and the Scree Lite "
            "Waterproof Hiker at 89.00 EUR. Want to know which sizes are in stock?"),
    results(["P1260"], "headlamp", {"category": "headlamps"},
            "I found one: the Firefly 900 Head Torch at 85.00 EUR, in stock."),
    compare("P1001", "P1004", "compare the Ridgeline and the Moraine",
            "The Ridgeline Waterproof Hiking Boot costs 109.99 EUR and the Moraine Trek "
            "Waterproof Boot costs 114.50 EUR; both are in stock. The Ridgeline Waterproof "
            "Hiking Boot is the cheaper one at 109.99 EUR."),
    recommend("P1001", ["P1004", "P1005"], "anything similar?",
              "If you like the Ridgeline Waterproof Hiking Boot, you might also like the "
              "Moraine Trek Waterproof Boot at 114.50 EUR or the Scree Lite Waterproof Hiker at "
              "89.00 EUR."),
    order("order_status", "10016", "what happened to order 10016?",
          "Order {order_id} {status_text}. {details}"),
    order("order_status", "10063", "is 10063 on its way?",
          "Not yet: order {order_id} {status_text}. We'll email you the tracking number as "
          "soon as it ships."),
    order("order_status", "10026", "where's my parcel, order 10026",
          "Good news: order {order_id} {status_text}. {details}"),
    order("cancel_order", "10058", "cancel 10058 please",
          "Order {order_id} has not shipped yet, so it can still be cancelled: press "
          "\"Talk to a human\" and our team will cancel it for you."),
    order("cancel_order", "10009", "I want to cancel order 10009",
          "Order {order_id} {status_text}, so it can no longer be cancelled. You can return "
          "it instead; ask me about returns."),
    policy("shipping", "do you deliver to Belgium?",
           "Yes, we ship to Germany, Austria, the Netherlands, Belgium and France. Standard "
           "delivery takes 2-4 business days and costs 4.95 EUR, free from 50.00 EUR."),
    policy("returns", "can I return socks?",
           "Opened socks cannot be returned for hygiene reasons. Other unused items can be "
           "returned within 30 days of delivery for a full refund, and returns are free."),
    policy("payment", "do you accept Apple Pay?",
           "Yes, we accept Visa, Mastercard, PayPal, Apple Pay, Google Pay and Klarna invoice."),
    policy("warranty", "what does the warranty cover?",
           "Every product has a warranty of at least 2 years from delivery. It covers defects "
           "in materials and workmanship, not normal wear, misuse or accidents."),
    policy("contact", "when is your support team available?",
           "Our support team is available Mon-Fri 9:00-18:00 CET by chat and email, and "
           "replies to support@shop.example within 1 business day."),
    chat("greeting", "hello there!", "Hello! Welcome to Trailhead Outfitters. I can help you "
         "find gear, check an order or explain shipping and returns. What do you need?"),
    chat("thanks", "perfect, thank you", "You're welcome! Anything else I can do for you?"),
    chat("small_talk", "are you a real person?", "No, I'm the shop's assistant, a bot. I can "
         "find products, check your order or put you in touch with a person.",
         {"text": "are you a real person?"}),
    chat("handoff", "I need to speak to someone", "Of course. A person from the Trailhead "
         "Outfitters team will take over this conversation here; you can keep writing.",
         {"reason": "human_agent"}),
]

HELDOUT = [
    answer("P1020", {"size": "44"}, "do you have the Granite Pro in 44?",
           "Yes, the {name} comes in size 44, and it is {stock_text}."),
    answer("P1025", {"size": "41"}, "Cragmoor Lite in size 41?",
           "The {name} comes in size 41, but it is out of stock right now."),
    answer("P1038", {"color": "red"}, "does the Loam come in red?",
           "Yes, the {name} comes in {colors}."),
    answer("P1049", {"size": "44"}, "I need the Fjell 2 in 44",
           "Sorry, the {name} does not come in size 44. Available sizes: {sizes}."),
    answer("P1188", {}, "are the Blister Guard socks in stock?",
           "Yes, the {name} is {stock_text}."),
    answer("P1283", {}, "how much is the Compass watch?",
           "The {name} costs {money} and is {stock_text}."),
    answer("P1110", {"size": "XL"}, "Polar puffer in XL?",
           "Yes, the {name} comes in size XL, and it is {stock_text}."),
    answer("P1215", {}, "can I buy the Wayfarer Pro now?",
           "Sorry, the {name} is out of stock right now."),
    answer("P1030", {"color": "blue"}, "is the Tarn 3 available in blue?",
           "No, the {name} only comes in {colors}."),
    answer("P1223", {}, "tell me about the Wildcamp 1",
           "The {name} is a tent by {brand} for {money}. It stands firm in wind and rain on "
           "exposed campsites."),
    results(["P1036", "P1047"], "trail shoes for women size 38",
            {"category": "trail shoes", "size": "38"},
            "Here are some options: the Rockhop Lite Trail Shoe at 155.99 EUR and the "
            "Switchback Pro Trail Runner at 168.00 EUR, both in stock. Ask me about colours!"),
    results(["P1275"], "insulated bottle", {"category": "water bottles"},
            "I found the Brook Wide Insulated Bottle at 47.00 EUR, in stock."),
    compare("P1036", "P1047", "which is cheaper, the Rockhop or the Switchback Pro?",
            "The Rockhop Lite Trail Shoe costs 155.99 EUR and the Switchback Pro Trail Runner "
            "costs 168.00 EUR. The Rockhop Lite Trail Shoe is the cheaper one at 155.99 EUR."),
    recommend("P1020", ["P1001", "P1004"], "what else would you suggest?",
              "If you like the Granite Pro Hiker, have a look at the Ridgeline Waterproof Hiking "
              "Boot at 109.99 EUR and the Moraine Trek Waterproof Boot at 114.50 EUR."),
    order("order_status", "10041", "where is order 10041?",
          "Order {order_id} {status_text}. {details}"),
    order("order_status", "10038", "when will 10038 arrive?",
          "Your order {order_id} {status_text}. {details}"),
    order("order_status", "10061", "has order 10061 shipped?",
          "Not yet: order {order_id} {status_text}."),
    order("order_status", "10015", "status of my order 10015",
          "Order {order_id} {status_text}. {details}"),
    order("order_status", "10037", "what about order 10037?",
          "Order {order_id} {status_text}."),
    order("cancel_order", "10062", "please cancel order 10062",
          "Order {order_id} has not shipped yet, so it can still be cancelled: press "
          "\"Talk to a human\" and our team will cancel it for you."),
    order("cancel_order", "10036", "cancel my order 10036",
          "Order {order_id} {status_text}, so it can no longer be cancelled. You can return "
          "it instead; ask me about returns."),
    chat("order_not_found", "where is order 55555?", "I couldn't find an order with the "
         "number 55555. Could you check the number in your confirmation email?",
         {"order_id": "55555"}),
    chat("order_ask_id", "where is my stuff?", "Sure! What's your order number? You'll find "
         "it in your confirmation email."),
    policy("shipping", "how fast is express shipping?",
           "Express delivery arrives in 1-2 business days for 9.95 EUR."),
    policy("returns", "how long do I have to return something?",
           "You can return unused items within 30 days of delivery for a full refund, and "
           "the return label is free."),
    policy("warranty", "how do I claim warranty?",
           "Email photos of the defect and your order number to support@shop.example; we "
           "answer within 2 business days and repair, replace or refund the item."),
    policy("payment", "can I pay by invoice?",
           "Yes, with Klarna invoice you pay within 14 days of delivery."),
    policy("contact", "what's your postal address?",
           "Our postal address is Musterstrasse 1, 12345 Musterstadt, Germany."),
    chat("greeting", "good evening", "Good evening! I'm the assistant of Trailhead Outfitters. "
         "I can find products, check your order or explain shipping and returns."),
    chat("thanks", "thanks a lot!", "You're welcome! Anything else I can help you with?"),
    chat("goodbye", "ok bye", "Goodbye, and thanks for visiting Trailhead Outfitters!"),
    chat("small_talk", "do you like hiking?", "I'm a bot, so no boots for me, but I'm happy "
         "to help you find yours. I can find products, check your order or explain our "
         "policies.", {"text": "do you like hiking?"}),
    chat("handoff", "let me talk to a human please", "I've passed our conversation to a person "
         "from the Trailhead Outfitters team. They'll reply right here.",
         {"reason": "human_agent"}),
    chat("out_of_scope", "can you book me a flight?", "I'm afraid I can't help with that. I "
         "can find products, tell you where your order is, explain shipping, returns and "
         "payment, or put you in touch with a person.", {"text": "can you book me a flight?"}),
]


def write(rows, path: Path) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")


if __name__ == "__main__":
    write(TRAIN, ROOT / "data/dialogues.jsonl")
    write(HELDOUT, ROOT / "data/dialogues_heldout.jsonl")
    print(f"{len(TRAIN)} training and {len(HELDOUT)} held-out dialogues written")
