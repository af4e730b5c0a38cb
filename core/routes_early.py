"""What a message gets before the classifier reads it: a command, a button, a message with
no text or too much of it, emoji alone, the weather, thanks in another language, a request for
a person withdrawn, and the short replies to the bot's own last question ("yes" to a person
offered, "I don't have the number" to an order number asked for, "why not?").

A mixin of core.turns.TurnLogic, whose `say`, `escalate`, `order`, `why`, `more_like`,
catalog and escalation it uses; the first routing stage (core/turn.py).
"""

from __future__ import annotations

import re

from . import facts as F
from .customer_name import asks_name, name_given, only_a_name, without_name
from .engine import maybe_await
from .followups import (acknowledges, arrived_well, asks_why, emoji_words, never_mind,
                        no_order_number, yes_no)
from .product_names import codes_named
from .service_turns import HUMAN_BUTTON
from .turn import Done, Turn

MAX_CHARS = 4000          # longer messages are stored whole, but not parsed
# emoji that acknowledge or thank ("👍", "🙏", "❤️")
ACK = re.compile("[👍👌🙏❤♥💚💙😊🙂😀😃😄😁🥰😍🤩💯✅🙌👏]")
# emoji of anger ("😡"): a complaint with no words; of dismay ("👎", "😢"): the last answer
# missed (both got the bot's cheerful spiel about itself)
ANGRY = re.compile("[😡😠🤬😤💩]")
DISMAYED = re.compile("[👎😞😢😭😩😫🙄😒😕😟🙁☹]")
# a forecast asked for
_WEATHER = re.compile(r"\b(?:what|how)(?:'s| is| will| does)? the weather\b|"
                      r"\bweather (?:be )?like\b|\bforecast\b|"
                      r"\bwill it (?:be )?(?:rain|snow|freez)\w*|"
                      r"\b(?:what|which) temperature will it be\b|\bhow (?:cold|warm|hot) will "
                      r"it (?:be|get)\b", re.I)
# "never mind, I figured it out", "no need anymore": the person asked for is not needed
_WITHDRAWS = re.compile(
    r"\W*(?:(?:oh|ok(?:ay)?|ah|actually|no|nah|sorry|thanks|thank you|hey)\W+)*(?:never ?mind|"
    r"nvm|forget (?:it|about it)|no need(?: any ?more)?|(?:i|we) (?:don'?t|do not) need "
    r"(?:a person|anyone|someone|(?:a |any )?help|them|a human|an agent)(?: any ?more)?|"
    r"(?:i|we)(?:'ve| have)? "
    r"(?:figured|sorted|worked) it out|(?:i|we)(?:'ve| have)? (?:found|solved|fixed|sorted) it|"
    r"cancel (?:the|my) request|(?:it'?s|all) (?:sorted|good now|fine now|solved)|"
    # "ok cancel that" right after asking for a person (it asked for an order number)
    r"cancel (?:that|this)(?: request)?(?=\W*$))\b", re.I)
# thanks in the languages of the shop's countries, alone ("danke!", "merci beaucoup")
_THANKS_ABROAD = re.compile(r"\W*(?:danke(?: schön| sehr)?|vielen dank|merci(?: beaucoup)?|"
                            r"(?:hartelijk )?bedankt|dank je(?: wel)?|dank u(?: wel)?|"
                            r"gracias|muchas gracias|grazie(?: mille)?|obrigad[oa])\W*", re.I)
# hello in the languages of the shop's countries, alone ("guten tag" said no product mentions
# it; "bonjour" was "say it another way")
_HELLO_ABROAD = re.compile(r"\W*(?:hallo|guten (?:tag|morgen|abend)|servus|gr[üu](?:ß|ss) gott|"
                           r"moin|bonjour|bonsoir|salut|hoi|goedemorgen|goedemiddag|goedenavond|"
                           r"dag|hola|buenos d[ií]as|buongiorno|buonasera|ol[áa]|bom dia)\W*", re.I)
# "help", "what can you do?": what /help says (it was "say it another way", or the spiel)
_HELP = re.compile(r"\W*(?:(?:hi|hello|hey|ok|so|please)\W+)*(?:help|help me|help please|"
                   r"menu|options|commands|what can you do|what (?:can|could) you help (?:me )?"
                   r"with|what do you do|how does (?:this|it) work|how do (?:i|you) use (?:this|"
                   r"you))(?:\W+please)?\W*", re.I)
# "start over", "let's start again": what /reset does (it said goodbye)
_RESTART = re.compile(r"\W*(?:(?:ok|so|please|can we|could we|let'?s|i want to|i'd like to)\W+)*"
                      r"(?:start (?:over|again|afresh|from scratch|fresh)|restart|reset|"
                      r"(?:a )?new (?:chat|conversation|search)|clear (?:the |this )?(?:chat|"
                      r"conversation))(?:\W+please)?\W*", re.I)
# an email address or a name given to find an order by
_IDENTIFIES = re.compile(r"[\w.+-]+@[\w-]+\.\w|\bmy (?:e-?mail|name)\b|\b(?:i'?m|i am|it'?s|"
                         r"under|name is) [A-Z][a-z]+ [A-Z][a-z]+\b")


class EarlyRoutes:
    async def _at_once(self, t: Turn) -> Done | None:
        conv, state, inc = t.conv, t.state, t.inc
        if inc.kind == "unsupported":
            return [await self.say("unsupported_message")], "unsupported", 1.0
        if inc.kind == "command":
            return await self._command(conv, state, inc)
        if inc.kind == "button":
            return await self._button(conv, state, inc)
        text = inc.text.strip()
        if not text:
            return [await self.say("empty_message")], "empty", 1.0
        if len(text) > MAX_CHARS:
            return [await self.say("long_message", limit=f"{MAX_CHARS:,}")], "too_long", 1.0
        # "🥾", "need 🥾 size 44": hiking boots (small talk, or a search without them)
        text = emoji_words(text, getattr(self.catalog, "current_vocabulary", dict))
        text = codes_named(text, self.catalog.get)  # "is P1233 in stock?" (no order P-1233)
        if not re.search(r"[^\W_]", text):  # emoji, punctuation only
            if ANGRY.search(text):  # "😡😡😡": as "this is terrible" is, where complaints go
                state["last_intent"] = "complaint"  # to a person
                return [await self.escalate(conv, inc, "complaint", "unhappy") or
                        await self.say("clarify", text=inc.text)], "complaint", 1.0
            if ACK.search(text):  # "👍" after an answer (the bot's spiel about itself was no reply)
                return [await self.say("thanks")], "thanks", 1.0
            if re.search(r"[?？🤔❓]", text) or DISMAYED.search(text):
                # "???" puzzled, "👎" let down: not a miss counted, nothing was asked
                return [await self.say("clarify", text=text)], "clarify", 1.0
            return [await self.say("small_talk", text=text)], "small_talk", 1.0
        if _WEATHER.search(text) and not re.search(r"\b(?:it|they|this|that|the \w+) (?:keeps?|"
                                                   r"stays?|is|are)\b", text, re.I):
            # "will it rain tomorrow?", "what temperature will it be in Norway?": "say it
            # another way", twice, then a person; of a product ("does it keep the rain out?")
            # it is still a question of it
            return [await self.say("weather")], "small_talk", 1.0
        if _HELP.fullmatch(text):
            return [await self.say("help")], "help", 1.0
        if _RESTART.fullmatch(text):
            state.clear()
            return [await self.say("reset")], "reset", 1.0
        if _HELLO_ABROAD.fullmatch(text):
            return [await self.say("greeting")], "greeting", 1.0
        if _THANKS_ABROAD.fullmatch(text):  # "danke" got the greeting (too short to tell
            return [await self.say("thanks")], "thanks", 1.0  # the language by)
        if _WITHDRAWS.match(text) and (ticket := getattr(
                self.escalation, "open_for", lambda _: None)(conv["id"])) and \
                ticket.state == "waiting":
            # "never mind, I figured it out" while a person is yet to answer: the request
            # withdrawn and the desk told (it said a person would answer, and the ticket
            # stayed open for someone to claim)
            await maybe_await(self.escalation.withdraw(ticket.id))
            state["misses"] = 0
            # the way back ("actually yes please" next was small talk)
            return [await self.say("handoff_withdrawn", buttons=(HUMAN_BUTTON,))], \
                "handoff_withdrawn", 1.0
        if state.get("offered_human") and (answer := yes_no(text)) is not None:
            # "yes" to "press Talk to a human" on a platform without buttons, or typed anyway
            if answer:
                return [await self.escalate(conv, inc, "human_agent")], "human_agent", 1.0
            return [await self.say("human_declined")], "human_declined", 1.0
        asked_order = state.pop("asked_order", False)
        if asked_order and yes_no(text):
            # "yes" to "what's your order number?" (small talk before): the number, please
            return [await self.order(state.get("last_intent"), None, state)], \
                state.get("last_intent") or "order_status", 1.0
        if asked_order and no_order_number(text) and not re.search(r"\d{4,}", text):
            # "I don't have the number" (a clarifying question before), "it's under
            # anna@example.com" (the contact policy): where it is, else a person
            state["no_number"] = True
            return [await self.say("order_no_number", buttons=(HUMAN_BUTTON,))], \
                state.get("last_intent") or "order_status", 1.0
        if state.pop("no_number", False) and _IDENTIFIES.search(text) and not re.search(
                r"\d{4,}", text):
            # "my email is anna@example.com" right after "our team can find your order by
            # your name or email address" (the contact policy's "I can't find the answer"):
            # the person who can
            return [await self.escalate(conv, inc, "human_agent")], "human_agent", 1.0
        if only_a_name(text):
            # "hi, my name is Tom" (greeted without it), "I'm Anna" (the bot's spiel): hello
            return [await self.say("greeting", name_said=name_given(text))], "greeting", 1.0
        text = without_name(text)  # "I'm Anna, looking for rain jackets": the jackets
        if asks_name(text):  # "what's my name?": the one given or the platform's, or none
            kind = "name_known" if state.get("name") or inc.user_name else "name_unknown"
            return [await self.say(kind)], "small_talk", 1.0
        if acknowledges(text):  # "ok fine" after "it can no longer be cancelled": the spiel
            return [await self.say("acknowledged")], "small_talk", 1.0
        if arrived_well(text):  # "it arrived without any problems": it asked for an order number
            return [await self.say("arrived_well")], "thanks", 1.0
        if never_mind(text):  # "actually never mind": it got the bot's introduction of itself
            state["misses"] = 0
            return [await self.say("human_declined")], "small_talk", 1.0
        if asks_why(text) and state.get("last_intent"):
            # "why not?" after "it can no longer be cancelled" (the bot's spiel before)
            return [await self.why(state)], "why", 1.0
        t.text = text
        return None

    async def _command(self, conv, state, inc):
        command = inc.text.split()[0].lower().split("@")[0] if inc.text.strip() else "/"
        if command in ("/start", "/help"):
            return [await self.say("help")], "help", 1.0
        if command == "/reset":
            state.clear()
            return [await self.say("reset")], "reset", 1.0
        if command == "/human":
            return [await self.escalate(conv, inc, "human_agent")], "human_agent", 1.0
        return [await self.say("unknown_command", command=command)], "unknown_command", 1.0

    async def _button(self, conv, state, inc):
        action, _, arg = (inc.payload or "").partition(":")
        product = self.catalog.get(arg) if arg else None
        if action == "human":
            return [await self.escalate(conv, inc, "human_agent")], "human_agent", 1.0
        if action == "details" and product:
            state["focus"] = product["id"]
            return ([await self.say("product_answer", cards=(F.card(product),),
                                    **F.answer_facts(product, {}, "details"))],
                    "product_question", 1.0)
        if action == "more" and product:
            return [await self.more_like(state, product["id"])], "recommendation", 1.0
        return [await self.say("unknown_button")], "unknown_button", 1.0
