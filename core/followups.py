"""What a follow-up message means in the conversation so far: does it only narrow the last
search ("only the blue ones", "what about men's?"), does it ask for a narrower list rather
than about one product, is it a bare yes or no to the question the bot just asked?

Kept apart from core/slots (which reads the details out of one message): these read one
message against the conversation. Pure functions of (text, slots).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from core import attribute_filters
from core.retrieval import NO_THING, content_words
from core.slots import (CHEAP_WORDS, CURRENCY, LETTERS, MONEY_WORDS, PACK_COUNT, PRICEY_WORDS,
                        WEARER, singular)
from core.superlatives import comparative, order_of

# Words a follow-up like "show me only the blue ones" or "what about under 50?" may hold
# besides its filters: with nothing else in it, it narrows the last search instead of
# starting a new one (whose query would be just "blue").
FILLER = frozenset("""
a about also an and any at anything are available but by can colour color could do does
either for from got have how i in instead is it just let like maybe me more of on one ones
only or please prefer rather see show some something than that the them then there these
they those too version versions want what which with would you your same alternative
alternatives option options he she his her him we us my our wear wears wearing take takes
fit fits stock now today right come comes ok okay hmm so well oh i'm im am
usually normally typically generally always
""".split())  # ("I usually wear 42.5" after running shoes: socks in 43-46)
# sales and discount codes: the shop's data has none ("any tents on sale?", "a promo code?")
# "what if I find it cheaper elsewhere?": price matching, whatever else the words suggest
# (the shipping policy's "I can't find the answer" came back)
# ("I found it for 110 on another site", "can you do that price?": the boot's card)
_ELSEWHERE = r"(?:another|other|a different) (?:shops?|stores?|(?:web)?sites?|retailers?)"
PRICE_MATCH = re.compile(r"\bcheaper (?:elsewhere|somewhere else|anywhere(?: else)?|online|(?:at|"
                         r"on|in) " + _ELSEWHERE + r"|on amazon)\b|\b(?:match|beat) "
                         r"(?:a|the|their|another|a competitor'?s|competitors'?) "
                         r"(?:price|offer)s?\b|\bfor \d+(?:[.,]\d\d)?\s*(?:€|eur\w*|\$|"
                         r"dollars?)? (?:on|at|in|from) " + _ELSEWHERE + r"\b|"
                         r"\b(?:do|match|beat|give me) (?:that|this|the same) price\b", re.I)
DEALS = re.compile(r"\b(?:discount|coupon|voucher|promo|promotion|promo code|sale|deal|"
                   r"reduction|rebate|special offer)s?\b|% off\b|\bdiscounted\b|\breduced\b|"
                   r"\bon offer\b|\bprice[- ]?(?:match\w*|guarantee)\b|\bprice beat\w*\b|"
                   # the sale days ("when is black friday?": "say it another way")
                   r"\b(?:black friday|cyber monday|boxing day|prime day|singles'? day)\b|"
                   # "are your prices negotiable?" ("say it another way")
                   r"\bnegotiab\w+|\bhaggl\w*|"
                   + PRICE_MATCH.pattern, re.I)
FILTER_SLOTS = ("min_price", "max_price", "brand", "size", "color", *attribute_filters.KEYS,
                "price_sort", "in_stock", "without", "made_of")


# "ok" / "alright" are left out: after "it can no longer be cancelled [Talk to a human]" they
# acknowledge; they do not ask for a person
# also the yes of the shop's other languages: after "I can only chat in English [Talk to
# a human]" the answer may well be "ja bitte"
_YES = re.compile(r"(?:yes|yeah|yep|yup|ya|y|sure|please|please do|go ahead|"
                  r"do it|do that|sounds good|that would be (?:great|good|nice)|i would|i'd like that|"
                  r"ja|oui|sí|si|jawohl)"
                  r"(?:[\s,]+(?:please|thanks|thank you|do|go ahead|bitte|graag|merci|"
                  r"s'il vous plaît|por favor|per favore|danke))*")
_NO = re.compile(r"(?:no|nope|nah|no thanks|no thank you|not now|not yet|never ?mind|"
                 r"i'?m (?:fine|good|ok)|all good|it'?s (?:fine|ok))(?:[\s,]+(?:thanks|thank you))*")


# The customer saying the bot got it wrong: "what do you mean?", "that's not what I asked",
# "huh?". The classifier calls these small talk; they are a miss (clarify, then a person).
_REPAIR = re.compile(
    r"^\W*(?:huh|eh|what|sorry|pardon)\W*$|\b(?:what do you mean|what does that mean|"
    r"(?:that'?s|that is|this is|it'?s) (?:not what i (?:asked|meant|said|wanted)|wrong|"
    r"not (?:right|it|helpful))|not what i (?:asked|meant|wanted)|i don'?t understand|"
    r"(?:doesn'?t|does not|makes no) (?:make )?sense|you(?:'re| are) not helping|"
    r"you misunderstood|you don'?t understand|wrong answer|not helpful|useless)\b")


_CONTENTS = re.compile(
    r"\bwhat (?:did|have) i (?:order|ordered|buy|bought|get)\b|"
    r"\bwhat(?:'?s| is| was| were)? (?:in|inside) (?:(?:my|the|that|this) )?(?:order|parcel|package)\b|"
    r"\b(?:which|what) (?:items|products|things) (?:are|were|did)\b|"
    r"\b(?:items|contents?) (?:of|in) (?:my|the|that|this) order\b")


def asks_contents(text: str) -> bool:
    """'what did I order?', "what's in my order", 'which items were in order 10004?'."""
    return bool(_CONTENTS.search(text.lower()))


# ("actually never mind, keep it" after "cancel order 10057" was read as a complaint, and
# handed over)
_NEVER_MIND = re.compile(r"^\W*(?:(?:oh|ok|okay|actually|no|ah|hmm)\W+)*(?:never ?mind|nvm|"
                         r"forget (?:it|that|about it)|(?:it )?doesn'?t matter|no worries|"
                         r"don'?t worry(?: about it)?)(?:\W+(?:then|thanks|thank you|"
                         r"(?:i'?ll |i will |we'?ll )?keep (?:it|them|the order)|"
                         r"don'?t cancel(?: it| the order)?))?\W*$")


def never_mind(text: str) -> bool:
    """"actually never mind", "forget it": the customer drops what they asked. Pure."""
    return bool(_NEVER_MIND.match(text.lower()))


# who a present is for, and words that say only that it is one (kids are a use the
# listings must name: "do you sell kids sizes?" is said unsold, core/uses.py); "old" of
# "my 10 year old"
_SOMEONE = frozenset("""dad father mum mom mother parents wife husband boyfriend girlfriend
partner brother sister son daughter friend friends him her someone
somebody grandpa grandma granddad grandad uncle aunt colleague boss teenager nephew niece
grandson granddaughter cousin old beginner beginners novice novices newbie""".split())
# ("anything for a beginner?" said no product mentions "a beginner")
_OCCASION = frozenset("""birthday christmas xmas anniversary present presents gift gifts idea
ideas recommend suggest suggestion suggestions get buy give need want""".split())


def asks_for_someone(text: str) -> bool:
    """"Any ideas for my dad?", "a birthday present for my sister": for whom, and nothing
    of what (every word a person, an occasion or a word that names no thing). Pure."""
    words = content_words(text)
    return any(w in _SOMEONE for w in words) and all(
        w in _SOMEONE or w in _OCCASION or w in NO_THING or w.isdigit() for w in words)


# "ok", "ok cool", "alright then", "got it", "fine, whatever": the customer takes an answer
# in (the bot's spiel about itself came back, or "say it another way")
_ACKNOWLEDGED = re.compile(r"\W*(?:(?:oh|ah|hm+|well)\W+)*(?:(?:ok(?:ay)?|okey|k|kk|alright|"
                           r"all right|fine|cool|got it|gotcha|i see|understood|noted|right|great|"
                           r"perfect|nice|good|fair enough|(?:that )?makes sense|i understand|"
                           r"whatever|good to know)\W*)+(?:then|i guess)?\W*")


def acknowledges(text: str) -> bool:
    """"ok", "alright then", "got it": an answer taken in, nothing asked. Pure."""
    return bool(_ACKNOWLEDGED.fullmatch(text.lower()))


# good news of a delivery, nothing asked: "my tent arrived without any problems, thanks",
# "the parcel came today, all good" (it asked for an order number, the classifier reading an
# order's status)
_ARRIVED_WELL = re.compile(
    r"\b(?:arrived|came|got here|turned up|was delivered|received (?:it|them|my \w+))\b"
    r"[^.?!]{0,25}?\b(?:without (?:any )?(?:problems?|issues?|damage|trouble|hassle|delay)|"
    r"(?:just )?fine|safe(?:ly| and sound)|in (?:perfect|great|good|one) (?:condition|shape|piece)|"
    r"on time|early|all good|perfectly|quickly|fast)\b", re.I)
_NOT_WELL = re.compile(r"\b(?:but|however|except|although|though|only|missing|wrong|broken|damaged|"
                       r"when|where|if|why|how|what|not?|never)\b|n't\b|\?", re.I)


def arrived_well(text: str) -> bool:
    """"it arrived without any problems", "got here safe and sound, thanks": a delivery that
    went well, with no "but", fault or question after it. Pure."""
    return bool(_ARRIVED_WELL.search(text)) and not _NOT_WELL.search(text)


def emoji_words(text: str, vocabulary: dict | Callable[[], dict]) -> str:
    """`text` with each emoji of a kind the shop sells said in words ("need 🥾 size 44" ->
    "need hiking boot size 44", "⛺" -> "tent"): its Unicode name, when the last word is
    one of the shop's product nouns and the others are words of its categories ("💰", a
    "money bag", is no sleeping bag and stays as it is). `vocabulary` may be a callable:
    it is read only when the text holds an emoji (every message passes here)."""
    if not any(unicodedata.category(ch) == "So" for ch in text or ""):
        return text
    vocabulary = vocabulary() if callable(vocabulary) else vocabulary
    categories = [str(c).lower() for c in vocabulary.get("category", [])]
    heads = {singular(c.split()[-1]) for c in categories} | set(vocabulary.get("category_term", {}))
    known = {singular(w) for c in categories for w in c.split()}

    def said(ch: str) -> str:
        words = unicodedata.name(ch, "").lower().split()
        if unicodedata.category(ch) == "So" and words and singular(words[-1]) in heads and all(
                singular(w) in known for w in words[:-1]):
            return f" {' '.join(words)} "
        return ch
    return re.sub(r"\s+", " ", "".join(map(said, text))).strip()


# "do any of them have …?", "are any of these …?": a question of each product shown
_ANY_OF = re.compile(r"^\s*(do|does|are|is|has|have) any(?: ones?)?(?: of (?:them|these|"
                     r"those|the \w+))?\b", re.I)
_OF_EACH = {"do": "do they", "does": "do they", "is": "are they", "are": "are they",
            "has": "do they have", "have": "do they have"}
# "do you have a footprint for it?", "do you sell socks to go with them?": another product,
# for the one(s) shown
_FOR_IT = re.compile(r"\s*(?:and |so |ok )?(?:(?:do|does) you (?:have|sell|stock|carry|do)|"
                     # "is there a footprint for it?" (its card alone); not of a warranty
                     r"is there|are there)\s+(?!(?:an? |any |some )?(?:warranty|guarantee|"
                     r"discount|deal|sale|offer|coupon|voucher|code|refund|fee|charge|price|"
                     r"cost|shipping|delivery|return)s?\b)(?:an? |any |some )?(.+?)\s+(?:for|"
                     r"to fit|that fits?|to go with|compatible with)\s+(?:it|them|this|that|"
                     r"these|those|this one|that one)\W*$", re.I)


def as_asked(text: str, shown: list[dict]) -> tuple[str, str | None]:
    """The message as it asks about the products shown, and the intent that has: "do any
    of them have pit zips?" is "do they have pit zips?", a question of each one; "do you
    have a footprint for it?" is a search for "footprint"; (text, None) for any other. Pure."""
    if len(shown) > 1 and (m := _ANY_OF.match(text)):
        return _ANY_OF.sub(_OF_EACH[m[1].lower()], text, count=1), "product_question"
    if shown and (m := _FOR_IT.match(text)):
        return m[1], "product_search"
    return text, None


# "can I change the delivery address for order 10042?", "add a mug to my order": a change
# to an order (the shipping policy, or how to order)
_ORDER_CHANGE = re.compile(
    r"\b(?:change|update|edit|modify|correct|amend|fix)\b[^.?!]{0,40}\b(?:order|address|"
    r"delivery|shipping)\b|\badd\b[^.?!]{0,30}\bto (?:(?:my|the|this|that|an?) (?:existing )?order\b|"
    r"order\s*(?:no\.?|number)?\s*#?\s*[a-z]?-?\d)|"
    r"\border\b[^.?!]{0,30}\b(?:changed|updated|edited|modified|corrected|amended)\b|"
    # "can I change it to express?" of an order shown
    r"\b(?:change|switch|upgrade)\b[^.?!]{0,20}\b(?:to|into) (?:express|standard|next[- ]day)\b|"
    # "can I get express shipping on order 10057?" (the express delivery time alone)
    r"\b(?:express|next[- ]day|faster) (?:shipping|delivery)\b[^.?!]{0,10}\b(?:on|for) (?:(?:my|"
    r"the|this|that) order\b|order\s*(?:no\.?|number)?\s*#?\s*[a-z]?-?\d)|"
    # "remove the socks from my order"
    r"\b(?:remove|take (?:out|off)|drop|delete)\b[^.?!]{0,30}\bfrom (?:(?:my|the|this|that|an?) "
    r"order\b|order\s*(?:no\.?|number)?\s*#?\s*[a-z]?-?\d)", re.I)


# "can I add something to it?", "can I still add socks?" said of an order shown
# ("actually, just remove the socks" after order 10057's cancellation: the socks' card)
# ("can you send it to a different address?": the shipping policy's "I can't find the answer")
_ADD_TO_IT = re.compile(r"\badd\b[^.?!]{0,30}\bto (?:it|that|this)\b|\b(?:(?:can|could|may) "
                        r"(?:i|we)|i(?:'d| would)? (?:like|want) to) (?:still |also )?add\b"
                        r"(?![^.?!]{0,30}\bto (?:my|the|a) (?:cart|basket|"
                        r"bag|wish ?list)\b)|\b(?:remove|take out|"
                        r"delete)\b|\bcancel (?:just|only) (?:the|one|some|part)\b|"
                        r"\b(?:just|only) cancel (?:the|one)\b|\b(?:send|ship|deliver|forward)"
                        r"\b[^.?!]{0,20}\bto (?:a |an |my )?(?:different|another|new|other|work|"
                        r"office)\b[^.?!]{0,15}\baddress\b|\b(?:redirect|reroute)\b", re.I)


def asks_order_change(text: str, order_shown: bool = False) -> bool:
    """Does the message ask to change an order placed (its address, size, items)? With
    `order_shown`, "add … to it" is of that order. Pure."""
    return bool(_ORDER_CHANGE.search(text) or order_shown and _ADD_TO_IT.search(text))


_WHY = re.compile(r"^\W*(?:(?:but|and|so|ok|okay|hmm|oh|really)\W+)*(?:why|how come)(?:\W+(?:not|so|"
                  r"is that|is it|not then|can'?t (?:i|you|it|we)|won'?t (?:it|you)|does it|"
                  r"doesn'?t it|isn'?t it|don'?t you|do you|not though))*\W*$")


def asks_why(text: str) -> bool:
    """"why not?", "how come?", "but why?": the reason for the bot's last answer. Pure."""
    return bool(_WHY.match(text.lower()))


def repair(text: str) -> bool:
    """Does the message say the last answer missed ("that's not what I asked")? Pure."""
    return bool(_REPAIR.search(text.lower()))


def yes_no(text: str) -> bool | None:
    """True for a bare yes ("yes please", "sure, go ahead"), False for a bare no ("no
    thanks", "not now"), None for anything else ("ok", "yes but what about boots")."""
    t = re.sub(r"[\s!.👍🙂😊]+$", "", text.lower().strip())
    # "actually yes please", "oh yes", "on second thought, no"
    t = re.sub(r"^(?:actually|oh|well|hmm+|on second thoughts?|wait)[\s,]+", "", t)
    if _YES.fullmatch(t):
        return True
    if _NO.fullmatch(t):
        return False
    return None


_NO_NUMBER = re.compile(
    r"\b(?:don'?t|do not|didn'?t|did not|can'?t|cannot|can not|haven'?t|have not|lost|"
    r"deleted|forgot(?:ten)?|no idea)\b(?:.*\b(?:number|id|it|email|e-mail|confirmation|"
    r"one)\b|\s*(?:know|remember)?\s*[.!?]*$)"
    r"|\bno (?:order )?(?:number|id|confirmation)\b"
    r"|[\w.+-]+@[\w-]+\.\w[\w.]*", re.I)


def no_order_number(text: str) -> bool:
    """"I don't have the number", "lost it", "it's under anna@example.com": the answer to
    "what's your order number?" of a customer who has none to give."""
    return bool(_NO_NUMBER.search(text))


def narrows(text: str) -> bool:
    """Words that ask for a narrower list rather than about one product ("the blue ones",
    "only", "any in 42?", "what about"), unlike "is it available in blue?"."""
    return bool(re.search(r"\b(ones|only|any|what about|how about)\b", text.lower()))


def points_at_one(text: str) -> bool:
    """'it', 'this', 'that (one)': one product, the one in focus ("do you have it in
    black?" after "which one is the lightest?"), unlike "the blue ones" or "any in 44?"."""
    low = re.sub(r"\ball (?:of )?(?:this|that)\b", "all", text.lower())  # "all that": the list
    return bool(re.search(r"\b(it|this|that)\b", low)) and not narrows(text)


def prices_of_all(text: str) -> bool:
    """"how much are they?", "what do the socks cost?", "prices?": the prices of the whole
    list, not of the first product in it (unlike "how much is it?")."""
    low = text.lower()
    if re.search(r"\bweigh|\bheavy\b", low):  # "how much do they weigh?": not a price
        return False
    return bool(re.search(r"\b(prices|costs)\b", low) or (
        re.search(r"\b(how much|price|cost)\b", low) and (asks_all(low) or re.search(
            r"\b(are|do the)\b", low))))


def asks_all(text: str) -> bool:
    """Does a question speak of the whole list ("are they waterproof?", "what do these
    weigh?")? Pure."""
    return bool(re.search(r"\b(they|them|these|those|all|each|both|everything)\b", text.lower()))


def of_kind(text: str, products: list[dict]) -> list[dict]:
    """The products whose category the message names ("how much are the socks?" of a list
    of socks and boots), else all of them."""
    words = {singular(w) for w in _words(text)}
    named = [p for p in products
             if singular((str(p.get("category") or "").lower().split() or [""])[-1]) in words]
    return named or products


def refines(text: str, slots: dict) -> bool:
    """Does this message only add filters to the previous search? True when it names a
    filter (colour, size, brand, price, "cheaper") but no category and no single shown
    product, and every other word is filler ("only the blue ones", "what about red?", "any in
    size 42?", "under 50 please"). Pure."""
    t = text.lower()
    if slots.get("category") or slots.get("order_id"):
        return False
    # "the blue one" picks a shown product; "the blue ones", "only", "any", "what about"
    # ask for a narrower list even when a shown product happens to match
    if slots.get("product_ids") and not narrows(t):
        return False
    # "anything for a girl?" after a gift for a 10 year old: the same search, for a child
    # (a search for "girl" listed socks)
    child = re.search(r"\bfor (?:a |my |the |our )?(?:little |young )?(?:girl|boy|kid|child)"
                      r"(?:s|ren)?\b", t)
    if not child and not any(slots.get(k) is not None for k in FILTER_SLOTS):
        return False
    if child:
        t = t[:child.start()] + " " + t[child.end():]
    # "I'm a size M", "she's an M" after jackets ("say it another way", the first one's
    # card, more like them): the wearer's size
    t = re.sub(WEARER + r"\s+(?:usually\s+|normally\s+)?(?:an?\s+)?", " ", t)
    for key in ("color", "brand", "size"):
        if slots.get(key):
            t = re.sub(rf"\b{re.escape(str(slots[key]).lower())}\b", " ", t)
    t = attribute_filters.CUES.sub(" ", t)  # "for 2 people", "women's"
    t = re.sub(rf"{CURRENCY}|\b{MONEY_WORDS}\b|\d[\d.,]*k?", " ", t)
    cues = (*CHEAP_WORDS, *PRICEY_WORDS, "under", "below", "less than", "cheaper than", "over",
            "above", "more than", "at least", "at most", "up to", "between", "max", "size",
            "gray", "grey", "around", "budget")
    t = re.sub(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b", " ", t)
    return all(w in FILLER for w in re.findall(r"[a-z']+", t))


_MORE_WORDS = frozenset("""show me give got have has any some more other others else another
option options ones one something anything are there is you do can could please what
about next few results let see""".split())


def more_results(text: str) -> bool:
    """"show me more", "any others?", "something else?": the next products of the last
    search, not a search for the words. Pure."""
    words = re.findall(r"[a-z]+", text.lower())
    return bool(words) and all(w in _MORE_WORDS for w in words) and bool(
        {"more", "other", "others", "else", "another", "next"} & set(words))


# "I don't like any of them", "none of these are what I want", "not what I'm looking for"
# after a list: other products of the search (a complaint at 0.84 handed it to a person; a
# clarifying question; a search for the words, which listed fleece after tents)
_DISLIKES = re.compile(
    r"\W*(?:(?:no|nah|hmm+|sorry|but|well|ok(?:ay)?|honestly|actually|um+)\W+)*(?:i (?:don'?t|do "
    r"not) (?:really )?like (?:any of )?(?:them|these|those|any)|(?:none|neither) of (?:them|these|"
    r"those)(?: (?:is|are|do|does|suits?|works?|fits?|looks?)\b[^.?!]*)?|(?:(?:that'?s|these are|"
    r"they(?:'re| are)|it'?s) )?not (?:really |quite )?what i(?:'m| am) (?:looking for|after)|"
    r"nothing (?:there |here )?(?:i like|suits me|for me))\W*", re.I)


def dislikes_shown(text: str) -> bool:
    """"I don't like any of them", "none of these are what I want": the list shown is not
    it, so others of the same search are. Pure."""
    return bool(_DISLIKES.fullmatch(text))


def wants_similar(text: str) -> bool:
    """"more like the second one", "similar to the first": products like one shown."""
    return bool(re.search(r"\b(?:more|others?|something|anything|ones?) like\b|\bsimilar to\b|"
                          r"\balternatives? to\b|\bsimilar (?:ones?|products?|items?|models?|"
                          r"options?)\b|\b(?:something|anything|more|others?) similar\b|"
                          # "is there a cheaper alternative that's similar?", "is there a
                          # women's version?" (of the boot asked about)
                          # "any waterproof alternative?" (a search for waterproof things)
                          r"\b(?:an?|any|other|some|\w+er)(?: [a-z-]+)? alternatives?\b|"
                          r"\b(?:an?|any|other|\w+'s|\w+er) (?:version|model)s?\b(?! of\b)|"
                          r"\b(?:that|which)(?:'s| is| are) similar\b|"
                          # "what's similar?" of the jacket looked at (small talk)
                          r"\bwhat(?:'s| is)(?: there| else)* similar\b",
                          text.lower()))


# Words of a recommendation request that say nothing about what is wanted: "anything
# similar?", "what else would you suggest?", "ok, any other ideas?"
# ... and of a search that only says how cheap: "cheapest things you have", "a gift under
# 30 euros" (the price itself is a filter)
_PRICE_TALK = frozenset("euro euros eur dollar dollars usd bucks pound pounds quid gbp you "
                        "have got sell show me looking".split())
_ASKING = FILLER | frozenset("""
recommend recommends recommended recommendation recommendations suggest suggests suggestion
suggestions similar alike like love good great nice best better popular favourite favorite
top pick picks choice choices buy get got need needs looking look else other others another
ok okay so well hmm oh hey thanks thank should could can will may might tell think go worth
perhaps thing things stuff product products item items do s d ll m re ve t my we us our
tbh honestly really yet sorry most make makes sell sells offer offers carry carries
personal personalised personalized tailored custom some few idea ideas advice help me
whats wats hows
""".split())  # "can I get personalised recommendations?" names no need (socks and tees came);
# "whats the cheapest thing you have": no product mentions "whats …" (the apostrophe unsaid)

# "no idea" in answer to "what is it for?", "surprise me": no need named; "what's popular?",
# "your bestsellers?": what customers order most. Searching their words found random products.
_POPULAR = (r"popular|best[ -]?sell\w*|top[ -]?sell\w*|most (?:bought|ordered|sold)|"
            r"sells? (?:the )?(?:best|most)|most people (?:buy|get|order)|"
            r"surprise me|what (?:do |does )?(?:people|customers|others|every(?:one|body))"
            r"(?: \w+)? (?:buy|get|order)s?")
_NO_IDEA = (r"no idea|not sure|unsure|dunno|don'?t know|do not know|idk|no clue|whatever|"
            r"anything (?:is fine|really|at all|goes)|just (?:browsing|looking)|"
            r"nothing (?:in )?particular|no preference|not really")
_NO_NEED = re.compile(rf"\b(?:{_POPULAR}|{_NO_IDEA})\b")


def no_need(text: str) -> bool:
    """Does the message say the customer has nothing particular in mind ("hmm no idea",
    "not sure tbh"), or ask what is popular ("your bestsellers?")? Pure."""
    return bool(_NO_NEED.search(_plain(text)))


def asks_popular(text: str) -> bool:
    """"What's popular?", "your bestsellers?", "what do people buy?", "surprise me". Pure."""
    return bool(re.search(rf"\b(?:{_POPULAR})\b", _plain(text)))


_WE_SELL = re.compile(
    r"^(?:(?:ok(?:ay)?|so|and|hi|hello|hey)\W+)*(?:"
    r"what (?:else |kind of |sort of |type of |types of )?(?:products? |things? |stuff |items? "
    r"|gear |brands? |categories )?(?:do|can) (?:you|u|y'all) (?:guys )?"
    r"(?:sell|have|carry|offer|stock)"
    r"|what(?:'s| is| do you have) (?:in|on) (?:your|the) (?:shop|store|range|catalog(?:ue)?|site)"
    r"|what (?:can|could) i (?:buy|get|order)"
    r"|what (?:products|brands|categories|kinds of products|kind of products) (?:are there|"
    r"do you (?:sell|have|carry|stock|offer))"
    r"|(?:which|what) brands(?: are there)?"
    r"|(?:show|tell|give) me (?:some |your |the |a few )?brands"
    r"|(?:which|what) brands (?:do you |you )?(?:sell|have|carry|stock|offer)"
    r")(?:\s+(?:then|here|there|at all|exactly|now|in (?:your|the) (?:shop|store)|"
    r"from you|online))*\W*$")


def asks_range(text: str) -> bool:
    """"What do you sell?", "what kind of products do you have?", "what brands do you
    carry?": the shop's range (it was searched for as words, or got the bot's spiel); not
    "what do you have in size 44?", which is a search. Pure."""
    return bool(_WE_SELL.match(_plain(text).strip()))


def _plain(text: str) -> str:
    return text.lower().replace("\u2019", "'")


def names_a_thing(query: str) -> bool:
    """Does a search say more than how cheap and for whom ("cheap stuff", "cheapest things
    you have", "a gift under 30 euros" do not; "cheap tents" does)? Pure."""
    said = " ".join(content_words(query))
    for word in (*CHEAP_WORDS, *PRICEY_WORDS):
        said = re.sub(rf"\b{re.escape(word)}\b", " ", said)
    return any(w not in NO_THING and w not in _ASKING and w not in _PRICE_TALK
               for w in said.split())


def names_a_need(text: str) -> bool:
    """Does a recommendation request say what it is for ("something for cooking on a
    trip", "a gift for a beginner")? Then it is a search; "anything similar?" and "what do
    you recommend?" are not, and are answered from the product in focus or the customer's
    history. Pure."""
    rest = _NO_NEED.sub(" ", _plain(text))  # "what's popular for hiking?" names hiking
    return any(w not in _ASKING for w in re.findall(r"[a-z]+", rest))


_COMPARATIVES = """lighter cheaper warmer cooler smaller bigger larger longer shorter thinner
thicker softer stiffer tougher stronger brighter quieter faster wider narrower higher lower
better sturdier roomier comfier simpler nicer""".split()
# and their superlatives: "warmest" after jackets is the warmest jackets, not a search for
# the word (which found puffers and a fleece, and then nothing for men)
_SUPERLATIVES = [c[:-2] + "est" for c in _COMPARATIVES if c.endswith("er") and c != "better"]
_BUT = re.compile(r"\b(?:with|without|more|less|in|"
                  + "|".join(_COMPARATIVES + _SUPERLATIVES) + r")\b")


_LIGHTWEIGHT = re.compile(r"\blight[- ]?weight\b", re.I)


def orders_by(text: str, category: str = "",
              listed_by: Mapping[str, Iterable[str]] | None = None) -> str | None:
    """The order a search asks for with "lighter", "the warmest", "longest warranty",
    "cheapest"...: 'weight_g:asc', 'asc' (by price); None when it asks for none. The
    comparisons of superlatives.RULES, so a search orders by what a question about the
    list compares (this had its own shorter table). Of a `category`, by a property it
    lists (`listed_by`: the catalogue vocabulary's): "smaller" tents sleep fewer, as no
    tent lists litres. Pure."""
    kinds = {k: {str(c).lower() for c in v} for k, v in (listed_by or {}).items()}
    listed = (lambda key: not category or key not in kinds or category.lower() in kinds[key])
    if (order := order_of(text, listed)) is None and _LIGHTWEIGHT.search(text) and listed(
            "weight_g"):
        # "a 3 person tent that's lightweight" listed the 2505 g one before the 2285 g one
        return "weight_g:asc"
    return order


# the words of a comparison besides the comparative itself ("a bit lighter", "less expensive")
_DEGREE = re.compile(r"\b(?:even|bit|little|lot|much|slightly|less|more|expensive|heavier|"
                     r"pricier|dearer|" + "|".join(_COMPARATIVES) + r")\b")


def only_compares(text: str) -> bool:
    """"Something smaller?", "anything a bit lighter?", "a warmer one?": a comparison the
    search can order by, and nothing else said (no kind, no need). Pure."""
    return bool(orders_by(text)) and comparative(text) and all(
        w in FILLER for w in re.findall(r"[a-z']+", _DEGREE.sub(" ", _plain(text))))


def as_feature(text: str) -> str:
    """"And hip belt?" after a list, as a feature asked for: "with hip belt?" (no listing
    was said to lack it); any other message as it is. Pure."""
    return re.sub(r"^\W*(?:and|also|plus|what about|how about)\s+(?!(?:with|for|in|under|below|"
                  r"over|that|which|without|from|by|to)\b)", "with ", text, flags=re.I)


def same_kind(text: str) -> bool:
    """Does a request that names no category ask for more of the kind just searched ("one
    with more pockets", "something with good cushioning", "anything lighter", "a good one
    for winter"), rather than for a new need ("something for cooking on a trip", "something
    to carry water")? "one" points back; otherwise a "with/more/-er" difference and no
    purpose ("for ...", "to ...") of its own. Pure."""
    t = text.lower()
    if re.search(r"\bones?\b", t) or PACK_COUNT.search(t):  # "a 3-pack?" of socks
        return True
    if re.match(r"\W*(?:(?:and|ok(?:ay)?|so|but|maybe)\W+)*(?:something|anything)\s+(?:(?:a bit|"
                r"more|really|very|fully)\s+)?(?:water-?proof|water-?resistant|insulated|warm|"
                r"light(?:weight)?|breathable|packable|durable|comfy|comfortable|stylish)\W*$",
                t):
        return True  # "something waterproof" after hiking boots (it listed any kind)
    if re.match(r"\W*(?:(?:and|ok(?:ay)?|so|but)\W+)*any (?:for|with|in|under|below|that)\b", t):
        return True  # "any for trail under 100?" after running shoes: running shoes still
    if re.match(r"\W*(?:and|also|plus)\s+(?:an? |some |with (?:an? )?)?[a-z][a-z -]{2,30}\W*$", t):
        return True  # "and hip belt?" after trekking packs (trousers came as the nearest)
    if re.match(r"\W*(?:what|how) about\s+(?!(?:an?|some|the)\s)(?:with )?[a-z][a-z -]{1,30}"
                r"(?<!s)\W*$", t) and not re.search(r"\b(?:for|to)\b", t):
        # "what about heart rate?" after GPS watches ("… shoes?" is a kind; "what about a
        # rain cover for my backpack?" after gaiters, which no product is, a thing of its own)
        return True
    return bool(_BUT.search(t)) and not re.search(r"\b(?:for|to)\b", t)


# a question whose subject is a product shown: "does it fit a sleeping bag?" asks about the
# backpack, whatever kind it names after (it listed sleeping bags); "how many poles does it
# have?" about the tent (it listed trekking poles)
_ABOUT_IT = re.compile(r"\s*(?:and |so |but )?(?:(?:how many|how much|what|which) [\w' -]{1,30}? )?"
                       r"(?:does|do|is|are|will|would|can|could|has|have)"
                       r" (?:it|this|that|they|these|those)(?: one| ones)?\b", re.I)


def other_kind(text: str, slots: dict, shown: list[dict]) -> bool:
    """Does a question name a kind of product that none of the shown ones is ("is the stove
    compatible with gas?" while headlamps, or only pots, are listed)? Then it is about
    something else, not about the first product shown. Pure.

    The kind is the category's own words when the message says them ("jackets" fits "rain
    jackets"); else the product noun that set the category ("stove" -> cookware), which
    fits a shown product of that category whose name ends in it."""
    category = slots.get("category")
    if not category or slots.get("product_ids") or not shown or _ABOUT_IT.match(text):
        return False
    said = set(_words(text))
    kind = _words(category)
    if set(kind) <= said:
        return not any(set(kind) <= set(_words(f"{p.get('category', '')} {p.get('name', '')}"))
                       for p in shown)
    if any(w in said and w not in FILLER and category != p.get("category")
           for p in shown for w in _words(p.get("name", ""))[:-1]):
        # "how many pairs in a pack?" of socks, one of them the "… 2-Pack Trekking Socks":
        # "pack" set the category (backpacks), but it is a word of a shown product's name
        return False
    return not any(p.get("category") == category
                   and ({kind[-1], *_words(p.get("name", ""))[-1:]} & said) for p in shown)


# "a stove for 2 people", "some warm socks", "any tents under 200?": a kind asked for anew,
# not a shown product pointed at ("a cheaper one", "an insulated one" point back)
_A_NEW = re.compile(r"\s*(?:(?:and|or|ok|okay|so|then|maybe|what about|how about|i need|i want|"
                    r"i'd like|i would like|looking for|do you (?:also )?(?:have|sell|stock|carry)|"
                    r"have you (?:also )?got|(?:can|could) (?:i|we) (?:also )?(?:add|get|buy)|"
                    r"add|also)[\s,]+)*(?:a|an|some|any)\s+"
                    r"(?!(?:[\w-]+\s+)?ones?\b)", re.I)


def asks_for_a(text: str, slots: dict) -> bool:
    """Does a message ask for a kind of product by its kind, not for one shown ("a stove
    for 2 people" after two stoves: a search for stoves for two, where it asked which of
    the stoves shown was meant)? Pure."""
    return bool(slots.get("category") and not slots.get("product_ids") and _A_NEW.match(text))


# "ok what about ponchos": another thing, right after a search (after a policy answer
# "what about Norway?" asks the same policy of Norway)
_ABOUT_A = re.compile(r"\s*(?:(?:ok|okay|so|and|then|hmm)\W+)*(?:what|how) about\s+"
                      r"(?!(?:the|it|its|that|this|them|those|these|one|ones|your|my|you)\b)",
                      re.I)


def a_thing(text: str, after_search: bool = False) -> str | None:
    """"ok and a pillow?", "and some gaiters?", "do you have a footprint?" (`after_search`:
    also "what about ponchos?"): a request for a thing by a noun of one to three words and
    nothing else; that noun ("pillow?"), else None. Pure."""
    about = _ABOUT_A.match(text) if after_search else None
    m = _A_NEW.match(text) or about
    thing = text[m.end():] if m and re.fullmatch(r"[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}\W*",
                                                 text[m.end():], re.I) else None
    if thing and m is about and not re.search(r"s\W*$", thing):
        return None  # "what about heart rate?" after GPS watches: a feature of them, no thing
    return thing


_WITH = re.compile(r"\s*(?:(?:and|or|but|so)\s+)?with\s+((?:an?\s+|any\s+)?[a-z][\w -]{1,30}?)\W*",
                   re.I)


def with_it(text: str) -> str | None:
    """"does it have a hood?" of "with a hood?", said of the product in focus (it got the
    card again); None for any other message. Pure."""
    m = _WITH.fullmatch(text)
    if m and re.fullmatch(r"(?:the\s+)?(?:shipping|delivery|postage)", m[1], re.I):
        return None  # "and with shipping?" after a price: the sum (core/reading_follow_ons)
    return f"does it have {m[1]}?" if m else None


# "has it got a porch?", "have they got hip belts?" (an order's status: "has it got here?")
_HAS_GOT = re.compile(r"\b(?:has|have) (it|they|this|that|these|those|the \w+(?: one)?) got "
                      r"(?!(?:here|there|to|lost|stuck|delivered|shipped|sent|back|anywhere|"
                      r"yet|through|home|in|out|it|them|my|your)\b)", re.I)


def has_got(text: str) -> str:
    """"does it have a porch?" of "has it got a porch?" (said of a product: it asked for
    an order number), the text itself otherwise. Pure."""
    def does_have(m: re.Match) -> str:
        return f"{'do' if m[1].lower() in ('they', 'these', 'those') else 'does'} {m[1]} have "
    return _HAS_GOT.sub(does_have, text)


# "can I get notifications on it?", "can I play music on it?": what it does, asked as the
# customer's own use of it (it asked for an order number); "can I use insoles with them?"
# is unsaid.how_unsaid's
_ON_IT = re.compile(r"^\W*(?:(?:and|so|but|ok)\W+)?can (?:i|you|we) (get|see|receive|read|play|"
                    r"listen to) ((?!it\b|them\b)(?![a-z -]*\b(?:discounts?|deals?|refunds?|money|"
                    r"prices?|coupons?|codes?|sale|warranty|delivery|shipping|receipt|invoice)\b)"
                    r"[a-z][a-z -]{1,30}?) (?:on|with|from|in) "
                    r"(it|them|this|that|this one|that one)\W*$", re.I)
_ON_IT_VERB = {"get": "show", "see": "show", "receive": "show", "read": "show",
               "play": "play", "listen to": "play"}


# "would it work for travel?" (a search for travel products, a GPS watch among them): is it
# good for it
_WORKS_FOR = re.compile(r"^\W*((?:(?:and|so|but|ok)\W+)?)(?:would|will|does|do|could|can) "
                        r"(it|they|this|that|this one|that one) (?:also |still |really )?"
                        r"(?:work|do)(?: well)? (for|in) ((?!me\b|you\b|us\b)[a-z0-9][a-z0-9 -]"
                        r"{1,30}?)\W*$", re.I)


def on_it(text: str) -> str:
    """"does it show notifications?" of "can I get notifications on it?", "is it good for
    travel?" of "would it work for travel?", said of a product; the text itself otherwise.
    Pure."""
    if w := _WORKS_FOR.match(text):
        are = "are they" if w[2].lower() == "they" else "is it"
        return f"{w[1]}{are} good {w[3].lower()} {w[4]}?"
    if not (m := _ON_IT.match(text)):
        return text
    do = "do" if m[3].lower() == "them" else "does"
    return f"{do} {'they' if do == 'do' else 'it'} {_ON_IT_VERB[m[1].lower()]} {m[2]}?"


# "I usually wear 43 in Salomon", "I'm a 9 in UK": a size worn, in another brand's sizes or
# a country's
_WORN_IN = re.compile(r"(" + WEARER + r"\s+(?:usually\s+|normally\s+)?(?:an?\s+|size\s+)?)"
                      r"(\d{1,2}(?:[.,]5)?)\s+(?:in|with|from|for)\s+([a-z][\w&-]*)\W*$", re.I)
_NO_BRAND = frozenset(("eu", "europe", "european", "euro", "mens", "men's", "womens", "women's",
                       "kids", "size", "sizes", "general", "most", "everything", "all", "shoes",
                       "boots", "trainers", "sneakers", "it", "them", "that", "those", "these"))


def worn_size(text: str, known: Callable[[], Iterable[str]]) -> str:
    """"I usually wear 43" of "I usually wear 43 in Salomon" (a brand the shop does not
    sell, whose sizes no listing compares: it searched every kind in 43 for "salomon"),
    "I'm a UK 9" of "I'm a 9 in UK" ("say it another way"); the words `known()` gives (the
    shop's own brands and colours: "I'm a 43 in black") and any other message stay as they
    are. Pure."""
    m = _WORN_IN.search(text)
    word = m[3].lower() if m else ""
    if not m or word in _NO_BRAND or word in {k.lower() for k in known()}:
        return text
    if word in ("uk", "us"):
        return f"{text[:m.start(2)]}{word.upper()} {m[2]}"
    return text[:m.end(2)]


# "too heavy" of a product looked at: the way the customer wants another one to differ
_TOO = {"heavy": "lighter", "expensive": "cheaper", "pricey": "cheaper", "dear": "cheaper",
        "much": "cheaper", "small": "bigger", "big": "smaller", "large": "smaller",
        "bulky": "smaller", "cold": "warmer"}
_TOO_MUCH = re.compile(r"\s*(?:(?:hm+|oh|ah|no|nah|ok|but|and|hmm+)[\s,]+)*(?:(?:it|that|this|"
                       r"they|those|these|the \w+(?: one)?)(?:'s|'re| is| are| was| seems| looks)"
                       r"\s+)?(?:a bit |a little |way |much |far |slightly )?too ("
                       + "|".join(_TOO) + r")(?: for me)?\W*", re.I)


def too_much(text: str) -> str | None:
    """"something lighter" for "too heavy", "that's a bit too expensive", "the first one is
    too small": what to look for instead of a product looked at (it asked to say it another
    way, then handed over); None for any other message. Pure."""
    m = _TOO_MUCH.fullmatch(text)
    return f"something {_TOO[m[1].lower()]}" if m else None


# "one size bigger?", "a size down", "do you have a bigger size?": the next size from the
# one said ("bigger" sorted by litres, which shoes do not list)
_SIZE_STEP = re.compile(r"\b(?:a|one|the next|one more|another) size "
                        r"(bigger|larger|up|smaller|down)\b|"
                        r"\b(?:a |the next )?(bigger|larger|smaller) size\b", re.I)


# "what's that in EU?", "can you convert it?" after a US or UK size was said
_CONVERTS = re.compile(r"\bwhat(?:'s| is| would be) (?:that|it|this|a (?:us|uk) \d{1,2}(?:\.5)?) "
                       r"in (?:eu|euro(?:pean)?|uk|us)\b|\bconvert|\bconversion\b|"
                       r"\b(?:in|as an?) eu(?:ro(?:pean)?)? size\b|\bsize chart\b", re.I)


def asks_conversion(text: str) -> bool:
    return bool(_CONVERTS.search(text))


def size_step(text: str) -> int | None:
    """+1 for "one size bigger?", -1 for "a size down", None for no such words. Pure."""
    m = _SIZE_STEP.search(text)
    return None if not m else 1 if (m[1] or m[2]).lower() in ("bigger", "larger", "up") else -1


def next_size(size: str, step: int) -> str | None:
    """The size `step` sizes from `size`: "44" -> "45", "M" -> "L"; None when there is no
    such size (past XXXL, a size like "Long" or "43-46"). Pure."""
    if re.fullmatch(r"\d+(?:\.5)?", size):
        return f"{float(size) + step:g}"
    at = LETTERS.index(size) + step if size in LETTERS else -1
    return LETTERS[at] if 0 <= at < len(LETTERS) else None


# "sort by price", "order them by weight, heaviest first", "price high to low": the list
# in that order, said as the words a search orders by ("sort by price" was "say it another
# way", twice, then a person)
_SORT = re.compile(r"\W*(?:(?:can you|could you|please|pls|ok(?:ay)?|and|now|then|just)\W+)*"
                   r"(?:(?:sort|order|rank|list|show)(?:ed)?(?: (?:them|it|these|those|this|the "
                   r"(?:list|results)))?(?: (?:by|on|from))? (?:the )?)?(price|cost|weight|warmth|"
                   r"temperature|capacity|size|brightness|lumens|warranty)(?:[, ]+(?:from )?"
                   r"(low(?:est)?|high(?:est)?|cheap(?:est)?|dear(?:est)?|ascending|descending|"
                   r"light(?:est)?|heav(?:y|iest)|small(?:est)?|big(?:gest)?)?(?: (?:to (?:high|"
                   r"low)(?:est)?|first))?)?(?: please)?\W*", re.I)
_SORT_WORDS = {"price": ("cheapest", "most expensive"), "cost": ("cheapest", "most expensive"),
               "weight": ("lightest", "heaviest"), "warmth": ("warmest", "warmest"),
               "temperature": ("warmest", "warmest"), "capacity": ("smallest", "biggest"),
               "size": ("smallest", "biggest"), "brightness": ("brightest", "brightest"),
               "lumens": ("brightest", "brightest"),
               "warranty": ("longest warranty", "longest warranty")}


def sorted_as(text: str) -> str | None:
    """"cheapest first" for "sort by price", "most expensive first" for "price high to
    low": a request to order the list, in the words a search orders by; None for any other
    message (a bare "price" or "weight" too: that asks for the figure). Pure."""
    m = _SORT.fullmatch(text)
    if not m or text.strip(" ?!.").lower() == m[1].lower():
        return None
    up = bool(m[2]) and m[2].lower().startswith(("high", "dear", "desc", "heav", "big"))
    return f"{_SORT_WORDS[m[1].lower()][up]} first"


def sort_said_in(text: str) -> str | None:
    """"boots in size 44, cheapest first" for "boots in size 44 sorted by price": a request
    that ends by asking for an order, with it said in the words a search orders by (it was
    not sorted); None when it asks none, or is nothing but the order (see sorted_as)."""
    for m in reversed(list(re.finditer(r"\b(?:sort|order|rank)(?:ed)?\b", text, re.I))):
        head = re.sub(r"(?:[\s,;-]|\band\b)+$", "", text[:m.start()])
        if (order := sorted_as(text[m.start():])) and re.search(r"[^\W\d_]{3}", head):
            return f"{head}, {order}"
    return None


def _words(text: str) -> list[str]:
    return [singular(w) for w in re.findall(r"[a-z]+", str(text).lower())]


# "I'm cold at night in my tent, what can help?": the customer's own tent, where the need
# is (it listed tents); "my boots are worn out, I need new ones" still asks for boots
_OWNED = r"\b(?:my|our|his|her|their)\s+(?:[\w-]+\s+){{0,2}}{}\b"
_ANEW = re.compile(r"\b(?:new|another|replace\w*|spare|second|upgrade|ones?|same)\b|"
                   r"\b(?:need|want|looking for|get|buy|recommend)\s+(?:an?|some|the)\s+\w+", re.I)


def _owned(category: str) -> tuple[str, str]:
    """The pattern of a word of the kind ("tent", "tents") and of it as owned ("my tent")."""
    word = rf"{re.escape(category.split()[-1].lower().rstrip('s'))}s?"
    return rf"\b{word}\b", _OWNED.format(word)


def without_owned(text: str, category: str) -> str:
    """`text` without the customer's own thing of the kind ("in my tent"), for the search
    of what would help: its word ranked the kind itself first ("my feet hurt in my boots")."""
    owned = _owned(category)[1]
    # at the end, with the word that tied it on: "a rain cover for my backpack" asks for a
    # "rain cover" (said no product mentions "rain cover for"); inside, the word stays (the
    # embedding of "my feet hurt in, what do you recommend?" ranks socks first)
    text = re.sub(rf"\b(?:for|in|on|with|of|to|from|into|onto)\s+{owned}(?=\W*$)", " ",
                  text, flags=re.I)
    return re.sub(owned, " ", text, flags=re.I)


def owned_only(text: str, category: str) -> bool:
    """Does `text` name the kind only as what the customer already has ("in my tent"),
    asking for something else?"""
    low = text.lower()
    said, owned = (len(re.findall(pattern, low)) for pattern in _owned(category))
    return bool(said) and said == owned and not _ANEW.search(low)
