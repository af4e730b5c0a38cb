"""Services a customer may ask a shop for that no product listing sells: gift wrapping,
renting gear out, second-hand gear, trade-ins, a shop to visit, engraving, spare parts.

"do you rent tents?" listed tents, as if for rent; "do you gift wrap?" got "say it another
way". What the shop offers is in its policies (data/policies.yaml): a policy that mentions
the service answers; when none does, the reply says the shop's data does not say, and
offers a person. Pure: text in, (words for the reply, pattern) out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# each with the words a reply names it by; the pattern also finds it in a policy's text
SERVICES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"\bgift[- ]?wrap\w*|\bwrap (?:it|them|this|that|the \w+) (?:up )?(?:as|for) "
                r"a (?:gift|present)\b", re.I), "gift wrapping"),
    # not "are you hiring?" (a job, not a tent) nor "rent" in "current"
    (re.compile(r"\b(?:rent(?:al|als|ing|s|ed)?|leas(?:e|ing))\b|\bhire\b(?! (?:staff|people|"
                r"someone|me)\b)", re.I), "renting out gear"),
    (re.compile(r"\bsecond[- ]?hand\b|\bpre-?owned\b|\brefurbished\b|\bex-?demo\b|\bused "
                r"(?:gear|equipment|items|products|stuff|ones)\b", re.I), "second-hand gear"),
    (re.compile(r"\btrade[- ]?ins?\b|\bbuy[- ]?backs?\b|\bbuy (?:\w+ ){0,3}back\b", re.I),
     "trade-ins or buying gear back"),
    # "do you have a physical store?" got the contact policy whole, after "I can't find
    # the answer to that"
    (re.compile(r"\b(?:physical|bricks?[- ](?:and|&)[- ]mortar|retail|real) (?:stores?|"
                r"shops?)\b|\b(?:visit|come (?:in)?to|come by|drop by|stop by) (?:your|the|a) "
                r"(?:store|shop)\b|\b(?:store|shop) (?:i|we) (?:can|could) (?:visit|go to)\b|"
                r"\bpick(?:ing)? (?:\w+ ){0,2}up (?:in (?:store|person)|at (?:your|the) "
                r"(?:store|shop|warehouse))\b|\bclick (?:and|&) collect\b|\bin[- ]store\b|"
                r"\bcollect (?:\w+ ){0,2}in person\b|\bshowrooms?\b|"
                # "can I pick up my order?" ("say it another way")
                r"\b(?:(?:i|we) (?:pick ?up|collect) (?:the|an?)|(?:pick ?up|collect) (?:my|our)) "
                r"(?:order|parcel|package|purchase)s?\b|\b(?:i|we) pick (?:my |the |our )?"
                r"(?:order|parcel|package) up\b|\bself[- ]collect\w*|"
                # "do you have a store in Berlin?" (the contact policy whole, as above)
                r"\b(?:have|got|is there|are there|open) (?:a |any )?(?:stores?|shops?|"
                r"branch(?:es)?|outlets?) (?:in|near|around|close to)\b|\b(?:stores?|shops?|"
                r"branch(?:es)?) near (?:me|here|us|you)\b|\bnearest (?:store|shop|branch)\b|"
                # "can I pick it up next week?" (the shipping policy whole)
                r"\b(?:(?:can|could|may) (?:i|we)|and|then) (?:come and |come to )?(?:pick "
                r"(?:it|them|this|that) up|collect (?:it|them|this|that))\b(?! (?:from|at) "
                r"(?:the )?(?:post|parcel|pick-?up|dhl|ups|dpd))|"
                # "can I pick up there?" next
                r"\b(?:pick (?:it |them |things |stuff )?up |collect (?:it |them )?)(?:there|"
                r"from (?:you|there))\b|"
                # "can I collect it from your store?" (the ordering policy's "I can't find
                # the answer"), "where is your store?", "can I visit your warehouse?" (the
                # contact policy whole)
                r"\b(?:pick (?:\w+ ){0,2}up|collect (?:\w+ ){0,2})(?:from|at) (?:your|the) "
                r"(?:store|shop|warehouse)\b|\bwhere(?:'s| is) (?:your|the) (?:store|shop)\b(?!')|"
                r"\b(?:visit|come (?:in)?to|come by|drop by|stop by) (?:your|the) warehouse\b",
                re.I),
     "a shop to visit or collecting orders in person"),
    (re.compile(r"\bengrav\w*|\bmonogram\w*|\bembroider\w*|\bpersonali[sz](?:e|ed|ing|ation)\b"
                r"(?! (?:recommendations?|advice|suggestions?|help)\b)", re.I),
     "engraving or personalising"),
    # "how do I reset my password?" said "say it another way", twice, then a person
    (re.compile(r"\bpass ?words?\b|\b(?:log|sign) ?(?:in|on)\b|\blogin\b|\b(?:delete|close|"
                r"deactivate) (?:my|the) account\b|\bunsubscribe\b|\bnewsletters?\b|\bchange "
                r"(?:my|the) (?:e-?mail|email address|user ?name)\b", re.I),
     "accounts, signing in or newsletters"),
    # "I have a question about my invoice" got the payment policy whole, after "I can't
    # find the answer to that" (its "Klarna invoice" is a way to pay, not this)
    (re.compile(r"\b(?:copy of (?:my|the|an?|your) |send (?:me |us )?(?:my |the |an? )?|my |"
                r"company |vat |business |corrected |new )(?:invoices?|receipts?)\b|"
                r"\b(?:invoice|receipt) (?:copy|address|for (?:my|our) (?:company|business))\b",
                re.I),
     "invoices or receipts"),
    # "do you have gift cards?" got the payment policy whole, after "I can't find the
    # answer to that"; "can I buy a voucher for my friend?" said no discount codes
    (re.compile(r"\bgift ?(?:cards?|vouchers?|certificates?|coupons?)\b|\b(?:buy|give|send|get) "
                r"(?:an? |some )?vouchers?\b|\bvouchers? (?:for|as) (?:a |my |an? )?(?:gift|"
                r"present|friend|birthday)\b|\bredeem (?:a |my |the )?(?:gift|voucher|card)\w*",
                re.I),
     "gift cards or vouchers"),
    # "can I leave a review?": "say it another way" (no listing carries reviews either)
    (re.compile(r"\b(?:leave|write|post|submit|add|give|share) (?:a |an |my |some )?(?:\w+ )?"
                r"(?:reviews?|ratings?|feedback|testimonials?)\b|\brate (?:a|the|my|your) "
                r"(?:product|purchase|order|item|boots?|jacket|tent)\b", re.I),
     "customer reviews or ratings"),
    # "do you have a loyalty program?" got the contact policy whole, after "I can't find"
    (re.compile(r"\bloyalty\b|\breward (?:points?|programs?|programmes?|cards?|scheme)\b|"
                r"\brewards? (?:programs?|programmes?|club)\b|\bmembership\b|\bbonus points\b|"
                r"\bcollect (?:\w+ )?points\b", re.I),
     "a loyalty or rewards programme"),
    # "can I get my boots resoled?" got the returns policy whole, after "I can't find the
    # answer to that" (a defect to repair is still the warranty's: "repair" is no word here)
    (re.compile(r"\bre-?sol(?:e|ed|es|ing)\b|\bre-?(?:water)?proof(?:ed|ing|s)?\b", re.I),
     "resoling or reproofing"),
    # "do you sell spare poles for it?" of a tent listed trekking poles; "can I buy a
    # replacement tent pole?" listed tents ("spare layers" in a listing is no part)
    (re.compile(r"\b(?:spare|replacement) parts?\b|\b(?:spare|replacement|new) (?:tent |pole "
                r")?(?:poles?|pegs?|stakes?|guy ?lines?|straps?|buckles?|laces?|zips?|zippers?|"
                r"lids?|valves?|tips?|baskets?|batter(?:y|ies)|bands?|fly ?sheets?)\b(?! for "
                r"(?:hiking|trekking|walking|running))", re.I),
     "spare or replacement parts"),
    # "do you have an app?" (no product mentions "app"); "does the watch have an app?" is
    # the watch's
    (re.compile(r"\b(?:(?:do|does|have|got) (?:you|the shop) (?:have |got |offer )?an?|your|is "
                r"there an?) (?:mobile |phone |ios |android |iphone )?app\b|\b(?:mobile|ios|"
                r"android|iphone) app\b|\bapp store\b|\bplay store\b", re.I),
     "a mobile app"),
)


def asks_service(text: str) -> tuple[str, re.Pattern] | None:
    """The service `text` asks about ("do you gift wrap?" -> "gift wrapping") and the
    pattern that finds it; None when it names none."""
    for pattern, said in SERVICES:
        if pattern.search(text):
            return said, pattern
    return None


def policy_of(pattern: re.Pattern, topics: Mapping[str, Mapping[str, Any]]) -> str | None:
    """The first policy topic whose text mentions the service ("We gift-wrap any order
    for 3 EUR" in the ordering policy), or None."""
    return next((topic for topic, p in topics.items()
                 if pattern.search(str(p.get("text") or ""))), None)
