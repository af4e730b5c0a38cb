"""What a product's listing does not say, said so: a yes/no question of a property no word
of the listing names ("is it rechargeable?"), how to do something with it ("how do I clean
it?"), a judgement of a use ("is it easy to set up?") or a verdict ("is it any good?").

Without these the whole card came back, as if it answered, and the small reply model
picked a sentence from it ("… and is rechargeable"). A property the product's name holds
is a yes ("does it have GPS?" of a GPS watch). Pure: (product, question) -> text or None;
the attributes themselves are core/attribute_answers'.
"""

from __future__ import annotations

import re
from typing import Any

from . import attribute_filters, uses
from .comparison import reading
from .grounding import DOES, SAID_AS
from .attribute_answers import LEAD as _LEAD
from .attribute_answers import SUBJECT
from .attribute_answers import IS_ASKED as _IS
from .attribute_answers import agree, answer, asked_keys, listing_words, of_name, plural
from .policy_answer import sentences
from .wording import in_words, none_of

# "does it have a hood?", "does it need AA batteries?" (the yes/no question of "is it …?" is
# attribute_answers.IS_ASKED, which its materials question reads too)
_HAS = re.compile(_LEAD + r"(?:does|do) " + SUBJECT + r" "
                  r"(have|come with|include|need|take|use|run on|work with|work on|fit|keep|stay|"
                  # "do they come in short leg length?" (the first one's card came back)
                  r"come in(?= (?:an? )?(?:short|long|regular|tall|petite|wide|narrow|slim|"
                  r"plus|extra)\b)|"
                  # "does it show notifications?", "does it track sleep?" (the whole card)
                  r"show|track|measure|record|support|sync with|connect to|play) "
                  r"((?:a |an |any |\d{1,2} |two |three |four )?[a-z][a-z -]{2,30}?)\W*$")
# "does it shrink?", "do they fade?": a verb alone (not a question about shipping or price)
_DOES = re.compile(_LEAD + r"(?:does|do) " + SUBJECT + r" "
                   r"(?!(?:ship|cost|work|help|matter|exist|come|sell|deliver)\b)([a-z]{3,}"
                   # "does it pack into its own pocket?": the verb and where
                   # "does it smell after a few days?" (the whole card came back)
                   r"(?: (?:into|in|inside|onto|on|under|over|through|down|up|away|after|"
                   r"during|when)"
                   r"(?: [a-z][a-z'-]*){1,4})?)\W*$")
# the verb as said of one product ("does it need AA batteries?" -> "whether it needs ...")
_THIRD_PERSON = {"have": "has", "come with": "comes with", "include": "includes",
                 "need": "needs", "take": "takes", "use": "uses", "run on": "runs on",
                 "work with": "works with", "work on": "works on", "fit": "fits", "keep": "keeps",
                 "stay": "stays", "come in": "comes in",
                 "show": "shows", "track": "tracks", "measure": "measures", "record": "records",
                 "support": "supports", "sync with": "syncs with", "connect to": "connects to",
                 "play": "plays"}
# words that judge rather than name a property: no listing "mentions" them
_JUDGING = frozenset("good nice ok okay fine worth better best popular new right any real "
                     "legit available".split())


def _yes_no(question: str) -> tuple[re.Match, str] | None:
    """(the match, the property as the customer spelled it: "BPA free", "AA batteries") of
    a yes/no question about one property; None for any other question or a judgement."""
    # "zip off": one word to SAME_FEATURE, as with its hyphen; "non stick" one word too (the
    # whole card came back)
    said = re.sub(r"(?i)\b(non) (?=[a-z]{3,}\W*$)", r"\1-",
                  re.sub(r"(?i)\bzip off\b", "zip-off", question.strip()))
    # "is it compatible with iPhone?": whether it works with one (its whole card came back)
    q = re.sub(r"\b(?:is|are) (it|they|them|this|that|these|those) (?:compatible|usable) with\b",
               lambda m: f"does {m[1]} work with", said.lower())
    # "does it come in a gift box?": what it comes with (the whole card came back); not "in
    # a bigger size", "in a 3-pack", "in red"
    q = re.sub(r"\b(does|do) (it|they) come in (an?) (?!(?:[\w-]+ )?(?:size|colou?r|pack)\b)"
               r"(?!(?:short|long|regular|tall|petite|wide|narrow|slim|plus|extra)\b)",
               r"\1 \2 come with \3 ", q)
    match = _IS.match(q) or _HAS.match(q) or _DOES.match(q)
    group = _group(match)
    if not match or set(match.group(group).split()) <= _JUDGING or match.re is _IS and re.search(
            r"\b(?:for|in|on|at|with|to|of|enough)\W*$", q[:match.start(group)]):
        # "is the first one good for winter?" asks for no property called "winter"
        return None
    # the customer's spelling, where lower() kept the length
    return match, (said[match.start(group):match.end(group)] if len(said) == len(q)
                   else match.group(group))


def _group(match: re.Match | None) -> int:
    """The group of a yes/no match that holds the property (_HAS: group 1 is the verb)."""
    return 2 if match is not None and match.re is _HAS else 1


# a listing's word for what customers call otherwise: zip-off trousers are "convertible"
SAME_FEATURE = {"zip-off": ("convertible",), "zip off": ("convertible",),
                "convertible": ("zip-off", "zip off")}


def holds(product: dict[str, Any], words: list[str]) -> bool:
    """Does the product's listing hold every word (or its stem: "recharge" for
    "rechargeable"; or its SAME_FEATURE word)?"""
    listing = listing_words(product).lower()

    def said(w: str) -> bool:
        # "carry-on" whole, with its hyphen or a space ("carr", its stem, is in "carries")
        return (w in listing or w.replace("-", " ") in listing) if "-" in w else \
            w.rstrip("s")[:max(4, len(w) - 4)] in listing
    return all(said(w) or any(said(o) for o in SAME_FEATURE.get(w, ())) for w in words)


# "how long does it take to pitch?", "how do I clean it?": how to do something with it
_HOW_I = re.compile(r"how (\w+ )?(?:do|can|should|would|could) (?:i|you|we|one) (.+?)[?.!]*$")
# ("how long does a canister last?" of a stove: its whole card came back)
_HOW_IT = re.compile(r"how (\w+ )?(?:does|do) (it|they|(?:an?|one|its|their) [a-z-]{3,}) (\w+)(.*?)"
                     r"[?.!]*$")
# "how long to pitch?", "how easy to clean?": the same, said short (not "how much to ship?")
_HOW_TO = re.compile(r"how (\w+ )?to (?!(?:ship|deliver|order|return|pay|buy|get|send|cancel|"
                     r"exchange|claim|contact|reach|arrive)\b)(.+?)[?.!]*$")
# "can you hem them?": a service for it, which a listing would have to offer (the shop's
# services — gift wrapping, renting — are core/services.py's, answered from the policies)
_CAN_YOU = re.compile(r"(?:can|could|would|will|do) you (\w+(?: \w+){0,2}?) (it|them)(.*?)[?.!]*$")
# "how many poles does it have?", "what pegs does it come with?"
_HOW_MANY = re.compile(r"(how many|what|which) ([a-z][a-z' -]{1,25}?) (?:does|do) (it|they|them) "
                       r"(\w+)(.*?)[?.!]*$")
# "how many pegs?" right after a tent, or of a list: how many it comes with
_HOW_MANY_BARE = re.compile(r"\W*(?:(?:and|so|ok)\W+)?how many ([a-z-]{2,}(?: [a-z-]{2,})?)\W*",
                            re.I)


def how_many_asked(question: str) -> str | None:
    """"pegs" of "how many pegs?", "and how many poles?" (a count and no more); None for
    any other question ("how many people does it sleep?")."""
    m = _HOW_MANY_BARE.fullmatch(question.strip())
    return m[1].lower() if m else None

# "can I put it in the dishwasher?", "can I machine wash them?": what may be done with it
_CAN_I = re.compile(r"(?:can|could|may|should) (?:i|we|one) ((?:machine |hand |tumble )?(?:put|"
                    r"use|wash|microwave|freeze|fill|boil|clean|dry|iron|bleach|store|fold|pack|"
                    r"compress|carry|attach|mount|charge|recharge|stuff|take|bring)) (it|them)"
                    r"(.*?)[?.!]*$")
# "can I use normal batteries?", "can I fit a 2L bladder in it?": a thing used with it
# ("can I change the strap?": a part of it, no more said; the whole card came back)
_CAN_I_USE = re.compile(r"(?:can|could|may) (?:i|we|you) (use|fit|attach|mount|change|replace|swap|"
                        r"remove|detach|adjust) (?!it\b|them\b)"
                        r"((?:a |an |any |my |normal |regular |standard |ordinary )?[a-z][a-z0-9 -]"
                        r"{2,30}?)(?: (?:in|with|on|into|to) (?:it|them))?[?.!]*$")
# verbs that say nothing the listing must name ("put it in the dishwasher": the dishwasher)
# ("can I take it on a plane?": the plane; the card came back, as if it answered)
_ANY_VERB = frozenset("put store carry fill use take bring".split())
_NOT_ASKED = frozenset("it them they this that the a an to on in of for with and or my after "
                       "before when its their any".split())


def how_unsaid(product: dict[str, Any], question: str) -> str | None:
    """"Sorry, our listing for the X does not say how long it takes to pitch." when a
    how-question asks about doing something with the product that no word of its listing
    names; None otherwise. The whole card came back, as if it answered."""
    asked = _how_asked(product, question)
    if asked is None or holds(product, asked[1]):
        return None
    return f"Sorry, our listing for the {product['name']} does not say {asked[0]}."


def how_said(product: dict[str, Any], question: str) -> str | None:
    """"Our listing for the X says: "Keeps drinks cold all day …"" when a how-question's
    words are in one sentence of its description ("how long does it keep cold?": the whole
    card came back, the answer somewhere in it); None otherwise."""
    asked = _how_asked(product, question)
    said = next((line for line in sentences(str(product.get("description") or ""))
                 if holds({"description": line}, asked[1])), None) if asked else None
    return f"Our listing for the {product['name']} says: \u201c{said}\u201d" if said else None


def _how_asked(product: dict[str, Any], question: str) -> tuple[str, list[str]] | None:
    """(what is asked, in words for "does not say …"; the words a listing must hold) of a
    how-question about doing something with the product; None for any other question."""
    it = "them" if plural(product["name"]) else "it"  # "how do I wash the first one?"
    q = re.sub(r"\s+", " ", re.sub(r"\b(?:the|that|this) (?:\w+ )?ones?\b", it,
                                  question.lower())).strip()
    # "… to pitch the Stormhold Plus?", "… the tent?", "… the?" (its name taken out): "it"
    own = set(re.findall(r"[\w-]+", f"{product['name']} {product.get('category') or ''}".lower()))
    own |= {w[:-1] for w in own if w.endswith("s")}
    q = re.sub(r"\b(?:the|a|an)((?: [\w-]+){0,4})(?= ?[?.!]*$)", lambda m: it if set(
        m[1].split()) <= own else m[0], q)
    if m := _HOW_I.fullmatch(q):
        what, asked = f"how {m[1] or ''}to {m[2]}", m[2]
    elif m := _HOW_TO.fullmatch(q):
        verb = {"long ": "it takes "}.get(m[1] or "", "it is " if m[1] else "")
        what, asked = f"how {m[1] or ''}{verb}to {m[2]}", m[2]
    elif m := _HOW_IT.fullmatch(q):
        verb = m[3] if m[2] == "they" or m[2].endswith("s") else _third_person(m[3])
        part = "" if m[2] in ("it", "they") else f"{m[2].split()[-1]} "  # "canister last"
        what, asked = f"how {m[1] or ''}{m[2]} {verb}{m[4]}", part + m[3] + m[4]
    elif (m := _CAN_YOU.fullmatch(q)) and not re.match(
            r"(?:send|ship|deliver|post|hold|reserve|keep|put|set|get|order|sell|tell|show|"
            r"recommend|compare|find|check)\b", m[1]):
        # not a delivery, a hold, an order, a question for the bot: those are policies
        what, asked = f"whether we can {m[1]} {m[2]}{m[3]}", m[1] + m[3]
    elif m := _CAN_I.fullmatch(q):
        what = f"whether you can {m[1]} {m[2]}{m[3]}"
        asked = m[3] if m[1] in _ANY_VERB and m[3].strip() else f"{m[1]}{m[3]}"
    elif m := _CAN_I_USE.fullmatch(q):
        to = {"fit": "in", "attach": "to", "mount": "on", "use": "with"}.get(m[1])
        what = f"whether you can {m[1]} {m[2]}" + (
            f" {to} {'them' if plural(product['name']) else 'it'}" if to else "")
        asked = re.sub(r"^(?:a|an|any|my|normal|regular|standard|ordinary) ", "", m[2])
    elif (m := _HOW_MANY.fullmatch(q)) and not asked_keys(q, [product]):
        # the thing counted is what the listing must name ("people" are its "persons")
        they = m[3] != "it"  # "them": the plural name of "the first one", put for it
        verb = m[4] if they else "has" if m[4] == "have" else _third_person(m[4])
        what, asked = f"{m[1]} {m[2]} {'they' if they else 'it'} {verb}{m[5]}", m[2]
    elif (asked := how_many_asked(q)) and not asked_keys(q, [product]):
        what = f"how many {asked} {'they come' if it == 'them' else 'it comes'} with"
    else:
        return None
    words = [w for w in re.findall(r"[a-z]+", asked) if w not in _NOT_ASKED]
    return (what.strip(), words) if words and len(what) <= 80 else None


def none_say(products: list[dict[str, Any]], question: str) -> str | None:
    """"How many pegs?", "what's the inseam?" of a list none of whose listings says: that
    none does (the first one's answer alone came back); None otherwise."""
    q = question.lower().strip()
    if len(products) < 2:
        return None
    if counted := how_many_asked(q):
        said, unsaid = f"says how many {counted} it comes with", how_unsaid
    elif m := _WHAT_THE.fullmatch(q):
        said, unsaid = f"gives its {m[1]}", what_unsaid
    else:
        return None
    if any(unsaid(p, question) is None or answer(p, question) for p in products):
        return None  # "what's the heel drop?": a figure some of them list (drop_mm)
    return f"{none_of(len(products), 'listings')} {said}."


# "is it easy to set up?", "is it good for beginners?": a judgement of a use
_JUDGED = re.compile(_LEAD + r"(?:is|are) " + SUBJECT + r" "
                     r"(?:really |actually |also )?(?:(easy|hard|difficult|simple|quick) to|"
                     # "are they good on wet rocks?", "ok in snow?" (the whole card came back)
                     # "is it comfortable for long runs?" (the card came back)
                     r"((?:good|ok|okay|suitable|fine|great|ideal|right|made|comfortable|comfy|"
                     r"warm enough|big enough|light enough) for|(?:good|ok|"
                     r"okay|fine|great|safe) (?:on|in))) "
                     # "good for a 3 day hike?" (its card came back)
                     r"([a-z0-9][a-z0-9 -]{1,30}?)\W*$")


# "how accurate is the gps?", "how durable are they?": a quality judged, which a listing
# rarely rates (the whole card came back)
_HOW_GOOD = re.compile(_LEAD + r"(?:and |so |but )?how (accurate|precise|reliable|durable|sturdy|"
                       r"robust|tough|comfortable|comfy|breathable|stable|strong|quiet|loud|"
                       r"noisy|scratch[- ]resistant) (is|are) (it|they|this|that|these|those|"
                       r"(?:the|its|their) [a-z][a-z -]{1,30}?)\W*$")


# "is it any good?", "is it worth it?": a verdict, which no listing gives
_VERDICT = re.compile(_LEAD + r"(?:is|are) " + SUBJECT + r" "
                      r"(?:really |actually |even )?(?:any good|good|worth (?:it|the money|"
                      r"buying|the price)|nice|decent|a good (?:choice|buy|one)|recommended)\W*$")


def verdict_asked(question: str) -> bool:
    return bool(_VERDICT.match(question.lower().strip()))


def judged_unsaid(product: dict[str, Any], question: str) -> str | None:
    """"Sorry, our listing for the X does not say how easy it is to set up." when a
    question judges a use that no word of the listing names; None otherwise (a listing
    that says "hiking" is shown for "is it good for hiking?"). The whole card came back,
    as if it answered."""
    if verdict_asked(question):  # "is it any good?": the card came back, as if it said so
        return of_name(f"Sorry, our listing for the {product['name']} gives no verdict on it, "
                       f"and I can't judge it for you.", product["name"])
    if (how := _HOW_GOOD.match(question.lower().strip())) and not _rooted(
            listing_words(product), [how[1]]):
        # "how accurate is the GPS?": of the part asked, as the customer spelled it
        part = question.strip()[how.start(3):how.end(3)] if len(question.strip()) == len(
            question.lower().strip()) else how[3]
        what = f"{part} {how[2]}" if how[3].startswith(("the ", "its ", "their ")) else (
            "they are" if plural(product["name"]) else "it is")
        return f"Sorry, our listing for the {product['name']} does not say how {how[1]} {what}."
    m = _JUDGED.match(question.lower().strip())
    words = [w for w in re.findall(r"[a-z]+", m[3]) if w not in _NOT_ASKED
             and w not in ("up", "down", "out", "off")] if m else []
    if not words or _rooted(listing_words(product), words):
        return None
    name = product["name"]
    it = "they are" if plural(name) else "it is"
    what = f"how {m[1]} {it} to {m[3]}" if m[1] else f"whether {it} {m[2]} {m[3]}"
    return f"Sorry, our listing for the {name} does not say {what}."


# "which is better for windy conditions?", "which one is best for snow?": of those shown
_BETTER_FOR = re.compile(r"\bwhich(?: ones?| of (?:them|these|those|the two))? (?:is|would be|'s|"
                         r"are) (?:the )?(?:better|best|more suitable|most suitable|good|ideal|"
                         r"suitable|right|great) (?:for|in|on) "
                         r"(?:the |a |an |my )?([a-z0-9][a-z0-9' -]{1,40}?)\W*$")
# words around the use that no listing would need to say ("windy conditions": "windy")
_AROUND = frozenset("conditions weather use trips trip days day nights night terrain "
                    "purposes people".split())


# "are they good for trail?" of a list: the same, asked of each
_GOOD_FOR = re.compile(r"^\W*(?:(?:and|so|ok(?:ay)?|but)\W+)*are (?:they|these|those|any of them|"
                       r"all of them|any of these) (?:really |all )?(?:good|ok|okay|suitable|fine|"
                       r"any good|made) for (?:the |a |an |my )?([a-z][a-z' -]{1,40}?)\W*$")


# "which one is easier to set up?": a judgement of ease between those shown
_EASIER = re.compile(r"\bwhich(?: one| of (?:them|these|those|the two))? (?:is|would be|'s|are) "
                     r"(easier|harder|simpler|quicker|faster|more difficult) to "
                     r"([a-z][a-z -]{1,30}?)\W*$")
_EASY = {"easier": "easy", "harder": "hard", "simpler": "simple", "quicker": "quick",
         "faster": "fast", "more difficult": "difficult"}


def better_asked(question: str) -> bool:
    q = question.lower()
    return bool(_BETTER_FOR.search(q) or _GOOD_FOR.match(q) or _EASIER.search(q))


def _easier(products: list[dict[str, Any]], m: re.Match) -> str | None:
    """"Neither the listing of the X nor that of the Y says how easy it is to set up, …"
    when no listing shown names what is to be done; None when one does."""
    words = [w for w in re.findall(r"[a-z]+", m[2]) if w not in _NOT_ASKED
             and w not in ("up", "down", "out", "off")]
    if not words or any(_rooted(listing_words(p), words) for p in products):
        return None
    n, names = len(products), [p["name"] for p in products]
    who = (f"Neither the listing of the {names[0]} nor that of the {names[1]} says" if n == 2
           else f"{none_of(n, 'listings')} says")
    return f"{who} how {_EASY[m[1]]} it is to {m[2]}, so I can't say which is {m[1]}."


def better_for(products: list[dict[str, Any]], question: str) -> str | None:
    """"Which is better for windy conditions?" (or "are they good for trail?") of the
    products shown: no listing ranks them for it, so which listings say anything about it,
    with the sentence that does ("Of these 2, only the listing of the Starfall UL Tent says
    anything about windy conditions; …"); None for any other question. The comparison
    table came back again."""
    if len(products) > 1 and (easier := _EASIER.search(question.lower())):
        return _easier(products, easier)
    m = _BETTER_FOR.search(question.lower())
    good = None if m else _GOOD_FOR.match(question.lower())
    m = m or good
    if not m or len(products) < 2:
        return None
    asked = m[1].strip()
    if (heads := _sleeps(products, asked)) is not None:
        return heads
    words = [w for w in re.findall(r"[a-z]+", asked) if w not in _NOT_ASKED and w not in _AROUND]
    if not words:
        return None
    use = {u for _, u in uses.asked(asked)}
    roots = [_root(w) for w in words]
    said = [p for p, listing in ((p, listing_words(p)) for p in products)
            if _rooted(listing, words)
            or use and use <= uses.uses_in(listing)]
    n = len(products)
    pair = n == 2 and [p["name"] for p in products]
    if not said:
        return ((f"Neither the listing of the {pair[0]} nor that of the {pair[1]} says "
                 if pair else f"{none_of(n, 'listings')} says ") +
                f"anything about {asked}, so I can't say " +
                ("whether they are good for it." if good else "which is better for it.") +
                _weights(products, asked))
    if len(said) == n:
        # "a 3 day hike": they mention hiking, not days (it said they all mention "3 day hike")
        # "long hikes": they mention hiking, not long ones (it said both mention long hikes)
        topic = asked if words == re.findall(r"[a-z0-9]+", asked) and all(
            _rooted(listing_words(p), words) for p in said) else (
            sorted(use)[0] if use else " ".join(words))
        return ((f"The listings of the {pair[0]} and the {pair[1]} both mention {topic}"
                 if pair else f"All {n} listings mention {topic}") +
                ("." if good else f", and {'neither' if pair else 'none'} says which is better "
                                  f"{_for_it(question, m) if topic != asked else 'for it'}."))
    names = in_words([f"the {p['name']}" for p in said])
    rest = n - len(said)
    quotes = " ".join(f'The {p["name"]}: "{line}"' for p in said
                      if (line := _saying(p, roots)))
    return (f"Of these {n}, only the listing{'s' if len(said) > 1 else ''} of {names} "
            f"say{'' if len(said) > 1 else 's'} anything about {asked}; the other "
            f"{'one does' if rest == 1 else f'{rest} do'} not." + f" {quotes}" * bool(quotes))


# a use where what is carried far is weighed ("which is better for backpacking?" of two
# tents 650 g apart: neither listing names backpacking, and that was all it said)
_CARRIED = re.compile(r"\b(?:backpack|bikepack|fastpack|thru[- ]?hik|trek|multi[- ]?day|carry|"
                      r"ultralight)")


def _weights(products: list[dict[str, Any]], asked: str) -> str:
    """" What they do list: the A weighs 1660 g, the B 2310 g." (of more, the lightest)
    when `asked` is a use where weight counts and every listing gives one; else ""."""
    grams = [(p["name"], (p.get("attributes") or {}).get("weight_g")) for p in products]
    if not _CARRIED.search(asked) or not all(str(g or "").isdigit() for _, g in grams) or all(
            int(g) < 200 for _, g in grams):  # socks at 65 g: nothing to carry
        return ""
    if len(grams) == 2:
        return f" What they do list: the {grams[0][0]} weighs {grams[0][1]} g, the " \
               f"{grams[1][0]} {grams[1][1]} g."
    name, g = min(grams, key=lambda ng: int(ng[1]))
    return f" What they do list: the lightest is the {name}, at {g} g."


def _sleeps(products: list[dict[str, Any]], asked: str) -> str | None:
    """"which one is better for two people?" of tents that each list how many they sleep:
    which of them have room for that many (it said neither listing says anything about two
    people, of two 1-person tents); None when no head count is asked or a listing gives none."""
    want = attribute_filters.extract(f"for {asked}", {"persons": ["1"]}).get("persons")
    sleeps = [attribute_filters.number((p.get("attributes") or {}).get("persons") or "")
              for p in products]
    if not want or float("inf") in sleeps:
        return None
    heads = attribute_filters.number(want.lstrip(">="))
    fit = [(p["name"], n) for p, n in zip(products, sleeps) if n >= heads]  # 3 fit in a 4
    many = reading("persons", f"{heads:g}")[1] + (" or more" if any(
        n > heads for _, n in fit) else "")
    each = "; ".join(f"the {p['name']} sleeps {reading('persons', f'{n:g}')[1]}"
                     for p, n in zip(products, sleeps))
    n = len(products)
    if not fit:
        return f"{'Neither' if n == 2 else f'None of these {n}'} is made for {many}: {each}."
    if len(fit) == n:
        return f"{'Both' if n == 2 else f'All {n}'} sleep {many}: {each}."
    names = in_words([f"the {name}" for name, _ in fit])
    return f"Of these {n}, only {names} {'sleeps' if len(fit) == 1 else 'sleep'} {many}: {each}."


def _for_it(question: str, m: re.Match) -> str:
    """"for a 3 day hike" of "which is best for a 3 day hike?" (`m`: its _BETTER_FOR)."""
    q = question.lower()
    return re.search(r"(?:for|in|on) (?:the |a |an |my )?$", q[:m.start(1)])[0] + m[1].strip()


def _rooted(text: str, words: list[str]) -> bool:
    """Does `text` hold a word starting with each word's root ("marathon" of "marathons";
    "trails" is not "training", as a stem of four letters made it)?"""
    return all(re.search(rf"\b{_root(w)}", text.lower()) for w in words)


def _root(word: str) -> str:
    """"windy" -> "wind", "camping" -> "camp", "trail" stays (not "trai": "trainer")."""
    root = re.sub(r"(?:ing|ed|y|s)$", "", word)
    return re.escape(root if len(root) >= 3 else word)


def _saying(product: dict[str, Any], roots: list[str]) -> str:
    """The description's first sentence with a word that starts with one of `roots`."""
    return next((s for s in sentences(product.get("description") or "")
                 if any(re.search(rf"\b{r}", s.lower()) for r in roots)), "")


def _third_person(verb: str) -> str:
    """"shrink" -> "shrinks", "fade" -> "fades", "wash" -> "washes", "dry" -> "dries"."""
    if re.search(r"(?:s|sh|ch|x|z|o)$", verb):
        return verb + "es"
    return verb[:-1] + "ies" if re.search(r"[^aeiou]y$", verb) else verb + "s"


def property_asked(question: str) -> str | None:
    """The property a yes/no question asks about ("adjustable" of "are they adjustable?",
    "a hood" of "does it have a hood?"); None for any other question ("is it good?")."""
    asked = _yes_no(question)
    return asked[1] if asked else None


# "which ones are waterproof?", "which of them have a heart rate monitor?"
_WHICH = re.compile(r"^\s*which(?: one| ones| of them| of these| of those)?\s+(is|are|has|have|"
                    r"comes? with|includes?|keeps?|stays?|needs?|takes?|uses?)\s+"
                    r"([a-z][a-z -]{1,40}?)\W*$")


def which_asked(question: str) -> str | None:
    """"Which ones are waterproof?" asked as the yes/no question of one product that each
    shown product is checked with ("is it waterproof?"); None for any other question."""
    m = _WHICH.match(question.lower())
    if not m:
        return None
    verb = {"is": "is it", "are": "is it", "has": "does it have", "have": "does it have"}.get(
        m[1], "does it " + re.sub(r"^(\w+?)s\b", r"\1", m[1]))  # "comes with": "come with"
    return f"{verb} {m[2]}?"


# "are they all waterproof?", "do these have a hood?": the same yes/no question of each
_OF_EACH = re.compile(r"^\W*(?:(?:and|so|ok(?:ay)?|but)\W+)*(are|do) (?:they|these|those|all "
                      r"of them|both of them)(?: all| both)? (?:(have) )?([a-z][a-z -]{1,30}?)"
                      r"\s*\?\W*$")


def each_asked(question: str) -> str | None:
    """"is it waterproof?" of "are they all waterproof?", "does it have a hood?" of "do
    they have a hood?"; None for any other question."""
    m = _OF_EACH.match(question.lower())
    if not m or (m[1] == "do") != bool(m[2]):
        return None
    return f"{'does it have' if m[2] else 'is it'} {m[3]}?"


def all_or_none(asked: str, answers: list[str]) -> str:
    """"Neither is waterproof." (or "None of these 5 …", "Both have a hood.", "All 5 …")
    before the list when each of `answers` to `asked` ("is it waterproof?", which_asked's
    question) says the same, yes or no ("which one is waterproof?" of two that are not
    listed "no" and "no" alone); "" otherwise (a yes and a no, or a listing that does not
    say: the list shows which)."""
    said = {a.split(" ", 1)[0].strip("—,.").lower() for a in answers}
    m = re.fullmatch(r"(is it|does it have) (.+)\?", asked)
    if not m or len(answers) < 2 or said not in ({"yes"}, {"no"}):
        return ""
    n, has = len(answers), m[1] == "does it have"
    if said == {"no"}:
        who = "Neither" if n == 2 else f"None of these {n}"
        return f"{who} {'has' if has else 'is'} {m[2]}."
    who = "Both" if n == 2 else f"All {n}"
    return f"{who} {'have' if has else 'are'} {m[2]}."


def carried(question: str, rest: str) -> str | None:
    """The yes/no `question` asked again of another property: "does it have a hood?" and
    "pockets" -> "does it have pockets?" ("what about pockets?" got the product's whole
    card, whichever the listing said); None when `question` is no such question or `rest`
    is more than a short phrase of words."""
    asked = _yes_no(question)
    rest = rest.lower().strip(" ?!.,")
    if not asked or not re.fullmatch(r"[a-z][a-z -]{1,30}", rest) or len(rest.split()) > 3:
        return None
    match, _ = asked
    return f"{question.lower().strip()[:match.start(_group(match))]}{rest}?"


# a name's word that says the product has something ("Cinder Hoody Down Jacket": a hood)
_NAME_SAYS = {"hood": ("hoody", "hoodie", "hooded")}


def named_yes(product: dict[str, Any], question: str) -> str | None:
    """"Yes — the Trace Sport GPS Watch has GPS, as its name says." when a yes/no question
    asks whether it is or has what its name says ("does it have gps?" got the whole card,
    which never said yes); None otherwise. A listing's text may say "no hood"; a name that
    holds the word does not."""
    asked = _yes_no(question)
    name = product["name"]
    if asked is not None and (feature := next((f for f, said in SAID_AS.items() if said.search(
            question) and f in name.lower()), None)):
        # "does it keep drinks cold?" of an Insulated Bottle: what insulation is for (it said
        # the listing does not mention it)
        return agree(f"Yes — the {name} is {feature}, as its name says: {DOES[feature]}. "
                     f"Its listing does not say for how many hours.", name)
    if asked is None or asked[0].re not in (_IS, _HAS) or (
            asked[0].re is _HAS and asked[0].group(1) != "have"):
        return None
    words = [w for w in re.findall(r"[a-z0-9]+", asked[1].lower()) if w not in ("a", "an", "any")]
    if asked[0].re is _IS and (same := next((o for o in SAME_FEATURE.get(
            asked[1].lower(), ()) if o in name.lower()), None)):  # "is it zip-off?"
        return agree(f"Yes — the {name} is {same} ({asked[1].lower()}), as its name says.", name)
    named = set(re.findall(r"[a-z0-9]+", name.lower()))
    if len(words) == 1 and named & set(_NAME_SAYS.get(words[0], ())):
        said = asked[1].lower()  # "a hood" of a Hoody
    elif not words or not set(words) <= named:
        return None
    else:
        said = next(m[0] for m in [re.search(r"\b" + r"\W+".join(words) + r"\b", name, re.I)]
                    if m)
        said = said if said.isupper() else said.lower()  # "GPS" stays; "Insulated" is a word
    verb = "is" if asked[0].re is _IS else "has"
    return agree(f"Yes — the {name} {verb} {said}, as its name says.", name)


def unjudged(phrase: str) -> str:
    """The property without the customer's judgement before it, as a listing is checked for
    it: "good cushioning" -> "cushioning" (it said five listings mention "good cushioning"
    of "a cushioned road shoe")."""
    words = phrase.split()
    while len(words) > 1 and words[0].lower() in _JUDGING:
        words.pop(0)
    return " ".join(words)


# "what's the fill power?", "what is its limit rating?": a figure the listing may not give
_WHAT_THE = re.compile(r"\W*(?:(?:and|so|ok(?:ay)?|but)\W+)*(?:what(?:'s|’s| is| are)|whats) "
                       r"(?:the|its|their) ([a-z][a-z -]{2,30}?)(?: (?:of|on|for) (?:it|them|"
                       r"this|that)(?: one)?)?\W*")
# what the card itself shows, or no figure at all ("the screen size" is no size it comes in)
_ON_THE_CARD = frozenset("price prices cost colour colours color colors stock name brand "
                         "availability difference best deal point catch".split())
_SIZES = frozenset(("size", "sizes", "available", "shoe", "clothing"))


# "what's included?", "what's in the box?", "what does it come with?"
# ("what's included with the Kettle Titanium Stove?": its card, no word of it)
_INCLUDED = re.compile(r"\W*(?:(?:and|so|ok(?:ay)?)\W+)*(?:(?:what(?:'s|’s| is| are| comes?)|"
                       r"whats) (?:included|in the (?:box|set|kit|pack|package))(?:\s+(?:with|"
                       r"in|for)\s+(?:it|them|this|that|the\b[\w' .-]{0,60}?))?|what (?:does|do) "
                       r"(?:it|they|the\b[\w' .-]{0,60}?)\s+come with|what comes with\s+(?:it|"
                       r"them|the\b[\w' .-]{0,60}?))\W*", re.I)


def asks_what_the(question: str) -> bool:
    """"what's the fill power?", "what's included?": of the product talked about. Pure."""
    m = _WHAT_THE.fullmatch(question.lower().strip())
    return bool(m) and _a_figure(re.findall(r"[a-z]+", m[1])) or asks_included(question)


def asks_included(question: str) -> bool:
    """"What's included?", "what does it come with?". Pure."""
    return bool(_INCLUDED.fullmatch(question.strip()))


def _a_figure(words: list[str]) -> bool:
    """Words of "what's the …?" that name a figure the card does not show by itself."""
    return bool(words) and not set(words) & _ON_THE_CARD and not set(words) <= _SIZES


# "where are they made?", "where does it come from?": the place of making, which a listing
# says as "made in …" ("Made with merino wool" is no place)
_WHERE_MADE = re.compile(r"\W*(?:(?:and|so|ok(?:ay)?)\W+)*(?:where (?:is|are) (?:it|they|these|"
                         r"those|the \w+(?: one)?) (?:made|manufactured|produced|from)|where "
                         r"(?:does|do) (?:it|they) come from|(?:what|which) country (?:is|are) "
                         r"(?:it|they) (?:made in|from))\W*", re.I)


_MADE_IN = re.compile(r"\b(?:made|manufactured|produced|designed) in\b[^.;]*|\borigin\b[^.;]*",
                      re.I)


def where_unsaid(product: dict[str, Any], question: str) -> str | None:
    """"Sorry, our listing for the X does not say where it is made." when asked and its
    listing names no place of making; None otherwise (the whole card came back)."""
    if not _WHERE_MADE.fullmatch(question.strip()) or _MADE_IN.search(listing_words(product)):
        return None
    return of_name(f"Sorry, our listing for the {product['name']} does not say where it is "
                   f"made.", product["name"])


# "why is it so expensive?", "why are they so cheap?": a reason no listing gives
# ("why is the Kammweg Pro so expensive?", "how come it's so cheap?": the card alone)
_SUBJECT = r"(?:it|they|this|that|these|those|the [\w' -]{1,40}?)"
_WHY_SO = re.compile(r"\W*(?:(?:and|but|so|ok)\W+)*(?:why (?:is|are) " + _SUBJECT + r"|how come "
                     + _SUBJECT + r"(?:'s|'re| is| are)) (?:so|that) (expensive|pricey|dear|cheap|"
                     r"heavy|light|big|small|bulky)\W*", re.I)


def why_unsaid(product: dict[str, Any], question: str) -> str | None:
    """"Sorry, our listing for the X does not say why it is so expensive." (the whole card
    came back, as if it answered); None for any other question."""
    if not (m := _WHY_SO.fullmatch(question.strip())):
        return None
    return of_name(f"Sorry, our listing for the {product['name']} does not say why it is so "
                   f"{m[1].lower()}.", product["name"])


def where_of_all(products: list[dict[str, Any]], question: str) -> str | None:
    """"Where are they made?" of a list: that none of the listings says, else what those
    that do say (the first one's answer alone came back); None for any other question."""
    if len(products) < 2 or not _WHERE_MADE.fullmatch(question.strip()):
        return None
    said = [(p, m[0].strip()) for p in products if (m := _MADE_IN.search(listing_words(p)))]
    if not said:
        return f"{none_of(len(products), 'listings')} says where it is made."
    rest = len(products) - len(said)
    return "\n".join([f"{p['name']}: {place}" for p, place in said] + (
        ["The other listing does not say." if rest == 1 else
         f"The other {rest} listings do not say."] if rest else []))


def what_unsaid(product: dict[str, Any], question: str) -> str | None:
    """"Sorry, our listing for the X does not give its fill power." when "what's the …?"
    asks for something no word of the listing names; None otherwise (the whole card came
    back, as if it answered)."""
    if asks_included(question):
        if re.search(r"\b(?:includ\w*|comes? with|set of|\d+[ -]piece)", listing_words(product),
                     re.I):
            return None  # the card says it
        return of_name(f"Sorry, our listing for the {product['name']} does not say what comes "
                       f"with it.", product["name"])
    m = _WHAT_THE.fullmatch(question.lower().strip())
    words = re.findall(r"[a-z]+", m[1]) if m else []
    if not _a_figure(words) or holds(product, words):
        return None
    return of_name(f"Sorry, our listing for the {product['name']} does not give its {m[1]}.",
                   product["name"])


def said_of(product: dict[str, Any], question: str) -> str | None:
    """"Our listing for the X says: "Records heart rate, sleep and training load …"" when
    a yes/no question asks about a property one sentence of its description names (the
    whole card came back, the answer somewhere in it); None otherwise. A quote, not a yes:
    the sentence may say "no hood". "Is it good for marathons?": the sentence naming them,
    each word from its root ("trails" is no "training")."""
    asked = _yes_no(question)
    words = _asked_words(asked[1]) if asked else _judged_use(question)

    def says(line: str) -> bool:
        return holds({"description": line}, words) if asked else _rooted(line, words)
    said = next((line for line in sentences(str(product.get("description") or ""))
                 if words and says(line)), None)
    return f"Our listing for the {product['name']} says: \u201c{said}\u201d" if said else None


def _judged_use(question: str) -> list[str]:
    """"marathons" of "is it good for marathons?" (a use judged; its card came back, the
    listing's "… and your next marathon" somewhere in it); [] for any other question."""
    m = _JUDGED.match(question.lower().strip())
    return [w for w in re.findall(r"[a-z]+", m[3]) if w not in _NOT_ASKED] if m and m[2] else []


def _asked_words(phrase: str) -> list[str]:
    """The words a listing must hold for it to speak of `phrase` ("keep me dry": "dry")."""
    return [w for w in re.findall(r"[a-z]+(?:-[a-z]+)*", phrase.lower())
            if w not in ("a", "an", "any", "me", "you", "us", "him", "her", "them", "its",
                         "their", "own", "into", "in", "inside", "onto", "on", "the")
            and w not in _JUDGING]  # "good grip": "grip"


def unmentioned(product: dict[str, Any], question: str) -> str | None:
    """"Our listing ... does not mention whether it is rechargeable." when a yes/no question
    asks about a property no word of the product's listing names (then the small model
    was handed the whole card and answered "... and is rechargeable"); None otherwise."""
    asked = _yes_no(question)
    if asked is None:
        return None
    match, phrase = asked
    words = _asked_words(phrase)
    # "rechargeable" is mentioned by "recharge", "hoods" by "hood", "insulated" by "insulation";
    # "a red light mode" only when the listing has every word
    if not words or holds(product, words):
        return None
    what = (f"whether it is {phrase}" if match.re is _IS
            else (f"whether they {phrase}" if plural(product["name"])  # of_name's table
                  else "whether it " + " ".join([_third_person(phrase.split()[0]),
                                                 *phrase.split()[1:]])) if match.re is _DOES
            else f"whether it {_THIRD_PERSON[match.group(1)]} {phrase}")
    return (f"Sorry, our listing for the {product['name']} does not mention "
            f"{of_name(what, product['name'])}.")
