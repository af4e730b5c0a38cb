"""What to say about orders and the shop's policies: an order's status, its items, a
cancellation or a return of it, and the policy sentences that answer a question.

Every figure comes from the order book or data/policies.yaml; a policy that never answers
the question says so and offers a person. A mixin of core.turns.TurnLogic.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import attribute_answers, delivery_dates, order_answers, policy_answer
from . import facts as F
from .followups import points_at_one
from .shop import order_lines
from .slots import extract_order_ids
from .types import Button

HUMAN_BUTTON = Button("Talk to a human", "human")
# policies whose question is often a statement ("I'll take it", "my boots broke")
STATED = ("ordering", "warranty")

# "my parcel arrived damaged", "you sent me the wrong size", "the poles were missing from
# the box": a delivery gone wrong is for a person to put right (it got the returns policy
# with "I can't find the answer to that"). A clause holds a delivery word and the fault.
_DELIVERED = (r"\b(?:arriv\w*|came|turned up|got here|deliver\w*|received|parcels?|packages?|"
              r"box|shipment|shipping|transit|courier|post|sent me|you sent|shipped|orders?|"
              r"got (?:a|an|the))\b")
_FAULTS = (
    ("damaged", r"\b(?:damaged|smashed|crushed|dented|soaked|ruined|shattered|bent|scratched|"
                r"stained)\b"),
    ("wrong", r"\bwrong (?!(?:answers?|questions?|numbers?|way|info\w*|address|person)\b)\w+"),
    ("missing", r"\bmissing from\b|\b(?!(?:order|parcel|package|delivery|shipment)\b)\w+ "
                r"(?:is|are|was|were) missing\b|\bwas(?:n't| not) in the (?:box|parcel|package)\b|"
                # "my tent arrived without poles" (its status alone: "has been delivered")
                r"\b(?:arrived|came|delivered|sent|shipped)\b[^.?!,]{0,20}\bwithout (?!(?:(?:any|a|"
                r"the) )?(?:delays?|problems?|issues?|damage|hassle|fuss|trouble|scratch(?:es)?)\b)"
                r"(?:the |any |its |their |a |an )?\w+"),
)
# the customer's own slip, not the shop's: "I ordered the wrong size boots, order 10007"
# (it was sorry "we sent you the wrong item", and handed over; an exchange answers it)
_MY_SLIP = (r"\bi(?:'ve| have)? (?:\w+ly )?(?:ordered|bought|picked|chose|chosen|selected|"
            r"purchased|clicked)\b[^.?!,]{0,20}\bwrong\b")
# a fault that a product can also develop in use: it came so only where the clause says it
# arrived, came or was sent ("the tent arrived with a broken pole"); "the zip on order 10005
# is broken" is a warranty matter (it was sorry the order "arrived damaged")
_DEFECT_ON_ARRIVAL = (r"\b(?:broken(?! (?:up|into|in\b))|torn|ripped|cracked|leaking|defective|"
                      r"faulty|with a hole)\b")
_ARRIVED = (r"\b(?:arriv\w*|came(?! (?:off|apart|undone|loose|unstitched))|turned up|got here|"
            r"deliver\w*|received|transit|courier|sent me|you sent|shipped|got (?:a|an|the)|"
            r"(?:out of|in) the (?:box|parcel|package))\b")
# "I ordered the jacket in black but got navy": another item than the one ordered
_GOT_INSTEAD = re.compile(r"\bordered\b[^.?!]{1,60}?\bbut (?:i |we )?(?:got|received|(?:you|they) "
                          r"sent(?: me| us)?)\b(?! (?:no|nothing|any|an? (?:email|e-mail|"
                          r"confirmation|message|refund|reply|answer))\b)", re.I)
# worn, not delivered so: "the zip broke after two weeks", "it stopped working already"
_IN_USE = (r"\b(?:broke|stopped|came (?:off|apart|undone|loose|unstitched)|fell apart|"
           r"falling apart|wore|worn|after (?:\w+ ){0,2}(?:days?|weeks?|months?|years?|uses?|"
           r"trips?|hikes?|runs?|washe?s?)|already|when I|while I|first (?:use|time|hike|trip|"
           r"wash))\b")
# a fault of a product the customer has: "the zip broke", "it stopped working", "the sole
# came off" ("what if it breaks?" asks how that would be handled)
_DEFECT = re.compile(
    r"\b(?:broke|broken(?! (?:up|into|in\b))|snapped|cracked|ripped|torn|tore|split|"
    r"(?:came|coming|come|comes) (?:off|apart|undone|loose|unstitched|unglued)|fell apart|"
    r"falling apart|"
    r"stopped (?:working|charging)|(?:won'?t|will not|doesn'?t|does not|can'?t|cannot) "
    r"(?:work(?! out)|charge|hold a charge|turn on|switch on|power on|light up|close|zip)|"
    r"(?:isn'?t|is not) (?:working|charging)|"
    r"not working|leak(?:s|ing|ed)?|peel(?:s|ing|ed)|delaminat\w*|faulty|defect(?:ive)?|"
    r"worn through|(?:a )?hole in|(?:has|have|'s|'ve) (?:got )?(?:a |an |some )?(?:holes?|tears?|"
    r"rips?|cracks?)(?!-)|there'?s (?:a |an )?(?:hole|tear|rip|crack) in)\b", re.I)
# "I was charged twice", "you overcharged me": a payment gone wrong (the payment policy's
# "I can't find the answer to that"); needs no delivery word
_CHARGED = (r"\b(?:charged|billed|debited)\b[^.?!]{0,20}\b(?:twice|two times|double|too much|"
            r"the wrong amount|more than)\b|\bdouble[- ]?(?:charged|billed)\b|\bovercharged\b")
# "I never got my refund", "still waiting for my refund", "where is my refund?": money owed
# that has not come (it got the refund timing alone, with no one to look into it)
# ("I don't want a refund" is no such thing)
_NO_REFUND = (r"\brefund\b[^.?!]{0,30}(?:\bnever|\bnot|n['’]t)\s+(?:yet\s+|even\s+)?(?:arrived|"
              r"come|came|been|shown|showed|gone|reached|appeared|landed)\b|"
              r"(?:\bnever|\bnot|n['’]t)\s+(?:yet\s+|even\s+)?(?:got|gotten|get|received?|seen|"
              r"had)\b[^.?!]{0,15}\brefund\b|"
              r"\b(?:still waiting for|still no|no sign of|where(?:'s| is))\b[^.?!]{0,15}"
              r"\brefund\b")
# "I was charged but never got a confirmation email": paid, and no order to show for it (the
# payment policy whole, after "I can't find the answer to that")
_UNCONFIRMED = re.compile(r"\b(?:charged|paid|billed|debited|payment went through)\b[^.?!]{0,40}"
                          r"(?:\bno|\bnever|n['’]t|\bnot)\b[^.?!]{0,25}\b(?:confirmation|"
                          r"order number|order e-?mail)\b", re.I)
# "what if it arrives damaged?" asks how that would be handled: the policy answers it
_SUPPOSED = re.compile(r"\b(?:what if|if|in case|suppose|would|will|could)\b", re.I)
# "does the tent have holes for ventilation?": a question of what it has, not a fault
_HAS_ASKED = re.compile(r"\W*(?:does|do)\s+(?:it|they|this|that|these|those|the\s[^?]{1,40}?)\s+"
                        r"have\b", re.I)
# "it says delivered but I don't have it": a parcel marked delivered that never reached the
# customer (the same status again, or "say it another way"); a person traces it with the
# carrier. `not_received` reads the customer's side alone, after an order shown delivered.
_NOT_RECEIVED = re.compile(
    r"\b(?:never|not|n't|haven['’]?t|hasn['’]?t|didn['’]?t|don['’]?t|doesn['’]?t|have not|has not|"
    r"did not|do not)\s+"
    r"(?:yet\s+|actually\s+|even\s+)?(?:got|gotten|get|received?|arrived?|come|came|turned up|"
    r"have (?:it|them|anything)|here|there|see it)\b|\bnothing (?:arrived|came|here)\b|"
    r"\bno (?:parcel|package|box)\b", re.I)
_SAYS_DELIVERED = re.compile(r"\b(?:says?|said|shows?|showing|marked|tracking|status)\b[^.?!]{0,30}"
                             r"\bdelivered\b", re.I)
SORRY = {"not_received": "I'm sorry your parcel hasn't reached you.",
         "damaged": "I'm sorry your order arrived damaged.",
         "wrong": "I'm sorry we sent you the wrong item.",
         "missing": "I'm sorry something is missing from your order.",
         "charged": "I'm sorry about the wrong charge.",
         "refund": "I'm sorry your refund hasn't reached you.",
         "unconfirmed": "I'm sorry you haven't had a confirmation of your order.",
         "late": "I'm sorry your order is taking so long.",
         "defect": "I'm sorry it let you down.",
         # "this is the worst service ever": handed over without a word of it
         "unhappy": "I'm sorry to hear that."}
# "my order is late again", "it's still not here", "the delivery is delayed": a complaint
# of a late delivery (a person took it without a word of it)
_LATE = re.compile(r"\b(?:late|delayed|overdue|taking (?:so|too|this) long|still (?:not|hasn'?t|"
                   r"isn'?t|waiting)|still no sign)\b", re.I)
_DELIVERY = re.compile(r"\b(?:orders?|parcels?|packages?|deliver(?:y|ies)|shipments?|shipping)\b",
                       re.I)


def late_delivery(text: str) -> bool:
    """Does the message complain that a delivery is late (not "I'm not late for anything")?"""
    return bool(_LATE.search(text) and _DELIVERY.search(text))


# "the boots I bought are too small": a purchase to exchange (it asked to say it another way)
_BOUGHT = re.compile(r"\b(?:bought|ordered|got|received|purchased|arrived|came|sent)\b", re.I)


def fits_badly(text: str, after_order: bool = False) -> bool:
    """Does the message say that something bought does not fit? `after_order`: the talk
    was of an order or a return, so "it doesn't fit" is of that purchase. A pain ("they hurt
    my feet") is of a purchase only where the message says it was bought."""
    if _SUPPOSED.search(text):
        return False
    bought = bool(_BOUGHT.search(text))
    return bool(policy_answer.FITS_BADLY.search(text)) and (after_order or bought) or (
        bought and bool(policy_answer.HURTS.search(text)))


def only_a_number(text: str) -> bool:
    """"it was order 10005", "order no. 10005", "10005": an order number and nothing more."""
    rest = re.sub(r"#?\b[a-z]{0,3}-?\d{4,}\b", " ", text.lower())
    return all(w in _NUMBER_WORDS for w in re.findall(r"[a-z']+", rest))


_NUMBER_WORDS = frozenset("""it it's its was is my the order number no nr id ok okay sure yes
here this that oh sorry of from""".split())


# "can I swap it for a lighter one?", "I'd like to exchange them": another product instead,
# asked of the policy as SWAP_ASKED (its own words found no sentence)
_SWAP = re.compile(r"\b(?:swap|exchange|trade)\b", re.I)
SWAP_ASKED = "can I exchange something I bought for another product?"
SIZE_SWAP_ASKED = "can I exchange it for another size?"


def swaps_size(text: str) -> bool:
    """"can I swap it for a 44?", "exchange them for a bigger size": another size asked for
    (the whole returns policy came, or the card of the boot shown again)."""
    return bool(_SWAP.search(text) and re.search(
        r"\bfor (?:an?|the|my)? ?(?:\d{1,2}(?:\.5)?\b|(?:\w+ )?size\b)", text, re.I))


def swaps_purchase(text: str) -> bool:
    """Does the message ask to exchange something it says was bought ("the sleeping bag I
    got is too warm, can I swap it for a lighter one?" listed bags lighter by weight)? "If I
    bought it, could I exchange it?" asks the same of the policy."""
    return bool(_SWAP.search(text) and _BOUGHT.search(text))


def order_problem(text: str) -> str | None:
    """"damaged", "wrong" or "missing" when the message reports a delivery that arrived so,
    "charged" for a payment taken wrongly, "refund" for one that has not come,
    "unconfirmed" for one taken with no confirmation of the order; None
    otherwise ("my boots broke after two months" is a warranty claim)."""
    if _SAYS_DELIVERED.search(text) and not_received(text):
        return "not_received"  # the two halves sit either side of "but"
    if _GOT_INSTEAD.search(text):
        return "wrong"  # "I ordered it in black but got navy" (a search for navy jackets)
    if _UNCONFIRMED.search(text) and not _SUPPOSED.search(text):
        return "unconfirmed"  # the two halves sit either side of "but"
    delivered = bool(re.search(_DELIVERED, text.lower()))
    for clause in re.split(r"[.!?;]+|\bbut\b", text.lower()):
        if _SUPPOSED.search(clause):
            continue
        if delivered and re.search(dict(_FAULTS)["missing"], clause):
            return "missing"  # "my order came but the trousers are missing"
        if re.search(_CHARGED, clause):
            return "charged"
        if re.search(_NO_REFUND, clause):
            return "refund"
        if re.search(_DELIVERED, clause):
            arrived = re.search(_ARRIVED, clause)
            if arrived and re.search(_DEFECT_ON_ARRIVAL, clause):
                return "damaged"
            for fault, pattern in _FAULTS:
                if re.search(pattern, clause) and (arrived or not re.search(_IN_USE, clause)) \
                        and not (fault == "wrong" and re.search(_MY_SLIP, clause)):
                    return fault
    return None


# "is order 10002 still under warranty?" (the order's status, at 0.77)
WARRANTY_ASKED = re.compile(r"\b(?:warrant(?:y|ies)|guarantee[ds]?)\b", re.I)


def reports_defect(text: str) -> bool:
    """Does the message report a fault of something the customer has ("the zip broke
    after two weeks", "my head torch stopped working")? Not a question of what would
    happen if it did, nor a delivery that came so (see order_problem)."""
    return bool(_DEFECT.search(text)) and not _SUPPOSED.search(text) and not \
        _HAS_ASKED.match(text) and not order_problem(text)


# a fault said as what may come: "what if the zip breaks?", "if my boots fall apart"
_MAY_FAIL = re.compile(r"\b(?:breaks?|break down|falls? apart|stops? working|leaks?|rips?|"
                       r"tears?|cracks?|snaps?|comes? (?:off|apart|undone|loose)|gets? damaged|"
                       r"is (?:faulty|defective)|has a (?:defect|fault))\b", re.I)


def supposes_defect(text: str) -> bool:
    """"What if the zip breaks?", "what happens if my boots fall apart?": a fault that may
    come, asked of before it has (no report of one). Pure."""
    return bool(re.search(r"\b(?:what if|if|in case|suppose)\b", text, re.I)) and bool(
        _MAY_FAIL.search(text) or _DEFECT.search(text))


def not_received(text: str) -> bool:
    """"I never got it", "it's not here", "nothing arrived": the customer has not received
    it (a question of what would happen if so is not a report)."""
    return bool(_NOT_RECEIVED.search(text)) and not _SUPPOSED.search(text)


# "is shipping free?", "how much is delivery?", "and shipping?"
_ASKS_COST = re.compile(r"\bfree\b|\bhow much\b|\bcosts?\b|\bfees?\b|\bprice\b|"
                        r"^\W*(?:and|what about|how about)\s+(?:the\s+)?(?:shipping|delivery)\W*$",
                        re.I)


def _comes_to(product: dict, n: int, variant: str = "") -> str:
    """"The X costs 19.99 EUR", "3 × the X come to 59.97 EUR" (no full stop); `variant`:
    what was chosen of it (" in size L")."""
    if n == 1:  # the verb agrees here: agree() finds it only right after the name
        verb = "cost" if attribute_answers.plural(product["name"]) else "costs"
        return f"The {product['name']}{variant} {verb} {F.money(product)}"
    total = {**product, "price": n * float(product["price"])}
    return f"{n} × the {product['name']}{variant} come to {F.money(total)}"


def _not_in(product: dict, slots: dict) -> str | None:
    """"Sorry, the X does not come in colour purple; it comes in navy." when the size or
    colour said with a purchase ("I'll take it in purple") is not one of the product's;
    None otherwise."""
    for key, noun in (("size", "size"), ("color", "colour")):
        want, have = slots.get(key), product.get("sizes" if key == "size" else "colors") or []
        if want and have and str(want).lower() not in (str(h).lower() for h in have):
            return (f"Sorry, the {product['name']} does not come in {noun} {want}; it comes "
                    f"in {F.in_words(have, 'and')}.")
    return None


def _in_chosen(slots: dict) -> str:
    """" in size L and navy" of the size and colour said; "" when none is."""
    chosen = [f"size {slots['size']}" if slots.get("size") else "", str(slots.get("color") or "")]
    return " in " + " and ".join(filter(None, chosen)) if any(chosen) else ""


def which_to_buy(state: dict, count: int, n: int) -> str:
    """Which of the `count` shown the customer wants `n` of; "the first one" next is `n`
    of it (core/in_context.read)."""
    state["to_buy"] = n
    if n == 1:  # "I'll take that one" of several
        return f"Which of these {count} would you like? Say its number (\"the second\") or " \
               f"its name."
    return f"Which of these {count} would you like {n} of? Say its number (\"{n} of the " \
           f"second\") or its name."


def _said_quantity(state: dict, slots: dict, product: dict) -> int:
    """How many of `product` a message asks for: its own quantity, else the one said of
    this product before ("3 pairs of the …", then "how much would that be?"), else 1."""
    said_of, before = state.get("quantity") or [None, 1]
    return int(slots.get("quantity") or (before if said_of == product["id"] else 1))


def _amount(value) -> float | None:
    """50.0 of "50.00 EUR"; None when there is no figure."""
    m = re.search(r"\d+(?:[.,]\d+)?", str(value or ""))
    return float(m[0].replace(",", ".")) if m else None


class ServiceTurns:
    """Needs from its host: orders, catalog, policies, embedder, `today` and `say`."""

    def undelivered(self, state, text, order_id: str = "", said_missing: bool = False
                    ) -> str | None:
        """"not_received" for "but I never got it" right after an order was shown
        delivered (a clarifying question, or the same status again), or of the delivered
        order it names ("my order 10003 hasn't arrived yet", "… is late": its status said
        "delivered", no more), or (`said_missing`) whose number follows such a message; None
        otherwise."""
        if not order_id and state.get("last_intent") == "order_status":
            order_id = state.get("order_id") or ""
        if not order_id or not (said_missing or not_received(text) or late_delivery(text) and
                                not re.match(r"\W*(?:is|will|would|could|might)\b", text, re.I)):
            # ("my order 10020 is late" of one delivered: its status alone, twice)
            return None
        order = self.orders.lookup(order_id)
        return "not_received" if order and order.get("status") == "delivered" else None

    async def order(self, intent, order_id, state, items: bool = False, text: str = "",
                    slots=None):
        """Status, cancellation, or (`items`) what the order holds; `text` asking when a
        delivered order arrives gets a person to trace it besides its status, and one
        naming what the order does not hold (`slots`: its kind) is told so."""
        if not order_id:
            if items:  # the number comes next; what was asked is remembered for one turn
                state["order_view"] = "items"
            state["asked_order"] = True
            return await self.say("order_ask_id")
        state["order_id"] = order_id
        order = self.orders.lookup(order_id)
        if order is None:
            return await self.say("order_not_found", order_id=order_id)
        today = self.today()
        facts = order_answers.order_facts(order, today)
        if items:
            return await self.say("order_items", **{
                **facts, "items": order_answers.order_items(order, self.catalog.get)})
        if intent == "cancel_order":
            claimed, slots = self._claimed(state, text, {})
            if absent := self._not_held(order, slots, claimed):
                facts["cancel_text"] = f"{absent} {facts['cancel_text']}"
            return await self.say("cancel_order", **facts, buttons=(HUMAN_BUTTON,))
        if trace := order_answers.arrival_asked(order, text):  # "when will it arrive?" of
            # an order delivered: a person to trace it
            facts["details"] = f"{facts['details']} {order_answers.NOT_ARRIVED}".strip()
        if asked := order_answers.asked_of_order(order, text):  # "when did I order it?"
            facts["details"] = f"{asked} {facts['details']}".strip()
        waits = order.get("status") == "processing" and bool(
            order_answers.SHIPPED_ASKED.search(text))
        if waits:
            # "when will it ship?" of an order being prepared (the delivery times): no
            # record says, and a person can find out
            facts["details"] = f"{facts['details']} {order_answers.NO_SHIP_DAY}".strip()
        claimed, named = self._claimed(state, text, slots)
        if absent := self._not_held(order, named, claimed):
            # "I ordered a jacket 3 weeks ago, order 10042" of boots and trousers, or the
            # jacket said before the number: its status alone, as if it held the jacket
            facts["details"] = f"{absent} {facts['details']}".strip()
        if order.get("status") == "returned" and (refund := self._refund_said()):
            # "what's the status of my return?", then 10007: when the money comes back
            facts["details"] = f"{facts['details']} {refund}".strip()
        return await self.say("order_status", **facts, buttons=(
            (HUMAN_BUTTON,) if trace or waits or order_answers.late(order, today) else ()))

    async def order_change(self, order_id, state, text="", slots=None):
        """"Can I change the address for order 10042?": what the order's status allows, and a
        person, who can change it (the bot cannot; it got the shipping policy's "I can't
        find the answer to that"). An item to take out that the order does not hold ("remove
        the boots" of an order with none) is said."""
        order = self.orders.lookup(order_id) if order_id else None
        if order_id:
            state["order_id"] = order_id
        if order is None:
            said = (f"I couldn't find an order with the number {order_id}; please check it in "
                    f"your confirmation email." if order_id else
                    "Please have your order number ready.")
        elif order.get("status") == "processing":
            said = f"Order **{order['order_id']}** has not shipped yet, so it can still be changed."
        elif order.get("status") in ("delivered", "returned", "cancelled"):
            # nothing is left to change of an order delivered, returned or cancelled (it said
            # "our team will check what can still be changed")
            said = (f"Order **{order['order_id']}** {order_answers.STATUS_TEXT[order['status']]}"
                    ", so it can no longer be changed."
                    + (f" {order_answers.RETURN_INSTEAD}"
                       if order["status"] == "delivered" else ""))
        else:
            said = (f"Order **{order['order_id']}** {order_answers.STATUS_TEXT.get(order['status'], order['status'])}"
                    f", so our team will check what can still be changed.")
        if order is not None and not re.search(r"\badd\b", text, re.I) and (
                absent := self._not_held(order, slots, text)):
            said += f" {absent}"
        # of an order no one can change, no person is offered to change it (order_closed)
        closed = (order or {}).get("status") in ("delivered", "returned", "cancelled")
        return await self.say("order_closed" if closed else "order_change",
                              order_id=(order or {}).get("order_id", order_id or ""),
                              change_text=said, buttons=(HUMAN_BUTTON,))

    async def shipping_of(self, state, slots, text, shown):
        """"Is shipping free for the first one?", "and shipping?" after 3 pairs priced: the
        product's price (times the quantity) held against the policy's free-shipping
        threshold; None when no product is meant or the policy lists no threshold (it gave
        the shipping policy's sentences, never the sum)."""
        policy = self.policies.get("shipping") or {}
        listed = policy.get("facts") or {}
        threshold = _amount(listed.get("free_shipping_threshold"))
        if threshold is None or not _ASKS_COST.search(text) or policy_answer.country_in(
                text) or policy_answer.not_shipped_to(text, policy.get("text") or ""):
            # "how much is shipping to Iceland?" of a jacket shown: that it does not go
            # there (it said shipping was free, the jacket costing over the threshold)
            return None
        # "for 3 pairs of the Quarter Heavy socks?", "for the first one?", "for it?"
        if (product := self._meant(state, slots, text, shown)) is None:
            return None
        n = _said_quantity(state, slots, product)  # "3 pairs of …" said before
        total = float(product["price"]) * n
        said = _comes_to(product, n)
        fee = _amount(listed.get("standard_shipping_fee"))
        said += (f", so shipping is free: orders of {listed['free_shipping_threshold']} or "
                 f"more ship free." if total >= threshold else
                 f", under the {listed['free_shipping_threshold']} that ships free, so standard "
                 f"delivery costs {listed.get('standard_shipping_fee') or 'extra'}" + (
                     # "what's the total?": the sum, not two figures to add up
                     f": {F.money({**product, 'price': total + fee})} in all." if fee else "."))
        return await self._shipping_says(attribute_answers.agree(said, product["name"]))

    async def delivered_by(self, text):
        """"Can I get it by Friday?": the days each delivery option arrives on, counted
        from today (core/delivery_dates); None when no such day is asked."""
        shipping = self.policies.get("shipping") or {}
        if policy_answer.not_shipped_to(text, shipping.get("text") or ""):
            return None  # "when would it arrive in Switzerland?": not shipped there
        if not (said := delivery_dates.answer(text, self.today(), shipping.get("facts") or {})):
            return None
        return await self._shipping_says(said)

    async def _shipping_says(self, answer: str):
        """A shipping answer computed from the policy's facts, said as the policy's reply."""
        p = self.policies.get("shipping") or {}
        return await self.say("policy", topic="shipping", title=p.get("title", "Shipping"),
                              policy=p.get("text", ""), facts=F.fact_lines(p.get("facts") or {}),
                              answer=answer)

    async def why(self, state):
        """"why not?" after an answer: the reason the shop's data gives, if any, and a
        person who can say more (it got the bot's spiel about itself)."""
        order = (self.orders.lookup(state["order_id"]) if state.get("order_id") and
                 state.get("last_intent") in ("cancel_order", "order_status") else None)
        status = (order or {}).get("status")
        if status in ("shipped", "out_for_delivery"):
            # "it can no longer be cancelled", then "why not?"
            reason = (f"Order **{order['order_id']}** {order_answers.STATUS_TEXT[status]}: it is with "
                      f"{order.get('carrier') or 'the carrier'} now, and a parcel on its way "
                      f"cannot be called back.")
        elif order:
            reason = f"Order **{order['order_id']}** {order_answers.STATUS_TEXT.get(status, status)}."
        else:
            reason = "I can only go by what our shop's data says, and it gives no reason."
        return await self.say("why", reason=reason, buttons=(HUMAN_BUTTON,))

    async def return_of(self, order_id, text, state, slots=None):
        """"Can I return order 10004?": that order first, then how returns work (it got the
        returns policy alone, the number unread); one not shipped yet is cancelled."""
        state["order_id"] = order_id
        order = self.orders.lookup(order_id)
        if order and order.get("status") == "processing" and not \
                policy_answer.ON_ARRIVAL.search(text):
            # "when it arrives": a return after all (it said it can still be cancelled)
            return await self.order("cancel_order", order_id, state)
        if order and order.get("status") == "cancelled":
            return await self._never_sent(order, "return", state, text, slots)
        reply, composed = await self.policy("returns", text)
        if state.get("last_intent") == "return_refund" and state.get("return_said") == \
                order_id and not extract_order_ids(text) and not (
                    order and order_answers.not_in_order(self._items(order), slots or {},
                                                         self.catalog.named_in(text))):
            # "how do I send it back?", "the jacket is too small" right after the return of
            # 10004: the answer alone (the order, its items and its return window came
            # again first); "the boots are too small" is checked against the order still
            return reply, composed
        state["return_said"] = order_id
        window = self._policy_fact("returns", "return_window_days")
        said = self._order_said(order, order_id, *self._claimed(state, text, slots))
        if order and (when := order_answers.return_window(order, self.today(), window)):
            said += f" {when}"  # "can I still return it?" (the date was not said)
        return replace(reply, text=f"{said}\n{reply.text}"), composed

    async def warranty_of(self, order_id, text, state, slots=None):
        """"the zip on order 10005 broke": that order, how long its products are under
        warranty, how to claim, and a person (it got the returns policy's "I can't find
        the answer to that", the order's tracking number, or "sorry your order arrived
        damaged")."""
        state["order_id"] = order_id
        order = self.orders.lookup(order_id)
        if order and order.get("status") == "cancelled":
            return await self._never_sent(order, "claim", state, text, slots)
        said = self._order_said(order, order_id, *self._claimed(state, text, slots))
        if order:
            years = self._policy_fact("warranty", "warranty_years")
            if years is not None and (when := order_answers.warranty_until(
                    order, self._items(order), self.today(), years)):
                said += f" {when}"
        # "it's 10004" after "the zip on my jacket broke": how to claim (the whole policy,
        # said the turn before, came again)
        reply, composed = await self.policy("warranty", "how do I make a warranty claim?"
                                            if only_a_number(text) else text)
        return replace(reply, text=f"{said}\n{reply.text}", buttons=(HUMAN_BUTTON,)), composed

    def _claimed(self, state, text: str, slots: dict | None) -> tuple[str, dict]:
        """What the order is checked for: what this message names, else what the return or
        claim asked before the number named ("my boots are too small", then "order 10005"
        of a backpack went on as if it held them)."""
        before = state.pop("claimed", None) or {}
        if (slots or {}).get("category") or (slots or {}).get("needs") or (
                text and self.catalog.named_in(text)):
            return text, slots or {}
        return before.get("text") or text, {
            **{k: v for k, v in (slots or {}).items() if k not in ("category", "needs")},
            **before.get("slots", {})}

    def _order_said(self, order, order_id, text="", slots=None) -> str:
        """The order and what it holds, and what the message names that it does not hold
        ("the boots from order 10001" of a sleeping bag: it went on with that order as if it
        held them); or that no order has that number."""
        if order is None:
            return (f"I couldn't find an order with the number {order_id}; please check it in "
                    f"your confirmation email.")
        said = (f"Order **{order['order_id']}** ({order_answers.order_items(order, self.catalog.get)}) "
                f"{order_answers.STATUS_TEXT.get(order['status'], order['status'])}.")
        if absent := self._not_held(order, slots, text):
            said += f" {absent}"
        return said

    async def _never_sent(self, order, what: str, state, text: str, slots):
        """"I want to return order 10031", "my jacket broke, order 10031" of a cancelled
        order: nothing was sent, so there is nothing to return or claim (it said how to
        start a return, or that the warranty starts on delivery), and a person for a charge."""
        claimed, named = self._claimed(state, text, slots)
        absent = self._not_held(order, named, claimed)
        items = order_answers.order_items(order, self.catalog.get)
        said = (f"Order **{order['order_id']}** ({items}) "
                f"was cancelled, so it was never sent: there is nothing to {what}. "
                + f"{absent} " * bool(absent) +
                "If you were charged for it, press \"Talk to a human\" and a person from our "
                "team will look into it.")
        return await self.say("order_closed", order_id=order["order_id"], change_text=said,
                              buttons=(HUMAN_BUTTON,))

    def _not_held(self, order, slots, text: str) -> str:
        """What the message names that the order does not hold, said ("It holds no hiking
        boots; …"); "" when it holds all it names."""
        absent = order_answers.not_in_order(self._items(order), slots or {},
                                            self.catalog.named_in(text) if text else [])
        return (f"It holds no {absent}; please check the order number in your confirmation "
                f"email." if absent else "")

    def _items(self, order) -> list[dict]:
        return [p for pid, _ in order_lines(order.get("items") or "")
                if (p := self.catalog.get(pid))]

    def _refund_said(self) -> str:
        """The returns policy's sentence on when a refund comes ("" when it has none)."""
        text = str((self.policies.get("returns") or {}).get("text") or "")
        # ("Your refund goes back … within 5 business days", not "return … within 30 days
        # of delivery for a full refund")
        return next((s for s in policy_answer.sentences(text) if re.search(
            r"\b(?:your|the|a) refunds?\b", s, re.I) and re.search(
                r"\b\d+\s+(?:business\s+|working\s+)?days?\b", s)), "")

    def _policy_fact(self, topic, key):
        return ((self.policies.get(topic) or {}).get("facts") or {}).get(key)

    def chosen_to_buy(self, state, slots, text, shown) -> str:
        """"I'll take 3 pairs of the second", "3 of the first please": what that comes to,
        and whether the shop has that many, said before how to order (it was how to order
        alone); "" when no one product is picked."""
        # the product in focus only for "I'll take it", "3 of them" ("how do I place an
        # order?" is how to order, as before)
        product = self._meant(state, slots, text, shown,  # "I'll take an M" of it too
                              focus=bool(slots.get("quantity") or points_at_one(text) or
                                         slots.get("size") or slots.get("color")))
        if product is None and len(picked := F.resolve_refs(shown, slots, text)) > 1 and (
                total := F.together(picked, F.counts_of(text, shown))):
            # "I'll take the first and 2 of the third": what they come to (it was how to
            # order alone), and which of them cannot be ordered now
            gone = [p["name"] for p in picked if not int(p.get("stock") or 0)]
            return total + "".join(f" The {name} is out of stock right now, so it cannot be "
                                   f"ordered until it is back." for name in gone)
        if product is None and (slots.get("quantity") or points_at_one(
                text) and not policy_answer.is_question(text)) and len(shown) > 1:
            # "I need 3 pairs" of five socks shown, "I'll take that one" of five tents or
            # of two compared: which (how to order alone, before); not "can you hold it?"
            return which_to_buy(state, len(shown), slots.get("quantity") or 1)
        if product is None:
            return ""
        n = _said_quantity(state, slots, product)  # "how much would that be?" next: the 3
        stock = int(product.get("stock") or 0)
        if (wrong := _not_in(product, slots)) is not None:
            return attribute_answers.agree(wrong, product["name"])  # "… in size XXL"
        searched = ((state.get("search") or {}).get("filters") or {}).get("size")
        if not slots.get("size") and searched and str(searched) in map(
                str, product.get("sizes") or ()):
            # "I'll take it" after "boots size 42 under 150": in size 42 (the size went unsaid)
            slots = {**slots, "size": searched}
        # "I'll take it" after "in 45 please" of it: in size 45 (the size went unsaid); one it
        # does not come in ("in 49?") is left out
        asked = (state.get("asked") or [None, {}])[1] if state.get("focus") == product["id"] else {}
        sold = {"size": product.get("sizes"), "color": product.get("colors")}
        slots = {**{k: v for k, v in (asked or {}).items()
                    if str(v).lower() in {str(x).lower() for x in sold.get(k) or ()}}, **slots}
        # "how much is shipping for that?" next: of these n (it asked which product)
        state["focus"], state["quantity"] = product["id"], [product["id"], n]
        said = _comes_to(product, n, _in_chosen(slots))  # "I'll take it in L": in size L
        said += (" — it is out of stock right now, so it cannot be ordered until it is back."
                 if not stock else f" — only {stock} {'is' if stock == 1 else 'are'} in stock."
                 if n > stock else ".")
        return attribute_answers.agree(said, product["name"])

    def _meant(self, state, slots, text, shown, focus: bool = True) -> dict | None:
        """The one product a message means: named in it, picked from those shown, else
        (`focus`) the one in focus when none is picked; None when several are."""
        named = self.catalog.named_in(text)
        chosen = named if len(named) == 1 else F.resolve_refs(shown, slots, text)
        if len(chosen) == 1:
            return chosen[0]
        return self.catalog.get(state.get("focus") or "") if focus and not chosen else None

    async def policy(self, topic, question: str = "", lead: str = ""):
        """The policy's sentences that answer `question`; `lead` is said before them."""
        p = self.policies.get(topic) or {"title": topic.title(), "text": "", "facts": {}}
        text = p["text"].strip()
        if not text:  # the shop wrote no such policy: say so, offer a person, invent nothing
            return await self.say("out_of_scope", text=question, buttons=(HUMAN_BUTTON,))
        facts = {"topic": topic, "title": p["title"], "policy": text,
                 "facts": F.fact_lines(p.get("facts", {}))}
        products = (self.catalog.current_vocabulary().get("category", [])
                    if hasattr(self.catalog, "current_vocabulary") else [])
        question = policy_answer.asked(question)
        answer = policy_answer.answer(text, question, self.embedder)
        if topic == "payment" and (said := policy_answer.in_currency(question, text)):
            return await self.say("policy", **facts, answer=said)  # "do you take dollars?"
        if topic == "payment" and (said := policy_answer.accepts(
                question, (p.get("facts") or {}).get("methods"))):
            return await self.say("policy", **facts, answer=said)  # "can I pay with bitcoin?"
        if topic == "payment" and (said := policy_answer.in_parts(question, text, lambda: (
                policy_answer.answer(text, "can I pay later?", self.embedder)))):
            return await self.say("policy", **facts, answer=said)  # "… in instalments?"
        if (said := policy_answer.to_country(question, answer, text)) != answer:
            # "do you ship to New Zealand?": yes or no from the countries it lists, though
            # the policy never names New Zealand
            return await self.say("policy", **facts, answer=said)
        if (topic not in STATED or policy_answer.is_question(question)) and \
                policy_answer.unanswered(text, question, self.embedder, products):
            # "do you have gift cards?": the policy never says; its nearest sentence was
            # "Cards are only charged when your order ships." Say so, show all, offer a person.
            # "Ok I'll take the lighter one", "my boots broke after 2 months" ask no question:
            # how to order, how to claim is the answer
            return await self.say("policy", **facts, buttons=(HUMAN_BUTTON,), answer=(
                f"{lead}\n" * bool(lead) +
                f"I can't find the answer to that in our {p['title'].lower()} policy. Here is "
                f"all it says: {text}"))
        # "how do I contact you?": the address, and a person at a press
        return await self.say("policy", **facts, answer=f"{lead}\n" * bool(lead) + answer,
                              buttons=(HUMAN_BUTTON,) if topic == "contact" else ())
