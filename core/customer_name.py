"""The name a customer gives in a message ("hi, my name is Tom", "I'm Anna, looking for
boots"): kept in the conversation's state, it is {customer_name} in the prompt files
where the platform gives none (a local chat, a web widget) or the customer prefers it.

Only a capitalised word after "my name is", "call me", "I'm" or "this is" counts, and after
"I'm" / "this is" only one that ends the clause: "I'm Looking for boots" or "I'm Sorry" is no
name, "I'm Anna" and "I'm Anna, size 39" are.
"""

from __future__ import annotations

import re

# words said capitalised after "I'm" that are no name
_NO_NAME = frozenset(
    "sorry fine good ok okay here back looking interested not just so very still new happy "
    "done ready confused lost trying wondering after planning going a an the also really "
    "unsure curious tired annoyed upset frustrated hoping searching shopping great perfect "
    "awesome amazing terrible ridiculous helpful useless wrong right correct nice cool "
    "german dutch french italian spanish austrian swiss english british american polish "
    "danish swedish norwegian finnish belgian irish".split())
_NAME = r"([A-Z][a-z'’-]{1,20}(?: [A-Z][a-z'’-]{1,20})?)"
# the words that say a name: plainly ("my name is", "call me"), or as "I'm" / "this is"
_SAYS, _IS = r"(?:my name(?:'s| is)|call me)", r"(?:i'?m|i am|this is)"
_SAYS_NAME = re.compile(r"\b(?i:" + _SAYS + r")\s+" + _NAME + r"\b")
_IS_ME = re.compile(r"(?:^|[,.!]\s*|\b(?:hi|hello|hey)\W+)" + _IS + r"\s+" + _NAME
                    + r"\s*(?:[,.!?;:]|$|\b(?:and|here|from)\b)", re.I)
# a greeting and the name alone: nothing asked besides ("hi, my name is Tom!")
_ONLY_NAME = re.compile(r"\W*(?:(?:hi|hello|hey|good (?:morning|afternoon|evening))\W+"
                        r"(?:there\W+)?)?(?:" + _SAYS + "|" + _IS + r")\s+"
                        r"[a-z'’-]{2,21}(?: [a-z'’-]{2,21})?(?:\s+here)?\W*", re.I)


def name_given(text: str) -> str | None:
    """The name the message gives, as written; None when it gives none."""
    if match := _SAYS_NAME.search(text):
        return match.group(1)
    match = _IS_ME.search(text)
    if not match or not match.group(1)[0].isupper():  # "i'm looking": re.I let it through
        return None
    name = match.group(1)
    return None if name.split()[0].lower() in _NO_NAME else name


def only_a_name(text: str) -> bool:
    """The message gives a name and asks nothing else ("hello, I'm Tom")."""
    return bool(name_given(text)) and bool(_ONLY_NAME.fullmatch(text.strip()))


def without_name(text: str) -> str:
    """The message without its introduction ("I'm Anna, looking for rain jackets" is
    "looking for rain jackets"); as it is when it gives no name."""
    if not (name := name_given(text)):
        return text
    rest = re.sub(r"(?i:" + _SAYS + "|" + _IS + r")\s+" + re.escape(name)
                  + r"(?:\s+here)?\s*(?:[,.!;:]+|\band\b)?\s*", "", text, count=1)
    return rest.strip() or text


# "what's my name?", "do you know my name?", "who am I?"
_ASKS_NAME = re.compile(r"\W*(?:(?:so|and|ok|hey)\W+)*(?:what(?:'s| is) my name|do you (?:know|"
                        r"remember) (?:my name|who i am)|who am i)\W*", re.I)


def asks_name(text: str) -> bool:
    """The customer asks what their name is ("what's my name?": the bot's spiel before)."""
    return bool(_ASKS_NAME.fullmatch(text))
