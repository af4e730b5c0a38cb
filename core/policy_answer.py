"""The sentences of a shop policy that answer a customer's question, quoted verbatim.

Why extractive: a policy is the shop's own wording of its promises ("orders of 50.00 EUR or
more ship free"). Asked to paraphrase it, the 135M reply model paired figures with the
wrong terms ("2-4 business days for 9.95 EUR" — that is the express fee), turned a
condition into a yes ("Yes, shipping is free") and invented statuses ("your order is
backordered"); the grounding checks cannot see such errors, since every figure it quoted
is in the policy. Picking the policy's own sentences cannot misquote it.

How: each sentence of the policy text is scored against the question — cosine similarity
of MiniLM sentence embeddings when the embedder is available (it is loaded for search
anyway), else word-stem overlap, plus a bonus for a sentence with the kind of figure asked
for ("how much": an amount; "how long": a duration; "hours": a time range). The best sentence is the answer, with the runner-up when
it scores nearly as well (at most `MAX_SENTENCES`, in the policy's order); a question
that matches no sentence well ("is my broken tent pole covered?") gets the whole policy.
Pure apart from the embedder call.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .wording import in_words

MAX_SENTENCES = 2
# Cosine thresholds, read off the demo shop's policies with 26 customer questions (every
# top sentence right): below FLOOR no sentence answers the question (whole policy); a
# sentence within MARGIN of the best is kept too ("how much is delivery": standard and
# express).
FLOOR, MARGIN = 0.25, 0.08
LEXICAL_FLOOR = 0.2  # the same role for the word-overlap score
# A question holding a word the policy never uses is answered from it only above these
# (measured on the demo shop: "do you ship to switzerland?" 0.68 gets the countries; "do
# you have gift cards?" 0.42 got "Cards are only charged when your order ships.", "can I
# change the delivery address?" 0.45 a sentence about carriers, "do you deliver on
# saturdays?" 0.48 the dispatch times)
CONFIDENT, LEXICAL_CONFIDENT = 0.55, 0.5
# question words that say what kind of policy question it is, not what it is about,
# function words (no policy is "silent" on "then" of "ok then I want to return it"), and
# words that point at a product shown ("the first one please, how do I buy it?")
GENERIC = frozenset("""ship ships shipping shipped deliver delivers delivery delivered order
orders ordering ordered return returns returning returned refund refunds refunded pay pays
paying payment payments paid warranty warranties guarantee accept accepted take takes taking
long much need want know please cost costs price prices possible able policy policies
instead rather
anything something item items product products thing things buy bought purchase purchased
does work happen happens usually exactly also still there here when what which where your
have with that this from will would could should just really okay hello thanks tell
located location based situated find reach contact open opening hours money back send
sent sending then than them they their there these those were been being into onto some
such very well yeah sure okay again maybe even ever many more most like about because since
after before while other another same each every both over under down soon already right
actually mean guys bigger smaller larger different method methods option options come comes
available availability offer offers use
first second third fourth fifth sixth last latter former cheaper cheapest ones pair pairs
doesn didn aren wasn weren haven hasn wouldn couldn shouldn cannot
week weeks month months year years today yesterday tomorrow recently time until till
accidentally mistakenly mistake accident later afterwards fine alright""".split())
# What kind of answer a question wants: "how much is shipping to austria" matched the
# sentence naming Austria best and got the list of countries, not the fee. A sentence
# holding the kind of figure asked for (an amount, a duration) gains CUE_BONUS (times the
# cue's weight).
CUE_BONUS = 0.1
FITS_BADLY = re.compile(r"\btoo (?:small|big|large|tight|loose|short|long|narrow|wide)\b|"
                        r"\b(?:does|do)(?:n't| not) fit\b|\bwrong (?:size|colou?r)\b|"
                        r"\b(?:a|one) size (?:bigger|smaller|larger|up|down)\b|"
                        r"\b(?:a )?(?:bigger|smaller|larger) size\b|"
                        # "I ordered boots in size 43 but need 44" (boots in 44 were listed)
                        r"\bbut (?:i |we )?(?:need|want|wanted|meant|should have (?:got|ordered)) "
                        r"(?:an? |the )?(?:size\s*)?(?:\d{1,2}(?:[.,]5)?|xx?[sl]|[sml])\b", re.I)
# "they hurt my feet", "they give me blisters": a fit problem too, said of a purchase (it got
# the warranty policy); alone ("socks that prevent blisters") it is no such thing
HURTS = re.compile(r"\b(?:hurts?|hurting|pinch(?:es|ing)?|rub(?:s|bing)?) (?:my |his |her |the )?"
                   r"(?:feet|foot|toes?|heels?|ankles?)\b|\bgives? (?:me|him|her) blisters\b",
                   re.I)
CUES = (
    # ("is delivery to Austria free?" got "Yes — we ship to … Austria …", as if free)
    (re.compile(r"\bhow much\b|\bcosts?\b|\bprice|\bfees?\b|\bcharges?\b|\bexpensive\b|"
                r"\bpay for\b|\bfree\b", re.I),
     re.compile(r"\d+(?:[.,]\d+)?\s?(?:EUR|USD|GBP|€|\$|£)|[€$£]\s?\d|\bfree\b", re.I), 1),
    # "what are your opening hours": the sentence with the hours (cosine 0.22), not only the
    # one that says "opening hours" in passing (0.35), hence twice the bonus
    # ("are you open on sunday?": the hours, though the policy names no Sunday)
    (re.compile(r"\bhours\b|\bopen\b|\bclosed?\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|"
                r"\bweekends?\b", re.I),
     re.compile(r"\b\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}\b", re.I), 2),
    # "what's the return window?": a time span too ("window" is no word of the policy)
    (re.compile(r"\bhow (?:long|fast|soon|quickly)\b|\bwhen\b|\b(?:window|period|time limit|"
                r"time frame|timeframe|how many days)\b", re.I),
     re.compile(r"\b\d+(?:-\d+)?\s+(?:business\s+|working\s+)?(?:days?|weeks?|hours?|months?|"
                r"years?)\b|"
                r"\bsame day\b|\bbefore \d", re.I), 1),
    # "it doesn't fit", "they're too small": the sentence on exchanging for another size
    # (no sentence scored above the floor, and the whole returns policy came back)
    (re.compile(f"{FITS_BADLY.pattern}|{HURTS.pattern}", re.I),
     re.compile(r"\bexchang\w*|\banother size\b", re.I), 2),
    # "how long does an exchange take?": the sentence on exchanges (the duration cue gave
    # the return window and the refund's days); only against that cue
    (re.compile(r"^(?=.*\bexchang)(?=.*\b(?:how (?:long|soon|quickly|much)|when|cost)\b)", re.I),
     re.compile(r"\bexchang\w*", re.I), 1),
    # "can I get next day delivery?": the sentence on express delivery (the standard one)
    # (not "express" itself: "how long does delivery take, and express?" asks for both)
    (re.compile(r"\bnext[- ]day\b|\bovernight\b|\b(?:faster|quicker|fastest|quickest)\b",
                re.I),
     re.compile(r"\bexpress\b", re.I), 2),
    # "can I pay later?": the sentence on paying after delivery ("later" is no policy word:
    # "I can't find the answer to that")
    (re.compile(r"\bpay (?:\w+ )?(?:later|afterwards|after (?:delivery|it arrives))\b|"
                r"\bbuy now,? pay later\b", re.I),
     re.compile(r"\bpay within\b|\binvoice\b", re.I), 2),
    # "how can I reach you?": the sentence with the address to write to (it got "We have
    # no telephone line" alone, the nearest in meaning to "reach")
    (re.compile(r"\bhow (?:can|do|could|should) (?:i|we) (?:best )?(?:reach|contact|get in "
                r"(?:touch|contact)|write|email|e-mail)\b|\b(?:get|be) in touch\b", re.I),
     re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+", re.I), 2),
    # "can you hold it for me?": the sentence on holding products (cosine 0.21, below the
    # floor: the whole ordering policy came back)
    # ("is it still reserved?" of a jacket left in the cart: the whole ordering policy)
    (re.compile(r"\b(?:hold|held|reserved?|reserving|set aside|put aside)\b", re.I),
     re.compile(r"\bhold\b", re.I), 1),
    # "how do I create an account?": the sentence on ordering as a guest or with one (it got
    # the first sentence, how to order)
    (re.compile(r"\b(?:create|open|make|register|set up|sign up for|need) (?:an?|my) "
                r"(?:customer )?account\b|\bregist(?:er|ration)\b|\bsign ?up\b|\bguest\b",
                re.I),
     re.compile(r"\baccount\b|\bguest\b", re.I), 2),
)

# A sentence said whenever its question is asked, with no bonus to its score (a bonus put
# it so far ahead that "… and can I return worn shoes?" lost the sentence on footwear):
# "what's the return window for socks?" got "opened socks cannot be returned" alone, no
# word of the 30 days.
KEPT = (
    (re.compile(r"\b(?:return|exchange)s?\s+(?:window|period|time ?limit|deadline)\b|\bhow "
                r"(?:long|many days) (?:do i have|have i got|can i (?:return|send))\b", re.I),
     re.compile(r"\bwithin \d+ days\b", re.I)),
)

_STOP = frozenset("what when where which your have does with that this there about from "
                  "will would could should can you are is the and for".split())


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s]


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _STOP}


def lexical_scores(question: str, parts: Sequence[str]) -> np.ndarray:
    """Shared word stems over the geometric mean of the two lengths (a cosine on sets)."""
    q = _stems(question)
    out = []
    for s in parts:
        stems = _stems(s)
        out.append(len(q & stems) / math.sqrt(max(len(q), 1) * max(len(stems), 1)))
    return np.asarray(out, dtype=np.float32)


def cue_bonus(question: str, parts: Sequence[str]) -> np.ndarray:
    """CUE_BONUS for each sentence holding the kind of figure the question asks for."""
    bonus = np.zeros(len(parts), dtype=np.float32)
    for asks, holds, times in CUES:
        if asks.search(question):
            bonus += np.array([times * CUE_BONUS * bool(holds.search(p)) for p in parts],
                              np.float32)
    return bonus


def _scored(parts: Sequence[str], question: str,
            embedder: Any) -> tuple[np.ndarray, float, float]:
    """(scores of the sentences, the floor, the confident score) for the way they were
    scored: embeddings when the model runs, else word overlap."""
    if embedder is not None:
        try:
            return (embedder.encode(parts) @ embedder.encode_query(question)
                    + cue_bonus(question, parts), FLOOR, CONFIDENT)
        except Exception:  # noqa: BLE001 - the model failing must not cost the answer
            pass
    return (lexical_scores(question, parts) + cue_bonus(question, parts), LEXICAL_FLOOR,
            LEXICAL_CONFIDENT)


def asked(message: str) -> str:
    """The question sentences of a message that says more ("Hi! My name is Anna. I bought
    the boots last week ... Can I exchange them for a bigger size?" -> the last sentence),
    else the message: the story around a question matched the wrong policy sentence and
    held words no policy uses."""
    questions = [s for s in sentences(message) if s.rstrip().endswith("?")]
    if questions and len(questions) < len(sentences(message)):
        return " ".join(questions)
    # one sentence, the story first: "I got the wrong size boots, can I exchange them?"
    # ("wrong" was a word the policy never uses: "I can't find the answer to that")
    clause = _CLAUSE.search(message) if len(questions) == 1 else None
    return message[clause.start(1):] if clause else message


# a comma, then a question: its opening word starts the question asked
_CLAUSE = re.compile(r",\s*(?:(?:so|but|and|then)\s+)?((?:how|what|when|where|which|who|why|"
                     r"can|could|do|does|did|is|are|will|would|may|should|shall)\b[^,]*\?)\s*$",
                     re.I)


_QUESTION = re.compile(r"\?|^\s*(?:how|what|when|where|which|who|why|can|could|do|does|did|"
                       r"is|are|will|would|may|should|shall)\b", re.I)


def is_question(message: str) -> bool:
    """"Can I order by phone?" is; "ok I'll take the lighter one" states a purchase."""
    return bool(_QUESTION.search(message))


def _stem(word: str) -> str:
    return re.sub(r"(?:es|s)$", "", word)[:5]


# words a customer uses for what a policy says otherwise ("can I swap it?" of "Exchanges
# for another size or colour are free"): not missing from a policy that has the other
SAME = {"swap": ("exchange",), "switch": ("exchange",), "trade": ("exchange",),
        "change": ("exchange",),  # "i bought the wrong colour, can I change it?"
        # "can I return worn boots?": the policy says "unworn", "unused"
        "worn": ("unworn",), "wore": ("unworn",), "used": ("unused",),
        # "can you reserve one for me?" of "This chat cannot … hold products for you"
        "reserve": ("hold",), "keep": ("hold",), "aside": ("hold",),
        # "what's your phone number?" of "We have no telephone line, so there is no number
        # to call." (it said "I can't find the answer to that", then that sentence)
        "phone": ("telephone",), "hotline": ("telephone",), "ring": ("call",),
        # "can I get a replacement instead of a repair?" of "repair, replace or refund"
        "replacement": ("replace",), "repaired": ("repair",), "fixed": ("repair",),
        # "what about normal wear and tear?" of "not normal wear" (it said "I can't find")
        "tear": ("wear",),
        # "can I add it to my cart?" of "put it in the basket" (it said "I can't find")
        "cart": ("basket",), "trolley": ("basket",),
        # "can I get next day delivery?" of "Express delivery arrives in 1-2 business days"
        # (it said "I can't find the answer to that", then the whole policy)
        "next": ("express",), "overnight": ("express",), "faster": ("express",),
        "quicker": ("express",)}


# "can you hold it until friday?": a deadline says when, not what is asked ("hold" is in
# the ordering policy, "friday" is not). Weekdays stay topic words elsewhere: "do you
# deliver on saturdays?" is about Saturdays, and the policy does not say.
# "can I return it if it's too warm?": the reason is the customer's, the question is the
# return ("warm" is in no policy, and "I can't find the answer to that" came back)
_REASON = re.compile(r"\b(?:if|because|since|as)\s+(?:it|they|the \w+)\s*(?:'s|'re|is|are|was|"
                     r"were|does|do|did|turns? out|feels?|seems?)\b[^?.!]*", re.I)
_DEADLINE = re.compile(r"\b(?:until|till|til|by|before|in time for)\s+(?:next\s+|this\s+|the\s+)?"
                       r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|"
                       r"tomorrow|tonight|christmas|xmas|easter|week)\b", re.I)

# "can I return the boots when they come?": when it arrives says when, as a deadline does
# ("come" and "arrive" are no words of the returns policy: "I can't find the answer")
ON_ARRIVAL = re.compile(r"\b(?:when|once|after|as soon as)\s+(?:it|they|(?:the|my) \w+)\s+"
                         r"(?:(?:has|have)\s+)?(?:comes?|came|come|arrives?|arrived|gets? here|"
                         r"got here|(?:is|are) (?:delivered|here))\b", re.I)

# "and if it was a gift?" after the returns policy: the condition is the question (the
# whole policy came back, as if it answered)
_ONLY_IF = re.compile(r"\W*(?:(?:and|but|so|ok|okay|what|how about)\W+)*if\b", re.I)


# "do I get a refund if it doesn't arrive?", "what if my parcel gets lost?": a parcel that
# never comes. A policy without a word for that does not answer it, however close its
# sentences on refunds score (0.61 for "… for a full refund").
NEVER_COMES = re.compile(
    r"\b(?:lost|gets? lost|go(?:es)? missing|stolen|never (?:arrives?|comes?|turns? up|gets? "
    r"here)|(?:does|do|did)(?:n't| not) (?:arrive|come|turn up|get here|show up))\b", re.I)
_LOSS_WORDS = re.compile(r"\b(?:lost|loss|lose|missing|stolen|never arrive\w*|not arrive\w*|"
                         r"does not reach|do not reach)\b", re.I)


def unanswered(text: str, question: str, embedder: Any = None,
               ignore: Sequence[str] = ()) -> list[str]:
    """The words of `question` that the policy never uses ("gift" of "do you have gift
    cards?"), when no sentence matches it with confidence; [] when the policy may answer.
    Words in GENERIC and `ignore` (the catalogue's product words: "warranty on tents" is
    a warranty question) do not count. The best sentence of the payment policy for "gift
    cards" was "Cards are only charged when your order ships."."""
    if (never := NEVER_COMES.search(question)) and not _LOSS_WORDS.search(text):
        return [never.group(0).lower()]
    used = {_stem(w) for w in re.findall(r"[a-z]{3,}", text.lower())}
    used |= {_stem(w) for w, same in SAME.items() if any(_stem(s) in used for s in same)}
    skip = GENERIC | {w.lower() for phrase in ignore for w in re.findall(r"[a-zA-Z]+", phrase)}
    if (to := shipping_to(question)) and to in _listed(text):
        # "… to get to Amsterdam?" of a policy that lists the Netherlands ("a shop in
        # Berlin?" is still unanswered)
        skip |= {city for city, country in _CITIES.items() if country == to}
    asked = ON_ARRIVAL.sub(" ", _DEADLINE.sub(" ", question))  # not when, nor why, unless
    # the why is all it asks
    asked = (asked if _ONLY_IF.match(asked) else _REASON.sub(" ", asked)).lower()
    parts = sentences(text)
    for asks, holds, _ in CUES:
        if any(holds.search(p) for p in parts):
            # the words of a kind of question the policy answers: "they're too tight", "they
            # hurt my feet" of the sentence on exchanging for another size ("I can't find
            # the answer to that", as "tight", "hurt" and "feet" are no words of the policy)
            asked = asks.sub(" ", asked)
    missing = [w for w in re.findall(r"[a-z]{4,}", asked)
               if w not in skip and _stem(w) not in used and _stem(w) not in
               {_stem(i) for i in skip}]
    if not missing or not parts:
        return missing
    scores, _, confident = _scored(parts, question, embedder)
    return missing if float(scores.max()) < confident else []


def answer(text: str, question: str, embedder: Any = None) -> str:
    """The policy sentences that answer `question` (or all of `text`), in their order.
    `embedder`: a core.embeddings.Embedder (normalised vectors; policy sentences are
    memoised by it, so each is embedded once per process)."""
    parts = sentences(text)
    if len(parts) <= 1 or not question.strip():
        return " ".join(parts)
    scores, floor, _ = _scored(parts, question, embedder)
    best = float(scores.max())
    if best < floor:
        return " ".join(parts)
    keep = {i for i in np.argsort(-scores)[:MAX_SENTENCES].tolist() if scores[i] >= best - MARGIN}
    # what a strong cue asks for is said, whichever sentence matched best: "they hurt my
    # feet" got only "Footwear must be unworn outdoors …", not the exchange for another size
    keep |= {i for i, part in enumerate(parts) for asks, holds, times in CUES
             if times >= 2 and asks.search(question) and holds.search(part)}
    keep |= {i for i, part in enumerate(parts) for asks, holds in KEPT
             if asks.search(question) and holds.search(part)}
    # a sentence that leans on the one before it is not said alone: "Exchanges for another
    # size or colour are free as well." follows "… returning is free."
    keep |= {i - 1 for i in keep if i and _LEANS_BACK.search(parts[i])}
    return " ".join(parts[i] for i in sorted(keep))


_LEANS_BACK = re.compile(r"\b(?:as well|too)\.$|^(?:also|(?:this|that|these|those|it|they) (?:is|"
                         r"are|was|were|means?|appl(?:y|ies)|covers?|takes?|includes?))\b", re.I)


# "do you ship to Switzerland?" of "We ship to Germany, Austria, … and France.": a yes or
# a no before the list (the list alone left the customer to read it as one). Countries
# only, so "do you deliver to my office?" gets the sentence alone; each with the names a
# policy may use for it instead.
COUNTRIES = {name: (name, *aliases) for name, *aliases in (
    line.split("|") for line in """germany|deutschland
austria|österreich
switzerland|swiss
netherlands|holland|the netherlands
belgium
france
luxembourg
italy
spain
portugal
poland
czech republic|czechia
slovakia
hungary
slovenia
croatia
denmark
sweden
norway
finland
iceland
ireland
united kingdom|uk|great britain|britain|england|scotland|wales
united states|usa|us|america
canada
australia
new zealand
japan
liechtenstein
greece
romania
bulgaria
estonia
latvia
lithuania""".splitlines())}
# the larger cities of the countries a shop here may ship to, as their country ("do you
# deliver to Vienna?" got the list of countries alone, "how long does shipping to
# Amsterdam take?" the times as if any place were served); not in COUNTRIES, so a city a
# policy names ("our warehouse in Berlin") lists no country shipped to
_CITIES = {city: name for name, cities in (line.split(":") for line in """\
germany:berlin|munich|münchen|hamburg|cologne|köln|frankfurt|stuttgart|düsseldorf|leipzig|dresden
austria:vienna|wien|salzburg|graz|innsbruck|linz
switzerland:zurich|zürich|geneva|genf|bern|basel|lausanne|lucerne|luzern
netherlands:amsterdam|rotterdam|hague|den haag|utrecht|eindhoven|groningen
belgium:brussels|bruxelles|brussel|antwerp|antwerpen|ghent|gent|bruges|brugge|liège|liege
france:paris|lyon|marseille|toulouse|bordeaux|lille|strasbourg|nantes
united kingdom:london|manchester|birmingham|edinburgh|glasgow|liverpool
italy:rome|milan|turin|florence|naples|venice
spain:madrid|barcelona|valencia|seville
poland:warsaw|krakow|kraków
denmark:copenhagen
sweden:stockholm
norway:oslo
ireland:dublin
czech republic:prague""".splitlines()) for city in cities.split("|")}
_PLACE = {alias: name for name, aliases in COUNTRIES.items() for alias in aliases} | _CITIES
# a country's or a city's name starts them
_PLACE_SAID = r"(the\s+)?([a-zäöüéè]+(?:\s+[a-zäöüéè]+){0,2})"
_SHIP_TO = re.compile(r"\b(?:ship|deliver|send|post)\w*\s+(?:\w+\s+)?to\s+" + _PLACE_SAID, re.I)
# "how long to France?", "how much does it cost to Norway?": no verb of shipping, but a
# question of time or cost to a country
_HOW_TO = re.compile(r"\b(?:how (?:long|much|many days|fast|quick(?:ly)?|soon)|costs?|"
                     r"delivery|shipping|postage)\b.*?\bto\s+(?:(?:get|go|come|be sent|arrive)\s+"
                     r"to\s+)?" + _PLACE_SAID, re.I)  # "… to get to Germany?"
# "when would it arrive in Switzerland?", "can I get it by friday in Zurich?": where it is
# to arrive (the delivery times, as if it were shipped there)
_ARRIVE_IN = re.compile(r"^(?!.*\b(?:my|our|the) (?:order|parcel|package)\b)(?!.*\b(?:i|we) "
                        r"(?:ordered|bought)\b)"  # "when will my order arrive in Germany?"
                        r".*?\b(?:arriv\w*|get (?:it|them|one)|deliver\w*|be (?:here|there)|"
                        r"by \w+day)\b[^.?!]{0,25}?\bin\s+" + _PLACE_SAID, re.I)
# "ok and do you ship to Ireland?": a yes/no question after its opening words
_YES_NO = re.compile(r"(?:[^.?:]{0,40}:\s*)?"  # "hi! two questions: do you ship to …"
                     r"\W*(?:(?:ok(?:ay)?|and|so|also|hi|hello|hey|thanks|great|cool|but|oh)"
                     r"\W+)*(?:do|does|can|could|will|would|is|are)\b", re.I)
_EVERYWHERE = re.compile(r"\b(?:worldwide|anywhere|all countries|every country|"
                         r"international(?:ly)?|outside)\b", re.I)


_ASKS_MORE = re.compile(r"\b(?:free|costs?|price|fees?|charges?|how (?:much|long|fast|soon)|"
                        r"express|days?|quick(?:ly)?|fast)\b", re.I)


def _country(said: str, the: str | None) -> str | None:
    """The country a place said names; "us" only as "the US" ("send it to us?", "and
    us?": the pronoun)."""
    place = said.lower().strip()
    return _PLACE.get(place) if place != "us" or the else None


def country_in(follow_on: str) -> str | None:
    """The country of "and to Norway?", "what about the UK?", "to Austria too?", as said;
    None for anything else."""
    m = re.fullmatch(r"\s*(?:(?:and|also|what about|how about)\s+(?:to\s+)?|to\s+)(the\s+)?"
                     r"([a-zö][a-zö ]{1,25}?)\s*(?:too|as well)?\s*[?!.]*\s*", follow_on, re.I)
    return f"{m[1] or ''}{m[2]}" if m and _country(m[2], m[1]) else None


def _asked_country(question: str) -> tuple[str, str, str] | None:
    """("the ", "UK", "united kingdom") of "do you ship to the UK and how much?": the words
    said for a country after "to" in a question of shipping, time or cost, and its name."""
    for m in (_SHIP_TO.search(question), _HOW_TO.search(question), _ARRIVE_IN.search(question)):
        words = m[2].split() if m else []
        for k in range(len(words), 0, -1):  # "new zealand", not "new"; "uk", not "uk free"
            if country := _country(said := " ".join(words[:k]), m[1]):
                return m[1] or "", said, country
    return None


def shipping_to(question: str) -> str | None:
    """The country a question of shipping, or of time or cost, names after "to" ("do you
    ship to Norway?", "how long to France?"); None when it names none."""
    return (_asked_country(question) or (None, None, None))[2]


def _listed(text: str) -> set[str]:
    return {name for name, aliases in COUNTRIES.items()
            if any(re.search(rf"\b{re.escape(a)}\b", text, re.I) for a in aliases)}


def not_shipped_to(question: str, policy: str) -> bool:
    """Does `question` name a country ("how much is shipping to Iceland?") that `policy`'s
    list of countries shipped to leaves out?"""
    country = shipping_to(question)
    return bool(country) and not _EVERYWHERE.search(policy) and len(
        listed := _listed(policy)) >= 2 and country not in listed


def to_country(question: str, answer: str, policy: str = "") -> str:
    """`answer` with "Yes — " before it when `question` asks whether the shop ships to a
    country the answer lists; "Sorry, we don't ship to X." and the sentence listing where
    it ships when X is not among those the `policy` (else the answer) lists."""
    if not (asked := _asked_country(question)) or _EVERYWHERE.search(policy or answer):
        return answer
    the, said, country = asked
    # not "how much…", which the answer answers, nor "is delivery to Austria free?" (the
    # "Yes —" read as free)
    yes_no = bool(_YES_NO.match(question)) and not _ASKS_MORE.search(
        re.split(r",|\band\b", question)[0])
    listed = _listed(policy or answer)
    if country in listed:
        sentence = re.sub(r"^(?:We|Our)\b", lambda w: w[0].lower(), answer)
        return f"Yes — {sentence}" if yes_no and country in _listed(answer) else answer
    if len(listed) < 2:  # no list of the countries shipped to: the answer as it is
        return answer
    said = said.upper() if len(said) <= 3 else " ".join(w.capitalize() for w in said.split())
    # "how long to Norway?": the delivery time would read as if it did
    where = answer if yes_no and len(_listed(answer)) >= 2 else next(
        (s for s in sentences(policy or answer) if len(_listed(s)) >= 2), answer)
    return f"Sorry, we don't ship to {the}{said}. {where}"


# "can I pay with bitcoin?", "do you take Apple Pay?": a yes or a no from the payment
# methods the policy's facts list (it said "I can't find the answer to that" of bitcoin).
# Words for a kind of payment the list does not name one by one get the sentences instead.
_PAY_WITH = re.compile(r"\bpay(?:ing)?\s+(?:with|by|using|via)\s+(?:an?\s+)?([a-z][a-z ]{1,25}?)"
                       r"\s*(?:[?!.,]|$)|\b(?:accept|take)\s+(?:an?\s+)?([a-z][a-z ]{1,25}?)"
                       r"\s*(?:[?!.,]|$)", re.I)
_KINDS_OF_PAYMENT = frozenset(("later", "installments", "instalments", "invoice", "invoices",
                               "it", "them", "that", "this", "card", "cards"))


# "can I pay in instalments?", "do you offer financing?": paid in parts, over time
INSTALMENTS = re.compile(r"\binstal+ments?\b|\bfinanc(?:e|ing)\b|\bpay(?:ing)? (?:it )?monthly\b|"
                         r"\bmonthly (?:payments?|rates?)\b|\bsplit (?:the |my )?(?:payment|cost|"
                         r"bill)\b|\bpay(?:ing)? in (?:parts|\d+|two|three|four)\b", re.I)


def in_parts(question: str, policy: str, later: Callable[[], str]) -> str | None:
    """"Our payment policy doesn't mention paying in instalments." and `later()` (its
    sentences on paying later, found only then) when `question` asks to pay in parts and
    `policy` never says so (it said "I can't find the answer to that" and the whole
    policy); None otherwise."""
    if not INSTALMENTS.search(question) or INSTALMENTS.search(policy):
        return None
    return " ".join(filter(None, ("Our payment policy doesn't mention paying in instalments "
                                  "or financing.", later())))


# "do you take dollars?", "can I pay in pounds?": another currency than the shop's (it said
# "Sorry, we don't accept dollars" beside the card brands, or the payment policy whole)
CURRENCY_ASKED = re.compile(r"\b(us ?dollars?|dollars?|usd|\$|pounds?(?! weight)|gbp|sterling|"
                            r"£|(?:swiss )?francs?|chf|kron(?:a|or|er|e)|sek|nok|dkk|yen|jpy|"
                            r"z[łl]oty|pln|yuan|rmb|rupees?)(?!\w)", re.I)


def currency_named(text: str) -> str | None:
    """The other currency `text` names, as said ("dollars", "USD"; "$" as "dollars")."""
    m = CURRENCY_ASKED.search(text)
    return {"$": "dollars", "£": "pounds"}.get(m[1], m[1]) if m else None


_WHICH_CURRENCY = re.compile(r"\bcurrenc(?:y|ies)\b|\bin (?:euros?|eur)\b", re.I)


def in_currency(question: str, policy: str) -> str | None:
    """"Sorry, our payment policy doesn't mention paying in dollars. All prices are in EUR
    and include VAT." when `question` names another currency and the policy has a sentence
    saying the one its prices are in; that sentence alone when `question` asks which
    currency, or names the shop's; None otherwise."""
    asked = currency_named(question)
    if not asked and not _WHICH_CURRENCY.search(question):
        return None
    said = next((s for s in sentences(policy) if re.search(r"\bprices?\b[^.]*\b(?:in|EUR|USD|"
                                                          r"GBP|CHF)\b", s)), None)
    if said is None:
        return None
    if not asked:  # "what currency?", "are the prices in euros?"
        return said
    return f"Sorry, our payment policy doesn't mention paying in {asked}. {said}"


def accepts(question: str, methods: Sequence[str] | None) -> str | None:
    """"Yes — we accept PayPal." or "Sorry, we don't accept bitcoin." with the list of
    methods, when `question` asks whether one way to pay is taken; None otherwise."""
    m = _PAY_WITH.search(question) if methods else None
    said = (m[1] or m[2]).strip().lower() if m else ""
    if not said or said in _KINDS_OF_PAYMENT or re.search(r"\bcards?$", said):  # "credit card"
        return None
    names = [str(n) for n in methods or ()]
    hit = next((n for n in names if said in n.lower() or n.lower() in said), None)
    if hit:
        others = [n for n in names if n != hit]
        return f"Yes — we accept {hit}" + (f", as well as {in_words(others)}." if others else ".")
    return f"Sorry, we don't accept {said}. We accept {in_words(names)}." \
        if len(said.split()) <= 2 else None
