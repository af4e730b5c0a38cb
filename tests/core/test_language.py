"""Messages in a language the bot does not speak (core/language.py)."""

import pytest

from core.language import asked_language, foreign_language


@pytest.mark.parametrize("text, language", [
    ("Haben Sie Wanderschuhe in Größe 44?", "German"),
    ("sprechen sie deutsch", "German"),
    ("habt ihr Wanderschuhe?", "German"),  # "say it another way" in English
    ("ich suche eine Regenjacke", "German"),
    ("Bonjour, je cherche une tente pour deux personnes", "French"),
    ("Waar is mijn bestelling?", "Dutch"),
    ("¿Tienen zapatos de montaña?", "Spanish"),
    ("Ciao, avete scarpe da trekking?", "Italian"),
    # a shop's words of the language: "say it another way" before
    ("¿tienen botas de montaña?", "Spanish"), ("avete scarponi da montagna?", "Italian"),
    ("¿tienen botas?", "Spanish"),  # two words, but its "¿" is Spanish ("say it another way")
    # English, names and too little to tell
    ("do you have a tent for 2 people", None),
    ("where is my order", None),
    ("Ridgeline 44?", None),
    ("de la soul tshirt", None),      # name particles are not French
    ("van de berg brand", None),
    ("hi", None),
    ("", None),
])
def test_foreign_language(text, language):
    assert foreign_language(text) == language


@pytest.mark.parametrize("text, language", [
    ("do you speak German?", "German"), ("can we talk in french?", "French"),
    ("is there someone who speaks dutch?", "Dutch"), ("in Spanish please", "Spanish"),
    ("do you speak english?", None),  # the bot's language: no refusal
    ("can you talk me through it?", None), ("do you understand?", None),
])
def test_a_language_asked_for_in_english(text, language):
    assert asked_language(text) == language
